"""The shared SQLite file under a service account, with real OS accounts, a real sudoers rule and sudo.

As root, the test makes a service account, a head and a manager (unique names per run), a 0700
folder of the service account's holding the team database and the audit key (salescockpit keygen,
run by the head through sudo), the service account's config file, and a rule in /etc/sudoers.d that
lets the two people run salescockpit, and only salescockpit, as the service account (checked with
``visudo -cf``). Everything is removed afterwards. Then, as the manager: the file cannot be opened,
``sudo -n -u SERVICE salescockpit`` works and acts as the manager, naming the head is refused, and
no other program runs as the service account. docs/deploy.md, "The shared SQLite file", is the
same set-up.

Skipped, saying why, where that is impossible: not root, a program missing (``bash .ci/sudo.sh``
installs sudo), or salescockpit not runnable by other users (a parent folder of the venv or of its
Python is closed to them). SALESCOCKPIT_SUDO_TEST_PROGRAM names another salescockpit program to use
then: ``eval "$(bash .ci/sudo.sh program)"`` (as .ci/run does) makes one and sets it.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
TOOLS = ("sudo", "visudo", "useradd", "userdel", "runuser")


def _program() -> Path:
    given = os.environ.get("SALESCOCKPIT_SUDO_TEST_PROGRAM", "").strip()
    return Path(given) if given else Path(sys.executable).with_name("salescockpit")


def _closed_folder(path: Path) -> Path | None:
    """The first folder above ``path`` that other users cannot pass through (no o+x), if any."""
    for folder in reversed(path.parents):
        if not os.stat(folder).st_mode & 0o001:
            return folder
    return None


def _why_impossible(program: Path) -> str | None:
    if os.geteuid() != 0:
        return "not root: making OS accounts and a sudoers rule needs root"
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        return f"{', '.join(missing)} not installed (bash .ci/sudo.sh installs sudo)"
    if not Path("/etc/sudoers.d").is_dir():
        return "/etc/sudoers.d is missing, so a rule cannot be added there"
    if not program.is_file():
        return f"{program} does not exist"
    interpreter = Path(program.read_text(errors="replace").partition("\n")[0].removeprefix("#!").split()[0])
    for needed in (program, interpreter.resolve()):
        closed = _closed_folder(needed)
        if closed is not None:
            return (f"the venv is not reachable by other users: {closed} (on the way to {needed}) is mode "
                    f"{os.stat(closed).st_mode & 0o777:o}; eval \"$(bash .ci/sudo.sh program)\" sets "
                    "SALESCOCKPIT_SUDO_TEST_PROGRAM to one others can run")
    return None


def _run(*words: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(list(words), capture_output=True, text=True, timeout=300, **kwargs)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(words)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return done


class SharedFile:
    """The set-up, and ways to act in it as its people."""

    def __init__(self, program: Path) -> None:
        self.program = program
        suffix = secrets.token_hex(3)
        self.service, self.head, self.manager = f"scs{suffix}", f"sch{suffix}", f"scm{suffix}"
        self.base = Path(tempfile.mkdtemp(prefix="salescockpit-sudo-", dir="/tmp"))
        self.home, self.data = self.base / "home", self.base / "data"
        self.database, self.key_file = self.data / "team.db", self.data / "audit.key"
        self.sudoers = Path("/etc/sudoers.d") / f"salescockpit-test-{suffix}"
        self.accounts: list[str] = []

    def make(self) -> None:
        os.chmod(self.base, 0o711)  # only what the test made is opened to others, and only to pass through
        _run("useradd", "--system", "--user-group", "--home-dir", str(self.home), "--create-home",
             "--shell", "/usr/sbin/nologin", self.service)
        self.accounts.append(self.service)
        for person in (self.head, self.manager):
            _run("useradd", "--user-group", "--no-create-home", "--shell", "/bin/sh", person)
            self.accounts.append(person)
        self.data.mkdir(mode=0o700)
        clean = {"PATH": PATH, "HOME": str(self.base), "LANG": "C.UTF-8"}
        _run(str(self.program), "seed", "--db", str(self.database), "--leads", "30", env=clean)
        config = self.home / ".config" / "salescockpit" / "config.toml"
        config.parent.mkdir(parents=True)
        config.write_text(f'db = "{self.database}"\n\n[audit]\nkey_file = "{self.key_file}"\n\n'
                          f'[team]\nlogins = {{ "{self.head}" = "head", "{self.manager}" = "ivanov" }}\n')
        _run("chown", "-R", f"{self.service}:{self.service}", str(self.data), str(self.home))
        os.chmod(self.database, 0o600)
        rule = f"{self.head}, {self.manager} ALL=({self.service}) NOPASSWD: {self.program}\n"
        candidate = self.base / "sudoers"
        candidate.write_text(rule)
        os.chmod(candidate, 0o440)
        _run("visudo", "-cf", str(candidate))
        shutil.copy2(candidate, self.sudoers)
        keygen = self.through_sudo(self.head, "keygen")  # the head keys the trail, as docs/deploy.md says
        assert keygen.returncode == 0, keygen.stderr

    def remove(self) -> None:
        self.sudoers.unlink(missing_ok=True)
        for account in reversed(self.accounts):
            _run("userdel", account, check=False)
        shutil.rmtree(self.base, ignore_errors=True)

    def as_service(self, *words: str, **environment: str) -> subprocess.CompletedProcess:
        """The service account itself (the administrator setting up), not through sudo."""
        env = {"PATH": PATH, "HOME": str(self.home), "LANG": "C.UTF-8", **environment}
        return _run("runuser", "-u", self.service, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()),
                    str(self.program), *words, check=False)

    def as_person(self, person: str, *words: str) -> subprocess.CompletedProcess:
        """``person`` at their own prompt, with a clean environment of their own."""
        return _run("runuser", "-u", person, "--", "env", "-i", f"PATH={PATH}", "HOME=/", "LANG=C.UTF-8", *words,
                    check=False, cwd="/")

    def through_sudo(self, person: str, *words: str) -> subprocess.CompletedProcess:
        return self.as_person(person, "sudo", "-n", "-u", self.service, str(self.program), *words)


@pytest.fixture(scope="module")
def shared():
    program = _program()
    why = _why_impossible(program)
    if why is not None:
        pytest.skip(why)
    setup = SharedFile(program)
    try:
        setup.make()
        yield setup
    finally:
        setup.remove()


def _managers(done: subprocess.CompletedProcess) -> set[str]:
    assert done.returncode == 0, done.stderr
    return {lead["manager"] for lead in json.loads(done.stdout)["leads"]}


def test_the_manager_cannot_open_the_file_or_the_key(shared):
    for path in (shared.database, shared.key_file):
        done = shared.as_person(shared.manager, "/usr/bin/python3", "-c", f"open({str(path)!r}, 'rb')")
        assert done.returncode != 0 and "Permission denied" in done.stderr
    done = shared.as_person(shared.manager, "/usr/bin/python3", "-c",
                            f"import sqlite3; sqlite3.connect({str(shared.database)!r}).execute('SELECT 1 FROM leads')")
    assert done.returncode != 0 and "unable to open database file" in done.stderr
    assert os.stat(shared.data).st_mode & 0o777 == 0o700
    assert pwd.getpwuid(os.stat(shared.database).st_uid).pw_name == shared.service


def test_through_sudo_the_manager_acts_as_the_manager_and_the_head_as_the_head(shared):
    assert _managers(shared.through_sudo(shared.manager, "queue", "--json")) == {"ivanov"}
    assert len(_managers(shared.through_sudo(shared.head, "queue", "--json"))) > 1


def test_the_manager_cannot_name_the_head(shared):
    done = shared.through_sudo(shared.manager, "queue", "--json", "--user", "head")
    assert done.returncode == 1
    assert done.stderr == f"Error: You run salescockpit through sudo as {shared.manager}, so you act as " \
                          f"{shared.manager}: --user is refused.\n"
    done = shared.through_sudo(shared.manager, "queue", "--json", "--config", "/tmp/mine.toml")
    assert done.returncode == 1 and "--config is refused" in done.stderr


def test_salescockpit_user_never_reaches_the_program_and_is_refused_if_it_did(shared):
    on_sudo_line = shared.as_person(shared.manager, "sudo", "-n", "-u", shared.service, "SALESCOCKPIT_USER=head",
                                    str(shared.program), "queue", "--json")
    assert on_sudo_line.returncode == 1 and "SALESCOCKPIT_USER" in on_sudo_line.stderr  # sudo's own refusal
    assert on_sudo_line.stdout == ""
    inherited = shared.as_person(shared.manager, "env", "SALESCOCKPIT_USER=head", "sudo", "-n", "-u", shared.service,
                                 str(shared.program), "queue", "--json")
    assert _managers(inherited) == {"ivanov"}  # sudo's env_reset dropped it
    manager_uid = str(pwd.getpwnam(shared.manager).pw_uid)
    kept = shared.as_service("queue", "--json", SUDO_USER=shared.manager, SUDO_UID=manager_uid,
                             SALESCOCKPIT_USER="head")  # as if a sudoers rule kept the variable
    assert kept.returncode == 1 and "SALESCOCKPIT_USER is refused" in kept.stderr


@pytest.mark.parametrize("program", ["/usr/bin/sqlite3", "/usr/bin/python3", "/bin/sh"])
def test_no_other_program_runs_as_the_service_account(shared, program):
    done = shared.as_person(shared.manager, "sudo", "-n", "-u", shared.service, program, "--version")
    assert done.returncode == 1
    assert "password is required" in done.stderr or "not allowed" in done.stderr
    as_root = shared.as_person(shared.manager, "sudo", "-n", str(shared.program), "--version")
    assert as_root.returncode == 1


def test_the_trail_is_keyed_and_nobody_writes_into_the_service_accounts_folder(shared):
    doctor = shared.through_sudo(shared.head, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "ok       Audit trail chain" in doctor.stdout
    export = shared.through_sudo(shared.manager, "export", "leads", "--output", str(shared.database))
    assert export.returncode == 1 and "no file of the service account's" in export.stderr
    assert shared.through_sudo(shared.manager, "keygen").returncode == 1
    unkeyed = shared.as_service("doctor", "--config", "/dev/null", "--db", str(shared.database))
    assert unkeyed.returncode == 1 and "no key file is given" in unkeyed.stdout


def test_what_salescockpit_writes_through_sudo_is_private_and_an_export_goes_to_ones_own_file(shared):
    backup = shared.base / "outside" / "team-backup.db"
    backup.parent.mkdir()
    os.chmod(backup.parent, 0o733)  # a drop folder anyone may write into (like /tmp, without listing it)
    done = shared.through_sudo(shared.head, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert os.stat(backup).st_mode & 0o777 == 0o600  # the service account's only: no copy for the manager
    mine = shared.base / "outside" / "mine.csv"
    export = shared.as_person(shared.manager, "sh", "-c", f"sudo -n -u {shared.service} {shared.program} "
                              f"export leads --output - > {mine}")
    assert export.returncode == 0, export.stderr
    assert pwd.getpwuid(os.stat(mine).st_uid).pw_name == shared.manager
    assert mine.read_text(encoding="utf-8-sig").count("\n") > 1
