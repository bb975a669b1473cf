"""Script scoring: weights, n.a., critical items, validation and the TOML shape."""

from __future__ import annotations

import copy

import pytest

from salescockpit.domain.scoring import (
    DEFAULT_SCRIPTS,
    Answer,
    Criticality,
    ScoreResult,
    ScriptDefinition,
    ScriptError,
    ScriptItem,
    ScriptSection,
    score_call,
    script_from_mapping,
    script_to_mapping,
)

D, M, NA = Answer.DONE, Answer.MISSED, Answer.NA

# Section "a" (weight 1): a1 3 points, a2 1 point (section-critical).
# Section "b" (weight 3): b1 2 points, b2 2 points (call-critical, n.a. forbidden), b3 1 point.
# Section "c" (weight 1): c1 1 point.
SCRIPT = ScriptDefinition(
    "Test",
    1,
    60,
    (
        ScriptSection("a", "A", 1, (ScriptItem("a1", "Item a1", 3), ScriptItem("a2", "Item a2", 1, Criticality.SECTION))),
        ScriptSection(
            "b",
            "B",
            3,
            (
                ScriptItem("b1", "Item b1", 2),
                ScriptItem("b2", "Item b2", 2, Criticality.CALL, na_allowed=False),
                ScriptItem("b3", "Item b3", 1),
            ),
        ),
        ScriptSection("c", "C", 1, (ScriptItem("c1", "Item c1", 1),)),
    ),
)


def answers(**overrides: Answer) -> dict[str, Answer]:
    base = {item.key: D for item in SCRIPT.items()}
    base.update(overrides)
    return base


def test_everything_done_scores_100():
    result = score_call(SCRIPT, answers())
    assert result == ScoreResult(100.0, True, False, {"a": 100.0, "b": 100.0, "c": 100.0}, (), ())


def test_weighted_mean_with_known_numbers():
    # a: a1 (3 of 4 points) missed -> 25; b: b3 missed -> 4 of 5 = 80; c: 0 of 1 = 0
    # weighted: (25*1 + 80*3 + 0*1) / 5 = 53.0
    result = score_call(SCRIPT, answers(a1=M, b3=M, c1=M))
    assert result.section_scores == {"a": 25.0, "b": 80.0, "c": 0.0}
    assert result.score == 53.0
    assert result.passed is False
    assert result.missed == ("a1", "b3", "c1")
    assert result.critical_misses == ()
    # (100*1 + 80*3 + 0*1) / 5 = 68.0, pass mark 60
    result = score_call(SCRIPT, answers(b3=M, c1=M))
    assert result.score == 68.0 and result.passed is True


def test_na_items_leave_earned_and_possible_points():
    # b1 n.a.: b = 2 done of (2 + 1) possible with b3 missed -> 66.67
    result = score_call(SCRIPT, answers(b1=NA, b3=M))
    assert result.section_scores["b"] == 66.7
    assert result.score == round((100 + 3 * 200 / 3 + 100) / 5, 1) == 80.0


def test_score_is_rounded_to_one_decimal():
    # b1 n.a., b3 missed: b = 2 of 3; (100 + 3 * 66.67 + 0) / 5 = 60.0
    result = score_call(SCRIPT, answers(b1=NA, b3=M, c1=M))
    assert result.score == 60.0
    result = score_call(SCRIPT, answers(a1=M))  # a = 25; (25 + 300 + 100) / 5 = 85
    assert result.score == 85.0
    result = score_call(SCRIPT, answers(a1=NA, b1=M))  # a = 100, b = 3/5 = 60 -> (100+180+100)/5 = 76
    assert result.score == 76.0
    result = score_call(SCRIPT, answers(b3=M, c1=NA))  # (100 + 240) / 4 = 85
    assert result.score == 85.0
    result = score_call(SCRIPT, answers(b1=M, b3=M, c1=NA))  # b = 2/5 = 40 -> (100+120)/4 = 55
    assert result.score == 55.0 and result.passed is False
    thirds = ScriptDefinition("T", 1, 50, (ScriptSection("s", "S", 1, tuple(
        ScriptItem(f"i{n}", f"I{n}", 1) for n in range(3))),))
    assert score_call(thirds, {"i0": D, "i1": D, "i2": M}).score == 66.7


def test_section_all_na_drops_out_with_its_weight():
    result = score_call(SCRIPT, answers(c1=NA, a1=M))
    assert result.section_scores["c"] is None
    # a = 25, b = 100 -> (25*1 + 100*3) / 4 = 81.25 -> 81.2 (the c weight is not counted)
    assert result.score == round(325 / 4, 1)
    assert result.passed is True


def test_na_everywhere_gives_no_score():
    script = ScriptDefinition("T", 1, 70, (ScriptSection("s", "S", 1, (ScriptItem("x", "X", 1), ScriptItem("y", "Y", 2))),))
    result = score_call(script, {"x": NA, "y": NA})
    assert result == ScoreResult(None, None, False, {"s": None}, (), ())


def test_section_critical_miss_zeroes_only_its_section():
    result = score_call(SCRIPT, answers(a2=M))
    assert result.section_scores == {"a": 0.0, "b": 100.0, "c": 100.0}
    assert result.score == 80.0 and result.passed is True
    assert result.failed_critical is False
    assert result.critical_misses == ("a2",)


def test_call_critical_miss_fails_the_call():
    result = score_call(SCRIPT, answers(b2=M))
    assert result.score == 0.0
    assert result.passed is False
    assert result.failed_critical is True
    assert result.critical_misses == ("b2",)
    assert result.section_scores["b"] == 60.0  # the section keeps its own score


def test_all_critical_missed():
    result = score_call(SCRIPT, answers(a2=M, b2=M))
    assert result.failed_critical and result.passed is False and result.score == 0.0
    assert result.critical_misses == ("a2", "b2")
    assert result.missed == ("a2", "b2")
    assert result.section_scores["a"] == 0.0


def test_pass_mark_is_inclusive():
    script = ScriptDefinition("T", 1, 75, (ScriptSection("s", "S", 1, tuple(ScriptItem(f"i{n}", "I", 1) for n in range(4))),))
    assert score_call(script, {"i0": D, "i1": D, "i2": D, "i3": M}).passed is True
    assert score_call(script, {"i0": D, "i1": D, "i2": M, "i3": M}).passed is False


def test_answers_may_be_plain_strings():
    result = score_call(SCRIPT, {key: str(value) for key, value in answers(c1=NA).items()})
    assert result.score == 100.0


def test_every_item_must_be_answered():
    partial = answers()
    del partial["b3"]
    with pytest.raises(ScriptError, match="Not answered: Item b3"):
        score_call(SCRIPT, partial)


def test_unknown_item_refused():
    with pytest.raises(ScriptError, match="Unknown script item.*zz"):
        score_call(SCRIPT, {**answers(), "zz": D})


def test_na_refused_where_the_item_forbids_it():
    with pytest.raises(ScriptError, match="Item b2: this item cannot be n.a."):
        score_call(SCRIPT, answers(b2=NA))


def test_invalid_answer_refused():
    with pytest.raises(ScriptError, match="Item c1: answer must be"):
        score_call(SCRIPT, {**answers(), "c1": "maybe"})


# Validation -------------------------------------------------------------------------


def section(key: str = "s", *items: ScriptItem, weight: float = 1) -> ScriptSection:
    return ScriptSection(key, key.upper(), weight, items or (ScriptItem(f"{key}_item", "I", 1),))


@pytest.mark.parametrize(
    "build,message",
    [
        (lambda: ScriptItem("x", "X", 0), "Item x: points must be a positive number"),
        (lambda: ScriptItem("x", "X", -1), "points must be a positive number"),
        (lambda: ScriptItem("x", "X", True), "points must be a positive number"),
        (lambda: ScriptItem("x", "X", 1, "fatal"), "criticality must be none, section or call"),
        (lambda: ScriptItem("", "X", 1), "the key is missing"),
        (lambda: section("s", weight=0), "Section s: weight must be a positive number"),
        (lambda: ScriptSection("s", "S", 1, ()), "Section s: it has no items"),
        (lambda: ScriptDefinition("T", 1, 101, (section(),)), "pass mark must be between 0 and 100"),
        (lambda: ScriptDefinition("T", 1, -1, (section(),)), "pass mark"),
        (lambda: ScriptDefinition("T", 0, 50, (section(),)), "version"),
        (lambda: ScriptDefinition("", 1, 50, (section(),)), "needs a name"),
        (lambda: ScriptDefinition("T", 1, 50, ()), "no sections"),
        (lambda: ScriptDefinition("T", 1, 50, (section("a"), section("a"))), "Section key a is used twice"),
        (
            lambda: ScriptDefinition("T", 1, 50, (section("a", ScriptItem("x", "X", 1)), section("b", ScriptItem("x", "X", 1)))),
            "Item key x is used twice",
        ),
    ],
)
def test_validation(build, message):
    with pytest.raises(ScriptError, match=message):
        build()


def test_criticality_given_as_text_becomes_the_enum():
    assert ScriptItem("x", "X", 1, "call").criticality is Criticality.CALL


def test_items_iterates_in_script_order():
    assert [item.key for item in SCRIPT.items()] == ["a1", "a2", "b1", "b2", "b3", "c1"]


# The TOML shape --------------------------------------------------------------------------


def test_mapping_round_trip():
    data = script_to_mapping(SCRIPT)
    assert data["sections"][1]["items"][1] == {
        "key": "b2", "text": "Item b2", "points": 2, "criticality": "call", "na_allowed": False,
    }
    assert script_from_mapping(data) == SCRIPT
    for script in DEFAULT_SCRIPTS:
        assert script_from_mapping(script_to_mapping(script)) == script


def test_mapping_defaults():
    data = {"name": "S", "version": 2, "pass_mark": 70, "sections": [
        {"key": "s", "title": "S", "weight": 1.5, "items": [{"key": "x", "text": "X", "points": 1}]},
    ]}
    item = next(script_from_mapping(data).items())
    assert item.criticality is Criticality.NONE and item.na_allowed is True


def broken(path: tuple, value: object) -> dict:
    data = copy.deepcopy(script_to_mapping(SCRIPT))
    target = data
    for step in path[:-1]:
        target = target[step]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "path,value,message",
    [
        (("sections", 1, "items", 2, "points"), 0, r"Section 2 \(b\), Item b3: points must be a positive number"),
        (("sections", 1, "items", 2, "criticality"), "big", r"Section 2 \(b\), Item b3: criticality"),
        (("sections", 1, "items", 2, "na_allowed"), "no", r"Section 2 \(b\), item 3 \(b3\): na_allowed"),
        (("sections", 1, "items", 2, "key"), "", r"Section 2 \(b\), item 3: key must be text"),
        (("sections", 1, "items", 2, "text"), KeyError, r"Section 2 \(b\), item 3: missing text"),
        (("sections", 1, "items", 2, "weight"), 1, r"Section 2 \(b\), item 3: unknown field\(s\) weight"),
        (("sections", 0, "weight"), -2, r"Section 1 \(a\): Section a: weight must be a positive number"),
        (("sections", 0, "items"), "a1", r"Section 1 \(a\): items must be a list"),
        (("sections", 0, "wieght"), 1, r"Section 1: unknown field\(s\) wieght"),
        (("sections", 2), "c", r"Section 3: expected a table"),
        (("sections",), {}, r"Script: sections must be a list"),
        (("pass_mark",), 120, r"pass mark must be between 0 and 100"),
        (("version",), KeyError, r"Script: missing version"),
    ],
)
def test_mapping_errors_name_the_place(path, value, message):
    with pytest.raises(ScriptError, match=message):
        script_from_mapping(broken(path, value))


# Shipped scripts -----------------------------------------------------------------------------


def test_default_scripts():
    first, closing = DEFAULT_SCRIPTS
    assert (first.name, first.pass_mark, closing.name, closing.pass_mark) == ("First contact", 70, "Presentation & closing", 70)
    critical = {item.key: item.criticality for item in first.items() if item.criticality is not Criticality.NONE}
    assert critical == {"decision_maker": Criticality.CALL, "need": Criticality.SECTION, "next_step": Criticality.CALL}
    critical = {item.key: item.criticality for item in closing.items() if item.criticality is not Criticality.NONE}
    assert critical == {"handle_objections": Criticality.SECTION, "next_step": Criticality.CALL}
    assert next(item for item in closing.items() if item.key == "spec_sheets").na_allowed
    for script in DEFAULT_SCRIPTS:
        assert all(item.key.isidentifier() and item.key.islower() for item in script.items())


def test_default_first_contact_without_a_next_step_fails():
    first = DEFAULT_SCRIPTS[0]
    result = score_call(first, {item.key: (M if item.key == "next_step" else D) for item in first.items()})
    assert result.failed_critical and result.passed is False
    result = score_call(first, {item.key: (M if item.key == "budget" else D) for item in first.items()})
    # qualification 5 of 6 = 83.33 (weight 2), others 100 -> (100 + 166.67 + 100) / 4 = 91.7
    assert result.score == 91.7 and result.passed is True
