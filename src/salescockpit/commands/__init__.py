"""CLI commands that live in their own modules, registered on `salescockpit.cli.main` by `cli.py`.

A command module takes what every command shares from `salescockpit.cli_env`, never from
`salescockpit.cli`: the group imports the commands, not the other way round.
"""
