"""The benchmark script runs end to end on a tiny demo and prints its table.

Timing goals are never asserted here (house rule: speed goals live in the benchmark script,
never in a timed test); this only proves `bench/run.py --quick` works: it builds a demo, runs
every probe, prints a row per figure and exits 0 (a failing probe exits non-zero).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tests.db_fixtures import postgres_server  # noqa: F401 - the fixture (skips without a server)

ROOT = Path(__file__).resolve().parent.parent
ROWS = (
    "bare app: start to first frame",
    "bare app: key to repaint (one Static)",
    "queue first page by hand",
    "start to first frame",
    "start to review-queue rows on screen",
    "peak memory of that process",
    "first page (review_queue_page, 50)",
    "queue cursor move",
    "open a lead card",
    "switch modes",
    "board first frame",
    "move a card",
    "10,000 leads from CSV",
    "build the demo database",
    "10,000 payment rows by hand",
    "bank statement import, 10,000 documents",
    "accounts first page by hand",
    "accounts first page (accounts_page",
)


def test_quick_bench_prints_every_row_and_exits_0(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--leads", "300", "--runs", "1",
         "--db", str(tmp_path / "bench.db")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table[0].split("|")[1].strip() == "part"
    for name in ROWS:
        rows = [line for line in table if name in line]
        assert rows, f"no row for {name!r} in:\n{done.stdout}"
        cells = [cell.strip() for cell in rows[0].split("|")[1:-1]]
        assert cells[2] and not cells[2].startswith("error"), rows[0]
    assert "one-day report" in done.stdout
    assert "ERROR" not in done.stdout
    # the demo was built in this run, so its build time is shown rather than "cached"
    seed_row = next(line for line in table if "build the demo database" in line)
    assert "cached" not in seed_row


#: On PostgreSQL: every row that measures the cockpit on its database, with a figure.
PG_ROWS = tuple(name for name in ROWS if "payment rows" not in name and "accounts" not in name
                and "statement" not in name)
#: The rows that have no meaning there, or measure a SQLite world of their own.
PG_NOT_APPLICABLE = ("of which its own (anonymous)", "of which file-backed", "10,000 payment rows by hand",
                     "accounts first page (accounts_page")


def test_quick_bench_runs_on_postgresql_and_prints_its_table(postgres_server):  # noqa: F811 - the fixture
    with postgres_server.fresh(migrated=False) as url:  # an empty database: the bench seeds it with COPY
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--leads", "300", "--runs", "1", "--db", url],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
    assert done.returncode == 0, done.stdout + done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert "database: PostgreSQL" in done.stdout and "psycopg, the same SQL" in done.stdout
    for name in PG_ROWS:
        cells = [cell.strip() for cell in next(line for line in table if name in line).split("|")[1:-1]]
        assert cells[2] and not cells[2].startswith(("error", "n/a")), cells
    for name in PG_NOT_APPLICABLE:
        assert "| n/a (" in next(line for line in table if name in line)
    assert "one-day report" in done.stdout and "note: the hand-written" not in done.stdout


def test_the_table_compares_each_figure_with_its_floor_and_goal():
    spec = importlib.util.spec_from_file_location("bench_table", ROOT / "bench" / "table.py")
    table_module = importlib.util.module_from_spec(spec)
    sys.modules["bench_table"] = table_module  # dataclasses look their module up by name
    spec.loader.exec_module(table_module)
    Figure, Goal, Results = table_module.Figure, table_module.Goal, table_module.Results
    results = Results()
    results.add(Figure("floors", "key floor", samples=[0.010, 0.020, 0.030], key="key"))
    fast = results.add(Figure("keys", "fast", samples=[0.050], floor="key", goal=Goal(3)))
    slow = results.add(Figure("keys", "slow", samples=[0.070], floor="key", goal=Goal(3)))
    twenty = results.add(Figure("board", "twenty", samples=[0.800], floor="key", floor_times=20))
    memory = results.add(Figure("start", "memory", samples=[151.0], unit="MiB", goal=Goal(150, "max")))
    report = results.add(Figure("report", "report", samples=[2.0], goal=Goal(2, "max", strict=True)))
    absent = results.add(Figure("import", "import", text="n/a (not built)", goal=Goal(2, "max")))

    assert results.ratio(fast) == 2.5 and results.verdict(fast) == "ok"
    assert results.verdict(slow) == "MISSED"
    assert results.floor_of(twenty) == 0.4 and results.ratio(twenty) == 2.0
    assert results.verdict(memory) == "MISSED" and results.verdict(report) == "MISSED"
    assert results.verdict(absent) == "" and results.missed == [slow, memory, report]
    table = results.table()
    assert "| keys   | slow" in table and "3.5x" in table and "<= 3x" in table and "n/a (not built)" in table
