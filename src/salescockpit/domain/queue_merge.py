"""Leads and clients in one review queue: where a client's reason sits among the leads' (pure).

Both lists come ordered by their own rules (the leads by `domain.morning` or `domain.review`,
the clients by `domain.client_reasons.rank_key`, worst first and then the money at stake);
`merge_queue` keeps each list's order and puts a client before the first lead whose worst
reason is milder than the client's. A client's place on the leads' scale (`Reason.severity`,
1 = action pending ... 8 = no next step):

- a dispute: 1, with an action pending (only the head can end it);
- an instalment overdue, a promise to pay broken, a reminder call owed today: 2, with an
  overdue callback (a word not kept, money owed now);
- due soon and nobody called: 4, with a hot lead without a next step;
- silent: 7, with a lead stale in its stage.

At the same place the lead goes first: the morning list's own order (an action overdue, what is
fresh) is kept, and a lead's row carries no money to weigh against a client's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from salescockpit.domain.client_reasons import ClientReason

CLIENT_PLACE = {
    ClientReason.DISPUTE: 1,
    ClientReason.INSTALMENT_OVERDUE: 2,
    ClientReason.PROMISE_BROKEN: 2,
    ClientReason.DUE_SOON_NOT_CALLED: 4,
    ClientReason.CLIENT_SILENT: 7,
}
#: A reminder task owed today (the ladder's call) ranks with an overdue callback.
REMINDER_PLACE = 2
#: Where a client with no reason at all would go: after every lead.
LAST_PLACE = 99

Lead = TypeVar("Lead")
Client = TypeVar("Client")


def client_place(reasons: Sequence[ClientReason], has_reminder_due: bool) -> int:
    """The client's place on the leads' severity scale (smaller is worse)."""
    places = [CLIENT_PLACE[reason] for reason in reasons]
    if has_reminder_due:
        places.append(REMINDER_PLACE)
    return min(places, default=LAST_PLACE)


def merge_queue(
    leads: Sequence[Lead], lead_severity: Callable[[Lead], int],
    clients: Sequence[Client], place: Callable[[Client], int],
    *, keep_first: int = 0, places: int | None = None,
) -> list[Lead | Client]:
    """One list: both orders kept, each client before the first lead milder than it (after its equals).

    The first ``keep_first`` leads stay ahead of every client (the morning's actions overdue);
    ``places`` bounds the list (the head's places left today: a client takes a mild lead's place,
    and that lead waits in the backlog)."""
    merged: list[Lead | Client] = list(leads[:keep_first])
    lead_index = len(merged)
    for client in clients:
        while lead_index < len(leads) and lead_severity(leads[lead_index]) <= place(client):
            merged.append(leads[lead_index])
            lead_index += 1
        merged.append(client)
    merged.extend(leads[lead_index:])
    return merged if places is None else merged[:max(0, places)]
