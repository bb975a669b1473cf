"""Hostile and unusual text goes in through the services and comes out intact, and inert in exports.

Long notes, emoji, right-to-left text, a NUL byte and a leading "=" are stored, read back by the
lead card query exactly as typed, and exported by the report with formulas neutralised.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import openpyxl
import pytest

from salescockpit.config import Settings
from salescockpit.reports import FORMATS, build_report, render
from salescockpit.services.actor import load_actor
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.catalog import ensure_catalog
from salescockpit.services.context import ServiceContext
from salescockpit.services.errors import InvalidInput
from salescockpit.services.leads import LeadDraft, create_lead, update_lead
from salescockpit.services.users import add_user
from salescockpit.store.queries.lead_card import CallEntry, lead_card

EMOJI = "Зоя 👩🏽‍💻 🇷🇺"
RIGHT_TO_LEFT = "שלום עולם مرحبا \u202eevil\u202c"
FORMULA = '=HYPERLINK("http://x","y")'
WITH_NUL = "before\x00after"
LONG_NOTES = ("Звонок 📞 " + RIGHT_TO_LEFT + " ") * 400
LONG_NOTES = "=" + LONG_NOTES[: 10_000 - 2] + "!"


@pytest.fixture
def ctx(db, clock):
    context = ServiceContext(db=db, clock=clock, settings=Settings(timezone="Europe/Moscow"))
    ensure_catalog(context)
    add_user(context, "olga", "Olga", "head")
    add_user(context, "anna", "@" + EMOJI, "manager")
    return context


def card(ctx, lead_id):
    head = load_actor(ctx, "olga")
    with ctx.db.read() as session:
        return lead_card(session, lead_id, viewer_id=head.id, viewer_is_head=True)


def calls_of(found):
    return [entry for entry in found.timeline if isinstance(entry, CallEntry)]


@pytest.mark.parametrize("text", [EMOJI, RIGHT_TO_LEFT, FORMULA, "tab\tand\nnewline", "x" * 300])
def test_lead_fields_come_back_as_typed(ctx, text):
    anna = load_actor(ctx, "anna")
    lead_id = create_lead(ctx, anna, LeadDraft(name=text, company=text, source=text[:64]))
    found = card(ctx, lead_id)
    assert (found.name, found.company, found.source) == (text, text, text[:64])
    update_lead(ctx, anna, lead_id, company=text[::-1])
    assert card(ctx, lead_id).company == text[::-1]


def test_a_10000_character_note_with_everything_in_it(ctx):
    assert len(LONG_NOTES) == 10_000
    anna = load_actor(ctx, "anna")
    lead_id = create_lead(ctx, anna, LeadDraft(name=FORMULA))
    log_call(ctx, anna, CallDraft(lead_id, "out", "no_answer", 60, notes=LONG_NOTES,
                                  objections=(ObjectionDraft("price", True, answer=RIGHT_TO_LEFT),)))
    notes = {entry.notes for entry in calls_of(card(ctx, lead_id))}
    assert notes == {LONG_NOTES}
    answers = [objection.answer for entry in calls_of(card(ctx, lead_id)) for objection in entry.objections]
    assert answers == [RIGHT_TO_LEFT]


def test_a_nul_byte_is_refused_in_words_and_nothing_is_written(ctx):
    """PostgreSQL cannot store NUL and XLSX cannot carry it: it is refused at the door, on every database."""
    anna = load_actor(ctx, "anna")
    with pytest.raises(InvalidInput) as refused:
        create_lead(ctx, anna, LeadDraft(name="Bad" + WITH_NUL))
    assert "control characters" in refused.value.message
    lead_id = create_lead(ctx, anna, LeadDraft(name="Good"))
    with pytest.raises(InvalidInput) as refused:
        log_call(ctx, anna, CallDraft(lead_id, "out", "no_answer", 60, notes=WITH_NUL))
    assert "control characters" in refused.value.message
    assert calls_of(card(ctx, lead_id)) == []


def test_too_long_a_name_is_refused_with_a_message(ctx):
    with pytest.raises(InvalidInput) as refused:
        create_lead(ctx, load_actor(ctx, "anna"), LeadDraft(name="x" * 10_000))
    assert "longer than 300" in refused.value.message


@pytest.fixture
def hostile_report(ctx, clock):
    """A day on which a lead with a hostile name left an objection open (so it is a report problem)."""
    anna = load_actor(ctx, "anna")
    lead_id = create_lead(ctx, anna, LeadDraft(name=FORMULA + " " + EMOJI + " " + RIGHT_TO_LEFT, company="-2+3"))
    earlier = clock.now() - timedelta(hours=1)
    log_call(ctx, anna, CallDraft(lead_id, "out", "no_answer", 60, notes=LONG_NOTES, started_at=earlier,
                                  objections=(ObjectionDraft("price", False),)))
    return build_report(ctx, clock.today())


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_report_renders_in_every_format(hostile_report, fmt):
    assert render(hostile_report, fmt)


def test_csv_cells_are_neutralised(hostile_report):
    rows = list(csv.reader(io.StringIO(render(hostile_report, "csv").decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'@" + EMOJI in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_xlsx_cells_are_text_not_formulas(hostile_report):
    book = openpyxl.load_workbook(io.BytesIO(render(hostile_report, "xlsx")))
    texts = [cell for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in texts)
    values = {cell.value for cell in texts}
    assert "'" + FORMULA + " " + EMOJI + " " + RIGHT_TO_LEFT in values
    assert "'-2+3" in values and "'@" + EMOJI in values


def test_a_nul_byte_put_in_behind_the_program_s_back_does_not_break_the_xlsx_report(ctx, clock):
    anna = load_actor(ctx, "anna")
    lead_id = create_lead(ctx, anna, LeadDraft(name="Bad"))
    log_call(ctx, anna, CallDraft(lead_id, "out", "no_answer", 60, started_at=clock.now() - timedelta(hours=1),
                                  objections=(ObjectionDraft("price", False),)))
    with ctx.db.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE leads SET name = ? WHERE id = ?", ("Bad" + WITH_NUL, lead_id))
    book = openpyxl.load_workbook(io.BytesIO(render(build_report(ctx, clock.today()), "xlsx")))
    names = {cell.value for row in book["Problems"].iter_rows(min_row=2) for cell in row}
    assert any(isinstance(name, str) and name.startswith("Badbefore") for name in names)
