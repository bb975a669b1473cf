"""Reconciliation: calls logged that the phone system never saw, and phone calls nobody logged.

`build_story` is shared with the CLI and screen tests: three leads, two managers, four logged
calls and a phone log (imported with the real importer) that agrees with some of them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pytest

from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.phone_import import import_phone_file
from salescockpit.store.queries.reconcile import reconcile, reconcile_day
from tests.conftest import TEST_TZ
from tests.services.conftest import anna, boris, ctx, db_url, head, new_lead  # noqa: F401  (fixtures)

DAY = date(2026, 11, 23)

PHONE_LOG = """time,direction,number,duration,answered,extension,recording
2026-11-23 09:05:00,out,8 (495) 123-45-67,75,yes,101,https://pbx/1.mp3
2026-11-23 08:40:00,out,+7 916 111-22-33,0,no,boris,
2026-11-23 09:20:00,in,+7 495 765-43-21,40,yes,101,
2026-11-23 09:10:00,out,+7 999 000-00-00,30,yes,102,
2026-11-22 12:00:00,out,+7 495 123-45-67,30,yes,101,
"""


def at(hour: int, minute: int, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TEST_TZ)


@dataclass
class Story:
    ctx: object
    leads: dict[str, int]
    ids: dict[str, int]


def build_story(ctx, head, anna, boris, new_lead, tmp_path) -> Story:  # noqa: F811
    """Leads L1, L2 (Anna) and L3 (Boris); logged calls and a phone log for 23 Nov (Moscow)."""
    ctx.settings = replace(ctx.settings, phone_extensions={"101": "anna"})
    leads = {
        "L1": new_lead(head, name="Пётр Первый", company="Верфь", phone="+7 495 123-45-67", owner_login="anna"),
        "L2": new_lead(head, name="Мария Вторая", company="Мельница", phone="+7 495 765-43-21", owner_login="anna"),
        "L3": new_lead(head, name="Семён Третий", company="Кузня", phone="+7 916 111-22-33", owner_login="boris"),
    }

    def call(actor, lead, moment, seconds=60):
        draft = CallDraft(lead_id=leads[lead], direction="out", outcome="no_answer", duration_seconds=seconds,
                          started_at=moment)
        log_call(ctx, actor, draft)

    call(anna, "L1", at(9, 0), 75)   # the phone system saw it at 09:05
    call(anna, "L2", at(9, 40), 40)  # the phone call was at 09:20: 20 minutes off
    call(boris, "L3", at(8, 0), 90)  # the phone call was at 08:40
    call(anna, "L1", at(12, 0, DAY - timedelta(days=1)))  # the day before, seen
    path = tmp_path / "pbx.csv"
    path.write_text(PHONE_LOG, encoding="utf-8")
    import_phone_file(ctx, head, path)
    return Story(ctx, leads, {"anna": anna.id, "boris": boris.id})


@pytest.fixture
def story(ctx, head, anna, boris, new_lead, tmp_path):  # noqa: F811
    return build_story(ctx, head, anna, boris, new_lead, tmp_path)


def _rows(rows):
    return [(row.lead_name, row.manager_name, row.started_at.astimezone(TEST_TZ).strftime("%H:%M"), row.duration_seconds)
            for row in rows]


def test_the_head_sees_both_lists_and_counts_per_manager(story):
    with story.ctx.db.read() as session:
        result = reconcile_day(session, DAY, TEST_TZ)
    assert _rows(result.logged_not_seen) == [
        ("Семён Третий", "Борис Иванов", "08:00", 90),
        ("Мария Вторая", "Анна Смирнова", "09:40", 40),
    ]
    assert _rows(result.seen_not_logged) == [
        ("Семён Третий", "Борис Иванов", "08:40", 0),
        ("Мария Вторая", "Анна Смирнова", "09:20", 40),
    ]
    assert [row.answered for row in result.seen_not_logged] == [False, True]
    assert [(c.manager_name, c.logged_not_seen, c.seen_not_logged) for c in result.per_manager] == [
        ("Анна Смирнова", 1, 1), ("Борис Иванов", 1, 1)]
    assert result.phone_calls == 3 and not result.clean  # the call to an unknown number is not a lead's


def test_a_manager_sees_only_their_own(story):
    with story.ctx.db.read() as session:
        result = reconcile_day(session, DAY, TEST_TZ, viewer_id=story.ids["boris"])
    assert _rows(result.logged_not_seen) == [("Семён Третий", "Борис Иванов", "08:00", 90)]
    assert _rows(result.seen_not_logged) == [("Семён Третий", "Борис Иванов", "08:40", 0)]
    assert [c.manager_id for c in result.per_manager] == [story.ids["boris"]]


def test_the_day_before_agrees(story):
    with story.ctx.db.read() as session:
        result = reconcile_day(session, DAY - timedelta(days=1), TEST_TZ)
    assert result.clean and result.phone_calls == 1


@pytest.mark.parametrize(("minutes", "matched"), [(15, True), (-15, True), (16, False), (-16, False)])
def test_the_window_is_fifteen_minutes_either_side(ctx, head, anna, new_lead, tmp_path, minutes, matched):  # noqa: F811
    lead = new_lead(head, phone="+7 495 123-45-67", owner_login="anna")
    log_call(ctx, anna, CallDraft(lead_id=lead, direction="out", outcome="busy", duration_seconds=0,
                                  started_at=at(9, 0)))
    moment = (at(9, 0) + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")
    (tmp_path / "log.csv").write_text(f"time,number,login\n{moment},+74951234567,anna\n", encoding="utf-8")
    import_phone_file(ctx, head, tmp_path / "log.csv")
    with ctx.db.read() as session:
        result = reconcile(session, at(0, 0), at(23, 0))
    assert result.clean is matched
    assert len(result.logged_not_seen) == len(result.seen_not_logged) == (0 if matched else 1)


def test_another_managers_phone_call_does_not_confirm_a_logged_call(ctx, head, anna, boris, new_lead, tmp_path):  # noqa: F811
    lead = new_lead(head, phone="+7 495 123-45-67", owner_login="anna")
    log_call(ctx, anna, CallDraft(lead_id=lead, direction="out", outcome="busy", duration_seconds=0,
                                  started_at=at(9, 0)))
    (tmp_path / "log.csv").write_text("time,number,login\n2026-11-23 09:01,+74951234567,boris\n", encoding="utf-8")
    import_phone_file(ctx, head, tmp_path / "log.csv")
    with ctx.db.read() as session:
        result = reconcile_day(session, DAY, TEST_TZ)
    assert [row.manager_name for row in result.logged_not_seen] == ["Анна Смирнова"]
    assert [row.manager_name for row in result.seen_not_logged] == ["Борис Иванов"]


def test_a_lead_created_after_the_import_is_found_by_its_number(ctx, head, anna, new_lead, tmp_path):  # noqa: F811
    (tmp_path / "log.csv").write_text("time,number,login\n2026-11-23 09:00,+74951234567,anna\n", encoding="utf-8")
    import_phone_file(ctx, head, tmp_path / "log.csv")
    with ctx.db.read() as session:
        assert reconcile_day(session, DAY, TEST_TZ).phone_calls == 0
    lead = new_lead(head, name="Новый", phone="8 495 123 45 67", owner_login="anna")
    with ctx.db.read() as session:
        result = reconcile_day(session, DAY, TEST_TZ)
    assert [(row.lead_id, row.manager_name) for row in result.seen_not_logged] == [(lead, "Анна Смирнова")]


def _shared_number_story(ctx, head, anna, boris, new_lead, tmp_path, phone_log: str):  # noqa: F811
    """Anna's lead (older) and Boris's lead share one number; Boris logs a call at 10:00."""
    ctx.settings = replace(ctx.settings, phone_extensions={"101": "anna", "102": "boris"})
    anna_lead = new_lead(head, name="Общий Аннин", phone="+7 495 555-00-11", owner_login="anna")
    boris_lead = new_lead(head, name="Общий Борисов", phone="8 495 555 00 11", owner_login="boris")
    log_call(ctx, boris, CallDraft(lead_id=boris_lead, direction="out", outcome="no_answer", duration_seconds=30,
                                   started_at=at(10, 0)))
    path = tmp_path / "shared.csv"
    path.write_text("time,direction,number,duration,answered,extension\n" + phone_log, encoding="utf-8")
    import_phone_file(ctx, head, path)
    return anna_lead, boris_lead


@pytest.mark.parametrize("extension", ["102", "999"])  # Boris's extension, or one nobody mapped
def test_a_number_two_managers_leads_share_matches_the_managers_own_lead(ctx, head, anna, boris, new_lead,
                                                                        tmp_path, extension):  # noqa: F811
    _shared_number_story(ctx, head, anna, boris, new_lead, tmp_path,
                         f"2026-11-23 10:02:00,out,+74955550011,30,no,{extension}\n")
    with ctx.db.read() as session:
        for viewer in (None, boris.id, anna.id):
            result = reconcile_day(session, DAY, TEST_TZ, viewer)
            assert result.logged_not_seen == [] and result.seen_not_logged == [], (viewer, result)


def test_a_phone_call_imported_before_the_second_lead_existed_finds_it(ctx, head, anna, boris, new_lead,
                                                                      tmp_path):  # noqa: F811
    ctx.settings = replace(ctx.settings, phone_extensions={"101": "anna", "102": "boris"})
    new_lead(head, name="Общий Аннин", phone="+7 495 555-00-11", owner_login="anna")
    path = tmp_path / "early.csv"
    path.write_text("time,direction,number,duration,answered,extension\n"
                    "2026-11-23 10:02:00,out,+74955550011,30,no,102\n", encoding="utf-8")
    import_phone_file(ctx, head, path)  # matched to Anna's lead: Boris's did not exist yet
    boris_lead = new_lead(head, name="Общий Борисов", phone="8 495 555 00 11", owner_login="boris")
    log_call(ctx, boris, CallDraft(lead_id=boris_lead, direction="out", outcome="no_answer", duration_seconds=30,
                                   started_at=at(10, 0)))
    with ctx.db.read() as session:
        for viewer in (None, boris.id):
            result = reconcile_day(session, DAY, TEST_TZ, viewer)
            assert result.logged_not_seen == [] and result.seen_not_logged == [], (viewer, result)
