"""One row -> a lead draft or a reject with a reason: owners, stages, amounts, phones; never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salescockpit.domain.pipeline import DEFAULT_PIPELINE
from salescockpit.imports.lead_columns import FIELDS
from salescockpit.imports.leads import ImportRules, LeadRow, Reject, UserRef, parse_value, read_lead_row
from salescockpit.imports.tabular import Row

USERS = [UserRef(1, "olga", "Ольга Петрова"), UserRef(2, "anna", "Анна Смирнова"),
         UserRef(3, "boris", "Борис Иванов"), UserRef(4, "gone", "Уволен", active=False)]
COLUMNS = {field: index for index, field in enumerate(FIELDS)}


def rules(actor_id=1, is_head=True):
    return ImportRules.build(DEFAULT_PIPELINE, "RU", actor_id, is_head, USERS)


def row(line=2, **cells):
    return Row(line, tuple(cells.get(field, "") for field in FIELDS))


def test_a_full_row_becomes_a_draft_with_normalised_contacts():
    result = read_lead_row(row(name=" Иван ", last_name="Петров", company="ООО Ромашка", phone="8 (916) 123-45-67",
                               email=" Ivan@Romashka.RU ", source="сайт", owner="Анна Смирнова",
                               stage="Первичный контакт", value="150 000,50 ₽"), COLUMNS, rules())
    assert isinstance(result, LeadRow)
    draft = result.draft
    assert (draft.name, draft.company, draft.source, draft.owner_id, draft.stage, draft.value) == (
        "Иван Петров", "ООО Ромашка", "сайт", 2, "personal_contact", 150001)
    assert (result.phone_norm, result.email_norm) == ("+79161234567", "ivan@romashka.ru")


def test_blank_owner_and_stage_mean_the_importer_and_the_first_stage():
    result = read_lead_row(row(name="Иван"), COLUMNS, rules(actor_id=1))
    assert result.draft.owner_id == 1 and result.draft.stage == "new" and result.draft.value is None


@pytest.mark.parametrize("stage, key", [("needs", "needs"), ("Presentation", "presentation"), ("ЗАКРЫТИЕ", "closing"),
                                        ("Успешно реализовано", "won"), ("Сделка провалена", "lost"),
                                        ("Personal contact", "personal_contact")])
def test_stage_by_key_or_label_in_english_or_russian(stage, key):
    assert read_lead_row(row(name="Иван", stage=stage), COLUMNS, rules()).draft.stage == key


@pytest.mark.parametrize("cells, reason", [
    ({"name": "  "}, "required"),
    ({"name": "Иван", "phone": "12"}, "not a valid phone"),
    ({"name": "Иван", "email": "ivan@"}, "not a valid e-mail"),
    ({"name": "Иван", "value": "сто"}, "not an amount"),
    ({"name": "Иван", "value": "-5"}, "not an amount"),
    ({"name": "Иван", "value": "99999999999"}, "too large"),
    ({"name": "Иван", "stage": "Думает"}, "Unknown stage 'Думает'"),
    ({"name": "Иван", "owner": "nobody"}, "Unknown owner 'nobody'"),
    ({"name": "Иван", "owner": "gone"}, "deactivated"),
    ({"name": "И" * 301}, "longer than 300"),
])
def test_rejects_carry_the_line_and_a_reason(cells, reason):
    result = read_lead_row(row(line=7, **cells), COLUMNS, rules())
    assert isinstance(result, Reject) and result.line == 7
    assert reason in result.reason


def test_a_manager_gets_unknown_owners_but_not_a_colleague():
    as_anna = rules(actor_id=2, is_head=False)
    assert read_lead_row(row(name="Иван", owner="Кто-то"), COLUMNS, as_anna).draft.owner_id == 2
    assert read_lead_row(row(name="Иван", owner="anna"), COLUMNS, as_anna).draft.owner_id == 2
    refused = read_lead_row(row(name="Иван", owner="Борис Иванов"), COLUMNS, as_anna)
    assert isinstance(refused, Reject) and "boris" in refused.reason


def test_our_own_neutralised_cells_are_read_back_as_typed():
    result = read_lead_row(row(name="'=Иван", phone="'+7 916 123-45-67"), COLUMNS, rules())
    assert result.draft.name == "=Иван" and result.draft.phone == "+7 916 123-45-67"


@pytest.mark.parametrize("text, amount", [("", None), ("1 500", 1500), ("1,500", 1500), ("1.234.567", 1234567),
                                          ("1 234,56", 1235), ("1,234.4", 1234), ("12,5", 13), ("100 руб.", 100),
                                          ("$250", 250), ("0", 0)])
def test_amounts_as_people_write_them(text, amount):
    assert parse_value(text) == amount


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=0, max_size=len(FIELDS) + 2), st.booleans())
def test_any_text_in_any_cell_gives_a_draft_or_a_reject(cells, is_head):
    result = read_lead_row(Row(5, tuple(cells)), COLUMNS, rules(actor_id=2, is_head=is_head))
    assert isinstance(result, (LeadRow, Reject)) and result.line == 5
    if isinstance(result, Reject):
        assert result.reason.strip()
    else:
        assert result.draft.name.strip() and result.draft.stage in DEFAULT_PIPELINE.keys


CONTACTISH = st.one_of(st.text(alphabet="0123456789 +-()", max_size=20), st.from_regex(r"[a-z]{1,5}@[a-z]{1,5}\.ru"),
                       st.text(max_size=10))


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({"name": st.text(max_size=20), "phone": CONTACTISH, "email": CONTACTISH,
                              "value": st.text(alphabet="0123456789 ,.-₽", max_size=15),
                              "stage": st.sampled_from(["", "new", "Закрытие", "won", "x"]),
                              "owner": st.sampled_from(["", "anna", "olga", "Борис Иванов", "gone", "zzz"])}))
def test_plausible_rows_give_a_draft_or_a_reject(cells):
    result = read_lead_row(row(**cells), COLUMNS, rules())
    assert isinstance(result, (LeadRow, Reject))
