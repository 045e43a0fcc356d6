"""Keys made of a domain function's own arguments, for the queries and values held for it."""

import dataclasses
import datetime
import hashlib
import uuid
from collections.abc import Mapping

from django.db.models import Model

PLAIN_VALUES = (type(None), bool, int, float, str, bytes, uuid.UUID, datetime.date, datetime.datetime)


PLAIN_VALUES = (type(None), bool, int, float, str, bytes, uuid.UUID, datetime.date, datetime.datetime)


def argument_key(value) -> object:
    """A hashable value equal for equal arguments and different for arguments that make a
    different query: plain values as they are, dataclasses and model instances by every field,
    containers by their contents. Anything else is refused rather than keyed by identity."""
    if isinstance(value, PLAIN_VALUES):
        return value
    if isinstance(value, list | tuple):
        return tuple(argument_key(item) for item in value)
    if isinstance(value, set | frozenset):
        return tuple(sorted((argument_key(item) for item in value), key=repr))
    if isinstance(value, Mapping):
        return tuple(sorted((repr(name), argument_key(item)) for name, item in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (type(value).__qualname__, *(argument_key(getattr(value, field.name)) for field in fields))
    if isinstance(value, Model):
        concrete = value._meta.concrete_fields
        return (value._meta.label, *(argument_key(getattr(value, field.attname)) for field in concrete))
    raise TypeError(f"Cannot key a query by a {type(value).__name__}: pass its plain values.")


def digest(*parts) -> str:
    """A short, stable text key of ``argument_key(parts)``: the same in every process."""
    return hashlib.sha256(repr(argument_key(parts)).encode()).hexdigest()
