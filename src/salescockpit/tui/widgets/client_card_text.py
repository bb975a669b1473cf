"""The client card as text lines for the Accounts screen: contracts, schedule with paid/overdue
marks, payments, promises and calls. Display only: built from a `ClientCard`, touches no store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo

from textual.content import Content

from ...i18n import N_, _
from ...l10n import day_month, day_month_time, money

MARKS = {
    "paid": ("✓", N_("paid")),
    "overdue": ("!", N_("overdue")),
    "part paid": ("~", N_("part paid")),
    "open": ("·", N_("open")),
}
PROMISE_STATES = {"open": N_("open"), "kept": N_("kept"), "broken": N_("broken")}
MATCH_REASONS = {
    "contract_number": N_("contract № in purpose"),
    "inn": N_("INN, one open contract"),
    "amount": N_("amount"),
    "by_hand": N_("by hand"),
}


def card_text(card, today: date, tz: tzinfo, outcome_labels: Mapping[str, str] | None = None) -> Content:
    """The whole card as one block of markup-free text (call outcomes named by ``outcome_labels``)."""
    outcome_labels = outcome_labels or {}
    lines = [f"{card.name} · {_('INN')} {card.inn or '—'}" + (f" · {_('KPP')} {card.kpp}" if card.kpp else "")
             + f" · {card.manager_name}"]
    lines.append(_("Lifetime value {amount} · repeat purchases {count}").format(
        amount=money(card.lifetime_value, card.currency), count=card.repeat_purchases))
    for number, signed, subject, total, currency in card.contracts:
        lines.append(_("Contract № {number} of {day}: {total}").format(
            number=number, day=day_month(signed), total=money(total, currency)) + (f" · {subject}" if subject else ""))
    schedule = []
    for line in card.schedule:
        sign, word = MARKS[line.mark(today)]
        schedule.append(f"{sign} {day_month(line.due)} {money(line.amount, line.currency)} {_(word)}")
    if schedule:
        lines.append(_("Schedule: ") + "  ".join(schedule))
    if card.payments:
        lines.append(_("Payments: ") + "  ".join(
            f"{day_month(paid_on)} {money(amount, currency)} ({_(MATCH_REASONS.get(reason, reason)) if reason else '—'})"
            for paid_on, amount, currency, _reference, reason in card.payments[:6]))
    currency = card.contracts[0][4] if card.contracts else "RUB"
    if card.promises:
        lines.append(_("Promises: ") + "  ".join(
            f"{day_month(due)} {money(amount, currency)} {_(PROMISE_STATES.get(status, status))}"
            for due, amount, status in card.promises[:6]))
    if card.calls:
        lines.append(_("Calls: ") + "  ".join(
            f"{day_month_time(started, tz)} {outcome_labels.get(outcome, outcome)} ({manager})" for started, outcome, manager in card.calls[:4]))
    else:
        lines.append(_("Calls: none"))
    return Content("\n".join(lines))
