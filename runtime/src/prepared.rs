//! What the client computes before a request goes out, and what it caches to compute it
//! cheaply: the per-service [`Target`], the per-action header [`Template`], the per-day
//! [`SigningKey`] and the signed [`PreparedRequest`].
//!
//! Only the body, the timestamp and the signature change from one request to the next; the
//! rest is built once. A [`PreparedRequest`] keeps the signed parts as ready header values
//! and shares the constant ones, and [`PreparedRequest::headers`] assembles the HTTP header
//! map when the request is sent.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};

use crate::credentials::{Credentials, CredentialsError};
use crate::sign::{CanonicalPrefix, Signer};

pub(crate) const X_TC_ACTION: HeaderName = HeaderName::from_static("x-tc-action");
pub(crate) const X_TC_VERSION: HeaderName = HeaderName::from_static("x-tc-version");
pub(crate) const X_TC_TIMESTAMP: HeaderName = HeaderName::from_static("x-tc-timestamp");
pub(crate) const X_TC_REGION: HeaderName = HeaderName::from_static("x-tc-region");
pub(crate) const X_TC_TOKEN: HeaderName = HeaderName::from_static("x-tc-token");
pub(crate) const X_TC_LANGUAGE: HeaderName = HeaderName::from_static("x-tc-language");
pub(crate) const X_TC_REQUEST_CLIENT: HeaderName = HeaderName::from_static("x-tc-requestclient");

/// Where one service's requests go, and the part of their canonical request that only
/// depends on the host.
#[derive(Debug)]
pub(crate) struct Target {
    /// The endpoint's URL (`https://host/`), parsed once per target.
    pub(crate) uri: http::Uri,
    pub(crate) host_header: HeaderValue,
    pub(crate) canonical: CanonicalPrefix,
}

/// The headers every request of one action shares, with its target.
///
/// `headers` also holds empty `X-TC-Timestamp` and `Authorization` entries that
/// [`PreparedRequest::headers`] always overwrites: a cloned map then has room for them (a
/// clone has no spare capacity) and they keep their place.
#[derive(Debug)]
pub(crate) struct Template {
    target: Arc<Target>,
    headers: HeaderMap,
}

impl Template {
    /// `headers`: every header but timestamp, token and authorization.
    pub(crate) fn new(target: Arc<Target>, mut headers: HeaderMap) -> Self {
        headers.insert(X_TC_TIMESTAMP, HeaderValue::from_static(""));
        headers.insert(AUTHORIZATION, HeaderValue::from_static(""));
        Self { target, headers }
    }
}

impl Template {
    /// The same target and headers for a body of another `Content-Type` (signed as such),
    /// with `extra` headers (a raw body's parameters).
    pub(crate) fn with_content(
        &self,
        content_type: &str,
        extra: Vec<(HeaderName, HeaderValue)>,
    ) -> Result<Self, String> {
        let t = &self.target;
        let host = t.host_header.to_str().map_err(|e| format!("host: {e}"))?;
        let content = HeaderValue::from_str(content_type)
            .map_err(|_| format!("content type `{content_type}` cannot be sent"))?;
        let target = Arc::new(Target {
            uri: t.uri.clone(),
            host_header: t.host_header.clone(),
            canonical: CanonicalPrefix::new(content_type, host),
        });
        let mut headers = self.headers.clone();
        headers.insert(http::header::CONTENT_TYPE, content);
        for (name, value) in extra {
            headers.append(name, value);
        }
        Ok(Self { target, headers })
    }
}

/// A signing key derived for one service and UTC day from one set of credentials, with the
/// header values that only depend on those: the `Authorization` value up to the signature
/// and the `X-TC-Token` value.
pub(crate) struct SigningKey {
    credentials: Credentials,
    signer: Signer,
    authorization_prefix: Box<[u8]>,
    token: Option<HeaderValue>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("credentials", &self.credentials)
            .field("signer", &self.signer)
            .finish_non_exhaustive()
    }
}

fn unsendable(what: &str) -> CredentialsError {
    CredentialsError::Malformed {
        what: what.to_owned(),
        problem: "contains characters that cannot be sent in an HTTP header",
    }
}

impl SigningKey {
    /// Derives the key of `service` on the UTC date of `timestamp`. Fails when the SecretId
    /// or the token cannot be sent in a header.
    pub(crate) fn new(
        credentials: &Credentials,
        service: &str,
        timestamp: i64,
    ) -> Result<Self, CredentialsError> {
        let signer = Signer::new(credentials.secret_key(), service, timestamp);
        let prefix = signer.authorization_prefix(credentials.secret_id());
        // Checked once here: with hex digits appended the value stays sendable.
        HeaderValue::from_str(&prefix).map_err(|_| unsendable("SecretId"))?;
        let token = match credentials.token() {
            Some(t) => {
                let mut v = HeaderValue::from_str(t).map_err(|_| unsendable("token"))?;
                v.set_sensitive(true);
                Some(v)
            }
            None => None,
        };
        Ok(Self {
            credentials: credentials.clone(),
            signer,
            authorization_prefix: prefix.into_bytes().into_boxed_slice(),
            token,
        })
    }

    /// Whether this key signs requests of `service` made with `credentials` at `timestamp`.
    pub(crate) fn covers(&self, credentials: &Credentials, service: &str, timestamp: i64) -> bool {
        self.signer.covers(service, timestamp) && self.credentials == *credentials
    }

    /// Signs `body` for `template`'s host at `timestamp`.
    pub(crate) fn sign(
        &self,
        template: Arc<Template>,
        timestamp: i64,
        body: Bytes,
    ) -> Result<PreparedRequest, CredentialsError> {
        let signature = self
            .signer
            .signature_hex(&template.target.canonical, timestamp, &body);
        let mut value = Vec::with_capacity(self.authorization_prefix.len() + signature.len());
        value.extend_from_slice(&self.authorization_prefix);
        value.extend_from_slice(&signature);
        // Length equals capacity: `Bytes` takes the buffer over without another allocation.
        let mut authorization = HeaderValue::from_maybe_shared(Bytes::from(value))
            .map_err(|_| unsendable("SecretId"))?;
        authorization.set_sensitive(true);
        Ok(PreparedRequest {
            template,
            timestamp,
            authorization,
            token: self.token.clone(),
            body,
        })
    }
}

/// The `X-TC-Timestamp` value: the decimal digits the signature covers, in one exact-size
/// buffer (`HeaderValue::from(i64)` grows a shared buffer instead).
fn timestamp_header(timestamp: i64) -> HeaderValue {
    let mut digits = [0u8; 20];
    let digits = crate::sign::decimal(timestamp, &mut digits);
    // Digits and `-` are always valid in a header value.
    HeaderValue::from_maybe_shared(Bytes::copy_from_slice(digits))
        .unwrap_or_else(|_| HeaderValue::from(timestamp))
}

/// A signed request ready to go: URL, headers and the exact body the signature covers.
///
/// The per-request parts (timestamp, `Authorization`, body) are held as they are sent; the
/// headers shared by every request of the action are shared, not copied.
/// [`PreparedRequest::headers`] gives the complete header map.
#[derive(Clone)]
pub struct PreparedRequest {
    template: Arc<Template>,
    timestamp: i64,
    authorization: HeaderValue,
    token: Option<HeaderValue>,
    body: Bytes,
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values marked sensitive (Authorization, X-TC-Token) print as `Sensitive`.
        f.debug_struct("PreparedRequest")
            .field("url", &self.template.target.uri)
            .field("headers", &self.headers())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl PreparedRequest {
    /// A request sent without a signature: `Authorization: SKIP`, no token.
    pub(crate) fn unsigned(template: Arc<Template>, timestamp: i64, body: Bytes) -> Self {
        Self {
            template,
            timestamp,
            authorization: HeaderValue::from_static("SKIP"),
            token: None,
            body,
        }
    }

    /// Where it goes.
    pub fn url(&self) -> &http::Uri {
        &self.template.target.uri
    }

    /// The `X-TC-Timestamp` it was signed at (seconds since the Unix epoch).
    pub fn timestamp(&self) -> i64 {
        self.timestamp
    }

    /// The `Authorization` header value (marked sensitive).
    pub fn authorization(&self) -> &HeaderValue {
        &self.authorization
    }

    /// The body bytes the signature covers.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Every header as sent, `Authorization` and `X-TC-Token` marked sensitive.
    pub fn headers(&self) -> HeaderMap {
        header_map(
            &self.template,
            self.timestamp,
            self.authorization.clone(),
            self.token.clone(),
        )
    }

    /// The request as an [`HttpTransport`](crate::transport::HttpTransport) sends it:
    /// `POST`, the URL, every header and the signed body.
    pub fn into_http(self) -> crate::transport::HttpRequest {
        let Self {
            template,
            timestamp,
            authorization,
            token,
            body,
        } = self;
        let mut request = http::Request::new(body);
        *request.method_mut() = http::Method::POST;
        *request.uri_mut() = template.target.uri.clone();
        *request.headers_mut() = header_map(&template, timestamp, authorization, token);
        request
    }

    /// URL, headers and body.
    pub fn into_parts(self) -> (http::Uri, HeaderMap, Bytes) {
        let Self {
            template,
            timestamp,
            authorization,
            token,
            body,
        } = self;
        // Moved, not cloned: cloning a fresh buffer would first make it shared.
        let headers = header_map(&template, timestamp, authorization, token);
        (template.target.uri.clone(), headers, body)
    }
}

fn header_map(
    template: &Template,
    timestamp: i64,
    authorization: HeaderValue,
    token: Option<HeaderValue>,
) -> HeaderMap {
    let mut headers = template.headers.clone();
    headers.insert(X_TC_TIMESTAMP, timestamp_header(timestamp));
    if let Some(token) = token {
        headers.insert(X_TC_TOKEN, token);
    }
    headers.insert(AUTHORIZATION, authorization);
    headers
}

#[cfg(test)]
mod tests {
    use http::header::{CONTENT_TYPE, HOST};

    use super::*;
    use crate::sign::{self, Authorization};

    const TIMESTAMP: i64 = 1_551_113_065;

    fn template() -> Arc<Template> {
        let host = "cvm.tencentcloudapi.com";
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_static(host));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(X_TC_ACTION, HeaderValue::from_static("DescribeInstances"));
        Arc::new(Template::new(
            Arc::new(Target {
                uri: http::Uri::from_static("https://cvm.tencentcloudapi.com/"),
                host_header: HeaderValue::from_static(host),
                canonical: CanonicalPrefix::new("application/json", host),
            }),
            headers,
        ))
    }

    fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
        headers.get(name).unwrap().to_str().unwrap()
    }

    #[test]
    fn prepared_headers_carry_a_signature_the_verifier_accepts() {
        let credentials = Credentials::with_token("AKIDtest", "secret", "tok").unwrap();
        let key = SigningKey::new(&credentials, "cvm", TIMESTAMP).unwrap();
        let body = Bytes::from_static(br#"{"Limit":1}"#);
        let prepared = key.sign(template(), TIMESTAMP, body.clone()).unwrap();
        assert_eq!(prepared.timestamp(), TIMESTAMP);
        assert_eq!(prepared.body(), &body);
        assert_eq!(prepared.url(), "https://cvm.tencentcloudapi.com/");

        let headers = prepared.headers();
        assert_eq!(header(&headers, "x-tc-timestamp"), "1551113065");
        assert_eq!(header(&headers, "x-tc-token"), "tok");
        assert_eq!(header(&headers, "x-tc-action"), "DescribeInstances");
        // One value each: the template's empty slots are replaced, not added to.
        assert_eq!(headers.len(), 6);
        assert_eq!(headers.keys_len(), 6);
        assert!(headers["authorization"].is_sensitive());
        assert!(headers["x-tc-token"].is_sensitive());
        assert_eq!(&headers["authorization"], prepared.authorization());

        let auth = Authorization::parse(header(&headers, "authorization")).unwrap();
        assert_eq!(auth.secret_id, "AKIDtest");
        sign::verify(
            &auth,
            "secret",
            header(&headers, "host"),
            header(&headers, "content-type"),
            TIMESTAMP,
            &body,
        )
        .unwrap();

        let (url, sent, sent_body) = prepared.into_parts();
        assert_eq!(url, "https://cvm.tencentcloudapi.com/");
        assert_eq!(sent, headers);
        assert_eq!(sent_body, body);
    }

    #[test]
    fn no_token_header_without_a_token_and_negative_timestamps_are_sent_as_signed() {
        let credentials = Credentials::new("AKIDtest", "secret").unwrap();
        let key = SigningKey::new(&credentials, "cvm", -1).unwrap();
        let prepared = key.sign(template(), -1, Bytes::from_static(b"{}")).unwrap();
        let headers = prepared.headers();
        assert!(headers.get("x-tc-token").is_none());
        assert_eq!(header(&headers, "x-tc-timestamp"), "-1");
        let auth = Authorization::parse(header(&headers, "authorization")).unwrap();
        assert_eq!(auth.date, "1969-12-31");
    }

    #[test]
    fn a_key_covers_its_credentials_service_and_day_only() {
        let credentials = Credentials::new("AKIDtest", "secret").unwrap();
        let key = SigningKey::new(&credentials, "cvm", TIMESTAMP).unwrap();
        assert!(key.covers(&credentials, "cvm", TIMESTAMP));
        // An equal copy built separately is the same credentials.
        assert!(key.covers(
            &Credentials::new("AKIDtest", "secret").unwrap(),
            "cvm",
            TIMESTAMP
        ));
        assert!(!key.covers(&credentials, "gse", TIMESTAMP));
        assert!(!key.covers(&credentials, "cvm", TIMESTAMP + 86_400));
        for other in [
            Credentials::new("AKIDtest", "other").unwrap(),
            Credentials::new("AKIDother", "secret").unwrap(),
            Credentials::with_token("AKIDtest", "secret", "tok").unwrap(),
        ] {
            assert!(!key.covers(&other, "cvm", TIMESTAMP), "{other:?}");
        }
    }

    #[test]
    fn unsendable_secret_id_or_token_is_a_credentials_error() {
        let id = Credentials::new("AKID\u{7f}x", "secret").unwrap();
        let err = SigningKey::new(&id, "cvm", TIMESTAMP).unwrap_err();
        assert!(err.to_string().contains("SecretId"), "{err}");
        let token = Credentials::with_token("AKID", "secret", "t\no").unwrap();
        let err = SigningKey::new(&token, "cvm", TIMESTAMP).unwrap_err();
        assert!(err.to_string().contains("token"), "{err}");
    }

    #[test]
    fn debug_shows_no_secret() {
        let credentials = Credentials::with_token("AKIDtest", "SECRETVALUE", "TOKENVALUE").unwrap();
        let key = SigningKey::new(&credentials, "cvm", TIMESTAMP).unwrap();
        let prepared = key
            .sign(template(), TIMESTAMP, Bytes::from_static(b"{}"))
            .unwrap();
        let shown = format!("{prepared:?} {key:?}");
        for secret in ["SECRETVALUE", "TOKENVALUE", "Signature="] {
            assert!(!shown.contains(secret), "`{secret}` in {shown}");
        }
        assert!(shown.contains("cvm.tencentcloudapi.com"), "{shown}");
    }
}
