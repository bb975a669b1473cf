"""The Accounts mode's campaign keys: `n` starts a campaign (the head), `t` lists the campaign
calls owed (a manager: theirs) and `enter` on one logs the call with its outcome.

A mixin of `AccountsScreen`: every store call runs in its thread workers (`in_worker`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...i18n import _

if TYPE_CHECKING:
    from ..cockpit import Cockpit


def _draft(values):
    from ...services.campaigns import CampaignDraft

    return CampaignDraft(values.name, values.purpose, values.due_date, values.product, values.bought_before,
                         values.bought_after, values.manager_login)


def preview_campaign(cockpit: Cockpit, values):
    from ...services.campaigns import preview_campaign as preview

    return preview(cockpit.ctx, cockpit.actor, _draft(values))


def add_campaign(cockpit: Cockpit, values):
    from ...services.campaigns import add_campaign as add

    return add(cockpit.ctx, cockpit.actor, _draft(values))


def load_managers(cockpit: Cockpit):
    from ...store.queries.callbacks import team_members

    with cockpit.ctx.db.read() as session:
        return tuple((member.login, member.name) for member in team_members(session)
                     if member.role == "manager")


def load_campaign_calls(cockpit: Cockpit):
    """(the open campaign calls, every campaign counted), both as the viewer may see them."""
    from ...store.queries.campaigns import campaign_summaries, open_campaign_calls

    with cockpit.ctx.db.read() as session:
        return open_campaign_calls(session, viewer=cockpit.actor), campaign_summaries(session, viewer=cockpit.actor)


def outcome_label(outcome: str) -> str:
    from ...services.campaign_calls import CAMPAIGN_OUTCOMES

    return _(CAMPAIGN_OUTCOMES.get(outcome, outcome))


def purpose_label(purpose: str) -> str:
    from ...services.campaigns import PURPOSES

    return _(PURPOSES.get(purpose, purpose))


class CampaignKeys:
    """`action_new_campaign` and `action_campaign_calls` for a `CockpitScreen`."""

    def action_new_campaign(self: Any) -> None:
        if not self.cockpit.is_head:
            self.notify(_("Only the head of sales starts campaigns."), severity="warning")
            return
        self.in_worker(load_managers, then=self._open_campaign_form)

    def _open_campaign_form(self: Any, managers) -> None:
        from ...services.campaigns import PURPOSES
        from ..messages import DataChanged
        from ..modals.campaign_form import CampaignForm

        cockpit = self.cockpit

        def created(result) -> None:
            if result is None:
                return
            self.notify(_("Campaign created: {created} call task(s) for the managers.").format(created=result.created)
                        if not result.existed else
                        _("That campaign exists already: {created} new call task(s).").format(created=result.created))
            self.app.post_message(DataChanged())

        form = CampaignForm(purposes=[(key, _(label)) for key, label in PURPOSES.items()], managers=managers,
                            today=cockpit.clock.today(), preview=lambda values: preview_campaign(cockpit, values),
                            save=lambda values: add_campaign(cockpit, values))
        self.app.push_screen(form, created)

    def action_campaign_calls(self: Any) -> None:
        self.in_worker(load_campaign_calls, then=self._show_campaign_calls)

    def _show_campaign_calls(self: Any, loaded) -> None:
        from ..modals.campaign_calls import CampaignCallsList

        calls, summaries = loaded
        if not calls and not summaries:
            self.notify(_("No campaign call is waiting."), timeout=3)
            return
        self.app.push_screen(CampaignCallsList(calls, purpose_label=purpose_label, today=self.cockpit.clock.today(),
                                               summaries=summaries, outcome_label=outcome_label),
                             self._log_campaign_call)

    def _log_campaign_call(self: Any, call) -> None:
        from ..flows import campaign_task_text, log_call_flow
        from ..widgets.campaign_outcome_field import CampaignTaskLike

        if call is None:
            return
        if call.lead_id is None:
            self.notify(_("{client} was not made from a lead, so there is no lead to log the call on.").format(
                client=call.client_name), severity="warning")
            return
        task = CampaignTaskLike(call.task_id, campaign_task_text(call))
        log_call_flow(self.app, call.lead_id, campaign_task=task, on_saved=lambda _result: self.action_campaign_calls())
