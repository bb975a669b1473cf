"""Clients in the review queue (a mixin of `QueueScreen`): the money in the same morning list.

The first page of the queue (the head's today list, a manager's first page) gets the client rows
of `store.queries.queue_clients`, merged with the leads by severity (`domain.queue_merge`): for
the head, the clients with a reason (dispute, instalment overdue, promise broken, due soon and
nobody called, silent) and the head's own reminder calls; for a manager, the reminder calls the
ladder owes today, with the debt in front of them (the client, what is overdue and since when,
the step). This is the one place the two sources meet. A filtered queue shows leads only.

On a client row, enter opens the client's lead (its card has the call form, where the call's
outcome moves the ladder on), or the Accounts mode when the client has no lead; `d` resolves a
dispute (the head, with a note). Verdicts and marks are for leads and are off on client rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets import Static

from ...i18n import _
from ...l10n import money

if TYPE_CHECKING:
    from ...store.queries.queue_clients import ClientQueueRow
    from ..cockpit import Cockpit

#: Keys that act on a lead: off while a client row is under the cursor.
LEAD_ONLY_ACTIONS = frozenset({"verdict_ok", "verdict_action", "toggle_mark", "extend_down", "extend_up"})


@dataclass(frozen=True)
class ClientEntry:
    """A client's row in the queue table. ``lead_id`` is only the table's row key: minus the client
    id, so it never meets a lead's; ``hits`` and ``action_text`` are empty (they are the leads')."""

    client: ClientQueueRow
    place: int
    hits: tuple = ()
    action_text: None = None

    @property
    def lead_id(self) -> int:
        return -self.client.client_id

    @property
    def name(self) -> str:
        return self.client.name


def is_client_entry(row: object) -> bool:
    return isinstance(row, ClientEntry)


def load_client_rows(cockpit: Cockpit):
    from ...store.queries.queue_clients import client_queue_rows

    with cockpit.ctx.db.read() as session:
        rows = client_queue_rows(session, today=cockpit.clock.today(), viewer=cockpit.actor,
                                 ladder=cockpit.settings.reminder_ladder)
    return rows


def with_client_rows(cockpit: Cockpit, page, client_rows=None):
    """The first page with the client rows merged in (the page keeps whatever it carries along).

    The head's today list keeps its actions overdue first; the clients come on top of its leads
    (never in a lead's place: a lead cut from the page would be counted in today's list and shown
    nowhere, and the list is already allowed past its bound by leads that waited too long)."""
    from ...domain.queue_merge import client_place, merge_queue
    from ...store.queries.queue_morning import ACTION_OVERDUE

    entries = [ClientEntry(row, client_place([f.reason for f in row.findings], bool(row.reminders)))
               for row in (load_client_rows(cockpit) if client_rows is None else client_rows)]
    entries.sort(key=lambda entry: entry.place)  # stable: the query's own order within a place
    keep_first = 0
    morning = getattr(page, "morning", None)
    if morning is not None:
        overview = morning[0]
        keep_first = next((i for i, lead in enumerate(overview.today) if ACTION_OVERDUE not in lead.reasons),
                          len(overview.today))
    merged = merge_queue(list(page.rows), lambda row: row.hits[0].reason.severity if row.hits else 99,
                         entries, lambda entry: entry.place, keep_first=keep_first)
    object.__setattr__(page, "rows", tuple(merged))
    return page


def resolve_dispute(cockpit: Cockpit, client_id: int, note: str) -> int:
    from ...services.reminder_outcomes import resolve_dispute as resolve

    return resolve(cockpit.ctx, cockpit.actor, client_id, note)


def client_cells(entry: ClientEntry, with_owner: bool) -> tuple[str, ...]:
    """The row's cells: name, INN, (manager), "client", the worst problem, every reason."""
    row = entry.client
    owner = (row.manager_name,) if with_owner else ()
    return (row.name, row.inn, *owner, _("client"), worst_problem(row), reasons_line(row))


def worst_problem(row: ClientQueueRow) -> str:
    """The worst reason with its money ("overdue 8 days · ₽30,000.00"), else the reminder step owed."""
    if row.findings and row.findings[0].reason.value == "dispute":
        return _("dispute: {note}").format(note=row.dispute_note) if row.dispute_note else row.findings[0].reason.label
    if row.findings:
        worst = row.findings[0]
        return f"{worst.describe()} · {money(worst.money, row.currency)}"
    if row.reminders:
        due = row.reminders[0]
        return f"{due.step.describe()} · {money(due.outstanding, row.currency)}"
    return ""


#: The reasons cell stays about as wide as a lead's (the line under the table has them whole).
REASONS_CELL = 36


def reasons_line(row: ClientQueueRow) -> str:
    """In short: the ladder's step owed, then the reasons after the worst one (the problem cell's)."""
    parts = [_("step {days}").format(days=f"{due.step.days:+d}") for due in row.reminders[:1]]
    parts += [finding.reason.label for finding in row.findings[1:]]
    text = ""
    for part in parts:
        longer = f"{text}, {part}" if text else part
        if len(longer) > REASONS_CELL:
            return text + ", …" if text else part
        text = longer
    return text


class QueueClients:
    """Client rows in the queue (mixed into `QueueScreen` before `QueueMorning`)."""

    def client_row_allows(self, action: str) -> bool | None:
        """False for a lead's key on a client row; for `resolve_dispute` whether it applies; else None."""
        row = self._current()
        if action == "resolve_dispute":
            return self.cockpit.is_head and is_client_entry(row) and row.client.disputed
        if action in LEAD_ONLY_ACTIONS and is_client_entry(row):
            return False
        return None

    def show_reasons_line(self) -> None:
        row = self._current()
        self.refresh_bindings()  # the keys that apply change between a lead's row and a client's
        if not is_client_entry(row):
            super().show_reasons_line()
            return
        client = row.client
        parts = [_("{step}: instalment due {due}, owed {amount}").format(
            step=due.step.describe(), due=due.instalment_due.isoformat(), amount=money(due.outstanding, client.currency))
            for due in client.reminders]
        if client.dispute_note:
            parts.append(_("Disputed: {note}").format(note=client.dispute_note))
        parts += [f"{finding.describe()} · {money(finding.money, client.currency)}" for finding in client.findings
                  if finding.reason.value != "dispute"]
        self.query_one("#queue-reasons", Static).update(" · ".join(parts))

    def open_client_row(self, row) -> bool:
        """Enter on a client row: its lead's card (the call form is there), else the Accounts mode."""
        if not is_client_entry(row):
            return False
        if row.client.lead_id is not None:
            self.app.open_lead(row.client.lead_id)  # type: ignore[attr-defined]
        else:
            self.app.switch_mode("accounts")
        return True

    def action_resolve_dispute(self) -> None:
        from ..modals.review_note import NoteModal

        row = self._current()
        if not is_client_entry(row) or not row.client.disputed:
            return
        client = row.client

        def written(note: str | None) -> None:
            if note:
                self.in_worker(resolve_dispute, client.client_id, note, then=lambda _id: self._dispute_resolved(client))

        self.push_own_modal(NoteModal(_("Resolve the dispute of {name}: how was it settled?").format(name=client.name),
                                      required=True), written)

    def _dispute_resolved(self, client: ClientQueueRow) -> None:
        self.notify(_("The dispute of {name} is resolved; the reminders go on.").format(name=client.name), timeout=5)
        self.reload()
