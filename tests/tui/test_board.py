"""The pipeline board, driven with keys, checked on screen and in the database."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update

from salescockpit.domain.pipeline import DEFAULT_PIPELINE
from salescockpit.store.tables import AuditEntry, Call, Callback, CallObjection, CallReview, Lead, StageHistory, User
from salescockpit.tui.widgets.board_column import BoardColumn
from tests.conftest import TEST_NOW
from tests.tui.conftest import wait_ready


async def open_board(pilot) -> None:
    await wait_ready(pilot)
    await pilot.press("2")
    await wait_ready(pilot, "board")


def column(app, stage: str) -> BoardColumn:
    return app.screen.query_one(f"#col-{stage}", BoardColumn)


def shown_counts(app) -> dict[str, int]:
    return {col.stage: col.totals.count for col in app.screen.query(BoardColumn)}


async def focus_card(pilot, stage: str, wanted=lambda card: True):
    """Walk with h/l to ``stage``'s column and with j to the first card ``wanted`` accepts."""
    app = pilot.app
    for _ in range(12):
        if app.focused.stage == stage:
            break
        await pilot.press("l")
    target = column(app, stage)
    assert app.focused is target
    index = next(i for i, card in enumerate(target.cards) if wanted(card))
    await pilot.press("g", *["j"] * index)
    assert target.current is target.cards[index]
    return target.cards[index]


def stage_of(db, lead_id: int) -> str:
    with db.read() as session:
        return session.get(Lead, lead_id).stage


def moves_of(db, lead_id: int) -> list[tuple[str | None, str, str]]:
    """(from, to, login of the mover) of every stage move since the demo was built."""
    with db.read() as session:
        rows = session.execute(
            select(StageHistory.from_stage, StageHistory.to_stage, User.login)
            .join(User, User.id == StageHistory.moved_by_id)
            .where(StageHistory.lead_id == lead_id, StageHistory.moved_at >= TEST_NOW)
            .order_by(StageHistory.id)
        )
        return [tuple(row) for row in rows]


def stage_audit(db, lead_id: int) -> list[tuple[str | None, str | None]]:
    with db.read() as session:
        rows = session.execute(
            select(AuditEntry.old, AuditEntry.new).where(
                AuditEntry.entity == "lead", AuditEntry.entity_id == lead_id,
                AuditEntry.action == "lead.move", AuditEntry.field == "stage",
            ).order_by(AuditEntry.id)
        )
        return [tuple(row) for row in rows]


def notices(app) -> str:
    return " | ".join(str(notification.message) for notification in app._notifications)


async def test_columns_show_every_stage_with_the_database_counts(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        with open_db.read() as session:
            expected = Counter(session.scalars(select(Lead.stage)))
        assert shown_counts(app) == {stage: expected.get(stage, 0) for stage in DEFAULT_PIPELINE.keys}
        assert [col.folded for col in app.screen.query(BoardColumn)] == [False] * 8 + [True] * 3
        needs = column(app, "needs")
        values = [card.value or -1 for card in needs.cards if not card.stale]
        assert values == sorted(values, reverse=True)
        assert "all managers" in str(app.screen.query_one("#board-title").render())
        await pilot.press("z")
        await wait_ready(pilot, "board")
        won = column(app, "won")
        assert not won.folded and len(won.cards) == expected["won"]


async def test_a_card_moves_forward_and_back_with_history_and_audit(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "needs", lambda card: "failed_review" not in card.markers)
        before = column(app, "presentation").totals.count
        await pilot.press("L")
        await wait_ready(pilot, "board")
        assert stage_of(open_db, card.lead_id) == "presentation"
        assert card.lead_id in [each.lead_id for each in column(app, "presentation").cards]
        assert card.lead_id not in [each.lead_id for each in column(app, "needs").cards]
        assert column(app, "presentation").totals.count == before + 1
        assert "moved to Presentation" in notices(app)
        await focus_card(pilot, "presentation", lambda each: each.lead_id == card.lead_id)
        await pilot.press("H")
        await wait_ready(pilot, "board")
    assert stage_of(open_db, card.lead_id) == "needs"
    assert moves_of(open_db, card.lead_id) == [("needs", "presentation", "head"), ("presentation", "needs", "head")]
    # the demo's own moves of this lead come first in its trail
    assert stage_audit(open_db, card.lead_id)[-2:] == [("needs", "presentation"), ("presentation", "needs")]


async def test_undo_moves_the_last_lead_back(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "new")
        await pilot.press("u")
        assert "Nothing to undo." in notices(app)
        await pilot.press("shift+right")
        await wait_ready(pilot, "board")
        assert stage_of(open_db, card.lead_id) == "identification"
        await pilot.press("u")
        await wait_ready(pilot, "board")
        assert stage_of(open_db, card.lead_id) == "new"
        assert card.lead_id in [each.lead_id for each in column(app, "new").cards]
        assert "Undone" in notices(app)
        assert app.screen.undo_stack == []
    assert moves_of(open_db, card.lead_id) == [("new", "identification", "head"), ("identification", "new", "head")]


async def test_closing_as_lost_asks_the_reason_then_moves(make_app, open_db):
    from textual.widgets import Select

    from salescockpit.tui.modals.gate_prompt import GatePrompt, StagePicker

    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "nurture")
        lost_before = column(app, "lost").totals.count
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, StagePicker)
        await pilot.press("enter")  # the first choice: Lost
        await wait_ready(pilot, "board")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, GatePrompt):
                break
        assert isinstance(app.screen, GatePrompt)
        assert stage_of(open_db, card.lead_id) == "nurture"
        app.screen.query_one("#lost-reason", Select).value = "price"
        await pilot.press("ctrl+s")
        await wait_ready(pilot, "board")
        assert column(app, "lost").totals.count == lost_before + 1
    with open_db.read() as session:
        lead = session.get(Lead, card.lead_id)
        assert (lead.stage, lead.lost_reason) == ("lost", "price")
        open_callbacks = session.scalars(
            select(Callback.id).where(Callback.lead_id == card.lead_id, Callback.status == "open")
        ).all()
        assert open_callbacks == []
    assert moves_of(open_db, card.lead_id) == [("nurture", "lost", "head")]


async def test_a_manager_sees_only_own_leads_and_is_refused_anothers(make_app, open_db):
    app = make_app("ivanov")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        with open_db.read() as session:
            ivanov = session.scalars(select(User).where(User.login == "ivanov")).one()
            smith = session.scalars(select(User).where(User.login == "smith")).one()
            expected = Counter(session.scalars(select(Lead.stage).where(Lead.owner_id == ivanov.id)))
        assert shown_counts(app) == {stage: expected.get(stage, 0) for stage in DEFAULT_PIPELINE.keys}
        assert "only mine" in str(app.screen.query_one("#board-title").render())
        assert app.screen.check_action("pick_manager", ()) is False
        card = await focus_card(pilot, "qualification")
        # Meanwhile the head gives the lead to Smith: the board still shows it, the service refuses.
        with open_db.write() as session:
            session.execute(update(Lead).where(Lead.id == card.lead_id).values(owner_id=smith.id))
        await pilot.press("n")
        await wait_ready(pilot, "board")
        assert f"Lead #{card.lead_id} belongs to another manager." in notices(app)
        assert app.screen.undo_stack == []
    assert stage_of(open_db, card.lead_id) == "qualification"
    assert moves_of(open_db, card.lead_id) == []


def problem_leads(db) -> Counter:
    """Per stage, the leads with a marker or stale, computed here from the raw rows."""
    now = TEST_NOW
    with db.read() as session:
        leads = session.execute(select(Lead.id, Lead.stage, Lead.stage_entered_at)).all()
        overdue, planned = set(), set()
        for lead_id, due_at in session.execute(
            select(Callback.lead_id, Callback.due_at).where(Callback.status == "open")
        ):
            (overdue if due_at < now else planned).add(lead_id)
        objections = set(session.scalars(
            select(CallObjection.lead_id).where(CallObjection.handled.is_(False), CallObjection.resolved_at.is_(None))
        ))
        latest = {}
        for lead_id, started, call_id, critical, passed in session.execute(
            select(Call.lead_id, Call.started_at, Call.id, CallReview.failed_critical, CallReview.passed)
            .join(CallReview, CallReview.call_id == Call.id)
            .order_by(Call.started_at, Call.id)
        ):
            latest[lead_id] = critical or passed is False
    problems = Counter()
    for lead_id, stage, entered in leads:
        spec = DEFAULT_PIPELINE.spec(stage)
        stale = spec.stale_days is not None and not spec.is_terminal and now - entered > timedelta(days=spec.stale_days)
        no_next = not spec.is_terminal and lead_id not in planned
        if stale or lead_id in overdue or lead_id in objections or latest.get(lead_id) or no_next:
            problems[stage] += 1
    return problems


async def test_filters_narrow_the_counts(make_app, open_db):
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        everything = shown_counts(app)
        await pilot.press("exclamation_mark")
        await wait_ready(pilot, "board")
        problems = problem_leads(open_db)
        assert shown_counts(app) == {stage: problems.get(stage, 0) for stage in DEFAULT_PIPELINE.keys}
        assert sum(problems.values()) < sum(everything.values())
        assert "only problems" in str(app.screen.query_one("#board-title").render())
        await pilot.press("exclamation_mark")
        await wait_ready(pilot, "board")
        assert shown_counts(app) == everything

        with open_db.read() as session:
            names = session.execute(select(Lead.stage, Lead.name, Lead.company)).all()
        matching = Counter(stage for stage, name, company in names if "иван" in f"{name} {company}".casefold())
        assert 0 < sum(matching.values()) < sum(everything.values())
        await pilot.press("slash")
        await pilot.press(*"ИВАН")
        await pilot.press("enter")
        await wait_ready(pilot, "board")
        assert shown_counts(app) == {stage: matching.get(stage, 0) for stage in DEFAULT_PIPELINE.keys}
        assert "text: “ИВАН”" in str(app.screen.query_one("#board-title").render())
        assert isinstance(app.focused, BoardColumn)
        await pilot.press("escape")
        await wait_ready(pilot, "board")
        assert shown_counts(app) == everything

        with open_db.read() as session:
            petrova = session.scalars(select(User).where(User.login == "petrova")).one()
            hers = Counter(session.scalars(select(Lead.stage).where(Lead.owner_id == petrova.id)))
        await pilot.press("m")
        await wait_ready(pilot, "board")
        for _ in range(40):
            await pilot.pause(0.05)
            if app.screen.query("OptionList"):
                break
        options = app.screen.query_one("OptionList")
        index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == str(petrova.id))
        options.highlighted = index
        await pilot.press("enter")
        await wait_ready(pilot, "board")
        assert shown_counts(app) == {stage: hers.get(stage, 0) for stage in DEFAULT_PIPELINE.keys}
        assert "manager: Мария Петрова" in str(app.screen.query_one("#board-title").render())


async def test_a_long_column_pages_as_the_cursor_moves(make_app, monkeypatch):
    from salescockpit.tui.screens import board_data

    monkeypatch.setattr(board_data, "PAGE_SIZE", 4)
    app = make_app("head")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        await pilot.press("z")
        await wait_ready(pilot, "board")
        target = column(app, "disqualified")
        total = target.totals.count
        assert total > 12 and target.has_after and len(target.cards) < total
        await focus_card(pilot, "disqualified")
        await pilot.press("G")
        await wait_ready(pilot, "board")
        assert not target.has_after and target.start + target.cursor + 1 == total
        assert f"{total}/{total}" in target.render_line(0).text
        seen = [card.lead_id for card in target.cards]
        await pilot.press("g")
        await wait_ready(pilot, "board")
        assert target.start == 0 and target.cursor == 0
        for _ in range(total):
            await pilot.press("j")
            await wait_ready(pilot, "board")
        ids = [card.lead_id for card in target.cards]
        assert len(ids) == len(set(ids)) == total
        assert ids[-len(seen):] == seen


async def test_enter_opens_the_lead_card_and_c_logs_a_call_for_the_focused_lead(make_app):
    from salescockpit.tui.modals.log_call import LogCallForm
    from salescockpit.tui.screens.lead_card import LeadCardScreen

    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        await focus_card(pilot, "qualification")
        await pilot.press("j")
        card = column(app, "qualification").current
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LeadCardScreen) and app.screen.lead_id == card.lead_id
        await pilot.press("escape")
        await wait_ready(pilot, "board")
        assert column(app, "qualification").current.lead_id == card.lead_id  # the board kept its place
        await pilot.press("c")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, LogCallForm):
                break
        assert isinstance(app.screen, LogCallForm) and app.screen.lead_id == card.lead_id


async def test_a_column_keeps_a_bounded_window_and_slots_moved_cards_in_order():
    from textual.app import App

    from salescockpit.tui.widgets.board_card import CardView
    from salescockpit.tui.widgets.board_column import WINDOW_LIMIT

    def cards(first: int, count: int) -> list[CardView]:
        return [CardView(n, f"Lead {n}", "", None, "A B", 1, False, order=(1, 0, n)) for n in range(first, first + count)]

    wanted = []

    class Host(App):
        def compose(self):
            yield BoardColumn("needs", "Needs")

        def on_board_column_page_wanted(self, message: BoardColumn.PageWanted) -> None:
            wanted.append(message.direction)

    app = Host()
    async with app.run_test(size=(40, 30)) as pilot:
        col = app.query_one(BoardColumn)
        col.replace(cards(0, 200), has_after=True)
        col.move_cursor(195)
        await pilot.pause()
        assert wanted == ["after"] and col.current.lead_id == 195
        col.extend_after(cards(200, 200), has_after=False)
        assert len(col.cards) == WINDOW_LIMIT and col.start == 100 and col.has_before
        assert col.current.lead_id == 195 and col.start + col.cursor == 195
        col.remove_card(150)  # before the cursor: the cursor stays on its card
        assert col.current.lead_id == 195
        moved = CardView(999, "Moved", "", 5, "A B", 0, False, order=(1, 0, 170))
        assert col.insert_card(moved)
        ids = [card.lead_id for card in col.cards]
        assert ids[ids.index(999) - 1: ids.index(999) + 2] == [169, 999, 170]
        assert col.current.lead_id == 195
        assert not col.insert_card(CardView(998, "Far up", "", 5, "A B", 0, False, order=(0, 0, 1)))
        assert col.start == 101  # it landed above the window: positions shift by one


def stages_of_everyone(db) -> dict[int, str]:
    with db.read() as session:
        return dict(session.execute(select(Lead.id, Lead.stage)).all())


async def test_L_L_L_moves_one_lead_three_stages_and_the_cursor_follows_it(make_app, open_db):
    """The issue: the cursor stayed behind, so each L moved the next card instead of the same lead."""
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "personal_contact", lambda card: "failed_review" not in card.markers)
        before = stages_of_everyone(open_db)
        await pilot.press("L", "L", "L")  # pressed at once: some land while the first move is in flight
        await wait_ready(pilot, "board")
        closing = column(app, "closing")
        assert app.focused is closing and closing.current.lead_id == card.lead_id
        assert closing.render_line(0).text.strip().startswith(closing.label)
        await pilot.press("H")  # one more key, once everything settled: the same lead again
        await wait_ready(pilot, "board")
        assert app.focused is column(app, "presentation")
        assert column(app, "presentation").current.lead_id == card.lead_id
    after = stages_of_everyone(open_db)
    assert {lead for lead in before if before[lead] != after[lead]} == {card.lead_id}
    assert moves_of(open_db, card.lead_id) == [
        ("personal_contact", "needs", "head"), ("needs", "presentation", "head"),
        ("presentation", "closing", "head"), ("closing", "presentation", "head"),
    ]


async def test_a_gate_prompt_stops_a_sequence_of_moves(make_app, open_db):
    from salescockpit.tui.modals.gate_prompt import GatePrompt

    app = make_app("head")
    with open_db.read() as session:
        no_bant = set(session.scalars(select(Lead.id).where(Lead.stage == "qualification", Lead.bant_budget.is_(None))))
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        card = await focus_card(pilot, "qualification", lambda card: card.lead_id in no_bant)
        before = stages_of_everyone(open_db)
        await pilot.press("L", "L")
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, GatePrompt):
                break
        assert isinstance(app.screen, GatePrompt)
        await pilot.press("escape")
        await wait_ready(pilot, "board")
        assert not isinstance(app.screen, GatePrompt)
        assert column(app, "qualification").current.lead_id == card.lead_id
    assert stages_of_everyone(open_db) == before


async def test_the_board_money_shows_its_currency(make_app, open_db):
    """The issue: the board's money had no currency (the team's values are roubles)."""
    app = make_app("head")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_board(pilot)
        closing = column(app, "closing")
        assert closing.totals.value > 0
        assert closing.render_line(1).text.startswith(f" {closing.totals.count} · RUB ")
        await focus_card(pilot, "closing", lambda card: card.value)
        value_line = closing.render_line(3 + 2).text  # the first card's third line: value · owner · days
        assert "RUB " in value_line
        assert "· RUB " in str(app.screen.query_one("#board-title").render())
        await pilot.press("z")
        await wait_ready(pilot, "board")
        await pilot.press("z")  # folded again: the narrow column still shows its money
        await wait_ready(pilot, "board")
        won = column(app, "won")
        assert won.folded and "RUB" in won.render_line(2).text


def test_compact_money_in_english_and_in_russian():
    from salescockpit import i18n
    from salescockpit.tui.widgets.board_card import compact_money, money_that_fits

    try:
        assert [compact_money(v) for v in (None, 120, 12_500, 1_200_000)] == ["—", "RUB 120", "RUB 12.5k", "RUB 1.2M"]
        assert compact_money(12_500, "USD") == "$12.5k"
        i18n.set_language("ru")
        assert compact_money(12_500) == "12,5\xa0тыс.\xa0₽"
        assert money_that_fits(123_400, 11) == "123,4\xa0тыс."  # no room for the sign: the number alone
    finally:
        i18n.set_language("en")


async def test_the_cursor_follows_a_card_that_lands_beyond_the_window_shown(make_app, open_db, monkeypatch):
    from salescockpit.tui.screens import board_data
    from salescockpit.tui.widgets import board_column

    monkeypatch.setattr(board_data, "PAGE_SIZE", 3)
    monkeypatch.setattr(board_column, "LOOKAHEAD", 1)  # windows of a few cards, as in a long column
    app = make_app("head")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_board(pilot)
        target = column(app, "identification")
        assert target.has_after and target.totals.count > 6  # the column goes on below the cards it holds
        card = await focus_card(pilot, "new")
        await pilot.press("L")
        await wait_ready(pilot, "board")
        everything = board_data.load_pages(app.cockpit, board_data.BoardView(), {"identification": (None, 1000)})
        order = [each.lead_id for each in everything["identification"].cards]
        assert order.index(card.lead_id) >= 3  # beyond the first window: it had to be read around the card
        assert app.focused is target and target.current.lead_id == card.lead_id
        assert target.start + target.cursor == order.index(card.lead_id)
        position = f"{order.index(card.lead_id) + 1}/{target.totals.count}"
        assert position in target.render_line(0).text
        await pilot.press("L")
        await wait_ready(pilot, "board")
    assert moves_of(open_db, card.lead_id) == [("new", "identification", "head"),
                                                ("identification", "qualification", "head")]
