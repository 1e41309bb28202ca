"""The chase e-mail: subject and body listing exactly what an owner owes, as a mailto: link.

An offline desktop tool reaches owners through their own mail client: the app opens a
draft (``mailto:``) for the PMO lead to read, attach the collection workbook to, and
send. ``mailto:`` cannot attach files portably, so the body names the workbook and the
app shows the folder it is in. Mail clients cut long links (Outlook near 2,000
characters), so a long list is shortened with a line saying how many more items the
workbook holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from benefitdesk.present.formats import day
from benefitdesk.services.chase import FIGURE_KINDS, HEADINGS, ChaseList, Owed, OwnerChase

#: The longest mailto: link written; longer ones are cut by some mail clients.
MAX_MAILTO = 2000


@dataclass(frozen=True, slots=True)
class ChaseMessage:
    to: str | None
    subject: str
    body: str


def _sections(items: tuple[Owed, ...]) -> list[str]:
    lines: list[str] = []
    for kind, heading in HEADINGS.items():
        owed = [i for i in items if i.kind is kind]
        if owed:
            lines += ["", f"{heading} ({len(owed)}):"]
            lines += [f"- {i.line()}" for i in owed]
    return lines


def chase_message(
    chase: ChaseList,
    owner: OwnerChase,
    *,
    workbook: str | None = None,
    sender: str | None = None,
    items: tuple[Owed, ...] | None = None,
) -> ChaseMessage:
    """The e-mail to ``owner``; ``items`` (default: all they owe) is what it lists."""
    listed = owner.items if items is None else items
    left_out = len(owner.items) - len(listed)
    count = len(owner.items)
    subject = (
        f"{chase.portfolio}: {count} benefit item{'s' if count != 1 else ''} due from you "
        f"({day(chase.as_of)})"
    )
    greeting = f"Dear {owner.first_name}," if owner.first_name else "Hello,"
    lines = [
        greeting,
        "",
        f"BenefitDesk shows these items due from you for {chase.portfolio} "
        f"as of {day(chase.as_of)}:",
        *_sections(listed),
    ]
    if left_out:
        lines += ["", f"… and {left_out} more, left out here to keep this message short."]
    lines.append("")
    if workbook:
        lines.append(
            f'The attached workbook "{workbook}" lists the figures to fill in. Please type '
            "them in the yellow Value column and send the workbook back as it is."
        )
    elif any(i.kind in FIGURE_KINDS for i in owner.items):
        lines.append("Please send the figures, or log them in BenefitDesk.")
    else:
        lines.append("Please reply with where each stands, or update it in BenefitDesk.")
    lines += ["", "Thank you,", sender or ""]
    return ChaseMessage(owner.email, subject, "\n".join(lines).rstrip() + "\n")


def mailto_url(message: ChaseMessage) -> str:
    """``mailto:`` with the subject and body percent-encoded (RFC 6068; CRLF line ends)."""
    body = message.body.replace("\r\n", "\n").replace("\n", "\r\n")
    to = quote(message.to or "", safe="@")
    return f"mailto:{to}?subject={quote(message.subject, safe='')}&body={quote(body, safe='')}"


def chase_mailto(
    chase: ChaseList,
    owner: OwnerChase,
    *,
    workbook: str | None = None,
    sender: str | None = None,
    limit: int = MAX_MAILTO,
) -> tuple[str, ChaseMessage]:
    """The mailto: link for ``owner`` and the message in it, listing as many items as fit
    in ``limit`` characters (all of them, whenever they fit)."""
    items = owner.items
    while True:
        message = chase_message(chase, owner, workbook=workbook, sender=sender, items=items)
        url = mailto_url(message)
        if len(url) <= limit or not items:
            return url, message
        items = items[:-1]
