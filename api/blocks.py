"""The article body's typed blocks, one serializer per block value: each produces the block's
JSON from the stored value (and what the selector read for the whole article) and documents it
in the schema. Blocks are told apart by ``type``."""

from collections.abc import Callable

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from articles.selectors import ArticleReading

from .clinics import ContactBlockSerializer
from .delivery import rich_text_resolver


def reading_context(reading: ArticleReading) -> dict:
    """What the article's fields render with: the reading, and its rich-text resolver."""
    clinic, article = reading.audience.clinic, reading.article
    resolver = rich_text_resolver(
        clinic=clinic, language_code=article.locale.language_code, link_slugs=reading.link_slugs
    )
    return {"reading": reading, "rich_text": resolver}


@extend_schema_field(OpenApiTypes.STR)
class RichTextField(serializers.Field):
    """Stored rich text as sanitised HTML; article links point at the clinic's website."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return self.context["rich_text"](getattr(value, "source", value))


class ReadFromReading(serializers.Field):
    """A value the selector read for the whole article (a served image, the clinic's contact
    block), found from the block's value by ``pick(reading, value)``; rendered by ``serializer``
    and documented as it. None (rendered as null) where ``pick`` finds nothing."""

    def __init__(self, serializer: serializers.Serializer, *, pick: Callable, **kwargs):
        self.serializer, self.pick = serializer, pick
        super().__init__(read_only=True, **kwargs)
        extend_schema_field(serializer)(self)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.serializer.bind(field_name, self)

    def get_attribute(self, instance):
        return self.pick(self.context["reading"], instance)

    def to_representation(self, value):
        return self.serializer.to_representation(value)


class AbsoluteURLField(serializers.URLField):
    def to_representation(self, value) -> str:
        return self.context["request"].build_absolute_uri(value)


class HeadingValue(serializers.Serializer):
    text = serializers.CharField()
    level = serializers.ChoiceField(choices=["h2", "h3"])


class CalloutValue(serializers.Serializer):
    tone = serializers.ChoiceField(choices=["info", "important", "warning"])
    title = serializers.CharField(allow_blank=True)
    text = RichTextField(help_text="Sanitised HTML.")


class QuestionAnswer(serializers.Serializer):
    question = serializers.CharField()
    answer = RichTextField(help_text="Sanitised HTML.")


class Rendition(serializers.Serializer):
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    url = AbsoluteURLField()


class Image(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = Rendition(many=True, help_text="480, 960 and 1440 px wide (never wider than the original).")
    srcset = serializers.SerializerMethodField(help_text="The renditions as an HTML srcset value.")

    def get_srcset(self, image) -> str:
        url = self.fields["renditions"].child.fields["url"]
        return ", ".join(f"{url.to_representation(r.url)} {r.width}w" for r in image.renditions)


class ImageValue(serializers.Serializer):
    image = ReadFromReading(Image(allow_null=True), pick=lambda reading, value: reading.images.get(value["image"].pk))
    alt_text = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)


class ContactValue(serializers.Serializer):
    heading = serializers.CharField(allow_blank=True)
    contact = ReadFromReading(
        ContactBlockSerializer(help_text="The requesting clinic's contact block."),
        pick=lambda reading, value: reading.contact,
    )


BLOCKS = {
    "heading": (HeadingValue(), "A section heading."),
    "paragraph": (RichTextField(help_text="Sanitised HTML; article links point at the clinic website."), "Rich text."),
    "bulleted_list": (serializers.ListField(child=serializers.CharField()), "A bulleted list of plain-text items."),
    "callout": (CalloutValue(), "A highlighted note."),
    "faq": (QuestionAnswer(many=True), "Questions and answers."),
    "image": (ImageValue(), "An image with required alt text."),
    "local_introduction": (
        RichTextField(help_text="Sanitised HTML."),
        "The requesting clinic's own introduction to a shared article, approved in medical review: first in the "
        "body when the clinic wrote one.",
    ),
    "contact": (
        ContactValue(),
        "The requesting clinic's contact block, filled in at delivery; the block is left out while the clinic "
        "has no published contact block.",
    ),
}


def block(name: str, value_field: serializers.Field, doc: str) -> type[serializers.Serializer]:
    """The serializer of one block type: ``{"type", "value", "id"}`` of a stream child."""
    attrs = {
        "type": serializers.ChoiceField(source="block_type", choices=[name]),
        "value": value_field,
        "id": serializers.CharField(help_text="Stable id of the block within the article."),
        "__doc__": doc,
    }
    return type(f"{name.title().replace('_', '')}BodyBlock", (serializers.Serializer,), attrs)


BLOCK_SERIALIZERS = {name: block(name, field, doc) for name, (field, doc) in BLOCKS.items()}


@extend_schema_field(
    serializers.ListField(
        child=PolymorphicProxySerializer(
            component_name="Block", serializers=BLOCK_SERIALIZERS, resource_type_field_name="type"
        )
    )
)
class BodyField(serializers.Field):
    """The body's served blocks, in order, each by its type's serializer."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)
        self.blocks = {name: serializer() for name, serializer in BLOCK_SERIALIZERS.items()}

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        for name, serializer in self.blocks.items():
            serializer.bind(name, self)

    def to_representation(self, children) -> list[dict]:
        return [self.blocks[child.block_type].to_representation(child) for child in children]
