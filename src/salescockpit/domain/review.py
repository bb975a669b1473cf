"""Why a lead is in today's review queue, and in what order.

These pure functions are the reference: the SQL that builds the queue must give the same
reasons (its tests compare against `reasons_for`). A lead can have several reasons; it is
placed by its worst one, then by how long that one has been waiting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum
from typing import Any, NamedTuple

from salescockpit.domain.workhours import WorkingHours
from salescockpit.i18n import _


class Reason(StrEnum):
    """A reason a lead needs the head's eye today, declared worst first."""

    ACTION_PENDING = "action_pending"
    OVERDUE_CALLBACK = "overdue_callback"
    NEW_NOT_CONTACTED = "new_not_contacted"
    HOT_NO_NEXT_STEP = "hot_no_next_step"
    UNREVIEWED_CALL = "unreviewed_call"
    JUNK_NOT_RECHECKED = "junk_not_rechecked"
    STALE_IN_STAGE = "stale_in_stage"
    NO_NEXT_STEP = "no_next_step"

    @property
    def severity(self) -> int:
        """1 for the worst reason, 8 for the mildest."""
        return _SEVERITY[self]


_SEVERITY = {reason: rank for rank, reason in enumerate(Reason, start=1)}
_NO_REASON_KEY = (len(Reason) + 1, datetime.max.replace(tzinfo=timezone.utc))


@dataclass(frozen=True)
class LeadFacts:
    """What the rules need to know about one lead (all datetimes aware).

    `unreviewed_call_starts` holds only calls after the lead's last lead review that have no
    script review. `needs_recheck` is True for a lead marked junk/disqualified (or lost as
    not a real lead) and not re-checked since; `marked_junk_at` is when it was marked.
    `last_activity_at` falls back to `created_at` when None.
    """

    stage: str
    created_at: datetime
    stage_entered_at: datetime
    last_activity_at: datetime | None = None
    has_call: bool = False
    open_callback_dues: tuple[datetime, ...] = ()
    unreviewed_call_starts: tuple[datetime, ...] = ()
    needs_recheck: bool = False
    marked_junk_at: datetime | None = None
    pending_action_at: datetime | None = None


@dataclass(frozen=True)
class QueueRules:
    """The settings the reasons depend on, fixed for one query at one `now`."""

    pipeline_terminal: frozenset[str]
    hot: frozenset[str]
    stale_days: Mapping[str, int | None]
    first_contact_cutoff: datetime

    @classmethod
    def build(
        cls,
        pipeline: Any,
        working_hours: WorkingHours,
        first_contact_limit: timedelta,
        now: datetime,
    ) -> QueueRules:
        """Rules from a pipeline (anything with `keys`, `terminal_keys`, `hot_keys`, `spec(key).stale_days`).

        A new lead counts as not contacted once `first_contact_limit` of working time has
        passed since it came in, so the cutoff is that much working time before `now`.
        """
        return cls(
            pipeline_terminal=frozenset(pipeline.terminal_keys),
            hot=frozenset(pipeline.hot_keys),
            stale_days={key: pipeline.spec(key).stale_days for key in pipeline.keys},
            first_contact_cutoff=working_hours.subtract_working_time(now, first_contact_limit),
        )


class ReasonHit(NamedTuple):
    """One reason that applies, and since when it has applied.

    A named tuple, not a frozen dataclass: just as immutable, and a queue page makes a few hundred
    of them (a frozen dataclass's __init__ costs about 3x more, issue 22)."""

    reason: Reason
    since: datetime


def _earliest(moments: Iterable[datetime]) -> datetime | None:
    return min(moments, default=None)


def reasons_for(facts: LeadFacts, now: datetime, rules: QueueRules) -> tuple[ReasonHit, ...]:
    """Every reason ``facts`` puts the lead in the queue at ``now``, worst first."""
    now = now.astimezone(timezone.utc)  # so mixed-zone comparisons and differences are exact
    is_open = facts.stage not in rules.pipeline_terminal
    hits: list[ReasonHit] = []

    def add(reason: Reason, since: datetime | None) -> None:
        if since is not None:
            hits.append(ReasonHit(reason, since))

    add(Reason.ACTION_PENDING, facts.pending_action_at)
    add(Reason.OVERDUE_CALLBACK, _earliest(due for due in facts.open_callback_dues if due < now))
    if is_open and not facts.has_call and facts.created_at <= rules.first_contact_cutoff:
        add(Reason.NEW_NOT_CONTACTED, facts.created_at)
    if facts.stage in rules.hot and not facts.open_callback_dues:
        add(Reason.HOT_NO_NEXT_STEP, facts.stage_entered_at)
    add(Reason.UNREVIEWED_CALL, _earliest(facts.unreviewed_call_starts))
    if facts.needs_recheck:
        add(Reason.JUNK_NOT_RECHECKED, facts.marked_junk_at or facts.stage_entered_at)
    limit = rules.stale_days.get(facts.stage)
    if is_open and limit is not None and now - facts.stage_entered_at > timedelta(days=limit):
        add(Reason.STALE_IN_STAGE, facts.stage_entered_at)
    if is_open and not any(due >= now for due in facts.open_callback_dues):
        add(Reason.NO_NEXT_STEP, facts.last_activity_at or facts.created_at)
    return tuple(hits)


def queue_sort_key(hits: Iterable[ReasonHit]) -> tuple[int, datetime]:
    """``(severity of the worst reason, since when)``: ascending = worst first, then longest waiting.

    A lead with no reason sorts after every lead with one.
    """
    keys = [(hit.reason.severity, hit.since.astimezone(timezone.utc)) for hit in hits]
    return min(keys, default=_NO_REASON_KEY)


def reason_label(reason: Reason) -> str:
    """A short tag for a queue row, e.g. "overdue" or "junk?"."""
    labels = {
        Reason.ACTION_PENDING: _("action"),
        Reason.OVERDUE_CALLBACK: _("overdue"),
        Reason.NEW_NOT_CONTACTED: _("new"),
        Reason.HOT_NO_NEXT_STEP: _("hot, no step"),
        Reason.UNREVIEWED_CALL: _("unscored call"),
        Reason.JUNK_NOT_RECHECKED: _("junk?"),
        Reason.STALE_IN_STAGE: _("stale"),
        Reason.NO_NEXT_STEP: _("no step"),
    }
    return labels[reason]


#: A reason that says again, less precisely, what a worse one on the same lead already says.
_SAID_BY = {Reason.NO_NEXT_STEP: Reason.HOT_NO_NEXT_STEP}


def reason_tags(hits: Iterable[ReasonHit]) -> tuple[Reason, ...]:
    """The reasons of a queue row, each once, worst first; "no step" is left out beside
    "hot, no step", which says the same of a hot lead."""
    reasons = sorted({hit.reason for hit in hits}, key=lambda reason: reason.severity)
    return tuple(reason for reason in reasons if _SAID_BY.get(reason) not in reasons)


def reasons_text(hits: Iterable[ReasonHit]) -> str:
    """The Reasons cell: the tags of `reason_tags`, e.g. "overdue · hot, no step · stale"."""
    return " · ".join(reason_label(reason) for reason in reason_tags(hits))


def age_text(age: timedelta) -> str:
    """A compact age: "12 min", "3 h", "2 d" (never negative)."""
    minutes = max(0, int(age.total_seconds() // 60))
    if minutes < 60:
        return _("{n} min").format(n=minutes)
    if minutes < 24 * 60:
        return _("{n} h").format(n=minutes // 60)
    return _("{n} d").format(n=minutes // (24 * 60))


def problem_text(hit: ReasonHit, now: datetime) -> str:
    """The problem in a few words with its age, e.g. "callback overdue 3 h"."""
    age = age_text(now.astimezone(timezone.utc) - hit.since)
    texts = {
        Reason.ACTION_PENDING: _("action not done {age}"),
        Reason.OVERDUE_CALLBACK: _("callback overdue {age}"),
        Reason.NEW_NOT_CONTACTED: _("not contacted {age}"),
        Reason.HOT_NO_NEXT_STEP: _("hot, no next step {age}"),
        Reason.UNREVIEWED_CALL: _("call not scored {age}"),
        Reason.JUNK_NOT_RECHECKED: _("junk not re-checked {age}"),
        Reason.STALE_IN_STAGE: _("in stage {age}"),
        Reason.NO_NEXT_STEP: _("no next step {age}"),
    }
    return texts[hit.reason].format(age=age)
