"""Running through sudo as the service account (service_account.py): you are SUDO_USER, and you may
name nobody else, nor another config file. In-process runs as if sudo had started this process as
another, non-root account (uid 4321); tests/cli/test_shared_file_sudo.py does it with real sudo."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from salescockpit.cli import main
from salescockpit.service_account import sudo_caller

SERVICE_UID = 4321


@pytest.fixture(scope="module")
def team_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("sudo") / "team.db"
    result = CliRunner().invoke(main, ["seed", "--db", str(path), "--leads", "30"], env={"SALESCOCKPIT_CONFIG": ""})
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def through_sudo(monkeypatch, tmp_path):
    """This process as sudo starts it: another account's uid, SUDO_USER/SUDO_UID of the caller, and the
    service account's own config file (the one in its home, here an empty one)."""
    monkeypatch.setattr("os.getuid", lambda: SERVICE_UID)
    config = tmp_path / "service-config.toml"
    config.write_text("", encoding="utf-8")

    def run(caller: str, *words: str, **environment: str):
        env = {"SUDO_USER": caller, "SUDO_UID": "1000", "SALESCOCKPIT_USER": "", "SALESCOCKPIT_DB": "",
               "SALESCOCKPIT_CONFIG": "", **environment}
        monkeypatch.setattr("salescockpit.config.default_config_path", lambda: config)
        return CliRunner().invoke(main, list(words), env=env)

    run.config = config
    return run


def _managers(output: str) -> set[str]:
    return {lead["manager"] for lead in json.loads(output)["leads"]}


def test_the_sudo_rule():
    assert sudo_caller({"SUDO_USER": "anna", "SUDO_UID": "1000"}, 4321) == "anna"
    assert sudo_caller({}, 4321) is None  # not through sudo: the one-person set-up
    assert sudo_caller({"SUDO_USER": "anna", "SUDO_UID": "1000"}, 1000) is None  # sudo to oneself
    assert sudo_caller({"SUDO_USER": "anna", "SUDO_UID": "1000"}, 0) is None  # root may read everything anyway
    assert sudo_caller({"SUDO_USER": "anna"}, 4321) is None  # sudo always sets both
    assert sudo_caller({"SUDO_USER": "root", "SUDO_UID": "0"}, 4321) is None  # the administrator may name anyone


def test_through_sudo_you_are_the_caller(team_file, through_sudo):
    result = through_sudo("ivanov", "queue", "--json", "--db", str(team_file))
    assert result.exit_code == 0, result.output
    assert _managers(result.output) == {"ivanov"}


def test_the_service_accounts_config_maps_an_os_login(team_file, through_sudo):
    through_sudo.config.write_text('[team]\nlogins = { "ivan.p" = "ivanov" }\n', encoding="utf-8")
    result = through_sudo("ivan.p", "queue", "--json", "--db", str(team_file))
    assert result.exit_code == 0, result.output
    assert _managers(result.output) == {"ivanov"}


def test_naming_the_head_with_user_is_refused(team_file, through_sudo):
    result = through_sudo("ivanov", "queue", "--json", "--db", str(team_file), "--user", "head")
    assert result.exit_code == 1
    assert result.output == ("Error: You run salescockpit through sudo as ivanov, so you act as ivanov: "
                             "--user is refused.\n")


def test_naming_the_head_in_the_environment_is_refused(team_file, through_sudo):
    result = through_sudo("ivanov", "queue", "--json", "--db", str(team_file), SALESCOCKPIT_USER="head")
    assert result.exit_code == 1
    assert result.output == ("Error: You run salescockpit through sudo as ivanov, so you act as ivanov: "
                             "SALESCOCKPIT_USER is refused.\n")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_another_config_file_is_refused(team_file, through_sudo, tmp_path, how):
    mine = tmp_path / "mine.toml"
    mine.write_text('[team]\nlogins = { "ivanov" = "head" }\n', encoding="utf-8")
    words = ["queue", "--json", "--db", str(team_file)]
    if how == "option":
        result = through_sudo("ivanov", *words, "--config", str(mine))
    else:
        result = through_sudo("ivanov", *words, SALESCOCKPIT_CONFIG=str(mine))
    assert result.exit_code == 1
    where = "--config" if how == "option" else "SALESCOCKPIT_CONFIG"
    assert result.output == (f"Error: You run salescockpit through sudo: the service account's own config file "
                             f"counts, {where} is refused.\n")


def test_without_sudo_the_one_person_set_up_names_anyone(team_file):
    result = CliRunner().invoke(main, ["queue", "--json", "--db", str(team_file), "--user", "head"],
                                env={"SALESCOCKPIT_CONFIG": "", "SALESCOCKPIT_DB": "", "SUDO_USER": "", "SUDO_UID": ""})
    assert result.exit_code == 0, result.output
    assert len(_managers(result.output)) > 1


@pytest.fixture
def service_folder(tmp_path):
    """A folder and a file of the service account's own (uid 4321): made by root, then given away."""
    if os.geteuid() != 0:
        pytest.skip("giving files to another uid needs root")
    folder = tmp_path / "service"
    folder.mkdir()
    secret = folder / "audit.key"
    secret.write_text("ab" * 32 + "\n")
    for path in (folder, secret):
        os.chown(path, SERVICE_UID, SERVICE_UID)
    return folder


def test_an_export_over_a_file_of_the_service_account_is_refused(team_file, through_sudo, service_folder, tmp_path):
    target = service_folder / "audit.key"
    link = tmp_path / "innocent.csv"
    link.symlink_to(target)
    for output in (target, service_folder / "new.csv", link):
        result = through_sudo("ivanov", "export", "leads", "--output", str(output), "--db", str(team_file))
        assert result.exit_code == 1, result.output
        assert result.output == (f"Error: {output}: through sudo, salescockpit reads and writes no file of the "
                                 "service account's; give a file in a folder of your own.\n")
    assert target.read_text() == "ab" * 32 + "\n" and not (service_folder / "new.csv").exists()


def test_an_import_cannot_read_a_file_of_the_service_account(team_file, through_sudo, service_folder):
    result = through_sudo("ivanov", "import", "leads", str(service_folder / "audit.key"), "--db", str(team_file))
    assert result.exit_code == 1
    assert "ab" * 32 not in result.output and "reads and writes no file of the service account's" in result.output


def test_an_export_into_a_folder_of_ones_own_works(team_file, through_sudo, tmp_path):
    output = tmp_path / "mine.csv"
    result = through_sudo("ivanov", "export", "leads", "--output", str(output), "--db", str(team_file))
    assert result.exit_code == 0, result.output
    assert output.is_file()


def test_an_export_to_standard_output_is_for_ones_own_shell_to_save(team_file, through_sudo):
    result = through_sudo("ivanov", "export", "leads", "--output", "-", "--db", str(team_file))
    assert result.exit_code == 0, result.output
    lines = result.stdout.lstrip("\ufeff").splitlines()
    assert len(lines) > 1 and "name" in lines[0].casefold()


def test_a_recording_cannot_be_a_file_of_the_service_account(team_file, through_sudo, service_folder):
    result = through_sudo("ivanov", "recording", "attach", "1", str(service_folder / "audit.key"),
                          "--db", str(team_file))
    assert result.exit_code == 1
    assert "reads and writes no file of the service account's" in result.output


def test_a_file_deeper_under_a_folder_of_the_service_account_is_refused(team_file, through_sudo, service_folder):
    deeper = service_folder / "backups"
    deeper.mkdir()  # root's, but only reachable through the service account's folder
    result = through_sudo("ivanov", "export", "leads", "--output", str(deeper / "x.csv"), "--db", str(team_file))
    assert result.exit_code == 1
    assert "reads and writes no file of the service account's" in result.output
    assert not (deeper / "x.csv").exists()
