"""The client's address, as far as it can be trusted.

``X-Forwarded-For`` is written by whoever sends the request, so it is read only when the
request comes from one of our own reverse proxies (``TRUSTED_PROXIES``). Each proxy appends
the address it saw; reading from the right, the first address that is not one of our proxies
is the client. Anything to the left of it was written by the client and is ignored.
"""
import ipaddress
import logging
from functools import lru_cache

log = logging.getLogger(__name__)
_warned = False


def parse_ip(text):
    """An address as ``ipaddress`` object, or None. Accepts ``1.2.3.4:80`` and ``[::1]:80``."""
    text = (text or "").strip()
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(ip, "ipv4_mapped", None)
    return mapped or ip


def parse_networks(entries):
    """Trusted proxies as networks: each entry an address or a CIDR range; bad entries raise."""
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e and e.strip())


def _trusted(ip, networks):
    return any(ip.version == n.version and ip in n for n in networks)


def client_ip(remote_addr, forwarded_for, networks):
    """The client's address as a string, or None when even REMOTE_ADDR is not an address.

    ``networks`` are the trusted proxies (see ``parse_networks``).
    """
    remote = parse_ip(remote_addr)
    if remote is None:
        return None
    if not forwarded_for or not _trusted(remote, networks):
        return str(remote)
    nearest = remote  # the left-most hop we have reached so far, all of them our proxies
    for entry in reversed(forwarded_for.split(",")):
        ip = parse_ip(entry)
        if ip is None:  # a proxy passed on garbage: the last hop we could read is the client
            break
        if not _trusted(ip, networks):
            return str(ip)
        nearest = ip
    return str(nearest)


@lru_cache(maxsize=8)
def _networks_for(entries):
    return parse_networks(entries)


def request_client_ip(request):
    """The client's address of a Django request, using settings.TRUSTED_PROXIES."""
    from django.conf import settings

    global _warned
    networks = _networks_for(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    meta = request.META
    remote, forwarded = meta.get("REMOTE_ADDR"), meta.get("HTTP_X_FORWARDED_FOR")
    if forwarded and not networks and not _warned:
        # Behind a proxy with TRUSTED_PROXIES unset, every client looks like the proxy.
        _warned = True
        log.warning("X-Forwarded-For ignored from %s: if it is our reverse proxy, set TRUSTED_PROXIES", remote)
    return client_ip(remote, forwarded, networks)
