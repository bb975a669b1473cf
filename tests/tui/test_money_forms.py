"""The money forms: a contract split evenly in one key, edited, refused with the difference named."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from textual.app import App
from textual.widgets import Input, Static

from salescockpit.tui.modals.client_form import ClientDraft, ClientForm
from salescockpit.tui.modals.contract_form import ContractDraft, ContractForm
from salescockpit.tui.modals.promise_form import InstalmentChoice, PromiseDraft, PromiseForm

TODAY = date(2026, 12, 7)


class Host(App):
    def __init__(self, form) -> None:
        super().__init__()
        self.form = form
        self.result = "not dismissed"

    def on_mount(self) -> None:
        self.push_screen(self.form, callback=lambda result: setattr(self, "result", result))


async def fill(pilot, values: dict[str, str]) -> None:
    for selector, text in values.items():
        pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


def error_text(pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_contract_split_evenly_then_edited_must_add_up():
    app = Host(ContractForm("ООО Ромашка", today=TODAY))
    async with app.run_test(size=(120, 40)) as pilot:
        await fill(pilot, {"#contract-number": "2026-041", "#contract-total": "100 000,00",
                           "#contract-months": "3", "#contract-first_due": "07.01.2027"})
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        amounts = [screen.query_one(f"#instalment-amount-{n}", Input).value for n in (1, 2, 3)]
        dues = [screen.query_one(f"#instalment-due-{n}", Input).value for n in (1, 2, 3)]
        assert amounts == ["33333.33", "33333.33", "33333.34"]
        assert dues == ["2027-01-07", "2027-02-07", "2027-03-07"]

        screen.query_one("#instalment-amount-3", Input).value = "30 000"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.result == "not dismissed"
        problem = error_text(pilot, "#contract-error")
        assert "3,333.34 less than the total" in problem and "96,666.66" in problem

        screen.query_one("#instalment-amount-3", Input).value = "33 333,34"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == ContractDraft(
        "2026-041", TODAY, "", "RUB", Decimal("100000.00"),
        ((date(2027, 1, 7), Decimal("33333.33")), (date(2027, 2, 7), Decimal("33333.33")),
         (date(2027, 3, 7), Decimal("33333.34"))))


async def test_contract_without_schedule_says_how_to_make_one():
    app = Host(ContractForm("X", today=TODAY))
    async with app.run_test() as pilot:
        await fill(pilot, {"#contract-number": "1", "#contract-total": "10"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "ctrl+e" in error_text(pilot, "#contract-error")
    assert app.result == "not dismissed"


async def test_client_form_checks_the_inn_and_returns_a_draft():
    app = Host(ClientForm({"name": "ООО Ромашка", "phone": "+7 495 123-45-67"}))
    async with app.run_test() as pilot:
        await fill(pilot, {"#client-inn": "12345"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "10 digits" in error_text(pilot, "#client-error")
        await fill(pilot, {"#client-inn": "7707083893", "#client-kpp": "773601001"})
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == ClientDraft("ООО Ромашка", "7707083893", "773601001", "+7 495 123-45-67", None)


async def test_promise_form_defaults_to_the_oldest_instalment_and_refuses_a_past_day():
    choices = [InstalmentChoice(11, "2026-041", date(2026, 11, 7), Decimal("33333.33"))]
    app = Host(PromiseForm("ООО Ромашка", choices, TODAY))
    async with app.run_test() as pilot:
        await fill(pilot, {"#promise-day": "2026-12-01"})
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "today or a later day" in error_text(pilot, "#promise-error")
        await fill(pilot, {"#promise-day": "10.12.2026"})
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == PromiseDraft(11, date(2026, 12, 10), Decimal("33333.33"))
