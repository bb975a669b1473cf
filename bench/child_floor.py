"""Child process: the floors measured on a bare Textual app (no salescockpit import at all).

    python bench/child_floor.py frame      process start -> first frame painted
    python bench/child_floor.py keys N     N times: a key that updates one Static -> repainted

The bare app is what any Textual cockpit must pay: Header, a status Static, one DataTable with
a page of 50 rows of 6 columns (what the review queue shows), Footer, run headless at the
size the cockpit probes use. Figures go to the parent as JSON (see `frames.write_result`).
"""

from __future__ import annotations

import sys

from frames import SIZE, FrameWatch, key_to_frame, settled, since_start, write_result
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

ROWS = 50


class BareApp(App[None]):
    """The floor: the least a table screen with a header and footer costs in Textual."""

    BINDINGS = [Binding("x", "bump", "Bump", id="bare.bump", tooltip="Update the status line")]

    def __init__(self) -> None:
        super().__init__()
        self.bumps = 0
        self.shown = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("status", id="status")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for name in ("Lead", "Company", "Owner", "Stage", "Worst problem", "Reasons"):
            table.add_column(name)
        for row in range(ROWS):
            table.add_row(f"Lead {row}", f"Company {row}", "Owner", "Stage", "Overdue callback", "callback, call")
        table.focus()
        self.shown = 0

    def action_bump(self) -> None:
        self.bumps += 1
        self.query_one("#status", Static).update(f"status {self.bumps}")
        self.shown = self.bumps


def main(argv: list[str]) -> int:
    mode = argv[1] if len(argv) > 1 else "frame"
    presses = int(argv[2]) if len(argv) > 2 else 10
    result: dict[str, object] = {}
    app = BareApp()
    watch = FrameWatch(app)
    first = watch.expect(lambda: app.query_one(DataTable).row_count == ROWS)

    async def script(_pilot) -> None:
        result["first_frame"] = since_start(await watch.frame(first, "the bare app's table"))
        if mode == "keys":
            samples = []
            for press in range(1, presses + 1):
                await settled(app)  # as before every cockpit key: the app idle, a key at a random moment
                samples.append(await key_to_frame(watch, "x", lambda press=press: app.shown == press, "the bump"))
            result["key"] = samples
        app.exit()

    app.run(headless=True, size=SIZE, auto_pilot=script)
    write_result(result)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
