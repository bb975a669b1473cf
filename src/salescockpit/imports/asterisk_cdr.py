"""Asterisk/FreePBX `Master.csv`: the call log as the PBX writes it, without a header.

Fixed columns: accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata,
start, answer, end, duration, billsec, disposition, amaflags, and often uniqueid, userfield (16
to 18 columns). A file is taken for this layout when its first row has that many cells and its
10th cell (start) is a "YYYY-MM-DD HH:MM:SS" time; the first row is then a call like the others.

The direction comes from which side is an internal extension (`is_internal`): src internal is
outbound (the client is dst), dst internal is inbound (the client is src). A call between two
extensions is counted as internal and skipped; a call with no extension on either side is a
problem of its line. The talk time is `billsec`, answered is `disposition`, the call id `uniqueid`;
`start` is the PBX's local time (the team timezone).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from salescockpit.i18n import _

from .phone_log import PhoneLog, PhoneLogRow, RowProblem, parse_duration, parse_time, row_key, within_limit
from .tabular import Table

COLUMNS = ("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp", "lastdata",
           "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield")
MIN_COLUMNS, MAX_COLUMNS = 16, 18
SRC, DST, START, BILLSEC, DISPOSITION, UNIQUEID = 1, 2, 9, 13, 14, 16
_START = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
_DISPOSITIONS = {"ANSWERED": True, "NO ANSWER": False, "NOANSWER": False, "BUSY": False, "FAILED": False,
                 "CONGESTION": False, "CANCEL": False}


def looks_like_master_csv(cells: Sequence[str]) -> bool:
    """Whether a first row is an Asterisk call record rather than a header."""
    return MIN_COLUMNS <= len(cells) <= MAX_COLUMNS and bool(_START.match(cells[START].strip()))


def _row(line: int, cells: list[str], tz: ZoneInfo, is_internal: Callable[[str], bool]) -> PhoneLogRow | None:
    if not MIN_COLUMNS <= len(cells) <= MAX_COLUMNS:
        raise ValueError(_("{count} columns; an Asterisk Master.csv line has 16 to 18.").format(count=len(cells)))
    src, dst = cells[SRC].strip(), cells[DST].strip()
    src_internal, dst_internal = is_internal(src), is_internal(dst)
    if src_internal and dst_internal:
        return None
    if src_internal:
        direction, extension, number = "out", src, dst
    elif dst_internal:
        direction, extension, number = "in", dst, src
    else:
        raise ValueError(
            _("Neither side ({src}, {dst}) is an internal extension; set phone_internal or "
              "[phone_extensions].").format(src=src or "—", dst=dst or "—")
        )
    if not number:
        raise ValueError(_("The number is empty."))
    word = " ".join(cells[DISPOSITION].strip().upper().split())
    if word not in _DISPOSITIONS:
        raise ValueError(_("“{text}” is not a disposition (ANSWERED, NO ANSWER, BUSY, FAILED).").format(
            text=cells[DISPOSITION].strip()))
    uid = within_limit("uniqueid", cells[UNIQUEID].strip(), 150) if len(cells) > UNIQUEID else ""
    return PhoneLogRow(
        line=line,
        started_at=parse_time(cells[START], tz),
        direction=direction,
        number=within_limit("number", number, 64),
        duration_seconds=parse_duration(cells[BILLSEC]),
        answered=_DISPOSITIONS[word],
        extension=within_limit("extension", extension, 64),
        recording_ref=None,
        external_key=row_key(cells),
        call_uid=uid or None,
    )


def master_csv_log(table: Table, tz: ZoneInfo, is_internal: Callable[[str], bool]) -> PhoneLog:
    """Every line of a headerless Master.csv (its 'header' is the first call)."""
    log = PhoneLog()
    lines = [(table.header_line, list(table.headers))] + [(row.line, list(row.cells)) for row in table.rows]
    for line, cells in lines:
        try:
            row = _row(line, cells, tz, is_internal)
        except ValueError as error:
            log.problems.append(RowProblem(line, str(error)))
            continue
        if row is None:
            log.internal += 1
        else:
            log.rows.append(row)
    return log
