"""The medical review tests' users (the demo editor and reviewer) for the admin tests too."""

from tests.network.conftest import editor, reviewer  # noqa: F401 (fixtures)
