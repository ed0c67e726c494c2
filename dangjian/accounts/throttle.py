"""The sign-in throttle, on django-axes' database handler.

Failures are counted per username *and* client address (and per address over all usernames
in the last hour, with a higher limit). Below the limit nothing happens; at the limit that pair (or address)
is paused for LOGIN_LOCKOUT_MINUTES, and every further failure doubles the pause, up to
LOGIN_LOCKOUT_MAX_HOURS. Attempts while paused are refused and audited but not counted.
A success clears the pair. Another address is never affected, so a stranger cannot lock
anyone out; axes counts with ``select_for_update`` and ``F() + 1`` so parallel failures are
all counted (tests/test_accounts_throttle.py).
"""
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Q, Sum
from django.utils import timezone

# The address-wide count looks at the last hour only, so that the ordinary typos of an office
# behind one address never add up to a pause of everyone there.
ADDRESS_WINDOW = timedelta(hours=1)
MAX_DOUBLINGS = 64  # past any cap; the doubling is done in float seconds, so it cannot overflow


def pause(failures, *, limit, first, cap):
    """How long a client is paused after ``failures`` counted failures: nothing below the limit,
    ``first`` at it, doubled by each further failure, never more than ``cap``."""
    if failures < limit:
        return None
    seconds = first.total_seconds() * 2.0 ** min(failures - limit, MAX_DOUBLINGS)
    return min(timedelta(seconds=seconds), cap) if seconds < cap.total_seconds() else cap


def paused_until(failures, last_failure, *, limit, first, cap):
    length = pause(failures, limit=limit, first=first, cap=cap)
    return None if length is None or last_failure is None else last_failure + length


def _lengths():
    return {"first": timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES),
            "cap": timedelta(hours=settings.LOGIN_LOCKOUT_MAX_HOURS)}


def _remembered():
    """Counted failures still remembered (axes forgets them AXES_COOLOFF_TIME after the last)."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def client_paused_until(username, ip_address, now=None):
    """When the pause of this username from this address ends; None if it is not paused."""
    now = now or timezone.now()
    mine, recent = Q(username=username), Q(attempt_time__gte=now - ADDRESS_WINDOW)
    row = _remembered().filter(ip_address=ip_address).aggregate(
        pair_n=Sum("failures_since_start", filter=mine), pair_last=Max("attempt_time", filter=mine),
        addr_n=Sum("failures_since_start", filter=recent), addr_last=Max("attempt_time", filter=recent))
    ends = [
        paused_until(row["pair_n"] or 0, row["pair_last"], limit=settings.LOGIN_MAX_FAILURES, **_lengths()),
        paused_until(row["addr_n"] or 0, row["addr_last"], limit=settings.LOGIN_ADDRESS_MAX_FAILURES,
                     **_lengths()),
    ]
    ends = [e for e in ends if e is not None and e > now]
    return max(ends) if ends else None


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with growing pauses and a success that clears only its own pair."""

    def is_locked(self, request, credentials=None):
        username = get_client_username(request, credentials)
        return client_paused_until(username, request.axes_ip_address) is not None

    def reset_user_attempts(self, request, credentials=None):
        # The default would clear every username tried from this address: signing in to one's
        # own account must not wipe an attacker's failures against another.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """A paused client gets exactly the answer of any other failure (see forms.LoginForm)."""
    return original_response


# ---- for the security admin ----------------------------------------------------------------

def paused_clients(limit=200):
    """Usernames paused from an address, and addresses paused for every username, newest first."""
    now = timezone.now()
    rows = []
    pairs = (_remembered().values("username", "ip_address")
             .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
             .filter(n__gte=settings.LOGIN_MAX_FAILURES))
    for r in pairs:
        until = paused_until(r["n"], r["last"], limit=settings.LOGIN_MAX_FAILURES, **_lengths())
        if until and until > now:
            rows.append({"username": r["username"] or "", "ip_address": r["ip_address"], "failures": r["n"],
                         "until": until})
    addresses = (_remembered().filter(attempt_time__gte=now - ADDRESS_WINDOW).values("ip_address")
                 .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
                 .filter(n__gte=settings.LOGIN_ADDRESS_MAX_FAILURES))
    for r in addresses:
        until = paused_until(r["n"], r["last"], limit=settings.LOGIN_ADDRESS_MAX_FAILURES, **_lengths())
        if until and until > now:
            rows.append({"username": "", "ip_address": r["ip_address"], "failures": r["n"], "until": until})
    rows.sort(key=lambda r: r["until"], reverse=True)
    return rows[:limit]
