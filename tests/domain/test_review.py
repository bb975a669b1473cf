"""The review queue reasons: which apply, since when, and in what order."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salescockpit.domain.pipeline import DEFAULT_PIPELINE
from salescockpit.domain.review import (
    LeadFacts,
    QueueRules,
    Reason,
    ReasonHit,
    problem_text,
    queue_sort_key,
    reason_label,
    reasons_for,
)
from salescockpit.domain.workhours import WorkingHours

MOSCOW = ZoneInfo("Europe/Moscow")
UTC = timezone.utc
# Wednesday 25 Nov 2026, 12:00 in Moscow
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)
HOURS = WorkingHours(MOSCOW)


def rules(now: datetime = NOW, limit: timedelta = H) -> QueueRules:
    return QueueRules.build(DEFAULT_PIPELINE, HOURS, limit, now)


def facts(**changes: object) -> LeadFacts:
    """A quiet open lead: contacted, a callback due tomorrow, nothing pending."""
    base = dict(
        stage="needs",
        created_at=NOW - 2 * D,
        stage_entered_at=NOW - D,
        last_activity_at=NOW - 3 * H,
        has_call=True,
        open_callback_dues=(NOW + D,),
    )
    base.update(changes)
    return LeadFacts(**base)  # type: ignore[arg-type]


def reasons(lead: LeadFacts, now: datetime = NOW) -> list[Reason]:
    return [hit.reason for hit in reasons_for(lead, now, rules(now))]


def test_a_well_kept_lead_has_no_reason() -> None:
    assert reasons_for(facts(), NOW, rules()) == ()
    assert queue_sort_key(()) > queue_sort_key([ReasonHit(Reason.NO_NEXT_STEP, NOW)])


def test_severity_follows_the_declared_order() -> None:
    assert [reason.severity for reason in Reason] == list(range(1, 9))
    assert Reason.ACTION_PENDING.severity < Reason.OVERDUE_CALLBACK.severity < Reason.NO_NEXT_STEP.severity
    assert Reason("junk_not_rechecked") is Reason.JUNK_NOT_RECHECKED


def test_build_reads_the_pipeline_and_computes_the_cutoff_in_working_time() -> None:
    built = rules()
    assert built.pipeline_terminal == {"won", "lost", "disqualified"}
    assert built.hot == {"presentation", "closing"}
    assert built.stale_days["needs"] == 7 and built.stale_days["won"] is None
    assert built.first_contact_cutoff == datetime(2026, 11, 25, 11, tzinfo=MOSCOW)
    monday_morning = datetime(2026, 11, 30, 9, 30, tzinfo=MOSCOW)
    assert rules(monday_morning).first_contact_cutoff == datetime(2026, 11, 27, 17, 30, tzinfo=MOSCOW)


def test_pending_action() -> None:
    given = NOW - 5 * H
    assert reasons_for(facts(pending_action_at=given), NOW, rules()) == (ReasonHit(Reason.ACTION_PENDING, given),)


def test_overdue_callback_since_the_earliest_overdue_due() -> None:
    lead = facts(open_callback_dues=(NOW - H, NOW - 3 * H, NOW + D))
    assert reasons_for(lead, NOW, rules()) == (ReasonHit(Reason.OVERDUE_CALLBACK, NOW - 3 * H),)


def test_overdue_with_nothing_ahead_is_also_no_next_step() -> None:
    lead = facts(open_callback_dues=(NOW - H,))
    assert reasons(lead) == [Reason.OVERDUE_CALLBACK, Reason.NO_NEXT_STEP]


def test_a_callback_due_exactly_now_is_not_overdue_and_is_a_next_step() -> None:
    assert reasons(facts(open_callback_dues=(NOW,))) == []


def test_new_lead_not_contacted_after_the_working_time_limit() -> None:
    arrived = datetime(2026, 11, 25, 10, 30, tzinfo=MOSCOW)  # 1.5 working hours before NOW
    lead = facts(stage="new", created_at=arrived, stage_entered_at=arrived, has_call=False)
    assert Reason.NEW_NOT_CONTACTED in reasons(lead)
    assert Reason.NEW_NOT_CONTACTED not in reasons(facts(stage="new", created_at=arrived, stage_entered_at=arrived))
    just_in = datetime(2026, 11, 25, 11, 30, tzinfo=MOSCOW)
    assert Reason.NEW_NOT_CONTACTED not in reasons(
        facts(stage="new", created_at=just_in, stage_entered_at=just_in, has_call=False)
    )


def test_a_lead_that_came_in_on_friday_evening_waits_over_the_weekend() -> None:
    arrived = datetime(2026, 11, 27, 17, 45, tzinfo=MOSCOW)
    lead = facts(stage="new", created_at=arrived, stage_entered_at=arrived, has_call=False, open_callback_dues=())
    monday_0930 = datetime(2026, 11, 30, 9, 30, tzinfo=MOSCOW)
    monday_0950 = datetime(2026, 11, 30, 9, 50, tzinfo=MOSCOW)
    assert Reason.NEW_NOT_CONTACTED not in reasons(lead, monday_0930)
    assert Reason.NEW_NOT_CONTACTED in reasons(lead, monday_0950)


def test_closed_leads_are_never_new_stale_or_without_a_step() -> None:
    lead = facts(stage="lost", has_call=False, open_callback_dues=(), stage_entered_at=NOW - 60 * D)
    assert reasons(lead) == []


def test_hot_lead_without_any_open_callback() -> None:
    entered = NOW - 2 * D
    lead = facts(stage="closing", stage_entered_at=entered, open_callback_dues=())
    hits = reasons_for(lead, NOW, rules())
    assert hits[0] == ReasonHit(Reason.HOT_NO_NEXT_STEP, entered)
    assert [hit.reason for hit in hits] == [Reason.HOT_NO_NEXT_STEP, Reason.NO_NEXT_STEP]
    # an overdue callback still counts as a step for the hot rule, not for the overdue one
    assert reasons(facts(stage="closing", open_callback_dues=(NOW - H,))) == [
        Reason.OVERDUE_CALLBACK,
        Reason.NO_NEXT_STEP,
    ]


def test_unreviewed_calls_since_the_earliest() -> None:
    lead = facts(unreviewed_call_starts=(NOW - H, NOW - 4 * H))
    assert reasons_for(lead, NOW, rules()) == (ReasonHit(Reason.UNREVIEWED_CALL, NOW - 4 * H),)


def test_junk_to_recheck_even_when_the_lead_is_closed() -> None:
    marked = NOW - 2 * D
    lead = facts(stage="disqualified", needs_recheck=True, marked_junk_at=marked, open_callback_dues=())
    assert reasons_for(lead, NOW, rules()) == (ReasonHit(Reason.JUNK_NOT_RECHECKED, marked),)
    assert reasons(facts(stage="disqualified", marked_junk_at=marked, open_callback_dues=())) == []


def test_stale_only_strictly_after_the_limit() -> None:
    entered = NOW - 7 * D
    assert Reason.STALE_IN_STAGE not in reasons(facts(stage_entered_at=entered))
    hits = reasons_for(facts(stage_entered_at=entered - H), NOW, rules())
    # It has waited since it entered the stage: stale leads sort by time in stage, as the SQL does.
    assert hits == (ReasonHit(Reason.STALE_IN_STAGE, entered - H),)


def test_stale_respects_a_rule_without_limit() -> None:
    custom = QueueRules(frozenset({"won"}), frozenset(), {"needs": None}, NOW - H)
    assert reasons_for(facts(stage_entered_at=NOW - 400 * D), NOW, custom) == ()


def test_no_next_step_since_last_activity() -> None:
    lead = facts(open_callback_dues=(), last_activity_at=NOW - 6 * H)
    assert reasons_for(lead, NOW, rules()) == (ReasonHit(Reason.NO_NEXT_STEP, NOW - 6 * H),)
    lead = facts(open_callback_dues=(), last_activity_at=None)
    assert reasons_for(lead, NOW, rules()) == (ReasonHit(Reason.NO_NEXT_STEP, NOW - 2 * D),)


def test_everything_at_once_comes_worst_first() -> None:
    lead = facts(
        stage="presentation",
        created_at=NOW - 30 * D,
        stage_entered_at=NOW - 20 * D,
        has_call=False,
        open_callback_dues=(),
        unreviewed_call_starts=(NOW - 2 * H,),
        needs_recheck=True,
        marked_junk_at=NOW - D,
        pending_action_at=NOW - H,
    )
    got = reasons(lead)
    assert got == sorted(got, key=lambda reason: reason.severity)
    assert set(got) == set(Reason) - {Reason.OVERDUE_CALLBACK}


def test_mixed_zones_compare_as_instants() -> None:
    due_local = (NOW - H).astimezone(MOSCOW)
    assert reasons(facts(open_callback_dues=(due_local, NOW + D)), NOW.astimezone(MOSCOW)) == [
        Reason.OVERDUE_CALLBACK
    ]


def test_queue_order_is_worst_reason_then_longest_waiting() -> None:
    overdue_old = [ReasonHit(Reason.OVERDUE_CALLBACK, NOW - 5 * H)]
    overdue_new = [ReasonHit(Reason.OVERDUE_CALLBACK, NOW - H), ReasonHit(Reason.NO_NEXT_STEP, NOW - 9 * D)]
    action = [ReasonHit(Reason.ACTION_PENDING, NOW - 10 * (H / 60))]
    stale = [ReasonHit(Reason.STALE_IN_STAGE, NOW - 30 * D)]
    queue = sorted([stale, overdue_new, action, overdue_old], key=queue_sort_key)
    assert queue == [action, overdue_old, overdue_new, stale]
    assert queue_sort_key(overdue_new) == (Reason.OVERDUE_CALLBACK.severity, NOW - H)


def test_every_reason_has_a_label() -> None:
    assert reason_label(Reason.OVERDUE_CALLBACK) == "overdue"
    assert reason_label(Reason.JUNK_NOT_RECHECKED) == "junk?"
    assert reason_label(Reason.HOT_NO_NEXT_STEP) == "hot, no step"
    assert len({reason_label(reason) for reason in Reason}) == len(Reason)


@pytest.mark.parametrize(
    ("reason", "age", "expected"),
    [
        (Reason.OVERDUE_CALLBACK, 3 * H + timedelta(minutes=20), "callback overdue 3 h"),
        (Reason.JUNK_NOT_RECHECKED, 2 * D + 5 * H, "junk not re-checked 2 d"),
        (Reason.NEW_NOT_CONTACTED, 5 * H, "not contacted 5 h"),
        (Reason.UNREVIEWED_CALL, timedelta(minutes=12), "call not scored 12 min"),
        (Reason.NO_NEXT_STEP, -H, "no next step 0 min"),
    ],
)
def test_problem_text(reason: Reason, age: timedelta, expected: str) -> None:
    assert problem_text(ReasonHit(reason, NOW - age), NOW) == expected


def test_every_reason_has_a_problem_text() -> None:
    texts = {problem_text(ReasonHit(reason, NOW - D), NOW) for reason in Reason}
    assert len(texts) == len(Reason) and all(text.endswith("1 d") for text in texts)



def test_the_reasons_cell_names_each_reason_once_worst_first() -> None:
    from salescockpit.domain.review import reason_tags, reasons_text

    # A hot lead, stale in its stage, with no callback at all: "hot, no step" already says "no step".
    lead = facts(stage="presentation", stage_entered_at=NOW - 30 * D, open_callback_dues=())
    hits = reasons_for(lead, NOW, rules())
    assert {hit.reason for hit in hits} >= {Reason.HOT_NO_NEXT_STEP, Reason.STALE_IN_STAGE, Reason.NO_NEXT_STEP}
    assert reasons_text(hits) == "hot, no step · stale"
    # Given in any order, and twice, each reason is named once and the worst comes first.
    shuffled = (*reversed(hits), *hits)
    assert reason_tags(shuffled) == (Reason.HOT_NO_NEXT_STEP, Reason.STALE_IN_STAGE)
    # Without the hot reason, "no step" is a reason of its own.
    overdue = reasons_for(facts(open_callback_dues=(NOW - H,)), NOW, rules())
    assert reasons_text(overdue) == "overdue · no step"
