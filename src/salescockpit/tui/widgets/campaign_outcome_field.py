"""The call form's part for a campaign call: what the call gave, and a referral's details.

Shown by `LogCallForm` when the call is a campaign call (the manager's list in the Accounts mode
opens the form with the task; so does any call with that client's lead). The outcome takes a
digit or a first letter (`QuickSelect`); none chosen leaves the campaign call open (nobody
answered, or the call was about something else); "referral given" shows the name, phone and
company of the person recommended. Touches no store:
the form reads `value()` and the flow turns it into the service's `CampaignOutcome`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Select, Static

from ...i18n import _
from .quick_select import QuickSelect

REFERRAL = "referral"


@dataclass(frozen=True)
class CampaignTaskLike:
    """The campaign call the form logs: its task, and a line saying which campaign and why."""

    task_id: int
    text: str


@dataclass(frozen=True)
class CampaignOutcomeValue:
    """What the part holds ("" = not chosen yet); the referral fields matter for "referral" only."""

    task_id: int
    outcome: str
    referral_name: str = ""
    referral_phone: str = ""
    referral_company: str = ""


class CampaignOutcomeField(Vertical):
    """The campaign line, the outcome, and the referral's name, phone and company when one was given."""

    DEFAULT_CSS = """
    CampaignOutcomeField { height: auto; }
    CampaignOutcomeField #referral-fields { height: auto; }
    CampaignOutcomeField #referral-fields Input { width: 1fr; margin: 0 1 0 0; }
    """

    def __init__(self, task: CampaignTaskLike, outcomes: Sequence[tuple[str, str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.campaign_task = task
        self.outcomes = list(outcomes)

    def compose(self) -> ComposeResult:
        yield Static(Content(self.campaign_task.text), id="campaign-task", classes="form-value")
        yield QuickSelect([(label, key) for key, label in self.outcomes], prompt=_("what it gave… (a letter; none: stays open)"),
                          compact=True, id="campaign-outcome")
        with Horizontal(id="referral-fields"):
            yield Input(placeholder=_("recommended person's name"), compact=True, id="referral-name")
            yield Input(placeholder=_("phone"), compact=True, id="referral-phone")
            yield Input(placeholder=_("company"), compact=True, id="referral-company")

    def on_mount(self) -> None:
        self.query_one("#referral-fields").display = False

    @on(Select.Changed, "#campaign-outcome")
    def _outcome_changed(self, _event: Select.Changed) -> None:
        self.query_one("#referral-fields").display = self.value().outcome == REFERRAL

    def value(self) -> CampaignOutcomeValue:
        chosen = self.query_one("#campaign-outcome", Select).value
        return CampaignOutcomeValue(
            self.campaign_task.task_id, "" if chosen is Select.NULL else str(chosen),
            *(self.query_one(f"#referral-{part}", Input).value.strip() for part in ("name", "phone", "company")))

    @property
    def is_filled(self) -> bool:
        value = self.value()
        return bool(value.outcome or value.referral_name or value.referral_phone or value.referral_company)
