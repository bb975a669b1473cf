"""The lead card: everything about one lead on one screen, and the keys that work it.

Left, the facts (contact, stage and days in it, owner, value, qualification, BANT, open
callbacks); right, the timeline newest first. Every store call runs in a worker; after each
write the card reloads and `DataChanged` goes to the app so other screens can refresh.

The screen is built once and kept (`card_screen_for`): opening a card again pushes the kept
screen, so no compose, mount or styling stands between the key and the frame. The same lead
shows what it showed at once and reloads behind that first paint (what is unchanged is not
drawn again); another lead starts from "Loading…".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Header, Static
from ..widgets.cockpit_footer import CockpitFooter

from ...domain.pipeline import PipelineError, is_stale
from ...i18n import _
from ..messages import DataChanged
from ..widgets.lead_facts import facts_content
from ..widgets.lead_timeline import LeadTimeline, TimelineLabels
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.lead_card import LeadCard
    from ..cockpit import Cockpit


def load_card(cockpit: Cockpit, lead_id: int) -> LeadCard:
    """The card as the logged-in user may see it (a manager: own leads only)."""
    from ...store.queries.lead_card import lead_card

    with cockpit.ctx.db.read() as session:
        return lead_card(session, lead_id, viewer_id=cockpit.actor.id, viewer_is_head=cockpit.is_head)


#: How many changes the trail box shows (the CLI pages further).
TRAIL_LIMIT = 200


def load_trail(cockpit: Cockpit, lead_id: int) -> list[tuple[str, str, str, str, str, str]]:
    """The lead's audit trail, newest first, as text (a manager: own leads only)."""
    from ...services.audit import read_trail, shown_rows

    rows = read_trail(cockpit.ctx, cockpit.actor, lead_id=lead_id, limit=TRAIL_LIMIT)
    return shown_rows(rows, cockpit.clock.tz)


def load_listening(cockpit: Cockpit, lead_id: int) -> tuple[dict[int, list[tuple[float, str]]], list[int]]:
    """The marks on the lead's calls (by call) and its calls with a recording, newest first."""
    from ...services.marks import lead_marks
    from ...services.recordings import lead_recordings

    marks = lead_marks(cockpit.ctx, cockpit.actor, lead_id)
    by_call = {call_id: [(mark.at_seconds, mark.target_key) for mark in found] for call_id, found in marks.items()}
    return by_call, lead_recordings(cockpit.ctx, cockpit.actor, lead_id)


def _schedule(cockpit: Cockpit, lead_id: int, due_at, note: str) -> int:
    from ...services.callbacks import schedule_callback

    return schedule_callback(cockpit.ctx, cockpit.actor, lead_id, due_at, note)


def _update(cockpit: Cockpit, lead_id: int, changes: dict[str, Any]) -> tuple[str, ...]:
    from ...services.leads import update_lead

    return update_lead(cockpit.ctx, cockpit.actor, lead_id, **changes)


#: The name the kept card screen is installed under (`App.install_screen`).
KEPT_SCREEN = "lead-card"


def card_screen_for(app: Any, lead_id: int) -> LeadCardScreen:
    """The kept card screen, set to ``lead_id``; built (and kept) the first time.

    When the kept screen is in use (on a screen stack: a card opened from a card, or left open
    in another mode), a fresh screen is built for this open instead.
    """
    if not app.is_screen_installed(KEPT_SCREEN):
        screen = LeadCardScreen(lead_id)
        app.install_screen(screen, KEPT_SCREEN)
        return screen
    kept = app.get_screen(KEPT_SCREEN)
    if _on_a_stack(app, kept):
        return LeadCardScreen(lead_id)
    kept.show_lead(lead_id)
    return kept


def _on_a_stack(app: Any, screen: Any) -> bool:
    # Textual keeps one stack per mode; App._replace_screen tests installed screens the same way.
    return any(screen in stack for stack in app._screen_stacks.values())


class LeadCardScreen(CockpitScreen):
    """One lead: its facts, its history, and c/b/e/h/l/m/v to work it; t shows its audit trail."""

    CSS_PATH = "../styles/lead_card.tcss"
    BINDINGS = [
        Binding("c", "log_call", _("Log call"), id="lead_card.log_call", tooltip=_("Log a call with this lead")),
        Binding("b", "schedule", _("Callback"), id="lead_card.schedule", tooltip=_("Schedule a callback")),
        Binding("e", "edit", _("Edit"), id="lead_card.edit", tooltip=_("Edit contact details, value and BANT")),
        Binding("h", "move(-1)", _("Stage ←"), id="lead_card.stage_back", tooltip=_("Move to the previous stage")),
        Binding("l", "move(1)", _("Stage →"), id="lead_card.stage_forward", tooltip=_("Move to the next stage")),
        Binding("m", "pick_stage", _("Move to…"), id="lead_card.move_to",
                tooltip=_("Move to any stage (lost, disqualified, nurture…)")),
        Binding("v", "review", _("Review call"), id="lead_card.review",
                tooltip=_("Review the latest call against its script")),
        Binding("p", "play", _("Play"), id="lead_card.play",
                tooltip=_("Play the latest recorded call (in its review screen)"), show=False),
        Binding("t", "trail", _("Trail"), id="lead_card.trail",
                tooltip=_("Who changed this lead, when, from what to what (the audit trail)"), show=False),
        Binding("r", "refresh", _("Refresh"), id="lead_card.refresh", tooltip=_("Reload the card"), show=False),
        Binding("q,escape", "back", _("Back"), id="lead_card.back", tooltip=_("Back to the previous screen")),
    ]

    def __init__(self, lead_id: int) -> None:
        super().__init__()
        self.lead_id = lead_id
        self.card: LeadCard | None = None
        self.marks: dict[int, list[tuple[float, str]]] = {}
        self.recorded: list[int] = []
        self._loading_lead: int | None = None  # the lead of the last load started
        self._shown: dict[str, Any] = {}  # what each part shows now (unchanged parts are not redrawn)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading lead #{id}…").format(id=self.lead_id), id="card-title", classes="title")
        with Horizontal(id="card-body"):
            with VerticalScroll(id="card-facts"):
                yield Static("", id="card-facts-text")
            with VerticalScroll(id="card-timeline"):
                yield Static(_("Timeline"), classes="card-section")
                yield LeadTimeline("", id="card-timeline-text")
        yield CockpitFooter()

    def on_mount(self) -> None:
        self.title = "salescockpit · " + _("Lead card")
        self.refresh_card()

    def show_lead(self, lead_id: int) -> None:
        """Make this kept screen the card of ``lead_id``, before it is pushed again.

        The same lead keeps what it shows (it reloads on resume); another starts from "Loading…".
        """
        if lead_id == self.lead_id and self.card is not None:
            return
        self.lead_id, self.card, self.marks, self.recorded = lead_id, None, {}, []
        self._shown = {}
        self.query_one("#card-title", Static).update(_("Loading lead #{id}…").format(id=lead_id))
        self.query_one("#card-facts-text", Static).update("")
        self.query_one(LeadTimeline).update("")
        for box in self.query(VerticalScroll):
            box.scroll_home(animate=False)

    # Loading ------------------------------------------------------------------------

    def refresh_card(self) -> None:
        self._loading_lead = self.lead_id
        self.in_worker(load_card, self.lead_id, then=self._show, failed=self._load_failed, group="card",
                       exclusive=True)

    def _show(self, card: LeadCard) -> None:
        if card.lead_id != self.lead_id:  # read for the lead this kept screen showed before
            return
        self.card = card
        self.refresh_bindings()  # the card's keys work now: the Footer shows them enabled
        cockpit = self.cockpit
        now, tz = cockpit.clock.now(), cockpit.clock.tz
        title = Content.assemble((card.name, "bold"), (f" · {card.company}" if card.company else "", "$text-muted"),
                                 (f"  #{card.lead_id}", "$text-muted"))
        self._update("#card-title", title)
        self._update("#card-facts-text",
                     facts_content(card, now=now, tz=tz, stage_label=self._stage_label, stale=self._stale(card)))
        self._show_timeline()
        lead_id = self.lead_id
        self.in_worker(load_listening, lead_id, then=lambda found: self._show_listening(lead_id, found),
                       group="card-listening", exclusive=True)

    def _update(self, selector: str, content: Content) -> None:
        """Show ``content`` in the Static ``selector``, unless it shows exactly that already."""
        shown = self._shown.get(selector)
        if shown is None or not shown.is_same(content):
            self._shown[selector] = content
            self.query_one(selector, Static).update(content)

    def _show_timeline(self) -> None:
        if self.card is None:
            return
        what = (self.card.timeline, self.marks, self.recorded)
        if self._shown.get("timeline") == what:
            return
        self._shown["timeline"] = what
        labels = TimelineLabels(self._stage_label, _outcome_labels(), marks=self.marks, recorded=self.recorded)
        self.query_one(LeadTimeline).show(self.card.timeline, self.cockpit.clock.tz, labels)

    def _show_listening(self, lead_id: int, found: tuple[dict[int, list[tuple[float, str]]], list[int]]) -> None:
        if lead_id != self.lead_id:
            return
        self.marks, self.recorded = found
        self.refresh_bindings()
        self._show_timeline()

    def _load_failed(self, error: BaseException) -> None:
        from .base import error_text

        self.card = None
        self._shown.pop("#card-title", None)
        self.query_one("#card-title", Static).update(Content(error_text(error)))
        self.notify(error_text(error), title=_("Cannot open the lead"), severity="error", timeout=8)

    def _stage_label(self, key: str) -> str:
        try:
            return self.cockpit.settings.pipeline.label(key)
        except PipelineError:
            return key

    def _stale(self, card: LeadCard) -> bool:
        try:
            return is_stale(self.cockpit.settings.pipeline, card.stage, card.stage_entered_at, self.cockpit.clock.now())
        except PipelineError:
            return False

    def on_data_changed(self, message: DataChanged) -> None:
        if message.lead_id in (None, self.lead_id):
            self.refresh_card()

    def _changed(self, *_args: Any) -> None:
        """After a write here: reload, and tell the rest of the app."""
        self.refresh_card()
        self.app.post_message(DataChanged(self.lead_id))

    # Actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"log_call", "schedule", "edit", "move", "pick_stage", "review", "trail"} and self.card is None:
            return None
        if action == "play" and not self.recorded:
            return False  # hidden: most leads have no recording
        return True

    def action_log_call(self) -> None:
        from ..flows import log_call_flow

        log_call_flow(self.app, self.lead_id, on_saved=lambda _result: self.refresh_card())

    def action_schedule(self) -> None:
        from ..modals.callback_forms import ScheduleCallbackForm

        def scheduled(answer) -> None:
            if answer is not None:
                self.in_worker(_schedule, self.lead_id, answer.due_at, answer.text, then=self._scheduled)

        form = ScheduleCallbackForm(self.cockpit.clock, lead_label=self.card.name,
                                    hours=self.cockpit.settings.working_hours())
        self.app.push_screen(form, scheduled)

    def _scheduled(self, _callback_id: int) -> None:
        self.notify(_("Callback scheduled."), title=_("Saved"))
        self._changed()

    def action_edit(self) -> None:
        from ..modals.edit_lead import EditLeadForm

        card = self.card
        current = {field: getattr(card, field) for field in (
            "name", "company", "phone", "email", "source", "value",
            "bant_budget", "bant_authority", "bant_need", "bant_timing")}

        def edited(changes: dict[str, Any] | None) -> None:
            if changes:
                self.in_worker(_update, self.lead_id, changes, then=self._edited)

        form = EditLeadForm(current, phone_region=self.cockpit.settings.phone_region)
        self.app.push_screen(form, edited)

    def _edited(self, changed: tuple[str, ...]) -> None:
        if changed:
            self.notify(_("Lead updated."), title=_("Saved"))
        self._changed()

    def action_move(self, step: int) -> None:
        pipeline = self.cockpit.settings.pipeline
        stage = self.card.stage
        try:
            target = pipeline.next_stage(stage) if step > 0 else pipeline.previous_stage(stage)
        except PipelineError:
            target = None
        if target is None:
            where = _("after") if step > 0 else _("before")
            self.notify(_("There is no stage {where} {stage} to move to; use m to choose one.").format(
                where=where, stage=self._stage_label(stage)), severity="warning")
            return
        self._move_to(target)

    def action_pick_stage(self) -> None:
        from ..modals.gate_prompt import StagePicker

        pipeline = self.cockpit.settings.pipeline
        stage = self.card.stage
        choices = [(key, pipeline.label(key)) for key in pipeline.keys if pipeline.can_move(stage, key)]
        if not choices:
            self.notify(_("This lead cannot move anywhere from {stage}.").format(stage=self._stage_label(stage)),
                        severity="warning")
            return

        def picked(target: str | None) -> None:
            if target is not None:
                self._move_to(target)

        self.app.push_screen(StagePicker(choices, current_label=self._stage_label(stage)), picked)

    def _move_to(self, target: str) -> None:
        from ..flows import move_lead_flow

        card = self.card
        bant = {"budget": card.bant_budget, "authority": card.bant_authority, "need": card.bant_need,
                "timing": card.bant_timing}
        move_lead_flow(self.app, self.lead_id, target, bant=bant, on_moved=lambda _move: self.refresh_card())

    def action_review(self) -> None:
        from .review_call import ReviewCallScreen

        call_id = self.card.latest_call_id
        if call_id is None:
            self.notify(_("No call has been logged with this lead yet."), severity="warning")
            return
        self.app.push_screen(ReviewCallScreen(call_id))

    def action_play(self) -> None:
        from .review_call import ReviewCallScreen

        if not self.recorded:
            self.notify(_("No call with this lead has a recording."), severity="warning")
            return
        self.app.push_screen(ReviewCallScreen(self.recorded[0], play=True))

    def action_trail(self) -> None:
        self.in_worker(load_trail, self.lead_id, then=self._show_trail, group="trail", exclusive=True)

    def _show_trail(self, rows: list[tuple[str, str, str, str, str, str]]) -> None:
        from ..modals.audit_trail import AuditTrailModal

        title = _("Changes to {name} (#{id})").format(name=self.card.name if self.card else "", id=self.lead_id)
        self.app.push_screen(AuditTrailModal(title, rows, limit=TRAIL_LIMIT))

    def on_screen_resume(self) -> None:
        """Back from the review screen or a form, or the kept screen opened again: show what may
        have changed meanwhile (or load the lead it was set to)."""
        if self.card is not None or self._loading_lead != self.lead_id:
            self.refresh_card()

    def action_refresh(self) -> None:
        self.refresh_card()

    def action_back(self) -> None:
        self.app.pop_screen()


def _outcome_labels() -> dict[str, str]:
    from ...services.calls import OUTCOMES, outcome_label

    return {key: outcome_label(key) for key in OUTCOMES}
