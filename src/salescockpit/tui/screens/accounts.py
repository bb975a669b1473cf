"""Accounts: the money after the deal. Clients by money at risk (overdue, then due soon), the
highlighted client's card, and the payments to match.

`tab` moves between the two lists; `]` loads the next page of clients; `p` logs a promise to pay
for the highlighted client; `n` starts a campaign and `t` lists the campaign calls
(`accounts_campaigns`); on a payment to match, `enter` (or `m`) picks its contract and
resolves it (the head only: part A's `services.payments.resolve_payment`). A manager sees the
clients they manage and no payments to match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from ...i18n import _
from ...l10n import day_month, money
from ..messages import DataChanged
from ..widgets.client_card_text import card_text
from ..widgets.cockpit_footer import CockpitFooter
from ..widgets.columns import fit
from .accounts_campaigns import CampaignKeys
from .base import CockpitScreen

if TYPE_CHECKING:
    from ...store.queries.account_card import PaymentToMatch
    from ...store.queries.accounts import AccountRow, AccountsCursor
    from ..cockpit import Cockpit


def load_accounts(cockpit: Cockpit, after: AccountsCursor | None, limit: int):
    """(one page of clients at risk, the payments to match; empty for a manager)."""
    from ...store.queries.account_card import payments_to_match
    from ...store.queries.accounts import accounts_page

    viewer = cockpit.actor
    with cockpit.ctx.db.read() as session:
        page = accounts_page(session, today=cockpit.clock.today(), viewer=viewer, after=after, limit=limit)
        waiting = payments_to_match(session, viewer=viewer) if cockpit.is_head else ()
    return page, waiting


def load_card(cockpit: Cockpit, client_id: int):
    from ...store.queries.account_card import client_card

    with cockpit.ctx.db.read() as session:
        return client_card(session, client_id, viewer=cockpit.actor)


def load_open_contracts(cockpit: Cockpit):
    from ...store.queries.account_card import open_contracts

    with cockpit.ctx.db.read() as session:
        return open_contracts(session)


def resolve(cockpit: Cockpit, payment_id: int, contract_id: int) -> None:
    from ...services.payments import resolve_payment

    resolve_payment(cockpit.ctx, cockpit.actor, payment_id, contract_id)


def save_client(cockpit: Cockpit, draft) -> int:
    from ...services.clients import ClientDraft, create_client

    return create_client(cockpit.ctx, cockpit.actor, ClientDraft(draft.name, draft.inn, draft.kpp, draft.phone,
                                                                 draft.email))


def save_contract(cockpit: Cockpit, client_id: int, draft) -> int:
    from ...services.contracts import ContractDraft, create_contract

    return create_contract(cockpit.ctx, cockpit.actor, ContractDraft(
        draft.number, client_id, draft.signed_on, draft.total, list(draft.instalments), draft.subject, draft.currency))


def log_promise(cockpit: Cockpit, client_id: int, draft) -> int:
    from ...services.promises import log_promise as log

    return log(cockpit.ctx, cockpit.actor, client_id, draft.instalment_id, draft.promised_for, draft.amount)


class AccountsScreen(CampaignKeys, CockpitScreen):
    """Clients by money at risk, a client's card, and the payments the head matches by hand."""

    CSS_PATH = "../styles/accounts.tcss"
    #: Clients per page (`]` loads the next one).
    page_size = 50
    BINDINGS = [
        Binding("tab", "switch_list", _("Other list"), id="accounts.switch",
                tooltip=_("Move between the clients and the payments to match")),
        Binding("m", "match", _("Match"), id="accounts.match",
                tooltip=_("Resolve the highlighted payment to a contract")),
        Binding("p", "promise", _("Promise"), id="accounts.promise",
                tooltip=_("Log a promise to pay for the highlighted client")),
        Binding("a", "add_client", _("New client"), id="accounts.add_client", tooltip=_("Add a client")),
        Binding("c", "add_contract", _("New contract"), id="accounts.add_contract",
                tooltip=_("Add a contract with its payment schedule for the highlighted client")),
        Binding("n", "new_campaign", _("Campaign"), id="accounts.new_campaign", show=False,
                tooltip=_("Start a campaign: upsell or ask for referrals, for the clients a filter picks")),
        Binding("t", "campaign_calls", _("Campaigns"), id="accounts.campaign_calls",
                tooltip=_("The campaign calls to make; enter logs one with its outcome")),
        Binding("right_square_bracket", "next_page", _("More"), id="accounts.more",
                tooltip=_("Load the next page of clients"), key_display="]"),
        Binding("j", "cursor(1)", _("Down"), id="accounts.down", tooltip=_("Next row"), show=False),
        Binding("k", "cursor(-1)", _("Up"), id="accounts.up", tooltip=_("Previous row"), show=False),
        Binding("r", "refresh", _("Refresh"), id="accounts.refresh", tooltip=_("Reload the accounts")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[AccountRow] = []
        self.waiting: tuple[PaymentToMatch, ...] = ()
        self.next_cursor: AccountsCursor | None = None
        self.card = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="accounts-status", classes="status-line")
        yield DataTable(id="accounts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="client-card")
        yield Static("", id="to-match-title", classes="list-title")
        yield DataTable(id="to-match", cursor_type="row", zebra_stripes=True)
        yield CockpitFooter()

    def on_mount(self) -> None:
        columns = {
            "accounts": ((_("Client"), 24), (_("Manager"), 16), (_("Overdue"), 13), (_("Due soon"), 13),
                         (_("Why"), 44)),
            "to-match": ((_("Date"), 7), (_("Amount"), 14), (_("Payer"), 26), (_("INN"), 12), (_("Purpose"), 50)),
        }
        for table_id, specs in columns.items():
            table = self.query_one(f"#{table_id}", DataTable)
            for label, width in specs:
                table.add_column(label, width=fit(label, width))
        self.query_one("#accounts", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self.in_worker(load_accounts, None, self.page_size, then=self._show, group="accounts", exclusive=True)

    def _show(self, loaded) -> None:
        page, waiting = loaded
        self.rows, self.waiting, self.next_cursor = list(page.rows), tuple(waiting), page.next_cursor
        self._fill_accounts(keep=True)
        self._fill_to_match()
        self.loaded = True

    def _fill_accounts(self, keep: bool) -> None:
        table = self.query_one("#accounts", DataTable)
        cursor = table.cursor_row if keep else 0
        table.clear()
        for row in self.rows:
            why = " · ".join(finding.describe() for finding in row.findings[:2])
            if len(row.findings) > 2:
                why += f" +{len(row.findings) - 2}"
            table.add_row(row.name, row.manager_name, money(row.overdue, row.currency) if row.overdue else "—",
                          money(row.due_soon, row.currency) if row.due_soon else "—", why or "—")
        if self.rows:
            table.move_cursor(row=min(max(cursor, 0), len(self.rows) - 1))
            self._load_card()
        else:
            self.query_one("#client-card", Static).update(_("No client has money at risk today."))
        more = " · " + _("more: ]") if self.next_cursor is not None else ""
        self.query_one("#accounts-status", Static).update(
            _("Accounts · clients by money at risk: {count}").format(count=len(self.rows)) + more)

    def _fill_to_match(self) -> None:
        table = self.query_one("#to-match", DataTable)
        table.clear()
        for payment in self.waiting:
            table.add_row(day_month(payment.paid_on), money(payment.amount, payment.currency), payment.payer_name,
                          payment.payer_inn or "—", payment.purpose)
        title = (_("Payments to match: {count} · enter or m picks the contract").format(count=len(self.waiting))
                 if self.cockpit.is_head else _("Payments to match: the head of sales resolves them"))
        self.query_one("#to-match-title", Static).update(title)

    def _load_card(self) -> None:
        row = self.current_client
        if row is not None:
            self.in_worker(load_card, row.client_id, then=self._show_card, group="accounts-card", exclusive=True)

    def _show_card(self, card) -> None:
        from ...services.calls import OUTCOMES, outcome_label

        self.card = card
        labels = {key: outcome_label(key) for key in OUTCOMES}
        self.query_one("#client-card", Static).update(
            card_text(card, self.cockpit.clock.today(), self.cockpit.settings.tz, labels))

    @property
    def current_client(self) -> AccountRow | None:
        table = self.query_one("#accounts", DataTable)
        return self.rows[table.cursor_row] if 0 <= table.cursor_row < len(self.rows) else None

    @on(DataTable.RowHighlighted, "#accounts")
    def _client_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._load_card()

    @on(DataTable.RowSelected, "#to-match")
    def _payment_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_match()

    # Keys ------------------------------------------------------------------------------------

    def action_switch_list(self) -> None:
        other = "to-match" if self.focused is self.query_one("#accounts") else "accounts"
        self.query_one(f"#{other}", DataTable).focus()

    def action_cursor(self, step: int) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else self.query_one("#accounts", DataTable)
        table.action_cursor_down() if step > 0 else table.action_cursor_up()

    def action_refresh(self) -> None:
        self.reload()

    def action_next_page(self) -> None:
        if self.next_cursor is None:
            self.notify(_("That is every client with money at risk."), timeout=2)
            return

        def add(loaded) -> None:
            page, _waiting = loaded
            self.rows.extend(page.rows)
            self.next_cursor = page.next_cursor
            self._fill_accounts(keep=True)

        self.in_worker(load_accounts, self.next_cursor, self.page_size, then=add, group="accounts", exclusive=True)

    def action_match(self) -> None:
        if not self.cockpit.is_head:
            self.notify(_("Only the head of sales resolves the payments to match."), severity="warning")
            return
        table = self.query_one("#to-match", DataTable)
        if not 0 <= table.cursor_row < len(self.waiting):
            self.notify(_("No payment to match is highlighted."), timeout=2)
            return
        payment = self.waiting[table.cursor_row]
        self.in_worker(load_open_contracts, then=lambda contracts: self._pick_contract(payment, contracts))

    def _pick_contract(self, payment: PaymentToMatch, contracts) -> None:
        from ..modals.pick_contract import PickContractModal

        if not contracts:
            self.notify(_("No contract has an open instalment."), severity="warning")
            return
        title = _("{amount} from {payer}: which contract?").format(
            amount=money(payment.amount, payment.currency), payer=payment.payer_name or payment.payer_inn)

        def chosen(contract_id: int | None) -> None:
            if contract_id is not None:
                self.in_worker(resolve, payment.payment_id, contract_id, then=lambda _none: self._resolved(payment))

        self.app.push_screen(PickContractModal(title, list(contracts), payment.payer_inn), chosen)

    def _resolved(self, payment: PaymentToMatch) -> None:
        self.notify(_("Payment of {amount} matched.").format(amount=money(payment.amount, payment.currency)))
        self.app.post_message(DataChanged())

    def action_promise(self) -> None:
        from ..modals.promise_form import InstalmentChoice, PromiseForm

        row, card = self.current_client, self.card
        if row is None or card is None or card.client_id != row.client_id:
            return
        today = self.cockpit.clock.today()
        choices = [InstalmentChoice(line.instalment_id, line.contract_number, line.due, line.amount - line.paid,
                                    line.currency) for line in card.schedule if line.paid < line.amount]

        def save(draft) -> None:
            if draft is not None:
                self.in_worker(log_promise, row.client_id, draft,
                               then=lambda _id: (self.notify(_("Promise to pay logged.")),
                                                 self.app.post_message(DataChanged())))

        self.app.push_screen(PromiseForm(row.name, choices, today), save)

    def _saved(self, message: str) -> None:
        self.notify(message)
        self.app.post_message(DataChanged())

    def action_add_client(self) -> None:
        from ..modals.client_form import ClientForm

        def save(draft) -> None:
            if draft is not None:
                self.in_worker(save_client, draft, then=lambda _id: self._saved(
                    _("Client {name} saved.").format(name=draft.name)))

        self.app.push_screen(ClientForm(phone_region=self.cockpit.settings.phone_region), save)

    def action_add_contract(self) -> None:
        from ..modals.contract_form import ContractForm

        row = self.current_client
        if row is None:
            self.notify(_("Highlight a client first."), timeout=2)
            return

        def save(draft) -> None:
            if draft is not None:
                self.in_worker(save_contract, row.client_id, draft, then=lambda _id: self._saved(
                    _("Contract № {number} saved.").format(number=draft.number)))

        self.app.push_screen(ContractForm(row.name, today=self.cockpit.clock.today(),
                                          default_currency=self.cockpit.settings.company.currency), save)

    def on_screen_resume(self) -> None:
        if self.loaded:
            self.reload()

    def on_data_changed(self, _message: DataChanged) -> None:
        self.reload()
