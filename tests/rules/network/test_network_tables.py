"""The IPv6 table of non-global blocks is made for the first IPv6 source only (start-up of
a check whose sources are IPv4), and judges IPv6 sources as the table always did."""

from __future__ import annotations

from deploylint.rules._network import covers_public, non_global_v6


def test_ipv4_sources_never_make_the_ipv6_table() -> None:
    non_global_v6.cache_clear()
    covers_public.cache_clear()
    assert covers_public("0.0.0.0/0") and not covers_public("10.0.0.0/16")
    assert not covers_public("192.0.0.8/32") and covers_public("192.0.0.9/32")
    assert non_global_v6.cache_info().currsize == 0


def test_an_ipv6_source_makes_it_once() -> None:
    non_global_v6.cache_clear()
    covers_public.cache_clear()
    assert covers_public("::/0") and covers_public("2001:1::1/128")
    assert not covers_public("fd00::/8") and not covers_public("2001:db8::/32")
    assert non_global_v6.cache_info().currsize == 1
    assert non_global_v6() is non_global_v6()
