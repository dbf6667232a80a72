//! Configuration: the builder, endpoints, languages, and what a region and a base URL may be.

use super::*;

/// Environment variable that overrides the base URL of every service, e.g.
/// `TCAPI_ENDPOINT=http://127.0.0.1:8080`. It wins over [`ClientBuilder::endpoint`]. Like
/// [`Endpoint::Custom`], it may contain `{service}` and `{region}` placeholders.
pub const ENV_ENDPOINT: &str = "TCAPI_ENDPOINT";

/// The timeout of an action whose spec documents none (the official SDKs use 60 s).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

pub use crate::transport::DEFAULT_CONNECT_TIMEOUT;

/// The largest response body read by default (10 MiB); see [`ClientBuilder::max_response_bytes`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// The `Content-Type` of every request (JSON over POST, as the official SDKs send it).
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// Which host a request goes to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Endpoint {
    /// `<service>.tencentcloudapi.com` (default).
    #[default]
    Mainland,
    /// `<service>.intl.tencentcloudapi.com`.
    International,
    /// `<service>.<region>.tencentcloudapi.com`; needs a region.
    Regional,
    /// A base URL such as `http://127.0.0.1:8080` or `https://{service}.proxy.example`,
    /// where `{service}` and `{region}` are replaced per request. Its path must be `/`.
    Custom(String),
}

/// The language of error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Simplified Chinese, `zh-CN` (the server default).
    ZhCn,
    /// English, `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ZhCn => "zh-CN",
            Self::EnUs => "en-US",
        }
    }
}

/// A client configuration that cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Where a client's credentials come from.
#[derive(Debug)]
pub(super) enum CredentialSource {
    /// Given to the builder: used by reference, never cloned per request.
    Fixed(Credentials),
    /// A provider behind a cache, asked before every attempt.
    Cached(CachedProvider),
    /// No signature: `Authorization: SKIP`.
    Unsigned,
}

/// Builds a [`Client`]. Every setting has a default; see each method.
#[derive(Debug)]
pub struct ClientBuilder {
    credentials: Option<CredentialSource>,
    region: Option<String>,
    endpoint: Endpoint,
    language: Option<Language>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limit: RateLimitMode,
    validate: bool,
    request_client: Option<String>,
    transport: Option<Arc<dyn HttpTransport>>,
    max_response_bytes: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: None,
            region: None,
            endpoint: Endpoint::Mainland,
            language: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::default(),
            rate_limit: RateLimitMode::Wait,
            validate: true,
            request_client: None,
            transport: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// Fixed credentials. Default: [`DefaultChain`] behind a [`CachedProvider`].
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialSource::Fixed(credentials));
        self
    }

    /// Any credentials source (e.g. [`CvmRoleProvider`](crate::credentials::CvmRoleProvider)),
    /// put behind a [`CachedProvider`] with the default refresh margin: its keys are reused
    /// until shortly before they expire, and refreshed one at a time.
    pub fn credentials_provider(self, provider: impl ProvideCredentials) -> Self {
        self.credentials_cache(CachedProvider::new(provider))
    }

    /// A [`CachedProvider`] as it is: with its own settings, or shared with other clients
    /// (clones share one cache, so one refresh serves them all).
    pub fn credentials_cache(mut self, cache: CachedProvider) -> Self {
        self.credentials = Some(CredentialSource::Cached(cache));
        self
    }

    /// Sends requests unsigned, with `Authorization: SKIP` and no `X-TC-Token`, for the
    /// few actions that take no signature (`sts:AssumeRoleWithWebIdentity`).
    pub fn unsigned(mut self) -> Self {
        self.credentials = Some(CredentialSource::Unsigned);
        self
    }

    /// The region sent as `X-TC-Region` to actions that use it. Default:
    /// `$TENCENTCLOUD_REGION`, else the region of tccli's profile (`_sys_param.region` of
    /// `~/.tccli/<$TCCLI_PROFILE or default>.configure`), else none.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The host choice. Default: [`Endpoint::Mainland`]. `TCAPI_ENDPOINT` overrides it.
    pub fn endpoint(mut self, endpoint: Endpoint) -> Self {
        self.endpoint = endpoint;
        self
    }

    /// Shorthand for `endpoint(Endpoint::Custom(url))`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.endpoint(Endpoint::Custom(url.into()))
    }

    /// The language of error messages. Default: not sent (the server uses `zh-CN`).
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Timeout of actions whose spec documents none. Default: [`DEFAULT_TIMEOUT`] (60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Connection establishment timeout of the default transport. Default:
    /// [`DEFAULT_CONNECT_TIMEOUT`] (10 s). Ignored with [`ClientBuilder::transport`] (set it
    /// on that transport's own builder).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The HTTP transport. Default: an [`Http1Transport`] with this builder's connect
    /// timeout and the proxy variables of the environment `build` reads (see
    /// [`transport::Proxy`](crate::transport::Proxy)). Timeouts, retries, rate limits,
    /// signing and validation stay in the client, above the transport.
    pub fn transport(mut self, transport: impl HttpTransport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The largest response body the client reads, in bytes; past it the call fails with
    /// [`Error::ResponseTooLarge`] without holding more than that in memory. For streaming
    /// answers it bounds each event. Default: [`DEFAULT_MAX_RESPONSE_BYTES`] (10 MiB).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Retry policy. Default: [`RetryPolicy::default`] (3 attempts, 200 ms .. 5 s backoff).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limiting. Default: [`RateLimitMode::Wait`].
    pub fn rate_limit(mut self, mode: RateLimitMode) -> Self {
        self.rate_limit = mode;
        self
    }

    /// Whether requests are validated before sending. Default: `true`.
    pub fn validation(mut self, on: bool) -> Self {
        self.validate = on;
        self
    }

    /// Appended to `X-TC-RequestClient` (`tcapi-rust/<version>; <yours>`), at most 100 bytes.
    pub fn request_client(mut self, name: impl Into<String>) -> Self {
        self.request_client = Some(name.into());
        self
    }

    /// Builds the client, reading `TCAPI_ENDPOINT` from the environment.
    pub fn build(self) -> Result<Client, ConfigError> {
        self.build_with_env(&|name| std::env::var(name).ok())
    }

    /// [`ClientBuilder::build`] with a custom environment lookup.
    pub fn build_with_env(
        self,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Client, ConfigError> {
        let endpoint = match lookup(ENV_ENDPOINT).filter(|v| !v.trim().is_empty()) {
            Some(url) => Endpoint::Custom(url.trim().to_owned()),
            None => self.endpoint,
        };
        if let Endpoint::Custom(template) = &endpoint {
            let probe = template
                .replace("{service}", "svc")
                .replace("{region}", "ap-guangzhou");
            parse_base_url(&probe)
                .map_err(|e| ConfigError(format!("endpoint `{template}`: {e}")))?;
        }
        // Else `TENCENTCLOUD_REGION`, else tccli's profile (`crate::credentials::TccliProvider`).
        let region = match self.region {
            Some(r) => Some(r),
            None => crate::credentials::default_region(lookup).map_err(ConfigError)?,
        };
        let region = match region {
            Some(r) => Some(check_region(&r).map_err(ConfigError)?),
            None => None,
        };
        let mut request_client = format!("tcapi-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(extra) = self.request_client {
            if extra.len() > 100 || extra.chars().any(|c| !(' '..='~').contains(&c)) {
                return Err(ConfigError(
                    "request_client must be at most 100 printable ASCII characters".into(),
                ));
            }
            request_client.push_str("; ");
            request_client.push_str(&extra);
        }
        let request_client = HeaderValue::from_str(&request_client)
            .map_err(|e| ConfigError(format!("request_client: {e}")))?;
        let transport: Arc<dyn HttpTransport> = match self.transport {
            Some(t) => t,
            None => Arc::new(
                Http1Transport::builder()
                    .connect_timeout(self.connect_timeout)
                    .build_with_env(lookup)
                    .map_err(|e| ConfigError(e.message))?,
            ),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                credentials: self.credentials.unwrap_or_else(|| {
                    CredentialSource::Cached(CachedProvider::new(DefaultChain::new()))
                }),
                region,
                endpoint,
                language: self.language.map(|l| HeaderValue::from_static(l.as_str())),
                timeout: self.timeout,
                retry: self.retry,
                rate_limit: self.rate_limit,
                validate: self.validate,
                request_client,
                transport,
                max_response_bytes: self.max_response_bytes,
                limiter: RateLimiter::new(),
                targets: Mutex::default(),
                signers: Mutex::default(),
                templates: Mutex::default(),
            }),
        })
    }
}

/// An endpoint URL: `http` or `https`, a host, an optional port, nothing after the `/`.
/// Gives the URL requests go to (scheme and host lower-cased, a default port dropped) and
/// the Host header exactly as it is sent and signed (host, plus a non-default port).
pub(super) fn parse_base_url(url: &str) -> Result<(http::Uri, String), String> {
    if url.contains('#') {
        return Err("must have no path, query or fragment (requests go to `/`)".into());
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| e.to_string())?;
    let scheme = uri
        .scheme_str()
        .ok_or("no scheme (expected e.g. `https://host/`)")?
        .to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return Err(format!("scheme `{scheme}` is not http or https")),
    };
    let authority = uri.authority().ok_or("no host")?;
    if authority.as_str().contains('@') {
        return Err("must not contain user info".into());
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err("no host".into());
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err("must have no path, query or fragment (requests go to `/`)".into());
    }
    let host_header = match authority.port_u16() {
        Some(port) if port != default_port => format!("{host}:{port}"),
        _ => host,
    };
    let uri =
        http::Uri::try_from(format!("{scheme}://{host_header}/")).map_err(|e| e.to_string())?;
    Ok((uri, host_header))
}
