"""Human labels for the keys the report counts by: script items, objection types, lost reasons.

Labels are stored in English and translated here; an unknown key is shown as is.
"""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescockpit.domain.qualification import LOST_REASONS
from salescockpit.i18n import _

from .window import objection_types, scripts


def _script_items(definition: str) -> dict[str, str]:
    try:
        data = json.loads(definition)
    except ValueError:
        return {}
    found = {}
    for section in data.get("sections", []) if isinstance(data, dict) else []:
        for item in section.get("items", []) if isinstance(section, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("key"), str) and isinstance(item.get("text"), str):
                found.setdefault(item["key"], _(item["text"]))
    return found


def load_labels(session: Session) -> dict[str, dict[str, str]]:
    """``{"items": {...}, "objections": {...}, "lost": {...}}``: key -> label."""
    items: dict[str, str] = {}
    for (definition,) in session.execute(
        select(scripts.c.definition).order_by(scripts.c.is_current.desc(), scripts.c.id.desc())
    ):
        for key, text in _script_items(definition).items():
            items.setdefault(key, text)
    objections = {
        key: _(label) for key, label in session.execute(select(objection_types.c.key, objection_types.c.label))
    }
    lost = {key: _(label) for key, label in LOST_REASONS}
    lost["unknown"] = _("Unknown")
    return {"items": items, "objections": objections, "lost": lost}
