"""The objection catalog: the head adds, renames, deactivates and reactivates types; all audited."""

from __future__ import annotations

import pytest

from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import objection_types
from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied
from salescockpit.services.objection_types import (
    add_objection_type,
    deactivate_objection_type,
    key_from_label,
    reactivate_objection_type,
    rename_objection_type,
)


def _keys(ctx, include_inactive=False):
    return [info.key for info in objection_types(ctx, include_inactive=include_inactive)]


def test_head_adds_a_type_and_it_is_audited(ctx, head, audit):
    type_id = add_objection_type(ctx, head, "contract_terms", "Contract terms")
    assert "contract_terms" in _keys(ctx)
    [(action, field, old, new, user_id)] = audit("objection_type", type_id)
    assert action == "objection_type.add" and field == "" and "Contract terms" in new and user_id == head.id


def test_manager_cannot_edit_the_catalog(ctx, head, anna):
    for attempt in (
        lambda: add_objection_type(ctx, anna, "x_type", "X"),
        lambda: rename_objection_type(ctx, anna, "price", "Too expensive"),
        lambda: deactivate_objection_type(ctx, anna, "price"),
    ):
        with pytest.raises(PermissionDenied) as error:
            attempt()
        assert "head of sales" in error.value.message
    assert "price" in _keys(ctx)


@pytest.mark.parametrize(
    ("key", "label", "field"),
    [("Bad Key", "Fine", "key"), ("", "Fine", "key"), ("1st", "Fine", "key"), ("fine", "   ", "label"),
     ("fine", "x" * 201, "label"), ("price", "Another price", "key"), ("fine", "PRICE", "label")],
)
def test_bad_or_duplicate_types_are_refused_by_field(ctx, head, key, label, field):
    with pytest.raises(InvalidInput) as error:
        add_objection_type(ctx, head, key, label)
    assert error.value.field == field and error.value.message


def test_rename_keeps_the_key_and_audits_old_and_new(ctx, head, audit):
    rename_objection_type(ctx, head, "price", "  Too   expensive ")
    labels = {info.key: info.label for info in objection_types(ctx)}
    assert labels["price"] == "Too expensive"
    assert ("objection_type.rename", "label", "Price", "Too expensive", head.id) in audit("objection_type")
    with pytest.raises(NotFound):
        rename_objection_type(ctx, head, "nope", "Whatever")


def test_deactivated_type_cannot_be_logged_but_can_come_back(ctx, head, anna, new_lead, audit):
    lead_id = new_lead(anna)
    deactivate_objection_type(ctx, head, "no_trust")
    assert "no_trust" not in _keys(ctx) and "no_trust" in _keys(ctx, include_inactive=True)
    draft = CallDraft(lead_id, "out", "reached", 120, objections=(ObjectionDraft("no_trust", False),),
                      no_next_step_reason="test")
    with pytest.raises(InvalidInput) as error:
        log_call(ctx, anna, draft)
    assert "no_trust" in error.value.message
    with pytest.raises(InvalidInput) as error:
        add_objection_type(ctx, head, "no_trust", "No trust again")
    assert "reactivate" in error.value.message
    reactivate_objection_type(ctx, head, "no_trust")
    assert log_call(ctx, anna, draft).call_id
    actions = [row[0] for row in audit("objection_type") if row[1] == "active"]
    assert actions == ["objection_type.deactivate", "objection_type.reactivate"]


def test_the_last_active_type_stays(ctx, head):
    keys = _keys(ctx)
    for key in keys[:-1]:
        deactivate_objection_type(ctx, head, key)
    with pytest.raises(InvalidInput) as error:
        deactivate_objection_type(ctx, head, keys[-1])
    assert "at least one" in error.value.message


def test_key_suggested_from_label():
    assert key_from_label("Contract terms!") == "contract_terms"
    assert key_from_label("Цена") == ""
    assert key_from_label("3 quotes") == ""
