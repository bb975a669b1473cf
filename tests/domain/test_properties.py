"""Property-based tests: whatever is typed, the time input and the script scoring answer sensibly.

- time input: any text gives an aware instant after "now", or a TimeInputError (never another error);
- scoring: any script and answers give a score in [0, 100] (or None when nothing applied), or a
  ScriptError (never another error, never NaN).
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from salescockpit.domain.scoring import ScriptError, score_call, script_from_mapping
from salescockpit.domain.timeinput import TimeInputError, parse_when

ZONES = [ZoneInfo(name) for name in (
    "Europe/Moscow", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "UTC")]
WORDS = ["tomorrow", "today", "завтра", "послезавтра", "fri", "пт", "sunday", "at", "в", "24:00", "23:59",
         "0:00", "10:00", "2:30", "+2h", "+1d", "+0m", "+3661d", "+1h30m", "+2ч", "2026-02-29", "2028-02-29",
         "9999-12-31", "0001-01-01", "01.12.2026", "31.04.2026", "ё", ",", "."]
typed_text = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=4).map(" ".join),
    st.builds(lambda sign, n, unit: f"{sign}{n}{unit}", st.sampled_from(["+", "+ ", ""]),
              st.integers(0, 10**4), st.sampled_from("dhmдчмx")),
)
instants = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(timezone.utc))


@settings(max_examples=300, deadline=None)
@given(text=typed_text, now=instants, tz=st.sampled_from(ZONES))
def test_any_text_gives_a_future_instant_or_a_time_input_error(text, now, tz):
    try:
        moment = parse_when(text, now, tz)
    except TimeInputError as error:
        assert str(error)
        return
    assert moment.utcoffset() is not None
    assert moment > now


def test_a_huge_relative_time_is_refused_in_words():
    with pytest.raises(TimeInputError):
        parse_when("+70125961h", datetime(2040, 12, 17, tzinfo=timezone.utc), ZoneInfo("UTC"))


@pytest.mark.parametrize("points, weight", [(math.inf, 1), (1, math.inf), (1e308, 1e308)])
def test_infinite_points_or_weights_are_refused(points, weight):
    data = {"name": "x", "version": 1, "pass_mark": 50, "sections": [
        {"key": "a", "title": "A", "weight": weight, "items": [
            {"key": "i", "text": "t", "points": points}, {"key": "j", "text": "t", "points": 1}]},
        {"key": "b", "title": "B", "weight": 1, "items": [{"key": "k", "text": "t", "points": 1}]}]}
    try:
        result = score_call(script_from_mapping(data), {"i": "done", "j": "missed", "k": "done"})
    except ScriptError:
        return
    assert 0 <= result.score <= 100


# Finite, everyday-sized numbers (and wrong types): infinities are the known bug above.
numbers = st.one_of(
    st.integers(-5, 1000), st.floats(min_value=-1e6, max_value=1e6), st.just(math.nan), st.booleans(), st.none(),
    st.just("3"))
# Mostly valid values (so most scripts get scored), now and then anything at all.
plausible = st.one_of(st.integers(1, 10), st.floats(min_value=0.01, max_value=100), st.integers(1, 3),
                      st.floats(min_value=1e-6, max_value=1e6), st.integers(1, 100), numbers)
keys = st.text(alphabet="abcdefgЖЯ ", min_size=1, max_size=6)  # now and then blank or twice
items = st.fixed_dictionaries(
    {"key": keys, "text": st.sampled_from(["Greet", "Ask", "Спросить", "Offer"]), "points": plausible},
    optional={"criticality": st.sampled_from(["none", "section", "call", "fatal"]), "na_allowed": st.booleans()},
)
sections = st.fixed_dictionaries({
    "key": st.sampled_from(["open", "qualify", "close", "next", "talk", "end", "more", " "]),
    "title": st.sampled_from(["Opening", "Close", "Итог", "Next"]),
    "weight": plausible,
    "items": st.lists(items, min_size=1, max_size=4),
})
scripts = st.fixed_dictionaries({
    "name": st.sampled_from(["Main", "Скрипт", "B2B", "Outbound", ""]),
    "version": st.one_of(st.integers(1, 3), st.integers(1, 9), st.integers(1, 99), st.integers(-1, 0), st.just(True)),
    "pass_mark": st.one_of(st.floats(min_value=0, max_value=100), st.integers(0, 100), st.just(100), numbers),
    "sections": st.lists(sections, min_size=1, max_size=3),
})


positive = st.one_of(st.integers(1, 100), st.floats(min_value=1e-6, max_value=1e6))


@st.composite
def valid_scripts(draw):
    """A script that passes validation: unique keys, positive finite points and weights."""
    section_count = draw(st.integers(1, 3))
    item_keys = draw(st.lists(st.text(alphabet="abcdefgЖЯ", min_size=1, max_size=4), min_size=section_count,
                              max_size=8, unique=True))
    cuts = sorted(draw(st.lists(st.integers(1, len(item_keys) - 1), max_size=section_count - 1, unique=True))
                  ) if len(item_keys) > 1 else []
    groups = [item_keys[start:end] for start, end in zip([0, *cuts], [*cuts, len(item_keys)], strict=True)]
    return {"name": "Main", "version": draw(st.integers(1, 5)),
            "pass_mark": draw(st.one_of(st.integers(0, 100), st.floats(min_value=0, max_value=100))),
            "sections": [
                {"key": f"s{number}", "title": f"Section {number}", "weight": draw(positive), "items": [
                    {"key": key, "text": key.upper(), "points": draw(positive),
                     "criticality": draw(st.sampled_from(["none", "section", "call"])), "na_allowed": draw(st.booleans())}
                    for key in group]}
                for number, group in enumerate(groups)]}


@settings(max_examples=300, deadline=None)
@given(data=st.one_of(valid_scripts(), scripts),
       answer_choices=st.lists(st.sampled_from(["done", "missed", "na"] * 8 + ["DONE", "skip", None]),
                               min_size=12, max_size=12),
       drop=st.integers(0, 60), extra=st.sampled_from([False] * 9 + [True]))
def test_any_script_and_answers_give_a_score_in_range_or_a_script_error(data, answer_choices, drop, extra):
    try:
        script = script_from_mapping(data)
        keys_in_order = [item.key for item in script.items()]
        answers = {key: answer_choices[number % 12] for number, key in enumerate(keys_in_order) if number != drop}
        if extra:
            answers["not_an_item"] = "done"
        result = score_call(script, answers)
        event("scored")
    except ScriptError as error:
        assert str(error)
        return
    if result.score is None:
        assert result.passed is None
    else:
        assert not math.isnan(result.score)
        assert 0 <= result.score <= 100
        assert result.passed in (True, False)
    assert isinstance(result.failed_critical, bool)
    assert set(result.critical_misses) <= set(result.missed)
