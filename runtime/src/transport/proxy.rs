//! Proxies of the default transport: which one a request takes ([`Proxy`], `NO_PROXY`), the
//! proxy's address and credentials, and the `CONNECT` tunnel that `https://` requests take
//! through it.
//!
//! Hand-written rather than a proxy crate: an HTTP proxy is a `CONNECT` line and one
//! response head for TLS endpoints, an absolute URL and a header for plain ones, and the
//! crates that do it bring their own HTTP client (reqwest, with the url/idna/ICU crates) into
//! every user's build for these hundred lines.

use std::fmt;
use std::net::IpAddr;

use http::HeaderValue;
use http::uri::{Authority, Uri};
use tokio::net::TcpStream;

use super::{TransportError, TransportErrorKind};

/// Which proxy the default transport uses.
///
/// By default ([`Proxy::from_env`]) the conventional variables are read once, when the
/// transport is built, the way curl reads them: `HTTPS_PROXY` (or `https_proxy`) for
/// `https://` endpoints, `HTTP_PROXY` (or `http_proxy`) for `http://` ones, `ALL_PROXY` (or
/// `all_proxy`) for both when the specific one is unset, and `NO_PROXY` (or `no_proxy`): a
/// comma-separated list of hosts, domains (`.example.com` or `example.com`, subdomains
/// included), IP addresses and CIDR blocks that go direct, or `*` for every host. Empty
/// values count as unset.
///
/// A proxy is an HTTP proxy, `http://[user:password@]host[:port]` (port 80 if none; a bare
/// `host:port` means `http://`). `https://` endpoints go through a `CONNECT` tunnel, so TLS
/// runs end to end between the client and Tencent Cloud; `http://` endpoints are sent to the
/// proxy with their absolute URL. User and password (percent-encoded in the URL) are sent
/// as `Proxy-Authorization: Basic`. SOCKS and TLS-to-the-proxy (`https://` proxy URLs) are
/// not supported: building the transport fails with an error naming the proxy.
#[derive(Clone, PartialEq, Eq, Default)]
pub enum Proxy {
    /// No proxy, whatever the environment says.
    None,
    /// The proxy variables of the environment (the default).
    #[default]
    FromEnv,
    /// Explicit settings.
    Explicit {
        /// Proxy for `http://` endpoints.
        http: Option<String>,
        /// Proxy for `https://` endpoints.
        https: Option<String>,
        /// Hosts that go direct, in `NO_PROXY` syntax.
        no_proxy: Option<String>,
    },
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Proxy URLs may carry user info: show the host part only.
        let shown = |u: &Option<String>| u.as_deref().map(redact_userinfo);
        match self {
            Self::None => f.write_str("None"),
            Self::FromEnv => f.write_str("FromEnv"),
            Self::Explicit {
                http,
                https,
                no_proxy,
            } => f
                .debug_struct("Explicit")
                .field("http", &shown(http))
                .field("https", &shown(https))
                .field("no_proxy", no_proxy)
                .finish(),
        }
    }
}

fn redact_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        (None, Some(at)) => format!("***@{}", &url[at + 1..]),
        _ => url.to_owned(),
    }
}

impl Proxy {
    /// The environment's proxy variables (see the type's docs).
    pub fn from_env() -> Self {
        Self::FromEnv
    }

    /// One HTTP proxy for every request, e.g. `http://proxy:3128`. Credentials in the URL
    /// (`http://user:pass@proxy:3128`) are sent as `Proxy-Authorization`.
    pub fn url(url: impl Into<String>) -> Self {
        let url = url.into();
        Self::Explicit {
            http: Some(url.clone()),
            https: Some(url),
            no_proxy: None,
        }
    }

    /// These hosts go direct (`NO_PROXY` syntax). Only meaningful on explicit settings;
    /// [`Proxy::FromEnv`] reads `NO_PROXY` itself.
    pub fn no_proxy(self, hosts: impl Into<String>) -> Self {
        match self {
            Self::Explicit { http, https, .. } => Self::Explicit {
                http,
                https,
                no_proxy: Some(hosts.into()),
            },
            other => other,
        }
    }

    /// The explicit settings `lookup` (an environment) describes; `None` when it sets no
    /// proxy at all.
    pub fn resolve_env(lookup: &dyn Fn(&str) -> Option<String>) -> Self {
        let var = |upper: &str| {
            lookup(upper)
                .or_else(|| lookup(&upper.to_ascii_lowercase()))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let all = var("ALL_PROXY");
        let http = var("HTTP_PROXY").or_else(|| all.clone());
        let https = var("HTTPS_PROXY").or(all);
        if http.is_none() && https.is_none() {
            return Self::None;
        }
        Self::Explicit {
            http,
            https,
            no_proxy: var("NO_PROXY"),
        }
    }

    /// The routes these settings give (the environment read through `lookup` for
    /// [`Proxy::FromEnv`]).
    pub(super) fn routes(
        &self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Routes, TransportError> {
        let resolved = match self {
            Self::FromEnv => Self::resolve_env(lookup),
            other => other.clone(),
        };
        let shown = format!("{resolved:?}");
        let Self::Explicit {
            http,
            https,
            no_proxy,
        } = resolved
        else {
            return Ok(Routes {
                shown,
                ..Routes::default()
            });
        };
        let server = |url: Option<String>| url.as_deref().map(ProxyServer::parse).transpose();
        Ok(Routes {
            http: server(http)?,
            https: server(https)?,
            no_proxy: NoProxy::parse(no_proxy.as_deref().unwrap_or_default()),
            shown,
        })
    }
}

/// Which requests go through which proxy.
#[derive(Default)]
pub(super) struct Routes {
    http: Option<ProxyServer>,
    https: Option<ProxyServer>,
    no_proxy: NoProxy,
    /// The settings, credentials hidden.
    pub(super) shown: String,
}

impl Routes {
    /// The proxy a request to `host` (bare: no brackets, no port) takes, if any.
    pub(super) fn proxy_for(&self, https: bool, host: &str) -> Option<&ProxyServer> {
        let server = if https { &self.https } else { &self.http };
        server.as_ref().filter(|_| !self.no_proxy.matches(host))
    }

    /// Whether requests of this scheme may go through a proxy.
    #[cfg(test)]
    pub(super) fn has(&self, https: bool) -> bool {
        if https {
            self.https.is_some()
        } else {
            self.http.is_some()
        }
    }
}

/// One HTTP proxy: where it listens and what authenticates to it.
pub(super) struct ProxyServer {
    pub(super) host: String,
    pub(super) port: u16,
    /// `Basic …` when the URL carries user info.
    pub(super) authorization: Option<HeaderValue>,
}

impl ProxyServer {
    fn parse(url: &str) -> Result<Self, TransportError> {
        let invalid = |what: &str| {
            TransportError::new(
                TransportErrorKind::Other,
                false,
                format!("proxy `{}`: {what}", redact_userinfo(url)),
            )
        };
        let rest = match url.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => {
                return Err(invalid(&format!(
                    "scheme `{scheme}` is not supported (only HTTP proxies, `http://host:port`)"
                )));
            }
            None => url,
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        if hostport.is_empty() || hostport.contains(['/', '?', '#']) {
            return Err(invalid("expected `http://[user:password@]host[:port]`"));
        }
        let authority: Authority = hostport
            .parse()
            .map_err(|e: http::uri::InvalidUri| invalid(&e.to_string()))?;
        let port = match authority.as_str().rsplit_once(':') {
            // The colon of a port, not one inside an IPv6 address.
            Some((_, text)) if !text.contains(']') && authority.host() != authority.as_str() => {
                Some(
                    text.parse::<u16>()
                        .map_err(|_| invalid("the port is not a number from 0 to 65535"))?,
                )
            }
            _ => None,
        };
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if host.is_empty() {
            return Err(invalid("no host"));
        }
        let authorization = match userinfo {
            None => None,
            Some(u) => {
                let (user, password) = u.split_once(':').unwrap_or((u, ""));
                let plain = format!(
                    "{}:{}",
                    percent_decode(user).ok_or_else(|| invalid("bad percent-encoding"))?,
                    percent_decode(password).ok_or_else(|| invalid("bad percent-encoding"))?
                );
                let mut value =
                    HeaderValue::try_from(format!("Basic {}", base64(plain.as_bytes())))
                        .map_err(|e| invalid(&e.to_string()))?;
                value.set_sensitive(true);
                Some(value)
            }
        };
        Ok(Self {
            host,
            port: port.unwrap_or(80),
            authorization,
        })
    }

    /// Opens a `CONNECT` tunnel to `target` (`host:port`) over `tcp`, a fresh connection to
    /// this proxy: sends the request, reads the proxy's answer head (at most 16 KiB), and
    /// returns the stream, now a byte pipe to `target`, if the proxy answered 2xx.
    pub(super) async fn tunnel(&self, tcp: TcpStream, target: &str) -> Result<TcpStream, String> {
        let mut request = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n");
        if let Some(auth) = &self.authorization {
            request.push_str("Proxy-Authorization: ");
            // Built from a `String` above: always visible ASCII.
            request.push_str(auth.to_str().unwrap_or_default());
            request.push_str("\r\n");
        }
        request.push_str("\r\n");
        let mut written = 0;
        let bytes = request.as_bytes();
        while written < bytes.len() {
            tcp.writable().await.map_err(|e| e.to_string())?;
            match tcp.try_write(&bytes[written..]) {
                Ok(n) => written += n,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                Err(e) => return Err(format!("sending CONNECT: {e}")),
            }
        }
        // The proxy says nothing after its head until the client speaks (TLS starts with the
        // client's hello), so everything read up to the blank line is the head.
        const MAX_HEAD: usize = 16 * 1024;
        let mut head = Vec::with_capacity(256);
        let mut chunk = [0u8; 1024];
        let end = loop {
            tcp.readable().await.map_err(|e| e.to_string())?;
            match tcp.try_read(&mut chunk) {
                Ok(0) => return Err("the proxy closed the connection during CONNECT".into()),
                Ok(n) => head.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(e) => return Err(format!("reading the CONNECT answer: {e}")),
            }
            if let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            if head.len() > MAX_HEAD {
                return Err(format!("the CONNECT answer head exceeds {MAX_HEAD} bytes"));
            }
        };
        if end != head.len() {
            return Err("the proxy sent data after its CONNECT answer".into());
        }
        let status_line = head
            .split(|&b| b == b'\n')
            .next()
            .map(|l| String::from_utf8_lossy(l).trim().to_owned())
            .unwrap_or_default();
        let mut parts = status_line.splitn(3, ' ');
        let (version, status) = (parts.next(), parts.next());
        match (version, status.and_then(|s| s.parse::<u16>().ok())) {
            (Some(v), Some(code)) if v.starts_with("HTTP/1.") && (200..300).contains(&code) => {
                Ok(tcp)
            }
            (Some(v), Some(407)) if v.starts_with("HTTP/1.") => Err(format!(
                "the proxy requires authentication (`{status_line}`){}",
                if self.authorization.is_some() {
                    ": the credentials in the proxy URL were refused"
                } else {
                    ": put them in the proxy URL, `http://user:password@host:port`"
                }
            )),
            _ => Err(format!("the proxy refused CONNECT: `{status_line}`")),
        }
    }
}

/// The request URI a proxy wants for a plain `http://` request: the absolute URL.
pub(super) fn absolute_form(authority: &Authority, path: &http::uri::PathAndQuery) -> Uri {
    Uri::builder()
        .scheme("http")
        .authority(authority.clone())
        .path_and_query(path.clone())
        .build()
        .unwrap_or_else(|_| Uri::from(path.clone()))
}

/// `NO_PROXY`: the hosts that go direct.
#[derive(Debug, Default, PartialEq)]
pub(super) struct NoProxy {
    every: bool,
    /// Lower-case names; each also matches its subdomains.
    domains: Vec<String>,
    /// Addresses and CIDR blocks: (network, prefix length).
    nets: Vec<(IpAddr, u8)>,
}

impl NoProxy {
    /// Reads the comma-separated list; entries that are neither names, addresses nor CIDR
    /// blocks (`a b`, `10.0.0.0/99`) are ignored, as curl does.
    pub(super) fn parse(list: &str) -> Self {
        let mut out = Self::default();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry == "*" {
                out.every = true;
                continue;
            }
            // `[fd00::1]`, `[fd00::]/8`, `[::1]:8080`: the address, its block, no port.
            let bare = match entry.strip_prefix('[').and_then(|r| r.split_once(']')) {
                Some((ip, after)) => match after.strip_prefix('/') {
                    Some(bits) => format!("{ip}/{bits}"),
                    None => ip.to_owned(),
                },
                None => entry.to_owned(),
            };
            let bare = bare.as_str();
            if let Some((net, bits)) = bare.split_once('/') {
                if let (Ok(ip), Ok(bits)) = (net.parse::<IpAddr>(), bits.parse::<u8>()) {
                    let max = if ip.is_ipv4() { 32 } else { 128 };
                    if bits <= max {
                        out.nets.push((ip, bits));
                    }
                }
            } else if let Ok(ip) = bare.parse::<IpAddr>() {
                out.nets.push((ip, if ip.is_ipv4() { 32 } else { 128 }));
            } else {
                // `host:port` entries name the host (the port is not compared).
                let name = bare.split(':').next().unwrap_or(bare);
                let name = name.trim_start_matches("*.").trim_start_matches('.');
                if !name.is_empty() && !name.contains(char::is_whitespace) {
                    out.domains.push(name.to_ascii_lowercase());
                }
            }
        }
        out
    }

    /// Whether `host` (a name or an address, no brackets) goes direct.
    pub(super) fn matches(&self, host: &str) -> bool {
        if self.every {
            return true;
        }
        if let Ok(ip) = host.parse::<IpAddr>() {
            return self.nets.iter().any(|&(net, bits)| in_net(ip, net, bits));
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domains.iter().any(|d| {
            host == *d
                || (host.len() > d.len()
                    && host.ends_with(d.as_str())
                    && host.as_bytes()[host.len() - d.len() - 1] == b'.')
        })
    }
}

fn in_net(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let (a, b, width) = match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(b)) => (u128::from(a.to_bits()), u128::from(b.to_bits()), 32),
        (IpAddr::V6(a), IpAddr::V6(b)) => (a.to_bits(), b.to_bits(), 128),
        _ => return false,
    };
    if bits == 0 {
        return true;
    }
    let shift = width - u32::from(bits);
    (a >> shift) == (b >> shift)
}

/// `%XX` sequences decoded; `None` for a malformed one or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Standard base64 with padding (RFC 4648), for the one Basic credential.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_proxies_follow_the_conventions() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(Proxy::resolve_env(&env(&[])), Proxy::None);
        assert_eq!(
            Proxy::resolve_env(&env(&[("HTTPS_PROXY", " ")])),
            Proxy::None
        );
        assert_eq!(
            Proxy::resolve_env(&env(&[
                ("https_proxy", "http://p:1"),
                ("NO_PROXY", "127.0.0.1,.internal")
            ])),
            Proxy::Explicit {
                http: None,
                https: Some("http://p:1".into()),
                no_proxy: Some("127.0.0.1,.internal".into()),
            }
        );
        // Upper case wins; ALL_PROXY fills in what is unset.
        assert_eq!(
            Proxy::resolve_env(&env(&[
                ("HTTP_PROXY", "http://a:1"),
                ("http_proxy", "http://b:1"),
                ("all_proxy", "http://c:1"),
            ])),
            Proxy::Explicit {
                http: Some("http://a:1".into()),
                https: Some("http://c:1".into()),
                no_proxy: None,
            }
        );
    }

    #[test]
    fn proxy_credentials_do_not_show() {
        let p = Proxy::url("http://user:secret@proxy:3128").no_proxy("localhost");
        let shown = format!("{p:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(
            shown.contains("proxy:3128") && shown.contains("localhost"),
            "{shown}"
        );
        let routes = p.routes(&|_| None).unwrap();
        assert!(!routes.shown.contains("secret"));
        assert_eq!(redact_userinfo("u:p@h:1"), "***@h:1");
    }

    #[test]
    fn proxy_urls_are_read_or_refused_by_name() {
        let server = |url: &str| ProxyServer::parse(url);
        let p = server("http://user%40corp:p%3Ass@proxy.internal:3128/").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("proxy.internal", 3128));
        // base64("user@corp:p:ss")
        assert_eq!(
            p.authorization.unwrap().to_str().unwrap(),
            "Basic dXNlckBjb3JwOnA6c3M="
        );
        let p = server("10.0.0.1:8080").unwrap();
        assert_eq!(
            (p.host.as_str(), p.port, p.authorization),
            ("10.0.0.1", 8080, None)
        );
        let p = server("http://[::1]").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("::1", 80));
        for (bad, why) in [
            ("socks5://proxy:1080", "scheme `socks5` is not supported"),
            ("https://proxy:443", "scheme `https` is not supported"),
            ("not a url", "proxy `not a url`"),
            ("http://", "expected"),
            ("http://proxy:3128/path", "expected"),
            ("http://u:%zz@proxy:1", "percent-encoding"),
            ("http://proxy:99999", "the port is not a number"),
        ] {
            let e = server(bad)
                .err()
                .unwrap_or_else(|| panic!("{bad} accepted"));
            assert!(e.message.contains(why), "{bad}: {e}");
            assert!(!e.sent);
        }
        let e = server("socks5://user:secret@proxy:1080").err().unwrap();
        assert!(!e.message.contains("secret"), "{e}");
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn no_proxy_matches_hosts_domains_addresses_and_blocks() {
        let n = NoProxy::parse(
            " localhost, .internal,example.com:8080 ,10.0.0.0/8,::1,[fd00::]/8, bad entry,1.2.3.4/40",
        );
        for direct in [
            "localhost",
            "LOCALHOST",
            "a.internal",
            "internal",
            "example.com",
            "api.example.com",
            "10.1.2.3",
            "::1",
            "fd12::1",
        ] {
            assert!(n.matches(direct), "{direct}");
        }
        for proxied in [
            "notexample.com",
            "example.com.evil",
            "11.0.0.1",
            "::2",
            "1.2.3.4",
            "cvm.tencentcloudapi.com",
        ] {
            assert!(!n.matches(proxied), "{proxied}");
        }
        assert!(NoProxy::parse("*").matches("anything"));
        assert!(!NoProxy::parse("").matches("localhost"));
        assert!(NoProxy::parse("0.0.0.0/0").matches("203.0.113.9"));
    }
}
