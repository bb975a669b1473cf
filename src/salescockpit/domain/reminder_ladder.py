"""The reminder ladder: which call (or letter) an instalment is owed on a day (pure rules).

A ladder is a few steps by days before (-) or after (+) the instalment's due date, each with who
acts (the client's manager or the head) and what (a call or a letter). The default::

    -3  the manager makes a courtesy call       +15  the head calls
    +1  the manager calls                       +30  the head sends a letter (a claim)
    +7  the manager calls

A step's day is the due date moved by its days; when that is not a working day, a step before
the due date moves earlier (a courtesy call still comes before the money is due) and a step
after it moves later. On a day only the **latest** step whose day has come is owed: an
instalment first seen 20 days late gets the +15 call, not four calls at once, and an open task
of an earlier step is superseded by it.

Nothing is owed while the instalment is paid, while a promise to pay for it is not yet due
(or a "paid" call outcome waits for the money: `paused_until`), while a payment from the
client's INN waits in the payments-to-match list, or while the client disputes the debt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from salescockpit.i18n import N_, _

MONDAY_TO_FRIDAY = frozenset(range(5))


class Who(StrEnum):
    MANAGER = "manager"
    HEAD = "head"


class What(StrEnum):
    CALL = "call"
    LETTER = "letter"


@dataclass(frozen=True)
class LadderStep:
    """One rung: ``days`` from the due date (negative: before it), who acts, what they do."""

    days: int
    who: Who = Who.MANAGER
    what: What = What.CALL

    def describe(self) -> str:
        """ "+7: a call by the manager" in the user's language."""
        return _("{days}: {what}").format(days=f"{self.days:+d}", what=_(_STEP_TEXTS[(self.who, self.what, self.days < 0)]))


_STEP_TEXTS = {
    (Who.MANAGER, What.CALL, True): N_("a courtesy call by the manager"),
    (Who.MANAGER, What.CALL, False): N_("a call by the manager"),
    (Who.HEAD, What.CALL, True): N_("a courtesy call by the head"),
    (Who.HEAD, What.CALL, False): N_("the head calls"),
    (Who.MANAGER, What.LETTER, True): N_("a letter by the manager"),
    (Who.MANAGER, What.LETTER, False): N_("a letter (claim) by the manager"),
    (Who.HEAD, What.LETTER, True): N_("a letter by the head"),
    (Who.HEAD, What.LETTER, False): N_("a letter (claim) by the head"),
}

DEFAULT_LADDER: tuple[LadderStep, ...] = (
    LadderStep(-3),
    LadderStep(1),
    LadderStep(7),
    LadderStep(15, Who.HEAD),
    LadderStep(30, Who.HEAD, What.LETTER),
)


@dataclass(frozen=True)
class InstalmentState:
    """What the ladder needs to know about one instalment on the day."""

    due: date
    paid_in_full: bool = False
    paused_until: date | None = None  # a promise to pay not yet due, or a "paid" outcome's wait
    payment_waiting_to_match: bool = False
    disputed: bool = False


def step_day(due: date, step: LadderStep, working_days: frozenset[int] = MONDAY_TO_FRIDAY) -> date:
    """The day ``step`` falls due for an instalment due on ``due`` (moved off non-working days)."""
    day = due + timedelta(days=step.days)
    move = timedelta(days=-1 if step.days < 0 else 1)
    for _ in range(14):  # a working week never has more than 6 days off in a row
        if day.weekday() in working_days or not working_days:
            return day
        day += move
    return day


def owed_step(
    ladder: tuple[LadderStep, ...], state: InstalmentState, today: date,
    working_days: frozenset[int] = MONDAY_TO_FRIDAY,
) -> LadderStep | None:
    """The step owed today (the latest whose day has come), or None when nothing is owed."""
    if state.paid_in_full or state.disputed or state.payment_waiting_to_match:
        return None
    if state.paused_until is not None and state.paused_until >= today:
        return None
    come = [step for step in ladder if step_day(state.due, step, working_days) <= today]
    return max(come, key=lambda step: step.days, default=None)


def ladder_from_config(items: list, where: str) -> tuple[LadderStep, ...]:
    """Steps from ``[money] reminder_ladder`` (a list of tables: days, who, what).

    A ValueError names the entry and what is allowed (the caller makes it a ConfigError).
    """
    if not isinstance(items, list) or not items:
        raise ValueError(_("{where}: expected a list of steps like {{ days = 7, who = \"manager\", what = \"call\" }}")
                         .format(where=where))
    steps: dict[int, LadderStep] = {}
    for number, item in enumerate(items, start=1):
        place = f"{where}[{number}]"
        if not isinstance(item, dict):
            raise ValueError(_("{where}: expected a table with days, who and what").format(where=place))
        unknown = sorted(set(item) - {"days", "who", "what"})
        if unknown:
            raise ValueError(_("{where}: unknown key(s) {keys}; known: days, who, what").format(
                where=place, keys=", ".join(unknown)))
        days = item.get("days")
        if isinstance(days, bool) or not isinstance(days, int) or not -60 <= days <= 365:
            raise ValueError(_("{where}.days: expected a whole number of days from -60 to 365, got {value!r}").format(
                where=place, value=days))
        who, what = item.get("who", "manager"), item.get("what", "call")
        if who not in {w.value for w in Who}:
            raise ValueError(_("{where}.who: expected \"manager\" or \"head\", got {value!r}").format(where=place, value=who))
        if what not in {w.value for w in What}:
            raise ValueError(_("{where}.what: expected \"call\" or \"letter\", got {value!r}").format(
                where=place, value=what))
        if days in steps:
            raise ValueError(_("{where}.days: {days} is given twice").format(where=place, days=days))
        steps[days] = LadderStep(days, Who(who), What(what))
    return tuple(sorted(steps.values(), key=lambda step: step.days))


#: What a reminder call gave (`services.reminder_outcomes` says how each moves the ladder on).
REMINDER_OUTCOMES = ("promise", "paid", "dispute", "refused", "wrong_contact")
_OUTCOME_LABELS = {
    "promise": N_("promise to pay"),
    "paid": N_("says it is paid"),
    "dispute": N_("disputes the debt"),
    "refused": N_("refused"),
    "wrong_contact": N_("wrong contact"),
}


def outcome_label(outcome: str) -> str:
    return _(_OUTCOME_LABELS[outcome])
