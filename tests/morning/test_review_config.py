"""[review] daily_capacity and backlog_max_days: defaults, values, and one clear line when wrong."""

from __future__ import annotations

import pytest

from salescockpit.config import ConfigError, settings_from_mapping


def test_defaults_and_values():
    assert (settings_from_mapping({}, {}).review_daily_capacity,
            settings_from_mapping({}, {}).review_backlog_max_days) == (60, 3)
    settings = settings_from_mapping({"review": {"daily_capacity": 25, "backlog_max_days": 0}}, {})
    assert (settings.review_daily_capacity, settings.review_backlog_max_days) == (25, 0)


@pytest.mark.parametrize("table, wanted", [
    ({"daily_capacity": 0}, "review.daily_capacity"),
    ({"daily_capacity": "many"}, "review.daily_capacity"),
    ({"backlog_max_days": -1}, "review.backlog_max_days"),
    ({"capacity": 5}, "unknown key"),
])
def test_wrong_values_say_which_key(table, wanted):
    with pytest.raises(ConfigError) as caught:
        settings_from_mapping({"review": table}, {})
    assert wanted in str(caught.value) and "\n" not in str(caught.value)
