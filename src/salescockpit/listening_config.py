"""The listening settings of the config file: ``[audio]`` and ``[transcribe]``.

    [audio]
    manager_channel = 0          # the manager's channel in stereo recordings (0 left, 1 right)

    [transcribe]
    command = "whisper-cli -m ~/models/ggml-small.bin -l ru -oj -of {output} {audio}"

``{audio}`` is the recording's path, ``{output}`` where the command writes its transcript
(without an extension: whisper.cpp adds ``.json``; a command that writes ``{output}`` itself
works too). Kept apart from `config.py` to keep that file small.
"""

from __future__ import annotations

from typing import Any

from salescockpit.i18n import _


def _table(value: Any, where: str, known: set[str], error) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise error(_("{where}: must be a table ([{where}])").format(where=where))
    unknown = sorted(set(value) - known)
    if unknown:
        raise error(_("{where}: unknown setting(s) {unknown}").format(where=where, unknown=", ".join(unknown)))
    return value


def audio_settings(value: Any, where: str, error) -> dict[str, Any]:
    """[audio] -> {"audio_manager_channel": 0 or 1}."""
    table = _table(value, where, {"manager_channel"}, error)
    channel = table.get("manager_channel", 0)
    if channel not in (0, 1) or isinstance(channel, bool):
        raise error(_("{where}.manager_channel: 0 (left) or 1 (right)").format(where=where))
    return {"audio_manager_channel": channel}


def transcribe_settings(value: Any, where: str, error) -> dict[str, Any]:
    """[transcribe] -> {"transcribe_command": the template}."""
    table = _table(value, where, {"command"}, error)
    command = table.get("command", "")
    if not isinstance(command, str) or (command.strip() and "{audio}" not in command):
        raise error(_("{where}.command: a command line with {{audio}} (and {{output}}) in it").format(where=where))
    return {"transcribe_command": command.strip()}


def listening_settings(data: dict[str, Any], error) -> dict[str, Any]:
    """The Settings fields that [audio] and [transcribe] in ``data`` give (none when absent)."""
    values: dict[str, Any] = {}
    if "audio" in data:
        values.update(audio_settings(data["audio"], "audio", error))
    if "transcribe" in data:
        values.update(transcribe_settings(data["transcribe"], "transcribe", error))
    return values
