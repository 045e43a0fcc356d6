"""The admin's forms for webhook endpoints.

The address is checked as the sender checks it (``webhooks.addresses``): a refused address is the
form's error with the reason, never a server error. Event types are checkboxes; none ticked
sends every type (types added later too). The secret is never a field: it is made by
``services.create_endpoint`` and ``services.rotate_secret`` and shown once.
"""

from django import forms

from api.models import FrontEndClient
from changes.models import EVENT_TYPES

from .addresses import MAX_URL_LENGTH, validate_endpoint_url
from .models import WebhookEndpoint

EVENT_TYPE_CHOICES = [(name, f"{name}: {description}") for name, description in EVENT_TYPES]
URL_HELP = (
    "The clinic website's receiver, e.g. https://www.example.com/webhooks/content. https only, and "
    "never a private, loopback or link-local address: the host is looked up and checked now, and "
    "again before every delivery."
)
EVENT_TYPES_HELP = "Tick the events the website wants; none ticked sends every type, including types added later."


class FrontEndClientChoiceField(forms.ModelChoiceField):
    """A client named with the clinic whose changes it would hear (or every clinic's)."""

    def label_from_instance(self, obj: FrontEndClient) -> str:
        scope = obj.clinic.name if obj.clinic_id else "network-wide: every clinic's changes"
        state = "" if obj.is_active else "; switched off"
        return f"{obj.name} ({scope}{state})"


class EndpointFormMixin(forms.ModelForm):
    """The fields both forms share, with the address checked as the sender checks it."""

    url = forms.CharField(label="URL", max_length=MAX_URL_LENGTH, help_text=URL_HELP, widget=forms.URLInput)
    event_types = forms.MultipleChoiceField(
        choices=EVENT_TYPE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=EVENT_TYPES_HELP,
    )

    def url_needs_checking(self) -> bool:
        return True

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if self.url_needs_checking():
            validate_endpoint_url(url)  # a ValidationError with the reason: the field's error
        return url


class EndpointCreateForm(EndpointFormMixin):
    client = FrontEndClientChoiceField(
        queryset=FrontEndClient.objects.select_related("clinic").order_by("name"),
        label="Front-end client",
        help_text="The website (front-end client) the webhooks are for: it hears its clinic's changes, "
        "or every clinic's for a network-wide client.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["client", "url", "description", "event_types"]


class EndpointEditForm(EndpointFormMixin):
    """The client and the secret stay as they are (a new secret: "Rotate secret")."""

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "event_types", "active"]
        help_texts = {
            "active": "Untick to stop sending to this address: its pending deliveries stop at once.",
        }

    def url_needs_checking(self) -> bool:
        """A changed address, and an endpoint switched back on, are checked now; an unchanged one
        is not, so that an endpoint whose host went away can still be switched off or described
        (the sender checks the address again before every delivery anyway)."""
        ticked = self.fields["active"].widget.value_from_datadict(self.data, self.files, self.add_prefix("active"))
        switched_on = bool(ticked) and not self.instance.active
        return "url" in self.changed_data or switched_on
