"""Reading a phone system's call log (CSV) into plain rows, before anything touches the database.

Columns are found by their header, in English or Russian (time, direction, number, duration,
answered, extension or login, recording link); only time and number are required. The file is
read by `imports.tabular` (CSV in UTF-8, UTF-8 with BOM or cp1251, delimited by `,`, `;` or tab;
or XLSX). A naive time is read in the team timezone. Each row gets `external_key`, a hash of its raw cells, so the same row
imported twice (from the same or another export) is recognised as a duplicate. `--map COLUMN=FIELD`
(`parse_call_map`) names the columns a header does not. A file without a header whose first row is
an Asterisk call record is read as Asterisk's `Master.csv` (`asterisk_cdr`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from salescockpit.i18n import _

from .tabular import Table, TableError, read_csv_bytes, read_table

#: Field -> header names (casefolded) that mean it.
HEADERS: dict[str, tuple[str, ...]] = {
    "time": ("time", "start", "started", "started_at", "start time", "call time", "date", "datetime",
             "date/time", "время", "дата", "дата и время", "время звонка", "начало", "время начала"),
    "direction": ("direction", "type", "call type", "направление", "тип", "тип звонка"),
    "number": ("number", "phone", "caller/callee number", "caller/callee", "client number", "client", "callee",
               "caller", "номер", "телефон", "номер клиента", "абонент", "клиент", "номер абонента"),
    "duration": ("duration", "duration (s)", "duration, s", "seconds", "talk time", "billsec", "длительность",
                 "длительность (с)", "продолжительность", "время разговора"),
    "answered": ("answered", "status", "disposition", "result", "отвечен", "принят", "статус", "результат"),
    "extension": ("extension", "ext", "manager", "login", "agent", "user", "operator", "внутренний номер",
                  "добавочный", "менеджер", "сотрудник", "логин", "оператор"),
    "recording": ("recording", "recording link", "recording url", "record", "link", "запись",
                  "ссылка на запись", "запись разговора"),
}
REQUIRED = ("time", "number")
IGNORE = "ignore"

_OUT = {"out", "outgoing", "outbound", "исходящий", "исходящая", "исх", "исх."}
_IN = {"in", "incoming", "inbound", "входящий", "входящая", "вх", "вх."}
_YES = {"yes", "y", "true", "1", "answered", "answer", "да", "отвечен", "отвечено", "принят", "принято", "успешно"}
_NO = {"no", "n", "false", "0", "no answer", "noanswer", "missed", "busy", "failed", "нет", "пропущен",
       "пропущенный", "не отвечен", "нет ответа", "занято", "неудачно"}
_TIME_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")
_CLOCK_DURATION = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2})$")


class PhoneLogError(ValueError):
    """The file cannot be read at all (encoding, no header, required columns missing)."""


@dataclass(frozen=True)
class PhoneLogRow:
    """One call as the phone system recorded it; ``line`` is the 1-based line in the file."""

    line: int
    started_at: datetime
    direction: str
    number: str
    duration_seconds: int
    answered: bool
    extension: str
    recording_ref: str | None
    external_key: str
    call_uid: str | None = None  # the phone system's own call id (Asterisk's uniqueid)


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass
class PhoneLog:
    rows: list[PhoneLogRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    internal: int = 0  # calls between two extensions, skipped (Master.csv)

    @property
    def read(self) -> int:
        return len(self.rows) + len(self.problems) + self.internal


def parse_call_map(options: Iterable[str]) -> dict[str, str]:
    """``["Абонент Б=number", ...]`` as {column: field}; PhoneLogError for a bad pair or field."""
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, name = option.rpartition("=")
        name = name.strip().casefold()
        if not sep or not column.strip():
            raise PhoneLogError(_("--map wants COLUMN=FIELD, not {option!r}.").format(option=option))
        if name not in HEADERS and name != IGNORE:
            raise PhoneLogError(
                _("--map {option!r}: unknown field {field!r} (one of {fields}, or ignore).").format(
                    option=option, field=name, fields=", ".join(HEADERS)
                )
            )
        mapping[column.strip()] = name
    return mapping


def _mapped(header: list[str], overrides: Mapping[str, str]) -> dict[int, str]:
    """Column index -> field (or ignore) for each --map; a column not in the header is an error."""
    fold = {" ".join(name.strip().casefold().split()): index for index, name in enumerate(header)}
    found: dict[int, str] = {}
    for column, name in overrides.items():
        index = fold.get(" ".join(column.casefold().split()))
        if index is None and column.isdigit() and 1 <= int(column) <= len(header):
            index = int(column) - 1
        if index is None:
            raise PhoneLogError(
                _("--map names the column {column!r}, which is not in the file (columns: {columns}).").format(
                    column=column, columns=", ".join(header)
                )
            )
        found[index] = name
    return found


def _columns(header: list[str], overrides: Mapping[str, str] | None = None) -> dict[str, int]:
    mapped = _mapped(header, overrides or {})
    found: dict[str, int] = {name: index for index, name in mapped.items() if name != IGNORE}
    for index, name in enumerate(header):
        key = " ".join(name.strip().casefold().split())
        if index in mapped:
            continue
        for column, names in HEADERS.items():
            if key in names and column not in found:
                found[column] = index
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        raise PhoneLogError(
            _("No {columns} column in the header; expected e.g. time, number (время, номер).").format(
                columns=", ".join(missing)
            )
        )
    return found


def parse_time(text: str, tz: ZoneInfo) -> datetime:
    """ISO 8601 or dd.mm.yyyy hh:mm[:ss]; naive times are in ``tz``. Returned in UTC."""
    text = text.strip()
    moment = None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        for pattern in _TIME_FORMATS:
            try:
                moment = datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
    if moment is None:
        raise ValueError(_("“{text}” is not a date and time.").format(text=text))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(timezone.utc)


def parse_duration(text: str) -> int:
    """Whole seconds from "75", "75.0", "1:15" or "0:01:15"; empty is 0."""
    text = text.strip()
    if not text:
        return 0
    match = _CLOCK_DURATION.match(text)
    if match:
        hours, minutes, seconds = match.groups()
        total: float = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    else:
        try:
            total = float(text.replace(",", "."))
        except ValueError:
            raise ValueError(_("“{text}” is not a duration.").format(text=text)) from None
    # Under a day either way ("9999:00:00" too: it would not even fit PostgreSQL's INTEGER).
    if total < 0 or total >= 86400:
        raise ValueError(_("“{text}” is not a duration.").format(text=text))
    return int(round(total))


def parse_direction(text: str) -> str:
    word = text.strip().casefold()
    if word in _OUT or not word:
        return "out"
    if word in _IN:
        return "in"
    raise ValueError(_("“{text}” is not a direction; use in or out.").format(text=text))


def parse_answered(text: str, duration: int) -> bool:
    """Yes/no words in English or Russian; an empty cell means answered when the call has a duration."""
    word = " ".join(text.strip().casefold().split())
    if not word:
        return duration > 0
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(_("“{text}” is not yes or no.").format(text=text))


def row_key(cells: list[str]) -> str:
    """The row's identity: a hash of its stripped cells (blank trailing cells ignored)."""
    values = [cell.strip() for cell in cells]
    while values and not values[-1]:
        values.pop()
    return hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()


def within_limit(column: str, text: str, limit: int) -> str:
    """``text`` as written; ValueError (its row is refused) when longer than its column, never cut."""
    if len(text) > limit:
        raise ValueError(_("The {column} cell is longer than {limit} characters.").format(column=column, limit=limit))
    return text


def _row(line: int, cells: list[str], columns: dict[str, int], tz: ZoneInfo) -> PhoneLogRow:
    def cell(column: str) -> str:
        index = columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def limited(column: str, limit: int) -> str:
        return within_limit(column, cell(column), limit)

    if not cell("number"):
        raise ValueError(_("The number is empty."))
    duration = parse_duration(cell("duration"))
    return PhoneLogRow(
        line=line,
        started_at=parse_time(cell("time"), tz),
        direction=parse_direction(cell("direction")),
        number=limited("number", 64),
        duration_seconds=duration,
        answered=parse_answered(cell("answered"), duration),
        extension=limited("extension", 64),
        recording_ref=limited("recording", 1000) or None,
        external_key=row_key(cells),
    )


def phone_log_from_table(table: Table, tz: ZoneInfo, overrides: Mapping[str, str] | None = None,
                         is_internal: Callable[[str], bool] | None = None) -> PhoneLog:
    """Every row of ``table``; rows that cannot be read become problems (with their line).

    Without ``overrides``, a table whose first row is an Asterisk call record is read as
    `Master.csv`, ``is_internal`` telling an extension from a client's number.
    """
    from .asterisk_cdr import looks_like_master_csv, master_csv_log
    from .extensions import default_is_internal

    if not overrides and looks_like_master_csv(table.headers):
        return master_csv_log(table, tz, is_internal or default_is_internal)
    columns = _columns(list(table.headers), overrides)
    log = PhoneLog()
    for row in table.rows:
        try:
            log.rows.append(_row(row.line, list(row.cells), columns, tz))
        except ValueError as error:
            log.problems.append(RowProblem(row.line, str(error)))
    return log


def read_phone_log(data: bytes | str, tz: ZoneInfo, overrides: Mapping[str, str] | None = None,
                   is_internal: Callable[[str], bool] | None = None) -> PhoneLog:
    """The call log in CSV ``data``; `PhoneLogError` when the file as a whole cannot be read."""
    try:
        table = read_csv_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except TableError as error:
        raise PhoneLogError(str(error)) from None
    return phone_log_from_table(table, tz, overrides, is_internal)


def read_phone_log_file(path: Path, tz: ZoneInfo, overrides: Mapping[str, str] | None = None,
                        is_internal: Callable[[str], bool] | None = None) -> PhoneLog:
    """The call log in the CSV or XLSX file at ``path``."""
    try:
        table = read_table(path)
    except TableError as error:
        raise PhoneLogError(str(error)) from None
    return phone_log_from_table(table, tz, overrides, is_internal)
