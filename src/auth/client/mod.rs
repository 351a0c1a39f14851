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
mod tests;
