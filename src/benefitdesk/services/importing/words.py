"""Other words registers use for the values of BenefitDesk's enumerations.

Case, spaces and punctuation are forgiven anyway ("In-Delivery" is "in delivery");
these are the words that differ. A mapping file adds its own (`choices`), and free-text
frequencies ("Every 6 months") are read by `exchange.frequencies`.
"""

from __future__ import annotations

#: By (sheet kind, field): choice → other words for it.
ENUM_SYNONYMS: dict[tuple[str, str], dict[str, list[str]]] = {
    ("projects", "status"): {
        "proposed": ["idea", "pipeline", "draft", "business case"],
        "in delivery": ["delivery", "in progress", "active", "underway", "execution"],
        "live": ["go-live", "implemented", "operational", "bau"],
        "closed": ["complete", "completed", "done", "finished"],
        "cancelled": ["canceled", "stopped", "abandoned"],
    },
    ("projects", "delivery_rag"): {"red": ["r"], "amber": ["a", "yellow"], "green": ["g"]},
    ("benefits", "kind"): {"dis-benefit": ["disbenefit", "negative", "dis"]},
    ("benefits", "category"): {
        "cost saving": ["cost savings", "saving", "savings", "cost reduction", "cost"],
        "revenue": ["income", "revenue growth"],
        "productivity": ["efficiency", "time saving", "time savings"],
        "customer": ["customer experience", "customer satisfaction", "cx"],
        "risk/compliance": ["risk", "compliance", "regulatory", "risk reduction"],
    },
    ("benefits", "classification"): {
        "cash-releasing": ["cash", "cashable", "financial"],
        "non-cash-releasing": ["non-cash", "non cashable", "noncashable", "non-financial"],
    },
    ("benefits", "frequency"): {
        "weekly": ["week"],
        "monthly": ["month", "per month"],
        "quarterly": ["quarter", "per quarter"],
        "half-yearly": ["half year", "biannual", "six-monthly", "semi-annual", "semiannually"],
        "yearly": ["annual", "annually", "year", "per year"],
    },
    ("benefits", "confidence"): {"medium": ["med", "moderate"], "low": ["lo"], "high": ["hi"]},
    ("benefits", "status"): {
        "draft": ["proposed", "identified", "new"],
        "tracking": ["in tracking", "active", "realising", "realizing", "in progress"],
        "realised": ["achieved", "delivered", "realized"],
        "cancelled": ["canceled"],
    },
    ("variance_notes", "cause"): {
        "market/pricing": ["market", "pricing", "price"],
        "implementation delay": ["delay", "late delivery", "implementation"],
        "external economic": ["economic", "economy", "external"],
        "data quality": ["data", "data issue"],
        "scope change": ["scope"],
    },
    ("actions", "status"): {
        "open": ["not started", "new", "to do", "todo"],
        "in progress": ["ongoing", "started", "underway", "wip"],
        "done": ["complete", "completed", "closed", "finished"],
        "dropped": ["cancelled", "canceled", "abandoned", "withdrawn"],
    },
    ("activities", "kind"): {
        "adoption milestone": ["adoption", "milestone"],
        "process change": ["process"],
    },
    ("stakeholders", "role"): {
        "responsible": ["r"],
        "accountable": ["a"],
        "consulted": ["c"],
        "informed": ["i"],
    },
}
ENUM_SYNONYMS[("indicators", "frequency")] = ENUM_SYNONYMS[("benefits", "frequency")]
ENUM_SYNONYMS[("activities", "status")] = ENUM_SYNONYMS[("actions", "status")]
