"""Script files: TOML import (whole or nothing, errors with a line) and export; versioned scoring."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

import salescockpit
from salescockpit.domain.scoring import DEFAULT_SCRIPTS, Criticality, ScriptItem, score_call
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied
from salescockpit.services.reviews import review_call
from salescockpit.services.script_files import (
    ScriptFileError,
    export_script,
    import_script_file,
    parse_script_toml,
    script_to_toml,
)
from salescockpit.services.scripts import current_script_id, load_script
from salescockpit.store.tables import CallReview, Script

SHIPPED = Path(salescockpit.__file__).parent / "scripts"
ALL_DONE = {item.key: "done" for item in DEFAULT_SCRIPTS[0].items()}


def _script_rows(ctx):
    with ctx.db.read() as session:
        return session.scalar(select(func.count()).select_from(Script))


def _reviewed_call(ctx, head, manager, new_lead, answers):
    lead_id = new_lead(manager)
    script_id = current_script_id(ctx, "First contact")
    call = log_call(ctx, manager, CallDraft(lead_id, "out", "reached", 300, script_id=script_id,
                                            no_next_step_reason="test"))
    review_call(ctx, head, call.call_id, answers, {"next_step": "none agreed"})
    return call.call_id


@pytest.mark.parametrize(("file", "index"), [("first_contact.toml", 0), ("presentation_closing.toml", 1)])
def test_shipped_files_are_the_default_scripts(file, index):
    text = (SHIPPED / file).read_text(encoding="utf-8")
    assert parse_script_toml(text, file) == DEFAULT_SCRIPTS[index]


def test_export_then_import_round_trips(ctx, head, tmp_path):
    text = export_script(ctx, "First contact")
    assert text.startswith("#") and 'name = "First contact"' in text
    path = tmp_path / "fc.toml"
    path.write_text(text, encoding="utf-8")
    script_id, version = import_script_file(ctx, head, path)
    assert (script_id, version) == (current_script_id(ctx, "First contact"), 1)  # no reviews yet: replaced in place
    assert load_script(ctx, script_id) == DEFAULT_SCRIPTS[0]


def test_import_after_reviews_makes_version_two_and_old_reviews_keep_version_one(ctx, head, anna, new_lead, tmp_path):
    answers = dict(ALL_DONE, budget="missed", next_step="missed")
    old_call = _reviewed_call(ctx, head, anna, new_lead, answers)
    v1 = current_script_id(ctx, "First contact")
    edited = DEFAULT_SCRIPTS[0]
    extra = ScriptItem("summary", "Sum up what was agreed", 1, Criticality.NONE)
    sections = list(edited.sections)
    sections[-1] = replace(sections[-1], items=(*sections[-1].items, extra))
    path = tmp_path / "v2.toml"
    path.write_text(script_to_toml(replace(edited, sections=tuple(sections))), encoding="utf-8")

    v2, version = import_script_file(ctx, head, path)

    assert version == 2 and v2 != v1 and current_script_id(ctx, "First contact") == v2
    with ctx.db.read() as session:
        old_review = session.scalars(select(CallReview).where(CallReview.call_id == old_call)).one()
        assert old_review.script_id == v1 and old_review.score == 0.0 and old_review.failed_critical
        old_review_id = old_review.id
    # Re-scoring the old call still uses version 1 (the new item would be unknown there) ...
    rescored = review_call(ctx, head, old_call, dict(ALL_DONE, budget="missed"))
    assert rescored.score == score_call(DEFAULT_SCRIPTS[0], dict(ALL_DONE, budget="missed")).score == 91.7
    # ... and a new call is scored on version 2 on the same 0-100 scale.
    new_call = _reviewed_call(ctx, head, anna, new_lead, dict(ALL_DONE, budget="missed", summary="done"))
    with ctx.db.read() as session:
        review = session.scalars(select(CallReview).where(CallReview.call_id == new_call)).one()
        assert review.script_id == v2 and review.failed_critical is False
        assert review.score == rescored.score  # the same work scores the same on both versions
        assert session.get(CallReview, old_review_id).script_id == v1


def test_syntax_error_names_the_line_and_writes_nothing(ctx, head, tmp_path):
    text = script_to_toml(DEFAULT_SCRIPTS[0]).replace('title = "Opening"', 'title = "Opening')
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    before = _script_rows(ctx)
    with pytest.raises(ScriptFileError) as error:
        import_script_file(ctx, head, path)
    line = text.splitlines().index('title = "Opening') + 1
    assert error.value.line == line
    assert f"broken.toml, line {line}" in error.value.message and "not valid TOML" in error.value.message
    assert _script_rows(ctx) == before


@pytest.mark.parametrize(
    ("old", "new", "where", "header", "after"),
    [
        ('key = "budget"\ntext = "Ask about the budget"\npoints = 1', 'key = "budget"\ntext = "Ask about the budget"\npoints = 0',
         "Section 2 (qualification), Item budget", "[[sections.items]]", 'key = "budget"'),
        ('criticality = "call"', 'criticality = "fatal"', "Section 2 (qualification), Item decision_maker",
         "[[sections.items]]", 'key = "decision_maker"'),
        ("weight = 2", 'weight = "heavy"', "Section 2 (qualification)", "[[sections]]", 'key = "qualification"'),
        ('key = "timing"', 'key = "need"', "used twice", "[[sections.items]]", 'key = "need"'),
        ("pass_mark = 70", "pass_mark = 170", "pass mark", "pass_mark = 170", ""),
    ],
)
def test_structural_errors_name_the_section_item_and_line(ctx, head, tmp_path, old, new, where, header, after):
    text = script_to_toml(DEFAULT_SCRIPTS[0])
    assert old in text
    text = text.replace(old, new, 1)
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    before = _script_rows(ctx)
    with pytest.raises(ScriptFileError) as error:
        import_script_file(ctx, head, path)
    assert where in error.value.message
    lines = text.splitlines()
    assert error.value.line is not None and lines[error.value.line - 1] == header
    assert lines[error.value.line] == after
    assert _script_rows(ctx) == before


def test_manager_cannot_import_and_missing_file_is_readable(ctx, head, anna, tmp_path):
    path = tmp_path / "fc.toml"
    path.write_text(export_script(ctx, "First contact"), encoding="utf-8")
    with pytest.raises(PermissionDenied):
        import_script_file(ctx, anna, path)
    with pytest.raises(InvalidInput) as error:
        import_script_file(ctx, head, tmp_path / "nowhere.toml")
    assert "nowhere.toml" in error.value.message and "cannot read" in error.value.message


def test_export_of_an_unknown_script(ctx):
    with pytest.raises(NotFound) as error:
        export_script(ctx, "Nope")
    assert "Nope" in error.value.message


def test_new_name_imports_as_its_own_script(ctx, head, tmp_path):
    path = tmp_path / "renewal.toml"
    path.write_text(script_to_toml(replace(DEFAULT_SCRIPTS[1], name="Renewal")).replace("version = 1\n", ""),
                    encoding="utf-8")
    script_id, version = import_script_file(ctx, head, path)
    assert version == 1 and load_script(ctx, script_id).name == "Renewal"


def _lines_of(text: str, *wanted: str) -> list[int]:
    lines = text.splitlines()
    return [lines.index(line) + 1 for line in wanted]


def test_every_structural_problem_is_reported_at_once_each_with_its_line(ctx, head, tmp_path):
    text = (script_to_toml(DEFAULT_SCRIPTS[0])
            .replace("pass_mark = 70", "pass_mark = 170")
            .replace("weight = 2", 'weight = "heavy"')
            .replace('key = "budget"\ntext = "Ask about the budget"\npoints = 1',
                     'key = "budget"\ntext = "Ask about the budget"\npoints = 0')
            .replace('criticality = "call"', 'criticality = "fatal"', 1)
            .replace('key = "timing"', 'key = "need"'))
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    before = _script_rows(ctx)
    with pytest.raises(ScriptFileError) as error:
        import_script_file(ctx, head, path)
    lines = text.splitlines()
    found = error.value.problems
    assert len(found) == 5, error.value.message
    assert [line for line, _reason in found] == sorted(line for line, _reason in found)
    assert lines[found[0][0] - 1] == "pass_mark = 170" and "pass mark" in found[0][1]
    weight, decision_maker, budget, timing = (line for line, _reason in found[1:])
    assert lines[weight] == 'key = "qualification"' and "weight" in found[1][1]
    assert lines[decision_maker] == 'key = "decision_maker"' and "criticality" in found[2][1]
    assert lines[budget] == 'key = "budget"' and "points" in found[3][1]
    assert "need is used twice" in found[4][1] and lines[timing:timing + 2][0] == 'key = "need"'
    message = error.value.message.splitlines()
    assert message[0] == f"{path}: 5 problems, nothing was imported:"
    assert [entry.split(": ", 1)[0] for entry in message[1:]] == [f"{path}, line {line}" for line, _r in found]
    assert _script_rows(ctx) == before


def test_every_syntax_error_is_reported_at_once_each_with_its_line(ctx, head, tmp_path):
    text = (script_to_toml(DEFAULT_SCRIPTS[0])
            .replace('title = "Opening"', 'title = "Opening')
            .replace("weight = 2", "weight = = 2"))
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScriptFileError) as error:
        import_script_file(ctx, head, path)
    expected = _lines_of(text, 'title = "Opening', "weight = = 2")
    assert [line for line, _reason in error.value.problems] == expected
    assert all("not valid TOML" in reason for _line, reason in error.value.problems)
