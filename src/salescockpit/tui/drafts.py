"""The "Log a call" form's unsaved draft: kept on disk as the user types, offered back next time.

A half-filled call form must survive a crash or an accidental quit. `DraftFile` keeps one user's
draft as JSON (``<drafts dir>/<login>-call.json``), written atomically (a temp file, then a
rename), so a crash mid-write leaves the old draft or the new one, never half of one. The draft
names the database it was typed against, and a draft of another database is never offered (lead
ids mean nothing there). `KeepsDraft` is the form's side: it writes the draft ``DRAFT_PAUSE``
seconds after the last change and at once when the form goes away unsaved, removes it when the
call is saved or thrown away, and on opening offers a kept draft back with `RestoreDraftPrompt`.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.app import ComposeResult
    from textual.timer import Timer

#: Seconds of quiet after the last change before the draft is written.
DRAFT_PAUSE = 0.5


def default_drafts_dir() -> Path:
    """Where drafts live unless the app is told otherwise: the user data directory's "drafts"."""
    from ..config import default_data_dir

    return default_data_dir() / "drafts"


def database_key(db_target: str) -> str:
    """The database a draft belongs to: a URL as given, a file path made absolute."""
    if "://" in db_target:
        return db_target
    return str(Path(db_target).expanduser().resolve())


@dataclass(frozen=True)
class CallFormDraft:
    """Every field of the call form as typed (texts, not parsed values), and when it was kept."""

    lead_id: int | None
    lead_label: str
    direction: str
    outcome: str
    duration: str
    notes: str
    objections: tuple[tuple[str, bool, str], ...]
    next_call: str
    no_next_step: str
    saved_at: datetime | None = None
    database: str = ""

    @property
    def is_empty(self) -> bool:
        """Nothing typed or chosen that would be lost (the lead alone is not worth keeping)."""
        texts = (self.outcome, self.duration, self.notes, self.next_call, self.no_next_step)
        return not self.objections and not any(text.strip() for text in texts)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["objections"] = [list(each) for each in self.objections]
        data["saved_at"] = self.saved_at.isoformat() if self.saved_at is not None else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallFormDraft:
        """A draft from its JSON; ValueError, KeyError or TypeError when it is not one."""
        saved_at = data.get("saved_at")
        lead_id = data["lead_id"]
        return cls(
            lead_id=int(lead_id) if lead_id is not None else None,
            lead_label=str(data["lead_label"]),
            direction=str(data["direction"]),
            outcome=str(data["outcome"]),
            duration=str(data["duration"]),
            notes=str(data["notes"]),
            objections=tuple((str(key), bool(handled), str(answer)) for key, handled, answer in data["objections"]),
            next_call=str(data["next_call"]),
            no_next_step=str(data["no_next_step"]),
            saved_at=datetime.fromisoformat(saved_at) if saved_at else None,
            database=str(data.get("database", "")),
        )


class DraftFile:
    """One user's call-form draft for one database: `load`, `save` (atomic) and `discard`."""

    def __init__(self, directory: Path, login: str, database: str) -> None:
        self.directory = Path(directory)
        self.database = database
        self.path = self.directory / f"{re.sub(r'[^A-Za-z0-9._-]', '_', login)}-call.json"

    def load(self) -> CallFormDraft | None:
        """The kept draft of this database; None when there is none or the file cannot be read."""
        try:
            draft = CallFormDraft.from_json(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return draft if draft.database == self.database and not draft.is_empty else None

    def save(self, draft: CallFormDraft) -> None:
        """Write ``draft`` (stamped with this database) so that a crash never leaves half a file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps(replace(draft, database=self.database).to_json(), ensure_ascii=False, indent=1)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def discard(self) -> None:
        """Remove the draft of this database (a draft of another database is left alone)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError):
            data = {}  # unreadable: nobody's draft any more
        if not isinstance(data, dict) or data.get("database", self.database) == self.database:
            self.path.unlink(missing_ok=True)


class RestoreDraftPrompt(ModalScreen[bool | None]):
    """Offers a kept draft back: True restore, False discard, None not now (closes the form)."""

    DEFAULT_CSS = """
    RestoreDraftPrompt { align: center middle; background: $background 60%; }
    RestoreDraftPrompt > Vertical { width: 70; max-width: 100%; height: auto; border: thick $warning 80%;
                                    background: $surface; padding: 0 1; }
    RestoreDraftPrompt .title { text-style: bold; padding: 0 0 1 0; }
    RestoreDraftPrompt .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", _("Restore"), id="draft.restore", tooltip=_("Fill the form with the unsaved call")),
        Binding("n", "answer(False)", _("Discard"), id="draft.discard", tooltip=_("Throw the unsaved call away")),
        Binding("escape", "not_now", _("Not now"), id="draft.later", tooltip=_("Close the form and keep the draft")),
    ]

    def __init__(self, draft: CallFormDraft, *, saved_at_text: str, form_lead_label: str = "") -> None:
        super().__init__()
        self.draft = draft
        self.saved_at_text = saved_at_text
        self.form_lead_label = form_lead_label

    def compose(self) -> ComposeResult:
        lead = self.draft.lead_label or _("no lead chosen yet")
        with Vertical(id="restore-draft-box"):
            yield Static(Content(_("Restore the unsaved call for {lead} from {time}?").format(
                lead=lead, time=self.saved_at_text)), classes="title", id="restore-draft-question")
            if self.form_lead_label and self.draft.lead_id is not None:
                yield Static(Content(_("This form was opened for {other}: restoring switches it to {lead}.").format(
                    other=self.form_lead_label, lead=lead)), id="restore-draft-other-lead")
            yield Static(_("y restore · n discard · esc not now"), classes="hint")

    def action_answer(self, restore: bool) -> None:
        self.dismiss(restore)

    def action_not_now(self) -> None:
        self.dismiss(None)


class KeepsDraft:
    """Mixin for the call form: the form gives `current_draft()` and `apply_draft()`, calls
    `offer_kept_draft()` on mount, `draft_changed()` on every change, `drop_draft()` when saved
    or thrown away."""

    _draft_file: DraftFile | None = None
    _draft_ready = False
    _draft_pending: CallFormDraft | None = None
    _draft_timer: Timer | None = None

    def current_draft(self) -> CallFormDraft:  # pragma: no cover - the form's own
        raise NotImplementedError

    def apply_draft(self, draft: CallFormDraft) -> None:  # pragma: no cover - the form's own
        raise NotImplementedError

    def offer_kept_draft(
        self, drafts: DraftFile | None, *, describe_time: Callable[[datetime], str], form_lead_label: str = ""
    ) -> None:
        """Start keeping drafts in ``drafts``; first offer back the one kept there, if any."""
        self._draft_file = drafts
        kept = drafts.load() if drafts is not None else None
        if kept is None:
            self._draft_ready = drafts is not None
            return
        different = form_lead_label if kept.lead_id is not None and kept.lead_id != self._form_lead_id() else ""

        def answered(restore: bool | None) -> None:
            if restore is None:
                self.dismiss(None)  # type: ignore[attr-defined]
                return
            self._draft_ready = True
            if restore:
                self.apply_draft(kept)
            else:
                self._write(None)

        prompt = RestoreDraftPrompt(kept, saved_at_text=describe_time(kept.saved_at) if kept.saved_at else "?",
                                    form_lead_label=different)
        self.app.push_screen(prompt, answered)  # type: ignore[attr-defined]

    def _form_lead_id(self) -> int | None:
        return getattr(self, "lead_id", None)

    def draft_changed(self) -> None:
        """Note the form's content; it is written after a short pause (or when the form goes)."""
        if not self._draft_ready:
            return
        self._draft_pending = self.current_draft()
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_PAUSE, self.flush_draft)  # type: ignore[attr-defined]

    def flush_draft(self) -> None:
        """Write the pending content now (an empty form removes the draft)."""
        self._draft_timer = None
        pending, self._draft_pending = self._draft_pending, None
        if pending is not None:
            self._write(None if pending.is_empty else pending)

    def drop_draft(self) -> None:
        """The call was saved or thrown away: remove the draft and keep no more."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_pending = None
        if self._draft_ready:
            self._write(None)
        self._draft_ready = False

    def _write(self, draft: CallFormDraft | None) -> None:
        if self._draft_file is None:
            return
        try:
            if draft is None:
                self._draft_file.discard()
            else:
                self._draft_file.save(draft)
        except OSError as error:
            self.log.error(f"draft not kept: {error!r}")  # type: ignore[attr-defined]
            self.notify(_("The unsaved call could not be kept on disk: {error}").format(error=error),  # type: ignore[attr-defined]
                        severity="warning", timeout=6)

    def on_unmount(self) -> None:
        """The form goes away unsaved (closed, the app quit): write what is pending at once."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.flush_draft()
