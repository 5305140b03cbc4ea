"""The visitor's IP address, the one answer used by the sign-up limit, django-axes and the logs.

`X-Forwarded-For` is believed only when the connection comes from a proxy listed in
TRUSTED_PROXIES. Then the header is walked from the right (each proxy appends the address it
saw), past every trusted hop; the first address that is not a trusted proxy is the client.
Anything further left was written by the client and is ignored. A connection straight from the
internet keeps its own address whatever headers it sends.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# One person on IPv6 usually holds a whole /64; limits count that network, not each address.
IPV6_LIMIT_PREFIX = 64


@lru_cache(maxsize=1)
def _trusted_networks():
    return tuple(ipaddress.ip_network(item, strict=False) for item in settings.TRUSTED_PROXIES)


@receiver(setting_changed)
def _forget_trusted_networks(setting, **kwargs):
    if setting == "TRUSTED_PROXIES":
        _trusted_networks.cache_clear()


def _parse(value):
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    # An IPv4 client reaching an IPv6 socket shows as ::ffff:a.b.c.d: count it as IPv4.
    return address.ipv4_mapped or address if address.version == 6 else address


def _is_trusted(address):
    return any(address in network for network in _trusted_networks())


def is_trusted_proxy(value):
    address = _parse(value)
    return address is not None and _is_trusted(address)


def client_ip(request):
    """The client's address as text (empty if the connection has none)."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    if not _is_trusted(remote):
        return str(remote)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            break  # a trusted proxy never writes junk: what is left of here came from the client
        client = address
        if not _is_trusted(address):
            break
    return str(client)


def rate_limit_key(ip):
    """The unit a limit counts: the address itself for IPv4, its /64 network for IPv6."""
    address = _parse(ip)
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_LIMIT_PREFIX}", strict=False))
    return str(address)
