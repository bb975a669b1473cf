"""Textual's own words in the cockpit: the palette's system commands and prompt, the Footer's key, the ctrl+c hint.

Textual writes them in English; the app replaces them with translated ones. In English they must
be exactly Textual's (so an upgrade that changes Textual's set shows up here), in Russian ours.
"""

from __future__ import annotations

from textual.app import App
from textual.command import CommandPalette
from textual.widgets import Input

from salescockpit import i18n
from tests.test_i18n_rules import compiled_catalog
from tests.tui.conftest import wait_ready
from tests.tui.russian import russian_tui

RUSSIAN = {
    "Theme": "Тема",
    "Change the current theme": "Сменить тему оформления",
    "Quit": "Выход",
    "Keys": "Клавиши",
    "palette": "палитра",
    "Search for commands…": "Искать команду…",
    "Press [b]{key}[/b] to quit the app": "Выход: [b]{key}[/b]",
    "Do you want to quit?": "Выйти?",
}


async def test_in_english_the_system_commands_are_textuals_own(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        ours = [(command.title, command.help) for command in app.get_system_commands(app.screen)]
        textuals = [(command.title, command.help) for command in App.get_system_commands(app, app.screen)]
        assert ours[: len(textuals)] == textuals
        app.action_show_help_panel()  # "Keys" now offers to hide the panel: Textual's words for that too
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        textuals = [(command.title, command.help) for command in App.get_system_commands(app, app.screen)]
        assert [(c.title, c.help) for c in app.get_system_commands(app.screen)][: len(textuals)] == textuals


async def test_the_palette_speaks_the_users_language(demo_path, settings, clock, tmp_path, monkeypatch):
    monkeypatch.setattr(i18n, "LOCALE_DIR", compiled_catalog(tmp_path / "locale", RUSSIAN))
    with russian_tui() as app_module:
        app = app_module.build_app(db_target=str(demo_path), login="head", settings=settings, clock=clock,
                                   drafts_dir=tmp_path / "drafts")
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            titles = {command.title: command.help for command in app.get_system_commands(app.screen)}
            assert titles["Тема"] == "Сменить тему оформления"
            assert {"Выход", "Клавиши"} <= titles.keys()
            assert "Theme" not in titles and "Quit" not in titles
            palette_key = app.screen.active_bindings[App.COMMAND_PALETTE_BINDING].binding
            assert palette_key.description == "палитра"
            await pilot.press("ctrl+p")
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)
            assert app.screen.query_one(Input).placeholder == "Искать команду…"
            await pilot.press("escape")
            await pilot.press("ctrl+c")  # Textual's hint that ctrl+c does not quit
            await pilot.pause()
            shown = [(notice.title, notice.message) for notice in app._notifications]
            assert ("Выйти?", "Выход: [b]ctrl+q[/b]") in shown


def test_every_key_description_of_textuals_widgets_is_in_our_catalog():
    """A Textual upgrade that adds or rewords a widget's key description fails here, not in Russian help."""
    import textual.containers
    import textual.screen
    import textual.widgets

    from salescockpit.tui.textual_texts import TEXTS, WIDGETS

    described = set()
    for name in WIDGETS:
        widget = (getattr(textual.widgets, name, None) or getattr(textual.containers, name, None)
                  or getattr(textual.screen, name))
        for bindings in widget._merged_bindings.key_to_bindings.values():
            described.update(text for binding in bindings for text in (binding.description, binding.tooltip) if text)
    assert described == set(TEXTS)
