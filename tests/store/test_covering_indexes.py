"""What migration 0105 gives: the board's totals and the report's passes read indexes only.

`EXPLAIN QUERY PLAN` of the statements the app runs (SQLite), and the board's pages of several
columns at once (`card_pages`, one set of marker queries) against one column at a time.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event

from salescockpit.config import Settings
from salescockpit.reports import build_report
from salescockpit.store.queries.board import card_page, card_pages, stage_totals
from tests.conftest import TEST_NOW
from tests.store.test_board_queries import DAY, NOW, scope, seed  # noqa: F401  (the seed fixture)


def _plans(db, work) -> dict[str, list[str]]:
    """Every statement ``work(session)`` runs, with its query plan's lines."""
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.read() as session:
            work(session)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    with db.engine.connect() as connection:
        return {statement: [row[3] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
                for statement, parameters in statements}


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
def test_board_totals_read_the_stage_index_alone(db, seed):
    seed.lead("Anna", "needs", value=10)
    plans = _plans(db, lambda session: stage_totals(session, scope()))
    (plan,) = plans.values()
    assert any("COVERING INDEX ix_leads_stage_entered" in line for line in plan), plan


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
def test_the_report_reads_calls_and_stage_moves_through_covering_indexes_never_a_table_scan(db, seed):
    seed.call(seed.lead("Anna", "needs", value=10), NOW - DAY)
    settings = Settings(timezone="Europe/Moscow")
    plans = _plans(db, lambda session: build_report(session, date(2026, 11, 20), settings=settings, now=TEST_NOW))
    lines = [line for plan in plans.values() for line in plan]
    for table in ("calls", "stage_history", "call_objections"):
        assert f"SCAN {table}" not in lines, f"a full scan of {table}"
    calls_by_day = [plan for statement, plan in plans.items() if "FROM calls" in statement and "UNION ALL" in statement]
    assert calls_by_day and all(any("COVERING INDEX ix_calls_started_figures" in line for line in plan)
                                for plan in calls_by_day)
    assert not any("TEMP B-TREE" in line for plan in calls_by_day for line in plan)  # summed, never sorted


def test_pages_of_several_columns_are_the_pages_of_each(db, seed):
    for number in range(5):
        lead = seed.lead(f"Needs {number}", "needs", value=number, days_in=number * 10)
        seed.callback(lead, NOW - timedelta(hours=number + 1))
    for number in range(3):
        seed.call(seed.lead(f"New {number}", "new"), NOW - DAY, review=(True, False))
    board_scope = scope()
    with db.read() as session:
        together = card_pages(session, board_scope, {"needs": (None, 3), "new": (None, 2), "won": (None, 2)})
        one_by_one = {stage: card_page(session, board_scope, stage, limit=limit)
                      for stage, limit in (("needs", 3), ("new", 2), ("won", 2))}
        after = card_pages(session, board_scope, {"needs": (together["needs"].cards[1].position, 3)})["needs"]
        following = card_page(session, board_scope, "needs", after=together["needs"].cards[1].position,
                              inclusive=True, limit=3)
    assert together == one_by_one
    assert [card.lead_id for card in after.cards] == [card.lead_id for card in following.cards]
    assert after == following and after.has_before
    assert any(card.overdue_callback for card in together["needs"].cards)
    assert all(card.failed_review for card in together["new"].cards)


def test_the_reports_failed_calls_start_from_the_days_reviews(db, seed):
    """The day's failed reviews are read first (a CTE; MATERIALIZED on PostgreSQL, whose planner
    otherwise walked every call by its start hoping to meet them: 46 s at 10 million calls)."""
    from salescockpit.reports.problems import _failed_calls
    from salescockpit.reports.window import Window

    lead = seed.lead("Anna", "needs", value=10)
    seed.call(lead, NOW - DAY, review=(True, False))  # a critical miss, not passed
    settings = Settings(timezone="Europe/Moscow")
    window = Window.of((NOW - DAY).astimezone(settings.tz).date(), settings, NOW)
    statements: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.read() as session:
            found = _failed_calls(session, window)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert [problem.lead_id for problem in found] == [lead]
    (statement, parameters) = [(text, values) for text, values in statements if "call_reviews" in text][-1]
    if db.engine.dialect.name == "postgresql":
        assert "AS MATERIALIZED" in statement
        with db.engine.connect() as connection:
            plan = "\n".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + statement, parameters))
        assert "CTE day_failed_reviews" in plan and "CTE Scan on day_failed_reviews" in plan, plan
    else:
        assert statement.lstrip().upper().startswith("WITH DAY_FAILED_REVIEWS AS")


#: What migration 0120 gives the report: (table, index) -> its columns, on both databases.
REPORT_INDEXES = {
    ("calls", "ix_calls_started_figures"): ["started_at", "manager_id", "outcome", "duration_seconds", "recording_ref"],
    ("callbacks", "ix_callbacks_status_due"): ["status", "due_at", "done_at", "created_at", "owner_id", "lead_id"],
    ("callbacks", "ix_callbacks_done"): ["done_at", "due_at", "owner_id"],
    ("lead_reviews", "ix_lead_reviews_day"): ["day", "created_at", "lead_id", "verdict", "assignee_id"],
    ("lead_reviews", "ix_lead_reviews_created"): ["created_at", "lead_id"],
    ("call_reviews", "ix_call_reviews_created_at"): ["created_at", "call_id", "passed", "failed_critical", "score"],
}


def test_the_reports_indexes_hold_what_its_passes_read(db):
    from sqlalchemy import inspect

    inspector = inspect(db.engine)
    for (table, name), columns in REPORT_INDEXES.items():
        found = {index["name"]: index["column_names"] for index in inspector.get_indexes(table)}
        assert found.get(name) == columns, (table, name, found.get(name))


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
def test_the_reports_earlier_days_are_summed_unsorted_and_its_passes_read_indexes_alone(db, seed):
    lead = seed.lead("Anna", "needs", value=10)
    seed.call(lead, NOW - DAY, review=(False, True), objection=(False, True))
    seed.callback(lead, NOW - 2 * DAY)
    settings = Settings(timezone="Europe/Moscow")
    plans = _plans(db, lambda session: build_report(session, date(2026, 11, 20), settings=settings, now=TEST_NOW))

    def plans_of(*words: str) -> list[list[str]]:
        found = [plan for statement, plan in plans.items() if all(word in statement for word in words)]
        assert found, words
        return found

    for plan in plans_of("FROM stage_history", "UNION ALL") + plans_of("FROM callbacks", "UNION ALL"):
        assert not any("TEMP B-TREE" in line for line in plan), plan  # summed day by day, never sorted
    for plan in plans_of("FROM callbacks", "UNION ALL"):
        assert all("COVERING INDEX ix_callbacks_status_due" in line for line in plan if "callbacks" in line), plan
    for plan in plans_of("FROM calls LEFT OUTER JOIN call_speech_figures"):  # the talk ratio
        assert any("COVERING INDEX ix_calls_started_figures" in line for line in plan), plan
    for plan in plans_of("lead_reviews.created_at >=", "fix_list_items"):  # the control section's reviewed leads
        assert any("ix_lead_reviews_created" in line for line in plan), plan
        assert not any(line.startswith("SCAN leads") for line in plan), plan
    lines = [line for plan in plans.values() for line in plan]
    assert not any(line.startswith("SCAN stage_history") for line in lines)  # the moves since a day: a range
