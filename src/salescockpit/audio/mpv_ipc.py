"""A small client for mpv's JSON IPC (``--input-ipc-server``): commands, replies and events.

One JSON object a line each way. A command carries a ``request_id``; mpv answers with the same id
and ``error`` ("success" or a reason). Everything else mpv writes is an event. A reader thread
sorts the two: replies wake the caller waiting on them, ``property-change`` events of observed
properties land in `properties`, and every event is kept in `events` for whoever waits on one.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections import deque
from typing import Any

REPLY_TIMEOUT_S = 5.0


class MpvIpcError(Exception):
    """mpv refused a command or did not answer; the message says which and why."""


class MpvIpcClient:
    """A connection to one mpv process's IPC socket."""

    def __init__(self, socket_path: str) -> None:
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._socket.connect(socket_path)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._replies: dict[int, dict[str, Any]] = {}
        self._observed: dict[int, str] = {}
        self.properties: dict[str, Any] = {}
        self.events: deque[dict[str, Any]] = deque(maxlen=200)
        self.closed = False
        self._reader = threading.Thread(target=self._read_forever, name="mpv-ipc-reader", daemon=True)
        self._reader.start()

    # Reading ---------------------------------------------------------------------------------

    def _read_forever(self) -> None:
        buffer = b""
        try:
            while True:
                chunk = self._socket.recv(65536)
                if not chunk:
                    break
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    if line.strip():
                        self._dispatch(json.loads(line))
        except (OSError, ValueError):
            pass
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def _dispatch(self, message: dict[str, Any]) -> None:
        with self._changed:
            if "request_id" in message and "event" not in message:
                self._replies[message["request_id"]] = message
            else:
                if message.get("event") == "property-change" and message.get("id") in self._observed:
                    self.properties[message["name"]] = message.get("data")
                self.events.append(message)
            self._changed.notify_all()

    # Commands --------------------------------------------------------------------------------

    def command(self, *args: Any, timeout: float = REPLY_TIMEOUT_S) -> Any:
        """Run one mpv command and return its ``data``; raise `MpvIpcError` if it failed."""
        request_id = next(self._ids)
        line = json.dumps({"command": list(args), "request_id": request_id}) + "\n"
        try:
            self._socket.sendall(line.encode())
        except OSError as error:
            raise MpvIpcError(f"mpv is gone ({error})") from error
        deadline = time.monotonic() + timeout
        with self._changed:
            while request_id not in self._replies:
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    raise MpvIpcError(f"mpv did not answer {args[0]!r}")
                self._changed.wait(left)
            reply = self._replies.pop(request_id)
        if reply.get("error") != "success":
            raise MpvIpcError(f"mpv refused {args[0]!r}: {reply.get('error')}")
        return reply.get("data")

    def get(self, name: str) -> Any:
        return self.command("get_property", name)

    def set(self, name: str, value: Any) -> None:
        self.command("set_property", name, value)

    def observe(self, name: str) -> None:
        """Keep `properties[name]` up to date from mpv's change events."""
        observe_id = len(self._observed) + 1
        self._observed[observe_id] = name
        self.command("observe_property", observe_id, name)

    def wait_for_event(self, name: str, timeout: float = REPLY_TIMEOUT_S, *, after: int = 0) -> dict[str, Any]:
        """Wait until an event called ``name`` arrives (counting from the ``after``-th event kept)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for event in list(self.events)[after:]:
                    if event.get("event") == name:
                        return event
                left = deadline - time.monotonic()
                if self.closed or left <= 0:
                    raise MpvIpcError(f"mpv sent no {name!r} event")
                self._changed.wait(left)

    def close(self) -> None:
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._socket.close()
