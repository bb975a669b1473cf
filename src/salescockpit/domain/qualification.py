"""Qualifying leads: BANT answers, junk and lost reasons, and the head's re-check of junk.

Managers call most leads "junk"; on re-check far fewer are. Every lead marked junk or
disqualified (or lost as "not a real lead") goes to the head for a re-check, and the share
of re-checks that returned the lead to the pipeline is the manager's false-junk rate.
Reason labels are English and translated at display (`junk_reason_label`, `lost_reason_label`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from salescockpit.i18n import N_, _


@dataclass(frozen=True)
class Bant:
    """The four qualification questions; None = not asked or not known yet."""

    budget: bool | None = None
    authority: bool | None = None
    need: bool | None = None
    timing: bool | None = None

    def answered(self) -> bool:
        """True when all four questions have an answer (yes or no)."""
        return None not in (self.budget, self.authority, self.need, self.timing)

    def unanswered(self) -> tuple[str, ...]:
        """The names of the questions still without an answer, in BANT order."""
        answers = {"budget": self.budget, "authority": self.authority, "need": self.need, "timing": self.timing}
        return tuple(name for name, answer in answers.items() if answer is None)

    def is_hot(self) -> bool:
        """Motivated, with budget and authority: the lead takes the fast track to personal contact."""
        return self.budget is True and self.authority is True and self.need is True


JUNK_REASONS: tuple[tuple[str, str], ...] = (
    ("not_a_real_lead", N_("Not a real lead")),
    ("wrong_contact", N_("Wrong or fake contact")),
    ("duplicate", N_("Duplicate")),
    ("no_need", N_("No need")),
    ("no_budget", N_("No budget")),
    ("out_of_area", N_("Outside our market")),
    ("spam", N_("Spam / test")),
    ("other", N_("Other")),
)

LOST_REASONS: tuple[tuple[str, str], ...] = (
    ("price", N_("Price")),
    ("competitor", N_("Chose a competitor")),
    ("no_budget", N_("No budget")),
    ("no_decision", N_("No decision")),
    ("timing", N_("Bad timing")),
    ("no_response", N_("No response")),
    ("not_a_real_lead", N_("Not a real lead")),
    ("other", N_("Other")),
)

NOT_A_REAL_LEAD = "not_a_real_lead"
RECHECK_STATUSES = frozenset({"junk", "disqualified"})


def _label(reasons: tuple[tuple[str, str], ...], key: str) -> str:
    for reason_key, label in reasons:
        if reason_key == key:
            return _(label)
    return key


def junk_reason_label(key: str) -> str:
    """The translated label of a junk reason (an unknown key is shown as is)."""
    return _label(JUNK_REASONS, key)


def lost_reason_label(key: str) -> str:
    """The translated label of a lost reason (an unknown key is shown as is)."""
    return _label(LOST_REASONS, key)


def is_junk_reason(key: str) -> bool:
    return any(reason_key == key for reason_key, _label_text in JUNK_REASONS)


def is_lost_reason(key: str) -> bool:
    return any(reason_key == key for reason_key, _label_text in LOST_REASONS)


class RecheckVerdict(StrEnum):
    """The head's decision on a lead a manager wrote off."""

    CONFIRMED = "confirmed"
    RETURNED = "returned"

    @property
    def label(self) -> str:
        return _("Junk confirmed") if self is RecheckVerdict.CONFIRMED else _("Returned to the pipeline")


def false_junk_rate(confirmed: int, returned: int) -> float | None:
    """Share of re-checks that returned the lead (0.0-1.0); None when nothing was re-checked."""
    if confirmed < 0 or returned < 0:
        raise ValueError("counts cannot be negative")
    total = confirmed + returned
    return None if total == 0 else returned / total


def needs_recheck(qualification_status: str, lost_reason: str | None) -> bool:
    """Whether the head must re-check the lead: junk or disqualified, or lost as not a real lead."""
    return qualification_status in RECHECK_STATUSES or lost_reason == NOT_A_REAL_LEAD
