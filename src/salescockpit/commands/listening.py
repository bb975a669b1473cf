"""Transcripts, tracker suggestions and speech figures from the command line (issue 20).

    salescockpit transcript import CALL_ID FILE      SRT, WebVTT, Whisper or Vosk JSON
    salescockpit transcript make [CALL_ID]           run [transcribe] command on recordings
    salescockpit review suggest CALL_ID [--script FILE.toml] [--json]
    salescockpit call metrics CALL_ID [--json]       talk_ratio, longest_monologue_s, silence_s, overlaps
    salescockpit call metrics --all [--json]         measure every recording not measured yet
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from salescockpit.cli_env import common_options
from salescockpit.commands.clients import _run  # open, load the actor, run; a refused use case is one line
from salescockpit.i18n import _


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}" if whole >= 3600 else f"{whole // 60}:{whole % 60:02d}"


@click.group("transcript", help=_("Call transcripts: import a file, or make them from recordings."))
def transcript() -> None:
    """Call transcripts."""


@transcript.command("import", help=_("Save FILE (SRT, WebVTT, Whisper or Vosk JSON) as the transcript of call CALL_ID."))
@common_options
@click.argument("call_id", type=int)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.pass_context
def transcript_import(ctx: click.Context, call_id: int, file: Path, **options: object) -> None:
    from salescockpit.services.transcripts import import_transcript

    count = _run(ctx, options, lambda service, actor: import_transcript(service, actor, call_id, file))
    click.echo(_("Call #{id}: {count} transcript line(s) saved.").format(id=call_id, count=count))


@transcript.command("make", help=_("Transcribe the calls with a recording and no transcript, with [transcribe] command."))
@common_options
@click.argument("call_id", type=int, required=False)
@click.pass_context
def transcript_make(ctx: click.Context, call_id: int | None, **options: object) -> None:
    from salescockpit.services.transcripts import make_transcripts

    from salescockpit.store.problems import require_writable

    def work(service, actor):
        require_writable(service.db)
        return make_transcripts(service, actor, call_id)

    results = _run(ctx, options, work)
    for result in results:
        if result.lines:
            click.echo(_("Call #{id}: {count} transcript line(s) saved.").format(id=result.call_id, count=result.lines))
        else:
            click.echo(_("Call #{id}: {problem}").format(id=result.call_id, problem=result.problem), err=True)
    if not results:
        click.echo(_("No call has a recording file without a transcript."))
    if any(not result.lines for result in results):
        ctx.exit(1)


@click.group("review", help=_("The head's call reviews: what the trackers suggest."))
def review() -> None:
    """Call reviews."""


def _suggestions_json(suggestions) -> str:
    return json.dumps({
        "items": [{"key": s.key, "suggested": s.answer, "evidence": s.evidence, "start_s": s.start_s}
                  for s in suggestions.items],
        "objections": [{"key": s.key, "evidence": s.evidence, "start_s": s.start_s} for s in suggestions.objections],
    }, ensure_ascii=False, indent=2)


@review.command("suggest", help=_("Print what the trackers suggest for call CALL_ID from its transcript."))
@common_options
@click.argument("call_id", type=int)
@click.option("--script", "script_file", type=click.Path(path_type=Path, dir_okay=False),
              help=_("Use the items and phrases of this script file instead of the call's script."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def review_suggest(ctx: click.Context, call_id: int, script_file: Path | None, as_json: bool, **options: object) -> None:
    from salescockpit.services.script_files import parse_script_file
    from salescockpit.services.suggestions import suggest_for_call

    def work(service, actor):
        script = parse_script_file(script_file) if script_file else None
        return suggest_for_call(service, actor, call_id, script)

    suggestions = _run(ctx, options, work)
    if as_json:
        click.echo(_suggestions_json(suggestions))
        return
    if not suggestions.items and not suggestions.objections:
        click.echo(_("Call #{id}: no transcript, or no phrases to look for.").format(id=call_id))
        return
    for item in suggestions.items:
        answer = _("done") if item.answer == "done" else _("missed")
        evidence = f"  [{_clock(item.start_s)}] {item.evidence}" if item.evidence else ""
        click.echo(f"{item.key:<20} {answer:<8}{evidence}")
    for objection in suggestions.objections:
        click.echo(_("objection {key} [{at}] {evidence}").format(
            key=objection.key, at=_clock(objection.start_s), evidence=objection.evidence))


@click.group("call", help=_("Calls: speech figures of a recording."))
def call() -> None:
    """Calls."""


def _print_metrics(metrics) -> None:
    ratio = "-" if metrics.talk_ratio is None else f"{metrics.talk_ratio:.0%}"
    click.echo(_("Talk ratio (manager's share of speech): {ratio}").format(ratio=ratio))
    click.echo(_("Longest monologue: {seconds:.1f} s").format(seconds=metrics.longest_monologue_s))
    click.echo(_("Silence: {seconds:.1f} s of {total:.1f} s").format(seconds=metrics.silence_s, total=metrics.duration_s))
    click.echo(_("Overlaps: {count}").format(count=metrics.overlaps))


def echo_measured(measured) -> None:
    """One line a measured call (its talk ratio), or its problem on stderr."""
    for entry in measured:
        if entry.metrics is None:
            click.echo(_("Call #{id}: {problem}").format(id=entry.call_id, problem=entry.problem), err=True)
        else:
            ratio = "-" if entry.metrics.talk_ratio is None else f"{entry.metrics.talk_ratio:.0%}"
            click.echo(_("Call #{id}: talk ratio {ratio} of {seconds:.0f} s").format(
                id=entry.call_id, ratio=ratio, seconds=entry.metrics.duration_s))


@call.command("metrics", help=_("Talk ratio, longest monologue, silence and overlaps of call CALL_ID's stereo "
                                "recording (kept for the report); --all measures every recording not measured yet."))
@common_options
@click.argument("call_id", type=int, required=False)
@click.option("--all", "every", is_flag=True,
              help=_("Measure every call whose recording file has no figures yet, or changed since."))
@click.option("--json", "as_json", is_flag=True, help=_("Print JSON."))
@click.pass_context
def call_metrics_command(ctx: click.Context, call_id: int | None, every: bool, as_json: bool, **options: object) -> None:
    from salescockpit.services.errors import InvalidInput
    from salescockpit.services.speech_figures import measure_call, measure_calls

    def work(service, actor):
        if every == (call_id is not None):
            raise InvalidInput("call_id", _("Give either CALL_ID or --all."))
        return measure_calls(service, actor) if every else measure_call(service, actor, call_id)

    found = _run(ctx, options, work)
    if every:
        if as_json:
            click.echo(json.dumps([{"call_id": entry.call_id, "problem": entry.problem or None,
                                    **(entry.metrics.as_dict() if entry.metrics else {})} for entry in found], indent=2))
        else:
            echo_measured(found)
            click.echo(_("Measured: {count}").format(count=sum(1 for entry in found if entry.metrics)))
        if any(entry.metrics is None for entry in found):
            ctx.exit(1)
        return
    if as_json:
        click.echo(json.dumps(found.as_dict(), indent=2))
        return
    _print_metrics(found)
