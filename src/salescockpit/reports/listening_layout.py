"""The listening figures as tables for the Markdown and HTML reports (shown when there are any)."""

from __future__ import annotations

from salescockpit.i18n import _

from .figures import Report
from .layout import EMPTY, number_text


def listening_tables(report: Report) -> list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]]:
    """[(title, headers, rows)]: agreement per checklist item, talk ratio per manager."""
    tables = []
    agreement = report.listening.agreement
    if agreement:
        rows = [(entry.key, str(entry.suggested), str(entry.kept),
                 EMPTY if entry.rate is None else f"{number_text(entry.rate)}%") for entry in agreement]
        tables.append((_("Suggestions kept by the head"),
                       (_("Checklist item"), _("Suggested"), _("Kept"), _("Agreement")), rows))
    talk = report.listening.talk
    if talk:
        rows = [(entry.name, str(entry.calls),
                 EMPTY if entry.talk_ratio is None else f"{number_text(round(100 * entry.talk_ratio, 1))}%")
                for entry in talk]
        tables.append((_("Talk ratio (manager's share of speech, from transcripts)"),
                       (_("Manager"), _("Calls"), _("Talk ratio")), rows))
    return tables
