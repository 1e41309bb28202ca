"""The demo portfolio's cast: Northwind Group's people, projects and benefits.

Kept apart from the generator (``demo.py``) so the story can be read, and edited, as a
story. Times are offsets, never dates, so the demo always looks current:

* month offsets count from the last month end before *today* (``0`` = that month end,
  ``-21`` = 21 month ends earlier); projects go live on the first day of their month;
* day offsets (actions, activities) count from *today*.

Each benefit's measurements follow its plan plus a *gap*: the favourable variance, in
percent of the committed improvement, at dated knots (linear in between, flat outside),
plus seeded noise. The gap is the quantity the status rules read (on track ≥ −10,
at risk ≥ −25, off track below), so the intended status of each benefit can be read off
its last knot.
"""

from __future__ import annotations

from dataclasses import dataclass

from benefitdesk.model import (
    ActionStatus,
    ActivityKind,
    BenefitKind,
    Category,
    Classification,
    Confidence,
    Frequency,
    Lifecycle,
    MeasurementSource,
    ProjectStatus,
    Raci,
    Rag,
    VarianceCause,
)

Knots = tuple[tuple[float, float], ...]
MonthPlan = tuple[tuple[int, float], ...]  # (month offset, planned value)

ORGANISATION = "Northwind Group"
CURRENCY = "GBP"
EMAIL_DOMAIN = "northwind.example"
PMO_LEAD = "Emma Lawson"  # runs the monthly imports and syncs

#: (name, role). E-mail addresses and user names are derived from the name.
PEOPLE: tuple[tuple[str, str], ...] = (
    ("Margaret Ellis", "Chief Commercial Officer"),
    ("Alice Chen", "Sales Director"),
    ("Tom Hughes", "IT Programme Manager"),
    ("Sophie Turner", "Sales Operations Analyst"),
    ("Richard Okafor", "Chief Financial Officer"),
    ("Helen Carter", "Head of Finance Operations"),
    ("Priya Nair", "Finance Systems Project Manager"),
    ("Kofi Mensah", "Finance Business Partner"),
    ("Sarah Whitfield", "HR Director"),
    ("Daniel Brooks", "HR Transformation Project Manager"),
    ("Fiona Grant", "Head of Talent Acquisition"),
    ("Anil Mehta", "Medical Director, St Aidan's Hospital"),
    ("Grace Adeyemi", "Head of Nursing, St Aidan's Hospital"),
    ("Laura Bennett", "EPR Programme Manager"),
    ("Mark Sullivan", "Nursing Workforce Manager"),
    ("Lucy Evans", "Clinical Systems Trainer"),
    ("James Whitaker", "Chief Operating Officer"),
    ("Owen Price", "Director of Estates and Facilities"),
    ("Nadia Hussain", "Sustainability Manager"),
    ("Ben Clarke", "Head of Customer Service"),
    ("Chloe Martin", "Digital Delivery Manager"),
    ("Ravi Patel", "Fleet Manager"),
    ("Emma Lawson", "PMO Lead"),
)


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    code: str
    name: str
    sponsor: str
    manager: str
    status: ProjectStatus
    approval: int | None  # month offset; approved on the 18th of that month
    planned_go_live: int | None  # month offset; first day of that month
    actual_go_live: int | None
    budget: float
    actual_cost: float | None
    percent_complete: float
    rag: Rag | None


# The tables below are laid out by hand, one record to a few lines, so a reader can scan
# them as a table; the formatter would put every field on its own line.
# fmt: off
PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec("P-100", "CRM rollout", "Margaret Ellis", "Tom Hughes", ProjectStatus.LIVE,
                -31, -22, -21, 1_250_000, 1_318_600, 100, Rag.AMBER),
    ProjectSpec("P-200", "Accounts payable automation", "Richard Okafor", "Priya Nair",
                ProjectStatus.LIVE, -30, -20, -20, 480_000, 452_300, 100, Rag.GREEN),
    ProjectSpec("P-300", "HR self-service and hybrid working", "Sarah Whitfield",
                "Daniel Brooks", ProjectStatus.LIVE, -16, -9, -7, 350_000, 391_200, 100,
                Rag.AMBER),
    ProjectSpec("P-400", "Digital patient record (St Aidan's Hospital)", "Anil Mehta",
                "Laura Bennett", ProjectStatus.LIVE, -30, -20, -16, 3_400_000, 3_912_500, 100,
                Rag.RED),
    ProjectSpec("P-500", "Renewable energy: rooftop solar and green tariff", "James Whitaker",
                "Nadia Hussain", ProjectStatus.CLOSED, -35, -26, -26, 2_600_000, 2_478_000,
                100, Rag.GREEN),
    ProjectSpec("P-600", "Customer self-service portal", "Margaret Ellis", "Chloe Martin",
                ProjectStatus.IN_DELIVERY, -8, 4, None, 720_000, 455_400, 65, Rag.AMBER),
    ProjectSpec("P-700", "Fleet telematics", "James Whitaker", "Tom Hughes",
                ProjectStatus.PROPOSED, None, 10, None, 260_000, None, 0, None),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class BenefitSpec:
    code: str
    project: str | None
    title: str
    description: str
    kind: BenefitKind
    category: Category
    classification: Classification | None
    measure: str
    unit: str | None
    baseline: float
    target: float
    baseline_at: int  # month offset
    target_at: int  # month offset (snapped to the end of the reporting period)
    owner: str | None
    data_source: str | None
    frequency: Frequency
    financial_value: float | None
    confidence: Confidence
    lifecycle: Lifecycle
    defined: int  # days after the project's approval (negative: before, as it should be)
    objective: str
    plan: str = "default"  # default | s-curve | custom | rebaselined
    gaps: Knots = ((0.0, 0.0),)
    noise: float = 2.0  # standard deviation of the gap noise, percentage points
    decimals: int = 1
    source: MeasurementSource = MeasurementSource.MANUAL
    measured: tuple[int, int] | None = None  # first and last month offset; None: no data
    realisation_start: int | None = None  # explicit start: first day of that month
    tracking_end: int | None = None
    custom_plan: MonthPlan = ()  # for plan="custom"
    sustainment: str | None = None
    notes: str | None = None
    team: tuple[tuple[str, Raci], ...] = ()  # besides the owner, who is accountable


#: Why B-014's plan was re-baselined (v1 followed the planned go-live).
REBASELINE_REASON = (
    "Go-live moved four months (EPR–pathology interface failed integration testing); "
    "ward roll-out phased in three waves. Plan shifted to the actual go-live; "
    "target unchanged, target date moved six months. Approved by the EPR programme board."
)
REBASELINE_DECIDED_AT = -18  # month offset of the programme board decision

R, C, INF = Raci.RESPONSIBLE, Raci.CONSULTED, Raci.INFORMED  # owners are accountable
_SALES = (("Sophie Turner", R), ("Margaret Ellis", INF), ("Emma Lawson", INF))
_AP = (("Priya Nair", R), ("Kofi Mensah", C), ("Richard Okafor", INF))
_WARDS = (("Lucy Evans", R), ("Laura Bennett", C), ("Anil Mehta", INF))
_ESTATES = (("Nadia Hussain", R), ("Kofi Mensah", C), ("James Whitaker", INF))
MANUAL, IMPORT, SYNC = MeasurementSource.MANUAL, MeasurementSource.IMPORT, MeasurementSource.SYNC
BEN, DIS = BenefitKind.BENEFIT, BenefitKind.DIS_BENEFIT
CASH, NON_CASH = Classification.CASH_RELEASING, Classification.NON_CASH_RELEASING
SOCIETAL = Classification.SOCIETAL
MONTHLY = Frequency.MONTHLY

# fmt: off
BENEFITS: tuple[BenefitSpec, ...] = (
    BenefitSpec(
        "B-001", "P-100", "Lead-to-opportunity conversion rate",
        "Reps qualify leads in the CRM with shared scoring, so more leads become real "
        "opportunities.", BEN, Category.REVENUE, None, "Conversion rate", "%",
        18.0, 24.0, -32, 9, "Alice Chen", "CRM opportunity report (nightly)", MONTHLY, None,
        Confidence.MEDIUM, Lifecycle.TRACKING, -40, "Grow revenue 8 % a year", plan="s-curve",
        gaps=((-21, 0), (-12, 4), (0, 3)), noise=2.5, source=SYNC, measured=(-24, 0),
        team=_SALES, sustainment="Conversion reviewed in the monthly sales forecast meeting.",
        notes="No financial value: the revenue is counted once, in B-002."),
    BenefitSpec(
        "B-002", "P-100", "Revenue per sales rep",
        "Better pipeline visibility and fewer lost follow-ups lift revenue per rep.",
        BEN, Category.REVENUE, CASH, "Revenue per rep", "£k per month", 62.0, 74.0, -32, 9,
        "Alice Chen", "Sales ledger by rep (monthly close)", MONTHLY, 1_800_000,
        Confidence.MEDIUM, Lifecycle.TRACKING, -40, "Grow revenue 8 % a year",
        gaps=((-21, 0), (-10, -2), (0, -17)), noise=3.0, source=IMPORT, measured=(-24, 0),
        team=(*_SALES, ("Kofi Mensah", C))),
    BenefitSpec(
        "B-003", "P-100", "CRM licence and support cost",
        "Accepted dis-benefit: subscription and support cost of the new CRM while the old "
        "contact database is retired.", DIS, Category.COST_SAVING, CASH,
        "Licence and support cost", "£ per month", 0.0, 9_500.0, -32, -19, "Alice Chen",
        "Finance ledger, cost centre 4410", MONTHLY, 114_000, Confidence.HIGH,
        Lifecycle.TRACKING, -40, "Grow revenue 8 % a year", plan="custom",
        custom_plan=((-21, 4_000), (-20, 8_000), (-19, 9_500)),
        gaps=((-21, 3), (-9, 3), (-8, -7), (0, -7)), noise=0.4, decimals=0, source=IMPORT,
        measured=(-21, 0), team=(("Kofi Mensah", R), ("Tom Hughes", C))),
    BenefitSpec(
        "B-004", "P-100", "Cross-sell revenue through the partner portal",
        "Partners register deals in a CRM partner portal and cross-sell service contracts.",
        BEN, Category.REVENUE, CASH, "Partner-sourced revenue", "£k per quarter", 0.0, 250.0,
        -32, 6, "Alice Chen", "Partner portal deal register", Frequency.QUARTERLY, 1_000_000,
        Confidence.LOW, Lifecycle.CANCELLED, -40, "Grow revenue 8 % a year",
        notes="Cancelled: the partner portal was descoped from the CRM rollout "
        "(change request CR-014). Kept for the record; counts in no total."),
    BenefitSpec(
        "B-005", "P-200", "Cost per invoice processed",
        "Invoices are captured, matched and approved automatically instead of keyed by hand.",
        BEN, Category.COST_SAVING, CASH, "Cost per invoice", "£", 7.80, 3.20, -31, 1,
        "Helen Carter", "ERP accounts payable statistics", MONTHLY, 552_000, Confidence.HIGH,
        Lifecycle.REALISED, -35, "Cut finance operating cost 20 %",
        gaps=((-20, 0), (-10, 6), (0, 10)), noise=2.0, decimals=2, source=SYNC,
        measured=(-23, 0), team=_AP, sustainment="Cost per invoice stays on the finance "
        "operations scorecard; touchless rate reviewed quarterly."),
    BenefitSpec(
        "B-006", "P-200", "Finance operations hours released",
        "Hours no longer spent keying and chasing invoices, redeployed to credit control.",
        BEN, Category.PRODUCTIVITY, NON_CASH, "Hours released", "hours per month", 0.0, 880.0,
        -31, 4, "Helen Carter", "Timesheet system, finance operations", MONTHLY, 198_000,
        Confidence.MEDIUM, Lifecycle.TRACKING, -35, "Cut finance operating cost 20 %",
        gaps=((-20, 0), (0, 2)), noise=2.5, decimals=0, source=IMPORT, measured=(-23, 0),
        team=_AP),
    BenefitSpec(
        "B-007", "P-200", "Early-payment discounts captured",
        "Faster approval lets us pay within suppliers' discount windows.",
        BEN, Category.COST_SAVING, CASH, "Discounts captured", "£ per month", 1_500.0, 7_000.0,
        -31, 6, "Helen Carter", "ERP accounts payable statistics", MONTHLY, 66_000,
        Confidence.MEDIUM, Lifecycle.TRACKING, -35, "Cut finance operating cost 20 %",
        gaps=((-20, 0), (-6, 18), (0, -4)), noise=1.2, decimals=0, source=SYNC,
        measured=(-23, 0), team=_AP),
    BenefitSpec(
        "B-008", "P-200", "Paper, print and postage costs",
        "Remittances and invoices go electronic; print room and postage costs fall.",
        BEN, Category.COST_SAVING, CASH, "Print and postage spend", "£ per month", 3_800.0,
        900.0, -31, -8, "Helen Carter", "Finance ledger, cost centre 2150", MONTHLY, 34_800,
        Confidence.HIGH, Lifecycle.CLOSED, -35, "Cut finance operating cost 20 %",
        gaps=((-20, 0), (-14, 6), (-6, 6)), noise=2.5, decimals=0, source=IMPORT,
        measured=(-23, -6), tracking_end=-6, team=_AP,
        sustainment="E-invoicing is mandatory in the supplier terms since the go-live.",
        notes="Closed after six months at target; print room contract reduced."),
    BenefitSpec(
        "B-009", "P-200", "Invoice approval cycle time",
        "Workflow routes invoices to approvers the day they arrive.",
        BEN, Category.PRODUCTIVITY, NON_CASH, "Average cycle time", "days", 11.0, 4.0, -31, 2,
        "Helen Carter", "ERP workflow log", Frequency.WEEKLY, None, Confidence.HIGH,
        Lifecycle.TRACKING, -35, "Pay suppliers on time", gaps=((-20, 0), (0, 2)), noise=1.0,
        source=SYNC, measured=(-20, 0), team=_AP),
    BenefitSpec(
        "B-010", "P-300", "HR administration hours",
        "Employees update their own records and book absence in self-service.",
        BEN, Category.PRODUCTIVITY, NON_CASH, "HR admin hours per 100 employees",
        "hours per month", 120.0, 70.0, -17, 5, "Daniel Brooks", "HR case management system",
        MONTHLY, 84_000, Confidence.MEDIUM, Lifecycle.TRACKING, -20, "Be a great place to work",
        gaps=((-7, 0), (0, 3)), noise=2.0, decimals=0, measured=(-7, 0),
        team=(("Sarah Whitfield", INF),)),
    BenefitSpec(
        "B-011", "P-300", "Employee engagement index",
        "Hybrid working and simpler HR processes raise engagement.",
        BEN, Category.STRATEGIC, None, "Engagement index", "index points", 64.0, 72.0, -17, 14,
        "Sarah Whitfield", None, Frequency.QUARTERLY, None, Confidence.LOW, Lifecycle.TRACKING,
        75, "Be a great place to work", realisation_start=-1,
        notes="First pulse survey results due at the end of the quarter."),
    BenefitSpec(
        "B-012", "P-300", "Time to hire",
        "A new applicant tracking system shortens the path from vacancy to signed offer.",
        BEN, Category.PRODUCTIVITY, NON_CASH, "Average time to hire", "days", 48.0, 35.0, -17,
        5, "Fiona Grant", "Applicant tracking system export", MONTHLY, 120_000,
        Confidence.MEDIUM, Lifecycle.TRACKING, 12, "Be a great place to work",
        gaps=((-7, 0), (-4, -15), (0, -38)), noise=2.5, source=IMPORT, measured=(-7, 0),
        team=(("Daniel Brooks", R),)),
    BenefitSpec(
        "B-013", "P-400", "Documentation errors",
        "Electronic charts remove transcription and illegibility errors from paper notes.",
        BEN, Category.QUALITY, SOCIETAL, "Documentation errors per 1,000 patient days",
        "errors", 14.0, 4.0, -31, 8, "Grace Adeyemi", "Datix incident reporting export",
        MONTHLY, None, Confidence.MEDIUM, Lifecycle.TRACKING, -30, "Safe, high-quality care",
        plan="s-curve", gaps=((-16, 0), (-10, -12), (0, -35)), noise=2.5, source=IMPORT,
        measured=(-19, 0), team=_WARDS),
    BenefitSpec(
        "B-014", "P-400", "Nurse administration time",
        "Nurses spend less of each shift on paperwork and more with patients.",
        BEN, Category.PRODUCTIVITY, NON_CASH, "Admin time per nursing shift", "minutes", 95.0,
        60.0, -31, 8, "Grace Adeyemi", "Monthly time-and-motion sample (ward managers)",
        MONTHLY, 640_000, Confidence.MEDIUM, Lifecycle.TRACKING, -30, "Safe, high-quality care",
        plan="rebaselined", gaps=((-16, 0), (0, 3)), noise=2.5, measured=(-19, 0),
        team=_WARDS),
    BenefitSpec(
        "B-015", "P-400", "Agency nursing spend",
        "Time released and better rostering reduce agency shifts.",
        BEN, Category.COST_SAVING, CASH, "Agency nursing spend", "£k per month", 210.0, 150.0,
        -31, 6, "Mark Sullivan", "Healthroster agency report", MONTHLY, 720_000,
        Confidence.MEDIUM, Lifecycle.TRACKING, -30, "Safe, high-quality care",
        gaps=((-16, 0), (-4, 5)), noise=1.5, measured=(-22, -4),
        team=(("Grace Adeyemi", C), ("Kofi Mensah", C))),
    BenefitSpec(
        "B-016", "P-500", "Electricity cost",
        "On-site solar and a green tariff cut the electricity bill of the group's sites.",
        BEN, Category.COST_SAVING, CASH, "Electricity cost", "£k per quarter", 410.0, 300.0,
        -36, 4, "Owen Price", "Supplier bills (quarterly)", Frequency.QUARTERLY, 440_000,
        Confidence.MEDIUM, Lifecycle.TRACKING, -20, "Net zero by 2035",
        gaps=((-26, 0), (-15, 3), (-9, -8), (0, -17)), noise=2.0, source=IMPORT,
        measured=(-35, 0), team=_ESTATES),
    BenefitSpec(
        "B-017", "P-500", "Carbon emissions (scope 2)",
        "Less grid electricity means fewer tonnes of CO2e for the group.",
        BEN, Category.RISK_COMPLIANCE, SOCIETAL, "Scope 2 emissions", "tCO2e per year",
        5_200.0, 3_400.0, -36, 22, "Owen Price", "Annual SECR carbon report", Frequency.YEARLY,
        None, Confidence.HIGH, Lifecycle.TRACKING, -20, "Net zero by 2035",
        gaps=((-26, 0), (0, 4)), noise=2.0, decimals=0, measured=(-26, 0), team=_ESTATES),
    BenefitSpec(
        "B-018", "P-600", "Contact-centre call volume",
        "Customers track orders and change bookings online instead of calling.",
        BEN, Category.COST_SAVING, CASH, "Inbound calls", "calls per month", 42_000.0,
        30_000.0, -9, 16, "Ben Clarke", "Telephony platform statistics", MONTHLY, 380_000,
        Confidence.MEDIUM, Lifecycle.APPROVED, -10, "Delight our customers",
        team=(("Chloe Martin", R),)),
    BenefitSpec(
        "B-019", "P-600", "Customer satisfaction",
        "Self-service answers simple questions at any hour.",
        BEN, Category.CUSTOMER, None, "CSAT", "%", 72.0, 82.0, -9, 16, None,
        "Customer survey platform", Frequency.HALF_YEARLY, None, Confidence.LOW,
        Lifecycle.DRAFT, 20, "Delight our customers",
        notes="Owner to be agreed between Customer Service and Marketing."),
    BenefitSpec(
        "B-020", "P-700", "Fuel spend per vehicle",
        "Telematics coaching reduces harsh driving and idling.",
        BEN, Category.COST_SAVING, CASH, "Fuel spend per vehicle", None, 410.0, 350.0, -2, 22,
        "Ravi Patel", None, MONTHLY, 180_000, Confidence.LOW, Lifecycle.DRAFT, 0,
        "Cut operating cost"),
)
# fmt: on


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    code: str
    benefit: str
    name: str
    unit: str
    baseline: float
    target: float
    baseline_at: int  # month offset of the baseline date (usually the go-live month)
    target_at: int
    data_source: str
    gaps: Knots = ((0.0, 0.0),)
    noise: float = 2.0
    decimals: int = 1
    source: MeasurementSource = MeasurementSource.SYNC
    measured: tuple[int, int] | None = None


# fmt: off
INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec("I-001", "B-001", "Weekly active CRM users", "% of reps", 0, 90, -21, -12,
                  "CRM login audit", gaps=((-21, 0), (-15, -8), (-12, 0), (0, -2)),
                  measured=(-21, 0)),
    IndicatorSpec("I-002", "B-001", "Pipeline created", "£k per month", 2_400, 3_300, -21, 9,
                  "CRM opportunity report (nightly)", gaps=((-21, 0), (0, 3)), noise=2.5,
                  decimals=0, measured=(-21, 0)),
    IndicatorSpec("I-003", "B-002", "Average deal cycle time", "days", 68, 55, -21, 3,
                  "CRM opportunity report (nightly)", gaps=((-21, 0), (0, -4)), noise=2.5,
                  measured=(-21, 0)),
    IndicatorSpec("I-004", "B-005", "Touchless invoices", "% of invoices", 12, 75, -20, -5,
                  "ERP accounts payable statistics", gaps=((-20, 0), (-10, 8), (0, 4)),
                  measured=(-20, 0)),
    IndicatorSpec("I-005", "B-006", "Invoice exception rate", "% of invoices", 18, 5, -20, 4,
                  "ERP accounts payable statistics",
                  gaps=((-20, 0), (-10, 8), (-6, 0), (0, -38)), measured=(-20, 0)),
    IndicatorSpec("I-006", "B-006", "Manual keying hours", "hours per month", 1_400, 400, -20,
                  4, "Timesheet system, finance operations", gaps=((-20, 0), (0, 2)),
                  decimals=0, source=IMPORT, measured=(-20, 0)),
    IndicatorSpec("I-007", "B-013", "Nursing notes entered digitally", "% of notes", 0, 95,
                  -16, -4, "EPR audit report", gaps=((-16, 0), (-8, -10), (0, -18)),
                  measured=(-16, 0)),
    IndicatorSpec("I-008", "B-014", "Nursing staff trained on the EPR", "% of staff", 0, 100,
                  -16, -10, "Learning management system", gaps=((-16, 5), (-10, -3), (0, -3)),
                  noise=0.8, source=IMPORT, measured=(-16, 0)),
    IndicatorSpec("I-009", "B-018", "Portal registrations", "accounts", 0, 60_000, 4, 10,
                  "Portal analytics"),
    IndicatorSpec("I-010", "B-016", "Solar generation", "MWh per month", 0, 260, -26, -20,
                  "Inverter monitoring portal", gaps=((-26, 0), (0, 2)), decimals=0,
                  measured=(-26, 0)),
)
# fmt: on

# fmt: off
#: (benefit, month offset of the period, cause, explanation): every cause appears.
VARIANCE_NOTES: tuple[tuple[str, int, VarianceCause, str], ...] = (
    ("B-002", -6, VarianceCause.MARKET_PRICING,
     "Two competitors cut list prices about 8 % in spring; average deal size down 5 %."),
    ("B-002", -2, VarianceCause.ADOPTION,
     "Inside sales still logs a third of opportunities after the deal closes, so "
     "follow-ups are missed. Pipeline coaching started."),
    ("B-003", -8, VarianceCause.SCOPE_CHANGE,
     "Customer Service joined the rollout: 40 service-desk licences added (CR-021), "
     "about £1,000 a month above plan."),
    ("B-006", -1, VarianceCause.DATA_QUALITY,
     "Exception rate doubled after the supplier master-data migration: 1,900 suppliers "
     "without VAT numbers fail automatic matching."),
    ("B-007", -1, VarianceCause.ADOPTION,
     "120 small suppliers still send paper invoices, which miss the discount window."),
    ("B-012", -3, VarianceCause.IMPLEMENTATION_DELAY,
     "ATS–payroll integration delivered three months late; offers still issued by hand."),
    ("B-013", -9, VarianceCause.ADOPTION,
     "Wards 7 and 9 went back to paper observation charts during winter staffing pressure."),
    ("B-013", -2, VarianceCause.ADOPTION,
     "Digital notes stuck at 78 %: agency nurses have no EPR log-ins on their first shift."),
    ("B-014", -15, VarianceCause.IMPLEMENTATION_DELAY,
     "Go-live slipped four months; plan re-baselined to v2 (see plan history)."),
    ("B-015", -5, VarianceCause.OTHER,
     "Norovirus ward closures in winter raised agency bookings for two weeks."),
    ("B-016", -6, VarianceCause.EXTERNAL_ECONOMIC,
     "Wholesale electricity prices up 18 % year on year after the fixed-price contract "
     "ended; solar output on plan."),
    ("B-016", -3, VarianceCause.DATA_QUALITY,
     "Two sites billed on estimated reads for the quarter; corrected bills expected."),
)

OPEN, ACTIVE = ActionStatus.OPEN, ActionStatus.IN_PROGRESS
DONE, DROPPED = ActionStatus.DONE, ActionStatus.DROPPED

#: (benefit, title, owner, due in days from today, status, outcome).
ACTIONS: tuple[tuple[str, str, str, int, ActionStatus, str | None], ...] = (
    ("B-002", "Weekly pipeline coaching for bottom-quartile reps", "Alice Chen", 30, ACTIVE,
     None),
    ("B-002", "Tighten discount approval after competitor price cuts", "Margaret Ellis", -75,
     DONE, "Approval threshold lowered from 15 % to 10 %; margin stabilised."),
    ("B-003", "Remove CRM licences of leavers and inactive users", "Sophie Turner", -40, DONE,
     "38 licences removed, £1,100 a month saved."),
    ("B-006", "Cleanse supplier master data (missing VAT numbers, duplicates)", "Helen Carter",
     -12, ACTIVE, None),
    ("B-007", "Move remaining paper-invoice suppliers to e-invoicing", "Helen Carter", 60, OPEN,
     None),
    ("B-007", "Run payments twice a week instead of weekly", "Priya Nair", -150, DONE,
     "Discount capture up from 52 % to 71 % of eligible invoices."),
    ("B-012", "Fix the ATS–payroll integration for offer letters", "Daniel Brooks", -9, OPEN,
     None),
    ("B-013", "Super-user refresher on Wards 7 and 9", "Lucy Evans", -21, OPEN, None),
    ("B-013", "Withdraw paper observation charts from all wards", "Grace Adeyemi", -45, ACTIVE,
     None),
    ("B-013", "Issue EPR log-ins to agency nurses before their first shift", "Mark Sullivan",
     21, OPEN, None),
    ("B-015", "Reassign agency-spend reporting to the finance business partner",
     "Emma Lawson", 14, OPEN, None),
    ("B-016", "Fix the winter electricity price with a 12-month contract", "Owen Price", -100,
     DONE, "Contract signed at 4 % below the spot average."),
    ("B-016", "Battery storage feasibility study", "Nadia Hussain", -60, DROPPED,
     "Payback over 12 years; not pursued this year."),
)

TRAINING, MILESTONE = ActivityKind.TRAINING, ActivityKind.ADOPTION_MILESTONE
PROCESS, OTHER = ActivityKind.PROCESS_CHANGE, ActivityKind.OTHER

#: (benefit, title, kind, owner, due in days from today, done in days or None, status).
ACTIVITIES: tuple[tuple[str, str, ActivityKind, str, int, int | None, ActionStatus], ...] = (
    ("B-001", "CRM training, wave 1: field sales", TRAINING, "Sophie Turner", -670, -672, DONE),
    ("B-001", "CRM training, wave 2: inside sales", TRAINING, "Sophie Turner", -610, -600,
     DONE),
    ("B-001", "80 % of reps logging activity weekly", MILESTONE, "Alice Chen", -520, -455, DONE),
    ("B-001", "Retire the spreadsheet pipeline tracker", PROCESS, "Alice Chen", -480, -470,
     DONE),
    ("B-002", "Quarterly CRM refresher for new joiners", TRAINING, "Sophie Turner", 45, None,
     OPEN),
    ("B-005", "AP team training on exception handling", TRAINING, "Helen Carter", -610, -615,
     DONE),
    ("B-005", "Top 200 suppliers sending e-invoices", MILESTONE, "Helen Carter", -420, -400,
     DONE),
    ("B-010", "Manager self-service training", TRAINING, "Daniel Brooks", -200, -205, DONE),
    ("B-010", "90 % of absence booked in self-service", MILESTONE, "Sarah Whitfield", 30, None,
     ACTIVE),
    ("B-013", "EPR training, wave 1: medical wards", TRAINING, "Lucy Evans", -500, -495, DONE),
    ("B-013", "EPR training, wave 2: surgical wards", TRAINING, "Lucy Evans", -440, -430, DONE),
    ("B-013", "EPR training, wave 3: maternity and paediatrics", TRAINING, "Lucy Evans", 25,
     None, ACTIVE),
    ("B-013", "All wards on electronic observations", MILESTONE, "Grace Adeyemi", -30, None,
     OPEN),
    ("B-013", "95 % of nursing notes entered digitally", MILESTONE, "Grace Adeyemi", 90, None,
     OPEN),
    ("B-014", "Withdraw paper care plans", PROCESS, "Grace Adeyemi", -250, -240, DONE),
    ("B-016", "Sub-metering on all sites", OTHER, "Nadia Hussain", -700, -690, DONE),
    ("B-017", "Publish the annual SECR carbon report", OTHER, "Nadia Hussain", 120, None, OPEN),
    ("B-018", "Customer launch campaign for the portal", MILESTONE, "Ben Clarke", 130, None,
     OPEN),
)
# fmt: on
