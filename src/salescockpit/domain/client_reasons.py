"""Why a client needs the head's eye today, and in what order (pure rules).

Five reasons, worst first: the client disputes the debt (only the head ends it), an instalment
is overdue, a promise to pay was broken, an instalment falls due within N working days and
nobody has called, the client has been silent for N days (churn risk). Clients are ranked by their worst reason, then by the money at stake
(largest first). The SQL of `store.queries.accounts` gathers the facts; these rules decide.

Two things hold the overdue reason back: a payment from the client's INN still waiting in
the payments-to-match list (it may well be this instalment), and a promise to pay for the
instalment that is not yet due (the reminder is paused until that day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from salescockpit.i18n import N_, _, ngettext

MONDAY_TO_FRIDAY = frozenset(range(5))
_ZERO = Decimal(0)


class ClientReason(StrEnum):
    """A reason a client is in the Accounts list, declared worst first."""

    DISPUTE = "dispute"
    INSTALMENT_OVERDUE = "instalment_overdue"
    PROMISE_BROKEN = "promise_broken"
    DUE_SOON_NOT_CALLED = "due_soon_not_called"
    CLIENT_SILENT = "client_silent"

    @property
    def severity(self) -> int:
        """1 for the worst reason (a dispute: only the head can end it), 5 for the mildest."""
        return list(ClientReason).index(self) + 1

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    ClientReason.DISPUTE: N_("dispute"),
    ClientReason.INSTALMENT_OVERDUE: N_("instalment overdue"),
    ClientReason.PROMISE_BROKEN: N_("promise to pay broken"),
    ClientReason.DUE_SOON_NOT_CALLED: N_("due soon, nobody called"),
    ClientReason.CLIENT_SILENT: N_("client silent"),
}


@dataclass(frozen=True)
class OpenInstalment:
    """One instalment not yet fully paid: its due day, what is still owed, a promise's day if any."""

    due: date
    outstanding: Decimal
    promised_for: date | None = None


@dataclass(frozen=True)
class ClientFacts:
    """What the rules need to know about one client (days in the team's timezone)."""

    instalments: tuple[OpenInstalment, ...] = ()
    broken_promises: tuple[tuple[date, Decimal], ...] = ()
    last_call_on: date | None = None
    last_contact_on: date | None = None
    payment_waiting_to_match: bool = False
    disputed_since: date | None = None  # an open dispute (the reminder ladder stops until the head resolves it)


@dataclass(frozen=True)
class ClientRules:
    """The settings the reasons depend on."""

    due_soon_working_days: int = 3
    silent_days: int = 60
    working_days: frozenset[int] = field(default=MONDAY_TO_FRIDAY)


@dataclass(frozen=True)
class ClientFinding:
    """One reason with its size: ``days`` overdue/until due/silent, ``money`` at stake."""

    reason: ClientReason
    days: int
    money: Decimal

    def describe(self) -> str:
        days = self.days
        if self.reason is ClientReason.DISPUTE:
            return ngettext("dispute for {days} day", "dispute for {days} days", days).format(days=days)
        if self.reason is ClientReason.INSTALMENT_OVERDUE:
            return ngettext("overdue {days} day", "overdue {days} days", days).format(days=days)
        if self.reason is ClientReason.PROMISE_BROKEN:
            return ngettext("promise broken {days} day ago", "promise broken {days} days ago", days).format(days=days)
        if self.reason is ClientReason.DUE_SOON_NOT_CALLED:
            return ngettext("due in {days} working day, no call", "due in {days} working days, no call", days).format(
                days=days
            )
        return ngettext("silent for {days} day", "silent for {days} days", days).format(days=days)


def working_days_until(today: date, due: date, working_days: frozenset[int] = MONDAY_TO_FRIDAY) -> int:
    """Working days after ``today`` up to and including ``due`` (0 when due today or earlier).

    Whole weeks count every working day once; only the days past them are walked (an instalment
    due in two years is not 730 steps: the head's queue asks this of every open instalment)."""
    if due <= today:
        return 0
    weeks, rest = divmod((due - today).days, 7)
    count, day = weeks * len(working_days), today + timedelta(days=7 * weeks)
    for _ in range(rest):
        day += timedelta(days=1)
        count += day.weekday() in working_days
    return count


def findings_for(facts: ClientFacts, rules: ClientRules, today: date) -> list[ClientFinding]:
    """Every reason this client is on the list today, worst first."""
    found: list[ClientFinding] = []
    if facts.disputed_since is not None:
        found.append(ClientFinding(ClientReason.DISPUTE, (today - facts.disputed_since).days, _sum(facts.instalments)))
    overdue = [
        item
        for item in facts.instalments
        if item.due < today and not (item.promised_for is not None and item.promised_for >= today)
    ]
    if overdue and not facts.payment_waiting_to_match:
        oldest = min(item.due for item in overdue)
        found.append(ClientFinding(ClientReason.INSTALMENT_OVERDUE, (today - oldest).days, _sum(overdue)))
    if facts.broken_promises:
        latest = max(day for day, _amount in facts.broken_promises)
        money = sum((amount for _day, amount in facts.broken_promises), _ZERO)
        found.append(ClientFinding(ClientReason.PROMISE_BROKEN, (today - latest).days, money))
    soon = [
        item
        for item in facts.instalments
        if item.due >= today
        and item.promised_for is None
        and working_days_until(today, item.due, rules.working_days) <= rules.due_soon_working_days
    ]
    if soon and not _called_since(facts.last_call_on, today, rules):
        nearest = min(item.due for item in soon)
        days = working_days_until(today, nearest, rules.working_days)
        found.append(ClientFinding(ClientReason.DUE_SOON_NOT_CALLED, days, _sum(soon)))
    if facts.last_contact_on is not None and (today - facts.last_contact_on).days >= rules.silent_days:
        owed = _sum(facts.instalments)
        found.append(ClientFinding(ClientReason.CLIENT_SILENT, (today - facts.last_contact_on).days, owed))
    return found


def rank_key(findings: Iterable[ClientFinding]) -> tuple[int, Decimal]:
    """Sort key: worst reason first, then the most money at stake (clients with none go last)."""
    findings = list(findings)
    if not findings:
        return (len(ClientReason) + 1, _ZERO)
    worst = min(findings, key=lambda finding: finding.reason.severity)
    return (worst.reason.severity, -worst.money)


def _called_since(last_call_on: date | None, today: date, rules: ClientRules) -> bool:
    """A call within the reminder window (the last ``due_soon_working_days`` calendar days + a week end)."""
    if last_call_on is None:
        return False
    return (today - last_call_on).days <= rules.due_soon_working_days + 2


def _sum(items: Iterable[OpenInstalment]) -> Decimal:
    return sum((item.outstanding for item in items), _ZERO)
