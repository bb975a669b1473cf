"""The cockpit reaches the review queue's first rows over SQLAlchemy Core alone (issue 22).

The child (`first_rows_child.py`) runs the cockpit headless as the CLI builds it and records
`sys.modules` at the first frame painted with queue rows: no SQLModel, no pydantic, no table
models. The write side (models, default catalog, reminder ladder) loads in the background
after that frame.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TEST_NOW

CHILD = Path(__file__).resolve().parent / "first_rows_child.py"
#: What the read path must not import before the first rows.
WRITE_SIDE = ("sqlmodel", "pydantic", "pydantic_core", "salescockpit.store.tables", "salescockpit.store.money_tables",
              "salescockpit.services.reminders", "salescockpit.services.catalog", "alembic")


def _first_rows(demo_path: Path, tmp_path: Path, login: str) -> dict:
    out = tmp_path / "modules.json"
    done = subprocess.run([sys.executable, str(CHILD), str(demo_path), TEST_NOW.isoformat(), login, str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("login", ["head", "ivanov"])
def test_the_first_queue_rows_are_painted_without_sqlmodel_or_pydantic(demo_path, tmp_path, login):
    result = _first_rows(demo_path, tmp_path, login)

    assert result["failure"] is None
    assert result["rows"] > 0
    loaded = set(result["modules"])
    too_early = sorted(name for name in loaded if name.split(".")[0] in WRITE_SIDE or name in WRITE_SIDE)
    assert too_early == []
    assert {"sqlalchemy", "textual", "salescockpit.store.core_tables", "salescockpit.store.queries.queue"} <= loaded
    # The write side came afterwards, in the background.
    assert {"sqlmodel", "salescockpit.store.tables"} <= set(result["modules_after"])
