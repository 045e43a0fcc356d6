"""The forms of the reviewer's two decisions, shown in Wagtail's workflow action modal."""

import json

from django import forms


class ApprovalForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the approval; the editor sees it in the history.",
    )


class RequestChangesForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what needs to change, so that the editor knows what to fix."},
        help_text="Sent to the editor who submitted it, and kept in the history.",
    )

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if not comment:
            raise forms.ValidationError(self.fields["comment"].error_messages["required"])
        return comment


WORKFLOW_DATA_REFUSED = (
    "Nothing was decided: the review decision arrived incomplete. Open Approve or Request changes again."
)


def workflow_action_data_is_valid(*, task, action_name: str, raw: str) -> bool:
    """The decision data that the edit view's "save and decide" sends (``workflow-action-extra-data``,
    the action modal's form as JSON) is what that action's form accepts. Wagtail passes it to
    ``on_action`` as keyword arguments unchecked, so malformed JSON, a list or an unknown field
    would be a 500, and a non-text comment would reach the review record."""
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return False
    form_class = task.get_form_for_action(action_name) if task is not None else None
    if not isinstance(data, dict) or form_class is None:
        return isinstance(data, dict) and not data
    form = form_class(data=data)
    return set(data) <= set(form.fields) and all(isinstance(v, str) for v in data.values()) and form.is_valid()
