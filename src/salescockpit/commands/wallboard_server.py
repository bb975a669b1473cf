"""The wallboard's web server: textual-serve behind a key, loading nothing from outside.

Every request must carry the key: in the link's ``?key=`` (the first visit; the answer sets an
HttpOnly, SameSite=Strict cookie and sends the browser on to ``/`` so the key leaves the address
bar) or in that cookie (the page's websocket, its scripts and fonts). Anything else gets 401 and
an empty page. Keys compare in constant time; the access log shows ``key=***``.

textual-serve's page links Google's web fonts; here the same font comes from textual-serve's own
static folder, so the page works on a network with no way out.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from pathlib import Path

from textual_serve.server import Server

KEY_PARAMETER = "key"
COOKIE = "salescockpit_wallboard_key"
_OUTSIDE_FONT = re.compile(r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com[^"]*"\s*/>')
_LOCAL_FONT = ('<style>@font-face { font-family: "Roboto Mono"; '
               'src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }'
               '</style>')
_KEY_IN_TEXT = re.compile(r"(key=)[^\s&\"']+")


def new_key() -> str:
    return secrets.token_urlsafe(24)


def keyed_link(url: str, key: str) -> str:
    return f"{url}/?{KEY_PARAMETER}={key}"


def local_template(templates_path: Path, name: str) -> str:
    """textual-serve's page with its one outside request (the web font) made local."""
    return _OUTSIDE_FONT.sub(_LOCAL_FONT, (templates_path / name).read_text(encoding="utf-8"))


class _HideKey(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg, record.args = record.getMessage(), None
        record.msg = _KEY_IN_TEXT.sub(r"\1***", str(record.msg))
        return True


class KeyedServer(Server):
    """textual-serve's `Server` that answers only requests carrying ``key``."""

    def __init__(self, command: str, *, key: str, **options) -> None:
        super().__init__(command, **options)
        self.key = key

    def initialize_logging(self) -> None:
        super().initialize_logging()
        logging.getLogger("aiohttp.access").addFilter(_HideKey())
        for handler in logging.getLogger().handlers:  # a traceback's locals would show the key
            if hasattr(handler, "tracebacks_show_locals"):
                handler.tracebacks_show_locals = False

    async def _make_app(self):
        import aiohttp_jinja2
        import jinja2

        app = await super()._make_app()
        app.middlewares.append(self._require_key)
        templates = Path(self.templates_path)
        aiohttp_jinja2.setup(app, loader=jinja2.FunctionLoader(lambda name: local_template(templates, name)))
        return app

    def _carries_key(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(given.encode(), self.key.encode())

    async def _require_key(self, request, handler):
        from aiohttp import web

        in_link = request.query.get(KEY_PARAMETER)
        if self._carries_key(in_link):
            rest = {name: value for name, value in request.rel_url.query.items() if name != KEY_PARAMETER}
            answer = web.Response(status=303, headers={"Location": str(request.rel_url.with_query(rest)),
                                                       "Cache-Control": "no-store"})
            answer.set_cookie(COOKIE, self.key, httponly=True, samesite="Strict", path="/")
            return answer
        if in_link is not None or not self._carries_key(request.cookies.get(COOKIE)):
            return web.Response(status=401, text="401 Unauthorized\n",
                                headers={"Cache-Control": "no-store", "WWW-Authenticate": 'Key realm="wallboard"'})
        return await handler(request)

    _require_key.__middleware_version__ = 1  # aiohttp's new-style middleware marker
