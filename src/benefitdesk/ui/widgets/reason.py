"""Ask for a sentence of text: why a plan is re-baselined, what an action achieved."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from benefitdesk.ui.widgets.fields import MemoField
from benefitdesk.ui.widgets.form import RecordDialog


class ReasonDialog(RecordDialog):
    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        intro: str,
        label: str,
        accept_text: str,
        required: str | None = None,
        placeholder: str = "",
        text: str = "",
    ):
        def validate(value: str | None) -> dict[str, str]:
            return {"text": required} if required and not (value or "").strip() else {}

        super().__init__(
            title,
            parent,
            make=lambda v: v["text"],
            validate=validate,
            accept_text=accept_text,
            intro=intro,
        )
        self.text = self.add_field("text", label, MemoField(placeholder=placeholder, lines=3))
        self.set_values({"text": text})
        self.text.setFocus()

    def value(self) -> str:
        return (self.text.value() or "").strip()
