"""The forms of the reviewer's two decisions, shown in Wagtail's workflow action modal."""

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
