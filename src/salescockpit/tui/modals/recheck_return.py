"""Returning a written-off lead to the pipeline: the stage, the owner, and a word for the owner.

The re-check screen passes the open stages and the active users it looked up; the form returns
a `ReturnDraft` and the screen saves it with `record_recheck` (verdict "returned").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ...i18n import _


@dataclass(frozen=True)
class ReturnDraft:
    stage: str
    owner_login: str
    note: str


class RecheckReturnForm(ModalScreen[ReturnDraft | None]):
    """``stages`` and ``owners`` as (value, label) pairs; the defaults are preselected."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="recheck_return.cancel", tooltip=_("Keep the lead as it is")),
        Binding("ctrl+s", "save", _("Return"), id="recheck_return.save", tooltip=_("Return the lead to the pipeline")),
    ]
    DEFAULT_CSS = """
    RecheckReturnForm { align: center middle; background: $background 60%; }
    RecheckReturnForm > Vertical {
        width: 72; max-width: 100%; height: auto; border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    RecheckReturnForm .return-title { text-style: bold; padding: 0 0 1 0; }
    RecheckReturnForm .return-label { color: $text-muted; }
    RecheckReturnForm Select { margin: 0 0 1 0; }
    """

    def __init__(
        self,
        lead_name: str,
        stages: Sequence[tuple[str, str]],
        owners: Sequence[tuple[str, str]],
        *,
        stage: str,
        owner_login: str,
    ) -> None:
        super().__init__()
        self.lead_name = lead_name
        self.stages = [(label, value) for value, label in stages]
        self.owners = [(label, value) for value, label in owners]
        self.stage = stage if any(value == stage for _label, value in self.stages) else self.stages[0][1]
        known_owner = any(value == owner_login for _label, value in self.owners)
        self.owner_login = owner_login if known_owner else self.owners[0][1]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(_("Not junk: return {lead} to the pipeline").format(lead=self.lead_name), classes="return-title")
            yield Label(_("Stage"), classes="return-label")
            yield Select(self.stages, value=self.stage, allow_blank=False, id="return-stage")
            yield Label(_("Owner (gets an action in their queue)"), classes="return-label")
            yield Select(self.owners, value=self.owner_login, allow_blank=False, id="return-owner")
            yield Label(_("Why it is not junk (the owner reads this)"), classes="return-label")
            yield Input(placeholder=_("e.g. Real company, asked for a quote; call the buyer"), max_length=1500,
                        id="return-note")
            yield Static(_("ctrl+s or enter returns the lead · escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#return-note", Input).focus()

    @on(Input.Submitted, "#return-note")
    def _submitted(self, _event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        stage = self.query_one("#return-stage", Select).value
        owner = self.query_one("#return-owner", Select).value
        note = self.query_one("#return-note", Input).value.strip()
        self.dismiss(ReturnDraft(str(stage), str(owner), note))

    def action_cancel(self) -> None:
        self.dismiss(None)
