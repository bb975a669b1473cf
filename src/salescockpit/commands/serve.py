"""`salescockpit serve --wallboard`: the sales floor's wallboard in a browser, read-only.

    salescockpit serve --wallboard [--host 127.0.0.1] [--port 8765] [--public-url URL]

textual-serve runs one wallboard process per browser connection in a pseudo-terminal and
streams it to an xterm.js page. The page asks for a key (`wallboard_server`): the config's
``wallboard_key``, else one made at start; the link printed carries it. It listens on loopback
unless ``--host`` says otherwise, and then warns to put it behind TLS. Only the head of sales may serve it (the page shows
the whole team). The database, user, config and language reach each wallboard process through
the environment (``SALESCOCKPIT_DB`` and friends), so no password from a database URL ever
shows in a process list or in textual-serve's log.

`wallboard-app` (hidden) is what each connection runs: the wallboard app in this terminal.
``--now`` (hidden, on both) fixes the clock at an ISO instant, for tests and screenshots.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import socket
import sys
from datetime import datetime
from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Host names that always mean this machine only.
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
WILDCARDS = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    """True when ``host`` can only be reached from this machine (a name other than localhost: no)."""
    if host.strip().casefold() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_now(text: str | None) -> datetime | None:
    """The hidden ``--now``: an ISO instant with its offset ("2026-11-23T10:00:00+03:00")."""
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(_("{text!r} is not an ISO date and time.").format(text=text), param_hint="--now")
    if moment.tzinfo is None:
        raise click.BadParameter(_("give the offset too, as in 2026-11-23T10:00:00+03:00."), param_hint="--now")
    return moment


def public_url(host: str, port: int, given: str | None) -> str:
    """The address browsers use: ``given``, else this machine's name for a wildcard host, else host:port."""
    if given:
        return given.rstrip("/")
    shown = socket.getfqdn() if host in WILDCARDS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def _check_port_free(host: str, port: int) -> None:
    """Fail with a clear message before textual-serve prints its banner for a port it cannot take."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as error:
        raise click.ClickException(
            _("Cannot listen on {host}:{port}: {error}").format(host=host, port=port, error=error.strerror or error)
        ) from error


def _require_head(env: Environment) -> None:
    """Open (and if need be upgrade) the database once, and refuse anyone but the head of sales."""
    service = env.context()
    try:
        actor = env.actor(service)
    finally:
        service.db.close()
    if not actor.is_head:
        raise click.ClickException(
            _("Only the head of sales may serve the wallboard: the page shows the whole team's figures.")
        )


def _wallboard_key(env: Environment) -> str:
    """The config's ``wallboard_key`` (refused when others may read the config), else a new one."""
    from salescockpit.config import CONFIG_ENV, default_config_path

    from .wallboard_server import new_key

    if not env.settings.wallboard_key:
        return new_key()
    configured = os.environ.get(CONFIG_ENV, "").strip()
    path = env.invocation.config or (Path(configured) if configured else default_config_path())
    path = Path(path).expanduser()
    if path.exists() and path.stat().st_mode & 0o077:
        raise click.ClickException(
            _("{path} holds the wallboard key and others may read it: chmod 600 {path}").format(path=path))
    return env.settings.wallboard_key


def _app_environment(env: Environment) -> None:
    """What every wallboard process inherits (textual-serve copies this process's environment)."""
    from salescockpit.store.connection import database_url

    os.environ["SALESCOCKPIT_DB"] = database_url(env.db_target)
    from salescockpit.services.actor import DefaultLogin, SudoLogin

    if not isinstance(env.login, (DefaultLogin, SudoLogin)):  # else each process finds the same login itself
        os.environ["SALESCOCKPIT_USER"] = env.login
    invocation = env.invocation
    if invocation.config is not None:
        os.environ["SALESCOCKPIT_CONFIG"] = str(invocation.config.expanduser().resolve())
    if invocation.lang is not None:
        os.environ["SALESCOCKPIT_LANG"] = invocation.lang


@click.command("serve", help=_("Serve a read-only view in the browser (today: --wallboard)."))
@common_options
@click.option("--wallboard", is_flag=True, help=_("Serve the read-only wallboard of today's figures."))
@click.option("--host", default=None, metavar="ADDRESS",
              help=_("Address to listen on (default {host}: this machine only).").format(host=DEFAULT_HOST))
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535), help=_("Port."))
@click.option("--public-url", "given_url", metavar="URL",
              help=_("The address browsers use, when it is not http://HOST:PORT (a proxy, or --host 0.0.0.0)."))
@click.option("--now", "now_text", hidden=True)
@click.pass_context
def serve(
    ctx: click.Context, wallboard: bool, host: str | None, port: int, given_url: str | None, now_text: str | None,
    **options: object,
) -> None:
    if not wallboard:
        raise click.UsageError(
            _("Say what to serve. Supported: --wallboard (salescockpit serve --wallboard [--host] [--port]).")
        )
    parse_now(now_text)
    env = Environment(read_invocation(ctx, **options))
    _require_head(env)
    address = host if host is not None else DEFAULT_HOST
    _check_port_free(address, port)
    url = public_url(address, port, given_url)
    from .wallboard_server import keyed_link

    key = _wallboard_key(env)
    link = keyed_link(url, key)
    if is_loopback(address):
        click.echo(
            _("Serving the wallboard on {url} (loopback only: this machine's browser sees it; "
              "give --host to show it to others).").format(url=link)
        )
    else:
        click.echo(_("Serving the wallboard on {url}").format(url=link))
        if not url.startswith("https://"):
            click.echo(
                _("Warning: {host}:{port} speaks plain HTTP, so the key crosses the network readable: put the "
                  "wallboard behind TLS (a reverse proxy with https, then --public-url https://...).").format(
                    host=address, port=port),
                err=True,
            )
    _app_environment(env)
    command = [sys.executable, "-m", "salescockpit", "wallboard-app"]
    if now_text is not None:
        command += ["--now", now_text]
    from .wallboard_server import KeyedServer

    KeyedServer(shlex.join(command), key=key, host=address, port=port, title=_("salescockpit wallboard"),
                public_url=url).serve()


@click.command("wallboard-app", hidden=True)
@common_options
@click.option("--now", "now_text", hidden=True)
@click.pass_context
def wallboard_app(ctx: click.Context, now_text: str | None, **options: object) -> None:
    """Run the wallboard in this terminal (what `serve --wallboard` starts for each browser)."""
    from salescockpit.clock import FixedClock

    now = parse_now(now_text)
    env = Environment(read_invocation(ctx, **options))
    clock = FixedClock(now, tz=env.settings.tz) if now is not None else env.clock
    from salescockpit.tui.wallboard import run_wallboard

    run_wallboard(db_target=env.db_target, login=env.login, settings=env.settings, clock=clock)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(serve())
