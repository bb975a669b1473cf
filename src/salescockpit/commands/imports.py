"""`salescockpit import leads FILE`: leads from a CSV/XLSX export of another CRM or a spreadsheet.

    salescockpit import leads FILE [--map COLUMN=FIELD ...] [--map-stage NAME=STAGE ...]
        [--owner-fallback LOGIN] [--update] [--all-or-nothing] [--dry-run]

A dry run first prints which column goes to which field and which columns are ignored.

Rows that cannot go in are listed with their line and reason and written beside the input as
``NAME.rejects.csv`` (the original columns plus ``line`` and ``reason``). Exit code 0 when every
row went in, 1 when some did not, 2 when the file could not be read at all. `import_group` is
the "import" group: other modules attach their own subcommands (``import calls``) to it.
"""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _

#: How many rejected rows are printed before "... and N more".
SHOWN_REJECTS = 50


@click.group("import", help=_("Import leads (and calls) from CSV or XLSX files."))
def import_group() -> None:
    """Import leads (and calls) from CSV or XLSX files."""


def rejects_path(source: Path) -> Path:
    """Where the rejects of ``source`` go: ``NAME.rejects.csv`` beside it."""
    return source.with_name(f"{source.stem}.rejects.csv")


def write_rejects(path: Path, headers: tuple[str, ...], rejects, delimiter: str | None) -> None:
    """The rejected rows with their original cells, then ``line`` and ``reason`` (UTF-8 with BOM)."""
    from salescockpit.reports.safe_cells import neutralise

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter or ",")
    writer.writerow([*headers, "line", "reason"])
    width = len(headers)
    for reject in rejects:
        cells = list(reject.cells) + [""] * (width - len(reject.cells))
        writer.writerow([*(neutralise(cell) for cell in cells), reject.line, neutralise(reject.reason)])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


@import_group.command("leads", help=_("Import the leads in FILE (CSV in UTF-8 or cp1251 with , ; or tab, or XLSX)."))
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help=_("Read COLUMN as FIELD (name, last_name, middle_name, title, company, job_title, phone, mobile, "
                     "home_phone, other_phone, email, personal_email, other_email, source, owner, stage, value, "
                     "currency, lost_reason, created, modified, tags, comment, external_id, or ignore); repeatable."))
@click.option("--map-stage", "stage_maps", multiple=True, metavar="NAME=STAGE",
              help=_("Read the stage NAME (as the file writes it) as our STAGE key; repeatable."))
@click.option("--owner-fallback", "owner_fallback", metavar="LOGIN",
              help=_("Give the leads whose owner is nobody known to LOGIN instead of rejecting them."))
@click.option("--update", is_flag=True, help=_("Update the existing lead when a row's phone or e-mail matches one."))
@click.option("--all-or-nothing", "all_or_nothing", is_flag=True,
              help=_("Import nothing unless every row can go in."))
@click.option("--dry-run", "dry_run", is_flag=True, help=_("Show what would happen; write nothing."))
@click.pass_context
def import_leads_command(ctx: click.Context, file: Path, maps: tuple[str, ...], stage_maps: tuple[str, ...],
                         owner_fallback: str | None, update: bool, all_or_nothing: bool, dry_run: bool,
                         **options: object) -> None:
    from salescockpit.imports.lead_columns import ColumnError, match_columns, parse_map_options
    from salescockpit.imports.lead_rules import parse_stage_map
    from salescockpit.imports.tabular import TableError, read_table
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.lead_import import import_leads

    started = time.perf_counter()
    try:
        overrides = parse_map_options(maps)
    except ColumnError as error:
        raise click.UsageError(str(error)) from error
    try:
        table = read_table(file)
        columns = match_columns(table.headers, overrides)
    except (TableError, ColumnError) as error:
        click.echo(_("Cannot import {file}: {reason}").format(file=file, reason=error), err=True)
        ctx.exit(2)
    if dry_run:
        _show_columns(table.headers, columns)
    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        stage_map = parse_stage_map(stage_maps, service.pipeline)
        outcome = import_leads(service, env.actor(service), table, columns, update=update,
                               all_or_nothing=all_or_nothing, dry_run=dry_run, stage_map=stage_map,
                               owner_fallback=owner_fallback)
    except ColumnError as error:
        raise click.UsageError(str(error)) from error
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    _report(file, table, outcome, time.perf_counter() - started, dry_run=dry_run, all_or_nothing=all_or_nothing)
    ctx.exit(1 if outcome.not_imported else 0)


def _show_columns(headers: tuple[str, ...], columns: dict[str, int]) -> None:
    """Which column goes to which field, in file order, then the columns nothing reads."""
    from salescockpit.imports.lead_columns import ignored_columns

    fields = {index: field for field, index in columns.items()}
    click.echo(_("Columns read:"))
    for index in sorted(fields):
        click.echo(f"  {headers[index]} -> {fields[index]}")
    ignored = ignored_columns(headers, columns)
    click.echo(_("Columns ignored: {columns}").format(columns=", ".join(ignored) if ignored else "-"))


def _report(file: Path, table, outcome, seconds: float, *, dry_run: bool, all_or_nothing: bool) -> None:
    for note in outcome.notes[:SHOWN_REJECTS]:
        click.echo(_("line {line}: {reason}").format(line=note.line, reason=note.reason), err=True)
    missed = outcome.not_imported
    for reject in missed[:SHOWN_REJECTS]:
        click.echo(_("line {line}: {reason}").format(line=reject.line, reason=reject.reason), err=True)
    if len(missed) > SHOWN_REJECTS:
        click.echo(_("... and {count} more.").format(count=len(missed) - SHOWN_REJECTS), err=True)
    if missed and not dry_run:
        target = rejects_path(file)
        try:
            write_rejects(target, table.headers, missed, table.delimiter)
            click.echo(_("Rows not imported are in {path}.").format(path=target), err=True)
        except OSError as error:
            click.echo(_("Cannot write {path}: {reason}").format(path=target, reason=error.strerror), err=True)
    if dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif all_or_nothing and missed:
        click.echo(_("All or nothing: some rows cannot go in, so nothing was imported."))
    rate = outcome.read / seconds if seconds > 0 else 0.0
    click.echo(
        _("Read {read}, imported {imported}, updated {updated}, duplicates skipped {duplicates}, rejected {rejected} "
          "({rate:.0f} rows/s).").format(
            read=outcome.read, imported=outcome.imported, updated=outcome.updated,
            duplicates=len(outcome.duplicates), rejected=len(outcome.rejected), rate=rate,
        )
    )
