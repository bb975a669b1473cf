"""Client reasons: overdue, promise broken, due soon with no call, silent; the ranking."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from salescockpit.domain.client_reasons import (
    ClientFacts,
    ClientReason,
    ClientRules,
    OpenInstalment,
    findings_for,
    rank_key,
    working_days_until,
)

TODAY = date(2026, 12, 7)  # a Monday
RULES = ClientRules(due_soon_working_days=3, silent_days=60)


def reasons(facts: ClientFacts) -> list[tuple[ClientReason, int, Decimal]]:
    return [(found.reason, found.days, found.money) for found in findings_for(facts, RULES, TODAY)]


def test_working_days_skip_the_week_end():
    assert working_days_until(date(2026, 12, 4), date(2026, 12, 7)) == 1  # Friday -> Monday
    assert working_days_until(TODAY, TODAY) == 0
    assert working_days_until(TODAY, date(2026, 12, 14)) == 5


def test_working_days_over_months_count_as_walking_each_day_does():
    from datetime import timedelta

    def walked(today, due, working_days):
        return sum((today + timedelta(days=n)).weekday() in working_days for n in range(1, (due - today).days + 1))

    for working_days in (frozenset(range(5)), frozenset({0, 2, 4, 5}), frozenset()):
        for start in range(7):
            today = date(2026, 11, 30) + timedelta(days=start)
            for length in (-3, 0, 1, 6, 7, 8, 13, 14, 15, 400):
                due = today + timedelta(days=length)
                assert working_days_until(today, due, working_days) == max(0, walked(today, due, working_days))


def test_overdue_counts_days_from_the_oldest_and_sums_what_is_owed():
    facts = ClientFacts(instalments=(
        OpenInstalment(date(2026, 11, 7), Decimal("1000.50")),
        OpenInstalment(date(2026, 12, 1), Decimal("2000")),
        OpenInstalment(date(2027, 1, 7), Decimal("9999")),  # not due yet: not in the sum
    ), last_call_on=TODAY)
    assert reasons(facts) == [(ClientReason.INSTALMENT_OVERDUE, 30, Decimal("3000.50"))]


def test_a_payment_waiting_to_match_or_a_promise_not_yet_due_holds_the_overdue_reminder():
    late = OpenInstalment(date(2026, 11, 30), Decimal("500"))
    assert reasons(ClientFacts(instalments=(late,), payment_waiting_to_match=True)) == []
    promised = OpenInstalment(date(2026, 11, 30), Decimal("500"), promised_for=date(2026, 12, 9))
    assert reasons(ClientFacts(instalments=(promised,))) == []
    promise_passed = OpenInstalment(date(2026, 11, 30), Decimal("500"), promised_for=date(2026, 12, 4))
    assert reasons(ClientFacts(instalments=(promise_passed,))) == [(ClientReason.INSTALMENT_OVERDUE, 7, Decimal("500"))]


def test_broken_promise_names_the_latest_and_the_money():
    facts = ClientFacts(broken_promises=((date(2026, 12, 2), Decimal("700")), (date(2026, 11, 20), Decimal("300"))))
    assert reasons(facts) == [(ClientReason.PROMISE_BROKEN, 5, Decimal("1000"))]


def test_due_soon_in_working_days_unless_somebody_called():
    thursday = OpenInstalment(date(2026, 12, 10), Decimal("4000"))  # 3 working days ahead
    next_week = OpenInstalment(date(2026, 12, 14), Decimal("1"))  # 5 working days: not soon
    assert reasons(ClientFacts(instalments=(thursday, next_week))) == [
        (ClientReason.DUE_SOON_NOT_CALLED, 3, Decimal("4000"))
    ]
    assert reasons(ClientFacts(instalments=(thursday,), last_call_on=date(2026, 12, 4))) == []
    assert reasons(ClientFacts(instalments=(thursday,), last_call_on=date(2026, 11, 1))) != []


def test_silent_client_after_n_days():
    assert reasons(ClientFacts(last_contact_on=date(2026, 10, 8))) == [(ClientReason.CLIENT_SILENT, 60, Decimal(0))]
    assert reasons(ClientFacts(last_contact_on=date(2026, 10, 9))) == []


def test_rank_by_severity_then_money_at_stake():
    small_overdue = findings_for(ClientFacts(instalments=(OpenInstalment(date(2026, 12, 1), Decimal("10")),)), RULES, TODAY)
    big_overdue = findings_for(ClientFacts(instalments=(OpenInstalment(date(2026, 12, 6), Decimal("900")),)), RULES, TODAY)
    broken = findings_for(ClientFacts(broken_promises=((TODAY, Decimal("99999")),)), RULES, TODAY)
    ranked = sorted([broken, small_overdue, [], big_overdue], key=rank_key)
    assert ranked == [big_overdue, small_overdue, broken, []]


def test_findings_describe_themselves_in_words():
    found = findings_for(ClientFacts(instalments=(OpenInstalment(date(2026, 12, 6), Decimal("1")),)), RULES, TODAY)
    assert found[0].describe() == "overdue 1 day"
    assert ClientReason.PROMISE_BROKEN.label == "promise to pay broken"


def test_a_dispute_is_the_worst_reason_and_counts_what_is_owed():
    facts = ClientFacts(instalments=(OpenInstalment(date(2026, 12, 1), Decimal("10")),), disputed_since=date(2026, 12, 4))
    found = findings_for(facts, RULES, TODAY)
    assert [(f.reason, f.money) for f in found][0] == (ClientReason.DISPUTE, Decimal("10"))
    assert found[0].describe().startswith("dispute for ")
    overdue_only = findings_for(ClientFacts(instalments=(OpenInstalment(date(2026, 12, 1), Decimal("9999")),)), RULES, TODAY)
    assert sorted([overdue_only, found], key=rank_key) == [found, overdue_only]
