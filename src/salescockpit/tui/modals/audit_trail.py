"""A lead's audit trail in a box: who changed what, when, from what to what. Display only.

The lead card loads the rows in a worker (`services.audit.read_trail` + `shown_rows`) and hands
them in as text tuples, newest first; the box neither reads nor writes anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.binding import Binding

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
    """

    def __init__(self, title: str, rows: Sequence[tuple[str, str, str, str, str, str]], *, limit: int) -> None:
        super().__init__(title)
        self.rows = list(rows)
        self.limit = limit

    def columns(self) -> Sequence[str]:
        return (_("When"), _("Who"), _("Action"), _("Record"), _("Field"), _("Change"))

    def cells(self) -> Iterable[Sequence[Text]]:
        return ([Text(cell) for cell in row] for row in self.rows)  # user text, never markup

    def hint(self) -> str:
        if not self.rows:
            return _("No changes recorded for this lead yet.")
        if len(self.rows) >= self.limit:
            return _("The newest {n} changes; salescockpit audit --lead shows more.").format(n=self.limit)
        return _("Newest first · escape goes back")

    def action_close(self) -> None:
        self.dismiss(None)
