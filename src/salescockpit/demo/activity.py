"""Turn a `LeadPlan` into rows: the lead, its calls, callbacks, objections, reviews and history.

Built for speed at 100k leads and 1M calls: plain tuples, whole-second integer instants,
cumulative weights with `bisect`, and call reviews drawn from a small pool of answer patterns
per script, each scored once with the real `score_call`.

Every call, stage move and review happens in the team's working hours (`workday.TeamHours`), and
each is audited as its service would audit it (`BulkWriter.audit`): "lead.create", "call.log",
"lead.move", "call.review", "lead.recheck" and "lead.review" rows, so a demo lead's trail (`t` on
its card) tells its story.
"""

from __future__ import annotations

from bisect import bisect
from datetime import datetime
from itertools import accumulate
from random import Random
from zoneinfo import ZoneInfo

from salescockpit.domain.scoring import Answer, Criticality, ScriptDefinition, score_call
from salescockpit.store.search import search_text

from . import texts
from .story import DAY, HOUR, MINUTE, OPEN_ORDER, LeadPlan
from .workday import team_hours
from .writer import BulkWriter

CONNECTED = frozenset({"reached", "callback_requested", "meeting_set", "won", "lost"})
NEXT_STEP = frozenset({"reached", "callback_requested", "meeting_set"})
OUTCOMES = (("no_answer", 30), ("busy", 7), ("voicemail", 9), ("wrong_number", 2), ("reached", 30),
            ("callback_requested", 15), ("meeting_set", 7))
JUNK_OUTCOMES = (("no_answer", 40), ("busy", 8), ("voicemail", 10), ("wrong_number", 10), ("reached", 22),
                 ("callback_requested", 8), ("meeting_set", 2))
DURATIONS = {"no_answer": (0, 0), "busy": (0, 5), "voicemail": (15, 60), "wrong_number": (10, 45),
             "reached": (60, 900), "callback_requested": (30, 240), "meeting_set": (180, 1200),
             "won": (300, 1800), "lost": (60, 600)}
OBJECTION_WEIGHTS = {"price": 25, "think_about_it": 22, "no_budget": 12, "not_decision_maker": 10,
                     "bad_timing": 10, "competitor": 10, "no_need": 7, "no_trust": 4}
DONE_CALLBACK_SHARE = 0.32  # of calls asking for a next step that got a callback kept later
REVIEWED_SHARE = 0.15  # of connected calls the head listened to
PATTERNS_PER_SCRIPT = 48
#: A call starts at least this long before closing time, so it ends and is logged inside working hours.
CALL_MARGIN = 40 * MINUTE


def _cumulative(pairs) -> tuple[tuple[str, ...], list[float]]:
    pairs = tuple(pairs)
    keys = tuple(key for key, _weight in pairs)
    return keys, list(accumulate(weight for _key, weight in pairs))


def review_patterns(rng: Random, script: ScriptDefinition) -> list[tuple]:
    """Answer patterns for ``script`` where the script is often not followed, each scored once.

    A pattern is (score, passed, failed_critical, ((item key, answer, note), ...)).
    """
    miss = {Criticality.CALL: 0.2, Criticality.SECTION: 0.3, Criticality.NONE: 0.4}
    patterns = []
    for _ in range(PATTERNS_PER_SCRIPT):
        answers: dict[str, Answer] = {}
        for item in script.items():
            draw = rng.random()
            if item.na_allowed and draw < 0.1:
                answers[item.key] = Answer.NA
            elif draw < 0.1 + miss[item.criticality]:
                answers[item.key] = Answer.MISSED
            else:
                answers[item.key] = Answer.DONE
        result = score_call(script, answers)
        critical = {item.key for item in script.items() if item.criticality is not Criticality.NONE}
        items = tuple(
            (key, str(answer),
             texts.ITEM_NOTES.get(key, texts.GENERIC_ITEM_NOTE) if answer is Answer.MISSED and key in critical else "")
            for key, answer in answers.items()
        )
        patterns.append((result.score, result.passed, result.failed_critical, items))
    return patterns


class LeadActivity:
    """Writes every row of one lead into a `BulkWriter`, assigning ids as it goes."""

    def __init__(self, rng: Random, writer: BulkWriter, *, now: int, tz: ZoneInfo, midnight: int, head: int,
                 scripts: tuple[int, int], patterns: dict[int, list[tuple]], objection_types: dict[str, int]) -> None:
        self.rng, self.writer, self.now, self.tz, self.midnight, self.head = rng, writer, now, tz, midnight, head
        self.hours = team_hours(tz)
        self.first_script, self.late_script = scripts
        self.patterns = patterns
        self.outcomes = _cumulative(OUTCOMES)
        self.junk_outcomes = _cumulative(JUNK_OUTCOMES)
        self.objections = _cumulative((key, OBJECTION_WEIGHTS.get(key, 5)) for key in objection_types)
        self.type_ids = objection_types
        self.ids = {table: writer.next_id(table) for table in writer.rows}

    def _next(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _call_times(self, plan: LeadPlan, count: int) -> list[int]:
        rng, created, end = self.rng, plan.created, plan.call_end
        draw = rng.random()
        delay = rng.randrange(2 * MINUTE, HOUR) if draw < 0.6 else (
            rng.randrange(HOUR, 8 * HOUR) if draw < 0.85 else rng.randrange(8 * HOUR, 3 * DAY))
        first = created + delay
        if first >= end - MINUTE:
            first = created + max(MINUTE, (end - created) // 2)
        place = self.hours.place
        first = place(first, created, end, CALL_MARGIN) or place(first, created, end)
        if first is None:  # no working time between the lead coming in and its last call: no calls
            return []
        low = max(first, self.now - 30 * DAY)
        if low >= end:
            low = first
        span, random = end - low, rng.random
        times = [place(moment, low, end, CALL_MARGIN) or place(moment, first, end, CALL_MARGIN) or first
                 for moment in [low + int(random() * span) for _ in range(count - 1)]]
        return [first, *sorted(times)]

    def write(self, plan: LeadPlan, call_count: int) -> None:
        calls = self._write_calls(plan, call_count) if call_count else []
        self._write_callbacks(plan, calls)
        self._write_lead(plan, calls)
        self._write_history_and_reviews(plan, calls)

    def _write_calls(self, plan: LeadPlan, count: int) -> list[tuple]:
        rng, random, stamp = self.rng, self.rng.random, self.writer.stamp
        times = self._call_times(plan, count)
        if not times:
            return []
        keys, cumulative = self.junk_outcomes if plan.stage == "disqualified" else self.outcomes
        total = cumulative[-1]
        outcomes = [keys[bisect(cumulative, random() * total)] for _ in times]
        if plan.stage == "won":
            closing = max(times[-1], plan.call_end - rng.randrange(5 * MINUTE, HOUR))
            times[-1] = self.hours.place(closing, times[-1], plan.call_end, CALL_MARGIN) or times[-1]
            outcomes[-1] = "won"
        elif plan.stage == "lost" and random() < 0.6:
            outcomes[-1] = "lost"
        elif plan.open_callback is not None and outcomes[-1] not in NEXT_STEP:
            outcomes[-1] = "callback_requested"
        late_from = next((at for _f, to, at, _b in plan.moves if to in ("presentation", "closing")), None)
        notes = texts.CALL_NOTES
        language = 0 if plan.russian else 1
        lead_id, owner = plan.id, plan.owner
        rows, append, audit = [], self.writer.rows["calls"].append, self.writer.audit.append
        open_objections: dict[str, list[list]] = {}
        for start, outcome in zip(times, outcomes):
            call_id = self._next("calls")
            low, high = DURATIONS[outcome]
            duration = low + int(random() * (high - low))
            connected = outcome in CONNECTED
            script = None
            if connected:
                script = self.late_script if late_from is not None and start >= late_from else self.first_script
            created = start + duration + 30 + int(random() * 570)
            if created > self.now:  # a call that just happened was logged right away
                duration = max(0, min(duration, self.now - start - 30))
                created = min(start + duration + 30, self.now)
            closing = self.hours.closing(start)
            if closing is not None and created >= closing:  # cut short and logged before going home
                duration = max(0, min(duration, closing - start - 31))
                created = min(start + duration + 30, closing - 1)
            row = (call_id, lead_id, owner, start, "in" if connected and random() < 0.15 else "out", duration,
                   outcome, rng.choice(notes[outcome][language]),
                   f"rec/{call_id}.ogg" if connected and random() < 0.5 else None, script, created)
            rows.append(row)
            append((*row[:3], stamp(start), *row[4:10], stamp(created)))
            audit((created, owner, "call.log", "call", call_id, "", None, f"{row[4]} {outcome} {duration}s"))
            if connected and outcome != "won" and random() < 0.3:
                self._objections(plan, call_id, start, open_objections, 2 if random() < 0.15 else 1)
            if script is not None and random() < REVIEWED_SHARE:
                self._review(call_id, script, created)
        resolve_at = times[-1] if plan.stage == "won" else None
        self._flush_objections(open_objections, resolve_at)
        return rows

    def _objections(self, plan: LeadPlan, call_id: int, at: int, open_objections: dict, count: int) -> None:
        rng, (keys, cumulative) = self.rng, self.objections
        language = 0 if plan.russian else 1
        for _ in range(count):
            repeat = bool(open_objections) and rng.random() < 0.4
            if repeat:
                key = rng.choice(list(open_objections))
            else:
                key = keys[bisect(cumulative, rng.random() * cumulative[-1])]
            handled = rng.random() < (0.7 if repeat else 0.5)
            answer = ""
            if handled:
                answer = rng.choice(texts.OBJECTION_ANSWERS.get(key, texts.GENERIC_OBJECTION_ANSWER)[language])
                for earlier in open_objections.pop(key, ()):
                    earlier[7] = at
                    self._emit_objection(earlier)
            row = [self._next("call_objections"), call_id, plan.id, self.type_ids[key], handled, answer, at, None]
            if handled:
                self._emit_objection(row)
            else:
                open_objections.setdefault(key, []).append(row)

    def _flush_objections(self, open_objections: dict, resolve_at: int | None) -> None:
        for rows in open_objections.values():
            for row in rows:
                row[7] = resolve_at
                self._emit_objection(row)

    def _emit_objection(self, row: list) -> None:
        stamp = self.writer.stamp
        self.writer.rows["call_objections"].append((*row[:6], stamp(row[6]), stamp(row[7])))

    def _review(self, call_id: int, script: int, call_logged: int) -> None:
        rng = self.rng
        at = call_logged + rng.randrange(2 * HOUR, 3 * DAY)
        if at >= self.now:
            return
        at = self.hours.place(at, call_logged + 1, self.now - 1)
        if at is None:
            return
        score, passed, failed, items = rng.choice(self.patterns[script])
        pool = texts.REVIEW_NOTES_FAILED if failed or passed is False else texts.REVIEW_NOTES_PASSED
        review_id = self._next("call_reviews")
        self.writer.rows["call_reviews"].append(
            (review_id, call_id, self.head, script, score, passed, failed, rng.choice(pool), self.writer.stamp(at)))
        self.writer.audit.append((at, self.head, "call.review", "call_review", review_id, "", None,
                                  f"call {call_id}: {score}"))
        append = self.writer.rows["call_review_items"].append
        for key, answer, note in items:
            append((self._next("call_review_items"), review_id, key, answer, note))

    def _write_callbacks(self, plan: LeadPlan, calls: list[tuple]) -> None:
        rng, stamp, append = self.rng, self.writer.stamp, self.writer.rows["callbacks"].append
        lead_id, owner = plan.id, plan.owner
        notes = texts.CALLBACK_NOTES[0 if plan.russian else 1]
        for asked, kept in zip(calls, calls[1:]):
            if asked[6] not in NEXT_STEP or rng.random() >= DONE_CALLBACK_SHARE or kept[3] <= asked[10]:
                continue
            done_at = kept[10]
            if rng.random() < 0.72:
                due = done_at + rng.randrange(0, 2 * HOUR)
            else:  # kept late
                due = max(asked[10] + MINUTE, asked[3] + int((kept[3] - asked[3]) * (0.2 + 0.7 * rng.random())))
            append((self._next("callbacks"), lead_id, owner, stamp(due), stamp(done_at), "done", owner,
                    stamp(asked[10]), kept[0], rng.choice(notes)))
        if not calls:
            return
        last_logged = max(row[10] for row in calls)
        if plan.open_callback is not None:
            due = plan.open_callback[1]
            append((self._next("callbacks"), lead_id, owner, stamp(due), None, "open", owner,
                    stamp(min(last_logged, due - MINUTE)), None, rng.choice(notes)))
        elif plan.stage in ("lost", "disqualified") and rng.random() < 0.35:
            due = last_logged + rng.randrange(HOUR, 3 * DAY)
            append((self._next("callbacks"), lead_id, owner, stamp(due), None, "cancelled", owner,
                    stamp(last_logged), None, rng.choice(notes)))

    def _write_lead(self, plan: LeadPlan, calls: list[tuple]) -> None:
        stamp = self.writer.stamp
        name, company, phone, phone_norm, email, email_norm = plan.contact
        last_activity = max(plan.stage_entered, max(row[10] for row in calls) if calls else plan.created)
        updated = max(last_activity, plan.recheck.at if plan.recheck else 0)
        junk_reason, junk_at, junk_by = plan.junk or (None, None, None)
        self.writer.rows["leads"].append((
            plan.id, name, company, phone, phone_norm, email, email_norm, plan.source, plan.owner, plan.stage,
            plan.value, *plan.bant, plan.qualification, junk_reason, stamp(junk_at), junk_by, plan.lost_reason,
            stamp(plan.created), stamp(updated), stamp(plan.stage_entered), stamp(last_activity),
            stamp(calls[0][3]) if calls else None, search_text(name, company, phone, email),
        ))
        # Nobody's doing: the lead came in from its source (a web form at night too), as an import's would.
        self.writer.audit.append((plan.created, None, "lead.create", "lead", plan.id, "", None,
                                  f"{name} ({plan.source})"))

    def _write_history_and_reviews(self, plan: LeadPlan, calls: list[tuple]) -> None:
        rng, stamp, rows, audit = self.rng, self.writer.stamp, self.writer.rows, self.writer.audit.append
        for source, target, at, by in plan.moves:
            rows["stage_history"].append((self._next("stage_history"), plan.id, source, target, stamp(at), by, ""))
            if source is not None:
                audit((at, by, "lead.move", "lead", plan.id, "stage", source, target))
        recheck = plan.recheck
        if recheck is not None:
            returned = recheck.verdict == "returned"
            recheck_id = self._next("rechecks")
            rows["rechecks"].append((
                recheck_id, plan.id, recheck.original_verdict, recheck.original_reason, recheck.marked_by,
                stamp(recheck.marked_at), recheck.verdict, self.head, "qualification" if returned else None,
                plan.owner if returned else None, recheck.note, stamp(recheck.at)))
            audit((recheck.at, self.head, "lead.recheck", "recheck", recheck_id, "", None,
                   f"lead {plan.id}: {recheck.verdict}"))
            if returned:
                moved_on = next((at for _f, _t, at, _b in plan.moves if at > recheck.at), None)
                self._lead_review(plan, recheck.at, texts.RETURNED_ACTION.format(note=recheck.note), moved_on)
        self._morning_review(plan, calls)
        if not calls or plan.stage not in OPEN_ORDER or rng.random() >= 0.3:
            return
        for _ in range(2 if rng.random() < 0.2 else 1):
            low, high = calls[0][10], self.midnight - MINUTE
            if high <= low:
                return
            at = self.hours.place(rng.randrange(low, high), low, high)
            action = rng.random() < 0.45
            done = at + rng.randrange(30 * MINUTE, 2 * DAY) if at and action and rng.random() < 0.55 else None
            if done is not None and done < self.now:
                done = self.hours.place(done, at + 1, self.now - 1)
            if at is not None:
                self._lead_review(plan, at, rng.choice(texts.LEAD_ACTIONS) if action else "",
                                  done if done is not None and done < self.now else None)

    def _morning_review(self, plan: LeadPlan, calls: list[tuple]) -> None:
        """The head's daily ritual: most leads were looked at within a day of their last call
        before yesterday, so today's queue holds what happened since, not the whole history."""
        earlier = [call[10] for call in calls if call[10] < self.midnight - DAY]
        if not earlier or self.rng.random() >= 0.85:
            return
        at = max(earlier) + self.rng.randrange(2 * HOUR, 20 * HOUR)
        if at < self.midnight:
            at = self.hours.place(at, max(earlier) + 1, self.midnight - 1)
            if at is not None:
                self._lead_review(plan, at, "", None)

    def _lead_review(self, plan: LeadPlan, at: int, action_text: str, done_at: int | None) -> None:
        stamp = self.writer.stamp
        day = datetime.fromtimestamp(at, self.tz).date()
        review_id, verdict = self._next("lead_reviews"), "action" if action_text else "ok"
        self.writer.rows["lead_reviews"].append((
            review_id, plan.id, self.head, self.writer.day(day), verdict,
            action_text, plan.owner, stamp(at), stamp(done_at), plan.owner if done_at is not None else None))
        self.writer.audit.append((at, self.head, "lead.review", "lead_review", review_id, "", None,
                                  f"lead {plan.id}: {verdict} {action_text}".strip()))
