"""Settings: a TOML file in the user's config dir, then SALESCOCKPIT_* environment overrides.

A missing file means defaults. Every bad value raises `ConfigError` naming the key and what
is allowed. Example file::

    timezone = "Europe/Moscow"
    work_start = "09:00"
    work_end = "18:00"
    work_days = ["mon", "tue", "wed", "thu", "fri"]
    first_contact_limit_minutes = 60
    phone_region = "RU"
    lang = "ru"
    db = "/srv/sales/salescockpit.db"

    [stale_days]          # per stage key; 0 or false = never stale
    needs = 10

    [keys]                # binding id -> key
    "queue.next" = "j"

    phone_internal = ["100-199", "555"]   # the PBX's internal extensions (Asterisk Master.csv)

    [phone_extensions]    # phone system extension -> manager login (call log import)
    "101" = "anna"

    [company]             # bank statements and money (config_company.py)
    inn = "7701234567"
    bank_accounts = ["40702810900000000001"]
    currency = "RUB"

    [money]               # the reminder ladder (ladder_config.py)
    reminder_ladder = [{ days = -3 }, { days = 7 }, { days = 15, who = "head" }, { days = 30, who = "head", what = "letter" }]
    paid_wait_days = 3

    [audit] and [team]    # the audit key file, OS login -> login: see config_team.py

    [[pipeline.stages]]   # optional: replaces the whole default pipeline
    key = "new"
    label = "New"
    stale_days = 1
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import platformdirs

from salescockpit.config_company import CompanySettings
from salescockpit.config_errors import ConfigError, table as _table
from salescockpit.config_file import read_toml, refuse_readable_secret
from salescockpit.config_pipeline import pipeline_setting as _pipeline
from salescockpit.config_pipeline import stale_days_setting as _stale_days
from salescockpit.config_pipeline import with_stale_overrides as _with_stale_overrides
from salescockpit.config_team import shared_file_settings
from salescockpit.config_values import (
    _is_timezone,
    _wallboard_key,
    _timezone,
    _time,
    _days,
    _minutes,
    _lang,
    _phone_region,
    _db,
    _keys,
    _phone_extensions,
    _phone_internal,
    _company,
)
from salescockpit.domain.pipeline import DEFAULT_PIPELINE, Pipeline
from salescockpit.domain.reminder_ladder import DEFAULT_LADDER, LadderStep
from salescockpit.domain.workhours import WorkingHours
from salescockpit.i18n import _
from salescockpit.ladder_config import money_settings
from salescockpit.listening_config import listening_settings

APP_NAME = "salescockpit"
CONFIG_ENV = "SALESCOCKPIT_CONFIG"
KNOWN_KEYS = (
    "timezone", "work_start", "work_end", "work_days", "first_contact_limit_minutes",
    "stale_days", "pipeline", "phone_region", "keys", "lang", "db", "phone_extensions",
    "phone_internal", "company", "review", "audio", "transcribe", "wallboard_key", "money",
    "audit", "team",
)
ENV_OVERRIDES = {
    "SALESCOCKPIT_TIMEZONE": "timezone",
    "SALESCOCKPIT_LANG": "lang",
    "SALESCOCKPIT_PHONE_REGION": "phone_region",
    "SALESCOCKPIT_DB": "db",
}


def machine_timezone(
    environ: Mapping[str, str] | None = None, localtime: Path = Path("/etc/localtime")
) -> str:
    """The machine's IANA zone: TZ if it names one, else where /etc/localtime points, else UTC."""
    environ = os.environ if environ is None else environ
    name = environ.get("TZ", "").removeprefix(":")
    if _is_timezone(name):
        return name
    try:
        target = str(localtime.resolve(strict=True)) if localtime.is_symlink() else ""
    except OSError:
        target = ""
    marker = "zoneinfo/"
    if marker in target:
        name = target.rsplit(marker, 1)[1]
        if _is_timezone(name):
            return name
    return "UTC"


def default_data_dir() -> Path:
    """Where the database lives unless configured otherwise."""
    return platformdirs.user_data_path(APP_NAME)


def default_db_path() -> Path:
    return default_data_dir() / "salescockpit.db"


def default_config_path() -> Path:
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


@dataclass(frozen=True)
class Settings:
    """Everything configurable. From `load_settings`, `pipeline` already has `stale_days` applied."""

    timezone: str = field(default_factory=machine_timezone)
    work_start: time = time(9, 0)
    work_end: time = time(18, 0)
    work_days: frozenset[int] = frozenset(range(5))
    first_contact_limit: timedelta = timedelta(minutes=60)
    stale_days: dict[str, int | None] = field(default_factory=dict)
    pipeline: Pipeline = DEFAULT_PIPELINE
    phone_region: str = "RU"
    keys: dict[str, str] = field(default_factory=dict)
    lang: str | None = None  # None: from the locale environment (LANG), else English
    db: str | None = None
    phone_extensions: dict[str, str] = field(default_factory=dict)  # phone extension -> login
    phone_internal: tuple[tuple[int, int], ...] = ()  # internal extension ranges (inclusive)
    company: CompanySettings = field(default_factory=CompanySettings)  # [company]: INN, accounts, currency
    review_daily_capacity: int = 60  # [review] daily_capacity: leads in the head's list a day
    review_backlog_max_days: int = 3  # [review] backlog_max_days: working days before it comes back
    audio_manager_channel: int = 0  # [audio] manager_channel: the manager's channel of a stereo call
    transcribe_command: str = ""  # [transcribe] command: makes a transcript of {audio} into {output}
    wallboard_key: str = ""  # the key `serve --wallboard` asks for (empty: a new one at each start)
    reminder_ladder: tuple[LadderStep, ...] = DEFAULT_LADDER  # [money] reminder_ladder (ladder_config.py)
    paid_wait_days: int = 3  # [money] paid_wait_days: after a "paid" call, days to wait for the money
    audit_key_file: Path | None = None  # [audit] key_file: the audit trail's key (store/audit_key.py)
    os_logins: dict[str, str] = field(default_factory=dict)  # [team] logins: OS login -> salescockpit login

    @property
    def currency(self) -> str:
        """The default currency of new contracts (ISO 4217)."""
        return self.company.currency

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def working_hours(self) -> WorkingHours:
        return WorkingHours(self.tz, self.work_start, self.work_end, self.work_days)


_SIMPLE: dict[str, tuple[str, Callable[[Any, str], Any]]] = {
    "timezone": ("timezone", _timezone),
    "work_start": ("work_start", _time),
    "work_end": ("work_end", _time),
    "work_days": ("work_days", _days),
    "first_contact_limit_minutes": ("first_contact_limit", _minutes),
    "phone_region": ("phone_region", _phone_region),
    "keys": ("keys", _keys),
    "lang": ("lang", _lang),
    "db": ("db", _db),
    "phone_extensions": ("phone_extensions", _phone_extensions),
    "phone_internal": ("phone_internal", _phone_internal),
    "company": ("company", _company),
    "wallboard_key": ("wallboard_key", _wallboard_key),
}


_REVIEW_KEYS = {"daily_capacity": ("review_daily_capacity", 1), "backlog_max_days": ("review_backlog_max_days", 0)}


def _review(value: Any, where: str) -> dict[str, int]:
    """The [review] table: daily_capacity (at least 1) and backlog_max_days (0 or more)."""
    table = _table(value, where)
    unknown = sorted(set(table) - set(_REVIEW_KEYS))
    if unknown:
        raise ConfigError(_("{where}: unknown key(s) {keys}; known: {known}").format(
            where=where, keys=", ".join(unknown), known=", ".join(_REVIEW_KEYS)))
    values = {}
    for key, number in table.items():
        attribute, least = _REVIEW_KEYS[key]
        if isinstance(number, bool) or not isinstance(number, int) or number < least:
            raise ConfigError(_("{where}.{key}: expected a whole number of at least {least}, got {value!r}").format(
                where=where, key=key, least=least, value=number))
        values[attribute] = number
    return values


def settings_from_mapping(
    data: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from parsed TOML ``data`` plus SALESCOCKPIT_* overrides in ``environ``."""
    environ = os.environ if environ is None else environ
    unknown = sorted(set(data) - set(KNOWN_KEYS))
    if unknown:
        raise ConfigError(
            _("Unknown setting(s) {unknown}; known settings are {known}").format(
                unknown=", ".join(unknown), known=", ".join(KNOWN_KEYS)
            )
        )
    values: dict[str, Any] = {}
    for key, (attribute, check) in _SIMPLE.items():
        if key in data:
            values[attribute] = check(data[key], key)
    for variable, key in ENV_OVERRIDES.items():
        if environ.get(variable, "").strip():
            attribute, check = _SIMPLE[key]
            values[attribute] = check(environ[variable], variable)
    values.update(listening_settings(data, ConfigError))
    values.update(money_settings(data, ConfigError))
    if "timezone" not in values:
        values["timezone"] = machine_timezone(environ)
    start, end = values.get("work_start", time(9, 0)), values.get("work_end", time(18, 0))
    if not start < end:
        raise ConfigError(
            _("work_end: {end} must be after work_start {start}").format(
                end=end.strftime("%H:%M"), start=start.strftime("%H:%M")
            )
        )
    pipeline = _pipeline(data["pipeline"], "pipeline") if "pipeline" in data else DEFAULT_PIPELINE
    if "stale_days" in data:
        overrides = _stale_days(data["stale_days"], "stale_days", pipeline)
        values["stale_days"] = overrides
        pipeline = _with_stale_overrides(pipeline, overrides, "stale_days")
    if "review" in data:
        values.update(_review(data["review"], "review"))
    values.update(shared_file_settings(data))
    return Settings(pipeline=pipeline, **values)


def load_settings(path: Path | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Read the config file (argument, else $SALESCOCKPIT_CONFIG, else the user config dir).

    A missing file gives the defaults; environment overrides apply either way.
    """
    if path is None:
        configured = environ.get(CONFIG_ENV, "").strip()
        path = Path(configured).expanduser() if configured else default_config_path()
    data = read_toml(Path(path))
    refuse_readable_secret(Path(path), data)
    return settings_from_mapping(data, environ)
