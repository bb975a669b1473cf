"""A lead's history in words, newest first: calls, objections, stage moves, reviews, re-checks.

Display only: the screen hands in the timeline entries of `store.queries.lead_card` (told
apart by their ``kind``) and the labels it needs; user text is never read as markup. A call with
a recording shows "♪", and the marks the head set on it while listening follow its line.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from textual.content import Content
from textual.widgets import Static

from ...domain.qualification import junk_reason_label, lost_reason_label
from ...i18n import _
from ...l10n import month_name, weekday_name

MUTED = "$text-muted"
GOOD = "$success"
BAD = "$error"
WARN = "$warning"


def when_text(moment: datetime, tz: ZoneInfo) -> str:
    """A short local time: "Mon 23 Nov 09:40", "Tue  1 Dec 10:00" (day padded with a space so
    the times line up); the calendar words follow the app's language, not the OS locale."""
    local = moment.astimezone(tz)
    return f"{weekday_name(local)} {local.day:2d} {month_name(local)} {local:%H:%M}"


def duration_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


class TimelineLabels:
    """How stages and outcomes are named (handed in by the screen, from the settings and services)."""

    def __init__(self, stage_label: Callable[[str], str], outcome_labels: Mapping[str, str], *,
                 marks: Mapping[int, Sequence[tuple[float, str]]] | None = None,
                 recorded: Collection[int] = ()) -> None:
        self.stage_label = stage_label
        self.outcome_labels = outcome_labels
        self.marks = marks or {}  # call id -> (moment in seconds, item or objection key)
        self.recorded = frozenset(recorded)  # calls with a recording

    def stage(self, key: str | None) -> str:
        if key is None:
            return _("(start)")
        try:
            return self.stage_label(key)
        except ValueError:
            return key

    def outcome(self, key: str) -> str:
        return self.outcome_labels.get(key, key)


def _call(entry: Any, tz: ZoneInfo, labels: TimelineLabels) -> list[Content]:
    direction = _("outgoing") if entry.direction == "out" else _("incoming")
    parts: list[Any] = [
        (when_text(entry.at, tz), "bold"), "  ",
        _("Call"), f" · {direction} · ", (labels.outcome(entry.outcome), "bold"),
        f" · {duration_text(entry.duration_seconds)} · {entry.manager_name}",
    ]
    if getattr(entry, "call_id", None) in labels.recorded:
        parts.insert(3, (" ♪", "$accent"))  # after "Call": the call has a recording
    if not entry.reviewed:
        parts += ["  ", (_("not reviewed"), MUTED)]
    else:
        score = "—" if entry.score is None else f"{entry.score:.0f}%"
        if entry.failed_critical:
            parts += ["  ", (_("score {score}, critical miss").format(score=score), BAD)]
        elif entry.passed:
            parts += ["  ", (_("score {score}, passed").format(score=score), GOOD)]
        else:
            parts += ["  ", (_("score {score}, failed").format(score=score), WARN)]
    lines = [Content.assemble(*parts)]
    notes = " ".join(entry.notes.split())
    if notes:
        lines.append(Content.assemble("    ", (notes, MUTED)))
    marks = labels.marks.get(getattr(entry, "call_id", None), ())
    if marks:
        listed = " · ".join(f"{duration_text(int(at))} {key or '•'}" for at, key in marks)
        lines.append(Content.assemble("    ", (_("marks:"), MUTED), " ", (listed, "$accent")))
    for objection in entry.objections:
        label = _(objection.label)
        if objection.handled:
            answer = f": {objection.answer}" if objection.answer else ""
            lines.append(Content.assemble("    ", (_("objection"), MUTED), f" {label} — ",
                                          (_("handled"), GOOD), answer))
        elif objection.resolved_at is not None:
            lines.append(Content.assemble("    ", (_("objection"), MUTED), f" {label} — ",
                                          (_("not handled, resolved later"), WARN)))
        else:
            lines.append(Content.assemble("    ", (_("objection"), MUTED), f" {label} — ",
                                          (_("not handled (open)"), BAD)))
    return lines


def _stage(entry: Any, tz: ZoneInfo, labels: TimelineLabels) -> list[Content]:
    line = Content.assemble(
        (when_text(entry.at, tz), "bold"), "  ", _("Stage"), " ", labels.stage(entry.from_stage), " → ",
        (labels.stage(entry.to_stage), "bold"), (" · " + _("by {name}").format(name=entry.by_name), MUTED),
    )
    lines = [line]
    if entry.override_reason:
        lines.append(Content.assemble("    ", (_("override:"), WARN), " ", entry.override_reason))
    return lines


def _review(entry: Any, tz: ZoneInfo, labels: TimelineLabels) -> list[Content]:
    head = [(when_text(entry.at, tz), "bold"), "  ", _("Lead review by {name}").format(name=entry.reviewer_name), ": "]
    if entry.verdict == "ok":
        return [Content.assemble(*head, (_("fine"), GOOD))]
    state = (_("done"), GOOD) if entry.action_done_at is not None else (_("to do"), WARN)
    return [
        Content.assemble(*head, (_("action"), "bold"), " (", state, ")"),
        Content.assemble("    ", entry.action_text),
    ]


def _recheck(entry: Any, tz: ZoneInfo, labels: TimelineLabels) -> list[Content]:
    reason = entry.original_reason or ""
    reason_text = lost_reason_label(reason) if entry.original_verdict == "lost" else junk_reason_label(reason)
    head = [(when_text(entry.at, tz), "bold"), "  ", _("Re-check by {name}").format(name=entry.reviewer_name), ": "]
    if entry.verdict == "confirmed":
        verdict = (_("junk confirmed"), MUTED)
    else:
        verdict = (_("returned to {stage}").format(stage=labels.stage(entry.returned_stage)), GOOD)
    lines = [Content.assemble(*head, verdict, (f" · {_('marked')} {reason_text}" if reason_text else "", MUTED))]
    if entry.note:
        lines.append(Content.assemble("    ", entry.note))
    return lines


def _callback(entry: Any, tz: ZoneInfo, labels: TimelineLabels) -> list[Content]:
    due = when_text(entry.due_at, tz)
    if entry.status == "cancelled":
        state = (_("cancelled"), MUTED)
    elif entry.status == "missed":
        state = (_("missed, moved later"), WARN)
    elif entry.kept:
        state = (_("kept"), GOOD)
    else:
        state = (_("done late"), WARN)
    return [Content.assemble((when_text(entry.at, tz), "bold"), "  ",
                             _("Callback due {due}").format(due=due), " ", state, (f" · {entry.owner_name}", MUTED))]


_RENDERERS = {"call": _call, "stage": _stage, "review": _review, "recheck": _recheck, "callback": _callback}


def timeline_content(entries: Sequence[Any], tz: ZoneInfo, labels: TimelineLabels) -> Content:
    """All ``entries`` as one block of text, a blank line between entries."""
    if not entries:
        return Content.styled(_("Nothing has happened with this lead yet."), MUTED)
    blocks = []
    for entry in entries:
        renderer = _RENDERERS.get(entry.kind)
        if renderer is not None:
            blocks.append(Content("\n").join(renderer(entry, tz, labels)))
    return Content("\n\n").join(blocks)


class LeadTimeline(Static):
    """The timeline block; `show` replaces what it says."""

    def show(self, entries: Sequence[Any], tz: ZoneInfo, labels: TimelineLabels) -> None:
        self.update(timeline_content(entries, tz, labels))
