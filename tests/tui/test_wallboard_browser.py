"""The wallboard end to end: `salescockpit serve --wallboard`, opened in headless Chromium.

The server runs as a real subprocess on a free loopback port over a small demo database with a
fixed "now" (the hidden ``--now``). Playwright drives Debian's /usr/bin/chromium (it never
downloads a browser). textual-serve draws the app with xterm.js on a canvas, so the text is read
from xterm's own buffer: an init script catches the `Terminal` when textual.js stores it on its
session object (``this.terminal = new Terminal(...)``), before any byte arrives. The figures on
the page are checked against `WallboardFeed` on the same database; the screenshot is kept in
test-artifacts/wallboard.png. Skipped, with the reason, where Chromium is not installed.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
MOSCOW = ZoneInfo("Europe/Moscow")
#: Late on the test Monday (17:30 Moscow): the demo team has a day of figures by then.
WALL_NOW = datetime(2026, 11, 23, 14, 30, tzinfo=timezone.utc)
#: The wallboard key the test server reads from its config (chmod 600, as `serve` demands).
KEY = "test-wallboard-key-0123456789"
DEMO_LEADS, DEMO_SEED = 150, 7

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                       "(apt-get install chromium; CI runs .ci/chromium.sh)"),
]

#: Runs in the page before textual.js: keep the xterm.js Terminal where the test can read it.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true, enumerable: true});
    if (value && value.buffer && value.buffer.active && !window.wallboardTerminal) {
      window.wallboardTerminal = value;
    }
  },
});
"""
READ_ROWS = """() => {
  const terminal = window.wallboardTerminal;
  if (!terminal) return null;
  const buffer = terminal.buffer.active, rows = [];
  for (let y = 0; y < terminal.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    rows.push(line ? line.translateToString(true) : "");
  }
  return rows;
}"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fingerprint(path: Path) -> dict[str, tuple[int, str]]:
    connection = sqlite3.connect(path)
    try:
        tables = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        names = [row[0] for row in connection.execute(tables)]
        return {
            name: (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
            for name in names
            for rows in [connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()]
        }
    finally:
        connection.close()


@pytest.fixture
def demo_db(tmp_path) -> Path:
    from salescockpit.demo import build_demo
    from salescockpit.store.engine import Database

    path = tmp_path / "floor.db"
    database = Database.open(path)
    try:
        build_demo(database, leads=DEMO_LEADS, seed=DEMO_SEED, now=WALL_NOW, tz=MOSCOW)
    finally:
        database.close()
    return path


@pytest.fixture
def server(demo_db, tmp_path):
    """`salescockpit serve --wallboard` on a free port; yields its URL; always stopped afterwards."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SALESCOCKPIT_")}
    config = tmp_path / "config.toml"
    config.write_text(f'wallboard_key = "{KEY}"\n', encoding="utf-8")
    config.chmod(0o600)
    env |= {"SALESCOCKPIT_TIMEZONE": "Europe/Moscow", "SALESCOCKPIT_LANG": "en", "SALESCOCKPIT_CONFIG": str(config)}
    command = [sys.executable, "-m", "salescockpit", "serve", "--wallboard", "--db", str(demo_db),
               "--user", "head", "--port", str(port), "--now", WALL_NOW.isoformat()]
    log = (tmp_path / "serve.log").open("w+")
    # Its own process group: the server and every wallboard process it started are stopped together.
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        _wait_for_port(port, process, log)
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    log.seek(0)
    pytest.fail(f"serve did not listen on port {port} within 20 s:\n{log.read()}")


def _stop(process: subprocess.Popen) -> None:
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _rows_when(page, ready, seconds: float = 20) -> list[str]:
    deadline = time.monotonic() + seconds
    rows = None
    while time.monotonic() < deadline:
        rows = page.evaluate(READ_ROWS)
        if rows and ready(rows):
            return rows
        time.sleep(0.2)
    shown = "\n".join(rows) if rows else "(no terminal found on the page)"
    pytest.fail(f"the wallboard did not show its figures within {seconds:.0f} s; the page showed:\n{shown}")


def big_figure_under(rows: list[str], title: str) -> str:
    """The 3-line figure in the tile titled ``title`` (its columns only), one string per line."""
    top = next(y for y, row in enumerate(rows) if f" {title} " in row and "╭" in row)
    middle = rows[top].index(f" {title} ")
    left, right = rows[top].rindex("╭", 0, middle), rows[top].index("╮", middle)
    return "\n".join(rows[y][left + 1:right].strip() for y in range(top + 1, top + 4))


def digits_of(value: str) -> str:
    """``value`` as Textual's bold Digits draw it, trimmed the same way."""
    from rich.style import Style
    from textual.renderables.digits import Digits

    lines = [segment.text for segment in Digits(value).render(Style(bold=True)) if segment.text != "\n"]
    return "\n".join(line.strip() for line in lines)


def test_the_served_wallboard_shows_the_databases_figures(server, demo_db):
    from playwright.sync_api import sync_playwright

    from salescockpit.clock import FixedClock
    from salescockpit.config import Settings
    from salescockpit.reports.wallboard import WallboardFeed

    feed = WallboardFeed.open(str(demo_db), "head", Settings(timezone="Europe/Moscow"), FixedClock(WALL_NOW, MOSCOW))
    try:
        expected = feed.read()
    finally:
        feed.close()
    before = fingerprint(demo_db)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            # Only the server itself may be asked for anything: any other request is noted and stopped.
            outside: list[str] = []
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
                       else (outside.append(route.request.url), route.abort()))
            page.add_init_script(CATCH_TERMINAL)
            page.goto(f"{server}?key={KEY}", wait_until="load", timeout=20_000)
            rows = _rows_when(page, lambda rows: any(" Team " in row for row in rows)
                              and any("updated 17:30" in row for row in rows))
            page.wait_for_timeout(300)  # let the canvas paint the last frame
            page.screenshot(path=str(ARTIFACTS / "wallboard.png"))
            # Keys typed in the browser reach the app; none of them may change anything.
            for key in ("j", "k", "Enter", "Tab", "Escape", "x", "1", "2", "Delete", "F5", "Control+s"):
                page.keyboard.press(key)
            page.wait_for_timeout(500)
            after_keys = page.evaluate(READ_ROWS)
        finally:
            browser.close()

    assert outside == [], f"the page asked outside the machine: {outside}"
    text = "\n".join(rows)
    assert "updated 17:30" in text and "Mon 23 Nov 2026" in text
    team = next(row.split() for row in rows if " Team " in row)
    words = team[team.index("Team") + 1:]
    assert words[:2] == [str(expected.team.calls), str(expected.team.reached)], team
    assert words[4] == str(expected.team.overdue_callbacks), team
    assert expected.team.calls > 0 and expected.team.overdue_callbacks > 0, "the check must compare real numbers"
    leader = expected.leaders[0]
    line = next(row for row in rows if leader.name in row)
    figures = line.split(leader.name, 1)[1].split()
    assert figures[:2] == [str(leader.calls), str(leader.reached)], line
    assert big_figure_under(rows, "Calls") == digits_of(str(expected.team.calls))
    assert big_figure_under(rows, "Overdue") == digits_of(str(expected.team.overdue_callbacks))
    for stage in expected.open_stages:
        assert stage.label in text
    assert after_keys is not None and any(" Team " in row for row in after_keys), "still showing after the keys"
    assert fingerprint(demo_db) == before
    assert (ARTIFACTS / "wallboard.png").stat().st_size > 10_000


def test_without_the_key_or_with_a_wrong_one_the_page_is_401_and_shows_nothing(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            for address in (server, f"{server}?key=wrong-{KEY}", f"{server}static/js/textual.js"):
                response = page.goto(address, wait_until="load", timeout=20_000)
                assert response is not None and response.status == 401, address
                assert page.content().count("Team") == 0 and "textual" not in page.inner_text("body")
            response = page.goto(f"{server}?key={KEY}", wait_until="load", timeout=20_000)
            assert response is not None and response.status == 200 and page.url == server  # the key left the bar
            cookie = next(c for c in page.context.cookies() if c["name"] == "salescockpit_wallboard_key")
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        finally:
            browser.close()
