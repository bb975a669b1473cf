"""What an import row is checked against: stages, owners and reasons as other CRMs name them.

`ImportRules` is built once per import by the service (the pipeline, the phone region, the team
timezone, the importing user and every user by login and by name, `--map-stage` pairs and the
`--owner-fallback` user). The matchers raise `ValueProblem` with a translated reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from salescockpit.domain.pipeline import Pipeline
from salescockpit.domain.qualification import JUNK_REASONS, LOST_REASONS
from salescockpit.i18n import _

from .crm_values import ValueProblem
from .lead_columns import ColumnError, fold

#: Stage names other CRMs (amoCRM/Kommo, Bitrix24, Pipedrive) and Russian users write, by our stage key.
#: Bitrix24's lead stages: Не обработан, В работе, Обработан, Некачественный лид, Качественный лид;
#: amoCRM's: Неразобранное, Первичный контакт, Переговоры, Принимают решение, Согласование договора,
#: Успешно реализовано, Закрыто и не реализовано.
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
#: The longest reason a lead keeps (the column's size); a longer free text is cut there.
REASON_LIMIT = 64


@dataclass(frozen=True)
class UserRef:
    """A user a row may name as owner."""

    id: int
    login: str
    name: str
    active: bool = True


def _name_key(text: str) -> str:
    """A person's name compared in any word order: "Смирнова Анна" is "Анна Смирнова"."""
    return " ".join(sorted(fold(text).split()))


def parse_stage_map(options: Iterable[str], pipeline: Pipeline) -> dict[str, str]:
    """``["Думают=closing", ...]`` as {folded name: stage key}; ColumnError for a bad pair or stage."""
    mapping: dict[str, str] = {}
    for option in options:
        name, sep, key = option.rpartition("=")
        key = key.strip()
        if not sep or not name.strip():
            raise ColumnError(_("--map-stage wants NAME=STAGE, not {option!r}.").format(option=option))
        if key not in pipeline.keys:
            raise ColumnError(_("--map-stage {option!r}: unknown stage {key!r} (one of {keys}).").format(
                option=option, key=key, keys=", ".join(pipeline.keys)))
        mapping[fold(name)] = key
    return mapping


@dataclass(frozen=True)
class ImportRules:
    """What rows are checked against; build with `ImportRules.build`."""

    pipeline: Pipeline
    region: str
    actor_id: int
    actor_is_head: bool
    users: Mapping[str, UserRef]
    stages: Mapping[str, str] = field(default_factory=dict)
    tz: ZoneInfo = ZoneInfo("UTC")
    owner_fallback: UserRef | None = None
    system: str = "import"  # the CRM the file came from: the prefix of the leads' external ids

    @classmethod
    def build(cls, pipeline: Pipeline, region: str, actor_id: int, actor_is_head: bool, users: Iterable[UserRef], *,
              tz: ZoneInfo | None = None, stage_map: Mapping[str, str] | None = None,
              owner_fallback: str | None = None, system: str = "import") -> ImportRules:
        """The rules; ColumnError when ``owner_fallback`` names no active user."""
        known = list(users)
        by_name: dict[str, UserRef] = {}
        for user in known:
            by_name.setdefault(user.name.strip().casefold(), user)
            by_name.setdefault(_name_key(user.name), user)
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
        stages.update(stage_map or {})
        fallback = None
        if owner_fallback is not None:
            fallback = by_name.get(owner_fallback.strip().casefold())
            if fallback is None or not fallback.active:
                raise ColumnError(_("--owner-fallback {login!r}: no active user has that login.").format(
                    login=owner_fallback))
        return cls(pipeline, region, actor_id, actor_is_head, by_name, stages, tz or ZoneInfo("UTC"), fallback,
                   system)

    def stage(self, text: str) -> str:
        """The stage key a cell names (blank: the first open stage)."""
        if not text.strip():
            return self.pipeline.open_keys[0]
        key = self.stages.get(fold(text))
        if key is None:
            raise ValueProblem(_("Unknown stage {stage!r} (say which with --map-stage \"NAME=stage\").").format(
                stage=text.strip()))
        return key

    def owner(self, text: str) -> tuple[int, str | None]:
        """(owner id, a note when the fallback user got it) for a cell naming a login or a full name."""
        if not text.strip():
            return self.actor_id, None
        user = self.users.get(text.strip().casefold()) or self.users.get(_name_key(text))
        if user is None:
            if not self.actor_is_head:
                return self.actor_id, None
            if self.owner_fallback is not None:
                note = _("Unknown owner {owner!r}: the lead goes to {login}.").format(
                    owner=text.strip(), login=self.owner_fallback.login)
                return self.owner_fallback.id, note
            raise ValueProblem(_("Unknown owner {owner!r}: no user has that login or name "
                                 "(or give such leads to someone with --owner-fallback LOGIN).").format(owner=text.strip()))
        if not user.active:
            raise ValueProblem(_("The owner {login} is deactivated.").format(login=user.login))
        if not self.actor_is_head and user.id != self.actor_id:
            raise ValueProblem(_("A manager can only import leads for themselves, not for {login}.").format(
                login=user.login))
        return user.id, None


def reason_key(text: str, reasons: tuple[tuple[str, str], ...]) -> str | None:
    """A junk or lost reason: our key when the text names one (key or label, either language), else the text."""
    folded = fold(text)
    if not folded:
        return None
    for key, label in reasons:
        if folded in (fold(key), fold(label), fold(_(label))):
            return key
    return text.strip()[:REASON_LIMIT]


def junk_reason(text: str) -> str | None:
    return reason_key(text, JUNK_REASONS)


def lost_reason(text: str) -> str | None:
    return reason_key(text, LOST_REASONS)
