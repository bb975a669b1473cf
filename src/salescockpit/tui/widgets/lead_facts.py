"""The facts column of the lead card: every contact, stage and days in it, owner, value, BANT, callbacks.

Display only: `facts_content` turns a `store.queries.lead_card.LeadCard` into text with the
labels and the clock the screen hands in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from textual.content import Content

from ...domain.callbacks import overdue_age_text
from ...domain.pipeline import days_in_stage
from ...domain.qualification import Bant, junk_reason_label, lost_reason_label
from ...i18n import N_, _, ngettext
from ...l10n import number
from .lead_timeline import BAD, GOOD, MUTED, WARN, when_text

_QUALIFICATION = {
    "unknown": N_("not qualified yet"),
    "qualified": N_("qualified"),
    "junk": N_("marked junk"),
    "disqualified": N_("disqualified"),
}
#: How an extra contact is labelled (the main phone and e-mail are just "Phone" and "E-mail").
_CONTACT_LABELS = {
    ("phone", "work"): N_("Work phone"), ("phone", "mobile"): N_("Mobile"), ("phone", "home"): N_("Home phone"),
    ("phone", "other"): N_("Other phone"), ("email", "work"): N_("Work e-mail"),
    ("email", "home"): N_("Private e-mail"), ("email", "other"): N_("Other e-mail"),
}
#: The kind of the main contact, shown after it when it is not a work one.
_LABEL_WORDS = {"mobile": N_("mobile"), "home": N_("home"), "other": N_("other")}
_BANT = (("budget", N_("Budget")), ("authority", N_("Authority")), ("need", N_("Need")), ("timing", N_("Timing")))


def _label(text: str) -> tuple[str, str]:
    return (f"{text:<15}", MUTED)


def _answer(value: bool | None) -> tuple[str, str]:
    if value is None:
        return (_("?"), WARN)
    return (_("yes"), GOOD) if value else (_("no"), BAD)


def contact_lines(card: Any) -> list[Content]:
    """One line per phone and e-mail: the main ones first (as "Phone", "E-mail"), then the others by kind."""
    lines: list[Content] = []
    contacts = list(getattr(card, "contacts", ()))
    for kind, main_label in (("phone", _("Phone")), ("email", _("E-mail"))):
        mine = [contact for contact in contacts if contact.kind == kind]
        if not mine:
            main_value = card.phone if kind == "phone" else card.email
            lines.append(Content.assemble(_label(main_label), main_value or "—"))
            continue
        main, *others = mine
        word = _LABEL_WORDS.get(main.label)
        lines.append(Content.assemble(_label(main_label), main.value, (f" · {_(word)}" if word else "", MUTED)))
        lines += [Content.assemble(_label(_(_CONTACT_LABELS[(kind, contact.label)])), contact.value)
                  for contact in others]
    return lines


def _imported_lines(card: Any) -> list[Content]:
    """What another CRM's export added: the subject, the person's position, tags and comment."""
    lines: list[Content] = []
    for name, text in ((_("Subject"), getattr(card, "subject", "")), (_("Position"), getattr(card, "job_title", "")),
                       (_("Tags"), getattr(card, "tags", ""))):
        if text:
            lines.append(Content.assemble(_label(name), text))
    comment = " · ".join(line.strip() for line in getattr(card, "comment", "").splitlines() if line.strip())
    if comment:  # one line: the facts column keeps its labels aligned
        lines.append(Content.assemble(_label(_("Comment")), (comment, MUTED)))
    return lines


def facts_content(
    card: Any,
    *,
    now: datetime,
    tz: ZoneInfo,
    stage_label: Callable[[str], str],
    stale: bool,
) -> Content:
    """The card's facts, one per line."""
    days = days_in_stage(card.stage_entered_at, now)
    stage_days = ngettext("{count} day in stage", "{count} days in stage", days).format(count=days)
    currency = getattr(card, "currency", "")
    value = number(card.value) + (f" {currency}" if currency else "") if card.value is not None else "—"
    lines = [
        *contact_lines(card),
        Content.assemble(_label(_("Source")), card.source or "—"),
        *([Content.assemble(_label(_("Referred by")), card.referred_by)] if getattr(card, "referred_by", "") else []),
        Content.assemble(_label(_("Owner")), card.owner_name),
        *_imported_lines(card),
        Content(""),
        Content.assemble(_label(_("Stage")), (stage_label(card.stage), "bold")),
        Content.assemble(_label(""), (stage_days, BAD if stale else MUTED), (f" · {_('stale')}" if stale else "", BAD)),
        Content.assemble(_label(_("Value")), value),
        Content.assemble(_label(_("Qualification")), _(_QUALIFICATION.get(card.qualification, card.qualification))),
    ]
    if card.junk_reason:
        lines.append(Content.assemble(_label(_("Junk reason")), (junk_reason_label(card.junk_reason), WARN)))
    if card.lost_reason:
        lines.append(Content.assemble(_label(_("Lost reason")), (lost_reason_label(card.lost_reason), WARN)))
    bant = Bant(card.bant_budget, card.bant_authority, card.bant_need, card.bant_timing)
    answers: list[Any] = []
    for key, name in _BANT:
        answers += [f"{_(name)} ", _answer(getattr(bant, key)), "  "]
    lines += [Content(""), Content.assemble((_("BANT"), "bold"), "  ", (_("hot") if bant.is_hot() else "", GOOD)),
              Content.assemble(*answers[:6]), Content.assemble(*answers[6:])]
    open_objections = card.open_objections
    if open_objections:
        names = ", ".join(dict.fromkeys(_(objection.label) for objection in open_objections))
        lines += [Content(""), Content.assemble((_("Open objections: "), BAD), names)]
    lines += [Content(""), Content.styled(_("Open callbacks"), "bold")]
    if not card.open_callbacks:
        lines.append(Content.styled(_("none: no next step agreed"), WARN))
    for callback in card.open_callbacks:
        late = overdue_age_text(callback.due_at, now)
        line = Content.assemble(when_text(callback.due_at, tz), (f"  {_('overdue')} {late}" if late else "", BAD))
        lines.append(line)
        if callback.note:
            lines.append(Content.styled("  " + callback.note, MUTED))
    return Content("\n").join(lines)
