"""What every delivery endpoint shares: the view's steps (allowed query parameters, the clinic
and the key's scope, the audience, the cached answer), front-end URLs and rich text as a
clinic's website needs them."""

import datetime
import logging
import re
import threading
from collections.abc import Callable

import nh3
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from wagtail.rich_text.rewriters import LinkRewriter

from articles.selectors import Audience, audience_for
from clinics.structure import ClinicProfile, LocaleRef, front_end_article_url, network_structure
from network.speed import tags as cache_tags

from .authentication import ApiKeyAuthentication
from .errors import InvalidParameter, json_exception_handler
from .http_cache import Built, cached_response
from .pagination import ArticlePagination
from .permissions import HasFrontEndKey, check_clinic_access
from .throttling import FrontEndKeyThrottle

logger = logging.getLogger(__name__)
SAFE_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote"}


class DeliveryView(GenericAPIView):
    """What every delivery endpoint is: read with a front-end key (scoped to a clinic or the
    network), rate-limited per key, JSON out, every error in the one shape. Declared here rather
    than as Django REST framework's project-wide defaults, so that Wagtail's own admin API (the
    page explorer's menus) keeps its session authentication and its own errors.

    Django REST framework checks the key, its permission and the rate limit before ``get``; an
    endpoint's ``get`` then reads as its steps: ``accept`` the query (the class's ``parameters``),
    ``clinic`` (404, or 403 outside the key's scope), ``audience`` (the locale and fallback),
    ``answer`` (the cached response, else built by one selector call and one serializer)."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasFrontEndKey]
    throttle_classes = [FrontEndKeyThrottle]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    pagination_class = ArticlePagination
    parameters: frozenset[str] = frozenset()  # the query parameters the endpoint accepts

    def get_exception_handler(self):
        return json_exception_handler

    def accept(self, request: Request) -> None:
        """A query parameter the endpoint does not declare is a 400 naming it, never silently
        ignored; so is an empty value (``?scope=``), which the schema does not allow either: it
        would otherwise mean "no filter" for some parameters and be refused by others."""
        for name, values in request.query_params.lists():
            if name not in self.parameters:
                known = ", ".join(sorted(self.parameters)) or "none"
                raise InvalidParameter(name, f"Unknown query parameter. This endpoint accepts: {known}.")
            if "" in values:
                raise InvalidParameter(name, "Give a value, or leave the parameter out.")

    def clinic(self, request: Request, slug: str) -> ClinicProfile:
        """The clinic named in the path (from the cached network structure): 404 if there is
        none, 403 if the key may not read it."""
        clinic = network_structure().clinics.get(slug)
        if clinic is None:
            raise NotFound(f"No clinic '{slug}' in the network.")
        check_clinic_access(request.auth, clinic)
        return clinic

    def audience(self, request: Request, clinic: ClinicProfile) -> Audience:
        return audience_for(
            clinic=clinic, locale=locale_for_request(request, clinic), fallback=fallback_for_request(request)
        )

    def answer(
        self, request: Request, *, clinic: ClinicProfile | None, identity: list[str], build: Callable[[], Built]
    ):
        """The cached response for the request, else ``build()``'s, guarded by the clinic's content
        tags (every clinic's, for ``None``)."""
        guard = cache_tags.clinic_content(clinic.pk if clinic else None)
        return cached_response(request, identity=identity, guard=guard, build=build)


LOCALE_PARAMETERS = frozenset({"locale", "fallback"})
PAGE_PARAMETERS = frozenset({"page", "page_size"})


def locale_for_request(request: HttpRequest, clinic: ClinicProfile) -> LocaleRef:
    """The ``locale`` query parameter if given (400 unless the clinic supports it), else the first
    language of ``Accept-Language`` the clinic supports, else the clinic's default locale."""
    supported = {locale.language_code: locale for locale in clinic.locales}
    requested = request.GET.get("locale")  # the same as a REST framework request's query_params
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


def fallback_for_request(request: HttpRequest) -> bool:
    """``fallback`` (default true): serve the default-locale version where no approved translation exists."""
    raw = request.GET.get("fallback", "true")
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


def rich_text_resolver(
    *, clinic: ClinicProfile, language_code: str, link_slugs: dict[int, str]
) -> Callable[[str], str]:
    """Turns stored rich text into sanitised HTML for the clinic's website.

    Links to articles point at the clinic's own website, in the article's locale, where the clinic
    serves the linked article (``link_slugs``: page id to its served slug); a link to anything the
    clinic does not serve keeps its text only.
    """
    urls = {
        pk: front_end_article_url(clinic=clinic, language_code=language_code, slug=slug)
        for pk, slug in link_slugs.items()
    }

    def page_links(attrs_list: list[dict]) -> list[str]:
        tags = []
        for attrs in attrs_list:
            url = urls.get(int(attrs["id"])) if attrs.get("id", "").isdigit() else None
            tags.append(f'<a href="{url}">' if url else "<a>")
        return tags

    rewriter = LinkRewriter(bulk_rules={"page": page_links})

    def resolve(source: str) -> str:
        return sanitise_html(rewriter(source))

    return resolve


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """A date-time as Django REST framework writes it: ISO 8601 in the current zone, UTC as ``Z``."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


_serializers = threading.local()


def render(serializer_class: type[serializers.BaseSerializer], value, *, many: bool = False, **context) -> object:
    """``serializer_class(value, many=many, context=context).data``, with the serializer built once
    per thread: Django REST framework deep-copies every declared field, nested ones included, for
    each serializer it builds, which costs more than rendering an article. The reused serializer
    holds one context dictionary, refilled for each value."""
    built = _serializers.__dict__.setdefault("built", {})
    reused = built.get((serializer_class, many))
    if reused is None:
        reused = built[(serializer_class, many)] = serializer_class(many=many, context={})
    serializer = reused
    serializer.context.clear()
    serializer.context.update(context)
    return serializer.to_representation(value)
