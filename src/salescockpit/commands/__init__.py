"""CLI commands that live in their own modules (registered on `salescockpit.cli.main`).

`salescockpit.cli` is imported first, so a command module can be imported on its own even
when the CLI registers it with an import at the end of `cli.py`.
"""

from __future__ import annotations

import salescockpit.cli  # noqa: F401  (defines the shared options the commands use)
