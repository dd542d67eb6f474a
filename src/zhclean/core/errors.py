"""One root exception; only the CLI turns these into messages and exit code 2."""

from __future__ import annotations


class ZhcleanError(Exception):
    """Base of every error zhclean raises on purpose."""


class ConfigError(ZhcleanError):
    """An option or setting is wrong (unknown filter id, bad value)."""


class InputError(ZhcleanError):
    """A file cannot be read or decoded, or is not text."""


class OutputError(ZhcleanError):
    """A result cannot be written."""


class UsageError(ZhcleanError):
    """The command was given inputs or flags that do not go together."""
