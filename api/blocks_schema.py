"""OpenAPI shapes of the article body's typed blocks: one per block type, told apart by ``type``.

The blocks themselves (``articles.blocks``) produce these shapes; the schema test checks that
real responses match them.
"""

from rest_framework import serializers

from .clinics import ContactBlockSerializer


def block(name: str, value_field: serializers.Field, doc: str) -> type[serializers.Serializer]:
    attrs = {
        "type": serializers.ChoiceField(choices=[name]),
        "id": serializers.CharField(help_text="Stable id of the block within the article."),
        "value": value_field,
        "__doc__": doc,
    }
    return type(f"{name.title().replace('_', '')}BodyBlock", (serializers.Serializer,), attrs)


class HeadingValue(serializers.Serializer):
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=["h2", "h3"])


class CalloutValue(serializers.Serializer):
    tone = serializers.ChoiceField(choices=["info", "important", "warning"])
    title = serializers.CharField(allow_blank=True)
    text = serializers.CharField(help_text="Sanitised HTML.")


class QuestionAnswer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField(help_text="Sanitised HTML.")


class Rendition(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    url = serializers.URLField()


class Image(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = Rendition(many=True, help_text="480, 960 and 1440 px wide (never wider than the original).")
    srcset = serializers.CharField(help_text="The renditions as an HTML srcset value.")


class ImageValue(serializers.Serializer):
    image = Image(allow_null=True)
    alt_text = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)


class ContactValue(serializers.Serializer):
    heading = serializers.CharField(allow_blank=True)
    contact = ContactBlockSerializer(help_text="The requesting clinic's contact block.")


BLOCKS = {
    "heading": (HeadingValue(), "A section heading."),
    "paragraph": (
        serializers.CharField(help_text="Sanitised HTML; article links point at the clinic website."),
        "Rich text.",
    ),
    "bulleted_list": (serializers.ListField(child=serializers.CharField()), "A bulleted list of plain-text items."),
    "callout": (CalloutValue(), "A highlighted note."),
    "faq": (QuestionAnswer(many=True), "Questions and answers."),
    "image": (ImageValue(), "An image with required alt text."),
    "contact": (
        ContactValue(),
        "The requesting clinic's contact block, filled in at delivery; the block is left out while the clinic "
        "has no published contact block.",
    ),
}
BLOCK_SERIALIZERS = {name: block(name, field, doc) for name, (field, doc) in BLOCKS.items()}
