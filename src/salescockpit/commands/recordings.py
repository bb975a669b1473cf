"""`salescockpit recording attach CALL_ID FILE|URL` and `salescockpit import recordings DIR`.

For recordings that arrive apart from the call log. `attach` ties one file or link to a call
(the head, or the manager who owns its lead); `import recordings` matches every audio file of a
folder to a call by the phone system's call id in its name, else by the time and the number in it
(head only), and lists the files that matched nothing. Both then measure the speech figures of
what they attached (`services.speech_figures`, kept for the report's talk ratio). Exit code 0 when all went in, 1 when some
files matched no call, 2 when nothing could be done (bad call, file, folder or permission).
"""

from __future__ import annotations

from pathlib import Path

import click

from salescockpit.cli_env import Environment, common_options, read_invocation
from salescockpit.i18n import _

EXIT_UNMATCHED = 1
EXIT_FAILED = 2


def _run(ctx: click.Context, options: dict, work):
    from salescockpit.services.errors import ServiceError

    env = Environment(read_invocation(ctx, **options))
    service = env.context()
    try:
        return work(service, env.actor(service))
    except ServiceError as error:
        click.echo(_("Error: {message}").format(message=error.message), err=True)
        ctx.exit(EXIT_FAILED)
    finally:
        service.db.close()


@click.group("recording", help=_("Call recordings that arrive apart from the call log."))
def recording() -> None:
    pass


@recording.command("attach", help=_("Attach the recording FILE or http(s) link to call CALL_ID."))
@common_options
@click.argument("call_id", type=int)
@click.argument("ref", metavar="FILE|URL")
@click.pass_context
def attach(ctx: click.Context, call_id: int, ref: str, **options: object) -> None:
    from salescockpit.services.recordings import attach_recording

    stored = _run(ctx, options, lambda service, actor: attach_recording(service, actor, call_id, ref))
    click.echo(_("Call #{id}: recording {ref}").format(id=call_id, ref=stored))
    _measure(ctx, options, [call_id])


def _measure(ctx: click.Context, options: dict, call_ids: list[int]) -> None:
    """Measure the speech figures of the recordings just attached (kept for the report).

    A recording that cannot be measured (a link, mono, the audio extra missing) is one line on
    stderr and does not undo the attach: `call metrics --all` measures it later.
    """
    from salescockpit.commands.listening import echo_measured
    from salescockpit.services.speech_figures import measure_calls

    if call_ids:
        echo_measured(_run(ctx, options, lambda service, actor: measure_calls(service, actor, call_ids)))


@click.command("recordings", help=_("Attach every audio file of DIR to its call: by the phone system's call id "
                                    "in the file name, else by the time and the phone number in it."))
@common_options
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path, file_okay=False))
@click.pass_context
def import_recordings_command(ctx: click.Context, folder: Path, **options: object) -> None:
    from salescockpit.services.recordings import import_recordings

    result = _run(ctx, options, lambda service, actor: import_recordings(service, actor, folder))
    for name, call_id in result.attached:
        click.echo(_("{file} -> call #{id}").format(file=name, id=call_id))
    click.echo(_("Attached: {n}").format(n=len(result.attached)))
    _measure(ctx, options, [call_id for _name, call_id in result.attached])
    if result.unmatched:
        click.echo(_("No call found for: {n}").format(n=len(result.unmatched)))
        for name in result.unmatched:
            click.echo("  " + name)
        ctx.exit(EXIT_UNMATCHED)
