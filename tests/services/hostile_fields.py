"""Every free-text field a user or an import writes, as a table: how to write it, how to read it back.

Used by tests/services/test_hostile_text.py, which writes each hostile value into each field
through the real service and reads it back. A newcomer adding a text field adds a row here.

Each `TextField` has:
- ``write(world, text)``: one real service call that stores ``text`` in the field; returns a key;
- ``read(world, key)``: the stored text, read back from the database;
- ``limit``: the most characters the field takes (longer is refused with a one-line message),
  or None when it takes any length (then 10,000 characters are stored whole);
- ``validated``: a phone, e-mail or INN: hostile text is refused with a message, never stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from sqlalchemy import select, update

from salescockpit.domain.scoring import ScriptDefinition, ScriptItem, ScriptSection
from salescockpit.services.callbacks import cancel_callback, reschedule_callback, schedule_callback
from salescockpit.services.calls import CallDraft, ObjectionDraft, log_call
from salescockpit.services.campaigns import CampaignDraft, add_campaign
from salescockpit.services.clients import ClientDraft, create_client
from salescockpit.services.contracts import ContractDraft, create_contract
from salescockpit.services.leads import LeadDraft, create_lead, update_lead
from salescockpit.services.marks import add_mark
from salescockpit.services.objection_types import add_objection_type
from salescockpit.services.payments import HandPayment, record_payment
from salescockpit.services.rechecks import record_recheck
from salescockpit.services.reminder_outcomes import OutcomeDraft, record_reminder_outcome, resolve_dispute
from salescockpit.services.reviews import complete_action, record_lead_review, review_call
from salescockpit.services.fix_lists import send_fix_list
from salescockpit.services.scripts import load_script, save_script
from salescockpit.services.seal_acknowledgements import ACKNOWLEDGED, BROKEN, acknowledge_broken_seal
from salescockpit.services.transcripts import import_transcript_text
from salescockpit.services.stages import mark_junk, move_stage
from salescockpit.services.users import add_user
from salescockpit.store.client_task_tables import Campaign, ClientDispute, ClientTask
from salescockpit.store.money_tables import Client, Contract, Payment
from salescockpit.store.tables import (
    AuditEntry, Call, Callback, CallObjection, CallReview, CallReviewItem, FixListItem, Lead, LeadReview,
    ObjectionType, Recheck, StageHistory, User,
)
from salescockpit.store.listening_tables import ReviewMark, TranscriptLineRow

FIRST_CONTACT_KEYS = ("greet", "confirm_contact", "decision_maker", "need", "budget", "timing", "next_step")
ALL_DONE = {key: "done" for key in FIRST_CONTACT_KEYS}
_numbers = count(1)


@dataclass
class World:
    """What the writers need: the context, a head, a manager, the manager's lead and call."""

    ctx: Any
    head: Any
    anna: Any
    lead_id: int
    call_id: int
    client_id: int
    contract_id: int

    def value(self, column, *conditions) -> Any:
        with self.ctx.db.read() as session:
            return session.scalars(select(column).where(*conditions)).one()

    def audit_new(self, entity: str, entity_id: int, field: str) -> str:
        """The newest audit row's new value for ``field`` of ``entity`` ``entity_id``."""
        with self.ctx.db.read() as session:
            return session.scalars(select(AuditEntry.new).where(
                AuditEntry.entity == entity, AuditEntry.entity_id == entity_id, AuditEntry.field == field,
            ).order_by(AuditEntry.id.desc()).limit(1)).one()

    def due(self, hours: int = 24):
        return self.ctx.clock.now() + timedelta(hours=hours)


@dataclass(frozen=True)
class TextField:
    name: str
    write: Callable[[World, str], Any]
    read: Callable[[World, Any], str]
    limit: int | None = None
    validated: bool = False

    def __str__(self) -> str:
        return self.name


def _lead(w: World, **fields) -> int:
    fields.setdefault("name", "Hostile lead")
    return create_lead(w.ctx, w.anna, LeadDraft(**fields))


def _lead_field(field: str) -> Callable[[World, Any], str]:
    return lambda w, lead_id: w.value(getattr(Lead, field), Lead.id == lead_id)


def _edit_lead(field: str) -> Callable[[World, str], int]:
    def write(w: World, text: str) -> int:
        update_lead(w.ctx, w.anna, w.lead_id, **{field: text})
        return w.lead_id
    return write


def _call(w: World, **fields) -> int:
    fields.setdefault("outcome", "no_answer")
    outcome = fields.pop("outcome")
    return log_call(w.ctx, w.anna, CallDraft(w.lead_id, "out", outcome, 60, **fields)).call_id


def _callback(w: World, note: str = "") -> int:
    return schedule_callback(w.ctx, w.anna, w.lead_id, w.due(), note=note)


def _call_review_note(w: World, text: str) -> int:
    review_call(w.ctx, w.head, w.call_id, ALL_DONE, note=text)
    return w.value(CallReview.id, CallReview.call_id == w.call_id)


def _review_item_note(w: World, text: str) -> int:
    review_call(w.ctx, w.head, w.call_id, {**ALL_DONE, "budget": "missed"}, item_notes={"budget": text})
    review_id = w.value(CallReview.id, CallReview.call_id == w.call_id)
    return w.value(CallReviewItem.id, CallReviewItem.review_id == review_id, CallReviewItem.item_key == "budget")


def _fix_done_note(w: World, text: str) -> int:
    lead_id = _lead(w)
    send_fix_list(w.ctx, w.head, w.anna.id, [lead_id])
    review_id = w.value(LeadReview.id, LeadReview.lead_id == lead_id)
    complete_action(w.ctx, w.anna, review_id, comment=text)
    return w.value(FixListItem.id, FixListItem.lead_review_id == review_id)


def _override_reason(w: World, text: str) -> int:
    lead_id = _lead(w, stage="closing", value=90_000)
    log_call(w.ctx, w.anna, CallDraft(lead_id, "out", "reached", 300, no_next_step_reason="signing today",
                                      objections=(ObjectionDraft("price", handled=False),)))
    move_stage(w.ctx, w.head, lead_id, "won", override_reason=text)
    return w.value(StageHistory.id, StageHistory.lead_id == lead_id, StageHistory.to_stage == "won")


def _recheck_note(w: World, text: str) -> int:
    lead_id = _lead(w)
    mark_junk(w.ctx, w.anna, lead_id, "spam")
    return record_recheck(w.ctx, w.head, lead_id, "confirmed", note=text)


def _script(name: str = "Hostile script", item: str = "Greet the client") -> ScriptDefinition:
    return ScriptDefinition(name=name, version=1, pass_mark=50.0, sections=(
        ScriptSection("opening", "Opening", 1.0, (ScriptItem("greet", item, 1.0),)),))


def _script_item(w: World, text: str) -> int:
    return save_script(w.ctx, w.head, _script(item=text))


def _contract(w: World, number: str = "", subject: str = "") -> int:
    today = w.ctx.clock.today()
    return create_contract(w.ctx, w.head, ContractDraft(
        number or f"H-{next(_numbers)}", w.client_id, today, Decimal("1000"), [(today, Decimal("1000"))], subject=subject))


def _dispute(w: World, text: str) -> int:
    today = w.ctx.clock.today()
    w.client_id = create_client(w.ctx, w.anna, ClientDraft("ООО Спор", f"77{next(_numbers):08d}"))
    create_contract(w.ctx, w.head, ContractDraft(f"D-{next(_numbers)}", w.client_id, today - timedelta(days=30),
                                                 Decimal("500"), [(today - timedelta(days=7), Decimal("500"))]))
    from salescockpit.services.reminders import run_reminders

    run_reminders(w.ctx, w.head, today)
    with w.ctx.db.read() as session:  # the newest task: the overdue instalment's
        task_id = session.scalars(select(ClientTask.id).where(ClientTask.client_id == w.client_id)
                                  .order_by(ClientTask.id.desc()).limit(1)).one()
    return record_reminder_outcome(w.ctx, w.anna, OutcomeDraft(task_id, "dispute", note=text))


def _dispute_resolution(w: World, text: str) -> int:
    _dispute(w, "акт не подписан")
    return resolve_dispute(w.ctx, w.head, w.client_id, text)


def _transcript_line(w: World, text: str) -> int:
    import_transcript_text(w.ctx, w.head, w.call_id, f"1\n00:00:01,000 --> 00:00:02,000\n{text}\n", "call.srt")
    return w.call_id


def _acknowledgement(w: World, text: str) -> int:
    """A lead changed behind the program's back, then written to: its broken seal, acknowledged."""
    lead_id = _lead(w)
    with w.ctx.db.engine.begin() as connection:
        connection.execute(update(Lead).where(Lead.id == lead_id).values(company="changed behind the back"))
    update_lead(w.ctx, w.anna, lead_id, company="Ромашка")
    with w.ctx.db.read() as session:
        broken = session.scalars(select(AuditEntry.id).where(AuditEntry.action == BROKEN, AuditEntry.entity_id == lead_id)
                                 ).one()
    acknowledge_broken_seal(w.ctx, w.head, broken, text)
    return broken


def _read_acknowledgement(w: World, broken: int) -> str:
    return w.value(AuditEntry.new, AuditEntry.action == ACKNOWLEDGED, AuditEntry.entity_id == broken)


def _read_item_text(w: World, script_id: int) -> str:
    return load_script(w.ctx, script_id).sections[0].items[0].text


FIELDS: tuple[TextField, ...] = (
    # Leads: the form, the import and a referral all go through create_lead / update_lead.
    TextField("lead.name", lambda w, t: _lead(w, name=t), _lead_field("name"), limit=300),
    TextField("lead.company", lambda w, t: _lead(w, company=t), _lead_field("company"), limit=300),
    TextField("lead.source", lambda w, t: _lead(w, source=t), _lead_field("source"), limit=64),
    TextField("lead.name edited", _edit_lead("name"), _lead_field("name"), limit=300),
    TextField("lead.company edited", _edit_lead("company"), _lead_field("company"), limit=300),
    TextField("lead.phone", lambda w, t: _lead(w, phone=t), _lead_field("phone"), validated=True),
    TextField("lead.email", lambda w, t: _lead(w, email=t), _lead_field("email"), validated=True),
    # Calls: the call form.
    TextField("call.notes", lambda w, t: _call(w, notes=t), lambda w, k: w.value(Call.notes, Call.id == k)),
    TextField("call.no_next_step_reason", lambda w, t: _call(w, outcome="reached", no_next_step_reason=t),
              lambda w, k: w.audit_new("call", k, "").split("; no next step: ", 1)[1]),
    TextField("call.objection_answer",
              lambda w, t: _call(w, objections=(ObjectionDraft("price", True, answer=t),)),
              lambda w, k: w.value(CallObjection.answer, CallObjection.call_id == k), limit=2000),
    TextField("call.recording_ref", lambda w, t: _call(w, recording_ref=t),
              lambda w, k: w.value(Call.recording_ref, Call.id == k), limit=1000),
    # Callbacks.
    TextField("callback.note", lambda w, t: _callback(w, t), lambda w, k: w.value(Callback.note, Callback.id == k),
              limit=2000),
    TextField("callback.reschedule_reason",
              lambda w, t: reschedule_callback(w.ctx, w.anna, _callback(w), w.due(48), t),
              lambda w, k: w.audit_new("callback", k, "reason")),
    TextField("callback.cancel_reason",
              lambda w, t: (cancel_callback(w.ctx, w.anna, key := _callback(w), t), key)[1],
              lambda w, k: w.audit_new("callback", k, "reason")),
    # The head's reviews, verdicts, fix lists, re-checks and marks.
    TextField("call_review.note", _call_review_note, lambda w, k: w.value(CallReview.note, CallReview.id == k)),
    TextField("call_review.item_note", _review_item_note,
              lambda w, k: w.value(CallReviewItem.note, CallReviewItem.id == k), limit=2000),
    TextField("lead_review.action_text", lambda w, t: record_lead_review(w.ctx, w.head, w.lead_id, "action", t),
              lambda w, k: w.value(LeadReview.action_text, LeadReview.id == k), limit=2000),
    TextField("fix_list.done_comment", _fix_done_note,
              lambda w, k: w.value(FixListItem.done_note, FixListItem.id == k), limit=2000),
    TextField("stage.override_reason", _override_reason,
              lambda w, k: w.value(StageHistory.override_reason, StageHistory.id == k), limit=2000),
    TextField("recheck.note", _recheck_note, lambda w, k: w.value(Recheck.note, Recheck.id == k), limit=1900),
    TextField("review_mark.note", lambda w, t: add_mark(w.ctx, w.head, w.call_id, 1.5, note=t).id,
              lambda w, k: w.value(ReviewMark.note, ReviewMark.id == k), limit=2000),
    # People, catalogs and scripts.
    TextField("user.display_name", lambda w, t: add_user(w.ctx, f"user{next(_numbers)}", t, "manager", w.head).login,
              lambda w, k: w.value(User.display_name, User.login == k), limit=200),
    TextField("objection_type.label", lambda w, t: add_objection_type(w.ctx, w.head, f"type{next(_numbers)}", t),
              lambda w, k: w.value(ObjectionType.label, ObjectionType.id == k), limit=200),
    TextField("objection_type.phrase",
              lambda w, t: add_objection_type(w.ctx, w.head, f"type{next(_numbers)}", f"Hostile {next(_numbers)}", [t]),
              lambda w, k: w.value(ObjectionType.phrases, ObjectionType.id == k), limit=200),
    TextField("script.name", lambda w, t: save_script(w.ctx, w.head, _script(name=t)),
              lambda w, k: load_script(w.ctx, k).name, limit=200),
    TextField("script.item", _script_item, _read_item_text),
    # Listening and the audit: a transcript file's lines, a broken seal's acknowledgement.
    TextField("transcript.line", _transcript_line,
              lambda w, k: w.value(TranscriptLineRow.text, TranscriptLineRow.call_id == k)),
    TextField("seal.acknowledgement_reason", _acknowledgement, _read_acknowledgement),
    # Money: clients, contracts, payments, disputes, campaigns.
    TextField("client.name", lambda w, t: create_client(w.ctx, w.anna, ClientDraft(t, "7707083893")),
              lambda w, k: w.value(Client.name, Client.id == k), limit=300),
    TextField("client.phone", lambda w, t: create_client(w.ctx, w.anna, ClientDraft("ООО Тест", "7707083893", phone=t)),
              lambda w, k: "", validated=True),
    TextField("client.inn", lambda w, t: create_client(w.ctx, w.anna, ClientDraft("ООО Тест", t)),
              lambda w, k: w.value(Client.inn, Client.id == k), validated=True),
    TextField("contract.number", lambda w, t: _contract(w, number=t),
              lambda w, k: w.value(Contract.number, Contract.id == k), limit=64),
    TextField("contract.subject", lambda w, t: _contract(w, subject=t),
              lambda w, k: w.value(Contract.subject, Contract.id == k), limit=500),
    TextField("payment.reference", lambda w, t: record_payment(w.ctx, w.head, HandPayment(
                  w.contract_id, w.ctx.clock.today(), Decimal("10"), reference=t)),
              lambda w, k: w.value(Payment.reference, Payment.id == k), limit=64),
    TextField("dispute.note", _dispute, lambda w, k: w.value(ClientDispute.note, ClientDispute.id == k)),
    TextField("dispute.resolution_note", _dispute_resolution,
              lambda w, k: w.value(ClientDispute.resolution_note, ClientDispute.id == k)),
    TextField("campaign.name", lambda w, t: add_campaign(w.ctx, w.head, CampaignDraft(
                  t, "upsell", w.ctx.clock.today())).campaign_id,
              lambda w, k: w.value(Campaign.name, Campaign.id == k), limit=200),
    TextField("campaign.product", lambda w, t: add_campaign(w.ctx, w.head, CampaignDraft(
                  f"Hostile campaign {next(_numbers)}", "upsell", w.ctx.clock.today(), product=t)).campaign_id,
              lambda w, k: w.value(Campaign.filter_text, Campaign.id == k).split("product=", 1)[1], limit=500),
)
