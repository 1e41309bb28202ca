# Lists are joined with "+" so each field's spellings stay on two readable lines.
# ruff: noqa: RUF005
"""The header spellings BenefitDesk recognises, one table for every sheet kind.

`SYNONYMS[kind][field]` lists the accepted headers for a field; the FIRST spelling is
the column name of the canonical workbook (docs/workbook.md) and is the name
used in messages. Spellings are compared after `headers.normalise`, so case, spaces,
punctuation, "&"/"and", "%"/"percent" and -ize/-ise do not matter and need no entry.
A spelling may appear under several kinds but only once within a kind (a test checks).
"""

from __future__ import annotations

_BENEFIT_REF = ["Benefit", "Benefit Code", "Benefit ID", "Benefit Ref", "Benefit Reference"]
_BENEFIT_REF += ["Benefit No", "Benefit Number", "Benefit #", "Code", "Ref", "ID"]
_INDICATOR_REF = ["Indicator", "Indicator Code", "Indicator ID", "Indicator Ref"]
_INDICATOR_REF += ["Leading Indicator", "Leading Indicator Code", "Code", "Ref", "ID"]
_UNIT = ["Unit", "Units", "UoM", "Unit of Measure", "Unit of Measurement", "Measure Unit"]
_UNIT += ["Reference Unit", "Measurement Unit", "Units of Measure"]
_BASELINE = ["Baseline", "Baseline Value", "Current", "Current Value", "Current State"]
_BASELINE += ["As-is", "As-is Value", "Current Performance", "Starting Value", "Start Value"]
_BASELINE += ["Baseline Figure", "Baseline Measure", "Baseline Position", "Starting Point"]
_BASELINE_DATE = ["Baseline Date", "Baseline As At", "Baseline Period", "Date of Baseline"]
_BASELINE_DATE += ["Baseline Measured", "Baseline Measured On", "As-is Date"]
_TARGET = ["Target", "Target Value", "To-be", "To-be Value", "Future State", "Expected Value"]
_TARGET += ["Target Performance", "Goal Value", "Target Figure", "Final Target", "End Target"]
_TARGET_DATE = ["Target Date", "Target By", "Target Achieved By", "Date to Achieve Target"]
_TARGET_DATE += ["Expected Realisation Date", "Realisation Date", "To-be Date", "Target Period"]
_TARGET_DATE += ["Expected Date", "Date Expected", "Expected By", "Target Achievement Date"]
_TARGET_DATE += ["Date Benefit Expected", "Target Realisation Date"]
_FREQUENCY = ["Frequency", "Reporting Frequency", "Measurement Frequency", "Cadence"]
_FREQUENCY += ["Reporting Cadence", "Review Frequency", "Reporting Period Type", "How Often"]
_FREQUENCY += ["Frequency of Measurement", "Periodicity", "Measurement Cycle", "Review Cycle"]
_DATA_SOURCE = ["Data Source", "Source", "Source of Data", "Measurement Source"]
_DATA_SOURCE += ["Evidence Source", "Data Owner System", "System", "Means of Verification"]
_DATA_SOURCE += ["Source of Verification", "Evidence", "Data Provider"]
_PERIOD_DATE = ["Date", "Period", "Period End", "Period Ending", "Period End Date", "Month"]
_PERIOD_DATE += ["Month End", "Month Ending", "As At", "As at Date", "Week Ending", "Quarter"]
_PERIOD_DATE += ["Reporting Date", "Reporting Period", "Measurement Date", "Measured On"]
_VALUE = ["Value", "Actual", "Actual Value", "Actuals", "Result", "Measurement"]
_VALUE += ["Measured Value", "Reading", "Amount", "Figure", "Outturn", "Actual to Date"]
_VALUE += ["Achieved", "Current Value"]
_NOTE = ["Note", "Notes", "Comment", "Comments", "Commentary", "Remarks"]
_STATUS = ["Status", "State"]

SYNONYMS: dict[str, dict[str, list[str]]] = {
    "settings": {
        "key": ["Key", "Setting", "Parameter", "Name"],
        "value": ["Value", "Setting Value"],
    },
    "people": {
        "name": ["Name", "Person", "Full Name", "Person Name", "Owner", "Stakeholder"],
        "email": ["Email", "E-mail", "Email Address", "Mail", "Work Email"],
        "role": ["Role", "Title", "Job Title", "Position", "Department"],
    },
    "projects": {
        "code": ["Code", "Project Code", "Project ID", "Project Ref", "Project Reference"]
        + ["Project No", "Project Number", "Project #", "ID", "Ref", "Reference"],
        "name": ["Name", "Project", "Project Name", "Project Title", "Title"],
        "sponsor": ["Sponsor", "Project Sponsor", "Executive Sponsor", "SRO"]
        + ["Senior Responsible Owner", "Business Sponsor"],
        "manager": ["Manager", "Project Manager", "PM", "Delivery Manager", "Project Lead"],
        "status": ["Status", "Project Status", "Stage", "Lifecycle Stage"],
        "approval_date": ["Approval Date", "Approved", "Approved On", "Date Approved"]
        + ["Business Case Approved", "Business Case Approval Date"],
        "planned_go_live": ["Planned Go-Live", "Planned Go-Live Date", "Go-Live", "Go-Live Date"]
        + ["Target Go-Live", "Planned Live Date", "Planned Implementation Date"]
        + ["Planned Completion", "Planned Completion Date", "Planned End Date"],
        "actual_go_live": ["Actual Go-Live", "Actual Go-Live Date", "Went Live"]
        + ["Actual Live Date", "Actual Implementation Date"],
        "budget": ["Budget", "Investment", "Approved Budget", "Project Budget"]
        + ["Total Investment", "Budget Approved", "Total Budget", "Planned Cost"]
        + ["Estimated Cost", "Cost Estimate", "Whole Life Cost", "Capital Cost"],
        "actual_cost": ["Actual Cost", "Actual Spend", "Spend to Date", "Cost to Date"]
        + ["Actual Costs", "Spend"],
        "percent_complete": ["Percent Complete", "% Complete", "Complete %", "% Done"]
        + ["Progress", "Progress %", "Completion"],
        "delivery_rag": ["Delivery RAG", "RAG", "RAG Status", "Delivery Status", "Overall RAG"],
    },
    "benefits": {
        "code": ["Code", "Benefit Code", "Benefit ID", "Benefit Ref", "Benefit Reference"]
        + ["Benefit No", "Benefit Number", "Benefit #", "ID", "Ref", "Reference", "Ref No"]
        + ["Item ID", "Item Ref", "KPI ID", "KPI Code", "KPI Ref", "Identifier", "Unique ID"]
        + ["Benefit Identifier", "Measure ID", "Metric ID"],
        "title": ["Title", "Benefit", "Benefit Title", "Benefit Name", "Name"]
        + ["Benefit Summary", "Summary", "Benefit Item", "Benefits Item", "Benefit Statement"]
        + ["KPI Title", "Title of Benefit", "Benefit Title Short"],
        "project": ["Project", "Project Code", "Project ID", "Project Ref", "Project Name"]
        + ["Enabling Project", "Programme / Project", "Programme", "Initiative", "Investment"]
        + ["Project Title", "Delivering Project"],
        "objective": ["Objective", "Strategic Objective", "Strategic Goal", "Strategic Aim"]
        + ["Strategic Priority", "Corporate Objective", "Goal", "Strategic Fit"]
        + ["Strategic Theme", "Outcome Area", "Pillar", "Key Result Area", "Objective ID"],
        "kind": ["Kind", "Type", "Benefit Type", "Benefit or Dis-benefit"],
        "category": ["Category", "Benefit Category", "Benefit Area", "Benefit Class"]
        + ["Benefits Category", "Benefit Group", "Theme", "Benefit Theme"],
        "classification": ["Classification", "Benefit Classification", "Cash Releasing"]
        + ["Cash / Non-cash", "Financial Classification", "Cashable"],
        "description": ["Description", "Benefit Description", "Details", "Detail", "Narrative"]
        + ["Definition", "Rationale", "Justification", "Reasoning", "Benefit Detail"],
        "measure": ["Measure", "KPI", "Metric", "Measure Name", "KPI Name", "Metric Name"]
        + ["Measurement Method", "How Measured", "Indicator", "Indicator Name", "KPI Description"]
        + ["Performance Indicator", "Key Performance Indicator", "Success Measure"],
        "unit": _UNIT,
        "baseline": _BASELINE,
        "baseline_date": _BASELINE_DATE,
        "target": _TARGET,
        "target_date": _TARGET_DATE,
        "tolerance": ["Tolerance", "Tolerance Band", "Maintain Tolerance", "Band", "Plus Or Minus"],
        "realisation_start": ["Realisation Start", "Realisation Start Date", "Benefits Start"]
        + ["Start Date", "Realisation From", "Start of Realisation", "Benefit Start Date"],
        "tracking_end": ["Tracking End", "Tracking End Date", "End Date", "Track Until"]
        + ["Tracking Until", "Realisation End", "Realisation End Date"],
        "owner": ["Owner", "Benefit Owner", "Accountable", "Accountable Owner"]
        + ["Responsible Owner", "Business Owner", "Owner Name", "Benefit Lead", "Benefit Holder"]
        + ["Responsible Officer", "Lead Officer", "Accountable Officer", "Responsible Person"]
        + ["Responsible Department", "Responsible", "Responsible Party", "Accountable Person"]
        + ["Owner Department", "Lead"],
        "data_source": _DATA_SOURCE,
        "frequency": _FREQUENCY,
        "financial_value": ["Financial Value", "Value", "Benefit Value", "Financial Benefit"]
        + ["Cash Value", "Total Value", "Monetary Value", "Total Benefit", "Annual Benefit"]
        + ["Annual Value", "Full Year Value", "Full Year Effect", "Baseline Benefit"]
        + ["Baselined Benefit", "Total Baseline Benefit", "Benefit Amount", "Annual Saving"]
        + ["Savings", "Cash Benefit", "Net Benefit", "Expected Benefit Value"],
        "confidence": ["Confidence", "Confidence Level", "Certainty", "Likelihood"],
        "status": ["Status", "Benefit Status", "Lifecycle Status", "State"],
        "defined_on": ["Defined On", "Date Defined", "Identified On", "Date Identified"]
        + ["Date Raised", "Created", "Created On", "Date Added"],
        "sustainment": ["Sustainment", "Sustainment Strategy", "Sustainment Plan"]
        + ["Sustain Plan", "How Sustained"],
        "notes": ["Notes", "Note", "Comments", "Comment", "Remarks"],
    },
    "plan": {
        "benefit": _BENEFIT_REF,
        "version": ["Version", "Plan Version", "Baseline Version", "Revision", "Rev"],
        "date": _PERIOD_DATE,
        "planned_value": ["Planned Value", "Plan", "Planned", "Plan Value", "Target", "Profile"]
        + ["Profiled Value", "Forecast Plan"],
        "reason": ["Reason", "Rebaseline Reason", "Re-baseline Reason", "Change Reason"]
        + ["Comment", "Comments"],
    },
    "measurements": {
        "benefit": _BENEFIT_REF,
        "date": _PERIOD_DATE,
        "value": _VALUE,
        "source": ["Source", "Data Source", "Source System"],
        "note": _NOTE,
    },
    "indicators": {
        "code": ["Code", "Indicator Code", "Indicator ID", "Indicator Ref", "ID", "Ref"]
        + ["Leading Indicator Code"],
        "benefit": ["Benefit", "Benefit Code", "Benefit ID", "Benefit Ref", "Linked Benefit"],
        "name": ["Name", "Indicator", "Indicator Name", "Leading Indicator", "KPI", "Metric"]
        + ["Measure", "Title"],
        "unit": _UNIT,
        "baseline": _BASELINE,
        "baseline_date": _BASELINE_DATE,
        "target": _TARGET,
        "target_date": _TARGET_DATE,
        "frequency": _FREQUENCY,
        "data_source": _DATA_SOURCE,
    },
    "indicator_measurements": {
        "indicator": _INDICATOR_REF,
        "date": _PERIOD_DATE,
        "value": _VALUE,
        "source": ["Source", "Data Source", "Source System"],
        "note": _NOTE,
    },
    "variance_notes": {
        "benefit": _BENEFIT_REF,
        "period": ["Period", "Date", "Period End", "Month", "As At", "Reporting Period"],
        "cause": ["Cause", "Variance Cause", "Root Cause", "Reason", "Driver", "Category"],
        "explanation": ["Explanation", "Variance Explanation", "Commentary", "Comment"]
        + ["Narrative", "Details", "Notes"],
    },
    "actions": {
        "benefit": _BENEFIT_REF,
        "title": ["Title", "Action", "Corrective Action", "Action Title", "Description"]
        + ["Action Description", "Recovery Action"],
        "owner": ["Owner", "Action Owner", "Assigned To", "Responsible", "Who"],
        "due_date": ["Due Date", "Due", "Due By", "Deadline", "By When", "Target Date"],
        "done_date": ["Done Date", "Completed", "Completed On", "Date Completed"]
        + ["Completion Date", "Closed On", "Date Closed"],
        "status": ["Status", "Action Status", "State", "Progress"],
        "outcome": ["Outcome", "Result", "Resolution", "Update", "Progress Update"],
    },
    "activities": {
        "benefit": _BENEFIT_REF,
        "title": ["Title", "Activity", "Milestone", "Activity Title", "Enabler", "Description"],
        "kind": ["Kind", "Type", "Activity Type", "Milestone Type"],
        "owner": ["Owner", "Activity Owner", "Assigned To", "Responsible", "Who"],
        "due_date": ["Due Date", "Due", "Planned Date", "Target Date", "Deadline", "Due By"],
        "done_date": ["Done Date", "Completed", "Completed On", "Date Completed"]
        + ["Completion Date", "Actual Date", "Done"],
        "status": ["Status", "Activity Status", "State"],
    },
    # The RACI roles people hold on a benefit (the canonical workbook's last sheet).
    "stakeholders": {
        "benefit": _BENEFIT_REF,
        "person": ["Person", "Name", "Stakeholder", "Stakeholder Name", "Who"],
        "role": ["Role", "RACI", "RACI Role", "Responsibility"],
    },
}

# Columns an import cannot do without, per kind. The first one is the row's key (for
# benefits and projects, the code is generated when no column gives it: see GENERATED).
REQUIRED: dict[str, tuple[str, ...]] = {
    "settings": ("key", "value"),
    "people": ("name",),
    "projects": ("name",),
    "benefits": ("title",),
    "plan": ("benefit", "date", "planned_value"),
    "measurements": ("benefit", "date", "value"),
    "indicators": ("code", "benefit", "name"),
    "indicator_measurements": ("indicator", "date", "value"),
    "variance_notes": ("benefit", "period", "cause"),
    "actions": ("benefit", "title"),
    "activities": ("benefit", "title"),
    "stakeholders": ("benefit", "person", "role"),
}

# Columns whose absence is worth a warning: the import works, but leaves gaps that the
# definition checks will then report on every benefit.
RECOMMENDED: dict[str, tuple[str, ...]] = {
    "benefits": ("owner", "baseline", "target", "frequency"),
    "indicators": ("baseline", "target"),
    "actions": ("owner", "due_date"),
}

# Sheet names that say which kind a sheet holds (first: the canonical workbook's name).
SHEET_NAMES: dict[str, list[str]] = {
    "settings": ["Settings", "Portfolio Settings", "Portfolio"],
    "people": ["People", "Persons", "Owners", "Contacts"],
    "projects": ["Projects", "Project Register", "Project List", "Projects Register"],
    "benefits": ["Benefits", "Benefit Register", "Benefits Register", "Register"]
    + ["Benefit Profiles", "Benefits Log"],
    "plan": ["Plan", "Plans", "Realisation Plan", "Benefit Profile", "Profile", "Trajectory"],
    "measurements": ["Measurements", "Actuals", "Measures", "Tracking", "Benefit Tracking"]
    + ["Measurement Log", "Data"],
    "indicators": ["Indicators", "Leading Indicators", "KPIs"],
    "indicator_measurements": ["Indicator Measurements", "Indicator Actuals"]
    + ["Leading Indicator Measurements", "Indicator Data"],
    "variance_notes": ["Variance Notes", "Variances", "Variance", "Variance Log"],
    "actions": ["Actions", "Corrective Actions", "Action Log", "Recovery Actions"],
    "activities": ["Activities", "Milestones", "Realisation Activities", "Enablers"],
    "stakeholders": ["Stakeholders", "RACI", "Stakeholder Roles", "Benefit Stakeholders"],
}

# A header row of these kinds needs one of these columns (default: the first required).
KEYS: dict[str, tuple[str, ...]] = {
    "projects": ("code", "name"),
    "benefits": ("code", "title", "measure", "description"),
}

# Fields made up when no column gives them: codes continuing the portfolio's numbering.
GENERATED: dict[str, str] = {"projects": "code", "benefits": "code"}

# Where a required field comes from when no column gives it: the first of these fields
# that has a column (a KPI register's "kpi_name" is also its titles).
FALLBACKS: dict[tuple[str, str], tuple[str, ...]] = {
    ("benefits", "title"): ("measure", "description"),
    ("projects", "name"): ("code",),
}

# A sheet is taken for a register of these kinds only with one of these columns: a
# list of codes and names with prices is not a benefits register.
EVIDENCE: dict[str, tuple[str, ...]] = {
    "benefits": ("baseline", "target", "target_date", "financial_value", "owner", "measure")
    + ("frequency", "data_source"),
    "projects": ("sponsor", "manager", "status", "approval_date", "planned_go_live")
    + ("actual_go_live", "budget", "actual_cost", "percent_complete", "delivery_rag"),
    "indicators": ("baseline", "target", "unit", "frequency", "target_date"),
}
