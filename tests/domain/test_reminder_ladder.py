"""The reminder ladder's rules: which step is owed on a day, with working days and pauses."""

from __future__ import annotations

from datetime import date

import pytest

from salescockpit.domain.reminder_ladder import (
    DEFAULT_LADDER,
    InstalmentState,
    LadderStep,
    What,
    Who,
    ladder_from_config,
    owed_step,
    step_day,
)

DUE = date(2026, 11, 18)  # a Wednesday


def days_owed(state: InstalmentState, today: date, working_days=frozenset(range(5))):
    step = owed_step(DEFAULT_LADDER, state, today, working_days)
    return None if step is None else step.days


def test_each_step_falls_due_on_its_day_and_only_the_latest_is_owed():
    state = InstalmentState(DUE)
    assert days_owed(state, date(2026, 11, 12)) is None  # 6 days before: nothing yet
    assert days_owed(state, date(2026, 11, 13)) == -3  # -3 is Sunday the 15th: moved to Friday
    assert days_owed(state, date(2026, 11, 18)) == -3  # due today: still the courtesy call
    assert days_owed(state, date(2026, 11, 19)) == 1
    assert days_owed(state, date(2026, 11, 25)) == 7
    assert days_owed(state, date(2026, 12, 3)) == 15
    assert days_owed(state, date(2027, 2, 1)) == 30  # first seen long after: one step, the latest


def test_a_step_on_a_day_off_moves_away_from_the_due_date():
    # due Wednesday 18th: -3 is Sunday the 15th -> Friday the 13th; +7 is Wednesday, stays
    assert step_day(DUE, LadderStep(-3)) == date(2026, 11, 13)
    assert step_day(DUE, LadderStep(7)) == date(2026, 11, 25)
    # due Friday 20th: +1 is Saturday -> Monday the 23rd
    assert step_day(date(2026, 11, 20), LadderStep(1)) == date(2026, 11, 23)
    assert days_owed(InstalmentState(date(2026, 11, 20)), date(2026, 11, 22)) == -3
    assert days_owed(InstalmentState(date(2026, 11, 20)), date(2026, 11, 23)) == 1
    # a team that works Saturdays calls on Saturday
    six_days = frozenset(range(6))
    assert step_day(date(2026, 11, 20), LadderStep(1), six_days) == date(2026, 11, 21)


@pytest.mark.parametrize("state", [
    InstalmentState(DUE, paid_in_full=True),
    InstalmentState(DUE, paused_until=date(2026, 11, 30)),
    InstalmentState(DUE, payment_waiting_to_match=True),
    InstalmentState(DUE, disputed=True),
])
def test_nothing_is_owed_when_paid_paused_waiting_or_disputed(state):
    assert days_owed(state, date(2026, 11, 25)) is None


def test_a_promise_due_yesterday_no_longer_pauses():
    assert days_owed(InstalmentState(DUE, paused_until=date(2026, 11, 24)), date(2026, 11, 25)) == 7
    assert days_owed(InstalmentState(DUE, paused_until=date(2026, 11, 25)), date(2026, 11, 25)) is None


def test_the_ladder_from_the_config_file_and_its_errors():
    steps = ladder_from_config([{"days": 10, "who": "head", "what": "letter"}, {"days": -2}], "money.reminder_ladder")
    assert steps == (LadderStep(-2, Who.MANAGER, What.CALL), LadderStep(10, Who.HEAD, What.LETTER))
    for bad, words in [
        ([], "list of steps"),
        ([{"days": "7"}], "money.reminder_ladder[1].days"),
        ([{"days": 7, "who": "boss"}], "money.reminder_ladder[1].who"),
        ([{"days": 7, "what": "sms"}], ".what"),
        ([{"days": 7}, {"days": 7}], "given twice"),
        ([{"days": 7, "when": 1}], "unknown key"),
    ]:
        with pytest.raises(ValueError, match=r".*") as refused:
            ladder_from_config(bad, "money.reminder_ladder")
        assert words in str(refused.value)
