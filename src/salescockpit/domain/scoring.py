"""Score a reviewed call against the script checklist.

A script has weighted sections of items worth points. The head ticks each item done, missed
or n.a. Section score = earned / possible points (n.a. items count in neither); the call score
is the weighted mean of the sections that apply. Critical items: a missed `section`-critical
item zeroes its section, a missed `call`-critical item zeroes the call and fails it.
Scripts convert to and from the TOML shape (parsing TOML happens elsewhere); `DEFAULT_SCRIPTS` ship.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from salescockpit.i18n import N_, _

from .tracker_phrases import ITEM_PHRASES, OBJECTION_PHRASES


class ScriptError(ValueError):
    """A script or a set of answers that does not make sense; the message is for users."""


class Criticality(StrEnum):
    """What missing an item costs beyond its points."""

    NONE = "none"
    SECTION = "section"
    CALL = "call"


class Answer(StrEnum):
    """The head's tick for one item of a reviewed call."""

    DONE = "done"
    MISSED = "missed"
    NA = "na"


#: Points and weights above this are mistakes; with infinities they would score NaN.
MAX_POINTS = 1_000_000


def _positive_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value <= MAX_POINTS


@dataclass(frozen=True)
class ScriptItem:
    """One checklist item: what the manager should do on the call and what it is worth."""

    key: str
    text: str
    points: float
    criticality: Criticality = Criticality.NONE
    na_allowed: bool = True
    phrases: tuple[str, ...] = ()  # tracker phrases found in the manager's speech (issue 20)

    def __post_init__(self) -> None:
        object.__setattr__(self, "phrases", _phrases(self.phrases, self.key))
        if not isinstance(self.key, str) or not self.key.strip():
            raise ScriptError(_("Item {text!r}: the key is missing.").format(text=self.text))
        if not _positive_number(self.points):
            raise ScriptError(_("Item {key}: points must be a positive number up to 1,000,000.").format(key=self.key))
        try:
            object.__setattr__(self, "criticality", Criticality(self.criticality))
        except ValueError:
            raise ScriptError(
                _("Item {key}: criticality must be none, section or call.").format(key=self.key)
            ) from None


def _phrases(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(phrase, str) and phrase.strip() for phrase in value or ()):
        raise ScriptError(_("{key}: phrases must be a list of texts.").format(key=key))
    return tuple(" ".join(phrase.split()) for phrase in value or ())


@dataclass(frozen=True)
class ObjectionPhrases:
    """An objection type's tracker phrases as a script file gives them (`[[objections]]`)."""

    key: str
    phrases: tuple[str, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise ScriptError(_("An objection in the script has no key."))
        object.__setattr__(self, "phrases", _phrases(self.phrases, self.key))


@dataclass(frozen=True)
class ScriptSection:
    """A weighted group of items (opening, qualification, next step, ...)."""

    key: str
    title: str
    weight: float
    items: tuple[ScriptItem, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "items", tuple(self.items))
        if not isinstance(self.key, str) or not self.key.strip():
            raise ScriptError(_("Section {title!r}: the key is missing.").format(title=self.title))
        if not _positive_number(self.weight):
            raise ScriptError(_("Section {key}: weight must be a positive number up to 1,000,000.").format(key=self.key))
        if not self.items:
            raise ScriptError(_("Section {key}: it has no items.").format(key=self.key))


@dataclass(frozen=True)
class ScriptDefinition:
    """A versioned call script; `pass_mark` is the score (0-100) a call needs to pass."""

    name: str
    version: int
    pass_mark: float
    sections: tuple[ScriptSection, ...]
    objections: tuple[ObjectionPhrases, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "sections", tuple(self.sections))
        object.__setattr__(self, "objections", tuple(self.objections))
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScriptError(_("A script needs a name."))
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 1:
            raise ScriptError(_("Script {name}: version must be a whole number from 1.").format(name=self.name))
        mark = self.pass_mark
        if isinstance(mark, bool) or not isinstance(mark, (int, float)) or not 0 <= mark <= 100:
            raise ScriptError(_("Script {name}: pass mark must be between 0 and 100.").format(name=self.name))
        if not self.sections:
            raise ScriptError(_("Script {name}: it has no sections.").format(name=self.name))
        section_keys: set[str] = set()
        item_keys: set[str] = set()
        for section in self.sections:
            if section.key in section_keys:
                raise ScriptError(_("Section key {key} is used twice.").format(key=section.key))
            section_keys.add(section.key)
            for item in section.items:
                if item.key in item_keys:
                    raise ScriptError(_("Item key {key} is used twice.").format(key=item.key))
                item_keys.add(item.key)

    def items(self) -> Iterator[ScriptItem]:
        """Every item of every section, in script order."""
        for section in self.sections:
            yield from section.items


@dataclass(frozen=True)
class ScoreResult:
    """A scored call. `score`/`passed` are None when no item applied (n.a. everywhere)."""

    score: float | None
    passed: bool | None
    failed_critical: bool
    section_scores: dict[str, float | None]
    critical_misses: tuple[str, ...]
    missed: tuple[str, ...]


def _checked_answers(script: ScriptDefinition, answers: Mapping[str, Answer | str]) -> dict[str, Answer]:
    """The answers as `Answer`s, after refusing unknown, missing, invalid and forbidden n.a. ones."""
    items = {item.key: item for item in script.items()}
    unknown = [key for key in answers if key not in items]
    if unknown:
        raise ScriptError(_("Unknown script item(s): {keys}.").format(keys=", ".join(map(str, unknown))))
    missing = [item.text for item in items.values() if item.key not in answers]
    if missing:
        raise ScriptError(_("Not answered: {items}.").format(items="; ".join(missing)))
    checked: dict[str, Answer] = {}
    for key, raw in answers.items():
        try:
            answer = Answer(raw)
        except ValueError:
            raise ScriptError(
                _("{item}: answer must be done, missed or n.a.").format(item=items[key].text)
            ) from None
        if answer is Answer.NA and not items[key].na_allowed:
            raise ScriptError(_("{item}: this item cannot be n.a.").format(item=items[key].text))
        checked[key] = answer
    return checked


def score_call(script: ScriptDefinition, answers: Mapping[str, Answer | str]) -> ScoreResult:
    """Score one reviewed call; every item must be answered exactly once."""
    checked = _checked_answers(script, answers)
    raw_scores: dict[str, float | None] = {}
    missed: list[str] = []
    critical_misses: list[str] = []
    failed_critical = False
    for section in script.sections:
        earned = possible = 0.0
        section_zeroed = False
        for item in section.items:
            answer = checked[item.key]
            if answer is Answer.NA:
                continue
            possible += item.points
            if answer is Answer.DONE:
                earned += item.points
                continue
            missed.append(item.key)
            if item.criticality is not Criticality.NONE:
                critical_misses.append(item.key)
            section_zeroed = section_zeroed or item.criticality is Criticality.SECTION
            failed_critical = failed_critical or item.criticality is Criticality.CALL
        if possible == 0:
            raw_scores[section.key] = None
        else:
            raw_scores[section.key] = 0.0 if section_zeroed else earned / possible * 100
    weights = {section.key: section.weight for section in script.sections}
    applied = {key: value for key, value in raw_scores.items() if value is not None}
    score: float | None
    if not applied:
        score, passed = None, None
    else:
        total_weight = sum(weights[key] for key in applied)
        mean = sum(value * weights[key] for key, value in applied.items()) / total_weight
        score = 0.0 if failed_critical else round(mean, 1)
        passed = not failed_critical and score >= script.pass_mark
    return ScoreResult(
        score=score,
        passed=passed,
        failed_critical=failed_critical,
        section_scores={key: None if value is None else round(value, 1) for key, value in raw_scores.items()},
        critical_misses=tuple(critical_misses),
        missed=tuple(missed),
    )


# The TOML shape ----------------------------------------------------------------

_SCRIPT_FIELDS = {"name", "version", "pass_mark", "sections"}
_SECTION_FIELDS = {"key", "title", "weight", "items"}
_ITEM_FIELDS = {"key", "text", "points", "criticality", "na_allowed", "phrases"}
_OBJECTION_FIELDS = {"key", "phrases"}


def _table(value: object, where: str, fields: set[str], required: set[str]) -> dict:
    if not isinstance(value, dict):
        raise ScriptError(_("{where}: expected a table.").format(where=where))
    unknown = sorted(set(value) - fields)
    if unknown:
        raise ScriptError(_("{where}: unknown field(s) {fields}.").format(where=where, fields=", ".join(unknown)))
    absent = sorted(required - set(value))
    if absent:
        raise ScriptError(_("{where}: missing {fields}.").format(where=where, fields=", ".join(absent)))
    return value


def _text(value: object, where: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScriptError(_("{where}: {name} must be text.").format(where=where, name=name))
    return value


def _list(value: object, where: str, name: str) -> list:
    if not isinstance(value, list):
        raise ScriptError(_("{where}: {name} must be a list.").format(where=where, name=name))
    return value


def _item_from_mapping(data: object, where: str) -> ScriptItem:
    row = _table(data, where, _ITEM_FIELDS, {"key", "text", "points"})
    key, text = _text(row["key"], where, "key"), _text(row["text"], where, "text")
    na_allowed = row.get("na_allowed", True)
    if not isinstance(na_allowed, bool):
        raise ScriptError(_("{where}: na_allowed must be true or false.").format(where=f"{where} ({key})"))
    phrases = _list(row.get("phrases", []), f"{where} ({key})", "phrases")
    return ScriptItem(key, text, row["points"], row.get("criticality", "none"), na_allowed, tuple(phrases))


def _section_from_mapping(data: object, where: str) -> ScriptSection:
    row = _table(data, where, _SECTION_FIELDS, {"key", "title", "weight", "items"})
    key, title = _text(row["key"], where, "key"), _text(row["title"], where, "title")
    where = f"{where} ({key})"
    items = []
    for number, item in enumerate(_list(row["items"], where, "items"), start=1):
        try:
            items.append(_item_from_mapping(item, _("item {number}").format(number=number)))
        except ScriptError as error:
            raise ScriptError(f"{where}, {error}") from None
    try:
        return ScriptSection(key, title, row["weight"], tuple(items))
    except ScriptError as error:
        raise ScriptError(f"{where}: {error}") from None


def script_from_mapping(data: dict) -> ScriptDefinition:
    """Build a script from its TOML shape; errors name the section and item at fault."""
    row = _table(data, _("Script"), _SCRIPT_FIELDS | {"objections"}, _SCRIPT_FIELDS)
    sections = tuple(
        _section_from_mapping(section, _("Section {number}").format(number=number))
        for number, section in enumerate(_list(row["sections"], _("Script"), "sections"), start=1)
    )
    objections = []
    for number, entry in enumerate(_list(row.get("objections", []), _("Script"), "objections"), start=1):
        where = _("objection {number}").format(number=number)
        entry = _table(entry, where, _OBJECTION_FIELDS, _OBJECTION_FIELDS)
        objections.append(ObjectionPhrases(_text(entry["key"], where, "key"),
                                           tuple(_list(entry["phrases"], where, "phrases"))))
    return ScriptDefinition(row["name"], row["version"], row["pass_mark"], sections, tuple(objections))


def script_to_mapping(script: ScriptDefinition) -> dict:
    """The TOML shape of ``script`` (plain dicts, lists, str, numbers and bools)."""
    return {
        "name": script.name,
        "version": script.version,
        "pass_mark": script.pass_mark,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "weight": section.weight,
                "items": [
                    {
                        "key": item.key,
                        "text": item.text,
                        "points": item.points,
                        "criticality": str(item.criticality),
                        "na_allowed": item.na_allowed,
                        **({"phrases": list(item.phrases)} if item.phrases else {}),
                    }
                    for item in section.items
                ],
            }
            for section in script.sections
        ],
        **({"objections": [{"key": entry.key, "phrases": list(entry.phrases)} for entry in script.objections]}
           if script.objections else {}),
    }


# The shipped scripts (English; translated at display) -------------------------

_CALL, _SECTION = Criticality.CALL, Criticality.SECTION
_P = ITEM_PHRASES
_OBJECTIONS = tuple(ObjectionPhrases(key, phrases) for key, phrases in OBJECTION_PHRASES.items())

# fmt: off
DEFAULT_SCRIPTS: tuple[ScriptDefinition, ...] = (
    ScriptDefinition(N_("First contact"), 1, 70, (
        ScriptSection("opening", N_("Opening"), 1, (
            ScriptItem("greet", N_("Greet and introduce yourself and the company"), 1, na_allowed=False, phrases=_P["greet"]),
            ScriptItem("confirm_contact", N_("Confirm the contact's name and company"), 1, phrases=_P["confirm_contact"]),
        )),
        ScriptSection("qualification", N_("Qualification"), 2, (
            ScriptItem("decision_maker", N_("Find out whether this is the decision maker"), 2, _CALL, phrases=_P["decision_maker"]),
            ScriptItem("need", N_("Ask about the need"), 2, _SECTION, na_allowed=False, phrases=_P["need"]),
            ScriptItem("budget", N_("Ask about the budget"), 1, phrases=_P["budget"]),
            ScriptItem("timing", N_("Ask about the timing"), 1, phrases=_P["timing"]),
        )),
        ScriptSection("next_step", N_("Next step"), 1, (
            ScriptItem("next_step", N_("Agree the next step with a date"), 1, _CALL, phrases=_P["next_step"]),
        )),
    ), _OBJECTIONS),
    ScriptDefinition(N_("Presentation & closing"), 1, 70, (
        ScriptSection("presentation", N_("Presentation"), 2, (
            ScriptItem("recap_needs", N_("Recap the lead's needs"), 1, na_allowed=False, phrases=_P["recap_needs"]),
            ScriptItem("case_study", N_("Present a relevant case study"), 1, phrases=_P["case_study"]),
            ScriptItem("spec_sheets", N_("Offer the spec sheets"), 1, na_allowed=True, phrases=_P["spec_sheets"]),
        )),
        ScriptSection("objections", N_("Objections"), 2, (
            ScriptItem("handle_objections", N_("Handle the objections raised"), 1, _SECTION, phrases=_P["handle_objections"]),
        )),
        ScriptSection("closing", N_("Closing"), 1, (
            ScriptItem("closing_question", N_("Ask the closing question"), 1, phrases=_P["closing_question"]),
            ScriptItem("next_step", N_("Agree the next step with a date"), 1, _CALL, phrases=_P["next_step"]),
        )),
    ), _OBJECTIONS),
)
# fmt: on
