"""StreamField blocks of an article body, each shaping its own API output.

Delivery passes a context with ``rich_text`` (a function that resolves internal links for the
requesting clinic), ``contact`` (the requesting clinic's contact block, already serialised) and
``image`` (a function that serialises an image with its renditions).
"""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link"]


def _render_rich_text(source: str, context) -> str:
    resolve = (context or {}).get("rich_text")
    return resolve(source) if resolve else source


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(choices=[("h2", "Heading 2"), ("h3", "Heading 3")], default="h2")

    class Meta:
        icon = "title"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"

    def get_api_representation(self, value, context=None):
        return _render_rich_text(value.source, context)


class BulletedListBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(max_length=500), min_num=1, **kwargs)

    class Meta:
        icon = "list-ul"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("important", "Important"), ("warning", "Warning")], default="info"
    )
    title = blocks.CharBlock(required=False, max_length=200)
    text = ParagraphBlock()

    class Meta:
        icon = "help"


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=300)
    answer = ParagraphBlock()


class FAQBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(QuestionAnswerBlock(), min_num=1, **kwargs)

    class Meta:
        icon = "help"
        label = "FAQ"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(max_length=250, help_text="Describe the image for people who cannot see it. Required.")
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"

    def clean(self, value):
        """Alt text starts from the image's description (Wagtail's ``Image.description``, which its
        own ImageBlock uses as the default alt text): an empty alt text is filled in from it when
        the article is saved, so the revision a reviewer approves holds the words patients get.
        Without either, the alt text field is required as before."""
        image = value.get("image")
        if image is not None and not (value.get("alt_text") or "").strip():
            value["alt_text"] = (getattr(image, "description", "") or "").strip()[:250]
        return super().clean(value)

    def get_api_representation(self, value, context=None):
        serialise_image = (context or {}).get("image")
        image = value["image"]
        return {
            "image": serialise_image(image) if serialise_image and image else None,
            "alt_text": value["alt_text"],
            "caption": value["caption"],
        }


class ClinicContactBlock(blocks.StructBlock):
    """A placeholder: replaced at delivery by the requesting clinic's contact block."""

    heading = blocks.CharBlock(required=False, max_length=200, help_text="e.g. 'Talk to our team'")

    class Meta:
        icon = "mail"
        label = "Clinic contact (filled in per clinic)"

    def get_api_representation(self, value, context=None):
        return {"heading": value["heading"], "contact": (context or {}).get("contact")}


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    bulleted_list = BulletedListBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    image = ImageBlock()
    contact = ClinicContactBlock()
