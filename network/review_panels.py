"""The review status panel at the top of the edit view of reviewed content (and of contact
blocks, which are served once published). Imported by model modules, so it imports the review
functions only when it renders."""

from wagtail.admin.panels import Panel

from .publishing import requires_medical_review


class ReviewStatusPanel(Panel):
    """The content's served state as clinic websites see it, a newer unreviewed draft, and the
    reviewer's comment when changes were requested."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", "Medical review")
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "network/panels/review_status.html"

        def get_context_data(self, parent_context=None):
            # The model modules that declare this panel are imported by review_state (a circle at
            # load time): read the review state when the panel renders.
            from .review_state import review_state_of, revision_number

            context = super().get_context_data(parent_context)
            instance = self.instance
            state = review_state_of(instance) if instance is not None and instance.pk else None
            number = None
            if state is not None and state.approval is not None:
                number = revision_number(content=instance, revision_id=state.approval.revision_id)
            context.update(state=state, reviewed=requires_medical_review(type(instance)), revision_number=number)
            return context
