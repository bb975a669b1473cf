"""A manager never reads another manager's lead: through any query, export or report format.

Table-driven over every public function of `salescockpit.store.queries` (the completeness test
fails when a function is added without an entry here), on the team of `team_world`: Boris's
leads carry "Secret" and phones found nowhere else, and one of them is a lead Anna worked before
the head handed it to Boris. Each read runs twice: as the head, where Boris's data must show (so
the search can fail), and as Anna, where it must not. A filter naming Boris, asked by Anna, is
refused with PermissionDenied (the rule: `store.queries.visibility`).
"""

from __future__ import annotations

import csv
import importlib
import inspect
import io
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

import salescockpit.store.queries as queries_package
from salescockpit.clock import local_day_bounds
from salescockpit.reports import build_report, build_trend, render
from salescockpit.services.callbacks import complete_callback, schedule_callback
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import PermissionDenied
from salescockpit.services.leads import update_lead
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.store.queries.audit_trail import trail_page
from salescockpit.store.queries.board import (
    BoardFilter, BoardScope, board_card, card_page, card_pages, page_markers, stage_totals,
)
from salescockpit.store.queries.callbacks import (
    callback_to_settle,
    calls_since,
    due_callbacks,
    due_counts,
    promise_history,
)
from salescockpit.store.queries.compliance import (
    VIEWS,
    CallFilter,
    call_for_review,
    compliance_by_manager,
    review_calls_page,
)
from salescockpit.store.queries.lead_card import lead_card
from salescockpit.store.queries.leads import find_leads, lead_match
from salescockpit.store.queries.objections import (
    count_open_objections,
    objection_calls,
    objection_ledger,
    objection_type_rows,
    objections_for_lead,
    open_objections_page,
)
from salescockpit.store.queries.queue import (
    build_scope,
    lead_facts,
    pending_action_ids,
    queue_progress,
    queue_rows,
    review_queue_page,
)
from salescockpit.store.queries.rechecks import recheck_detail, recheck_page, recheck_stats
from salescockpit.store.queries.reconcile import reconcile, reconcile_day
from salescockpit.store.queries.transcripts import call_lead_id, call_transcript
from salescockpit.store.tables import Call, Callback, Lead

from tests.services.team_world import ANNA_MARK, FRIDAY, MONDAY, MSK, SECRETS, Team, at, build_team

SINCE, UNTIL = at(FRIDAY, 0), at(MONDAY, 10)
FAR = at(MONDAY, 23)


@pytest.fixture
def team(db, tmp_path) -> Team:
    return build_team(db, tmp_path)


# What a result shows -------------------------------------------------------------------------


def _atoms(value: Any, name: str = "") -> list[tuple[str, Any]]:
    """Every scalar in ``value`` with the name of the field (or "key" for a dict key) it sits in."""
    if is_dataclass(value) and not isinstance(value, type):
        return [atom for item in fields(value) for atom in _atoms(getattr(value, item.name), item.name)]
    if isinstance(value, dict):
        return [atom for key, item in value.items() for atom in (*_atoms(key, "key"), *_atoms(item, name))]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [atom for item in value for atom in _atoms(item, name)]
    return [(name, value)]


def leaks(value: Any, team: Team, *, keyed_by_lead: bool = False) -> list[str]:
    """Boris's secrets, and the fields (or lead-id keys) naming one of his leads, found in ``value``."""
    found = []
    for name, atom in _atoms(value):
        text = str(atom).casefold()
        found += [f"{name}={atom!r}" for secret in SECRETS if secret in text]
        if isinstance(atom, int) and atom in team.boris_lead_ids and (
            name == "lead_id" or (name == "key" and keyed_by_lead)):
            found.append(f"{name}={atom}")
    return found


def text_leaks(text: str) -> list[str]:
    folded = text.casefold()
    return [secret for secret in SECRETS if secret in folded]


# The table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rows:
    """A read that lists lead data: Boris's shows for the head, never for Anna."""

    covers: tuple[str, ...]
    read: Callable[[Any, Team, Any], Any]
    other: Callable[[Any, Team, Any], Any] | None = None  # Anna naming Boris: refused
    keyed_by_lead: bool = False


@dataclass(frozen=True)
class OneLead:
    """A read of one lead (or one call): Anna asking for one of Boris's is refused."""

    covers: tuple[str, ...]
    read: Callable[[Any, Team, Any, str], Any]  # (session, team, viewer, lead key)


@dataclass(frozen=True)
class Figures:
    """Counts per user: Anna's are the head's figures for Anna; the team's differ; Boris's refused."""

    covers: tuple[str, ...]
    read: Callable[[Any, Team, Any, int | None], Any]  # (session, team, viewer, user id filter)


def _board_scope(team: Team, viewer, owner_id: int | None = None) -> BoardScope:
    return BoardScope(team.clock.now(), team.ctx.pipeline, BoardFilter(owner_id=owner_id), viewer=viewer)


def _queue_scope(team: Team, viewer, manager_id: int | None = None):
    return build_scope(team.ctx.settings, now=team.clock.now(), viewer_id=viewer.id, viewer_is_head=viewer.is_head,
                       manager_id=manager_id)


def _whole_queue(session, team: Team, viewer, manager_id: int | None = None) -> list:
    scope, rows, after = _queue_scope(team, viewer, manager_id), [], None
    while True:
        page = review_queue_page(session, scope, after, limit=2)
        rows += page.rows
        if page.next_cursor is None:
            return rows
        after = page.next_cursor


def _all_ids(team: Team) -> list[int]:
    return sorted(team.leads.values())


def _price_type(session) -> int:
    return next(row.id for row in objection_type_rows(session) if row.key == "price")


def _viewer_id(viewer) -> int | None:
    return None if viewer.is_head else viewer.id


CASES: tuple[Rows | OneLead | Figures, ...] = (
    # the audit trail
    Rows(("audit_trail.trail_page",), lambda s, t, v: trail_page(s, viewer=v),
         lambda s, t, v: trail_page(s, owner_id=t.boris.id, viewer=v)),
    # leads
    Rows(("leads.find_leads",), lambda s, t, v: find_leads(s, "lead", viewer=v),
         lambda s, t, v: find_leads(s, "lead", owner_id=t.boris.id, viewer=v)),
    Rows(("leads.lead_match",), lambda s, t, v: [lead_match(s, i, viewer=v) for i in _all_ids(t)],
         lambda s, t, v: lead_match(s, t.leads["anna"], owner_id=t.boris.id, viewer=v)),
    # callbacks
    Rows(("callbacks.due_callbacks",), lambda s, t, v: due_callbacks(s, before=FAR, viewer=v),
         lambda s, t, v: due_callbacks(s, before=FAR, owner_id=t.boris.id, viewer=v)),
    Figures(("callbacks.promise_history",),
            lambda s, t, v, u: promise_history(s, start=SINCE, end=UNTIL, owner_id=u, viewer=v)),
    Figures(("callbacks.due_counts",),
            lambda s, t, v, u: due_counts(s, now=t.clock.now(), before=FAR, owner_id=u, viewer=v)),
    OneLead(("callbacks.calls_since",), lambda s, t, v, key: calls_since(s, t.leads[key], SINCE, viewer=v)),
    OneLead(("callbacks.callback_to_settle",),
            lambda s, t, v, key: (callback_to_settle(s, t.leads[key], before=FAR, viewer=v),)),
    # reconcile (the viewer is the manager's id)
    Rows(("reconcile.reconcile_day",), lambda s, t, v: reconcile_day(s, FRIDAY, MSK, _viewer_id(v))),
    Rows(("reconcile.reconcile",), lambda s, t, v: reconcile(s, *local_day_bounds(FRIDAY, MSK), _viewer_id(v))),
    # the lead card
    OneLead(("lead_card.lead_card",),
            lambda s, t, v, key: lead_card(s, t.leads[key], viewer_id=v.id, viewer_is_head=v.is_head)),
    # the review queue
    Rows(("queue.review_queue_page", "queue.build_scope"), lambda s, t, v: _whole_queue(s, t, v),
         lambda s, t, v: _whole_queue(s, t, v, manager_id=t.boris.id)),
    Rows(("queue.queue_rows",), lambda s, t, v: queue_rows(s, _queue_scope(t, v), _all_ids(t))),
    Rows(("queue.lead_facts",), lambda s, t, v: lead_facts(s, _queue_scope(t, v), _all_ids(t)), keyed_by_lead=True),
    OneLead(("queue.pending_action_ids",), lambda s, t, v, key: pending_action_ids(s, t.leads[key], viewer=v)),
    # the board
    Rows(("board.card_page",), lambda s, t, v: [card_page(s, _board_scope(t, v), stage) for stage in t.ctx.pipeline.keys],
         lambda s, t, v: card_page(s, _board_scope(t, v, t.boris.id), "new")),
    Rows(("board.card_pages",),
         lambda s, t, v: list(card_pages(s, _board_scope(t, v), {k: (None, 40) for k in t.ctx.pipeline.keys}).values()),
         lambda s, t, v: card_pages(s, _board_scope(t, v, t.boris.id), {"new": (None, 40)})["new"]),
    Rows(("board.board_card",), lambda s, t, v: [board_card(s, _board_scope(t, v), i) for i in _all_ids(t)]),
    Rows(("board_markers.page_markers",), lambda s, t, v: page_markers(s, _board_scope(t, v), _all_ids(t)), keyed_by_lead=True),
    Figures(("board.stage_totals",), lambda s, t, v, u: stage_totals(s, _board_scope(t, v, u))),
    # script compliance
    Rows(("compliance.review_calls_page",),
         lambda s, t, v: [review_calls_page(s, CallFilter(view), viewer=v) for view in VIEWS],
         lambda s, t, v: review_calls_page(s, CallFilter("failed", t.boris.id), viewer=v)),
    OneLead(("compliance.call_for_review",), lambda s, t, v, key: call_for_review(s, t.calls[key], v)),
    Figures(("compliance.compliance_by_manager",),
            lambda s, t, v, u: compliance_by_manager(s, SINCE, UNTIL, manager_id=u, viewer=v)),
    # objections
    Figures(("objections.objection_ledger",),
            lambda s, t, v, u: objection_ledger(s, SINCE, UNTIL, "won", manager_id=u, viewer=v)),
    Rows(("objections.objection_calls",),
         lambda s, t, v: objection_calls(s, _price_type(s), None, SINCE, UNTIL, viewer=v),
         lambda s, t, v: objection_calls(s, _price_type(s), t.boris.id, SINCE, UNTIL, viewer=v)),
    Rows(("objections.open_objections_page",),
         lambda s, t, v: open_objections_page(s, t.ctx.pipeline.terminal_keys, viewer=v),
         lambda s, t, v: open_objections_page(s, t.ctx.pipeline.terminal_keys, owner_id=t.boris.id, viewer=v)),
    Figures(("objections.count_open_objections",),
            lambda s, t, v, u: count_open_objections(s, t.ctx.pipeline.terminal_keys, owner_id=u, viewer=v)),
    OneLead(("objections.objections_for_lead",), lambda s, t, v, key: objections_for_lead(s, t.leads[key], viewer=v)),
    # qualification re-checks
    Rows(("rechecks.recheck_page",), lambda s, t, v: recheck_page(s, viewer=v),
         lambda s, t, v: recheck_page(s, owner_id=t.boris.id, viewer=v)),
    OneLead(("rechecks.recheck_detail",), lambda s, t, v, key: recheck_detail(s, t.leads[key], viewer=v)),
    # transcripts of calls (issue 20)
    OneLead(("transcripts.call_transcript",), lambda s, t, v, key: call_transcript(s, v, t.calls[key])),
    OneLead(("transcripts.call_lead_id",), lambda s, t, v, key: call_lead_id(s, v, t.calls[key])),
    Figures(("rechecks.recheck_stats",), lambda s, t, v, u: recheck_stats(s, SINCE, UNTIL, manager_id=u, viewer=v)),
)

#: Public functions with a test of their own below.
COVERED_BY_OWN_TEST = {
    "queue.queue_progress": "test_queue_progress_counts_the_managers_own_queue",
    # The reference the roll-up rows are compared with: the same scope rule (`_own_leads`) as queue_rows.
    **dict.fromkeys(("queue.queue_rows_from_raw_tables", "queue_sqlite.sqlite_group_rows"),
                    "tests/morning/test_queue_page_rollups.py::"
                    "test_the_roll_up_page_equals_the_old_page_for_every_viewer_page_after_page"),
    "queue_verdicts.undoable_verdicts": "test_the_undo_stack_is_the_heads_own_and_a_manager_reads_nothing_in_it",
    # Money: a manager's unit is the client (clients.manager_id), not the lead.
    **dict.fromkeys(("contracts.client_page", "contracts.contract_page", "contracts.payment_page",
                     "receivables.receivables_aging"),
                    "tests/money/test_money_cli.py::test_queries_keep_a_manager_to_their_own_clients"),
}
#: The money and morning queries: each keeps a manager to their own rows in the test named.
ACCOUNTS_TEST = "tests/store/test_accounts_queries.py::test_a_manager_walks_only_their_clients_and_cannot_open_another_card"
MORNING_TEST = "tests/morning/test_queue_cli.py::test_a_manager_gets_only_their_own_leads"
COVERED_BY_OWN_TEST.update({
    **dict.fromkeys(("accounts.accounts_page", "account_card.client_card", "account_card.payments_to_match",
                     "accounts.require_client_visible"), ACCOUNTS_TEST),
    **dict.fromkeys(("accounts.account_rows", "accounts.client_facts", "accounts.open_disputes", "account_card.open_contracts"),
                    "rows for client ids accounts_page / client_card already scoped to the viewer: " + ACCOUNTS_TEST),
    **dict.fromkeys(("queue_split.morning_plan", "queue_morning.morning_overview"), MORNING_TEST),
    "fix_lists.draft_fix_lists": "drafts from rows read in the viewer's scope (today_list.draft_leads): " + MORNING_TEST,
    **dict.fromkeys(("today_list.today_slice", "today_list.draft_leads"),
                    "read by morning_overview in the scope it builds for the viewer: " + MORNING_TEST),
    **dict.fromkeys(("today_list.today_after", "queue_morning.today_more"),
                    "tests/morning/test_three_way_split.py::test_a_managers_pages_hold_only_their_leads"),
    **dict.fromkeys(("queue_split.open_fix_actions", "queue_split.reviewed_today", "queue_split.fresh_after"),
                    "counts and ids in the scope morning_plan / today_slice pass (a manager's owner filter): "
                    + MORNING_TEST),
    "fix_lists.open_actions": "the actions of the manager id the screen passes (a manager: their own)",
    "fix_lists.fix_outcomes": "per-manager counts of actions done on time, late, not done (no lead named)",
    **dict.fromkeys(("money_figures.collected", "money_figures.planned", "money_figures.still_due",
                     "money_figures.overdue_on", "money_figures.broken_promises", "money_figures.campaign_outcomes",
                     "money_figures.churn", "money_figures.collected_on_time", "plans.plan_rows"),
                    "tests/money/test_money_figures.py::test_a_manager_gets_only_their_own_money"),
    **dict.fromkeys(("campaigns.picked_clients", "campaigns.open_campaign_calls", "campaigns.campaign_summaries"),
                    "tests/money/test_campaigns.py::test_a_manager_sees_only_the_campaign_calls_they_owe"),
    "campaigns.campaign_call_for_lead":
        "tests/money/test_campaigns.py::test_a_referral_given_on_the_call_becomes_a_lead_and_closes_the_task",
    "reminders.reminder_for_lead": "a manager gets only their own task: "
                                   "tests/tui/test_reminder_calls.py::test_the_manager_logs_the_reminder_call_with_its_outcome",
    "queue_clients.client_queue_rows": "a manager gets only their own tasks' clients: "
                                       "tests/tui/test_reminder_calls.py::test_the_manager_sees_the_reminder_call_with_the_debt_in_the_queue",
    "reminders.reminder_plan": "a manager gets the steps they act on: "
                               "tests/money/test_reminder_cli.py::test_reminders_lists_the_configured_ladder_and_run_makes_the_tasks_once",
})
#: Public functions that return no lead data, and why.
NOT_LEAD_DATA = {
    "callbacks.team_members": "the user directory (names and roles) for pickers",
    "board.board_owners": "the user directory for the head's owner filter",
    "lead_card.objection_catalog": "the objection types",
    "objections.objection_type_rows": "the objection catalog with team-wide counts, no lead",
    "compliance.script_definition": "parses a script row",
    "accounts.horizon": "a date from the working-day rule",
    "fix_lists.action_for": "the instruction's words for a reason and a stage",
    "fix_lists.summary_text": "a fix list's one-line summary from rows already chosen",
    "queue_morning.minutes_reviewing_today": "the reviewer's own time between verdicts today, no lead",
    "queue_sqlite.sqlite_read": "the session's own sqlite3 connection in a read transaction, no row",
    "board.cards_before": "a card's place in its column, counted within the viewer's BoardScope",
    "reconcile.phone_log_exists": "whether any phone log was imported: yes or no, no row",
    "money_figures.team_total": "adds up per-manager figures already scoped to the viewer",
}
#: Public functions that build SQL for the reads above; they return expressions, never rows.
SQL_BUILDERS = {
    **dict.fromkeys(("queue_sql.reason_condition", "queue_sql.since_expression", "queue_sql.scope_filter",
                     "queue_sql.group_condition", "queue_sql.group_reasons", "queue_sql.group_page",
                     "queue_sql.stale_before"),
                    "the queue's SQL from a QueueScope (its owner_id is the viewer's), run by review_queue_page"),
    **dict.fromkeys(("audit_trail.about_lead", "audit_trail.owned_by"),
                    "the trail's conditions; trail_page applies owned_by for a manager"),
    **dict.fromkeys(("board.stale_condition", "board.problem_condition", "board.filter_condition"),
                    "the board's conditions; filter_condition applies BoardScope.owner_id"),
    **dict.fromkeys(("board_plans.stage_for_grouping", "board_plans.entered_in_order"),
                    "a column of the board's statements, spelled for SQLite's planner (no rows of its own)"),
    "accounts.ranked_clients": "the accounts' ranking as a subquery; accounts_page applies the viewer",
    "queue_split.last_verdict_at": "a correlated subquery on the lead morning_plan reads (its scope applies the viewer)",
    **dict.fromkeys(("rechecks.marked_at", "rechecks.is_marked", "rechecks.needs_recheck_condition"),
                    "the re-check rule as SQL"),
    **dict.fromkeys(("visibility.own_leads", "visibility.lead_is_visible", "visibility.require_lead_visible"),
                    "the rule itself"),
}
#: One lead of Boris's each way: his own, and the one handed over from Anna (her calls on it).
BORIS_KEYS = ("boris", "handed")


def _public_functions() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(queries_package.__path__):
        module = importlib.import_module(f"{queries_package.__name__}.{module_info.name}")
        for name, value in vars(module).items():
            if inspect.isfunction(value) and value.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module_info.name}.{name}")
    return found


def test_every_query_function_has_an_entry():
    covered = {name for case in CASES for name in case.covers}
    listed = covered | set(COVERED_BY_OWN_TEST) | set(NOT_LEAD_DATA) | set(SQL_BUILDERS)
    public = _public_functions()
    assert public - listed == set(), "add these to CASES (or say why they hold no lead data)"
    assert listed - public == set(), "these entries name functions that no longer exist"


def _id(case) -> str:
    return case.covers[0]


@pytest.mark.parametrize("case", [case for case in CASES if isinstance(case, Rows)], ids=_id)
def test_lists_keep_a_manager_to_their_own_leads(team, case: Rows):
    with team.ctx.db.read() as session:
        as_head = case.read(session, team, team.head)
        as_anna = case.read(session, team, team.anna)
        if case.other is not None:
            with pytest.raises(PermissionDenied):
                case.other(session, team, team.anna)
    assert leaks(as_head, team, keyed_by_lead=case.keyed_by_lead), "the head must see Boris's leads here"
    assert leaks(as_anna, team, keyed_by_lead=case.keyed_by_lead) == []


@pytest.mark.parametrize("case", [case for case in CASES if isinstance(case, OneLead)], ids=_id)
@pytest.mark.parametrize("key", BORIS_KEYS)
def test_one_of_another_managers_leads_is_refused(team, case: OneLead, key: str):
    with team.ctx.db.read() as session:
        assert case.read(session, team, team.head, key), "the head reads it"
        with pytest.raises(PermissionDenied):
            case.read(session, team, team.anna, key)
        assert case.read(session, team, team.anna, "anna") is not None  # her own is fine


@pytest.mark.parametrize("case", [case for case in CASES if isinstance(case, Figures)], ids=_id)
def test_figures_are_a_managers_own(team, case: Figures):
    with team.ctx.db.read() as session:
        as_anna = case.read(session, team, team.anna, None)
        head_for_anna = case.read(session, team, team.head, team.anna.id)
        whole_team = case.read(session, team, team.head, None)
        with pytest.raises(PermissionDenied):
            case.read(session, team, team.anna, team.boris.id)
    assert as_anna == head_for_anna
    assert whole_team != as_anna, "the team's figures include Boris's"
    assert leaks(as_anna, team) == []


def test_queue_progress_counts_the_managers_own_queue(team):
    with team.ctx.db.read() as session:
        day_start = local_day_bounds(MONDAY, MSK)[0]
        mine = queue_progress(session, _queue_scope(team, team.anna), day_start)
        everyone = queue_progress(session, _queue_scope(team, team.head), day_start)
        assert mine.in_queue == len(_whole_queue(session, team, team.anna)) > 0
        assert everyone.in_queue == len(_whole_queue(session, team, team.head)) > mine.in_queue


# Writes on another manager's lead ------------------------------------------------------------


def _counts(team: Team) -> tuple[int, int, list]:
    with team.ctx.db.read() as session:
        return (session.scalar(select(func.count()).select_from(Call)),
                session.scalar(select(func.count()).select_from(Callback)),
                list(session.execute(select(Lead.id, Lead.stage, Lead.name, Lead.owner_id).order_by(Lead.id))))


@pytest.mark.parametrize("key", BORIS_KEYS)
def test_a_manager_cannot_work_another_managers_lead(team, key):
    lead_id, anna = team.leads[key], team.anna
    before = _counts(team)
    later = team.clock.now().replace(hour=15)
    attempts = (
        lambda: log_call(team.ctx, anna, CallDraft(lead_id, "out", "no_answer", 0)),
        lambda: move_stage(team.ctx, anna, lead_id, "identification"),
        lambda: mark_junk(team.ctx, anna, lead_id, "spam"),
        lambda: update_lead(team.ctx, anna, lead_id, name="Taken"),
        lambda: schedule_callback(team.ctx, anna, lead_id, later),
    )
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    with team.ctx.db.read() as session:
        callback_id = session.scalar(select(Callback.id).where(Callback.lead_id == lead_id, Callback.status == "open"))
    with pytest.raises(PermissionDenied):
        complete_callback(team.ctx, anna, callback_id)
    assert _counts(team) == before


# Exports and every report format -------------------------------------------------------------


def _xlsx_text(data: bytes) -> str:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(" ".join("" if cell is None else str(cell) for cell in row)
                     for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True))


def _as_text(data: bytes, fmt: str) -> str:
    return _xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["leads", "calls"])
def test_exports_hold_only_the_managers_own_rows(team, what, fmt):
    from salescockpit.exports.calls import export_calls
    from salescockpit.exports.leads import export_leads

    export = export_leads if what == "leads" else export_calls
    head_text = _as_text(export(team.ctx, team.head, fmt)[0], fmt)
    anna_data, count = export(team.ctx, team.anna, fmt)
    anna_text = _as_text(anna_data, fmt)
    assert text_leaks(head_text)
    assert text_leaks(anna_text) == [] and ANNA_MARK in anna_text and count > 0
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(anna_text)))
        ids = {int(row["id" if what == "leads" else "lead_id"]) for row in rows}
        assert ids and ids <= team.anna_lead_ids


@pytest.mark.parametrize("fmt", ["md", "csv", "xlsx", "html", "json"])
def test_the_report_in_every_format_holds_only_the_managers_own(team, fmt):
    head_text = _as_text(render(build_report(team.ctx, FRIDAY, actor=team.head), fmt), fmt)
    built = build_report(team.ctx, FRIDAY, actor=team.anna)
    anna_text = _as_text(render(built, fmt), fmt)
    assert text_leaks(anna_text) == []
    assert {problem.lead_id for problem in built.problems} <= team.anna_lead_ids
    if fmt == "csv":  # figures per manager only, no lead: one row per login
        logins = [row["Login"] for row in csv.DictReader(io.StringIO(anna_text))]
        assert logins == ["anna"] and "boris" in head_text
        return
    assert text_leaks(head_text), "the head's report lists Boris's problems"
    assert ANNA_MARK in anna_text, "Anna's own problems are listed"
    if fmt == "json":
        data = json.loads(anna_text)
        assert data["scope"] == "anna" and [entry["login"] for entry in data["managers"]] == ["anna"]


def test_a_manager_asking_for_another_managers_report_is_refused(team):
    with pytest.raises(PermissionDenied):
        build_report(team.ctx, FRIDAY, "boris", actor=team.anna)
    with pytest.raises(PermissionDenied):
        build_trend(team.ctx, FRIDAY, 7, "boris", actor=team.anna)
    assert build_report(team.ctx, FRIDAY, "anna", actor=team.anna).scope == "anna"


def test_the_wallboard_is_the_heads(team):
    wallboard = pytest.importorskip("salescockpit.reports.wallboard")
    with pytest.raises(PermissionDenied):
        wallboard.build_wallboard(team.ctx, actor=team.anna)


def test_the_handed_over_lead_keeps_annas_figures_but_not_its_rows(team):
    """Anna's Friday counts her call on the lead she handed over; no row of hers names it."""
    built = build_report(team.ctx, FRIDAY, actor=team.anna)
    assert built.team.calls.made == 2  # her own lead and the handed one: her work that day
    assert all(problem.lead_id != team.leads["handed"] for problem in built.problems)
    with team.ctx.db.read() as session:
        waiting = review_calls_page(session, CallFilter("failed"), viewer=team.anna)
    assert [row.lead_id for row in waiting.rows] == [team.leads["anna"]]


def test_a_managers_audit_trail_is_exactly_the_trail_of_their_leads(team):
    """Not only nothing of Boris's: every row about Anna's leads (calls, callbacks, reviews...) too."""
    with team.ctx.db.read() as session:
        mine = {row.audit_id for row in trail_page(session, viewer=team.anna)}
        expected = {row.audit_id for lead_id in team.anna_lead_ids for row in trail_page(session, lead_id=lead_id)}
    assert mine == expected and len(expected) > len(team.anna_lead_ids)
