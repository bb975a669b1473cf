"""The head's "New campaign" form: a name, the purpose, the filter, the due date, and, as the
filter is typed, how many clients it picks (and how many call tasks that makes) before anything
is created.

The form never touches the store: the screen hands in ``preview`` and ``save`` (plain callables
taking `CampaignFormValues`, run here in thread workers). A refused save keeps the form open and
says why; a save dismisses with what the save returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from ...i18n import _
from ..widgets.thread_calls import ThreadCalls, readable_error
from .money_fields import MONEY_FORM_CSS, read_day


@dataclass(frozen=True)
class CampaignFormValues:
    """The campaign as typed (dates read; "" and None: not given)."""

    name: str
    purpose: str
    due_date: date
    product: str = ""
    bought_after: date | None = None
    bought_before: date | None = None
    manager_login: str | None = None


class CampaignForm(ThreadCalls, ModalScreen[Any]):
    """Name, purpose, product, last purchase after/before, manager, due date; the count as you type."""

    CSS_PATH = "../styles/forms.tcss"
    DEFAULT_CSS = MONEY_FORM_CSS
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Create"), id="campaign_form.save", priority=True,
                tooltip=_("Create the campaign: a call task for each client it picks")),
        Binding("escape", "cancel", _("Cancel"), id="campaign_form.cancel", tooltip=_("Close without creating")),
    ]

    def __init__(self, *, purposes: Sequence[tuple[str, str]], managers: Sequence[tuple[str, str]], today: date,
                 preview: Callable[[CampaignFormValues], Any], save: Callable[[CampaignFormValues], Any]) -> None:
        super().__init__()
        self.purposes, self.managers, self.today = list(purposes), list(managers), today
        self.preview, self.save = preview, save
        self._saving = False

    def compose(self) -> ComposeResult:
        def row(label: str, *widgets):
            with Horizontal(classes="form-row"):
                yield Label(label, classes="form-label")
                yield from widgets

        with Vertical(classes="form-box medium"):
            yield Static(_("New campaign for current clients"), classes="title")
            yield from row(_("Name"), Input(compact=True, id="campaign-name"))
            yield from row(_("Purpose"), Select([(label, key) for key, label in self.purposes], allow_blank=False,
                                                 value=self.purposes[0][0], compact=True, id="campaign-purpose"))
            yield from row(_("Product"), Input(placeholder=_("a word of the contract's subject (any case)"),
                                               compact=True, id="campaign-product"))
            yield from row(_("Bought after"), Input(placeholder=_("the newest contract signed after this day"),
                                                    compact=True, id="campaign-after"))
            yield from row(_("Bought before"), Input(placeholder=_("the newest contract signed before this day"),
                                                     compact=True, id="campaign-before"))
            yield from row(_("Manager"), Select([(name, login) for login, name in self.managers],
                                                prompt=_("every manager"), compact=True, id="campaign-manager"))
            yield from row(_("Calls due"), Input((self.today + timedelta(days=7)).isoformat(), compact=True,
                                                 id="campaign-due"))
            yield Static("", id="campaign-count")
            yield Static("", id="campaign-error", classes="field-error")
            yield Static(_("ctrl+s create · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#campaign-error").display = False
        self.query_one("#campaign-name", Input).focus()
        self._count()

    def read(self) -> CampaignFormValues:
        """The typed values; ValueError with a readable message when a date does not read."""
        def day(selector: str, what: str) -> date | None:
            text = self.query_one(selector, Input).value
            return read_day(text, what) if text.strip() else None

        due = day("#campaign-due", _("Calls due"))
        if due is None:
            raise ValueError(_("Give the date the calls are due."))
        manager = self.query_one("#campaign-manager", Select).value
        return CampaignFormValues(
            self.query_one("#campaign-name", Input).value, str(self.query_one("#campaign-purpose", Select).value),
            due, self.query_one("#campaign-product", Input).value, day("#campaign-after", _("Bought after")),
            day("#campaign-before", _("Bought before")), None if manager is Select.NULL else str(manager))

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self, _event) -> None:
        self._count()

    def _count(self) -> None:
        try:
            values = self.read()
        except ValueError as problem:
            self._show_count(str(problem))
            return
        if not values.name.strip():  # the count does not need the name: any will do
            values = replace(values, name="…")
        self.call_in_thread(self.preview, values, then=self._counted,
                            failed=lambda error: self._show_count(readable_error(error)), group="count",
                            exclusive=True)

    def _counted(self, result: Any) -> None:
        text = _("The filter picks {picked} client(s): {created} call task(s) will be made.").format(
            picked=result.picked, created=result.created)
        if result.already:
            text += " " + _("{count} have one in this campaign already.").format(count=result.already)
        self._show_count(text)

    def _show_count(self, text: str) -> None:
        self.query_one("#campaign-count", Static).update(Content(text))

    def _show_error(self, text: str) -> None:
        error = self.query_one("#campaign-error", Static)
        error.update(Content(text))
        error.display = bool(text)

    def action_submit(self) -> None:
        if self._saving:
            return
        try:
            values = self.read()
        except ValueError as problem:
            self._show_error(str(problem))
            return
        self._saving = True
        self.call_in_thread(self.save, values, then=self.dismiss, failed=self._refused, group="save")

    def _refused(self, error: BaseException) -> None:
        self._saving = False
        self._show_error(readable_error(error))

    def action_cancel(self) -> None:
        self.dismiss(None)
