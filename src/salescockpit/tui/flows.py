"""Flows the app and several screens share: log a call, find a lead, move a lead through a gate.

A flow looks up what a form needs in a thread worker, opens the form, and saves what it
returns with one service call in a worker; every store call happens off the UI thread. After
a write it notifies the user and posts `DataChanged` to the app so screens can refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.worker import Worker

from ..i18n import _
from .messages import DataChanged
from .screens.base import error_text

if TYPE_CHECKING:
    from textual.app import App

    from ..services.calls import LoggedCall
    from ..services.stages import StageMove
    from .cockpit import Cockpit
    from .drafts import DraftFile
    from .modals.gate_prompt import GateAnswers
    from .modals.log_call import CallFormSetup, CallFormValues


def in_thread(
    app: App,
    fn: Callable[..., Any],
    *args: Any,
    then: Callable[[Any], None],
    failed: Callable[[BaseException], None] | None = None,
) -> Worker:
    """Run ``fn(app.cockpit, *args)`` in a thread worker of the app; ``then``/``failed`` on the UI thread.

    Without ``failed``, an error becomes an error notification with its readable message; so does
    an error raised by ``then`` or ``failed`` themselves (it never ends the app, nor goes unsaid).
    """
    cockpit = app.cockpit  # type: ignore[attr-defined]
    notify = _notify_failure(app)

    def guarded(callback: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(value: Any) -> None:
            try:
                callback(value)
            except Exception as error:  # noqa: BLE001 - shown to the user in words, kept in the log
                app.log.error(f"{callback!r} failed: {error!r}")
                notify(error)

        return run

    def job() -> None:
        try:
            result = fn(cockpit, *args)
        except Exception as error:  # noqa: BLE001 - shown to the user in words
            app.log.error(repr(error))
            app.call_from_thread(guarded(failed or notify), error)
        else:
            app.call_from_thread(guarded(then), result)

    return app.run_worker(job, thread=True, group="flows", exit_on_error=False)


def _notify_failure(app: App) -> Callable[[BaseException], None]:
    def notify(error: BaseException) -> None:
        app.notify(error_text(error), title=_("Not done"), severity="error", timeout=8)

    return notify


# Log a call -------------------------------------------------------------------------


def call_form_setup(app: App, catalog: tuple[tuple[str, str], ...]) -> CallFormSetup:
    """The call form's rules and lookups: the service's outcomes, draft and `validate_call`."""
    from ..services.calls import OUTCOMES, CallDraft, ObjectionDraft, log_call, outcome_label, validate_call
    from .modals.log_call import CallFormSetup

    cockpit = app.cockpit  # type: ignore[attr-defined]
    clock = cockpit.clock
    known_types = {key for key, _label in catalog}

    def build_draft(values: CallFormValues) -> CallDraft:
        return CallDraft(
            lead_id=values.lead_id,
            direction=values.direction,
            outcome=values.outcome,
            duration_seconds=values.duration_seconds,
            notes=values.notes,
            objections=tuple(ObjectionDraft(key, handled, answer) for key, handled, answer in values.objections),
            next_callback_at=values.next_callback_at,
            no_next_step_reason=values.no_next_step_reason.strip() or None,
            fulfils_callback_id=values.fulfils_callback_id,
            campaign_outcome=_campaign_outcome(values.campaign),
        )

    return CallFormSetup(
        clock=clock,
        outcomes=tuple((key, outcome_label(key)) for key in OUTCOMES),
        objection_catalog=catalog,
        build_draft=build_draft,
        check=lambda draft: validate_call(draft, clock.now(), known_types),
        find_leads=partial(_find_leads, cockpit),
        save=lambda draft: (draft.lead_id, log_call(cockpit.ctx, cockpit.actor, draft)),
        drafts=_draft_file(app),
        find_callback_to_settle=partial(_callback_to_settle, cockpit),
        working_hours=cockpit.settings.working_hours(),
        campaign_outcomes=_campaign_outcome_choices(),
        find_reminder=partial(_reminder_for_lead, cockpit),
        save_with_reminder=partial(_save_with_reminder, cockpit),
    )


def _campaign_outcome(value):
    """The service's `CampaignOutcome` from the form's campaign part (None: not a campaign call)."""
    from ..services.campaign_calls import CampaignOutcome, ReferralDraft

    if value is None or not value.outcome:
        return None  # no outcome chosen (nobody answered, another topic): the campaign call stays open
    referral = None
    if value.outcome == "referral":
        referral = ReferralDraft(value.referral_name, value.referral_phone, value.referral_company)
    return CampaignOutcome(value.task_id, value.outcome, referral)


def _campaign_outcome_choices() -> tuple[tuple[str, str], ...]:
    from ..services.campaign_calls import CAMPAIGN_OUTCOMES

    return tuple((key, _(label)) for key, label in CAMPAIGN_OUTCOMES.items())


def _reminder_for_lead(cockpit: Cockpit, lead_id: int):
    """The reminder call the lead's client owes today (the caller's own), or None."""
    from ..store.queries.reminders import reminder_for_lead

    with cockpit.ctx.db.read() as session:
        return reminder_for_lead(session, lead_id, cockpit.clock.today(), cockpit.settings.reminder_ladder,
                                 viewer=cockpit.actor)


def _save_with_reminder(cockpit: Cockpit, draft, outcome):
    """The call and the reminder's outcome in one write (a dispute's note is the call's notes)."""
    from ..services.reminder_outcomes import OutcomeDraft, log_reminder_call

    logged, _made = log_reminder_call(cockpit.ctx, cockpit.actor, draft, OutcomeDraft(
        outcome.task_id, outcome.outcome, note=draft.notes or "", promised_amount=outcome.promised_amount,
        promised_for=outcome.promised_for))
    return draft.lead_id, logged


def _callback_to_settle(cockpit: Cockpit, lead_id: int):
    """The lead's earliest open callback due by the end of today, owed by its owner (or None)."""
    from ..clock import local_day_bounds
    from ..store.queries.callbacks import callback_to_settle

    end_of_today = local_day_bounds(cockpit.clock.today(), cockpit.clock.tz)[1]
    with cockpit.ctx.db.read() as session:
        return callback_to_settle(session, lead_id, before=end_of_today, viewer=cockpit.actor)


def _draft_file(app: App) -> DraftFile | None:
    """Where this user's unsaved call is kept for this database (None: the app keeps no drafts)."""
    from .drafts import DraftFile, database_key

    directory = getattr(app, "drafts_dir", None)
    if directory is None:
        return None
    return DraftFile(directory, app.login, database_key(app.db_target))  # type: ignore[attr-defined]


def _find_leads(cockpit: Cockpit, text: str):
    from ..store.queries.leads import find_leads

    owner_id = None if cockpit.is_head else cockpit.actor.id
    with cockpit.ctx.db.read() as session:
        return find_leads(session, text, owner_id=owner_id, viewer=cockpit.actor)


def _call_form_data(cockpit: Cockpit, lead_id: int | None):
    from ..services.errors import NotFound
    from ..store.queries.campaigns import campaign_call_for_lead
    from ..store.queries.lead_card import objection_catalog
    from ..store.queries.leads import lead_match

    owner_id = None if cockpit.is_head else cockpit.actor.id
    with cockpit.ctx.db.read() as session:
        catalog = objection_catalog(session)
        match = campaign_call = None
        if lead_id is not None:
            match = lead_match(session, lead_id, owner_id=owner_id, viewer=cockpit.actor)
            if match is None:
                raise NotFound(_("Lead #{id} does not exist or belongs to another manager.").format(id=lead_id))
            campaign_call = campaign_call_for_lead(session, lead_id, viewer=cockpit.actor)
        return catalog, match, campaign_call


def campaign_task_text(call) -> str:
    """ "«Campaign»: purpose, Client" for the call form's campaign part."""
    from ..services.campaigns import PURPOSES

    return _("«{campaign}»: {purpose}, {client}").format(
        campaign=call.campaign_name, purpose=_(PURPOSES.get(call.purpose, call.purpose)), client=call.client_name)


def log_call_flow(
    app: App,
    lead_id: int | None,
    *,
    fulfils_callback_id: int | None = None,
    fulfils_text: str = "",
    on_saved: Callable[[LoggedCall], None] | None = None,
    campaign_task: Any = None,
) -> None:
    """Open the call form (for ``lead_id``, or with a lead search) and save it in one transaction."""
    from .modals.log_call import LogCallForm

    if getattr(app, "cockpit", None) is None or isinstance(app.screen, LogCallForm):
        return

    def open_form(data) -> None:
        from .widgets.campaign_outcome_field import CampaignTaskLike

        catalog, match, campaign_call = data
        task = campaign_task
        if task is None and campaign_call is not None:  # the lead's client has a campaign call open
            task = CampaignTaskLike(campaign_call.task_id, campaign_task_text(campaign_call))
        form = LogCallForm(
            call_form_setup(app, catalog),
            lead_id=lead_id,
            lead_label=match.label if match is not None else "",
            fulfils_callback_id=fulfils_callback_id,
            fulfils_text=fulfils_text,
            campaign_task=task,
        )
        app.push_screen(form, saved)

    def saved(outcome: tuple[int, LoggedCall] | None) -> None:
        if outcome is None:
            return
        saved_lead_id, result = outcome
        message = _("Call logged.")
        if result.callback_id is not None:
            message += " " + _("Next callback scheduled.")
        if getattr(result, "referral_lead_id", None) is not None:
            message += " " + _("The referral is lead #{id}.").format(id=result.referral_lead_id)
        app.notify(message, title=_("Saved"))
        app.post_message(DataChanged(saved_lead_id))
        if on_saved is not None:
            on_saved(result)

    in_thread(app, _call_form_data, lead_id, then=open_form)


# Find a lead ----------------------------------------------------------------------------


def find_lead_flow(app: App) -> None:
    """Search leads by name, company, phone or e-mail and open the chosen lead's card."""
    from .modals.find_lead import FindLeadForm

    if getattr(app, "cockpit", None) is None or isinstance(app.screen, FindLeadForm):
        return

    def chosen(lead_id: int | None) -> None:
        if lead_id is not None:
            app.open_lead(lead_id)  # type: ignore[attr-defined]

    app.push_screen(FindLeadForm(partial(_find_leads, app.cockpit)), chosen)  # type: ignore[attr-defined]


# Move a lead through a stage gate ---------------------------------------------------------


def _move(cockpit: Cockpit, lead_id: int, to_stage: str, answers: GateAnswers | None):
    from ..services.stages import move_stage

    extra: dict[str, Any] = {}
    if answers is not None:
        extra = {
            "lost_reason": answers.lost_reason,
            "disqualify_reason": answers.disqualify_reason,
            "value": answers.value,
            "bant": dict(answers.bant) if answers.bant else None,
            "override_reason": answers.override_reason,
        }
    return move_stage(cockpit.ctx, cockpit.actor, lead_id, to_stage, **extra)


def move_lead_flow(
    app: App,
    lead_id: int,
    to_stage: str,
    *,
    bant: dict[str, bool | None] | None = None,
    on_moved: Callable[[StageMove], None] | None = None,
) -> None:
    """Move the lead to ``to_stage``; when a gate refuses, ask for what it misses and try again.

    A refusal the user cannot answer (a move that is not allowed, or an override a manager
    may not give) is shown in words. ``bant`` pre-fills the BANT answers the card already knows.
    """
    from ..services.errors import GateRefused
    from .modals.gate_prompt import GatePrompt, can_answer

    cockpit = app.cockpit  # type: ignore[attr-defined]
    target_label = cockpit.settings.pipeline.label(to_stage)

    def attempt(answers: GateAnswers | None) -> None:
        in_thread(app, _move, lead_id, to_stage, answers, then=moved, failed=lambda error: refused(error, answers))

    def moved(move: StageMove) -> None:
        app.notify(_("Moved to {stage}.").format(stage=target_label), title=_("Saved"))
        app.post_message(DataChanged(lead_id))
        if on_moved is not None:
            on_moved(move)

    def refused(error: BaseException, given: GateAnswers | None) -> None:
        if not isinstance(error, GateRefused) or not can_answer(error.problems, can_override=cockpit.is_head):
            app.notify(error_text(error), title=_("Not moved"), severity="error", timeout=10)
            return

        def answered(answers: GateAnswers | None) -> None:
            if answers is not None:
                attempt(given.merged(answers) if given is not None else answers)

        known = dict(bant or {})
        if given is not None and given.bant:
            known.update(given.bant)
        prompt = GatePrompt(error.problems, target_label=target_label, can_override=cockpit.is_head, bant=known)
        app.push_screen(prompt, answered)

    attempt(None)
