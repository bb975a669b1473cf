"""`salescockpit keygen`: make the audit key file and key the audit trail from now on.

Run it once, as the service account that owns the shared SQLite file, as the head of sales
(``sudo -u salescockpit salescockpit keygen``), after setting ``[audit] key_file`` in the service
account's config file. It makes that file (mode 0600, never over an existing one) with a new
random key, then records in the database where the keyed part of the trail begins
(store/audit_key.py). From then on every writer and `doctor` need the key file.
"""

from __future__ import annotations

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _


@click.command("keygen", help=_(
    "Make the audit key file named by [audit] key_file in the config (mode 0600) and key the audit trail "
    "with it from its next row on: then only who can read the key file can make links doctor accepts. "
    "Head of sales; for the shared SQLite file, run as its service account. Keep a copy of the key file in "
    "a safe place: without it doctor cannot check the keyed rows."))
@common_options
@click.pass_context
def keygen(ctx: click.Context, **options: object) -> None:
    from salescockpit.services.audit_key import key_audit_trail, keyed_from
    from salescockpit.services.errors import ServiceError
    from salescockpit.store.audit_key import KeyFileError, new_key_file
    from salescockpit.store.problems import require_writable

    env = Environment(read_invocation(ctx, **options))
    path = env.settings.audit_key_file
    service = env.context(audit_key=False)
    try:
        require_writable(service.db)
        actor = env.actor(service)
        already = keyed_from(service)
        if already is not None:
            raise click.ClickException(_("The audit trail is keyed already (from row {id} on).").format(id=already))
        if not service.db.is_sqlite:
            raise click.ClickException(_("On PostgreSQL the database links the audit trail itself; the key is for "
                                         "the shared SQLite file."))
        if path is None:
            raise click.ClickException(_(
                "Set the key file's path first: [audit] key_file = \"/srv/salescockpit/audit.key\" in the config "
                "file."))
        try:
            key = new_key_file(path)
        except KeyFileError as error:
            raise click.ClickException(error.message) from None
        try:
            first = key_audit_trail(service, actor, key)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
    except ServiceError as error:
        raise click.ClickException(error.message) from error
    finally:
        service.db.close()
    click.echo(_("The audit trail is keyed from row {id} on with the key in {path}. Keep a copy of that file in "
                 "a safe place: doctor needs it to check the trail.").format(id=first, path=path))
