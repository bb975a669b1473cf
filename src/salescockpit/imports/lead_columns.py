"""Which column of an import file holds which lead field, in English or Russian.

Headers are compared casefolded, with punctuation and "ё" folded, so "E-mail", "email" and
"Рабочий e-mail" all count. An exact alias wins over a header that merely contains a keyword
("Телефон" over "Рабочий телефон (контакт)"); among equals the leftmost column wins. `--map
column=field` overrides the guess (``field`` may be ``ignore``); column is a header or a 1-based
column number. The fields and the names each CRM gives them are in `column_names`. Every phone
and e-mail column is read: those beyond the first of each kind get keys like "mobile#7".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from salescockpit.i18n import _

from .column_names import ALIASES, CONTACT_FIELDS, FIELDS, KEYWORDS

__all__ = ["CONTACT_FIELDS", "EXTRA", "FIELDS", "IGNORE", "ColumnError", "extra_contact_field", "field_of", "fold",
           "ignored_columns", "match_columns", "parse_map_options", "source_system"]

IGNORE = "ignore"
#: Joins a contact field and a column index in the key of a further column of that field ("phone#7").
EXTRA = "#"
#: Fields any one of which gives a lead its name (the person's name parts joined, else the title).
NAME_FIELDS = ("name", "last_name", "middle_name", "title")
#: Words that tell the kind of a further contact column, by the field it then feeds.
_LABEL_WORDS = {
    "phone": (("mobile", ("мобильн", "mobile", "сотов")), ("home_phone", ("домашн", "home")),
              ("phone", ("рабоч", "work"))),
    "email": (("personal_email", ("личн", "частн", "personal", "private", "home")), ("email", ("рабоч", "work"))),
}

_PUNCTUATION = re.compile(r"[^\w]+")


class ColumnError(ValueError):
    """The columns cannot give leads (no name column, a bad --map); the message says why."""


def fold(header: str) -> str:
    """A header as compared: casefolded, ё as е, punctuation and underscores as single spaces."""
    text = header.casefold().replace("ё", "е").replace("_", " ")
    return _PUNCTUATION.sub(" ", text).strip()


def _score(header: str, field: str) -> int:
    folded = fold(header)
    if not folded:
        return 0
    if folded in ALIASES[field]:
        return 100
    if any(keyword in folded for keyword in KEYWORDS[field]):
        return 50
    return 0


def parse_map_options(options: Iterable[str]) -> dict[str, str]:
    """``["Колонка=phone", ...]`` as {column: field}; ColumnError for a bad pair or field."""
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, field = option.rpartition("=")
        field = field.strip().casefold()
        if not sep or not column.strip():
            raise ColumnError(_("--map wants COLUMN=FIELD, not {option!r}.").format(option=option))
        if field not in FIELDS and field != IGNORE:
            raise ColumnError(
                _("--map {option!r}: unknown field {field!r} (one of {fields}, or ignore).").format(
                    option=option, field=field, fields=", ".join(FIELDS)
                )
            )
        mapping[column.strip()] = field
    return mapping


def _column_index(headers: Sequence[str], column: str) -> int:
    if column.isdigit() and 1 <= int(column) <= len(headers):
        return int(column) - 1
    for index, header in enumerate(headers):
        if header.strip() == column or fold(header) == fold(column):
            return index
    raise ColumnError(
        _("--map names the column {column!r}, which is not in the file (columns: {columns}).").format(
            column=column, columns=", ".join(headers)
        )
    )


def match_columns(headers: Sequence[str], overrides: Mapping[str, str] | None = None) -> dict[str, int]:
    """{field: column index} for ``headers``; ColumnError when no column gives the name."""
    chosen: dict[str, int] = {}
    taken: set[int] = set()
    for column, field in (overrides or {}).items():
        index = _column_index(headers, column)
        taken.add(index)
        if field in CONTACT_FIELDS and field in chosen:
            chosen[f"{field}{EXTRA}{index}"] = index  # a second column of the same kind of contact
        elif field != IGNORE:
            chosen[field] = index
    candidates = sorted(
        (-_score(header, field), index, FIELDS.index(field), field)
        for field in FIELDS
        if field not in chosen
        for index, header in enumerate(headers)
        if index not in taken
    )
    for negative_score, index, _order, field in candidates:
        if negative_score < 0 and field not in chosen and index not in taken:
            chosen[field] = index
            taken.add(index)
    for index, header in enumerate(headers):  # every further phone or e-mail column is read too
        field = None if index in taken else extra_contact_field(header)
        if field is not None:
            chosen[f"{field}{EXTRA}{index}"] = index
    if not any(field in chosen for field in NAME_FIELDS):
        raise ColumnError(
            _("No column holds the lead's name (looked for name, Имя, ФИО, Контакт, Название сделки; columns: "
              "{columns}). Say which with --map COLUMN=name.").format(columns=", ".join(headers) or "-")
        )
    return chosen


def extra_contact_field(header: str) -> str | None:
    """The contact field of a further phone or e-mail column ("Телефон для рассылок", "mobile 2"), or None."""
    folded = fold(header)
    for kind, fallback in (("email", "other_email"), ("phone", "other_phone")):
        if any(_score(header, field) for field, (field_kind, _label) in CONTACT_FIELDS.items() if field_kind == kind):
            return next((field for field, words in _LABEL_WORDS[kind] if any(word in folded for word in words)),
                        fallback)
    return None


def field_of(key: str) -> str:
    """The field a `match_columns` key names ("phone#7", a further phone column, is "phone")."""
    return key.partition(EXTRA)[0]


def ignored_columns(headers: Sequence[str], columns: Mapping[str, int]) -> list[str]:
    """The headers no field reads, in file order (what a dry run lists as ignored)."""
    used = set(columns.values())
    return [header for index, header in enumerate(headers) if index not in used]


#: Headers only one CRM's export has, folded: how the CRM's own ids are told apart.
_SYSTEMS = (("bitrix24", ("название лида", "стадия", "частный e mail", "возможная сумма", "другой телефон")),
            ("amocrm", ("название сделки", "этап сделки", "воронка", "теги сделки", "основной контакт",
                        "полное имя контакт")),
            ("pipedrive", ("deal title", "deal id", "person name")))


def source_system(headers: Sequence[str]) -> str:
    """Which CRM made the file ("bitrix24", "amocrm", "pipedrive"), or "import" when none can be told."""
    folded = {fold(header) for header in headers}
    for system, marks in _SYSTEMS:
        if folded & set(marks):
            return system
    return "import"
