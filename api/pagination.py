"""Page-number pagination with a bounded page size; out-of-range values are a 400, not a 500."""

from django.conf import settings
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

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise InvalidParameter("page_size", f"Use a whole number from 1 to {self.max_page_size}.")
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1:
            raise InvalidParameter("page", "Use a whole number from 1.")
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = int(raw)
        if number > max(paginator.num_pages, 1):
            raise InvalidParameter("page", f"There are {paginator.num_pages} pages.")
        self.page = paginator.page(number)
        self.request = request
        return list(self.page)
