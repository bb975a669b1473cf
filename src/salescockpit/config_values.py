"""The config file's value checks: each takes the raw value and the name to blame (``where``)
and returns the clean value, or raises `ConfigError` with one line saying what to write instead.
`config.settings_from_mapping` maps the file's keys onto them."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers

from salescockpit.config_company import CompanySettings, company_settings
from salescockpit.config_errors import ConfigError, table as _table
from salescockpit.i18n import _

LANGUAGES = ("en", "ru")
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {name: number for names in (DAY_NAMES, _FULL_DAY_NAMES) for number, name in enumerate(names)}

def _is_timezone(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _wallboard_key(value: Any, where: str) -> str:
    if isinstance(value, str) and len(value.strip()) >= 16 and value.strip().isprintable() \
            and not any(c in value for c in " &#?/"):
        return value.strip()
    raise ConfigError(_("{where}: give a key of at least 16 characters (letters, digits, - or _), "
                        "e.g. one printed by serve --wallboard").format(where=where))


def _timezone(value: Any, where: str) -> str:
    if isinstance(value, str) and _is_timezone(value.strip()):
        return value.strip()
    raise ConfigError(
        _("{where}: {value!r} is not a known timezone; use an IANA name such as Europe/Moscow").format(
            where=where, value=value
        )
    )


def _time(value: Any, where: str) -> time:
    if isinstance(value, time) and value.tzinfo is None:
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        hours, colon, minutes = value.strip().partition(":")
        if colon and hours.isdigit() and minutes.isdigit() and len(minutes) == 2 and len(hours) <= 2:
            if int(hours) < 24 and int(minutes) < 60:
                return time(int(hours), int(minutes))
    raise ConfigError(_("{where}: {value!r} is not a time; use HH:MM").format(where=where, value=value))


def _days(value: Any, where: str) -> frozenset[int]:
    allowed = ", ".join(DAY_NAMES)
    if not isinstance(value, list) or not value:
        raise ConfigError(
            _("{where}: give a non-empty list of days, e.g. [\"mon\", \"tue\"] ({allowed})").format(
                where=where, allowed=allowed
            )
        )
    days = set()
    for item in value:
        name = item.strip().casefold() if isinstance(item, str) else ""
        number = _DAY_NUMBERS.get(name)
        if number is None:
            raise ConfigError(
                _("{where}: {value!r} is not a day; use {allowed}").format(
                    where=where, value=item, allowed=allowed
                )
            )
        days.add(number)
    return frozenset(days)


def _minutes(value: Any, where: str) -> timedelta:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return timedelta(minutes=value)
    raise ConfigError(
        _("{where}: {value!r} is not allowed; use a whole number of minutes above 0").format(
            where=where, value=value
        )
    )


def _lang(value: Any, where: str) -> str:
    if isinstance(value, str) and value.strip().casefold() in LANGUAGES:
        return value.strip().casefold()
    raise ConfigError(
        _("{where}: {value!r} is not a supported language; use {allowed}").format(
            where=where, value=value, allowed=" or ".join(LANGUAGES)
        )
    )


def _phone_region(value: Any, where: str) -> str:
    region = value.strip().upper() if isinstance(value, str) else None
    if region in phonenumbers.SUPPORTED_REGIONS:
        return region
    raise ConfigError(
        _("{where}: {value!r} is not a phone region; use a two-letter country code such as RU or DE").format(
            where=where, value=value
        )
    )


def _db(value: Any, where: str) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise ConfigError(
        _("{where}: give a database file path or URL as text").format(where=where)
    )


def _keys(value: Any, where: str) -> dict[str, str]:
    keys = {}
    for binding, key in _table(value, where).items():
        if not isinstance(key, str) or not key.strip():
            raise ConfigError(
                _("{where}.{binding}: give the key as text, e.g. \"ctrl+r\" or \"j\"").format(
                    where=where, binding=binding
                )
            )
        keys[binding] = key.strip()
    return keys


def _phone_extensions(value: Any, where: str) -> dict[str, str]:
    """[phone_extensions]: extension -> login of the manager who uses it (logins compare casefolded)."""
    extensions = {}
    for extension, login in _table(value, where).items():
        if not isinstance(login, str) or not login.strip() or not str(extension).strip():
            raise ConfigError(
                _("{where}.{extension}: give the manager's login as text, e.g. \"anna\"").format(
                    where=where, extension=extension
                )
            )
        extensions[str(extension).strip()] = login.strip().casefold()
    return extensions


def _phone_internal(value: Any, where: str) -> tuple[tuple[int, int], ...]:
    """phone_internal: "100-199", or a list of such ranges and single extensions."""
    ranges = []
    for item in value if isinstance(value, list) else [value]:
        low, sep, high = str(item).partition("-")
        if isinstance(item, bool) or not low.strip().isdigit() or not (high or low * (not sep)).strip().isdigit() \
                or int(low) > int(high or low):
            raise ConfigError(_("{where}: {value!r} is not allowed; give extensions and ranges, e.g. "
                                "[\"100-199\", \"555\"]").format(where=where, value=item))
        ranges.append((int(low), int(high or low)))
    return tuple(ranges)


def _company(value: Any, where: str) -> CompanySettings:
    try:
        return company_settings(value, where)
    except ValueError as error:
        raise ConfigError(str(error)) from None
