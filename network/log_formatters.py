"""Audit-log messages written from an entry's data."""

from collections.abc import Callable

from wagtail.log_actions import LogFormatter


def formatter_of(label: str, describe: Callable[[dict], str]) -> type[LogFormatter]:
    """A log formatter whose message is ``describe(entry.data)`` (the label when the data lacks
    what it reads). Not ``register_action(action, label, message)`` with a function: Wagtail keeps
    that function as the class's ``message`` and renders the bound method, not its text."""

    class DataFormatter(LogFormatter):
        def format_message(self, log_entry):
            try:
                return describe(log_entry.data or {})
            except (KeyError, TypeError):
                return label

    DataFormatter.label = label
    return DataFormatter
