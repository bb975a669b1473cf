"""One import row -> a lead draft, or a reject with its line and a reason. No database here.

`ImportRules` carries what a row is checked against (the pipeline, the phone region, the
importing user and the users by login and display name); the service builds it. Any text in
any cell gives a `LeadRow` or a `Reject`, never an exception.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from salescockpit.domain.pipeline import Pipeline
from salescockpit.i18n import _
from salescockpit.reports.safe_cells import FORMULA_STARTS
from salescockpit.services.errors import InvalidInput
from salescockpit.services.leads import MAX_VALUE, LeadDraft, clean_field

from .lead_columns import fold
from .tabular import Row

#: Stage names other CRMs (amoCRM, Bitrix24, Pipedrive) and Russian users write, by our stage key.
STAGE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "new": ("новый", "новая", "новые", "новый лид", "неразобранное", "не обработан", "lead in", "inbox"),
    "identification": ("идентификация", "выявление", "поиск контакта"),
    "qualification": ("квалификация", "обработан", "qualified"),
    "nurture": ("прогрев", "взращивание", "nurturing"),
    "personal_contact": ("личный контакт", "первичный контакт", "в работе", "contact made", "contacted"),
    "needs": ("потребности", "выявление потребностей", "переговоры"),
    "presentation": ("презентация", "подготовка документов", "demo scheduled", "proposal made", "предложение"),
    "closing": ("закрытие", "принимают решение", "согласование договора", "счет на предоплату",
                "финальный счет", "negotiations started", "negotiation"),
    "won": ("выиграна", "выигран", "успешно", "успешно реализовано", "сделка успешна", "качественный лид"),
    "lost": ("проиграна", "проигран", "потерян", "закрыто и не реализовано", "сделка провалена"),
    "disqualified": ("дисквалифицирован", "мусор", "некачественный лид", "junk"),
}

_CURRENCY = re.compile(r"(руб\.?|р\.|₽|rub|usd|eur|\$|€)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")


@dataclass(frozen=True)
class UserRef:
    """A user a row may name as owner."""

    id: int
    login: str
    name: str
    active: bool = True


@dataclass(frozen=True)
class ImportRules:
    """What rows are checked against; build with `ImportRules.build`."""

    pipeline: Pipeline
    region: str
    actor_id: int
    actor_is_head: bool
    users: Mapping[str, UserRef]
    stages: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, pipeline: Pipeline, region: str, actor_id: int, actor_is_head: bool,
              users: Iterable[UserRef]) -> ImportRules:
        known = list(users)
        by_name: dict[str, UserRef] = {}
        for user in known:
            by_name.setdefault(user.name.strip().casefold(), user)
        for user in known:
            by_name[user.login.casefold()] = user  # a login beats a display name
        stages: dict[str, str] = {}
        for key, words in STAGE_SYNONYMS.items():
            if key in pipeline.keys:
                stages.update({fold(word): key for word in words})
        for spec in pipeline.stages:
            stages[fold(spec.label)] = spec.key
            stages[fold(_(spec.label))] = spec.key
            stages[fold(spec.key)] = spec.key
        return cls(pipeline, region, actor_id, actor_is_head, by_name, stages)


@dataclass(frozen=True)
class LeadRow:
    """A row that makes a lead: the draft with owner_id set, and its comparable contacts."""

    line: int
    cells: tuple[str, ...]
    draft: LeadDraft
    phone_norm: str | None
    email_norm: str | None


@dataclass(frozen=True)
class Reject:
    """A row that does not go in, and why (translated)."""

    line: int
    cells: tuple[str, ...]
    reason: str


class _RowProblem(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def unneutralise(text: str) -> str:
    """Undo safe_cells' leading ``'`` on text that starts like a formula (our own exports)."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def parse_value(text: str) -> int | None:
    """"150 000", "1 500,50 ₽", "1,234.5" -> a whole amount (rounded); blank -> None."""
    compact = _SPACES.sub("", _CURRENCY.sub("", text))
    if not compact:
        return None
    if not _NUMBER.match(compact):
        raise _RowProblem(_("{value!r} is not an amount.").format(value=text.strip()))
    separators = [char for char in compact if char in ",."]
    if separators:
        last = max(compact.rfind(","), compact.rfind("."))
        decimals = len(compact) - last - 1
        if compact.count(compact[last]) > 1 or (len(separators) == 1 and decimals == 3):
            compact = compact.replace(",", "").replace(".", "")  # "150,000", "1.234.567": thousands
        else:
            compact = compact[:last].replace(",", "").replace(".", "") + "." + compact[last + 1:]
    try:
        amount = Decimal(compact).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise _RowProblem(_("{value!r} is not an amount.").format(value=text.strip())) from None
    if amount > MAX_VALUE:
        raise _RowProblem(_("The amount {value} is too large.").format(value=text.strip()))
    return int(amount)


def match_stage(text: str, rules: ImportRules) -> str:
    if not text.strip():
        return rules.pipeline.open_keys[0]
    key = rules.stages.get(fold(text))
    if key is None:
        raise _RowProblem(_("Unknown stage {stage!r}.").format(stage=text.strip()))
    return key


def match_owner(text: str, rules: ImportRules) -> int:
    if not text.strip():
        return rules.actor_id
    user = rules.users.get(text.strip().casefold())
    if user is None:
        if not rules.actor_is_head:
            return rules.actor_id
        raise _RowProblem(_("Unknown owner {owner!r}: no user has that login or name.").format(owner=text.strip()))
    if not user.active:
        raise _RowProblem(_("The owner {login} is deactivated.").format(login=user.login))
    if not rules.actor_is_head and user.id != rules.actor_id:
        raise _RowProblem(_("A manager can only import leads for themselves, not for {login}.").format(login=user.login))
    return user.id


def read_lead_row(row: Row, columns: Mapping[str, int], rules: ImportRules) -> LeadRow | Reject:
    """The lead ``row`` describes, or why it cannot be imported."""

    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(row.cells):
            return ""
        return unneutralise(row.cells[index].strip())

    try:
        name = " ".join(part for part in (cell("name"), cell("last_name")) if part)
        values: dict[str, object] = {}
        for field_name, text in (("name", name), ("company", cell("company")), ("source", cell("source")),
                                 ("phone", cell("phone")), ("email", cell("email"))):
            values.update(clean_field(field_name, text or None if field_name in ("phone", "email") else text,
                                      rules.region))
        value = parse_value(cell("value"))
        draft = LeadDraft(
            name=str(values["name"]), company=str(values["company"]), phone=values["phone"],  # type: ignore[arg-type]
            email=values["email"], source=str(values["source"]),  # type: ignore[arg-type]
            owner_id=match_owner(cell("owner"), rules), stage=match_stage(cell("stage"), rules), value=value,
        )
    except InvalidInput as error:
        return Reject(row.line, row.cells, error.message)
    except _RowProblem as problem:
        return Reject(row.line, row.cells, problem.reason)
    return LeadRow(row.line, row.cells, draft, values["phone_norm"], values["email_norm"])  # type: ignore[arg-type]
