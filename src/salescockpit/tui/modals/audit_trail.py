"""A lead's audit trail in a box: who changed what, when, from what to what. Display only.

The lead card loads the rows in a worker (`services.audit.read_trail` + `shown_rows`) and hands
them in as text tuples, newest first; the box neither reads nor writes anything. A lead with no
recorded change gets a sentence saying so where the table would be, not an empty table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from ...i18n import _
from .table_modal import TableModal


class AuditTrailModal(TableModal[None]):
    """Shows trail rows (when, who, action, record, field, change); escape closes."""

    TABLE_ID = "audit-trail"
    BINDINGS = [
        Binding("escape,q,t", "close", _("Back"), id="audit_trail.back", tooltip=_("Back to the lead card")),
        Binding("j", "cursor(1)", _("Down"), id="audit_trail.down", tooltip=_("Next change"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="audit_trail.up", tooltip=_("Previous change"), show=False),
    ]
    DEFAULT_CSS = """
    AuditTrailModal > Vertical { width: 130; }
    AuditTrailModal #audit-trail-empty { height: 1fr; content-align: center middle; text-style: italic; }
    AuditTrailModal DataTable.-empty { display: none; }
    """

    def __init__(self, title: str, rows: Sequence[tuple[str, str, str, str, str, str]], *, limit: int) -> None:
        super().__init__(title)
        self.rows = list(rows)
        self.limit = limit

    def columns(self) -> Sequence[str]:
        return (_("When"), _("Who"), _("Action"), _("Record"), _("Field"), _("Change"))

    def cells(self) -> Iterable[Sequence[Text]]:
        return ([Text(cell) for cell in row] for row in self.rows)  # user text, never markup

    def compose(self) -> ComposeResult:
        if self.rows:
            yield from super().compose()
            return
        with Vertical():
            yield Label(self.title_text, classes="table-title", markup=False)
            yield DataTable(id=self.TABLE_ID, classes="-empty")  # kept (hidden) for the shared mount and keys
            yield Static(self.empty_text(), id="audit-trail-empty", markup=False)
            yield Static(self.hint(), classes="hint", markup=False)

    @staticmethod
    def empty_text() -> str:
        return _("No changes recorded for this lead yet: the trail begins with the first change "
                 "made to it in salescockpit (a call logged, a stage move, an edit, a review).")

    def hint(self) -> str:
        if not self.rows:
            return _("Escape goes back")
        if len(self.rows) >= self.limit:
            return _("The newest {n} changes; salescockpit audit --lead shows more.").format(n=self.limit)
        return _("Newest first · escape goes back")

    def action_close(self) -> None:
        self.dismiss(None)
