"""The head's morning and the loop closed the next day, driven with keys under a fixed clock.

Monday 10:00: the head sends a fix list with `f` `s`, marks rows with space / shift+down and
gives them one verdict. The manager's queue shows each action whole; `o` with nothing done asks
for a comment. Wednesday 10:00 (Tuesday 18:00 was the due time): an action done Monday is on
time, one done Wednesday late, and the one not done is first in the head's list as overdue.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from textual.widgets import DataTable, Input, Static

from salescockpit.store.tables import FixList, FixListItem, LeadReview, User
from salescockpit.tui.screens.queue_clients import is_client_entry
from tests.tui.conftest import wait_ready


def _line(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def _send_first_fix_list(app, pilot, biggest: bool = False) -> None:
    await pilot.press("f")
    await wait_ready(pilot)
    if biggest:
        sizes = [len(draft.lead_ids) for draft in app.screen.drafts]
        await pilot.press(*["down"] * sizes.index(max(sizes)))
    await pilot.press("s")
    await wait_ready(pilot)


async def test_the_head_sends_a_fix_list_with_one_key(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        shown_before = [row.lead_id for row in app.screen.rows]
        # The 120-lead demo has 5 leads that waited 3 working days beyond the capacity of 60.
        assert "today 0 / 65 (5 waited 3+ working days) · f: 6 fix lists to send · sent" in _line(app, "#queue-progress")
        await _send_first_fix_list(app, pilot)
        assert "sent to managers 1 list" in _line(app, "#queue-progress")
        assert [row.lead_id for row in app.screen.rows] == shown_before  # today's places untouched
    with open_db.read() as session:
        fix_list = session.scalars(select(FixList)).one()
        items = session.scalars(select(LeadReview).join(FixListItem, FixListItem.lead_review_id == LeadReview.id)).all()
    assert items and all(item.assignee_id == fix_list.manager_id and item.action_text for item in items)
    assert not {item.lead_id for item in items} & set(shown_before)


async def test_marked_rows_get_one_verdict(make_app, open_db, clock):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        wanted = [row.lead_id for row in app.screen.rows[:3]]
        await pilot.press("space", "j", "shift+down")  # rows 1, 2 and 3
        assert app.screen.marked == set(wanted)
        await pilot.press("o")
        await wait_ready(pilot)
        assert not set(wanted) & {row.lead_id for row in app.screen.rows}
        assert "today 3 / 65" in _line(app, "#queue-progress")
    with open_db.read() as session:
        verdicts = session.scalars(select(LeadReview.verdict).where(LeadReview.lead_id.in_(wanted),
                                                            LeadReview.day == clock.today())).all()
    assert verdicts == ["ok", "ok", "ok"]


async def test_one_u_undoes_a_verdict_given_to_several_marked_rows(make_app, open_db, clock):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        wanted = [row.lead_id for row in app.screen.rows[:3]]
        await pilot.press("space", "j", "shift+down", "o")
        await wait_ready(pilot)
        await pilot.press("u")
        await wait_ready(pilot)
        assert set(wanted) <= {row.lead_id for row in app.screen.rows}
    with open_db.read() as session:
        left = session.scalars(select(LeadReview.id).where(LeadReview.lead_id.in_(wanted),
                                                        LeadReview.day == clock.today())).all()
    assert left == []


async def test_two_days_done_on_time_done_late_and_not_done(make_app, open_db, clock):
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await _send_first_fix_list(app, pilot, biggest=True)
    with open_db.read() as session:
        fix_list = session.scalars(select(FixList)).one()
        login = session.scalars(select(User.login).where(User.id == fix_list.manager_id)).one()
        actions = session.scalars(select(LeadReview).join(FixListItem, FixListItem.lead_review_id == LeadReview.id)
                                  .order_by(LeadReview.id)).all()
    assert len(actions) >= 3

    # Monday: the manager sees each instruction whole, and `o` with nothing done asks for a comment.
    manager = make_app(login)
    async with manager.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        rows = manager.screen.rows
        sent = {action.lead_id for action in actions}
        index = next(i for i, row in enumerate(rows) if row.lead_id in sent)  # the head's earlier actions first
        await pilot.press(*["j"] * index)
        first = rows[index]
        assert first.action_text in {action.action_text for action in actions}
        assert first.action_text in _line(manager, "#queue-reasons")
        await pilot.press("o")
        await wait_ready(pilot)
        assert isinstance(manager.focused, Input)
        await pilot.press(*"Client asked for January")
        await pilot.press("enter")
        await wait_ready(pilot)
        still = [row for row in manager.screen.rows if row.lead_id == first.lead_id]
        assert not still or still[0].action_text is None  # the lead may stay for its own reasons, not the action

    clock.instant += timedelta(days=2)  # Wednesday 10:00: Tuesday 18:00 has passed
    manager_late = make_app(login)
    async with manager_late.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        rows = manager_late.screen.rows
        index = next(i for i, row in enumerate(rows) if row.lead_id in sent)
        await pilot.press(*["j"] * index)
        late_lead = rows[index].lead_id
        await pilot.press("o")
        await wait_ready(pilot)
        await pilot.press(*"Done by phone", "enter")
        await wait_ready(pilot)

    head = make_app("head")
    async with head.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        not_done = {a.lead_id for a in actions} - {first.lead_id, late_lead}
        overdue_rows = head.screen.rows[: len(not_done)]
        assert {row.lead_id for row in overdue_rows} == not_done
        assert all(row.lead_id in not_done for row in overdue_rows)
        await pilot.press("f")
        await wait_ready(pilot)
        shown = str(head.screen.query_one("#fix-list-outcomes", Static).render())
        assert f"1 done on time, 1 late, {len(not_done)} not done" in shown
    from salescockpit.store.queries.fix_lists import fix_outcomes

    with open_db.read() as session:
        outcomes = {o.manager_login: o for o in fix_outcomes(session, clock.now() - timedelta(days=30), clock.now())}
    assert (outcomes[login].on_time, outcomes[login].late, outcomes[login].not_done) == (1, 1, len(not_done))
    with open_db.read() as session:
        notes = set(session.scalars(select(FixListItem.done_note).where(FixListItem.done_note != "")))
    assert notes == {"Client asked for January", "Done by phone"}


async def test_columns_take_the_width_they_need_and_the_reasons_line_holds_them_all(make_app):
    from rich.cells import cell_len

    from salescockpit.domain.review import problem_text

    app = make_app("head")
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_ready(pilot)
        table = app.screen.query_one("#queue-table")
        for column in table.columns.values():
            key = str(column.key.value)
            widest = max(cell_len(str(table.get_cell(str(row.lead_id), key))) for row in app.screen.rows)
            assert column.width >= widest, key  # at 160 columns nothing is cut
        row = app.screen.rows[0]
        line = _line(app, "#queue-reasons")
        assert all(problem_text(hit, app.cockpit.clock.now()) in line for hit in row.hits)


async def test_after_a_verdict_the_reasons_line_is_the_next_leads(make_app):
    from salescockpit.domain.review import problem_text

    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        first, second = app.screen.rows[0], app.screen.rows[1]
        now = app.cockpit.clock.now()
        assert {problem_text(hit, now) for hit in first.hits} != {problem_text(hit, now) for hit in second.hits}
        await pilot.press("o")
        await wait_ready(pilot)
        assert app.screen.rows[0].lead_id == second.lead_id
        line = _line(app, "#queue-reasons")
        assert all(problem_text(hit, now) in line for hit in second.hits)


def test_a_narrow_table_gives_width_by_priority():
    from salescockpit.tui.screens.queue_morning import fit_widths

    needed = {"lead": 20, "company": 20, "stage": 12, "problem": 24, "reasons": 30}
    widths = fit_widths(needed, 80)
    # Lead, stage and problem whole first (the line under the table has every reason), company last.
    assert widths == {"lead": 20, "stage": 12, "problem": 24, "reasons": 18, "company": 6}


async def test_the_bounded_list_ends_and_says_so(demo_path, clock, tmp_path):
    from salescockpit.config import Settings
    from salescockpit.tui.app import build_app

    # A backlog limit no lead reaches: only the capacity bounds the list here.
    settings = Settings(timezone="Europe/Moscow", review_daily_capacity=2, review_backlog_max_days=1000)
    app = build_app(db_target=str(demo_path), login="head", settings=settings, clock=clock, drafts_dir=tmp_path / "d")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        leads = [row for row in app.screen.rows if not is_client_entry(row)]
        clients = len(app.screen.rows) - len(leads)  # the clients' rows come on top of the bound
        assert len(leads) == 2
        for _lead in leads:
            first_lead = next(i for i, row in enumerate(app.screen.rows) if not is_client_entry(row))
            app.screen.query_one(DataTable).move_cursor(row=first_lead)
            await pilot.press("o")
            await wait_ready(pilot)
        assert len(app.screen.rows) == clients  # no lead left: a client's row stays until its reason goes
        assert "today 2 / 2, done ·" in _line(app, "#queue-progress")  # said, though clients stay


async def test_leads_aged_in_the_backlog_come_past_the_capacity_and_the_header_says_so(demo_path, clock, tmp_path,
                                                                                         open_db):
    """Capacity 2: the 26 leads that waited 3 working days come too, a page of 50 rows at a time."""
    from salescockpit.config import Settings
    from salescockpit.tui.app import build_app

    settings = Settings(timezone="Europe/Moscow", review_daily_capacity=2)
    app = build_app(db_target=str(demo_path), login="head", settings=settings, clock=clock, drafts_dir=tmp_path / "d")
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_ready(pilot)
        listed = [row.lead_id for row in app.screen.rows if not is_client_entry(row)]
        clients = len(app.screen.rows) - len(listed)  # the clients' rows come on top of the leads
        assert len(listed) == 28
        assert _line(app, "#queue-progress").startswith("today 0 / 28 (26 waited 3+ working days) · ")
        for _lead in listed:  # `o` on each lead (a client row takes no verdict)
            first_lead = next(i for i, row in enumerate(app.screen.rows) if not is_client_entry(row))
            app.screen.query_one(DataTable).move_cursor(row=first_lead)
            await pilot.press("o")
            await wait_ready(pilot)
        assert len(app.screen.rows) == clients
        header = _line(app, "#queue-progress")
        assert header.startswith("today 28 / 28, done · ") and "min reviewing" not in header  # a fixed clock: no pace
    with open_db.read() as session:
        reviewed = set(session.scalars(select(LeadReview.lead_id).where(LeadReview.day == clock.today())))
    assert set(listed) <= reviewed


async def test_a_list_longer_than_a_page_comes_a_page_at_a_time(make_app):
    """65 leads today (60 + 5 aged): the first page has 50 rows, moving down brings the other 15."""
    app = make_app("head")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert len([row for row in app.screen.rows if not is_client_entry(row)]) == 50
        await pilot.press(*["down"] * 50)
        await wait_ready(pilot)
        rows = [row.lead_id for row in app.screen.rows if not is_client_entry(row)]
        assert len(rows) == 65 == len(set(rows))
