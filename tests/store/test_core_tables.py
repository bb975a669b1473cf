"""The read path's Core tables (`store/core_tables.py` and its area modules) are the SQLModel models' tables, column for column."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("core_tables_tool", ROOT / "tools" / "core_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_core_tables_modules_are_what_the_models_generate():
    tool = _generator()
    generated, current = tool.module_source(), tool.current_source()
    assert current == generated, "store/core_tables*.py are out of date: run .venv/bin/python tools/core_tables.py"


def test_every_model_table_has_the_same_columns_in_core():
    from sqlmodel import SQLModel

    import salescockpit.store.tables  # noqa: F401
    from salescockpit.store.core_tables import metadata

    assert set(metadata.tables) == set(SQLModel.metadata.tables)
    for name, model_table in SQLModel.metadata.tables.items():
        core = metadata.tables[name]
        assert [c.name for c in core.columns] == [c.name for c in model_table.columns], name
        for model_column in model_table.columns:
            column = core.columns[model_column.name]
            assert column.primary_key == model_column.primary_key, (name, column.name)
            assert column.nullable == model_column.nullable, (name, column.name)
            assert column.type.compile() == model_column.type.compile(), (name, column.name)
            assert {fk.target_fullname for fk in column.foreign_keys} == {
                fk.target_fullname for fk in model_column.foreign_keys}, (name, column.name)
