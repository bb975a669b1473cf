"""`salescockpit keygen` and the key file: made 0600 and never overwritten, by the head only; doctor and
every writer need it afterwards, and say so in one line when it is missing, wrong or readable by others."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner

from salescockpit.cli import main


@pytest.fixture
def team(tmp_path):
    """A seeded team database, a config naming a key file (not made yet), and a runner for both."""
    database = tmp_path / "team.db"
    key_file = tmp_path / "audit.key"
    config = tmp_path / "config.toml"
    config.write_text(f'[audit]\nkey_file = "{key_file}"\n', encoding="utf-8")
    plain = tmp_path / "plain.toml"
    plain.write_text("", encoding="utf-8")

    def run(*words: str, user: str = "head", config_file=config):
        env = {"SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "", "SALESCOCKPIT_CONFIG": "", "SUDO_USER": ""}
        return CliRunner().invoke(main, [*words, "--db", str(database), "--user", user, "--config", str(config_file)],
                                  env=env)

    assert run("seed", "--leads", "10").exit_code == 0  # the key file is not made yet: no key, no keyed trail
    run.database, run.key_file, run.plain_config = database, key_file, plain
    return run


def _chain_lines(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(index for index, line in enumerate(lines) if "Audit trail chain" in line)
    return [lines[start], *[line for line in lines[start + 1:] if line.startswith("         - ")][:1]]


def test_keygen_makes_a_private_key_file_and_doctor_checks_with_it(team):
    result = team("keygen")
    assert result.exit_code == 0, result.output
    assert f"with the key in {team.key_file}" in result.output
    assert stat.S_IMODE(team.key_file.stat().st_mode) == 0o600
    assert len(team.key_file.read_text().strip()) == 64
    assert team("user", "add", "vera", "--name", "Vera", "--role", "manager").exit_code == 0  # a keyed write
    doctor = team("doctor")
    assert doctor.exit_code == 0, doctor.output
    assert "Everything is fine." in doctor.output


def test_doctor_without_the_key_says_so_in_one_line(team):
    assert team("keygen").exit_code == 0
    doctor = team("doctor", config_file=team.plain_config)
    assert doctor.exit_code == 1
    [title, problem] = _chain_lines(doctor.output)
    assert title.startswith("PROBLEM")
    assert "no key file is given (audit.key_file): those rows were not checked." in problem


def test_a_write_without_the_key_is_refused_in_one_line(team):
    assert team("keygen").exit_code == 0
    result = team("user", "add", "vera", "--name", "Vera", "--role", "manager", config_file=team.plain_config)
    assert result.exit_code == 2
    assert result.output == (f"Error: {team.database}: its audit trail is sealed with a key and this run has none "
                             "(audit.key_file in the config file, the service account's, is not set or its file is "
                             "missing); nothing was written.\n")


def test_a_wrong_key_file_is_reported_by_doctor(team):
    assert team("keygen").exit_code == 0
    team.key_file.write_text("ab" * 32 + "\n")
    doctor = team("doctor")
    assert doctor.exit_code == 1
    assert "is not the key this trail is keyed with" in _chain_lines(doctor.output)[1]


def test_a_key_file_others_may_read_is_refused(team):
    assert team("keygen").exit_code == 0
    team.key_file.chmod(0o644)
    result = team("doctor")
    assert result.exit_code == 1
    assert result.output == (f"Error: {team.key_file} holds the audit key and others may read it: "
                             f"chmod 600 {team.key_file}\n")


def test_a_manager_cannot_key_the_trail(team):
    result = team("keygen", user="ivanov")
    assert result.exit_code == 1
    assert "Only the head of sales can key the audit trail." in result.output
    assert not team.key_file.exists()


def test_keygen_never_overwrites_a_key_file_nor_keys_twice(team):
    team.key_file.write_text("precious\n")
    result = team("keygen")
    assert result.exit_code == 1
    assert "exists already" in result.output and team.key_file.read_text() == "precious\n"
    team.key_file.unlink()
    assert team("keygen").exit_code == 0
    key = team.key_file.read_text()
    team.key_file.unlink()
    again = team("keygen")
    assert again.exit_code == 1 and "keyed already" in again.output
    assert not team.key_file.exists()
    team.key_file.write_text(key)
    team.key_file.chmod(0o600)
    assert team("doctor").exit_code == 0


def test_keygen_wants_the_key_files_path_in_the_config(team):
    result = team("keygen", config_file=team.plain_config)
    assert result.exit_code == 1
    assert "[audit] key_file" in result.output


def test_keygen_is_refused_on_postgresql_and_makes_no_key_file(db_url, backend, tmp_path, clock):
    if backend == "sqlite":
        pytest.skip("the PostgreSQL refusal")
    from salescockpit.config import Settings
    from salescockpit.services.context import ServiceContext
    from salescockpit.services.users import add_user
    from salescockpit.store.engine import Database

    database = Database.open(db_url)
    add_user(ServiceContext(db=database, clock=clock, settings=Settings()), "olga", "Olga", "head")
    database.close()
    key_file = tmp_path / "audit.key"
    config = tmp_path / "config.toml"
    config.write_text(f'[audit]\nkey_file = "{key_file}"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["keygen", "--db", db_url, "--user", "olga", "--config", str(config)],
                                env={"SALESCOCKPIT_DB": "", "SALESCOCKPIT_USER": "", "SALESCOCKPIT_CONFIG": ""})
    assert result.exit_code == 1
    assert "On PostgreSQL the database links the audit trail itself" in result.output
    assert not key_file.exists()


def test_a_key_file_not_made_yet_is_no_key_and_a_keyed_trail_then_refuses_writes(team):
    assert team("user", "add", "vera", "--name", "Vera", "--role", "manager").exit_code == 0
    assert team("keygen").exit_code == 0
    team.key_file.rename(team.key_file.with_name("away.key"))
    result = team("user", "add", "petr", "--name", "Petr", "--role", "manager")
    assert result.exit_code == 2 and "its file is missing); nothing was written." in result.output
    doctor = team("doctor")
    assert doctor.exit_code == 1 and "no key file is given (audit.key_file)" in doctor.output
