"""Count the report's money section: one grouped query per figure (`store.queries.money_figures`).

The period: a daily report counts ``on`` (collected today, promises broken and campaign calls
done in the window) and the month to date; a monthly report the month to ``on`` (its last day,
or today for the month under way). Overdue receivables are seen on ``on`` (due before it, less
what was paid for them by then) and compared with the day before. The forecast is the month's
fact plus what the open instalments due from ``on`` (the day after, once ``on`` is over) to the
month's end still lack (today's state of the schedule).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.money import from_minor
from salescockpit.domain.plans import churn_cutoff, forecast_window, month_bounds, month_text, share
from salescockpit.store.queries import money_figures as queries

from .money_figures import MoneyFigures, MoneyScope
from .window import users


@dataclass(frozen=True)
class MoneyPeriod:
    """What the money section counts: the month of ``on`` to ``on``, and the instants ``[start, end)``."""

    period: str  # "day" or "month"
    on: date
    start: datetime
    end: datetime
    currency: str
    churn_months: int
    complete: bool = False  # ``on`` is over: nothing due on it is still to come


def count_money(session: Session, period: MoneyPeriod, shown: list[tuple[str, str]], *,
                user_id: int | None = None, viewer=None) -> MoneyFigures:
    """The money section for the team (every manager the viewer may see, or ``user_id``) and for
    each of ``shown`` (login, name), in that order."""
    on, currency = period.on, period.currency
    first, last = month_bounds(on)
    window = forecast_window(first, on + timedelta(days=1) if period.complete else on)
    counted = {
        "today": queries.collected(session, on, on, currency, viewer=viewer) if period.period == "day" else None,
        "month": queries.collected(session, first, on, currency, viewer=viewer),
        "plan": queries.planned(session, first, currency, viewer=viewer),
        "rest": queries.still_due(session, window[0], window[1], currency, viewer=viewer) if window else {},
        "overdue": queries.overdue_on(session, (on - timedelta(days=1), on), currency, viewer=viewer),
        "broken": queries.broken_promises(session, period.start, period.end, viewer=viewer),
        "campaign": queries.campaign_outcomes(session, period.start, period.end, viewer=viewer),
        "on_time": queries.collected_on_time(session, first, on, currency, viewer=viewer),
        "churn": queries.churn(session, churn_cutoff(on, period.churn_months), viewer=viewer),
    }
    if user_id is not None:
        counted = {key: None if value is None else {k: v for k, v in value.items() if k == user_id}
                   for key, value in counted.items()}
    ids = _user_ids(session, [login for login, _name in shown])
    managers = tuple(_scope(counted, {ids[login]} if login in ids else set(), login, name, currency)
                     for login, name in shown)
    everyone = set().union(*(value for value in counted.values() if value))
    team = _scope(counted, everyone, None, "", currency)
    return MoneyFigures(currency=currency, period=period.period, month=month_text(first),
                        churn_months=period.churn_months, team=team, managers=managers)


def _user_ids(session: Session, logins: list[str]) -> dict[str, int]:
    if not logins:
        return {}
    return {login: user_id for user_id, login in session.execute(
        select(users.c.id, users.c.login).where(users.c.login.in_(logins)))}


def _scope(counted: dict, ids: set[int], login: str | None, name: str, currency: str) -> MoneyScope:
    def total(key: str, pick=lambda value: value) -> int:
        return sum(pick(value) for manager, value in counted[key].items() if manager in ids)

    def money(minor: int):
        return from_minor(minor, currency)

    month = total("month")
    planned = [counted["plan"][manager] for manager in ids if manager in counted["plan"]]
    plan = sum(planned) if planned else None
    fell_due, in_time = total("on_time", lambda value: value[0]), total("on_time", lambda value: value[1])
    clients, churned = total("churn", lambda value: value[0]), total("churn", lambda value: value[1])
    overdue_before, overdue = total("overdue", lambda value: value[0]), total("overdue", lambda value: value[1])
    outcomes = {outcome: total("campaign", lambda value, outcome=outcome: value[outcome])
                for outcome in queries.CAMPAIGN_OUTCOMES}
    return MoneyScope(
        login=login, name=name,
        collected_today=None if counted["today"] is None else money(total("today")),
        collected_month=money(month),
        plan=None if plan is None else money(plan),
        plan_rate=None if plan is None else share(month, plan),
        forecast=money(month + total("rest")),
        overdue=money(overdue), overdue_change=money(overdue - overdue_before),
        broken_promises=total("broken"),
        fell_due=money(fell_due), paid_on_time=money(in_time), on_time_rate=share(in_time, fell_due),
        clients=clients, churned=churned, churn_rate=share(churned, clients),
        campaign_interested=outcomes["interested"], campaign_not_now=outcomes["not_now"],
        campaign_refused=outcomes["refused"], campaign_referral=outcomes["referral"],
    )
