"""Leads and clients in one review queue: where a client's reason sits among the leads' (pure).

Both lists come ordered by their own rules (the leads by `domain.morning` or `domain.review`,
the clients by `domain.client_reasons.rank_key`); `merge_queue` keeps each list's order and
puts a client before the first lead whose worst reason is milder than the client's. A client's
place on the leads' scale (`Reason.severity`, 1 = action pending ... 8 = no next step):

- a dispute, an instalment overdue: 1, with an action pending (money owed now);
- a promise to pay broken, a reminder call owed today: 2, with an overdue callback;
- due soon and nobody called: 4, with a hot lead without a next step;
- silent: 7, with a lead stale in its stage.

At the same place, the client goes first when money is at stake (a lead's queue row carries no
money to compare).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from salescockpit.domain.client_reasons import ClientReason

CLIENT_PLACE = {
    ClientReason.DISPUTE: 1,
    ClientReason.INSTALMENT_OVERDUE: 1,
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
) -> list[Lead | Client]:
    """One list: both orders kept, each client before the first lead milder than it."""
    merged: list[Lead | Client] = []
    lead_index = 0
    for client in clients:
        while lead_index < len(leads) and lead_severity(leads[lead_index]) < place(client):
            merged.append(leads[lead_index])
            lead_index += 1
        merged.append(client)
    merged.extend(leads[lead_index:])
    return merged
