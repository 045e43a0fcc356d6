"""Page-number pagination with a bounded page size; out-of-range values are a 400, not a 500."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination

from .errors import InvalidParameter


class ArticlePagination(PageNumberPagination):
    page_query_param = "page"
    page_size_query_param = "page_size"

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    def get_paginated_response_schema(self, schema: dict) -> dict:
        """The page's shape, described (Django REST framework's own shows made-up api.example.org URLs)."""
        neighbour = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "How many items the pages hold in all."},
                "next": {**neighbour, "description": "The next page's URL; null on the last page."},
                "previous": {**neighbour, "description": "The previous page's URL; null on the first page."},
                "results": schema,
            },
        }

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return whole_number(raw, parameter="page_size", highest=self.max_page_size)

    def get_page_number(self, request, paginator=None) -> int:
        return whole_number(request.query_params.get(self.page_query_param, "1"), parameter="page")

    def get_schema_operation_parameters(self, view) -> list[dict]:
        """``page`` and ``page_size`` with the bounds this pagination enforces (the sitemap's are larger)."""
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1; a page past the last one is a 400.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
            },
        ]

    def paginate_queryset(self, queryset, request, view=None):
        number = self.get_page_number(request)
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        self.check_in_range(number, paginator)
        self.page = paginator.page(number)
        self.request = request
        return list(self.page)

    def requested_page(self, request) -> tuple[int, int]:
        """The page number and page size asked for (400 for a malformed one)."""
        return self.get_page_number(request), self.get_page_size(request)

    def paginated(self, request, *, number: int, size: int, count: int, items: list) -> dict:
        """The page's answer for items already read (``count`` in all): a page past the last is a 400."""
        paginator = self.django_paginator_class([], size)
        paginator.count = count
        self.check_in_range(number, paginator)
        self.page = Page(items, number, paginator)
        self.request = request
        return self.get_paginated_response(items).data

    @staticmethod
    def check_in_range(number: int, paginator: Paginator) -> None:
        if number > max(paginator.num_pages, 1):
            raise InvalidParameter("page", f"There are {paginator.num_pages} pages.")


MAX_DIGITS = 18  # far beyond any page or page size; int() refuses a string of over 4,300 digits


def whole_number(raw: str, *, parameter: str, highest: int | None = None) -> int:
    """``raw`` as a whole number from 1 (to ``highest``), else a 400 naming ``parameter``.

    Only ASCII digits: ``str.isdigit`` also accepts '²', which ``int()`` refuses, and other
    scripts' digits, which it reads. At most ``MAX_DIGITS``: ``int()`` refuses thousands of digits."""
    bounds = f"from 1 to {highest}" if highest is not None else "from 1"
    readable = raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS
    if not readable or int(raw) < 1 or (highest is not None and int(raw) > highest):
        raise InvalidParameter(parameter, f"Use a whole number {bounds}.")
    return int(raw)
