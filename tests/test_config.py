"""Settings from real TOML files and environment overrides."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from salescockpit.config import (
    ConfigError,
    KNOWN_KEYS,
    Settings,
    default_data_dir,
    default_db_path,
    load_settings,
    machine_timezone,
)
from salescockpit.domain.pipeline import DEFAULT_PIPELINE

NO_ENV: dict[str, str] = {"TZ": "Europe/Moscow"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, **environ: str) -> Settings:
    return load_settings(write(tmp_path, text), {**NO_ENV, **environ})


def test_a_missing_file_means_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "absent.toml", NO_ENV)
    assert settings.timezone == "Europe/Moscow"
    assert settings.tz == ZoneInfo("Europe/Moscow")
    assert (settings.work_start, settings.work_end) == (time(9), time(18))
    assert settings.work_days == frozenset(range(5))
    assert settings.first_contact_limit == timedelta(minutes=60)
    assert settings.pipeline == DEFAULT_PIPELINE
    assert (settings.phone_region, settings.lang, settings.db) == ("RU", None, None)
    assert settings.keys == {} and settings.stale_days == {}


def test_a_full_file(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        """
        timezone = "Europe/Berlin"
        work_start = "08:30"
        work_end = 17:15:00
        work_days = ["Mon", "tue", "wed", "thu", "friday", "sat"]
        first_contact_limit_minutes = 15
        phone_region = "de"
        lang = "ru"
        db = "/srv/sales.db"

        [stale_days]
        needs = 10
        nurture = 0

        [keys]
        "queue.next" = "j"
        "app.quit" = "ctrl+q"
        """,
    )
    assert settings.tz == ZoneInfo("Europe/Berlin")
    assert (settings.work_start, settings.work_end) == (time(8, 30), time(17, 15))
    assert settings.work_days == frozenset(range(6))
    assert settings.first_contact_limit == timedelta(minutes=15)
    assert (settings.phone_region, settings.lang, settings.db) == ("DE", "ru", "/srv/sales.db")
    assert settings.keys == {"queue.next": "j", "app.quit": "ctrl+q"}
    assert settings.stale_days == {"needs": 10, "nurture": None}
    assert settings.pipeline.spec("needs").stale_days == 10
    assert settings.pipeline.spec("nurture").stale_days is None
    assert settings.pipeline.spec("closing").stale_days == DEFAULT_PIPELINE.spec("closing").stale_days


def test_working_hours_come_from_the_settings(tmp_path: Path) -> None:
    hours = load(tmp_path, 'work_start = "10:00"\nwork_days = ["sat", "sun"]').working_hours()
    assert hours.tz == ZoneInfo("Europe/Moscow")
    assert (hours.start, hours.end, hours.days) == (time(10), time(18), frozenset({5, 6}))


def test_a_custom_pipeline(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        """
        [[pipeline.stages]]
        key = "lead"
        stale_days = 2
        [[pipeline.stages]]
        key = "deal"
        hot = true
        [[pipeline.stages]]
        key = "won"
        kind = "won"
        [[pipeline.stages]]
        key = "lost"
        kind = "lost"
        [[pipeline.stages]]
        key = "junk"
        kind = "disqualified"

        [stale_days]
        deal = 4
        """,
    )
    assert settings.pipeline.keys == ("lead", "deal", "won", "lost", "junk")
    assert settings.pipeline.hot_keys == ("deal",)
    assert settings.pipeline.spec("deal").stale_days == 4


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        'timezone = "Europe/Berlin"\nlang = "en"\nphone_region = "DE"',
        SALESCOCKPIT_TIMEZONE="Asia/Tokyo",
        SALESCOCKPIT_LANG="ru",
        SALESCOCKPIT_PHONE_REGION="kz",
        SALESCOCKPIT_DB="postgresql://localhost/sales",
    )
    assert (settings.timezone, settings.lang, settings.phone_region) == ("Asia/Tokyo", "ru", "KZ")
    assert settings.db == "postgresql://localhost/sales"


def test_a_bad_environment_value_names_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SALESCOCKPIT_LANG: 'de' is not a supported language; use en or ru"):
        load(tmp_path, "", SALESCOCKPIT_LANG="de")


def test_the_path_comes_from_the_environment_when_not_given(tmp_path: Path) -> None:
    path = write(tmp_path, 'lang = "ru"')
    assert load_settings(environ={**NO_ENV, "SALESCOCKPIT_CONFIG": str(path)}).lang == "ru"


def test_the_default_path_is_the_user_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "salescockpit").mkdir()
    (tmp_path / "salescockpit" / "config.toml").write_text('phone_region = "BY"', encoding="utf-8")
    assert load_settings(environ=NO_ENV).phone_region == "BY"


def test_default_data_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "salescockpit"
    assert default_db_path() == tmp_path / "salescockpit" / "salescockpit.db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('work_start = "25:00"', "work_start: '25:00' is not a time; use HH:MM"),
        ('work_end = "6pm"', "work_end: '6pm' is not a time; use HH:MM"),
        ("work_start = 9", "work_start: 9 is not a time; use HH:MM"),
        (
            'timezone = "Mars/Base"',
            "timezone: 'Mars/Base' is not a known timezone; use an IANA name such as Europe/Moscow",
        ),
        ('timezone = "../../etc/passwd"', "timezone: '../../etc/passwd' is not a known timezone"),
        ('work_start = "18:00"\nwork_end = "09:00"', "work_end: 09:00 must be after work_start 18:00"),
        ('work_days = ["mon", "funday"]', "work_days: 'funday' is not a day; use mon, tue"),
        ("work_days = []", "work_days: give a non-empty list of days"),
        ("first_contact_limit_minutes = 0", "first_contact_limit_minutes: 0 is not allowed"),
        ("first_contact_limit_minutes = true", "first_contact_limit_minutes: True is not allowed"),
        ('phone_region = "XX"', "phone_region: 'XX' is not a phone region"),
        ('lang = "de"', "lang: 'de' is not a supported language; use en or ru"),
        ('db = ""', "db: give a database file path or URL"),
        ("[stale_days]\nmoon = 3", "stale_days.moon: unknown stage; stages are new, identification"),
        ("[stale_days]\nneeds = -1", "stale_days.needs: -1 is not allowed"),
        ("[stale_days]\nwon = 3", "stale_days.won: a closed stage never goes stale; open stages are new"),
        ('keys = "j"', "keys: must be a table"),
        ("[keys]\n'queue.next' = 5", "keys.queue.next: give the key as text"),
        ('[[pipeline.stages]]\nkey = "only"', "pipeline: The pipeline needs exactly one won stage"),
        ('[pipeline]\ncolumns = 3', "pipeline: only [[pipeline.stages]] rows are allowed"),
    ],
)
def test_bad_values_name_the_key_and_what_is_allowed(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert message in str(caught.value)


def test_unknown_keys_are_refused_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, 'timezon = "Europe/Moscow"\ncolour = "red"')
    message = str(caught.value)
    assert "colour, timezon" in message
    assert all(key in message for key in KNOWN_KEYS)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load(tmp_path, "lang = ")


def test_machine_timezone_reads_tz_then_localtime(tmp_path: Path) -> None:
    assert machine_timezone({"TZ": ":Asia/Tokyo"}) == "Asia/Tokyo"
    zoneinfo = tmp_path / "usr" / "share" / "zoneinfo" / "Europe"
    zoneinfo.mkdir(parents=True)
    (zoneinfo / "Berlin").write_bytes(b"TZif")
    link = tmp_path / "localtime"
    link.symlink_to(zoneinfo / "Berlin")
    assert machine_timezone({"TZ": "EST+5 nonsense"}, link) == "Europe/Berlin"
    assert machine_timezone({}, link) == "Europe/Berlin"
    assert machine_timezone({}, tmp_path / "nothing") == "UTC"
    plain = tmp_path / "plain"
    plain.write_bytes(b"TZif")
    assert machine_timezone({}, plain) == "UTC"


def test_machine_timezone_is_the_default_when_the_file_names_none(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml", {"TZ": "America/New_York"}).timezone == "America/New_York"


def test_the_readme_config_example_loads(tmp_path):
    """The example a user copies from the README must be a valid config."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S).group(1)
    path = tmp_path / "config.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path, environ={})
    assert settings.keys == {"queue.ok": "o,y"}
    assert settings.phone_extensions == {"101": "ivanov"}


def test_listening_settings_audio_channel_and_transcribe_command():
    from salescockpit.config import ConfigError, settings_from_mapping

    settings = settings_from_mapping({"audio": {"manager_channel": 1},
                                      "transcribe": {"command": "whisper-cli -oj -of {output} -f {audio}"}}, {})
    assert settings.audio_manager_channel == 1 and settings.transcribe_command.endswith("{audio}")
    assert settings_from_mapping({}, {}).audio_manager_channel == 0
    for bad in ({"audio": {"manager_channel": 2}}, {"transcribe": {"command": "whisper {output}"}},
                {"audio": {"channel": 0}}):
        with pytest.raises(ConfigError):
            settings_from_mapping(bad, {})


def test_a_config_whose_db_url_holds_a_password_must_be_private(tmp_path):
    from salescockpit.config import ConfigError, load_settings

    path = tmp_path / "config.toml"
    path.write_text('db = "postgresql+psycopg://anna:s3cret@db.example.com/sales"\n', encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="chmod 600") as refused:
        load_settings(path, environ={})
    assert "s3cret" not in str(refused.value)
    path.chmod(0o600)
    assert load_settings(path, environ={}).db.endswith("/sales")
    path.write_text('db = "postgresql+psycopg://anna@db.example.com/sales"\n', encoding="utf-8")
    path.chmod(0o644)
    assert load_settings(path, environ={}).db.endswith("/sales")  # no password in it: nothing to hide


def test_the_money_table_gives_the_reminder_ladder_and_names_a_bad_step():
    from salescockpit.config import ConfigError, settings_from_mapping
    from salescockpit.domain.reminder_ladder import DEFAULT_LADDER, LadderStep, What, Who

    assert settings_from_mapping({}, environ={}).reminder_ladder == DEFAULT_LADDER
    settings = settings_from_mapping({"money": {"reminder_ladder": [{"days": 5, "who": "head", "what": "letter"}],
                                                "paid_wait_days": 2}}, environ={})
    assert settings.reminder_ladder == (LadderStep(5, Who.HEAD, What.LETTER),) and settings.paid_wait_days == 2
    for bad, words in [({"reminder_ladder": [{"days": 1, "who": "boss"}]}, "money.reminder_ladder[1].who"),
                       ({"paid_wait_days": -1}, "money.paid_wait_days"), ({"ladder": []}, "unknown key")]:
        try:
            settings_from_mapping({"money": bad}, environ={})
        except ConfigError as error:
            assert words in str(error)
        else:
            raise AssertionError(bad)
