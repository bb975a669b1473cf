"""Talking to the outside world about sound: the player process, and reading audio."""
