"""Admin registration of the network's snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Disclaimer


class DisclaimerViewSet(SnippetViewSet):
    model = Disclaimer
    icon = "warning"
    menu_label = "Disclaimers"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["title", "locale", "live"]
    list_filter = ["locale", "live"]
    search_fields = ["title"]


register_snippet(DisclaimerViewSet)
