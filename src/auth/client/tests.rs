//! Tests of who sent a request: peers, proxies and their forwarding headers.

use actix_web::http::header::{HeaderName, HeaderValue};

use super::*;

fn proxies(list: &str) -> TrustedProxies {
    list.parse().unwrap_or_default()
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    map
}

fn ip(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// The client of a request from `peer` to `127.0.0.1:8080` over http with these headers.
fn client(
    peer: &str,
    trusted: &str,
    kind: ProxyHeader,
    pairs: &[(&'static str, &'static str)],
) -> ClientInfo {
    ClientInfo {
        address: ip(peer),
        host: "127.0.0.1:8080".to_owned(),
        scheme: "http".to_owned(),
    }
    .behind(&headers(pairs), &proxies(trusted), kind)
}

const XFF: ProxyHeader = ProxyHeader::XForwardedFor;
const FWD: ProxyHeader = ProxyHeader::Forwarded;

#[test]
fn nothing_is_believed_from_a_peer_that_is_not_a_trusted_proxy() {
    let forged = [
        ("x-forwarded-for", "203.0.113.7"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
        ("forwarded", "for=203.0.113.7;host=evil.example;proto=https"),
    ];
    let direct = ClientInfo {
        address: ip("198.51.100.1"),
        host: "127.0.0.1:8080".to_owned(),
        scheme: "http".to_owned(),
    };
    for kind in [XFF, FWD] {
        assert_eq!(client("198.51.100.1", "", kind, &forged), direct);
        assert_eq!(
            client("198.51.100.1", "10.0.0.0/8, 127.0.0.1", kind, &forged),
            direct
        );
    }
}

#[test]
fn from_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client() {
    let trusted = "127.0.0.1, 10.0.0.0/8";
    // The client wrote 6.6.6.6 (and a trusted-looking 10.9.9.9) itself; the proxy appended
    // the address it was reached from.
    let c = client(
        "127.0.0.1",
        trusted,
        XFF,
        &[("x-forwarded-for", "6.6.6.6, 10.9.9.9, 203.0.113.7")],
    );
    assert_eq!(c.address, ip("203.0.113.7"));
    // Through two trusted proxies, over two header lines.
    let c = client(
        "127.0.0.1",
        trusted,
        XFF,
        &[
            ("x-forwarded-for", "6.6.6.6, 203.0.113.7"),
            ("x-forwarded-for", "10.1.2.3"),
        ],
    );
    assert_eq!(c.address, ip("203.0.113.7"));
    // Every hop trusted: the furthest one.
    let c = client(
        "127.0.0.1",
        trusted,
        XFF,
        &[("x-forwarded-for", "10.0.0.2, 10.0.0.3")],
    );
    assert_eq!(c.address, ip("10.0.0.2"));
    // No header: the proxy itself.
    assert_eq!(
        client("127.0.0.1", trusted, XFF, &[]).address,
        ip("127.0.0.1")
    );
}

#[test]
fn garbage_where_the_client_should_be_counts_as_the_proxy() {
    let trusted = "127.0.0.1";
    for value in [
        "unknown",
        "not an address",
        "",
        "1.2.3.4.5",
        "[::1",
        "::1]:80",
    ] {
        let pairs = [("x-forwarded-for", value)];
        let c = client("127.0.0.1", trusted, XFF, &pairs);
        assert_eq!(c.address, ip("127.0.0.1"), "{value:?}");
    }
    // Garbage the client wrote left of the proxy's entry changes nothing.
    let c = client(
        "127.0.0.1",
        trusted,
        XFF,
        &[("x-forwarded-for", "<script>, ;;, 203.0.113.7")],
    );
    assert_eq!(c.address, ip("203.0.113.7"));
    // A header that is not text is ignored.
    let mut map = HeaderMap::new();
    map.insert(
        X_FORWARDED_FOR.clone(),
        HeaderValue::from_bytes(b"\xff203.0.113.7").unwrap_or(HeaderValue::from_static("x")),
    );
    let c = ClientInfo {
        address: ip("127.0.0.1"),
        host: "h".to_owned(),
        scheme: "http".to_owned(),
    }
    .behind(&map, &proxies(trusted), XFF);
    assert_eq!(c.address, ip("127.0.0.1"));
}

#[test]
fn forwarded_nodes_may_carry_ports_and_be_ipv6() {
    for (node, expected) in [
        ("192.0.2.60", "192.0.2.60"),
        ("192.0.2.60:4711", "192.0.2.60"),
        ("192.0.2.60:_obf", "192.0.2.60"),
        ("2001:db8:cafe::17", "2001:db8:cafe::17"),
        ("[2001:db8:cafe::17]", "2001:db8:cafe::17"),
        ("[2001:db8:cafe::17]:4711", "2001:db8:cafe::17"),
        ("::ffff:192.0.2.60", "192.0.2.60"),
    ] {
        assert_eq!(node_address(node), ip(expected), "{node}");
    }
    for node in [
        "unknown",
        "_hidden",
        "192.0.2.60:",
        "192.0.2.60:port",
        "[2001:db8::1]x",
        "[192.0.2.60]",
        "example.com",
    ] {
        assert_eq!(node_address(node), None, "{node}");
    }
    // An IPv6 peer in a trusted IPv6 range, a client by IPv6.
    let c = client(
        "fd00::1",
        "fd00::/8",
        XFF,
        &[("x-forwarded-for", "[2001:db8::5]:1234")],
    );
    assert_eq!(c.address, ip("2001:db8::5"));
    // An IPv4 proxy reached over a dual-stack socket is still that proxy.
    let c = client(
        "::ffff:127.0.0.1",
        "127.0.0.1",
        XFF,
        &[("x-forwarded-for", "203.0.113.7")],
    );
    assert_eq!(c.address, ip("203.0.113.7"));
}

#[test]
fn host_and_scheme_come_from_a_trusted_proxy_only_when_they_are_sane() {
    let c = client(
        "127.0.0.1",
        "127.0.0.1",
        XFF,
        &[
            ("x-forwarded-host", "partners.example"),
            ("x-forwarded-proto", "HTTPS"),
        ],
    );
    assert_eq!(
        (c.host.as_str(), c.scheme.as_str()),
        ("partners.example", "https")
    );
    // The nearest proxy's value wins over one the client sent.
    let c = client(
        "127.0.0.1",
        "127.0.0.1",
        XFF,
        &[
            ("x-forwarded-host", "evil.example, partners.example:8443"),
            ("x-forwarded-proto", "https"),
        ],
    );
    assert_eq!(c.host, "partners.example:8443");
    // Not a host, not a scheme: the request's own.
    let c = client(
        "127.0.0.1",
        "127.0.0.1",
        XFF,
        &[
            ("x-forwarded-host", "evil.example/path?x"),
            ("x-forwarded-proto", "javascript"),
        ],
    );
    assert_eq!(
        (c.host.as_str(), c.scheme.as_str()),
        ("127.0.0.1:8080", "http")
    );
}

#[test]
fn forwarded_elements_are_walked_from_the_right_with_their_host_and_proto() {
    let trusted = "127.0.0.1, 10.0.0.0/8";
    let c = client(
        "127.0.0.1",
        trusted,
        FWD,
        &[(
            "forwarded",
            "for=6.6.6.6;host=evil.example;proto=http, \
             For=\"[2001:db8:cafe::17]:4711\";Host=partners.example;Proto=https, for=10.0.0.2",
        )],
    );
    assert_eq!(
        c,
        ClientInfo {
            address: ip("2001:db8:cafe::17"),
            host: "partners.example".to_owned(),
            scheme: "https".to_owned(),
        }
    );
    // Quoted commas and semicolons do not split; escapes are undone.
    let c = client(
        "127.0.0.1",
        trusted,
        FWD,
        &[(
            "forwarded",
            "for=\"203.0.113.7\";x=\"a,b;c\\\"d\";host=\"p.example\"",
        )],
    );
    assert_eq!(c.address, ip("203.0.113.7"));
    assert_eq!(c.host, "p.example");
    // With `forwarded` chosen, X-Forwarded-* are a client's words, and the reverse.
    let both = [
        ("x-forwarded-for", "6.6.6.6"),
        ("x-forwarded-host", "evil.example"),
        ("forwarded", "for=203.0.113.7;host=partners.example"),
    ];
    let c = client("127.0.0.1", trusted, FWD, &both);
    assert_eq!(
        (c.address, c.host.as_str()),
        (ip("203.0.113.7"), "partners.example")
    );
    let c = client("127.0.0.1", trusted, XFF, &both);
    assert_eq!(
        (c.address, c.host.as_str()),
        (ip("6.6.6.6"), "evil.example")
    );
    // `for=unknown` where the client should be: the proxy.
    let c = client("127.0.0.1", trusted, FWD, &[("forwarded", "for=unknown")]);
    assert_eq!(c.address, ip("127.0.0.1"));
}

#[test]
fn a_request_outside_the_app_names_its_own_host_and_scheme() {
    let req = actix_web::test::TestRequest::default()
        .insert_header(("host", "partners.example:8080"))
        .insert_header(("x-forwarded-host", "evil.example"))
        .peer_addr("127.0.0.1:5000".parse().unwrap_or(([0, 0, 0, 0], 0).into()))
        .to_http_request();
    let c = ClientInfo::of(&req);
    assert_eq!(
        (c.address, c.host.as_str(), c.scheme.as_str()),
        (ip("127.0.0.1"), "partners.example:8080", "http")
    );
}
