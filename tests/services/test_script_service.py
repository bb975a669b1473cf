"""Scripts: seeding the catalog, editing in place, and a new version once a script has reviews."""

from __future__ import annotations

from dataclasses import replace

import pytest

from salescockpit.domain.scoring import DEFAULT_SCRIPTS
from salescockpit.services.calls import CallDraft, log_call
from salescockpit.services.catalog import DEFAULT_OBJECTION_TYPES, ensure_catalog, objection_types
from salescockpit.services.errors import NotFound, PermissionDenied
from salescockpit.services.reviews import review_call
from salescockpit.services.scripts import current_script_id, list_scripts, load_script, save_script
from salescockpit.store.tables import CallReview, ObjectionType, Script

FIRST_CONTACT = DEFAULT_SCRIPTS[0]


def test_ensure_catalog_is_idempotent(ctx, fetch):
    # The ctx fixture already seeded it once.
    changes = ensure_catalog(ctx)
    assert changes.objection_types == () and changes.scripts == ()
    assert [row.key for row in fetch(ObjectionType)] == [key for key, _label in DEFAULT_OBJECTION_TYPES]
    assert sorted(row.name for row in fetch(Script)) == sorted(s.name for s in DEFAULT_SCRIPTS)
    assert [info.label for info in objection_types(ctx)][:2] == ["Price", "I'll think about it"]


def test_seeded_script_loads_back_equal(ctx):
    script_id = current_script_id(ctx, "First contact")
    assert load_script(ctx, script_id) == FIRST_CONTACT
    assert current_script_id(ctx, "No such script") is None
    with pytest.raises(NotFound):
        load_script(ctx, 999)


def test_editing_an_unreviewed_script_replaces_it(ctx, head):
    script_id = current_script_id(ctx, "First contact")
    edited = replace(FIRST_CONTACT, pass_mark=80)
    assert save_script(ctx, head, edited) == script_id
    assert load_script(ctx, script_id).pass_mark == 80
    assert [(s.name, s.version) for s in list_scripts(ctx, include_old=True) if s.name == "First contact"] == [
        ("First contact", 1)
    ]


def test_editing_a_reviewed_script_makes_version_2_and_old_reviews_keep_version_1(
    ctx, head, anna, new_lead, fetch, audit
):
    v1 = current_script_id(ctx, "First contact")
    lead_id = new_lead(anna)
    call_id = log_call(ctx, anna, CallDraft(lead_id, "out", "reached", 60, no_next_step_reason="-")).call_id
    answers = {item.key: "done" for item in FIRST_CONTACT.items()}
    review_call(ctx, head, call_id, answers)
    shorter = replace(FIRST_CONTACT, sections=FIRST_CONTACT.sections[:2], pass_mark=75)
    v2 = save_script(ctx, head, shorter)
    assert v2 != v1 and current_script_id(ctx, "First contact") == v2
    new = load_script(ctx, v2)
    assert (new.version, new.pass_mark, len(new.sections)) == (2, 75, 2)
    assert load_script(ctx, v1) == FIRST_CONTACT
    [review] = fetch(CallReview)
    assert review.script_id == v1
    old_row, new_row = fetch(Script, Script.name == "First contact")
    assert (old_row.is_current, new_row.is_current) == (False, True)
    assert ("script.version", "version", "1", "2") in [r[:4] for r in audit("script", v2)]
    # Re-reviewing the old call still scores it on the script it was first scored on.
    review_call(ctx, head, call_id, answers)
    assert fetch(CallReview)[0].script_id == v1


def test_a_brand_new_script_starts_at_version_1(ctx, head):
    custom = replace(FIRST_CONTACT, name="Upsell", version=7)
    script_id = save_script(ctx, head, custom)
    assert load_script(ctx, script_id).version == 1


def test_managers_cannot_edit_scripts(ctx, anna):
    with pytest.raises(PermissionDenied, match="head of sales"):
        save_script(ctx, anna, FIRST_CONTACT)
