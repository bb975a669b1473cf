"""The `[[pipeline.stages]]` and `[stale_days]` settings, checked against the pipeline's rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from salescockpit.config_errors import ConfigError, table as checked_table
from salescockpit.domain.pipeline import Pipeline, PipelineError, pipeline_from_config
from salescockpit.i18n import _


def pipeline_setting(value: Any, where: str) -> Pipeline:
    table = checked_table(value, where)
    unknown = sorted(set(table) - {"stages"})
    if unknown or "stages" not in table:
        raise ConfigError(
            _("{where}: only [[pipeline.stages]] rows are allowed here").format(where=where)
        )
    try:
        return pipeline_from_config(table["stages"])
    except PipelineError as error:
        raise ConfigError(f"{where}: {error}") from None


def stale_days_setting(value: Any, where: str, pipeline: Pipeline) -> dict[str, int | None]:
    overrides: dict[str, int | None] = {}
    for key, days in checked_table(value, where).items():
        if key not in pipeline.keys:
            raise ConfigError(
                _("{where}.{key}: unknown stage; stages are {keys}").format(
                    where=where, key=key, keys=", ".join(pipeline.keys)
                )
            )
        if pipeline.is_terminal(key):
            raise ConfigError(
                _("{where}.{key}: a closed stage never goes stale; open stages are {keys}").format(
                    where=where, key=key, keys=", ".join(pipeline.open_keys)
                )
            )
        if days is False or days == 0:
            overrides[key] = None
        elif isinstance(days, int) and not isinstance(days, bool) and days > 0:
            overrides[key] = days
        else:
            raise ConfigError(
                _("{where}.{key}: {value!r} is not allowed; use whole days above 0, or 0 for never").format(
                    where=where, key=key, value=days
                )
            )
    return overrides


def with_stale_overrides(pipeline: Pipeline, overrides: Mapping[str, int | None], where: str) -> Pipeline:
    try:
        return Pipeline(
            tuple(
                replace(spec, stale_days=overrides[spec.key]) if spec.key in overrides else spec
                for spec in pipeline.stages
            )
        )
    except PipelineError as error:
        raise ConfigError(f"{where}: {error}") from None
