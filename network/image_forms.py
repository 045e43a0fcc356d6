"""The admin's image form: the file of a picture that medically approved content shows is not
replaced in place (``WAGTAILIMAGES_IMAGE_FORM_BASE``)."""

from django.utils.translation import ngettext
from wagtail.images.forms import BaseImageForm

from .review import approvals_showing_image


class ReviewedImageForm(BaseImageForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "file" in self.changed_data:
            count = approvals_showing_image(image_id=self.instance.pk).count()
            if count:
                self.add_error(
                    "file",
                    ngettext(
                        "This picture is part of %(count)d medically approved item that patients see. Replacing "
                        "its file would change what they see without review: upload the new picture as a new "
                        "image, put it in the article and submit the article for medical review.",
                        "This picture is part of %(count)d medically approved items that patients see. Replacing "
                        "its file would change what they see without review: upload the new picture as a new "
                        "image, put it in the articles and submit them for medical review.",
                        count,
                    )
                    % {"count": count},
                )
        return cleaned_data
