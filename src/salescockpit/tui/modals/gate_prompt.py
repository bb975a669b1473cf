"""Stage moves: pick where a lead goes, and give what its stage gate asks for.

`GatePrompt` shows why a move was refused and asks only for the missing pieces: the lost
reason, the disqualify reason, the deal value, the BANT answers, and (for the head, when the
problem may be overridden) the override reason. It returns `GateAnswers`; the flow retries
the move with them. `StagePicker` chooses any stage the lead may move to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...domain.qualification import JUNK_REASONS, LOST_REASONS
from ...i18n import N_, _

#: The BANT questions in order: (answer key, label).
BANT_QUESTIONS = (
    ("budget", N_("Budget")),
    ("authority", N_("Authority (decision maker)")),
    ("need", N_("Need")),
    ("timing", N_("Timing")),
)
#: Gate problem fields this prompt can fill in.
FILLABLE = frozenset({"lost_reason", "disqualify_reason", "value", "bant"})


class ProblemLike(Protocol):
    """A `domain.pipeline.GateProblem`."""

    field: str
    message: str
    overridable: bool


@dataclass(frozen=True)
class GateAnswers:
    """What the user gave for a refused move (None = not asked)."""

    lost_reason: str | None = None
    disqualify_reason: str | None = None
    value: int | None = None
    bant: Mapping[str, bool] | None = None
    override_reason: str | None = None

    def merged(self, later: GateAnswers) -> GateAnswers:
        """These answers updated with ``later``'s non-empty ones (for a second refusal)."""
        return GateAnswers(
            lost_reason=later.lost_reason or self.lost_reason,
            disqualify_reason=later.disqualify_reason or self.disqualify_reason,
            value=later.value if later.value is not None else self.value,
            bant={**(self.bant or {}), **(later.bant or {})} or None,
            override_reason=later.override_reason or self.override_reason,
        )


def can_answer(problems: Sequence[ProblemLike], *, can_override: bool) -> bool:
    """Whether the prompt can resolve every problem (a disallowed move or a manager's override cannot)."""
    return bool(problems) and all(
        problem.field in FILLABLE or (problem.overridable and can_override) for problem in problems
    )


class GatePrompt(ModalScreen[GateAnswers | None]):
    """Asks for what the gate of a move to ``target_label`` misses."""

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("ctrl+s", "submit", _("Move"), id="gate.submit", tooltip=_("Retry the move with these answers"),
                priority=True),
        Binding("escape", "cancel", _("Cancel"), id="gate.cancel", tooltip=_("Leave the lead where it is")),
    ]

    def __init__(
        self,
        problems: Sequence[ProblemLike],
        *,
        target_label: str,
        can_override: bool,
        bant: Mapping[str, bool | None] | None = None,
    ) -> None:
        super().__init__()
        self.problems = tuple(problems)
        self.target_label = target_label
        self.can_override = can_override
        self.bant = dict(bant or {})
        self.fields = {problem.field for problem in self.problems}
        self.overridable = [problem for problem in self.problems if problem.overridable]

    def compose(self) -> ComposeResult:
        with Vertical(id="gate-box", classes="form-box medium"):
            yield Static(Content(_("Move to {stage}: the stage gate asks for more").format(stage=self.target_label)),
                         classes="title")
            for problem in self.problems:
                yield Static(Content("• " + problem.message), classes="gate-problem")
            if "lost_reason" in self.fields:
                yield from _choice_row(_("Lost because"), "lost-reason", LOST_REASONS)
            if "disqualify_reason" in self.fields:
                yield from _choice_row(_("Disqualified"), "disqualify-reason", JUNK_REASONS)
            if "value" in self.fields:
                with Horizontal(classes="form-row"):
                    yield Label(_("Deal value"), classes="form-label")
                    yield Input(placeholder=_("whole amount, e.g. 250000"), compact=True, id="deal-value",
                                restrict=r"[0-9 ]*")
            if "bant" in self.fields:
                for key, label in BANT_QUESTIONS:
                    known = self.bant.get(key)
                    options = [(_("yes"), "yes"), (_("no"), "no")]
                    value = Select.NULL if known is None else ("yes" if known else "no")
                    with Horizontal(classes="form-row"):
                        yield Label(_(label), classes="form-label wide")
                        yield Select(options, value=value, prompt=_("unknown"), compact=True, id=f"bant-{key}")
            if self.overridable and self.can_override:
                with Horizontal(classes="form-row"):
                    yield Label(_("Override"), classes="form-label")
                    yield Input(placeholder=_("why the head overrides this"), compact=True, id="override-reason")
            yield Static("", id="gate-error", classes="field-error")
            yield Static(_("ctrl+s move · esc cancel"), classes="form-keys")

    def on_mount(self) -> None:
        self.query_one("#gate-error").display = False
        focusable = self.query("Select, Input").first()
        focusable.focus()

    def read(self) -> tuple[GateAnswers | None, str]:
        """(the answers, "") when everything asked for is given; else (None, what is missing)."""
        lost = self._choice("#lost-reason") if "lost_reason" in self.fields else None
        if "lost_reason" in self.fields and lost is None:
            return None, _("Choose why the lead was lost.")
        junk = self._choice("#disqualify-reason") if "disqualify_reason" in self.fields else None
        if "disqualify_reason" in self.fields and junk is None:
            return None, _("Choose why the lead is disqualified.")
        value = None
        if "value" in self.fields:
            digits = self.query_one("#deal-value", Input).value.replace(" ", "")
            if not digits.isdigit() or int(digits) <= 0:
                return None, _("Give the deal value as a whole amount above zero.")
            value = int(digits)
        bant = None
        if "bant" in self.fields:
            bant = {}
            for key, label in BANT_QUESTIONS:
                answer = self._choice(f"#bant-{key}")
                if answer is None:
                    return None, _("Answer {question}: yes or no.").format(question=_(label))
                bant[key] = answer == "yes"
        override = None
        if self.overridable and self.can_override:
            override = self.query_one("#override-reason", Input).value.strip()
            if not override:
                return None, _("Say why you override this (it is kept in the lead's history).")
        answers = GateAnswers(lost_reason=lost, disqualify_reason=junk, value=value, bant=bant,
                              override_reason=override)
        return answers, ""

    def _choice(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return None if value is Select.NULL else str(value)

    def action_submit(self) -> None:
        answers, missing = self.read()
        error = self.query_one("#gate-error", Static)
        error.update(Content(missing))
        error.display = bool(missing)
        if answers is not None:
            self.dismiss(answers)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _choice_row(label: str, select_id: str, reasons: tuple[tuple[str, str], ...]) -> ComposeResult:
    with Horizontal(classes="form-row"):
        yield Label(label, classes="form-label")
        yield Select([(_(text), key) for key, text in reasons], prompt=_("choose…"), compact=True, id=select_id)


class StagePicker(ModalScreen[str | None]):
    """Choose the stage to move a lead to (the stages it may move to, with their labels)."""

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="stage_picker.cancel", tooltip=_("Leave the lead where it is")),
    ]

    def __init__(self, stages: Sequence[tuple[str, str]], *, current_label: str) -> None:
        super().__init__()
        self.stages = tuple(stages)
        self.current_label = current_label

    def compose(self) -> ComposeResult:
        with Vertical(id="stage-picker-box", classes="form-box small"):
            yield Static(Content(_("Move from {stage} to…").format(stage=self.current_label)), classes="title")
            yield OptionList(*(Option(Content(label), id=key) for key, label in self.stages),
                             id="stage-choices", classes="form-choices")
            yield Static(_("enter move · esc cancel"), classes="form-keys")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
