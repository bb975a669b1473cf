"""Every report output of a bench demo, to compare a change of the report's SQL byte for byte.

    .venv/bin/python bench/report_outputs.py COPY_OF_A_DEMO.db OUT_DIR   # before the change
    .venv/bin/python bench/report_outputs.py COPY_OF_A_DEMO.db OUT_DIR2  # after it
    diff -r OUT_DIR OUT_DIR2                                             # nothing: the same report

Renders every format (xlsx by its sheets' cell values) for the team, a manager's report asked by
the head and a manager's own report, on four days (the bench's report day, the day before, a
week earlier and today, not over), and `build_trend` for each: 72 files. Opening an older demo
upgrades it: work on a copy, never on bench/cache.
"""
import io
import json
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import probes  # noqa: E402
from dataset import NOW  # noqa: E402

from salescockpit import reports  # noqa: E402
from salescockpit.services.actor import Actor  # noqa: E402

db, out = Path(sys.argv[1]), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
ctx = probes.context(db, NOW)
day = probes.report_day(ctx)
days = [day, day - timedelta(days=1), day - timedelta(days=6), ctx.clock.today()]
scopes = [("team", {}), ("ivanov", {"manager_login": "ivanov"}),
          ("petrova-self", {"actor": Actor(3, "petrova", "Petrova", "manager")})]

def xlsx_values(data: bytes) -> str:
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(data))
    return json.dumps({ws.title: [[repr(c) for c in row] for row in ws.iter_rows(values_only=True)]
                       for ws in book.worksheets}, ensure_ascii=False, indent=0)

count = 0
for d in days:
    for name, options in scopes:
        report = reports.build_report(ctx, d, **options)
        for fmt in reports.FORMATS:
            data = reports.render(report, fmt)
            if fmt == "xlsx":
                (out / f"{d}-{name}.xlsx.txt").write_text(xlsx_values(data))
            else:
                (out / f"{d}-{name}.{fmt}").write_bytes(data)
            count += 1
    for name, options in scopes:
        trend = reports.build_trend(ctx, d, 30, **options)
        (out / f"{d}-{name}.trend").write_text(repr(trend))
        count += 1
print(count, "outputs in", out)
