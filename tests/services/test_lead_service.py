"""Leads: creation, owners and permissions, edits with audit, batch imports, Unicode search."""

from __future__ import annotations

from datetime import timezone

import pytest
from sqlalchemy import select, text

from salescockpit.services.errors import InvalidInput, NotFound, PermissionDenied, UnknownUser
from salescockpit.services.leads import LeadDraft, create_lead, create_leads, update_lead
from salescockpit.store.search import like_pattern
from salescockpit.store.tables import Lead, StageHistory


def _lead(ctx, lead_id) -> Lead:
    with ctx.db.read() as session:
        lead = session.get(Lead, lead_id)
        session.expunge(lead)
        return lead


def test_manager_creates_own_lead_with_norms_search_text_history_and_audit(ctx, clock, anna, audit, fetch):
    lead_id = create_lead(
        ctx, anna, LeadDraft(name="Иван Иванов", company="ООО «Ромашка»", phone="8 (495) 123-45-67",
                             email=" Ivan@Romashka.RU ", source="web")
    )
    lead = _lead(ctx, lead_id)
    assert lead.owner_id == anna.id and lead.stage == "new" and lead.qualification == "unknown"
    assert lead.phone_norm == "+74951234567" and lead.email_norm == "ivan@romashka.ru"
    assert "иван иванов" in lead.search_text and "84951234567" in lead.search_text
    assert lead.created_at == lead.updated_at == lead.stage_entered_at == lead.last_activity_at == clock.now()
    assert lead.created_at.tzinfo is not None and lead.created_at.utcoffset().total_seconds() == 0
    [history] = fetch(StageHistory, StageHistory.lead_id == lead_id)
    assert (history.from_stage, history.to_stage, history.moved_by_id) == (None, "new", anna.id)
    assert audit("lead", lead_id)[0][0] == "lead.create"


def test_cyrillic_search_finds_any_case(ctx, anna, new_lead):
    wanted = new_lead(anna, name="Иванов Пётр", company="СТРОЙМАШ")
    new_lead(anna, name="Petrov Ivan")
    with ctx.db.read() as session:
        def find(query):
            rows = session.execute(
                text("SELECT id FROM leads WHERE search_text LIKE :pattern ESCAPE '\\'"),
                {"pattern": like_pattern(query)},
            )
            return [row[0] for row in rows]

        assert find("иванов") == [wanted]
        assert find("ИВАНОВ") == [wanted]
        assert find("строймаш") == [wanted]
        assert find("100%") == []


def test_manager_cannot_create_for_another_but_head_can(ctx, head, anna, boris):
    with pytest.raises(PermissionDenied) as error:
        create_lead(ctx, anna, LeadDraft(name="X", owner_login="boris"))
    assert "for themselves" in error.value.message
    lead_id = create_lead(ctx, head, LeadDraft(name="X", owner_login="boris"))
    assert _lead(ctx, lead_id).owner_id == boris.id
    with pytest.raises(UnknownUser):
        create_lead(ctx, head, LeadDraft(name="X", owner_login="nobody"))


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": " "}, "name"), ({"phone": "12345"}, "phone"), ({"email": "ivan@"}, "email"),
     ({"value": -5}, "value"), ({"stage": "won"}, "stage"), ({"stage": "moon"}, "stage")],
)
def test_invalid_drafts_are_refused_with_the_field(ctx, anna, fields, field):
    fields.setdefault("name", "Лид")
    with pytest.raises(InvalidInput) as error:
        create_lead(ctx, anna, LeadDraft(**fields))
    assert error.value.field == field


def test_update_lead_audits_each_changed_field_and_recomputes_norms(ctx, anna, new_lead, audit):
    lead_id = new_lead(anna, phone="+7 495 123 45 67")
    changed = update_lead(ctx, anna, lead_id, phone="8 916 000-11-22", company="Север", bant_budget=True, value=None)
    assert changed == ("phone", "phone_norm", "company", "bant_budget")
    lead = _lead(ctx, lead_id)
    assert lead.phone_norm == "+79160001122" and "север" in lead.search_text and "89160001122" in lead.search_text
    rows = [row[:4] for row in audit("lead", lead_id) if row[0] == "lead.update"]
    assert ("lead.update", "phone_norm", "+74951234567", "+79160001122") in rows
    assert ("lead.update", "bant_budget", None, "true") in rows
    assert ("lead.update", "company", "", "Север") in rows
    assert update_lead(ctx, anna, lead_id, company="Север") == ()


def test_update_refuses_other_managers_lead_and_unknown_fields(ctx, anna, boris, new_lead):
    lead_id = new_lead(anna)
    with pytest.raises(PermissionDenied) as error:
        update_lead(ctx, boris, lead_id, company="Mine now")
    assert "another manager" in error.value.message
    with pytest.raises(InvalidInput):
        update_lead(ctx, anna, lead_id, stage="won")
    with pytest.raises(NotFound):
        update_lead(ctx, anna, 999, company="?")


def test_create_leads_is_all_or_nothing_and_names_the_row(ctx, anna):
    drafts = [LeadDraft(name="Один"), LeadDraft(name="Два"), LeadDraft(name="Три", phone="bad")]
    with pytest.raises(InvalidInput) as error:
        create_leads(ctx, anna, drafts)
    assert error.value.message.startswith("Row 3:")
    with ctx.db.read() as session:
        assert session.scalar(select(Lead.id).limit(1)) is None
    ids = create_leads(ctx, anna, drafts[:2])
    assert len(ids) == 2 and ids[0] < ids[1]


def test_datetimes_read_back_aware_utc(ctx, anna, new_lead, clock):
    lead = _lead(ctx, new_lead(anna))
    assert lead.created_at.tzinfo == timezone.utc
    assert lead.created_at == clock.now()
