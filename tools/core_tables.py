"""Write `src/salescockpit/store/core_tables.py`: the SQLModel tables as plain SQLAlchemy Core.

    .venv/bin/python tools/core_tables.py          # rewrite the module
    .venv/bin/python tools/core_tables.py --check  # exit 1 when the module is out of date

The read path (the queue's first rows) runs over `core_tables` so that opening the cockpit
imports neither SQLModel nor pydantic; the write side keeps its models (`store/tables.py` and
its siblings). The models stay the one source: this script copies every table's columns (name,
type, primary key, nullability, foreign keys) and `tests/store/test_core_tables.py` fails when
the copy and the models differ, naming this command.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "salescockpit" / "store" / "core_tables.py"

HEADER = '''"""The database's tables as plain SQLAlchemy Core, for the read path (GENERATED: do not edit).

Written by `tools/core_tables.py` from the SQLModel models (`store/tables.py` and its siblings),
which stay the one source of the schema; `tests/store/test_core_tables.py` checks the two agree.
Importing this module imports SQLAlchemy only: the queue's first rows are read over these
tables, and SQLModel/pydantic load in the background afterwards (`tui/cockpit.py`).

Never mix a table of this module with a model's ``__table__`` in one statement: they are two
Table objects for the same table, and SQLAlchemy would join them as two FROM entries.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Float, ForeignKey, Integer, MetaData, String, Table, Text

from .types import UTCDateTime

metadata = MetaData()
'''


def type_source(column) -> str:
    """The Core type of ``column`` as source text (SQLModel's AutoString is a String)."""
    kind = type(column.type).__name__
    if kind in ("AutoString", "String"):
        length = column.type.length
        return f"String({length})" if length else "String()"
    if kind in ("Integer", "BigInteger", "Boolean", "Date", "Float", "Text", "UTCDateTime"):
        return f"{kind}()"
    raise SystemExit(f"tools/core_tables.py: no Core spelling for {column.table.name}.{column.name}: {kind}")


def column_source(column) -> str:
    parts = [repr(column.name), type_source(column)]
    parts += [f"ForeignKey({fk.target_fullname!r})" for fk in sorted(column.foreign_keys, key=lambda f: f.target_fullname)]
    if column.primary_key:
        parts.append("primary_key=True")
    parts.append(f"nullable={column.nullable}")
    return f"    Column({', '.join(parts)}),"


def variable_name(table_name: str) -> str:
    return f"{table_name}"


def module_source() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from sqlmodel import SQLModel

    import salescockpit.store.tables  # noqa: F401  (registers every model)

    lines = [HEADER]
    for name in sorted(SQLModel.metadata.tables):
        table = SQLModel.metadata.tables[name]
        lines.append(f"{variable_name(name)} = Table(")
        lines.append(f"    {name!r}, metadata,")
        lines += [column_source(column) for column in table.columns]
        lines.append(")")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str]) -> int:
    source = module_source()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != source:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run .venv/bin/python tools/core_tables.py")
            return 1
        return 0
    TARGET.write_text(source, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
