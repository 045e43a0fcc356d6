"""The users of the medical review tests (demo editor, reviewer, administrator, a Phoenix clinic
editor), for the admin tests too."""

from tests.network.conftest import clinic_editor, editor, reviewer, superuser  # noqa: F401
