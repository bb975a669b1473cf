"""The sales pipeline: stages, allowed moves, stage gates and stale ("rotting") limits.

A `Pipeline` is an ordered tuple of `StageSpec`. Open stages come in the order a lead
walks them; won, lost and disqualified are terminal. `check_move` says what stands in the
way of moving a lead (as `GateProblem`s); an empty list means the move may happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from salescockpit.i18n import N_, _


class PipelineError(ValueError):
    """A pipeline definition (or a stage key) that does not make sense; the message is for users."""


class StageKind(StrEnum):
    """What a stage means for the lead: still being worked, or closed one way or another."""

    OPEN = "open"
    WON = "won"
    LOST = "lost"
    DISQUALIFIED = "disqualified"


TERMINAL_KINDS = frozenset({StageKind.WON, StageKind.LOST, StageKind.DISQUALIFIED})


@dataclass(frozen=True)
class StageSpec:
    """One stage. `label` is English and translated at display; `stale_days` None = never stale."""

    key: str
    label: str
    stale_days: int | None
    hot: bool = False
    kind: str = "open"

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key.strip():
            raise PipelineError(_("A stage needs a non-empty key."))
        try:
            object.__setattr__(self, "kind", StageKind(self.kind))
        except ValueError:
            raise PipelineError(
                _("Stage {key}: unknown kind {kind!r} (open, won, lost or disqualified).").format(
                    key=self.key, kind=self.kind
                )
            ) from None
        stale = self.stale_days
        if stale is not None and (isinstance(stale, bool) or not isinstance(stale, int) or stale < 1):
            raise PipelineError(
                _("Stage {key}: stale days must be a whole number of at least 1, or empty.").format(
                    key=self.key
                )
            )
        if self.hot and self.kind != StageKind.OPEN:
            raise PipelineError(_("Stage {key}: only an open stage can be hot.").format(key=self.key))

    @property
    def is_terminal(self) -> bool:
        return self.kind in TERMINAL_KINDS


@dataclass(frozen=True)
class Pipeline:
    """The ordered stages, with the lookups and move rules the rest of the program needs."""

    stages: tuple[StageSpec, ...]
    _by_key: dict[str, StageSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        stages = tuple(self.stages)
        object.__setattr__(self, "stages", stages)
        by_key: dict[str, StageSpec] = {}
        for spec in stages:
            if spec.key in by_key:
                raise PipelineError(_("Stage key {key} is used twice.").format(key=spec.key))
            by_key[spec.key] = spec
        object.__setattr__(self, "_by_key", by_key)
        for kind in (StageKind.WON, StageKind.LOST, StageKind.DISQUALIFIED):
            count = sum(1 for spec in stages if spec.kind == kind)
            if count != 1:
                raise PipelineError(
                    _("The pipeline needs exactly one {kind} stage, it has {count}.").format(
                        kind=kind.value, count=count
                    )
                )
        if not self.open_keys:
            raise PipelineError(_("The pipeline needs at least one open stage."))

    # Lookups -----------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.stages)

    def spec(self, key: str) -> StageSpec:
        try:
            return self._by_key[key]
        except KeyError:
            raise PipelineError(_("Unknown stage: {key}").format(key=key)) from None

    def label(self, key: str) -> str:
        """The stage's label in the active language."""
        return _(self.spec(key).label)

    def index(self, key: str) -> int:
        return self.keys.index(self.spec(key).key)

    def is_terminal(self, key: str) -> bool:
        return self.spec(key).is_terminal

    def is_open(self, key: str) -> bool:
        return not self.spec(key).is_terminal

    @property
    def open_keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.stages if spec.kind == StageKind.OPEN)

    @property
    def hot_keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.stages if spec.hot)

    @property
    def terminal_keys(self) -> tuple[str, ...]:
        return tuple(spec.key for spec in self.stages if spec.is_terminal)

    def _key_of_kind(self, kind: StageKind) -> str:
        return next(spec.key for spec in self.stages if spec.kind == kind)

    @property
    def won_key(self) -> str:
        return self._key_of_kind(StageKind.WON)

    @property
    def lost_key(self) -> str:
        return self._key_of_kind(StageKind.LOST)

    @property
    def disqualified_key(self) -> str:
        return self._key_of_kind(StageKind.DISQUALIFIED)

    @property
    def nurture_key(self) -> str | None:
        return "nurture" if "nurture" in self._by_key else None

    # Order and moves -----------------------------------------------------------

    def _walk(self) -> tuple[str, ...]:
        """The forward path: the open stages in order, then won."""
        return (*self.open_keys, self.won_key)

    def is_forward(self, from_key: str, to_key: str) -> bool:
        """True when ``to_key`` lies later than ``from_key`` on the open-stages-then-won path."""
        self.spec(from_key)
        self.spec(to_key)
        walk = self._walk()
        if from_key not in walk or to_key not in walk or from_key == self.won_key:
            return False
        return walk.index(to_key) > walk.index(from_key)

    def _neighbour(self, key: str, step: int) -> str | None:
        self.spec(key)
        walk = self._walk()
        if key not in walk:
            return None
        position = walk.index(key) + step
        return walk[position] if 0 <= position < len(walk) else None

    def next_stage(self, key: str) -> str | None:
        """The following stage on the forward path (the last open stage leads to won)."""
        return self._neighbour(key, 1)

    def previous_stage(self, key: str) -> str | None:
        """The stage before on the forward path; None for the first stage, lost and disqualified."""
        return self._neighbour(key, -1)

    def can_move(self, from_key: str, to_key: str) -> bool:
        """Whether the move is allowed at all (unknown keys: no). Gates are checked by `check_move`."""
        if from_key not in self._by_key or to_key not in self._by_key or from_key == to_key:
            return False
        source, target = self._by_key[from_key], self._by_key[to_key]
        if source.is_terminal:
            return not target.is_terminal
        if target.kind == StageKind.WON:
            return source.hot
        return True


DEFAULT_PIPELINE = Pipeline(
    (
        StageSpec("new", N_("New"), 1),
        StageSpec("identification", N_("Identification"), 2),
        StageSpec("qualification", N_("Qualification"), 3),
        StageSpec("nurture", N_("Nurture"), 30),
        StageSpec("personal_contact", N_("Personal contact"), 5),
        StageSpec("needs", N_("Needs"), 7),
        StageSpec("presentation", N_("Presentation"), 7, hot=True),
        StageSpec("closing", N_("Closing"), 10, hot=True),
        StageSpec("won", N_("Won"), None, kind="won"),
        StageSpec("lost", N_("Lost"), None, kind="lost"),
        StageSpec("disqualified", N_("Disqualified"), None, kind="disqualified"),
    )
)


# Stage gates -------------------------------------------------------------------


@dataclass(frozen=True)
class LeadGateFacts:
    """What the gates need to know about a lead (its current stage and a few facts)."""

    stage: str
    bant_budget: bool | None = None
    bant_authority: bool | None = None
    bant_need: bool | None = None
    bant_timing: bool | None = None
    value: int | None = None
    lost_reason: str | None = None
    disqualify_reason: str | None = None
    has_open_objection: bool = False
    last_reviewed_call_failed_critical: bool = False


@dataclass(frozen=True)
class GateProblem:
    """One reason a move cannot happen. Overridable problems may be waived by the head with a reason."""

    field: str
    message: str
    overridable: bool = False


def _refusal(pipeline: Pipeline, from_key: str, to_key: str) -> str:
    for key in (from_key, to_key):
        if key not in pipeline.keys:
            return _("Unknown stage: {key}").format(key=key)
    if from_key == to_key:
        return _("The lead is already in this stage.")
    if pipeline.is_terminal(from_key):
        return _("A closed lead can only be re-opened to an open stage.")
    hot = ", ".join(pipeline.label(key) for key in pipeline.hot_keys)
    return _("Only a lead in a hot stage ({stages}) can be marked won.").format(stages=hot)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def check_move(pipeline: Pipeline, facts: LeadGateFacts, to_key: str) -> list[GateProblem]:
    """Everything that stands in the way of moving the lead to ``to_key``; empty = go ahead."""
    from_key = facts.stage
    if not pipeline.can_move(from_key, to_key):
        return [GateProblem("stage", _refusal(pipeline, from_key, to_key), overridable=False)]
    problems: list[GateProblem] = []
    forward = pipeline.is_forward(from_key, to_key)
    to_won = to_key == pipeline.won_key
    bant = (facts.bant_budget, facts.bant_authority, facts.bant_need, facts.bant_timing)
    if from_key == "qualification" and forward and any(answer is None for answer in bant):
        problems.append(
            GateProblem("bant", _("Answer all four BANT questions (budget, authority, need, timing) first."))
        )
    if to_key == pipeline.lost_key and _blank(facts.lost_reason):
        problems.append(GateProblem("lost_reason", _("Give the reason the lead was lost.")))
    if to_key == pipeline.disqualified_key and _blank(facts.disqualify_reason):
        problems.append(GateProblem("disqualify_reason", _("Give the reason the lead is disqualified.")))
    if to_won and (facts.value is None or facts.value <= 0):
        problems.append(GateProblem("value", _("A won deal needs a value above zero.")))
    if forward and facts.last_reviewed_call_failed_critical:
        problems.append(
            GateProblem(
                "failed_call",
                _("The last reviewed call failed on a critical script item."),
                overridable=True,
            )
        )
    if to_won and facts.has_open_objection:
        problems.append(
            GateProblem("open_objection", _("An objection is still open (not handled)."), overridable=True)
        )
    return problems


# Stale limits ------------------------------------------------------------------


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC; refuses naive datetimes.

    Python subtracts and compares two datetimes sharing one tzinfo by wall time, which is
    wrong across a DST change: all arithmetic here happens in UTC.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("aware datetimes required")
    return moment.astimezone(timezone.utc)


def days_in_stage(stage_entered_at: datetime, now: datetime) -> int:
    """Whole days (24 h periods) since the lead entered its stage; never negative."""
    return max(0, (_utc(now) - _utc(stage_entered_at)) // timedelta(days=1))


def is_stale(pipeline: Pipeline, stage_key: str, stage_entered_at: datetime, now: datetime) -> bool:
    """True once the lead has sat in an open stage for longer than the stage's `stale_days`.

    Strictly after the limit, the same rule as the review queue's "stale in stage" reason.
    """
    spec = pipeline.spec(stage_key)
    if spec.is_terminal or spec.stale_days is None:
        return False
    return _utc(now) - _utc(stage_entered_at) > timedelta(days=spec.stale_days)


# Config ------------------------------------------------------------------------

_ROW_FIELDS = {"key", "label", "stale_days", "hot", "kind"}


def pipeline_from_config(rows: list[dict[str, Any]]) -> Pipeline:
    """Build a pipeline from config rows ``{key, label, stale_days, hot, kind}``."""
    if not isinstance(rows, list) or not rows:
        raise PipelineError(_("The pipeline config needs a list of stages."))
    stages = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise PipelineError(_("Stage row {number} is not a table.").format(number=number))
        key = row.get("key")
        where = _("Stage row {number} ({key})").format(number=number, key=key)
        unknown = sorted(set(row) - _ROW_FIELDS)
        if unknown:
            raise PipelineError(
                _("{where}: unknown field(s) {fields}.").format(where=where, fields=", ".join(unknown))
            )
        if not isinstance(key, str) or not key.strip():
            raise PipelineError(_("{where}: the key is missing.").format(where=where))
        label = row.get("label", key.replace("_", " ").capitalize())
        if not isinstance(label, str) or not label.strip():
            raise PipelineError(_("{where}: the label must be text.").format(where=where))
        hot = row.get("hot", False)
        if not isinstance(hot, bool):
            raise PipelineError(_("{where}: hot must be true or false.").format(where=where))
        try:
            stages.append(StageSpec(key, label, row.get("stale_days"), hot, row.get("kind", "open")))
        except PipelineError as error:
            raise PipelineError(f"{where}: {error}") from None
    return Pipeline(tuple(stages))


def pipeline_to_config(pipeline: Pipeline) -> list[dict[str, Any]]:
    """The config rows for ``pipeline`` (stale_days left out when None, as TOML has no null)."""
    rows = []
    for spec in pipeline.stages:
        row: dict[str, Any] = {"key": spec.key, "label": spec.label}
        if spec.stale_days is not None:
            row["stale_days"] = spec.stale_days
        row.update({"hot": spec.hot, "kind": str(spec.kind)})
        rows.append(row)
    return rows
