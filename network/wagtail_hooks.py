"""Admin registration of the network's snippets."""

from wagtail import hooks
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


@hooks.register("register_log_actions")
def register_medical_review_actions(actions):
    def approval_message(data):
        return f"Medically approved by {data['reviewer']}, {data['credentials']}; next review due {data['next_review_due']}"

    def rejection_message(data):
        return f"Changes requested in medical review by {data['reviewer']}, {data['credentials']}"

    actions.register_action("network.medical_review.approve", "Medical review: approved", approval_message)
    actions.register_action("network.medical_review.reject", "Medical review: changes requested", rejection_message)
