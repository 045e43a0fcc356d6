"""Translating content in the admin: where a translation comes from, what of it still reads like its
source, and its references moved to the target locale.

A translation's **source** is the object with the same translation key in the default locale
(English). What the editor translates and the reviewer compares against is the source's live
text (the approved one, if the gate serves it), else its latest draft.

Content says what an editor translates with ``translated_fields`` (field names, StreamFields
included); its references to translatable objects (an article's categories and disclaimer) are
found from its model fields. The network room never imports the rooms above it: it reads these
through the content's own fields.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.html import strip_tags
from django.utils.text import capfirst
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, Locale, Page, TranslatableMixin
from wagtail.signals import copy_for_translation_done

PROBLEM_SAME_AS_SOURCE = "same as the source"
PROBLEM_EMPTY_ALT_TEXT = "empty"

KIND_TEXT = "text"
KIND_ALT_TEXT = "alt_text"
KIND_REFERENCE = "reference"


@dataclass(frozen=True)
class UntranslatedPart:
    """One part of a translation an editor should look at before submitting it, and a reviewer
    before approving it: text identical to the source's, an image's alt text that is empty or
    identical, or a reference (category, disclaimer) with no counterpart in the target locale."""

    kind: str  # KIND_TEXT, KIND_ALT_TEXT or KIND_REFERENCE
    where: str  # e.g. "Summary", "Body, block 3 (Paragraph)", "Body, block 2 (Image): alt text"
    problem: str  # e.g. "same as the English text", "empty", "no Spanish translation of 'Safety'; left unset"
    source_text: str = ""


@dataclass(frozen=True)
class ComparedPart:
    """One row of the side-by-side view: a field, or one text of a body block."""

    where: str
    source_text: str
    translation_text: str
    problem: str = ""
    heading: bool = False  # a block's first row starts a new group


@dataclass(frozen=True)
class SourceVersion:
    """The source object as the translation is compared with, and which state that is."""

    content: TranslatableMixin
    state: str  # "approved", "live, not approved" or "draft, not approved"
    locale: Locale


@dataclass
class _Leaf:
    name: str
    label: str
    text: str


def source_of(*, content: models.Model) -> TranslatableMixin | None:
    """The object in the default locale this content is a translation of, or None (English
    content, or a translation whose source is gone)."""
    if not isinstance(content, TranslatableMixin) or not hasattr(content, "translated_fields"):
        return None
    default_locale = Locale.get_default()
    if content.locale_id == default_locale.pk:
        return None
    if isinstance(content, Page):
        source = Page.objects.filter(translation_key=content.translation_key, locale=default_locale).first()
        return source.specific if source is not None else None
    return type(content).objects.filter(translation_key=content.translation_key, locale=default_locale).first()


def source_version(*, source: TranslatableMixin) -> SourceVersion:
    """The source's live text where it is live (saying whether the gate serves it, i.e. its live
    revision is approved), else its latest draft."""
    live = getattr(source, "live", True)
    if live:
        review = getattr(source, "live_review", None)
        approved = (
            review is not None
            and review.decision == review.APPROVED
            and review.revision_id == getattr(source, "live_revision_id", None)
            and review.object_id == str(source.pk)
        )
        return SourceVersion(
            content=source, state="approved" if approved else "live, not approved", locale=source.locale
        )
    latest = source.get_latest_revision_as_object() if isinstance(source, (Page, DraftStateMixin)) else source
    return SourceVersion(content=latest, state="draft, not approved", locale=source.locale)


def _language(locale: Locale) -> str:
    return locale.get_display_name() or locale.language_code


def _has_letters(text: str) -> bool:
    return any(character.isalpha() for character in text)


def _plain(text) -> str:
    return " ".join(strip_tags(str(text or "")).split())


def _leaves(block, value, name: str = "", label: str = "") -> list[_Leaf]:
    """Every text of a block value, with a readable label ("Question 2")."""
    if isinstance(block, blocks.StructBlock):
        found = []
        for child_name, child in block.child_blocks.items():
            child_label = capfirst(child.label or child_name.replace("_", " "))
            found += _leaves(child, value.get(child_name) if value is not None else None, child_name, child_label)
        return found
    if isinstance(block, blocks.ListBlock):
        found = []
        for number, item in enumerate(value or [], start=1):
            for leaf in _leaves(block.child_block, item, name, label):
                leaf.label = f"{leaf.label or 'Item'} {number}" if not leaf.label[-1:].isdigit() else leaf.label
                found.append(leaf)
        return found
    if isinstance(block, blocks.RichTextBlock):
        return [_Leaf(name=name, label=label, text=_plain(getattr(value, "source", value)))]
    if isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        return [_Leaf(name=name, label=label, text=_plain(value))]
    return []


def _field_label(content: models.Model, name: str) -> str:
    model_field = content._meta.get_field(name)
    assert isinstance(model_field, models.Field)  # translated_fields names the content's own fields
    return str(capfirst(model_field.verbose_name))


def _blocks_of(content: models.Model, name: str) -> list:
    return list(getattr(content, name) or [])


def _block_title(number: int, child) -> str:
    return f"block {number} ({capfirst(child.block.label or child.block_type)})"


@dataclass(frozen=True)
class _Compared:
    block: str  # "Body, block 3 (Paragraph)", or the field's label
    label: str  # the text's label inside the block ("Question 2"), or ""
    name: str  # the text's name in its block ("alt_text"), or ""
    source_text: str
    text: str
    problem: str
    first: bool


def _compare_field(content, original, name: str, language: str) -> list[_Compared]:
    """A field, or each text of each block of a StreamField (matched with the source's block of
    the same id, which a translation keeps), with what is wrong with it."""
    label = _field_label(content, name)
    if not isinstance(content._meta.get_field(name), StreamField):
        text, source_text = _plain(getattr(content, name)), _plain(getattr(original, name))
        same = bool(text) and text == source_text and _has_letters(text)
        return [_Compared(label, "", "", source_text, text, f"same as {language}" if same else "", True)]
    rows = []
    source_blocks = {child.id: child for child in _blocks_of(original, name)}
    for number, child in enumerate(_blocks_of(content, name), start=1):
        where = f"{label}, {_block_title(number, child)}"
        source_child = source_blocks.get(child.id)
        source_texts = {
            leaf.label: leaf.text for leaf in (_leaves(source_child.block, source_child.value) if source_child else [])
        }
        leaves = _leaves(child.block, child.value) or [_Leaf(name="", label="", text="")]
        for index, leaf in enumerate(leaves):
            source_text = source_texts.get(leaf.label, "")
            problem = ""
            if leaf.name == "alt_text" and not leaf.text:
                problem = PROBLEM_EMPTY_ALT_TEXT
            elif leaf.text and leaf.text == source_text and (_has_letters(leaf.text) or leaf.name == "alt_text"):
                problem = f"same as {language}"
            rows.append(_Compared(where, leaf.label, leaf.name, source_text, leaf.text, problem, index == 0))
    seen = {child.id for child in _blocks_of(content, name)}
    for number, child in enumerate(_blocks_of(original, name), start=1):
        if child.id not in seen:
            texts = " / ".join(leaf.text for leaf in _leaves(child.block, child.value) if leaf.text)
            rows.append(_Compared(f"{label}, source {_block_title(number, child)}", "", "", texts, "", "", True))
    return rows


def _comparison(content: TranslatableMixin):
    source = source_of(content=content)
    if source is None:
        return None, []
    version = source_version(source=source)
    language = f"the {_language(version.locale)} text"
    rows = [
        row for name in content.translated_fields for row in _compare_field(content, version.content, name, language)
    ]
    return version, rows


def untranslated_parts(*, content: models.Model) -> list[UntranslatedPart]:
    """What of a translation still reads like its source, for the editor before submitting and
    the reviewer before approving: fields and block texts identical to the source's, images whose
    alt text is empty or identical, and references (categories, disclaimer) with no counterpart
    in the translation's locale. Empty for content in the default locale."""
    version, rows = _comparison(content)
    if version is None:
        return []
    parts: list[UntranslatedPart] = []
    same_texts: dict[str, list[_Compared]] = {}
    for row in rows:
        if not row.problem:
            continue
        if row.name == "alt_text":
            parts.append(UntranslatedPart(KIND_ALT_TEXT, f"{row.block}: alt text", row.problem, row.source_text))
        else:
            if row.block not in same_texts:
                same_texts[row.block] = []
                parts.append(UntranslatedPart(KIND_TEXT, row.block, row.problem))  # replaced below
            same_texts[row.block].append(row)
    for index, part in enumerate(parts):
        same = same_texts.get(part.where) if part.kind == KIND_TEXT else None
        if same:
            labels = ", ".join(row.label for row in same if row.label)
            parts[index] = UntranslatedPart(
                KIND_TEXT,
                f"{part.where}: {labels}" if labels else part.where,
                part.problem,
                " / ".join(row.source_text for row in same),
            )
    return parts + reference_gaps(content=content, source=version.content)


def translatable_references(content: models.Model) -> list[models.Field]:
    """The content's foreign keys and parental many-to-many fields to translatable objects."""
    return [
        model_field
        for model_field in content._meta.get_fields()
        if isinstance(model_field, (models.ForeignKey, ParentalManyToManyField))
        and isinstance(model_field.related_model, type)
        and issubclass(model_field.related_model, TranslatableMixin)
        and not issubclass(model_field.related_model, Page)
    ]


def _referenced(content: models.Model, model_field: models.Field) -> list[TranslatableMixin]:
    if isinstance(model_field, ParentalManyToManyField):
        return list(getattr(content, model_field.name).all())
    related = getattr(content, model_field.name)
    return [related] if related is not None else []


def counterpart_in(*, obj: TranslatableMixin, locale: Locale) -> TranslatableMixin | None:
    """The translation of ``obj`` in ``locale`` (``obj`` itself if it is in it), or None."""
    if obj.locale_id == locale.pk:
        return obj
    return type(obj).objects.filter(translation_key=obj.translation_key, locale=locale).first()


def reference_gaps(*, content: TranslatableMixin, source: TranslatableMixin | None = None) -> list[UntranslatedPart]:
    """References of a translation that are not in its locale (an English category on a Spanish
    article), and the source's references the translation lacks for want of a counterpart."""
    parts = []
    language = _language(content.locale)
    for model_field in translatable_references(content):
        label = str(capfirst(model_field.verbose_name))
        chosen = _referenced(content, model_field)
        chosen_keys = {obj.translation_key for obj in chosen}
        for obj in chosen:
            if obj.locale_id != content.locale_id:
                counterpart = counterpart_in(obj=obj, locale=content.locale)
                problem = (
                    f"'{obj}' is in {_language(obj.locale)}; choose its {language} translation '{counterpart}'"
                    if counterpart is not None
                    else f"'{obj}' is in {_language(obj.locale)} and has no {language} translation yet"
                )
                parts.append(UntranslatedPart(KIND_REFERENCE, label, problem, str(obj)))
        for obj in _referenced(source, model_field) if source is not None else []:
            if obj.translation_key in chosen_keys:
                continue
            counterpart = counterpart_in(obj=obj, locale=content.locale)
            problem = (
                f"no {language} translation of '{obj}'; left unset"
                if counterpart is None
                else f"the source has '{obj}'; its {language} translation '{counterpart}' is not chosen"
            )
            parts.append(UntranslatedPart(KIND_REFERENCE, label, problem, str(obj)))
    return parts


def map_references_to_locale(*, translation: TranslatableMixin) -> None:
    """Point a fresh translation's references at their counterparts in its locale: the source's
    categories at their translations, its disclaimer at the disclaimer's translation. A reference
    with no counterpart is left unset (``reference_gaps`` flags it).

    A saved page copy already has a first revision holding the source's references; that revision
    is rewritten with the mapped ones, so the editor opens (and submits) the mapped version."""
    changed = False
    for model_field in translatable_references(translation):
        chosen = _referenced(translation, model_field)
        mapped = [c for obj in chosen if (c := counterpart_in(obj=obj, locale=translation.locale)) is not None]
        if [obj.pk for obj in mapped] == [obj.pk for obj in chosen]:
            continue
        changed = True
        if isinstance(model_field, ParentalManyToManyField):
            setattr(translation, model_field.name, mapped)
        else:
            setattr(translation, model_field.name, mapped[0] if mapped else None)
    if not changed or translation.pk is None:
        return  # an unsaved snippet copy is saved with the mapped references by its caller
    if isinstance(translation, Page):
        translation.save(clean=False)
        revision = translation.latest_revision
        if revision is not None:
            revision.content = translation.serializable_data()
            revision.save(update_fields=["content"])
    else:
        translation.save()


def compared_parts(*, content: models.Model) -> tuple[SourceVersion | None, list[ComparedPart]]:
    """The translation beside its source: which version of the source, and a row per field and
    per text of each body block, flagged as ``untranslated_parts`` flags them."""
    version, rows = _comparison(content)
    if version is None:
        return None, []
    compared = [
        ComparedPart(
            where=f"{row.block}: {row.label}" if row.label else row.block,
            source_text=row.source_text,
            translation_text=row.text,
            problem=row.problem or ("only in the source" if ", source block" in row.block else ""),
            heading=row.first,
        )
        for row in rows
    ]
    for part in reference_gaps(content=content, source=version.content):
        compared.append(ComparedPart(part.where, part.source_text, "", part.problem, heading=True))
    return version, compared


@transaction.atomic
def create_translations(
    *, content: TranslatableMixin, locales: list[Locale], user, include_subtree: bool = False
) -> list[TranslatableMixin]:
    """Copy ``content`` into each locale as a draft of its own, its references mapped to the
    locale (``map_references_to_locale``, run on Wagtail's ``copy_for_translation_done``). A
    page goes through Wagtail's copy action (unpublished, no revision of the source's); a
    snippet copy is validated as the admin form would (``clean()``, uniqueness) before it is
    saved. Raises ``ValidationError`` naming the locale and what clashes, and then creates
    nothing."""
    translated = []
    for locale in locales:
        language = _language(locale)
        if isinstance(content, Page):
            action = CopyPageForTranslationAction(
                page=content, locale=locale, include_subtree=include_subtree, user=user
            )
            translated.append(action.execute())
            continue
        copy = content.copy_for_translation(locale)
        try:
            copy.clean()
            copy.validate_unique()
        except ValidationError as error:
            raise ValidationError([f"{language}: {message}" for message in error.messages]) from error
        try:
            with transaction.atomic():
                copy.save()
        except IntegrityError as error:
            raise ValidationError(
                f"{language}: this clashes with a {copy._meta.verbose_name} that exists already."
            ) from error
        translated.append(copy)
    return translated


def references_follow_translation(sender, source_obj, target_obj, **kwargs):
    """Every copy for translation (the admin's Translate, a subtree, a script) gets its references
    mapped to the target locale; an alias follows its original instead."""
    if getattr(target_obj, "alias_of_id", None) is None and hasattr(target_obj, "translated_fields"):
        map_references_to_locale(translation=target_obj)


def connect_translation_copies() -> None:
    copy_for_translation_done.connect(references_follow_translation, dispatch_uid="references_follow_translation")
