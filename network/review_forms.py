"""The forms of the reviewer's two decisions, shown in Wagtail's workflow action modal."""

import json

from django import forms
from django.utils.formats import date_format

from .review_flags import (
    COMMENT_MAX_LENGTH,
    FlagToAcknowledge,
    earlier_acknowledgements,
    flags_to_acknowledge,
    says_something,
)

ACKNOWLEDGEMENT_REQUIRED = (
    "Acknowledge this flag: say why the sentence can stand (the reference that backs it, the context "
    "that answers it), or request changes instead."
)


class ApprovalForm(forms.Form):
    """The approve step: an optional comment, and a required comment on each high-severity claim
    flag of the revision under review (``task_state``; without it the form has no flag fields and
    the decision itself refuses an approval that leaves a flag unanswered)."""

    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the approval; the editor sees it in the history.",
    )

    def __init__(self, *args, task_state=None, **kwargs):
        super().__init__(*args, **kwargs)
        revision = getattr(task_state, "revision", None)
        self.flags: list[FlagToAcknowledge] = flags_to_acknowledge(revision=revision)
        earlier = earlier_acknowledgements(revision=revision) if self.flags and not self.is_bound else {}
        for flag in self.flags:
            before = earlier.get(flag.key)
            help_text = f"{flag.why} ({flag.source or 'rule ' + flag.rule})"
            if before:
                help_text += (
                    f" Acknowledged at the last approval by {before['reviewer_name']} on "
                    f"{date_format(before['reviewed_at'], 'j F Y')}: kept unless you change it."
                )
            self.fields[flag.field_name] = forms.CharField(
                label=f"{flag.category.replace('_', ' ').capitalize()} · {flag.where}: "
                + (f"“{flag.sentence}”" if flag.sentence else "the whole article"),
                max_length=COMMENT_MAX_LENGTH,
                initial=before["comment"] if before else "",
                widget=forms.Textarea(attrs={"rows": 2, "data-acknowledge-flag": flag.rule}),
                error_messages={"required": ACKNOWLEDGEMENT_REQUIRED},
                help_text=help_text,
            )

    def clean(self):
        cleaned = super().clean()
        for flag in self.flags:
            if flag.field_name in cleaned and not says_something(cleaned[flag.field_name]):
                self.add_error(flag.field_name, ACKNOWLEDGEMENT_REQUIRED)
        return cleaned


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


def workflow_action_data_is_valid(*, task, task_state=None, action_name: str, raw: str) -> bool:
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
    form = form_class(data=data, task_state=task_state) if form_class is ApprovalForm else form_class(data=data)
    return set(data) <= set(form.fields) and all(isinstance(v, str) for v in data.values()) and form.is_valid()
