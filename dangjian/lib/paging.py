"""Paging for list pages: a page of a QuerySet, a count capped for very long lists, and the
current filters as a query string for the pager links."""
from django.core.paginator import Paginator
from django.utils.functional import cached_property

PAGE_SIZE = 50
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP rows: an exact COUNT(*) of half a million members costs more
    than the page itself, and nobody pages past 200. ``capped`` says the count is a floor."""

    @cached_property
    def _raw_count(self):
        return self.object_list.order_by()[:COUNT_CAP + 1].count()   # no sort just to count

    @property
    def count(self):
        return min(self._raw_count, COUNT_CAP)

    @property
    def capped(self):
        return self._raw_count > COUNT_CAP


def paginate(request, queryset, per_page=PAGE_SIZE, paginator_class=Paginator):
    return paginator_class(queryset, per_page).get_page(request.GET.get("page"))


def paginate_by_ids(request, queryset, per_page=PAGE_SIZE):
    """A page of a QuerySet whose order reads wide joins (brands by the zone and unit of their
    unit or branch): the page's ids are sorted over narrow rows, then only its rows are read in
    full (with their select_related and prefetches), in that order. Two queries and the count."""
    page = paginate(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = queryset.order_by().in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids]
    return page


def query_without_page(request):
    """The current filters as a query string, for the pager links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
