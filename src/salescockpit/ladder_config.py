"""The reminder ladder's settings in the config file: ``[money]``.

    [money]
    reminder_ladder = [
      { days = -3, who = "manager", what = "call" },    # a courtesy call before the due date
      { days = 1, who = "manager", what = "call" },
      { days = 7, who = "manager", what = "call" },
      { days = 15, who = "head", what = "call" },
      { days = 30, who = "head", what = "letter" },     # a letter, a claim
    ]
    paid_wait_days = 3     # after a call where the client says "paid": days to wait for the money

The steps are explained in `domain/reminder_ladder.py`. Kept apart from `config.py` to keep
that file small; other ``[money]`` keys may join the known set here.
"""

from __future__ import annotations

from typing import Any

from salescockpit.domain.reminder_ladder import ladder_from_config
from salescockpit.i18n import _

KNOWN_MONEY_KEYS = ("reminder_ladder", "paid_wait_days")


def money_settings(data: dict[str, Any], error) -> dict[str, Any]:
    """The Settings fields that ``[money]`` in ``data`` gives (none when absent)."""
    if "money" not in data:
        return {}
    table = data["money"]
    if not isinstance(table, dict):
        raise error(_("{where}: must be a table ([{where}])").format(where="money"))
    unknown = sorted(set(table) - set(KNOWN_MONEY_KEYS))
    if unknown:
        raise error(_("{where}: unknown key(s) {keys}; known: {known}").format(
            where="money", keys=", ".join(unknown), known=", ".join(KNOWN_MONEY_KEYS)))
    values: dict[str, Any] = {}
    if "reminder_ladder" in table:
        try:
            values["reminder_ladder"] = ladder_from_config(table["reminder_ladder"], "money.reminder_ladder")
        except ValueError as problem:
            raise error(str(problem)) from None
    if "paid_wait_days" in table:
        days = table["paid_wait_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 60:
            raise error(_("{where}: expected a whole number of days from 0 to 60, got {value!r}").format(
                where="money.paid_wait_days", value=days))
        values["paid_wait_days"] = days
    return values
