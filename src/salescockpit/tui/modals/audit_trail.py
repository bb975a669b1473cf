"""A lead's audit trail in a box: who changed what, when, from what to what. Display only.

The lead card loads the rows in a worker (`services.audit.read_trail` + `shown_rows`) and hands
them in as text tuples, newest first; the box neither reads nor writes anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from ...i18n import _


class AuditTrailModal(ModalScreen[None]):
    """Shows trail rows (when, who, action, record, field, change); escape closes."""

    BINDINGS = [
        Binding("escape,q,t", "close", _("Back"), id="audit_trail.back", tooltip=_("Back to the lead card")),
        Binding("j", "cursor(1)", _("Down"), id="audit_trail.down", tooltip=_("Next change"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="audit_trail.up", tooltip=_("Previous change"), show=False),
    ]
    DEFAULT_CSS = """
    AuditTrailModal { align: center middle; background: $background 60%; }
    AuditTrailModal > Vertical {
        width: 130; max-width: 100%; height: 80%; border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    AuditTrailModal .trail-title { text-style: bold; }
    AuditTrailModal DataTable { height: 1fr; }
    """

    def __init__(self, title: str, rows: Sequence[tuple[str, str, str, str, str, str]], *, limit: int) -> None:
        super().__init__()
        self.title_text = title
        self.rows = list(rows)
        self.limit = limit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="trail-title", markup=False)
            yield DataTable(cursor_type="row", zebra_stripes=True, id="audit-trail")
            if not self.rows:
                hint = _("No changes recorded for this lead yet.")
            elif len(self.rows) >= self.limit:
                hint = _("The newest {n} changes; salescockpit audit --lead shows more.").format(n=self.limit)
            else:
                hint = _("Newest first · escape goes back")
            yield Static(hint, classes="hint", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("When"), _("Who"), _("Action"), _("Record"), _("Field"), _("Change"))
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))  # user text, never markup
        table.focus()

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        if step > 0:
            table.action_cursor_down()
        else:
            table.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
