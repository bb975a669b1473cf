"""A head's whole first morning on the 400-lead demo, in the real cockpit in a real terminal (tmux).

`salescockpit demo --db TMP/demo.db` runs in a detached tmux session. The test waits for the
queue's header, walks today's list giving one verdict per key (`o` on the row under the cursor;
`j` steps over a client's row, where verdicts are off) until the header says the list is done,
then opens the fix lists (`f`) and sends each with its key (`s`), and quits (`ctrl+q`). Then,
from the database file: every lead that was in today's list has exactly one verdict from this
morning, and every fix list sent became actions for its manager. The keys it needed are printed
(compressed: "o x 47, j, ..."), for the issue note.

The cockpit runs on the wall clock (the demo stands at 10:00 today), so the figures differ from
day to day; what is asserted holds at any hour. Skipped without tmux (`.ci/tmux.sh` installs it).
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.morning.tmux_terminal import TmuxTerminal, compressed, plain

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/tmux.sh installs it)")

HEADER = re.compile(r"today (\d+) / (\d+)(, done)?")
#: The DataTable's cursor row in the default theme: its background, as tmux reports it.
CURSOR_BACKGROUND = "48;5;32m"
TIMEZONE = "Europe/Moscow"
DRAFT_LINE = re.compile(r"· \d+ leads?\b")


def header(screen: str):
    return HEADER.search(screen)


def cursor_row(terminal: TmuxTerminal) -> str:
    lines = [plain(line) for line in terminal.screen(colours=True).splitlines() if CURSOR_BACKGROUND in line]
    assert lines, "no row under the cursor:\n" + terminal.screen()
    return lines[0]


def given(count: int):
    """A condition: the header counts ``count`` verdicts today."""
    return lambda screen: (found := header(screen)) is not None and int(found.group(1)) == count and found


@pytest.fixture
def terminal(tmp_path):
    made: list[TmuxTerminal] = []

    def start(*args: str) -> TmuxTerminal:
        command = [str(Path(sys.executable).with_name("salescockpit")), *args]
        env = {
            "SALESCOCKPIT_CONFIG": str(tmp_path / "no-config.toml"), "SALESCOCKPIT_TIMEZONE": TIMEZONE,
            "SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
            "COLORTERM": "",
        }
        made.append(TmuxTerminal(command, env, unset=("NO_COLOR", "TEXTUAL_THEME", "SALESCOCKPIT_LANG", "COLUMNS", "LINES")))
        return made[-1]

    yield start
    for each in made:
        each.close()


def morning_at_start(path: Path):
    """Today's list and the fix lists to send, read from the file as the cockpit opened on it, and
    the last lead review's id and fix list's id (what this morning writes comes after them)."""
    from salescockpit.config import Settings
    from salescockpit.store.engine import Database
    from salescockpit.store.queries.queue_morning import morning_overview
    from salescockpit.store.tables import FixList, LeadReview

    database = Database.open(path)
    try:
        with database.read() as session:
            overview = morning_overview(session, Settings(timezone=TIMEZONE), now=datetime.now(timezone.utc),
                                        viewer_id=1, first_rows=None)
            last_review = session.scalar(select(func.max(LeadReview.id)))
            last_list = session.scalar(select(func.coalesce(func.max(FixList.id), 0)))
            return overview, last_review, last_list
    finally:
        database.close()


def walk_todays_list(term: TmuxTerminal) -> int:
    """`o` on each lead of today's list (stepping over clients' rows) until the header says done."""
    found = term.wait_for(header, "the queue's header")
    count = int(found.group(1))
    for _step in range(1000):
        if found.group(3):
            return count
        row = cursor_row(term)
        if " client " in row:
            term.press("j")
            term.wait_for(lambda _screen: cursor_row(term) != row, "the cursor to go down a row")
            continue
        term.press("o")
        count += 1
        found = term.wait_for(given(count), f"verdict {count} in the header")
    raise AssertionError("today's list never said done")


def window_filled(screen: str) -> str | None:
    """The fix lists window's screen once it shows its lines ("Anna · 12 leads") or that none is left."""
    opened = "Fix lists to send" in screen
    return screen if opened and ("No fix list to send" in screen or DRAFT_LINE.search(screen)) else None


def send_every_fix_list(term: TmuxTerminal) -> tuple[int, str]:
    """`f` then `s` for each fix list, until the window says there is none left; its outcomes line."""
    sent, outcomes = 0, ""
    while True:
        term.press("f")
        screen = term.wait_for(window_filled, "the fix lists window")
        if not outcomes and "Fix lists since yesterday" in screen:  # the window's first outcome line
            line = next(line for line in screen.splitlines() if "done on time" in line)
            outcomes = next(part for part in re.split("[│┃]", line) if "done on time" in part).strip()
        if "No fix list to send" in screen:
            term.press("Escape")
            term.wait_for(lambda s: "Fix lists to send" not in s, "the fix lists window to close")
            return sent, outcomes
        term.press("s")
        sent += 1
        term.wait_for(lambda s: f"sent to managers {sent} list" in s, f"fix list {sent} sent")


@pytest.mark.slow
def test_a_heads_first_morning_on_the_demo_in_a_real_terminal(terminal, tmp_path, capsys, record_property):
    from salescockpit.store.engine import Database
    from salescockpit.store.tables import FixList, FixListItem, Lead, LeadReview

    path = tmp_path / "demo.db"
    began = time.monotonic()
    term = terminal("demo", "--db", str(path))
    first = term.wait_for(header, "the queue's header", deadline=240)  # the demo is built first
    opened = time.monotonic()
    at_start, last_review, last_list = morning_at_start(path)
    assert at_start.reviewed_today + at_start.today_count <= at_start.capacity + at_start.over_capacity
    assert at_start.drafts, "the demo's first morning has fix lists to send"

    reviewed = walk_todays_list(term)
    done_screen = term.screen()
    walked = time.monotonic()
    sent, outcomes = send_every_fix_list(term)
    finished = time.monotonic()
    term.press("C-q")
    term.wait_for(lambda s: "cockpit exited 0" in s, "the cockpit to quit", deadline=30)

    database = Database.open(path)
    try:
        with database.read() as session:
            today_verdicts = dict(session.execute(
                select(LeadReview.lead_id, func.count()).where(LeadReview.id > last_review)
                .where(~select(FixListItem.id).where(FixListItem.lead_review_id == LeadReview.id).exists())
                .group_by(LeadReview.lead_id)).all())
            lists = session.scalars(select(FixList).where(FixList.id > last_list)).all()
            actions = session.execute(
                select(FixListItem.fix_list_id, LeadReview.verdict, LeadReview.assignee_id, Lead.owner_id)
                .join(LeadReview, LeadReview.id == FixListItem.lead_review_id)
                .join(Lead, Lead.id == LeadReview.lead_id)
                .where(FixListItem.fix_list_id.in_([each.id for each in lists]))).all()
    finally:
        database.close()

    assert "done" in header(done_screen).group(0)
    assert set(at_start.today_ids) <= set(today_verdicts)  # every lead of today's list...
    assert set(today_verdicts.values()) == {1}  # ...has exactly one verdict from this morning
    assert len(today_verdicts) == reviewed - at_start.reviewed_today == term.keys.count("o")
    assert len(lists) == sent == len(at_start.drafts)
    by_list = {each.id: each.manager_id for each in lists}
    assert {list_id for list_id, *_rest in actions} == set(by_list)
    assert all(verdict == "action" and assignee == owner == by_list[list_id]
               for list_id, verdict, assignee, owner in actions)
    assert outcomes, "the next-morning view shows the fix lists since yesterday"

    said = (f"{first.group(0)} at the start; {len(term.keys)} keys: {compressed(term.keys)}; "
            f"fix lists since yesterday: {outcomes}; seconds: demo built and open {opened - began:.0f}, "
            f"today's list {walked - opened:.0f}, fix lists {finished - walked:.0f}")
    record_property("keys", said)
    with capsys.disabled():
        print("\n" + said)
