"""The images an article shows: only the files the medical reviewer approved, with their renditions."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from wagtail.images.models import AbstractImage, Filter

logger = logging.getLogger(__name__)
IMAGE_RENDITION_WIDTHS = (480, 960, 1440)


@dataclass(frozen=True)
class ServedRendition:
    width: int
    height: int
    url: str  # as storage gives it; the API makes it absolute


@dataclass(frozen=True)
class ServedImage:
    id: int
    title: str
    width: int
    height: int
    renditions: tuple[ServedRendition, ...]


def served_images(images: Iterable[AbstractImage], *, approved_files: dict[str, str]) -> dict[int, ServedImage]:
    """The images that may be shown, by id, with their renditions. An image is left out (and
    logged) when its file is not the one the approval fingerprinted (``approved_files``, image id
    to SHA-1) or the file is missing from storage."""
    approved = []
    for image in images:
        if image.file_hash and approved_files.get(str(image.pk)) == image.file_hash:
            approved.append(image)
        else:
            logger.info("Image %s left out: its file is not the one the medical reviewer approved.", image.pk)
    prefetch_renditions(approved)
    served = {}
    for image in approved:
        try:
            renditions = image.get_renditions(*(f"width-{width}" for width in IMAGE_RENDITION_WIDTHS))
        except OSError:  # Wagtail's SourceImageIOError is an OSError
            logger.error("Image %s left out: its file cannot be read from storage.", image.pk, exc_info=True)
            continue
        served[image.pk] = ServedImage(
            id=image.pk,
            title=image.title,
            width=image.width,
            height=image.height,
            renditions=tuple(ServedRendition(r.width, r.height, r.url) for r in renditions.values()),
        )
    return served


def prefetch_renditions(images: Iterable[AbstractImage]) -> None:
    """Load the renditions of every image of an article in one query, except for images whose
    renditions are all in Wagtail's renditions cache (they are read from there).

    Wagtail's own ``prefetch_renditions`` is a queryset method, and these images come from a
    StreamField's values, already fetched; so the prefetch is set up as Django's
    ``prefetch_related`` would (``_result_cache``, ``_prefetch_done``, ``_prefetched_objects_cache``)
    and looked up with Wagtail's ``construct_cache_key`` and ``cache_backend``. On a Django or
    Wagtail upgrade, check ``wagtail/images/models.py`` (``get_renditions`` still reads prefetched
    renditions and the cache first); tests/api/test_query_counts.py fails if it queries again."""
    images = {image.pk: image for image in images if image is not None}
    if not images:
        return
    Rendition = next(iter(images.values())).renditions.model
    specs = [f"width-{width}" for width in IMAGE_RENDITION_WIDTHS]
    keys = {
        pk: [Rendition.construct_cache_key(image, Filter(spec).get_cache_key(image), spec) for spec in specs]
        for pk, image in images.items()
    }
    cached = Rendition.cache_backend.get_many([key for image_keys in keys.values() for key in image_keys])
    images = {pk: image for pk, image in images.items() if not all(key in cached for key in keys[pk])}
    if not images:
        return
    found: dict[int, list] = {pk: [] for pk in images}
    for rendition in Rendition.objects.filter(image_id__in=images, filter_spec__in=specs):
        rendition.image = images[rendition.image_id]
        found[rendition.image_id].append(rendition)
    additions = {}
    for pk, image in images.items():
        prefetched = image.renditions.all()
        prefetched._result_cache = found[pk]
        prefetched._prefetch_done = True
        image._prefetched_objects_cache = {**getattr(image, "_prefetched_objects_cache", {}), "renditions": prefetched}
        for rendition in found[pk]:
            key = Rendition.construct_cache_key(image, rendition.focal_point_key, rendition.filter_spec)
            if key in keys[pk]:  # the current focal point's: what Wagtail looks up
                additions[key] = rendition
    # Wagtail does not cache renditions it finds prefetched: cache them as it would have.
    Rendition.cache_backend.set_many(additions)
