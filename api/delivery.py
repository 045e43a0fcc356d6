"""What every delivery endpoint shares: the requested clinic and locale, allowed query
parameters, front-end URLs, rich-text links and images as a clinic's website needs them."""

import datetime
import logging
import re
from collections.abc import Callable, Iterable

import nh3
from django.utils import timezone
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from wagtail.images.models import AbstractImage, Filter
from wagtail.models import Page
from wagtail.rich_text.rewriters import LinkRewriter

from clinics.structure import ClinicProfile, LocaleRef, network_structure
from network.review import ServedReview
from network.speed import cache

from .authentication import ApiKeyAuthentication
from .errors import InvalidParameter, json_exception_handler
from .pagination import ArticlePagination
from .permissions import HasFrontEndKey, check_clinic_access
from .throttling import FrontEndKeyThrottle

logger = logging.getLogger(__name__)
IMAGE_RENDITION_WIDTHS = (480, 960, 1440)
SAFE_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote"}


class DeliveryView(GenericAPIView):
    """What every delivery endpoint is: read with a front-end key (scoped to a clinic or the
    network), rate-limited per key, JSON out, every error in the one shape. Declared here rather
    than as Django REST framework's project-wide defaults, so that Wagtail's own admin API (the
    page explorer's menus) keeps its session authentication and its own errors."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasFrontEndKey]
    throttle_classes = [FrontEndKeyThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    pagination_class = ArticlePagination

    def get_exception_handler(self):
        return json_exception_handler


def reject_unknown_parameters(request: Request, allowed: Iterable[str]) -> None:
    """A query parameter the endpoint does not know is a 400 naming it, never silently ignored;
    so is an empty value (``?scope=``), which the schema does not allow either: it would otherwise
    mean "no filter" for some parameters and be refused by others."""
    allowed = set(allowed)
    for name, values in request.query_params.lists():
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise InvalidParameter(name, f"Unknown query parameter. This endpoint accepts: {known}.")
        if "" in values:
            raise InvalidParameter(name, "Give a value, or leave the parameter out.")


def clinic_for_request(request: Request, slug: str) -> ClinicProfile:
    """The clinic named in the path (from the cached network structure): 404 if there is none,
    403 if the key may not read it."""
    clinic = network_structure().clinics.get(slug)
    if clinic is None:
        raise NotFound(f"No clinic '{slug}' in the network.")
    check_clinic_access(request.auth, clinic)
    return clinic


def locale_for_request(request: Request, clinic: ClinicProfile) -> LocaleRef:
    """The ``locale`` query parameter if given (400 unless the clinic supports it), else the first
    language of ``Accept-Language`` the clinic supports, else the clinic's default locale."""
    supported = {locale.language_code: locale for locale in clinic.locales}
    requested = request.query_params.get("locale")
    if requested is not None:
        if requested not in supported:
            choices = ", ".join(sorted(supported))
            raise InvalidParameter("locale", f"{clinic.name} serves these locales: {choices}.")
        return supported[requested]
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for language, _quality in parse_accept_lang_header(header[:500]) if header else ():
        code = language.split("-")[0].lower()
        if code in supported:
            return supported[code]
    return supported.get(clinic.default_language_code) or network_structure().default_locale


def fallback_for_request(request: Request) -> bool:
    """``fallback`` (default true): serve the default-locale version where no approved translation exists."""
    raw = request.query_params.get("fallback", "true")
    if raw not in {"true", "false"}:
        raise InvalidParameter("fallback", "Use true or false.")
    return raw == "true"


LINK_REL = "noopener noreferrer"
# A link nh3 left without a target (an unsafe scheme, or a link the resolver emptied), as nh3 writes it.
LINK_WITHOUT_TARGET = re.compile(rf'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)


def sanitise_html(html: str) -> str:
    """Rich text as a clinic website may insert it as-is: known tags and link targets only; a link
    without a safe target is its text alone."""
    cleaned = nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel=LINK_REL,
    )
    return LINK_WITHOUT_TARGET.sub(r"\1", cleaned)


def front_end_article_url(*, clinic: ClinicProfile, language_code: str, slug: str) -> str:
    """Where the clinic's own website shows an article: /articles/<slug>/, under /<lang>/ if not default."""
    prefix = "" if language_code == clinic.default_language_code else f"/{language_code}"
    return f"{clinic.frontend_base_url}{prefix}/articles/{slug}/"


PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"|<a[^>]*\bid="(\d+)"[^>]*\blinktype="page"')


def linked_page_ids(sources: Iterable[str]) -> set[int]:
    return {int(a or b) for source in sources for a, b in PAGE_LINK.findall(source)}


PAGE_KEYS_KEPT = 100_000
_page_keys = cache.held_by_process(maxsize=PAGE_KEYS_KEPT)  # page id -> translation key


def page_translation_keys(ids: set[int]) -> dict:
    """The translation key of each page id. A page keeps its key for life, so the map is held by
    the process and cached without expiry; only ids not seen before cost a query."""
    held = {pk: _page_keys.get(pk) for pk in ids}
    keys = {pk: key for pk, key in held.items() if key is not None}
    missing = ids - keys.keys()
    if not missing:
        return keys
    found = cache.get_many([f"delivery:page-key:{pk}" for pk in missing])
    keys.update({pk: found[f"delivery:page-key:{pk}"] for pk in missing if f"delivery:page-key:{pk}" in found})
    missing = ids - keys.keys()
    if missing:
        loaded = dict(Page.objects.filter(pk__in=missing).values_list("pk", "translation_key"))
        cache.set_many({f"delivery:page-key:{pk}": key for pk, key in loaded.items()}, timeout=None)
        keys.update(loaded)
    _page_keys.update(keys)
    return keys


def rich_text_resolver(
    *, clinic: ClinicProfile, locale: LocaleRef, page_keys: dict, served_slugs: dict
) -> Callable[[str], str]:
    """Turns stored rich text into sanitised HTML for the clinic's website.

    Links to articles point at the clinic's own website, in the reader's locale where the clinic
    serves that article in it; a link to anything the clinic does not serve keeps its text only.
    ``page_keys`` maps the linked page ids to translation keys (``page_translation_keys``) and
    ``served_slugs`` the keys the clinic serves in ``locale`` to their slugs (``served_versions``).
    """
    urls = {
        pk: front_end_article_url(clinic=clinic, language_code=locale.language_code, slug=served_slugs[key])
        for pk, key in page_keys.items()
        if key in served_slugs
    }
    linked_keys = {str(key) for key in page_keys.values()}

    def page_links(attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            url = urls.get(int(attrs["id"])) if attrs.get("id", "").isdigit() else None
            tags.append(f'<a href="{url}">' if url else "<a>")
        return tags

    rewriter = LinkRewriter(bulk_rules={"page": page_links})

    def resolve(source: str) -> str:
        return sanitise_html(rewriter(source))

    resolve.linked_translation_keys = linked_keys
    return resolve


def prefetch_renditions(images: Iterable[AbstractImage]) -> None:
    """Load the renditions of every image of an article in one query, except for images whose
    renditions are all in Wagtail's renditions cache (they are read from there)."""
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


def image_serialiser(request: Request, *, approved_files: dict[str, str]) -> Callable[[AbstractImage], dict | None]:
    """Serialises an image with its renditions, or gives None (and logs why) when the image may
    not be shown: its file is not the one the approval fingerprinted (``approved_files``, image id
    to SHA-1), or the file is missing from storage."""

    def serialise(image: AbstractImage) -> dict | None:
        if not image.file_hash or approved_files.get(str(image.pk)) != image.file_hash:
            logger.info("Image %s left out: its file is not the one the medical reviewer approved.", image.pk)
            return None
        try:
            renditions = image.get_renditions(*(f"width-{width}" for width in IMAGE_RENDITION_WIDTHS))
        except OSError:  # Wagtail's SourceImageIOError is an OSError
            logger.error("Image %s left out: its file cannot be read from storage.", image.pk, exc_info=True)
            return None
        sizes = [
            {"width": r.width, "height": r.height, "url": request.build_absolute_uri(r.url)}
            for r in renditions.values()
        ]
        return {
            "id": image.pk,
            "title": image.title,
            "width": image.width,
            "height": image.height,
            "renditions": sizes,
            "srcset": ", ".join(f"{size['url']} {size['width']}w" for size in sizes),
        }

    return serialise


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """A date-time as Django REST framework writes it: ISO 8601 in the current zone, UTC as ``Z``."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def review_payload(review: ServedReview | None) -> dict | None:
    """The ``medical_review`` object: who approved the served revision, when, and when it is next due."""
    if review is None:
        return None
    return {
        "reviewed_by": {
            "name": review.reviewer_name,
            "credentials": review.reviewer_credentials,
            "job_title": review.reviewer_job_title,
        },
        "reviewed_at": iso_datetime(review.reviewed_at),
        "next_review_due": review.next_review_due.isoformat(),
        "status": review.status,
    }
