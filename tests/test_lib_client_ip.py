"""The client's address: X-Forwarded-For only from our own proxies, read from the right."""
import ipaddress

from hypothesis import given, settings, strategies as st

from dangjian.lib.client_ip import client_ip, parse_ip, parse_networks

PROXIES = parse_networks(["10.0.0.1", "10.0.0.2", "192.168.8.0/24"])
proxy_ips = st.sampled_from(["10.0.0.1", "10.0.0.2", "192.168.8.7", "192.168.8.200"])
public_ips = st.ip_addresses(v=4).filter(
    lambda ip: not any(ip in n for n in PROXIES)).map(str)
junk = st.text(alphabet=st.characters(blacklist_characters=","), max_size=20)
forged = st.lists(st.one_of(public_ips, proxy_ips, junk), max_size=5)


def xff(entries):
    return ", ".join(entries)


@settings(max_examples=60)
@given(remote=public_ips, header=forged)
def test_an_untrusted_sender_is_its_own_address_whatever_it_sends(remote, header):
    assert client_ip(remote, xff(header), PROXIES) == remote


@settings(max_examples=60)
@given(prefix=forged, client=public_ips, hops=st.lists(proxy_ips, max_size=3), last=proxy_ips)
def test_behind_our_proxies_the_right_most_untrusted_address_is_the_client(prefix, client, hops, last):
    # The client may have written anything (prefix); our proxies appended client, then each hop.
    assert client_ip(last, xff(prefix + [client] + hops), PROXIES) == client


@settings(max_examples=60)
@given(remote=st.one_of(public_ips, proxy_ips), header=forged)
def test_the_answer_is_the_sender_or_an_address_from_the_header(remote, header):
    answer = client_ip(remote, xff(header), PROXIES)
    candidates = {remote} | {str(parse_ip(e)) for e in header if parse_ip(e)}
    assert answer in candidates
    ipaddress.ip_address(answer)


def test_with_no_trusted_proxies_the_header_is_ignored():
    assert client_ip("10.0.0.1", "1.2.3.4", ()) == "10.0.0.1"


def test_only_proxies_in_the_chain_gives_the_left_most_proxy():
    assert client_ip("10.0.0.1", "10.0.0.2", PROXIES) == "10.0.0.2"


def test_garbage_passed_on_by_a_proxy_stops_at_the_last_readable_hop():
    assert client_ip("10.0.0.1", "1.2.3.4, nonsense, 10.0.0.2", PROXIES) == "10.0.0.2"


def test_ports_brackets_and_mapped_addresses_are_read():
    assert parse_ip("1.2.3.4:5678") == ipaddress.ip_address("1.2.3.4")
    assert parse_ip("[2001:db8::1]:443") == ipaddress.ip_address("2001:db8::1")
    assert parse_ip("::ffff:1.2.3.4") == ipaddress.ip_address("1.2.3.4")
    assert parse_ip("") is None and parse_ip("999.1.1.1") is None


def test_no_remote_address_means_no_address():
    assert client_ip("", "1.2.3.4", PROXIES) is None
