"""`salescockpit serve`: what it refuses, where it listens, and the warning for a public address.

The page itself (served, opened in Chromium, checked against the database) is tested in
tests/tui/test_wallboard_browser.py.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.commands.serve import is_loopback, parse_now, public_url


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def team_db(tmp_path):
    db = str(tmp_path / "team.db")
    for login, role in (("olga", "head"), ("anna", "manager")):
        assert _run("user", "add", login, "--name", login.title(), "--role", role, "--db", db,
                    "--user", "olga").exit_code == 0
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("LOCALHOST", True), ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("sales-pc", False)],
)
def test_which_addresses_are_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_the_public_url_of_a_wildcard_address_names_this_machine():
    assert public_url("127.0.0.1", 8765, None) == "http://127.0.0.1:8765"
    assert public_url("::1", 8765, None) == "http://[::1]:8765"
    assert public_url("0.0.0.0", 9000, None) == f"http://{socket.getfqdn()}:9000"
    assert public_url("0.0.0.0", 9000, "https://board.example.com/") == "https://board.example.com"


def test_now_must_be_an_aware_iso_instant():
    assert parse_now(None) is None
    assert parse_now("2026-11-23T10:00:00+03:00").utcoffset().total_seconds() == 3 * 3600
    result = _run("serve", "--wallboard", "--now", "2026-11-23T10:00:00")
    assert result.exit_code == 2 and "offset" in result.output
    result = _run("serve", "--wallboard", "--now", "yesterday")
    assert result.exit_code == 2 and "not an ISO date" in result.output


def test_without_wallboard_it_says_what_is_supported(team_db):
    result = _run("serve", "--db", team_db, "--user", "olga")
    assert result.exit_code == 2
    assert "--wallboard" in result.output


def test_a_manager_may_not_serve_the_wallboard(team_db):
    result = _run("serve", "--wallboard", "--db", team_db, "--user", "anna", "--port", str(free_port()))
    assert result.exit_code == 1
    assert "Only the head of sales may serve the wallboard" in result.output


def test_an_unknown_user_is_refused(team_db):
    result = _run("serve", "--wallboard", "--db", team_db, "--user", "stranger", "--port", str(free_port()))
    assert result.exit_code == 1 and "stranger" in result.output


def test_a_port_in_use_is_a_clear_error(team_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _run("serve", "--wallboard", "--db", team_db, "--user", "olga", "--port", str(port))
    assert result.exit_code == 1
    assert f"Cannot listen on 127.0.0.1:{port}" in result.output


def _serve_until(args: list[str], marker: str, stream: str, env: dict[str, str]) -> tuple[str, str]:
    """Start `salescockpit serve`, wait (at most 30 s) for ``marker`` on ``stream``, stop it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "salescockpit", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env=env,
    )
    try:
        deadline = time.monotonic() + 30
        seen = ""
        pipe = process.stderr if stream == "stderr" else process.stdout
        while marker not in seen and time.monotonic() < deadline and process.poll() is None:
            seen += pipe.readline()
        assert marker in seen, f"no {marker!r} on {stream} within 30 s: {seen!r}"
    finally:
        process.terminate()
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            out, err = process.communicate()
    return (seen + out, err) if stream == "stdout" else (out, seen + err)


def _env(tmp_path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SALESCOCKPIT_")}
    env["SALESCOCKPIT_CONFIG"] = str(tmp_path / "no-config.toml")
    return env


def test_it_listens_on_loopback_by_default_and_says_so(team_db, tmp_path):
    port = free_port()
    out, err = _serve_until(["serve", "--wallboard", "--db", team_db, "--user", "olga", "--port", str(port)],
                            "Serving the wallboard", "stdout", _env(tmp_path))
    assert f"Serving the wallboard on http://127.0.0.1:{port}/?key=" in out and "(loopback only" in out
    key = out.split("?key=")[1].split()[0]
    assert len(key) >= 24  # a new key made at start, carried by the printed link
    assert "behind TLS" not in err


def test_another_address_needs_host_and_warns_to_put_it_behind_tls(team_db, tmp_path):
    port = free_port()
    out, err = _serve_until(
        ["serve", "--wallboard", "--db", team_db, "--user", "olga", "--host", "0.0.0.0", "--port", str(port)],
        "Warning", "stderr", _env(tmp_path),
    )
    assert "behind TLS" in err and f"0.0.0.0:{port}" in err
    assert "loopback only" not in out


def test_the_key_comes_from_the_config_which_others_may_not_read(team_db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('wallboard_key = "abcdefghijklmnop-0123"\n', encoding="utf-8")
    config.chmod(0o644)
    args = ["serve", "--wallboard", "--db", team_db, "--user", "olga", "--port", str(free_port()),
            "--config", str(config)]
    refused = _run(*args)
    assert refused.exit_code == 1 and f"chmod 600 {config}" in refused.output
    config.chmod(0o600)
    out, _err = _serve_until(args, "Serving the wallboard", "stdout", _env(tmp_path))
    assert "/?key=abcdefghijklmnop-0123 " in out


def test_a_short_wallboard_key_in_the_config_is_refused(team_db, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('wallboard_key = "short"\n', encoding="utf-8")
    result = _run("serve", "--wallboard", "--db", team_db, "--user", "olga", "--config", str(config))
    assert result.exit_code == 1 and "at least 16 characters" in result.output
