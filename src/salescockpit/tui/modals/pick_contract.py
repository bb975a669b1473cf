"""Pick the contract a payment to match belongs to (the head's key on the Accounts screen)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...i18n import _


class PickContractModal(ModalScreen[int | None]):
    """Open contracts as "№ number · client · INN", the payer's INN first; returns the contract id."""

    BINDINGS = [Binding("escape", "cancel", _("Cancel"), id="pick_contract.cancel",
                        tooltip=_("Leave the payment in the list"))]
    DEFAULT_CSS = """
    PickContractModal { align: center middle; }
    PickContractModal > Vertical { width: 80; height: auto; max-height: 80%; border: round $primary; background: $surface; }
    PickContractModal OptionList { height: auto; max-height: 20; }
    """

    def __init__(self, title: str, contracts: list[tuple[int, str, str, str]], payer_inn: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.contracts = sorted(contracts, key=lambda row: (row[3] != payer_inn or not payer_inn, row[2], row[1]))

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text), classes="title")
            yield OptionList(*[
                Option(Content(f"№ {number} · {client} · {_('INN')} {inn or '—'}"), id=str(contract_id))
                for contract_id, number, client, inn in self.contracts
            ], id="pick-contract-list")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.contracts[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
