"""StreamField blocks of an article body. Their delivery shapes are in ``api.blocks``, one
serializer per block value."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link"]


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


class ClinicContactBlock(blocks.StructBlock):
    """A placeholder: replaced at delivery by the requesting clinic's contact block."""

    heading = blocks.CharBlock(required=False, max_length=200, help_text="e.g. 'Talk to our team'")

    class Meta:
        icon = "mail"
        label = "Clinic contact (filled in per clinic)"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    bulleted_list = BulletedListBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    image = ImageBlock()
    contact = ClinicContactBlock()
