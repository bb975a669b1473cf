"""The `salescockpit` console script: choose the language first, then run the CLI.

Click builds its help texts, and Textual its key labels, when their modules are imported, so the
language must be active before `salescockpit.cli` is imported. This module reads just enough of
the command line, the config and the environment to choose it (`i18n.resolve_language`); a bad
config file is left for the CLI to report properly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value of ``--name X`` or ``--name=X`` in ``argv`` (the last one given wins)."""
    found = None
    for index, word in enumerate(argv):
        if word == name and index + 1 < len(argv):
            found = argv[index + 1]
        elif word.startswith(name + "="):
            found = word.split("=", 1)[1]
    return found


def early_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language for this run, from the arguments, the config and the environment."""
    from .config import ConfigError, load_settings
    from .i18n import resolve_language

    config = _option(argv, "--config")
    try:
        configured = load_settings(Path(config) if config else None, environ).lang
    except (ConfigError, OSError):
        configured = None
    return resolve_language(_option(argv, "--lang"), configured, environ)


def main() -> None:
    from .i18n import set_language
    from .service_account import private_files_through_sudo

    private_files_through_sudo(os.environ)

    set_language(early_language(sys.argv[1:], os.environ))
    from .cli import main as cli_main

    cli_main()
