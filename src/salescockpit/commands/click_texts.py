"""Click's own texts ("Usage:", "Error: {message}", "Show this message and exit.") for our catalog.

Click writes them through the stdlib's global `gettext.gettext`, which `i18n.set_language` points
at our catalog; but the extractor only finds texts in our source, so this module lists the ones a
user of the command line meets, exactly as click 8 writes them. Nothing imports it at run time.
`tests/test_i18n_rules.py` checks that each is still a text click translates, so a click upgrade
that rewords one shows up as a failing test instead of an English line in a Russian screen.
Left out: texts only a programmer sees (bad option declarations, shell completion set-up).
"""

from __future__ import annotations

from salescockpit.i18n import N_, ngettext

#: Help pages, errors and prompts, as click passes them to `gettext`.
TEXTS = (
    # Help pages
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("(dynamic)"),
    N_("deprecated"),
    # Errors
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Aborted!"),
    N_("Missing command."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Could not open file {filename!r}: {message}"),
    N_("unknown error"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    # Values of the wrong kind
    N_("{value!r} is not a valid {number_type}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value} is not in the range {range}."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("Choose from:\n\t{choices}"),
    # Prompts
    N_("Do you want to continue?"),
    N_("Confirm the action without prompting."),
    N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Press any key to continue..."),
)


def plural_texts(count: int) -> tuple[str, ...]:
    """Click's texts that depend on a count, translated for ``count`` (the extractor reads the ids here)."""
    return (
        ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", count),
        ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", count),
        ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", count),
        ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count),
        ngettext("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}.",
                 count),
        ngettext("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", count),
    )
