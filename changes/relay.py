"""The relay: recorded changes (``network.models.ContentChange``) become each clinic's change events."""


def relay_pending() -> int:
    return 0
