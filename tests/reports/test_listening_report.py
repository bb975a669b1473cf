"""The report's listening figures: suggestions kept per checklist item, talk ratio per manager."""

from __future__ import annotations

import json

from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from salescockpit.reports import build_report, render
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.leads import LeadDraft, create_lead
from salescockpit.services.reviews import review_call
from salescockpit.services.transcripts import import_transcript_text
from salescockpit.services.users import add_user
from tests.reports.conftest import THURSDAY, at, write_story

SRT = """1
00:00:00,000 --> 00:00:06,000
Менеджер: Добрый день, меня зовут Анна. Какой у вас бюджет?

2
00:00:06,000 --> 00:00:08,000
Клиент: Небольшой.
"""


def test_agreement_per_item_and_talk_ratio_per_manager(db):
    story = write_story(db)
    ctx, clock = story.ctx, story.clock
    head, anna = load_actor(ctx, "olga"), load_actor(ctx, "anna")
    clock.instant = at(THURSDAY, 17)
    lead_id = create_lead(ctx, anna, LeadDraft(name="Пётр Слушатель"))
    call_id = log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 8, no_next_step_reason="x")).call_id
    import_transcript_text(ctx, anna, call_id, SRT, "call.srt")
    answers = {item.key: "done" for item in DEFAULT_SCRIPTS[0].items()}
    answers["greet"] = "missed"  # the head overrides one suggestion (greet was suggested done)
    clock.instant = at(THURSDAY, 18)
    review_call(ctx, head, call_id, answers, item_notes={})
    clock.instant = at(THURSDAY, 23)

    report = build_report(ctx, THURSDAY)
    agreement = {entry.key: (entry.suggested, entry.kept) for entry in report.listening.agreement}
    assert agreement["greet"] == (1, 0) and agreement["budget"] == (1, 1) and agreement["timing"] == (1, 0)
    talk = {entry.login: entry for entry in report.listening.talk}["anna"]
    assert (talk.measured, talk.talk_ratio) == (0, None)  # the talk ratio comes from recordings only

    data = json.loads(render(report, "json"))
    [anna] = [entry for entry in data["listening"]["talk"] if entry["login"] == "anna"]
    assert anna["talk_ratio"] is None and anna["recorded"] == 0
    markdown = render(report, "md").decode("utf-8")
    assert "## Suggestions kept by the head" in markdown and "75.0%" not in markdown
    assert "Suggestions kept by the head" in render(report, "html").decode("utf-8")


def test_a_manager_report_counts_only_their_calls(db):
    story = write_story(db)
    ctx = story.ctx
    add_user(ctx, "vera", "Вера", "manager")
    report = build_report(ctx, THURSDAY, actor=load_actor(ctx, "vera"))
    assert report.listening.talk == () and report.listening.agreement == ()
