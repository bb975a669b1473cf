"""`salescockpit script import FILE.toml` and `salescockpit script export NAME [--output FILE]`.

Call scripts live in the database, versioned; these commands move them in and out as TOML
(the shape of the shipped examples in `salescockpit/scripts/`). Importing is for the head.
"""

from __future__ import annotations

from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


@click.group(help=_("Import and export call scripts as TOML files."))
def script() -> None:
    """Import and export call scripts as TOML files."""


@script.command("import", help=_("Save the script in FILE as the current version of its name (head of sales only)."))
@common_options
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def script_import(ctx: click.Context, file: Path, **options: object) -> None:
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.script_files import import_script_file

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        actor = env.actor(service)
        script_id, version = import_script_file(service, actor, file)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("Imported {file} as script #{id}, version {version}.").format(file=file, id=script_id, version=version))


@script.command("export", help=_("Print (or write) the current version of the script called NAME as TOML."))
@common_options
@click.argument("name")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help=_("Write to FILE (default: standard output)."))
@click.pass_context
def script_export(ctx: click.Context, name: str, output: Path | None, **options: object) -> None:
    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.script_files import export_script

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        ensure_catalog(service)  # a fresh database can export the shipped scripts too
        text = export_script(service, name)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(_("Cannot write {file}: {reason}").format(file=output, reason=error.strerror)) from error
    click.echo(_("Wrote {name} to {file}.").format(name=name, file=output), err=True)


@script.command("assign", help=_("Make NAME the default script of a manager's calls (head only)."))
@common_options
@click.argument("name", required=False)
@click.option("--to", "login", required=True, metavar="LOGIN", help=_("The manager whose calls use this script."))
@click.option("--clear", is_flag=True, help=_("Go back to the script chosen by the lead's stage."))
@click.pass_context
def script_assign(ctx: click.Context, name: str | None, login: str, clear: bool, **options: object) -> None:
    from salescockpit.services.catalog import ensure_catalog
    from salescockpit.services.errors import ServiceError
    from salescockpit.services.scripts import set_default_script

    if not clear and not name:
        raise click.UsageError(_("Name a script, or use --clear."))
    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        ensure_catalog(service)
        set_default_script(service, env.actor(service), login, None if clear else name)
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("{login}: calls are scored against {name}.").format(
        login=login, name=name if not clear else _("the script for the lead's stage")))
