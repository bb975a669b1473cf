"""What the wallboard writes on screen, worked out from a `Wallboard` without touching Textual.

Kept apart from the widgets so the words and the rounding are tested without an app, and so
the big figures (3x3 `Digits`) and the small print always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from ...i18n import _
from ...l10n import full_day, money, number

if TYPE_CHECKING:
    from ...reports.wallboard import Standing, Wallboard

#: What a figure shows when there is nothing to count (the Digits font draws "-", not "—").
NO_FIGURE = "-"


@dataclass(frozen=True)
class Headline:
    """One big figure: `key` names its tile, `value` is what the Digits draw, `alarm` paints it red."""

    key: str
    label: str
    value: str
    detail: str
    alarm: bool = False


def whole(value: float | None) -> str:
    """A percentage or score as a whole number ("74.5" -> "74", half to even), or "-" when unknown."""
    return NO_FIGURE if value is None else str(round(value))


def headlines(board: Wallboard) -> tuple[Headline, ...]:
    """The six figures across the top of the wallboard, in reading order."""
    team = board.team
    labels = tile_labels()
    return (
        Headline("calls", labels[0], str(team.calls), _("{count} reached").format(count=team.reached)),
        Headline(
            "reach", labels[1], whole(team.reach_rate),
            _("{reached} of {calls}").format(reached=team.reached, calls=team.calls),
        ),
        Headline("compliance", labels[2], whole(team.average_score), _("{count} reviewed").format(count=team.reviewed)),
        Headline(
            "overdue", labels[3], str(team.overdue_callbacks), _("callbacks"), alarm=team.overdue_callbacks > 0,
        ),
        Headline(
            "objections", labels[4], str(team.objections_handled),
            _("handled of {count}").format(count=team.objections_raised),
        ),
        Headline("won", labels[5], str(team.deals_won), _("worth {value}").format(value=number(team.won_value))),
    )


def tile_labels() -> tuple[str, ...]:
    """The six tiles' titles, short enough for a tile on an 80-column screen."""
    return (_("Calls"), _("Reach %"), _("Score"), _("Overdue"), _("Objections"), _("Deals won"))


def standing_cells(place: str, row: Standing) -> tuple[str, ...]:
    """One leaderboard line: place, name, calls, reached, reach %, score, overdue, objections, won."""
    return (
        place,
        row.name,
        str(row.calls),
        str(row.reached),
        whole(row.reach_rate),
        whole(row.average_score),
        str(row.overdue_callbacks),
        f"{row.objections_handled}/{row.objections_raised}",
        str(row.deals_won),
    )


def leaderboard_headers() -> tuple[str, ...]:
    return (
        "#", _("Manager"), _("Calls"), _("Reached"), _("Reach %"), _("Score"), _("Overdue"),
        _("Objections"), _("Won"),
    )


def updated_text(as_of: datetime, timezone: str) -> str:
    """"updated 10:00": the instant the figures stand at, on the team's clock."""
    return _("updated {time}").format(time=as_of.astimezone(ZoneInfo(timezone)).strftime("%H:%M"))


def day_text(board: Wallboard) -> str:
    """The day the figures belong to, in the user's language ("Mon 23 Nov 2026", "пн 23 нояб. 2026")."""
    return full_day(board.day)


def money_text(board: Wallboard) -> str:
    """The money line: collected today and this month against plan, overdue and its change since
    yesterday, promises broken today, campaign calls done today ("" when there is no money)."""
    team, currency = board.money, board.currency
    if team is None:
        return ""

    def amount(value) -> str:
        return money(value, currency)

    month = _("month {collected}").format(collected=amount(team.collected_month))
    if team.plan is not None:
        month = _("month {collected} of {plan} ({rate}%)").format(
            collected=amount(team.collected_month), plan=amount(team.plan), rate=whole(team.plan_rate))
    change = "0" if not team.overdue_change else ("+" if team.overdue_change > 0 else "-") + amount(
        abs(team.overdue_change))
    campaign = (team.campaign_interested + team.campaign_not_now + team.campaign_refused
                + team.campaign_referral)
    parts = [
        _("Collected today {amount}").format(amount=amount(team.collected_today or 0)),
        month,
        _("overdue {amount} ({change} since yesterday)").format(amount=amount(team.overdue), change=change),
        _("promises broken {count}").format(count=team.broken_promises),
        _("campaign calls {count}: {interested} interested, {referral} referrals").format(
            count=campaign, interested=team.campaign_interested, referral=team.campaign_referral),
    ]
    return " · ".join(parts)
