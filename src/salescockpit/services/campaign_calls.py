"""A campaign call's outcome, logged with the call (`services.calls.log_call`, same transaction).

The outcome (interested, not now, refused, referral given) closes the client's campaign task:
status done, the outcome, the call. A referral becomes a new lead with source "referral", owned by
the task's manager and linked to the client that gave it (`leads.referred_by_client_id`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from salescockpit.i18n import N_, _
from salescockpit.store.client_task_tables import ClientTask
from salescockpit.store.money_tables import Client
from salescockpit.store.tables import Call, Lead

from .actor import Actor, require_owner_or_head
from .audit import record_changes
from .context import ServiceContext
from .errors import InvalidInput, NotFound
from .leads import LeadDraft, _insert_lead
from .lookups import blank

#: A campaign call's outcomes: key -> English label (translate with `_()`).
CAMPAIGN_OUTCOMES: dict[str, str] = {
    "interested": N_("interested"),
    "not_now": N_("not now"),
    "refused": N_("refused"),
    "referral": N_("referral given"),
}
REFERRAL_SOURCE = "referral"


@dataclass(frozen=True)
class ReferralDraft:
    """The person a client recommended: a name, and a phone or a company to reach them by."""

    name: str
    phone: str = ""
    company: str = ""


@dataclass(frozen=True)
class CampaignOutcome:
    """What a campaign call gave: the task it closes, the outcome, the referral when one was given."""

    task_id: int
    outcome: str
    referral: ReferralDraft | None = None


def validate_campaign_outcome(outcome: CampaignOutcome) -> dict[str, str]:
    """Everything wrong with ``outcome`` as {field: message} (the call form shows the same)."""
    errors: dict[str, str] = {}
    if outcome.outcome not in CAMPAIGN_OUTCOMES:
        errors["campaign_outcome"] = _("Choose what the campaign call gave.")
    elif outcome.outcome == "referral":
        referral = outcome.referral
        if referral is None or blank(referral.name):
            errors["referral"] = _("Give the recommended person's name.")
        elif blank(referral.phone) and blank(referral.company):
            errors["referral"] = _("Give the recommended person's phone or company.")
    return errors


def _open_task(session: Session, actor: Actor, call: Call, task_id: int) -> tuple[ClientTask, Client]:
    task = session.get(ClientTask, task_id) if isinstance(task_id, int) else None
    if task is None or task.campaign_id is None:
        raise NotFound(_("Campaign call #{id} does not exist.").format(id=task_id))
    require_owner_or_head(actor, task.manager_id, _("Campaign call #{id} is another manager's.").format(id=task_id))
    if task.status != "open":
        raise InvalidInput("campaign_outcome", _("That campaign call is already closed."))
    client = session.get(Client, task.client_id)
    if client is None or client.lead_id != call.lead_id:
        raise InvalidInput("campaign_outcome", _("That campaign call is for another client."))
    return task, client


def close_campaign_task(session: Session, ctx: ServiceContext, actor: Actor, call: Call, outcome: CampaignOutcome,
                        now: datetime) -> int | None:
    """Close the task with the call's outcome; return the referral lead's id when one was made."""
    errors = validate_campaign_outcome(outcome)
    if errors:
        raise InvalidInput.from_errors(errors)
    task, client = _open_task(session, actor, call, outcome.task_id)
    referral_lead_id = None
    if outcome.outcome == "referral":
        referral = outcome.referral
        draft = LeadDraft(name=referral.name, company=referral.company, phone=referral.phone or None,
                          source=REFERRAL_SOURCE, owner_id=task.manager_id, stage=ctx.pipeline.open_keys[0])
        try:
            referral_lead_id = _insert_lead(session, ctx, actor, draft, now)
        except InvalidInput as error:
            raise InvalidInput("referral", error.message) from error
        lead = session.get(Lead, referral_lead_id)
        lead.referred_by_client_id = client.id
        record_changes(session, actor, "lead.referral", "lead", referral_lead_id,
                       {"referred_by_client_id": (None, client.id)}, now)
    changes = {"status": (task.status, "done"), "outcome": (task.outcome, outcome.outcome),
               "call_id": (task.call_id, call.id)}
    task.status, task.outcome, task.call_id, task.done_at = "done", outcome.outcome, call.id, now
    if referral_lead_id is not None:
        task.note = f"lead #{referral_lead_id}"
        changes["note"] = ("", task.note)
    record_changes(session, actor, "client_task.done", "client_task", task.id, changes, now)
    return referral_lead_id
