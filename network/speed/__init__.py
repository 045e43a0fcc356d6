"""The speed layer of the delivery API, apart from the domain code it serves.

- ``tags``: the name of every cache tag, defined once.
- ``cache``: the shared cache used so that it never fails a request, tag versions, values held
  by each process (bounded), the request-scoped reads.
- ``invalidation``: the tag bumps of committed changes, written with the change and replayed.
- ``prepared``: hot read queries compiled once and run as prepared statements, keyed by the
  domain selector's own arguments.
- ``rate_limits``: each key's requests per minute, counted in the shared cache in one round
  trip (a sliding-window counter: two integers a key).
"""
