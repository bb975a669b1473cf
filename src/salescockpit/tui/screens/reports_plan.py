"""The Reports mode's plan key: `p` asks a manager, a month and an amount (head of sales only),
saves it in a worker (`services.plans.set_plan`) and builds the report again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...i18n import _

if TYPE_CHECKING:
    from ..cockpit import Cockpit


def plan_managers(cockpit: Cockpit) -> list[tuple[str, str]]:
    """(login, name) of the active managers, for the plan form."""
    from ...store.queries.callbacks import team_members

    with cockpit.ctx.db.read() as session:
        return [(member.login, member.name) for member in team_members(session) if member.role == "manager"]


def save_plan(cockpit: Cockpit, draft) -> str:
    """Save the plan; the sentence that says so."""
    from ...l10n import money
    from ...services.plans import set_plan

    set_plan(cockpit.ctx, cockpit.actor, draft.login, draft.month_start, draft.amount)
    return _("Plan of {login} for {month}: {amount}.").format(
        login=draft.login, month=f"{draft.month_start:%Y-%m}", amount=money(draft.amount, cockpit.settings.currency))


class PlanKeys:
    """Mixed into the Reports screen (which has `day`, `cockpit`, `in_worker` and `reload`)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "set_plan":
            cockpit = getattr(self.app, "cockpit", None)
            return cockpit is not None and cockpit.is_head
        return True

    def action_set_plan(self) -> None:
        self.in_worker(plan_managers, then=self._ask_plan, group="plan")

    def _ask_plan(self, managers: list[tuple[str, str]]) -> None:
        from ..modals.plan_form import PlanForm

        month = (self.day or self.cockpit.clock.today()).replace(day=1)

        def chosen(draft) -> None:
            if draft is not None:
                self.in_worker(save_plan, draft, then=self._plan_saved, group="plan")

        self.app.push_screen(PlanForm(managers, month, self.cockpit.settings.currency), chosen)

    def _plan_saved(self, text: str) -> None:
        self.notify(text, title=_("Plan saved"))
        self.reload()
