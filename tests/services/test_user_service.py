"""Users: bootstrap from the CLI, unique logins, roles, deactivation by the head."""

from __future__ import annotations

import pytest

from salescockpit.services.actor import load_actor
from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied, UnknownUser
from salescockpit.services.users import add_user, deactivate_user, list_users


def test_add_user_returns_plain_info_and_is_audited(ctx, audit):
    info = add_user(ctx, "  Olga ", "Ольга Петрова", "head")
    assert (info.login, info.name, info.role, info.active) == ("olga", "Ольга Петрова", "head", True)
    actor = load_actor(ctx, "OLGA")
    assert actor.is_head and actor.id == info.id and actor.name == "Ольга Петрова"
    [(action, field, old, new, user_id)] = audit("user", info.id)
    assert action == "user.add" and old is None and "olga" in new and user_id is None


def test_login_must_be_unique(ctx, head):
    with pytest.raises(InvalidInput) as error:
        add_user(ctx, "olga", "Another Olga", "manager")
    assert error.value.field == "login"
    assert "already taken" in error.value.message


@pytest.mark.parametrize(
    ("login", "name", "role", "field"),
    [("", "Name", "head", "login"), ("with space", "Name", "head", "login"),
     ("ivan", "  ", "manager", "name"), ("ivan", "Ivan", "boss", "role")],
)
def test_bad_input_names_the_field(ctx, login, name, role, field):
    with pytest.raises(InvalidInput) as error:
        add_user(ctx, login, name, role)
    assert error.value.field == field
    assert error.value.message


def test_unknown_login_tells_how_to_add_the_user(ctx):
    with pytest.raises(UnknownUser) as error:
        load_actor(ctx, "ghost")
    assert "salescockpit user add ghost --name NAME --role head|manager" in error.value.message


def test_head_deactivates_a_manager_who_then_cannot_act(ctx, head, anna, audit):
    info = deactivate_user(ctx, head, "anna")
    assert info.active is False
    with pytest.raises(PermissionDenied, match="deactivated"):
        load_actor(ctx, "anna")
    assert [row[:4] for row in audit("user", anna.id)][-1] == ("user.deactivate", "active", "true", "false")
    # An actor loaded before the deactivation is refused inside the next write.
    from salescockpit.services.leads import LeadDraft, create_lead

    with pytest.raises(PermissionDenied, match="deactivated"):
        create_lead(ctx, anna, LeadDraft(name="Late lead"))


def test_list_users_with_and_without_inactive(ctx, head, anna, boris):
    deactivate_user(ctx, head, "boris")
    assert [user.login for user in list_users(ctx)] == ["anna", "boris", "olga"]
    assert [user.login for user in list_users(ctx, include_inactive=False)] == ["anna", "olga"]


def test_manager_cannot_deactivate_and_head_not_self(ctx, head, anna):
    with pytest.raises(PermissionDenied) as error:
        deactivate_user(ctx, anna, "olga")
    assert "head of sales" in error.value.message
    with pytest.raises(InvalidInput):
        deactivate_user(ctx, head, "olga")
    with pytest.raises(NotFound):
        deactivate_user(ctx, head, "nobody")
