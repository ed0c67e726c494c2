"""Small helpers that put every front view through the gatekeeper.

Outside the scope an object does not exist (404); visible but read-only answers 403.
"""
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY

PAGE_SIZE = 50


def orgs_for(user):
    return gatekeeper.visible_orgs(user)


def members_for(user):
    return gatekeeper.visible_members(user)


def get_org_for_user(user, pk):
    return gatekeeper.get_visible_or_404(orgs_for(user).select_related("unit", "parent"), pk=pk)


def get_member_for_user(user, pk):
    qs = members_for(user).select_related("branch", "branch__unit")
    return gatekeeper.get_visible_or_404(qs, pk=pk)


def get_rw_member_for_user(user, pk):
    member = get_member_for_user(user, pk)
    gatekeeper.require(user, CHANGE_REGISTRY, member)
    return member


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


def query_without_page(request):
    """The current filters as a query string, for the pager links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

