"""Import fixtures: the service fixtures (a real database, a head and two managers) and file writers."""

from __future__ import annotations

import pytest

from tests.db_fixtures import *  # noqa: F403  (db_url on SQLite and PostgreSQL, and its hook)
from tests.services.conftest import anna, audit, boris, ctx, fetch, head, new_lead  # noqa: F401


@pytest.fixture
def write_csv(tmp_path):
    """write_csv(rows, name=, encoding=, delimiter=) -> the path of a CSV file made from ``rows``."""

    def write(rows, name="leads.csv", encoding="utf-8", delimiter=","):
        import csv
        import io

        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        path = tmp_path / name
        path.write_bytes(buffer.getvalue().encode(encoding))
        return path

    return write
