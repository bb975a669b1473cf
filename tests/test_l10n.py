"""Dates and relative times in the user's language: English keeps the shapes the screens always had."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from salescockpit import i18n, l10n
from salescockpit.domain.timeinput import describe_when
from salescockpit.tui.widgets.lead_timeline import when_text
from tests.test_i18n_rules import russian_catalog  # noqa: F401 - a fixture

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 23, 16, 0, tzinfo=timezone.utc)  # Mon 23 Nov 2026, 19:00 in Moscow
TUESDAY = datetime(2026, 11, 24, 7, 5, tzinfo=timezone.utc)  # 10:05 in Moscow
FIRST_OF_DECEMBER = datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc)


@pytest.fixture
def russian():
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def test_english_dates_match_what_strftime_wrote():
    """The screens' snapshots were taken with strftime in the C locale: same text, same width."""
    for moment in (TUESDAY, FIRST_OF_DECEMBER, datetime(2026, 5, 4, 23, 59, tzinfo=timezone.utc)):
        local = moment.astimezone(MOSCOW)
        assert l10n.day_month(moment, MOSCOW) == local.strftime("%d %b")
        assert l10n.weekday_day_month(moment, MOSCOW) == local.strftime("%a %d %b")
        assert l10n.full_day(local.date()) == local.strftime("%a %d %b %Y")
        assert l10n.day_month_time(moment, MOSCOW) == local.strftime("%d %b %H:%M")
        assert l10n.weekday_day_month_time(moment, MOSCOW) == local.strftime("%a %d %b %H:%M")
        assert l10n.full_day_time(moment, MOSCOW) == local.strftime("%a %d %b %Y %H:%M")
        assert l10n.weekday_name(moment, MOSCOW) == local.strftime("%a")
        assert l10n.month_name(moment, MOSCOW) == local.strftime("%b")
    assert l10n.weekday_day_month(date(2026, 12, 1), padded=False) == "Tue 1 Dec"
    assert l10n.full_day(date(2027, 1, 4), padded=False) == "Mon 4 Jan 2027"


def test_russian_dates_use_russian_calendar_words(russian):
    assert l10n.weekday_day_month_time(TUESDAY, MOSCOW) == "вт 24 нояб. 10:05"
    assert l10n.full_day(date(2026, 5, 4)) == "пн 04 мая 2026"  # the genitive after a day
    assert l10n.weekday_day_month(FIRST_OF_DECEMBER, MOSCOW, padded=False) == "вт 1 дек."
    assert when_text(FIRST_OF_DECEMBER, MOSCOW) == "вт  1 дек. 09:30"


def test_the_lead_timeline_keeps_its_aligned_english_dates():
    assert when_text(FIRST_OF_DECEMBER, MOSCOW) == "Tue  1 Dec 09:30"
    assert when_text(TUESDAY, MOSCOW) == "Tue 24 Nov 10:05"


def test_relative_times_take_the_russian_plural_for_the_count(russian_catalog):  # noqa: F811
    russian_catalog({
        "in {span}": "через {span}",
        "{span} ago": "{span} назад",
        ("{days} day", "{days} days"): ("{days} день", "{days} дня", "{days} дней"),
        ("{hours} h", "{hours} h"): ("{hours} час", "{hours} часа", "{hours} часов"),
    })
    assert describe_when(NOW + timedelta(days=2), NOW, MOSCOW) == "ср 25 нояб. 19:00 (через 2 дня)"
    assert describe_when(NOW + timedelta(days=5), NOW, MOSCOW).endswith("(через 5 дней)")
    assert describe_when(NOW + timedelta(days=21), NOW, MOSCOW).endswith("(через 21 день)")
    assert describe_when(NOW - timedelta(hours=3), NOW, MOSCOW).endswith("(3 часа назад)")
    assert describe_when(NOW + timedelta(days=44), NOW, MOSCOW) == "ср 6 янв. 2027 19:00 (через 44 дня)"


def test_amounts_in_english_and_in_russian(russian):
    i18n.set_language("en")
    assert [l10n.compact_number(v) for v in (None, 120, 12_500, 125_000, 1_200_000, -3_400_000_000)] == [
        "—", "120", "12.5k", "125k", "1.2M", "-3.4B"]
    assert l10n.number(710_000) == "710,000"
    i18n.set_language("ru")
    assert [l10n.compact_number(v) for v in (120, 12_500, 1_200_000)] == ["120", "12,5\xa0тыс.", "1,2\xa0млн"]
    assert l10n.number(710_000) == "710\xa0000"
    assert l10n.number(12.5, 1) == "12,5"


def test_report_figures_follow_the_language(russian):
    from salescockpit.reports.layout import number_text

    i18n.set_language("en")
    assert (number_text(12_345), number_text(33.44)) == ("12\u202f345", "33.4")
    i18n.set_language("ru")
    assert (number_text(12_345), number_text(33.44)) == ("12\xa0345", "33,4")
