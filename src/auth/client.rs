//! Who sent a request, and which site it asked for: the TCP peer, the `Host` header and the
//! listener's scheme; or, when the peer is one of the `trusted_proxies`, what that proxy's
//! forwarding headers say. actix's `ConnectionInfo` believes `Forwarded` and `X-Forwarded-*`
//! from anyone, so nothing that decides anything (the CSRF `Origin` check, the sign-in throttle,
//! the links the app writes) may use it: they use [`ClientInfo`].

use std::net::{IpAddr, Ipv6Addr, SocketAddrV4};

use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::{HttpRequest, web};

use crate::config::{ProxyHeader, TrustedProxies};
use crate::startup::AppState;

static X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");
static X_FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");
static X_FORWARDED_PROTO: HeaderName = HeaderName::from_static("x-forwarded-proto");

/// The client of a request, as far as it can be known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientInfo {
    /// The client's address: the TCP peer's, or the one a trusted proxy forwarded. `None` only
    /// when the connection has no peer address.
    pub address: Option<IpAddr>,
    /// The host the client asked for, with its port if one was given (`partners.example`,
    /// `127.0.0.1:8080`).
    pub host: String,
    /// `http` or `https`.
    pub scheme: String,
}

impl ClientInfo {
    /// The client of this request, under the app's `trusted_proxies` (none without the app's
    /// state).
    pub fn of(req: &HttpRequest) -> Self {
        let direct = Self {
            address: req.peer_addr().map(|a| a.ip().to_canonical()),
            host: direct_host(req),
            scheme: direct_scheme(req),
        };
        match req.app_data::<web::Data<AppState>>() {
            Some(state) => direct.behind(
                req.headers(),
                &state.settings.trusted_proxies,
                state.settings.proxy_header,
            ),
            None => direct,
        }
    }

    /// This direct connection's client, or, when its peer is a trusted proxy, the client that
    /// proxy's headers name.
    fn behind(self, headers: &HeaderMap, proxies: &TrustedProxies, kind: ProxyHeader) -> Self {
        let Some(peer) = self.address.filter(|peer| proxies.contains(*peer)) else {
            return self;
        };
        let hop = match kind {
            ProxyHeader::XForwardedFor => x_forwarded(headers, proxies),
            ProxyHeader::Forwarded => forwarded(headers, proxies),
        };
        Self {
            // A hop the proxy could not name ("unknown", garbage) counts as the proxy itself:
            // it shares the proxy's limits rather than escaping them.
            address: Some(hop.address.unwrap_or(peer)),
            host: hop.host.filter(|h| is_host(h)).unwrap_or(self.host),
            scheme: hop
                .scheme
                .map(|s| s.to_ascii_lowercase())
                .filter(|s| s == "http" || s == "https")
                .unwrap_or(self.scheme),
        }
    }
}

/// The host the request names itself: `Host` (HTTP/1.1), the URI's authority (HTTP/2), or the
/// server's configured name.
fn direct_host(req: &HttpRequest) -> String {
    req.headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()))
        .unwrap_or_else(|| req.app_config().host())
        .to_owned()
}

/// The scheme of the listener that took the request.
fn direct_scheme(req: &HttpRequest) -> String {
    req.uri()
        .scheme_str()
        .unwrap_or(if req.app_config().secure() {
            "https"
        } else {
            "http"
        })
        .to_owned()
}

/// What the trusted proxies say about the client.
#[derive(Debug, Default, PartialEq, Eq)]
struct Hop {
    address: Option<IpAddr>,
    host: Option<String>,
    scheme: Option<String>,
}

/// Which entry of a forwarding chain (left to right, each proxy appending the address it was
/// reached from) is the client: walking from the right, the first that is not a trusted proxy.
/// Entries left of it were written by the client and are ignored, so a client cannot forge its
/// way past the proxy. When every entry is a trusted proxy, the leftmost. `None`: no chain.
fn rightmost_untrusted(chain: &[Option<IpAddr>], proxies: &TrustedProxies) -> Option<usize> {
    let untrusted = chain
        .iter()
        .rposition(|entry| !entry.is_some_and(|a| proxies.contains(a)));
    untrusted.or_else(|| (!chain.is_empty()).then_some(0))
}

/// Every value of a comma-separated header, over all its lines, in order.
fn list_values<'a>(headers: &'a HeaderMap, name: &HeaderName) -> Vec<&'a str> {
    headers
        .get_all(name)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect()
}

/// `X-Forwarded-For` walked from the right; `X-Forwarded-Host` and `-Proto` as the nearest
/// proxy set them (their rightmost value: proxies overwrite or append, never prepend).
fn x_forwarded(headers: &HeaderMap, proxies: &TrustedProxies) -> Hop {
    let chain: Vec<Option<IpAddr>> = list_values(headers, &X_FORWARDED_FOR)
        .into_iter()
        .map(node_address)
        .collect();
    let last = |name: &HeaderName| {
        list_values(headers, name)
            .last()
            .filter(|v| !v.is_empty())
            .map(|v| (*v).to_owned())
    };
    Hop {
        address: rightmost_untrusted(&chain, proxies).and_then(|i| chain[i]),
        host: last(&X_FORWARDED_HOST),
        scheme: last(&X_FORWARDED_PROTO),
    }
}

/// RFC 7239 `Forwarded`: one element per proxy, walked from the right by `for=`; `host=` and
/// `proto=` of the element that named the client (written by the proxy the client reached).
fn forwarded(headers: &HeaderMap, proxies: &TrustedProxies) -> Hop {
    let elements: Vec<Vec<(String, String)>> = headers
        .get_all(header::FORWARDED)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| split_outside_quotes(v, ','))
        .map(|element| {
            split_outside_quotes(element, ';')
                .into_iter()
                .filter_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    Some((name.trim().to_ascii_lowercase(), unquote(value.trim())))
                })
                .collect()
        })
        .collect();
    let param = |element: &[(String, String)], name: &str| {
        element
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let chain: Vec<Option<IpAddr>> = elements
        .iter()
        .map(|e| param(e, "for").as_deref().and_then(node_address))
        .collect();
    let Some(i) = rightmost_untrusted(&chain, proxies) else {
        return Hop::default();
    };
    Hop {
        address: chain[i],
        host: param(&elements[i], "host"),
        scheme: param(&elements[i], "proto"),
    }
}

/// Splits at `separator` where it is not inside a quoted string.
fn split_outside_quotes(s: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut start, mut quoted, mut escaped) = (Vec::new(), 0, false, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

/// A token or quoted-string value, unquoted.
fn unquote(value: &str) -> String {
    let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else {
        return value.to_owned();
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' {
            chars.next().unwrap_or(c)
        } else {
            c
        });
    }
    out
}

/// The address of a forwarded node: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]`, `[2001:db8::1]:4711` (RFC 7239 §6 also allows obfuscated `_ports`).
/// `unknown`, obfuscated identifiers and garbage name no address.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    let is_port = |p: &str| {
        !p.is_empty()
            && (p.bytes().all(|b| b.is_ascii_digit())
                || (p.starts_with('_')
                    && p.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')))
    };
    let address = if let Some(rest) = node.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return None;
        }
        IpAddr::V6(inner.parse::<Ipv6Addr>().ok()?)
    } else if let Ok(address) = node.parse::<IpAddr>() {
        address
    } else if let Ok(socket) = node.parse::<SocketAddrV4>() {
        IpAddr::V4(*socket.ip())
    } else {
        let (host, port) = node.rsplit_once(':')?;
        if !is_port(port) {
            return None;
        }
        IpAddr::V4(host.parse().ok()?)
    };
    Some(address.to_canonical())
}

/// Whether a forwarded host looks like one: a name or address with an optional port, nothing
/// that could change a link's meaning.
fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_:[]".contains(&b))
}

#[cfg(test)]
mod tests {
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
}
