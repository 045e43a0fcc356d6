"""The delivery's hot read queries, compiled once and run as prepared statements, keyed by the
domain selector's own keyword arguments.

A selector that builds a queryset is decorated where it is defined, so the query and its fast
form cannot drift apart: ``held_query`` keeps the built queryset per process, ``prepared`` runs
it as a prepared statement with some arguments as per-request values (its holes). Both key the
query by every other argument's value (``argument_key``): a selector reads nothing else (no
clock, no cached structure) that its query is made of, so equal arguments mean equal queries.

An article query of the medical-review gate costs far more to build (Django compiling it) and to
plan (PostgreSQL) than to run. A ``PreparedQuery`` is built once per process, thread and ``key``
(which must name everything the query is made of) with stand-ins where per-request values go
(its holes), such as an article's slug. On PostgreSQL everything else is written
into the SQL as literals and the statement is run with server-side parameters, so psycopg prepares
it after a few runs and PostgreSQL plans it once per connection for every slug. Elsewhere (SQLite
on a laptop) the queryset is simply built with the real values each time.

This module reads Django internals that have no public equivalent: the SQL compiler
(``as_sql``, ``select``, ``klass_info``, ``annotation_col_map``, ``get_converters``,
``apply_converters``), ``get_related_populators``, ``connection._prepare_cursor`` and the
PostgreSQL backend's ``ServerBindingCursor``. On a Django upgrade, check them against
``django/db/models/sql/compiler.py``, ``django/db/models/query.py`` and
``django/db/backends/postgresql/base.py``; tests/network/test_prepared.py and the contract tests
(tests/api/test_contracts.py) fail if the instances or rows they build differ.

Statements are counted like any query (query budgets and ``CaptureQueriesContext`` see them).
``DATABASE_PREPARED_STATEMENTS=false`` (see the settings) turns preparation off, e.g. behind a
pooler that cannot keep prepared statements; the queries are then still compiled once.
"""

import functools
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]  # Django-private, not in django-stubs (see _instances)
from django.db.models.sql.compiler import SQLCompiler

from . import cache
from .keys import argument_key

KEPT = 256
_MARKER = uuid.uuid4()
_kept = threading.local()  # compilers hold their thread's connection: one cache per thread
LITERAL = re.compile(r"'((?:[^']|'')*)'")


def _stand_in(name: str, kind: type):
    """What the queryset is built with where a per-request value goes, of the column's type."""
    return uuid.uuid5(_MARKER, name) if kind is uuid.UUID else f"hole-{_MARKER.hex}-{name}"


@dataclass
class _Compiled:
    compiler: SQLCompiler
    sql: str | None  # None: the query can match nothing
    names: list[str]  # the hole filling each placeholder, in order
    converters: dict


def _compiles_once(alias: str) -> bool:
    """PostgreSQL compiles once; psycopg prepares the statements when the connection's
    ``prepare_threshold`` (set in the settings) is not None."""
    return connections[alias].vendor == "postgresql"


def _compile(queryset: QuerySet, stand_ins: dict) -> _Compiled:
    from psycopg import ClientCursor  # PostgreSQL only: SQLite set-ups never import it

    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # e.g. ``.none()``: Django runs no query and returns no rows
        return _Compiled(compiler=compiler, sql=None, names=[], converters={})
    connection = connections[queryset.db]
    connection.ensure_connection()
    with ClientCursor(connection.connection) as cursor:
        inlined = cursor.mogrify(sql, params)
    # As psycopg writes them: a UUID as its 32 hex digits.
    holes = {getattr(stand_in, "hex", stand_in): name for name, stand_in in stand_ins.items()}
    names: list[str] = []

    def placeholder(match: re.Match) -> str:
        name = holes.get(match.group(1))
        if name is None:
            return match.group(0)
        names.append(name)
        return "\x00"

    inlined = LITERAL.sub(placeholder, inlined)
    if _MARKER.hex in inlined or any(marker in inlined for marker in holes):  # say, inside a LIKE pattern
        raise ValueError("A hole must be a whole parameter of the query.")
    columns = [column[0] for column in compiler.select[: compiler.col_count]]
    return _Compiled(
        compiler=compiler,
        sql=inlined.replace("%", "%%").replace("\x00", "%s"),
        names=names,
        converters=compiler.get_converters(columns),
    )


class PreparedQuery:
    """``build(values)`` is the queryset for one request's ``values`` (named in ``holes``, with
    their types); ``key`` names everything else it is made of (equal keys must mean equal
    queries but for the holes)."""

    def __init__(self, *, key: tuple, build: Callable[[Mapping], QuerySet], holes: Mapping[str, type]):
        self.key, self.build, self.holes = key, build, holes

    def rows(self, values: Mapping, *, using: str = "default") -> list[tuple]:
        """The query's rows as tuples (its ``values_list``), with Django's conversions applied."""
        if not _compiles_once(using):
            return list(self.build(values))
        _, rows = self._run(values, using)
        return [tuple(row) for row in rows]

    def instances(self, values: Mapping, *, using: str = "default") -> list:
        """The query's model instances, with their ``select_related`` objects and annotations,
        as iterating the queryset would give them."""
        if not _compiles_once(using):
            return list(self.build(values))
        compiled, rows = self._run(values, using)
        return list(_instances(compiled.compiler, rows, using))

    def _run(self, values: Mapping, using: str):
        kept = getattr(_kept, "queries", None)
        if kept is None:
            kept = _kept.queries = {}
        compiled = kept.get((using, self.key))
        if compiled is None:
            stand_ins = {name: _stand_in(name, kind) for name, kind in self.holes.items()}
            if len(kept) >= KEPT:
                kept.clear()
            compiled = kept[(using, self.key)] = _compile(self.build(stand_ins), stand_ins)
        if compiled.sql is None:
            return compiled, []
        rows: Iterable[Sequence] = _execute(using, compiled.sql, [values[name] for name in compiled.names])
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return compiled, rows


def _execute(alias: str, sql: str, params: list) -> list[tuple]:
    """Run ``sql`` with server-side parameters (psycopg prepares a statement it has run a few
    times), through Django's cursor wrapper so the query is counted and logged like any other."""
    # PostgreSQL only, as above; Django has it since 5.0, django-stubs does not list it.
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    connection = connections[alias]
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = ServerBindingCursor(connection.connection)
    # Django-private (not in django-stubs): wraps the cursor as connection.cursor() does; the tests
    # of this module fail if it changes.
    with connection._prepare_cursor(raw) as cursor:  # type: ignore[attr-defined]
        cursor.execute(sql, params)
        return cursor.fetchall()


def _instances(compiler, rows, alias: str):
    """Model instances from compiled rows: what Django's ``ModelIterable`` does after running a query."""
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, alias)
    for row in rows:
        instance = model.from_db(alias, init_list, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in (annotation_col_map or {}).items():
            setattr(instance, name, row[position])
        yield instance


BUILT_QUERIES_KEPT = 256


def held_query(build: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
    """Decorates a selector that builds a queryset from keyword arguments: each process keeps the
    built queryset per ``argument_key`` of the arguments and hands out a clone (building a query
    of the medical-review gate costs more than running it)."""
    held = cache.held_by_process(maxsize=BUILT_QUERIES_KEPT)

    @functools.wraps(build)
    def built(**arguments) -> QuerySet:
        key = argument_key(arguments)
        queryset = held.get(key)
        if queryset is None:
            queryset = held[key] = build(**arguments)
        return queryset.all()

    return built


def prepared(*, holes: Mapping[str, type] | None = None, instances: bool = False):
    """Decorates a selector that builds a queryset from keyword arguments, so that it answers the
    query's rows (its ``values_list``) or, with ``instances``, its model instances, run as a
    prepared statement (``PreparedQuery``). The arguments named in ``holes`` are the statement's
    parameters; the statement is keyed by the selector and every other argument's value."""
    holes = dict(holes or {})

    def decorate(build: Callable[..., QuerySet]) -> Callable[..., list]:
        name = f"{build.__module__}.{build.__qualname__}"

        @functools.wraps(build)
        def run(**arguments) -> list:
            made_of = {key: value for key, value in arguments.items() if key not in holes}
            query = PreparedQuery(
                key=(name, tuple(holes), argument_key(made_of)),
                build=lambda values: build(**made_of, **values),
                holes=holes,
            )
            values = {key: arguments[key] for key in holes}
            return query.instances(values) if instances else query.rows(values)

        return run

    return decorate
