"""The money section for people (Markdown, HTML, terminal) and as raw cells (csv, xlsx, json).

Amounts are written the way the report's language writes them (`l10n.money`: "₽12,345.67",
"12 345,67 ₽"); the machine formats keep exact decimals (JSON: strings, "12345.67").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salescockpit.i18n import _
from salescockpit.l10n import money

from .figures import Report
from .layout import EMPTY, number_text, scopes
from .money_figures import AMOUNTS, MONEY_LABELS, MoneyScope, money_items


def has_money(report: Report) -> bool:
    return report.money.team is not None


def money_title(report: Report) -> str:
    return _("Money ({currency}, month {month})").format(currency=report.money.currency, month=report.money.month)


def money_value_text(key: str, value: Any, currency: str) -> str:
    if value is None:
        return EMPTY
    if key == "overdue_change":
        text = money(abs(value), currency)
        return "0" if value == 0 else ("+" if value > 0 else "-") + text
    if key in AMOUNTS:
        return money(value, currency)
    if key.endswith("_rate"):
        return f"{number_text(value)}%"
    return number_text(value)


def _columns(report: Report) -> list[tuple[str, MoneyScope]]:
    """(title, money scope) in the order of the report's other tables: the team, then each manager."""
    by_login = {scope.login: scope for scope in report.money.managers}
    columns = []
    for scope in scopes(report):
        found = report.money.team if scope.login is None else by_login.get(scope.login)
        if found is not None:
            columns.append((scope.title, found))
    return columns


def money_table(report: Report) -> tuple[str, tuple[str, ...], list[tuple[str, ...]]]:
    """(title, headers, rows): a figure per row, the team and each manager per column."""
    columns = _columns(report)
    currency, period = report.money.currency, report.money.period
    rows = []
    for index, (key, _value) in enumerate(money_items(columns[0][1], period)):
        cells = [money_value_text(key, money_items(scope, period)[index][1], currency) for _title, scope in columns]
        rows.append((_(MONEY_LABELS[key]), *cells))
    return money_title(report), (_("Figure"), *(title for title, _scope in columns)), rows


def money_headers(report: Report) -> list[str]:
    """The money columns of the spreadsheet formats: "Money: <label>"."""
    keys = [key for key, _value in money_items(MoneyScope(None, ""), report.period)]
    return [f"{_('Money')}: {_(MONEY_LABELS[key])}" for key in keys]


def money_rows(report: Report) -> list[list[Any]]:
    """Money cells for each row of `flat.scope_rows` (managers first, the team last)."""
    ordered = scopes(report)
    return [money_cells(report, scope.login) for scope in ordered[1:] + ordered[:1]]


def money_cells(report: Report, login: str | None) -> list[Any]:
    """Raw cells of one scope (``login`` None: the team); empty cells when there is nothing."""
    scope = report.money.team if login is None else next(
        (entry for entry in report.money.managers if entry.login == login), None)
    keys = [key for key, _value in money_items(MoneyScope(None, ""), report.period)]
    if scope is None:
        return [None] * len(keys)
    return [getattr(scope, key) for key in keys]


def money_object(report: Report) -> dict[str, Any] | None:
    """The money section for JSON: amounts as exact decimal strings, null when unknown."""
    if not has_money(report):
        return None
    figures = report.money

    def plain(scope: MoneyScope) -> dict[str, Any]:
        values = {key: (str(value) if isinstance(value, Decimal) else value)
                  for key, value in money_items(scope, figures.period)}
        return {"login": scope.login, "name": scope.name, **values} if scope.login else values

    return {"currency": figures.currency, "period": figures.period, "month": figures.month,
            "churn_months": figures.churn_months, "team": plain(figures.team),
            "managers": [plain(scope) for scope in figures.managers]}
