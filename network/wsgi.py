"""WSGI entry point; production servers set DJANGO_SETTINGS_MODULE=network.settings.production."""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings.dev")
application = get_wsgi_application()


def prepare_claims_checker() -> None:
    """Compile the claim rules and train the classifier (about 2 s) before an editor's first check
    needs them, so the claims panel answers within its second from the first keystroke."""
    from articles.claims.checker import check_text

    check_text("")


threading.Thread(target=prepare_claims_checker, name="prepare-claims-checker", daemon=True).start()
