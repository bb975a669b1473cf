"""Opening a call's recording outside the cockpit (`o`): with the system's opener, as before the player.

Also how a recording is named on screen. The player inside the cockpit is `audio.player`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from ...i18n import _

if TYPE_CHECKING:
    from ..cockpit import Cockpit

URL_SCHEMES = ("http", "https", "file", "ftp", "sftp", "smb")


class RecordingError(Exception):
    """The recording cannot be opened; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def recording_target(ref: str | None) -> str | None:
    """What the system opener should open for ``ref``: a URL or an existing file; else None."""
    ref = (ref or "").strip()
    if not ref:
        return None
    parsed = urlparse(ref)
    if parsed.scheme.lower() in URL_SCHEMES and (parsed.netloc or parsed.path):
        return ref
    path = Path(ref).expanduser()
    return str(path) if path.is_file() else None


def recording_name(ref: str) -> str:
    """How a recording is named on screen: a link as it is, a local file by its name only."""
    if urlparse(ref).scheme.lower() in URL_SCHEMES:
        return ref
    return Path(ref).name or ref


def system_opener() -> list[str] | None:
    """The command that opens a file or URL with the user's default program (None: none found)."""
    name = "open" if sys.platform == "darwin" else "xdg-open"
    found = shutil.which(name)
    return [found] if found else None


def open_recording(cockpit: Cockpit, ref: str | None) -> str:
    """Open the call's recording (in a worker); returns what to tell the user."""
    if not (ref or "").strip():
        raise RecordingError(_("This call has no recording."))
    target = recording_target(ref)
    if target is None:
        raise RecordingError(_("The recording reference is not a file or a link: {ref}").format(ref=ref))
    if sys.platform == "win32":  # pragma: no cover - not run here
        os.startfile(target)  # type: ignore[attr-defined]
        return _("Opening the recording…")
    command = system_opener()
    if command is None:
        raise RecordingError(_("No program to open recordings was found (xdg-open). Open it yourself: {ref}").format(ref=target))
    subprocess.Popen([*command, target], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
    return _("Opening the recording…")
