"""Pipeline: stage order, allowed moves, stage gates, stale limits and config rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salescockpit.domain.pipeline import (
    DEFAULT_PIPELINE as P,
    GateProblem,
    LeadGateFacts,
    Pipeline,
    PipelineError,
    StageSpec,
    check_move,
    days_in_stage,
    is_stale,
    pipeline_from_config,
    pipeline_to_config,
)

UTC = timezone.utc
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BANT_DONE = dict(bant_budget=True, bant_authority=False, bant_need=True, bant_timing=False)


def fields(problems: list[GateProblem]) -> list[str]:
    return [problem.field for problem in problems]


def test_default_pipeline_order_and_groups():
    assert P.keys == (
        "new", "identification", "qualification", "nurture", "personal_contact",
        "needs", "presentation", "closing", "won", "lost", "disqualified",
    )
    assert P.open_keys == P.keys[:8]
    assert P.hot_keys == ("presentation", "closing")
    assert P.terminal_keys == ("won", "lost", "disqualified")
    assert (P.won_key, P.lost_key, P.disqualified_key, P.nurture_key) == ("won", "lost", "disqualified", "nurture")
    assert P.spec("personal_contact").label == "Personal contact"
    assert P.label("personal_contact") == "Personal contact"
    assert [P.spec(k).stale_days for k in P.open_keys] == [1, 2, 3, 30, 5, 7, 7, 10]
    assert P.index("needs") == 5
    assert P.is_terminal("lost") and not P.is_terminal("closing")


def test_unknown_stage_is_refused():
    with pytest.raises(PipelineError, match="Unknown stage: nope"):
        P.spec("nope")
    with pytest.raises(PipelineError):
        P.next_stage("nope")


def test_next_and_previous_walk_open_stages_then_won():
    assert P.next_stage("new") == "identification"
    assert P.next_stage("qualification") == "nurture"
    assert P.next_stage("closing") == "won"
    assert P.next_stage("won") is None
    assert P.previous_stage("won") == "closing"
    assert P.previous_stage("new") is None
    assert P.previous_stage("identification") == "new"
    for key in ("lost", "disqualified"):
        assert P.next_stage(key) is None and P.previous_stage(key) is None


def test_nurture_key_absent_without_a_nurture_stage():
    small = Pipeline((StageSpec("a", "A", None), StageSpec("w", "W", None, kind="won"),
                      StageSpec("l", "L", None, kind="lost"), StageSpec("d", "D", None, kind="disqualified")))
    assert small.nurture_key is None
    assert small.next_stage("a") == "w"


@pytest.mark.parametrize(
    "source,target,allowed",
    [
        ("new", "closing", True),  # open -> any other open stage, forward
        ("closing", "new", True),  # ... or back
        ("new", "lost", True),
        ("needs", "disqualified", True),
        ("presentation", "won", True),  # won only from a hot stage
        ("closing", "won", True),
        ("needs", "won", False),
        ("new", "won", False),
        ("disqualified", "qualification", True),  # re-opening a junk lead
        ("won", "closing", True),
        ("lost", "new", True),
        ("lost", "won", False),  # terminal -> terminal
        ("won", "lost", False),
        ("disqualified", "lost", False),
        ("needs", "needs", False),  # same stage
        ("won", "won", False),
        ("needs", "nope", False),  # unknown
    ],
)
def test_can_move(source, target, allowed):
    assert P.can_move(source, target) is allowed


def test_is_forward():
    assert P.is_forward("qualification", "needs")
    assert P.is_forward("closing", "won")
    assert not P.is_forward("needs", "qualification")
    assert not P.is_forward("needs", "lost")
    assert not P.is_forward("won", "closing")
    assert not P.is_forward("lost", "closing")


@pytest.mark.parametrize(
    "stages,message",
    [
        ((("a", "open"), ("a", "won"), ("l", "lost"), ("d", "disqualified")), "used twice"),
        ((("a", "open"), ("l", "lost"), ("d", "disqualified")), "exactly one won"),
        ((("a", "open"), ("w", "won"), ("w2", "won"), ("l", "lost"), ("d", "disqualified")), "exactly one won"),
        ((("a", "open"), ("w", "won"), ("d", "disqualified")), "exactly one lost"),
        ((("a", "open"), ("w", "won"), ("l", "lost")), "exactly one disqualified"),
        ((("w", "won"), ("l", "lost"), ("d", "disqualified")), "at least one open"),
    ],
)
def test_pipeline_validation(stages, message):
    with pytest.raises(PipelineError, match=message):
        Pipeline(tuple(StageSpec(key, key.upper(), None, kind=kind) for key, kind in stages))


def test_stage_spec_validation():
    with pytest.raises(PipelineError, match="unknown kind"):
        StageSpec("x", "X", None, kind="closed")
    with pytest.raises(PipelineError, match="stale days"):
        StageSpec("x", "X", 0)
    with pytest.raises(PipelineError, match="stale days"):
        StageSpec("x", "X", True)
    with pytest.raises(PipelineError, match="only an open stage can be hot"):
        StageSpec("w", "W", None, hot=True, kind="won")
    with pytest.raises(PipelineError, match="non-empty key"):
        StageSpec(" ", "X", None)


# Gates ----------------------------------------------------------------------------


def test_clean_move_has_no_problems():
    assert check_move(P, LeadGateFacts("new", None, None, None, None, None, None, None), "identification") == []


def test_refused_move_is_a_single_non_overridable_stage_problem():
    facts = LeadGateFacts("needs", value=100, has_open_objection=True, last_reviewed_call_failed_critical=True)
    problems = check_move(P, facts, "won")
    assert len(problems) == 1
    assert problems[0].field == "stage" and not problems[0].overridable
    assert "Presentation" in problems[0].message and "Closing" in problems[0].message
    assert "already" in check_move(P, facts, "needs")[0].message
    assert fields(check_move(P, LeadGateFacts("won", value=5), "lost")) == ["stage"]
    assert "Unknown stage" in check_move(P, facts, "nope")[0].message


def test_leaving_qualification_forward_needs_all_bant_answers():
    partial = LeadGateFacts("qualification", bant_budget=True, bant_authority=True, bant_need=True)
    assert fields(check_move(P, partial, "personal_contact")) == ["bant"]
    assert fields(check_move(P, partial, "nurture")) == ["bant"]
    # "no" is an answer: all four answered, whatever they say, passes the gate
    assert check_move(P, LeadGateFacts("qualification", **BANT_DONE), "personal_contact") == []
    # moving back, or out of the pipeline, does not need BANT
    assert check_move(P, partial, "identification") == []
    assert fields(check_move(P, partial, "disqualified")) == ["disqualify_reason"]
    # other stages are not gated by BANT
    assert check_move(P, LeadGateFacts("new"), "needs") == []


def test_bant_gate_applies_when_qualification_is_hot_and_moves_to_won():
    hot_qualification = Pipeline((
        StageSpec("qualification", "Qualification", 3, hot=True),
        StageSpec("won", "Won", None, kind="won"),
        StageSpec("lost", "Lost", None, kind="lost"),
        StageSpec("disqualified", "Disqualified", None, kind="disqualified"),
    ))
    assert fields(check_move(hot_qualification, LeadGateFacts("qualification", value=10), "won")) == ["bant"]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_lost_needs_a_reason(reason):
    problems = check_move(P, LeadGateFacts("needs", lost_reason=reason), "lost")
    assert fields(problems) == ["lost_reason"] and not problems[0].overridable
    assert check_move(P, LeadGateFacts("needs", lost_reason="price"), "lost") == []


@pytest.mark.parametrize("reason", [None, ""])
def test_disqualified_needs_a_reason(reason):
    assert fields(check_move(P, LeadGateFacts("new", disqualify_reason=reason), "disqualified")) == [
        "disqualify_reason"
    ]
    assert check_move(P, LeadGateFacts("new", disqualify_reason="spam"), "disqualified") == []


@pytest.mark.parametrize("value,ok", [(None, False), (0, False), (-5, False), (1, True), (250_000, True)])
def test_won_needs_a_positive_value(value, ok):
    problems = check_move(P, LeadGateFacts("closing", value=value), "won")
    assert fields(problems) == ([] if ok else ["value"])


def test_failed_critical_call_blocks_forward_moves_but_can_be_overridden():
    facts = LeadGateFacts("needs", value=10, last_reviewed_call_failed_critical=True)
    problems = check_move(P, facts, "presentation")
    assert fields(problems) == ["failed_call"] and problems[0].overridable
    # backward and out-of-pipeline moves are not "forward"
    assert check_move(P, facts, "personal_contact") == []
    assert check_move(P, LeadGateFacts("needs", lost_reason="price", last_reviewed_call_failed_critical=True),
                      "lost") == []
    closing = LeadGateFacts("closing", value=10, last_reviewed_call_failed_critical=True)
    assert fields(check_move(P, closing, "won")) == ["failed_call"]


def test_open_objection_blocks_won_overridably():
    facts = LeadGateFacts("closing", value=10, has_open_objection=True)
    problems = check_move(P, facts, "won")
    assert fields(problems) == ["open_objection"] and problems[0].overridable
    assert check_move(P, LeadGateFacts("needs", has_open_objection=True), "presentation") == []


def test_all_won_problems_reported_together():
    facts = LeadGateFacts("presentation", has_open_objection=True, last_reviewed_call_failed_critical=True)
    assert sorted(fields(check_move(P, facts, "won"))) == ["failed_call", "open_objection", "value"]


def test_terminal_lead_can_be_reopened():
    facts = LeadGateFacts("disqualified", disqualify_reason="spam", last_reviewed_call_failed_critical=True)
    assert check_move(P, facts, "qualification") == []
    assert check_move(P, LeadGateFacts("lost", lost_reason="price"), "closing") == []


# Stale limits ------------------------------------------------------------------------


def test_days_in_stage_counts_whole_days():
    assert days_in_stage(T0, T0) == 0
    assert days_in_stage(T0, T0 + timedelta(hours=23, minutes=59)) == 0
    assert days_in_stage(T0, T0 + timedelta(days=1)) == 1
    assert days_in_stage(T0, T0 + timedelta(days=6, hours=23)) == 6
    assert days_in_stage(T0, T0 - timedelta(hours=5)) == 0  # clock skew never goes negative


def test_days_in_stage_counts_real_hours_across_dst():
    berlin = ZoneInfo("Europe/Berlin")
    # noon to noon over the spring-forward night is only 23 hours
    entered = datetime(2026, 3, 28, 12, 0, tzinfo=berlin)
    assert days_in_stage(entered, datetime(2026, 3, 29, 12, 0, tzinfo=berlin)) == 0
    assert days_in_stage(entered, datetime(2026, 3, 29, 13, 0, tzinfo=berlin)) == 1
    assert days_in_stage(entered, datetime(2026, 3, 29, 11, 0, tzinfo=UTC)) == 1  # mixed zones


def test_days_in_stage_needs_aware_datetimes():
    with pytest.raises(ValueError):
        days_in_stage(datetime(2026, 3, 2), T0)


def test_is_stale_strictly_after_the_limit():
    assert not is_stale(P, "needs", T0, T0 + timedelta(days=6, hours=23))
    assert not is_stale(P, "needs", T0, T0 + timedelta(days=7))
    assert is_stale(P, "needs", T0, T0 + timedelta(days=7, seconds=1))
    assert is_stale(P, "new", T0, T0 + timedelta(days=1, minutes=1))
    assert not is_stale(P, "nurture", T0, T0 + timedelta(days=29))
    assert is_stale(P, "nurture", T0, T0 + timedelta(days=31))


def test_terminal_and_unlimited_stages_never_stale():
    for key in P.terminal_keys:
        assert not is_stale(P, key, T0, T0 + timedelta(days=3650))
    relaxed = pipeline_from_config([
        {"key": "inbox", "label": "Inbox"},
        {"key": "won", "label": "Won", "kind": "won"},
        {"key": "lost", "label": "Lost", "kind": "lost"},
        {"key": "junk", "label": "Junk", "kind": "disqualified"},
    ])
    assert not is_stale(relaxed, "inbox", T0, T0 + timedelta(days=3650))


# Config rows -----------------------------------------------------------------------------


def test_config_round_trip_of_the_default_pipeline():
    rows = pipeline_to_config(P)
    assert rows[0] == {"key": "new", "label": "New", "stale_days": 1, "hot": False, "kind": "open"}
    assert "stale_days" not in rows[-1]
    assert pipeline_from_config(rows) == P


def test_config_defaults():
    pipeline = pipeline_from_config([
        {"key": "first_call", "stale_days": 2},
        {"key": "won", "kind": "won"}, {"key": "lost", "kind": "lost"}, {"key": "dq", "kind": "disqualified"},
    ])
    spec = pipeline.spec("first_call")
    assert (spec.label, spec.stale_days, spec.hot, spec.kind) == ("First call", 2, False, "open")


@pytest.mark.parametrize(
    "row,message",
    [
        ({"key": "x", "stale": 3}, r"Stage row 1 \(x\): unknown field\(s\) stale"),
        ({"label": "No key"}, r"Stage row 1 \(None\): the key is missing"),
        ({"key": "x", "hot": "yes"}, r"Stage row 1 \(x\): hot must be true or false"),
        ({"key": "x", "stale_days": "3"}, r"Stage row 1 \(x\): .*stale days"),
        ({"key": "x", "kind": "closed"}, r"Stage row 1 \(x\): .*unknown kind"),
        ({"key": "x", "label": 5}, r"Stage row 1 \(x\): the label must be text"),
    ],
)
def test_config_errors_name_the_row(row, message):
    rest = [{"key": "won", "kind": "won"}, {"key": "lost", "kind": "lost"}, {"key": "dq", "kind": "disqualified"}]
    with pytest.raises(PipelineError, match=message):
        pipeline_from_config([row, *rest])


def test_config_errors_for_the_whole_list():
    with pytest.raises(PipelineError, match="list of stages"):
        pipeline_from_config([])
    with pytest.raises(PipelineError, match="row 2 is not a table"):
        pipeline_from_config([{"key": "a"}, "b"])
    with pytest.raises(PipelineError, match="exactly one won"):
        pipeline_from_config([{"key": "a"}, {"key": "lost", "kind": "lost"}, {"key": "dq", "kind": "disqualified"}])
