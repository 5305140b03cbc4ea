"""The one client-address function: trusted proxies only, walked from the right, IPv6 per /64."""

import pytest
from django.test import RequestFactory

from careerhub.core.clientip import client_ip, is_trusted_proxy, rate_limit_key

factory = RequestFactory()


def ip_of(remote, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(factory.get("/", REMOTE_ADDR=remote, **headers))


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.5", None, "203.0.113.5"),
        # Not from a proxy: the header is the visitor's own words and is ignored.
        ("203.0.113.5", "198.51.100.1", "203.0.113.5"),
        # From a proxy: the address it appended.
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),
        # The client wrote its own entry first; the proxy's is the right-most.
        ("10.0.0.1", "192.0.2.99, 198.51.100.1", "198.51.100.1"),
        # Two trusted hops: walk past both.
        ("10.0.0.1", "198.51.100.1, 10.2.3.4", "198.51.100.1"),
        # Junk left of a trusted hop: the last trusted hop is all we know.
        ("10.0.0.1", "not-an-ip, 10.2.3.4", "10.2.3.4"),
        # From a proxy without the header: the proxy itself.
        ("10.0.0.1", None, "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("2001:db8:ffff::1", "2001:db8:1::7", "2001:db8:1::7"),
        ("::ffff:203.0.113.5", None, "203.0.113.5"),
        ("", None, ""),
    ],
)
def test_client_ip(remote, forwarded, expected):
    assert ip_of(remote, forwarded) == expected


def test_no_trusted_proxies_means_no_header_is_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert ip_of("10.0.0.1", "198.51.100.1") == "10.0.0.1"


def test_limits_count_an_ipv6_client_by_its_64_network():
    assert rate_limit_key("2001:db8:1:2::1") == rate_limit_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert rate_limit_key("2001:db8:1:3::1") != rate_limit_key("2001:db8:1:2::1")
    assert rate_limit_key("203.0.113.5") == "203.0.113.5"
    assert rate_limit_key("") == "unknown"


def test_a_connection_without_an_address_has_none():
    request = factory.get("/")
    del request.META["REMOTE_ADDR"]
    assert client_ip(request) == ""


def test_a_bracketed_ipv6_hop_is_read():
    assert ip_of("10.0.0.1", "[2001:db8:1::7]") == "2001:db8:1::7"


@pytest.mark.parametrize(
    ("value", "trusted"),
    [("10.1.2.3", True), ("2001:db8:ffff::9", True), ("203.0.113.5", False), ("not-an-ip", False), ("", False)],
)
def test_is_trusted_proxy(value, trusted):
    assert is_trusted_proxy(value) is trusted
