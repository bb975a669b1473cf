"""The head's morning on the queue screen: today's bounded list, its header, fix lists, marked rows.

A mixin of `QueueScreen`. The head's list is today's (`review.daily_capacity` leads at most,
`store.queries.queue_morning`); a text filter searches the whole queue instead. `f` opens the
fix lists, one per manager, and `s` (or enter) sends one. Space marks a row, shift+down/up
marks and moves; a verdict (`o`, `a`) then goes to every marked row in one transaction. The
line under the table shows the whole reasons (and a manager's whole action) of the row under
the cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.widgets import DataTable, Static

from ...domain.review import problem_text, reasons_text
from ...i18n import _, ngettext

if TYPE_CHECKING:
    from ...store.queries.queue import QueuePage, QueueRow
    from ..cockpit import Cockpit

MARK = "● "


@dataclass(frozen=True)
class TodayCursor:
    """Where today's list goes on (`store.queries.today_list.TodayPosition`), for its next pages."""

    position: object


def load_today_page(cockpit: Cockpit, queue_filter, page_size: int):
    """The first page of the head's today list (one manager's when filtered); the header's figures
    come with it (`morning`), read once. The list can pass the capacity (leads aged in the
    backlog), so its rows come a page at a time like the queue's (`load_today_more`)."""
    from ...store.queries.queue import QueuePage

    overview, pace = load_morning(cockpit, queue_filter, first_rows=page_size, with_drafts=False)
    rest = TodayCursor(overview.rest) if overview.rest is not None else None
    page = QueuePage(rows=overview.rows, next_cursor=rest)
    object.__setattr__(page, "morning", (overview, pace))  # a frozen page carrying its header along
    return page


def load_today_more(cockpit: Cockpit, queue_filter, after: TodayCursor, page_size: int):
    """The next page of today's list, after the last lead shown."""
    from ...store.queries.queue import QueuePage
    from ...store.queries.queue_morning import today_more

    with cockpit.ctx.db.read() as session:
        rows, position = today_more(session, cockpit.settings, now=cockpit.clock.now(), viewer_id=cockpit.actor.id,
                                    manager_id=queue_filter.manager_id, rest=after.position, limit=page_size)
    return QueuePage(rows=tuple(rows), next_cursor=TodayCursor(position) if position is not None else None)


def load_morning(cockpit: Cockpit, queue_filter, first_rows: int | None = None, with_drafts: bool = True):
    from ...store.queries.queue_morning import minutes_reviewing_today, morning_overview

    with cockpit.ctx.db.read() as session:
        overview = morning_overview(session, cockpit.settings, now=cockpit.clock.now(), viewer_id=cockpit.actor.id,
                                    manager_id=queue_filter.manager_id, first_rows=first_rows,
                                    with_drafts=with_drafts)
        pace = minutes_reviewing_today(session, cockpit.actor.id, cockpit.clock.today())
    return overview, pace


def send_draft(cockpit: Cockpit, draft):
    from ...services.fix_lists import send_fix_list

    return send_fix_list(cockpit.ctx, cockpit.actor, draft.manager_id, draft.lead_ids)


def morning_header(overview, pace) -> str:
    return " · ".join(morning_parts(overview, pace))


def morning_parts(overview, pace) -> list[str]:
    """ "today 12 / 60 · 9 min reviewing, about 40 min left · sent to managers 3 lists · backlog 240".

    Once the list is through: "today 60 / 60, done" (the clients' rows can stay in the table).

    The list's size is the capacity unless leads that waited `backlog_max_days` working days in
    the backlog took it past the capacity: "today 0 / 65 (5 waited 3+ working days)". The
    minutes are the head's time between verdicts today, breaks left out
    (`store.queries.queue_morning.minutes_reviewing_today`), and what the rest of the list takes
    at that pace (shown once there is a pace: two verdicts in a row).
    """
    lists = ngettext("sent to managers {n} list", "sent to managers {n} lists", overview.lists_sent_today)
    done = overview.reviewed_today
    target = max(overview.capacity, done + overview.today_count)
    if done and not overview.today_count:  # said in the header: client rows may still fill the table
        today = _("today {done} / {target}, done").format(done=done, target=target)
    else:
        today = _("today {done} / {target}").format(done=done, target=target)
    if overview.over_capacity:
        today += " " + ngettext(
            "({n} waited {days}+ working day)", "({n} waited {days}+ working days)", overview.backlog_max_days,
        ).format(n=overview.over_capacity, days=overview.backlog_max_days)
    parts = [today]
    if pace.gaps:
        parts.append(reviewing_minutes(pace, overview.today_count))
    parts += [
        lists.format(n=overview.lists_sent_today),
        _("in fix lists {n}").format(n=overview.sent_count),
        _("backlog {n}").format(n=overview.backlog_count),
    ]
    return parts


def reviewing_minutes(pace, left: int) -> str:
    """ "9 min reviewing, about 40 min left": time between verdicts today, and the rest at that pace."""
    spent = _("{n} min reviewing").format(n=pace.minutes)
    if not left:
        return spent
    return _("{spent}, about {n} min left").format(spent=spent, n=pace.minutes_for(left))


class QueueMorning:
    """Marks, fix lists and the reasons line (mixed into `QueueScreen`)."""

    marked: set[int]

    def setup_morning(self) -> None:
        self.marked = set()

    def uses_today_list(self) -> bool:
        return self.cockpit.is_head and not self.queue_filter.text

    def empty_text(self) -> str:
        if self.uses_today_list():
            return _("Today's list is done. f sends the fix lists; the backlog comes back in the next days.")
        return _("Nothing needs a look. The queue is clear.")

    # The header and the reasons line ---------------------------------------------------------

    def after_first_page(self, page) -> None:
        """The header: from the page when it brought it (today's list), else read after the rows."""
        morning = getattr(page, "morning", None)
        if morning is not None:
            self._show_morning(morning)
        else:
            self.reload_progress()

    def reload_morning(self) -> None:
        self.in_worker(load_morning, self.queue_filter, 0, False, then=self._show_morning, group="progress",
                       exclusive=True)

    def _show_morning(self, result) -> None:
        overview, pace = result
        parts = morning_parts(overview, pace)
        if overview.draft_count:  # second: the line is cut at the terminal's width
            parts.insert(1, _("f: {n} fix lists to send").format(n=overview.draft_count))
        if self.queue_filter.manager_name:
            parts.append(_("manager: {name}").format(name=self.queue_filter.manager_name))
        self.query_one("#queue-progress", Static).update(" · ".join(parts))

    def show_reasons_line(self) -> None:
        row = self._current()
        line = self.query_one("#queue-reasons", Static)
        if row is None:
            line.update("")
            return
        now = self.cockpit.clock.now()
        problems = "; ".join(problem_text(hit, now) for hit in row.hits) or reasons_text(row.hits)
        if row.action_text and not self.cockpit.is_head:
            line.update(_("Action: {text}").format(text=row.action_text) + "\n" + problems)
        else:
            line.update(problems)

    # Marks -----------------------------------------------------------------------------------

    def _set_mark(self, row: QueueRow, marked: bool) -> None:
        table = self.query_one(DataTable)
        if marked:
            self.marked.add(row.lead_id)
        else:
            self.marked.discard(row.lead_id)
        table.update_cell(str(row.lead_id), "lead", (MARK if marked else "") + row.name)

    def action_toggle_mark(self) -> None:
        row = self._current()
        if row is not None:
            self._set_mark(row, row.lead_id not in self.marked)

    def action_extend_down(self) -> None:
        self._extend(+1)

    def action_extend_up(self) -> None:
        self._extend(-1)

    def _extend(self, step: int) -> None:
        row = self._current()
        if row is None:
            return
        self._set_mark(row, True)
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(len(self.rows) - 1, table.cursor_row + step)))
        following = self._current()
        if following is not None:
            self._set_mark(following, True)

    def marked_rows(self) -> list[QueueRow]:
        return [row for row in self.rows if row.lead_id in self.marked]

    # Fix lists -------------------------------------------------------------------------------

    def action_fix_lists(self) -> None:
        from ..modals.fix_lists import FixListsModal

        def chosen(draft) -> None:
            if draft is not None:
                self._in_lane(send_draft, draft, then=self._fix_list_sent)

        def opened(result) -> None:
            self.push_own_modal(FixListsModal(result[0].drafts, result[0].outcomes), chosen)

        self.in_worker(load_morning, self.queue_filter, 0, True, then=opened, group="fix-lists", exclusive=True)

    def _fix_list_sent(self, sent) -> None:
        self.notify(_("Sent: {summary}").format(summary=sent.summary), timeout=5)
        self.reload()


#: Who gets width first when the terminal is too narrow for every cell whole.
COLUMN_PRIORITY = ("lead", "owner", "stage", "problem", "reasons", "company")
_LEAST = {"lead": 12}


def fit_widths(needed: dict[str, int], available: int) -> dict[str, int]:
    """Each column's width: all it needs when it fits, else by `COLUMN_PRIORITY` (at least 6 cells)."""
    widths = {key: min(_LEAST.get(key, 6), need) for key, need in needed.items()}
    spare = available - sum(widths.values())
    for key in COLUMN_PRIORITY:
        if key in needed and spare > 0:
            extra = min(spare, needed[key] - widths[key])
            widths[key] += extra
            spare -= extra
    return widths


def fit_columns(table: DataTable, cells: dict[str, list[str]], headers: dict[str, str]) -> None:
    """Give the table's columns the width they need, by priority, within the table's width."""
    from rich.cells import cell_len

    needed = {key: max([cell_len(headers[key]), *map(cell_len, values)]) for key, values in cells.items()}
    padding = 2 * table.cell_padding * len(needed)
    available = max(len(needed) * 6, (table.size.width or table.app.size.width) - padding - 2)
    widths = fit_widths(needed, available)
    for column in table.columns.values():
        key = str(column.key.value)
        if key in widths:
            column.width, column.auto_width = widths[key], False
    table._require_update_dimensions = True  # Textual has no public call to re-measure columns
    table.refresh()
