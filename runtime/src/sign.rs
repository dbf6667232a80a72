//! TC3-HMAC-SHA256 request signing, as Tencent Cloud API 3.0 specifies it.
//!
//! The signature covers the HTTP method, the path `/`, the empty query string, the
//! `content-type` and `host` headers, and the SHA-256 of the exact body bytes. The key is
//! derived from the secret key through the chain `TC3<key>` → date → service → `tc3_request`,
//! where the date is the UTC calendar date of the `X-TC-Timestamp` value. The client signs
//! the very bytes it sends: [`Signer`] takes the body as a byte slice and the client hands
//! that same buffer to the transport.
//!
//! [`Authorization::parse`] and [`verify`] are the inverse, used by test servers to check
//! what a client sent.

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The algorithm name in the `Authorization` header and the string to sign.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The headers covered by the signature, in canonical order.
pub const SIGNED_HEADERS: &str = "content-type;host";

type HmacSha256 = Hmac<Sha256>;

/// What one signature covers.
#[derive(Clone, Copy)]
pub struct SignInput<'a> {
    /// Service short name (`cvm`, `gse`): the signing scope, not necessarily the host.
    pub service: &'a str,
    /// The `Host` header value as sent (may include a port).
    pub host: &'a str,
    /// The `Content-Type` header value as sent.
    pub content_type: &'a str,
    /// Seconds since the Unix epoch, as sent in `X-TC-Timestamp`.
    pub timestamp: i64,
    /// The exact request body.
    pub payload: &'a [u8],
}

impl fmt::Debug for SignInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignInput")
            .field("service", &self.service)
            .field("host", &self.host)
            .field("content_type", &self.content_type)
            .field("timestamp", &self.timestamp)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    push_hex(&mut s, bytes);
    s
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
}

fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length; `new_from_slice` cannot fail for it.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Hex SHA-256 of the body, the last line of the canonical request.
pub fn payload_hash(payload: &[u8]) -> String {
    hex(&Sha256::digest(payload))
}

/// The UTC calendar date (`YYYY-MM-DD`) of a Unix timestamp: the credential scope date.
pub fn utc_date(timestamp: i64) -> String {
    let (y, m, d) = civil_from_days(timestamp.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's algorithm, shifting the epoch to 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The canonical request: method, path, query, canonical headers, signed headers, body hash.
pub fn canonical_request(input: &SignInput<'_>) -> String {
    format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\n{SIGNED_HEADERS}\n{}",
        input.content_type,
        input.host,
        payload_hash(input.payload)
    )
}

/// The string to sign: algorithm, timestamp, credential scope and canonical request hash.
pub fn string_to_sign(input: &SignInput<'_>) -> String {
    let date = utc_date(input.timestamp);
    let digest = hex(&Sha256::digest(canonical_request(input).as_bytes()));
    format!(
        "{ALGORITHM}\n{}\n{date}/{}/tc3_request\n{digest}",
        input.timestamp, input.service
    )
}

/// The hex signature of `input` with `secret_key`.
pub fn signature(secret_key: &str, input: &SignInput<'_>) -> String {
    let date = utc_date(input.timestamp);
    let key = signing_key(secret_key, &date, input.service);
    hex(&hmac(&key, string_to_sign(input).as_bytes()))
}

fn signing_key(secret_key: &str, date: &str, service: &str) -> [u8; 32] {
    let mut k = Vec::with_capacity(3 + secret_key.len());
    k.extend_from_slice(b"TC3");
    k.extend_from_slice(secret_key.as_bytes());
    let k_date = hmac(&k, date.as_bytes());
    let k_service = hmac(&k_date, service.as_bytes());
    hmac(&k_service, b"tc3_request")
}

/// The full `Authorization` header value.
pub fn authorization(secret_id: &str, secret_key: &str, input: &SignInput<'_>) -> String {
    Signer::new(secret_key, input.service, input.timestamp).authorization(secret_id, input)
}

/// The canonical request up to the body hash for one `(content type, host)`: hashed once
/// and reused, since only the body changes between requests to the same host.
#[derive(Clone)]
pub struct CanonicalPrefix {
    state: Sha256,
}

impl fmt::Debug for CanonicalPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CanonicalPrefix").finish_non_exhaustive()
    }
}

impl CanonicalPrefix {
    /// Absorbs `POST\n/\n\ncontent-type:<ct>\nhost:<host>\n\ncontent-type;host\n`.
    pub fn new(content_type: &str, host: &str) -> Self {
        let mut state = Sha256::new();
        state.update(b"POST\n/\n\ncontent-type:");
        state.update(content_type.as_bytes());
        state.update(b"\nhost:");
        state.update(host.as_bytes());
        state.update(b"\n\n");
        state.update(SIGNED_HEADERS.as_bytes());
        state.update(b"\n");
        Self { state }
    }
}

/// Signs many requests of one service and day without re-deriving the key.
///
/// The derived key depends only on the secret key, the UTC date and the service; the client
/// caches a `Signer` per (service, day). It keeps the HMAC state keyed with the derived key,
/// so a signature costs the body hash, the canonical request hash and one HMAC, with no
/// intermediate strings.
#[derive(Clone)]
pub struct Signer {
    mac: HmacSha256,
    day: i64,
    date: String,
    service: String,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("date", &self.date)
            .field("service", &self.service)
            .finish_non_exhaustive()
    }
}

/// Writes the decimal digits of `n` into `buf`, returning the used tail.
pub(crate) fn decimal(mut n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let negative = n < 0;
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10).unsigned_abs() as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if negative {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

/// The two lower-case hex digits of every byte value: one lookup per byte.
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut pairs = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        pairs[i] = [DIGITS[i >> 4], DIGITS[i & 0x0f]];
        i += 1;
    }
    pairs
};

fn hex_into(bytes: &[u8; 32], out: &mut [u8; 64]) {
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(*b)]);
    }
}

impl Signer {
    /// Derives the signing key for `service` on the UTC date of `timestamp`.
    pub fn new(secret_key: &str, service: &str, timestamp: i64) -> Self {
        let date = utc_date(timestamp);
        let key = signing_key(secret_key, &date, service);
        Self {
            mac: <HmacSha256 as Mac>::new_from_slice(&key).unwrap_or_else(|_| unreachable!()),
            day: timestamp.div_euclid(86_400),
            date,
            service: service.to_owned(),
        }
    }

    /// Whether this signer's key is valid for `service` at `timestamp`.
    pub fn covers(&self, service: &str, timestamp: i64) -> bool {
        self.day == timestamp.div_euclid(86_400) && self.service == service
    }

    /// The `Authorization` header value for `input`, which must be for this signer's
    /// service and date (see [`Signer::covers`]).
    pub fn authorization(&self, secret_id: &str, input: &SignInput<'_>) -> String {
        let prefix = CanonicalPrefix::new(input.content_type, input.host);
        self.authorization_with(secret_id, &prefix, input.timestamp, input.payload)
    }

    /// [`Signer::authorization`] with the canonical prefix of the request's content type
    /// and host computed beforehand.
    pub fn authorization_with(
        &self,
        secret_id: &str,
        prefix: &CanonicalPrefix,
        timestamp: i64,
        payload: &[u8],
    ) -> String {
        let signature = self.signature_hex(prefix, timestamp, payload);
        let mut out = self.authorization_prefix(secret_id);
        // Hex digits are ASCII.
        out.extend(signature.iter().map(|&b| char::from(b)));
        out
    }

    /// The `Authorization` header value up to the signature, which is the same for every
    /// request this signer signs with `secret_id`:
    /// `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, SignedHeaders=content-type;host, Signature=`.
    pub fn authorization_prefix(&self, secret_id: &str) -> String {
        let mut out =
            String::with_capacity(ALGORITHM.len() + secret_id.len() + self.service.len() + 120);
        out.push_str(ALGORITHM);
        out.push_str(" Credential=");
        out.push_str(secret_id);
        out.push('/');
        out.push_str(&self.date);
        out.push('/');
        out.push_str(&self.service);
        out.push_str("/tc3_request, SignedHeaders=");
        out.push_str(SIGNED_HEADERS);
        out.push_str(", Signature=");
        out
    }

    /// The lower-case hex signature of a request whose canonical request starts with
    /// `prefix`, signed at `timestamp` over the exact body bytes `payload`. Allocates
    /// nothing: the string to sign is assembled on the stack when it fits (it does for
    /// every real service name) and fed to the keyed HMAC in one piece.
    pub fn signature_hex(
        &self,
        prefix: &CanonicalPrefix,
        timestamp: i64,
        payload: &[u8],
    ) -> [u8; 64] {
        let mut hex = [0u8; 64];
        hex_into(&Sha256::digest(payload).into(), &mut hex);
        let mut canonical = prefix.state.clone();
        canonical.update(hex);
        hex_into(&canonical.finalize().into(), &mut hex);

        let mut digits = [0u8; 20];
        let parts: [&[u8]; 9] = [
            ALGORITHM.as_bytes(),
            b"\n",
            decimal(timestamp, &mut digits),
            b"\n",
            self.date.as_bytes(),
            b"/",
            self.service.as_bytes(),
            b"/tc3_request\n",
            &hex,
        ];
        let mut mac = self.mac.clone();
        let mut buf = [0u8; 192];
        let len: usize = parts.iter().map(|p| p.len()).sum();
        if len <= buf.len() {
            let mut at = 0;
            for part in parts {
                buf[at..at + part.len()].copy_from_slice(part);
                at += part.len();
            }
            mac.update(&buf[..len]);
        } else {
            for part in parts {
                mac.update(part);
            }
        }
        let signature: [u8; 32] = mac.finalize().into_bytes().into();
        let mut out = [0u8; 64];
        hex_into(&signature, &mut out);
        out
    }
}

/// The parts of an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// The SecretId from the credential.
    pub secret_id: String,
    /// The credential scope date, `YYYY-MM-DD`.
    pub date: String,
    /// The credential scope service.
    pub service: String,
    /// `SignedHeaders`, e.g. `content-type;host`.
    pub signed_headers: String,
    /// Hex signature.
    pub signature: String,
}

/// Why an `Authorization` header or signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError(pub String);

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VerifyError {}

impl Authorization {
    /// Parses `TC3-HMAC-SHA256 Credential=id/date/service/tc3_request, SignedHeaders=..., Signature=...`.
    pub fn parse(header: &str) -> Result<Self, VerifyError> {
        let err = |what: &str| VerifyError(format!("Authorization header: {what}"));
        let rest = header
            .strip_prefix(ALGORITHM)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(|| err("does not start with `TC3-HMAC-SHA256 `"))?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(", ") {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| err(&format!("part `{part}` has no `=`")))?;
            let slot = match k {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                other => return Err(err(&format!("unknown part `{other}`"))),
            };
            *slot = Some(v);
        }
        let credential = credential.ok_or_else(|| err("no Credential"))?;
        let mut scope = credential.rsplitn(4, '/');
        let (Some("tc3_request"), Some(service), Some(date), Some(secret_id)) =
            (scope.next(), scope.next(), scope.next(), scope.next())
        else {
            return Err(err(
                "Credential is not `<SecretId>/<date>/<service>/tc3_request`",
            ));
        };
        Ok(Self {
            secret_id: secret_id.to_owned(),
            date: date.to_owned(),
            service: service.to_owned(),
            signed_headers: signed_headers
                .ok_or_else(|| err("no SignedHeaders"))?
                .to_owned(),
            signature: signature.ok_or_else(|| err("no Signature"))?.to_owned(),
        })
    }
}

/// Checks a received request's `Authorization` header against `secret_key`.
///
/// `input` holds the received `Host`, `Content-Type`, `X-TC-Timestamp` and body, with
/// `service` taken from the header's credential scope. Fails when the scope date is not the
/// timestamp's UTC date, when other headers are signed, or when the signature differs.
pub fn verify(
    auth: &Authorization,
    secret_key: &str,
    host: &str,
    content_type: &str,
    timestamp: i64,
    payload: &[u8],
) -> Result<(), VerifyError> {
    if auth.signed_headers != SIGNED_HEADERS {
        return Err(VerifyError(format!(
            "SignedHeaders is `{}`, expected `{SIGNED_HEADERS}`",
            auth.signed_headers
        )));
    }
    let date = utc_date(timestamp);
    if auth.date != date {
        return Err(VerifyError(format!(
            "credential date {} is not the UTC date {date} of X-TC-Timestamp {timestamp}",
            auth.date
        )));
    }
    let input = SignInput {
        service: &auth.service,
        host,
        content_type,
        timestamp,
        payload,
    };
    let expected = signature(secret_key, &input);
    if expected != auth.signature {
        return Err(VerifyError(format!(
            "signature mismatch for service {} at {timestamp}",
            auth.service
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

    fn documented() -> SignInput<'static> {
        SignInput {
            service: "cvm",
            host: "cvm.tencentcloudapi.com",
            content_type: "application/json; charset=utf-8",
            timestamp: 1_551_113_065,
            payload: BODY.as_bytes(),
        }
    }

    #[test]
    fn documented_example_payload_hash() {
        assert_eq!(
            payload_hash(BODY.as_bytes()),
            "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
    }

    #[test]
    fn documented_example_signature_masked_key() {
        let input = documented();
        assert_eq!(
            signature("Gu5t9xGARNpq86cd98joQYCN3*******", &input),
            "2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        );
    }

    #[test]
    fn documented_example_signature_example_key() {
        let input = documented();
        let sig = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168";
        assert_eq!(signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", &input), sig);
        let auth = authorization(
            "AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******",
            "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
            &input,
        );
        assert_eq!(
            auth,
            format!(
                "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature={sig}"
            )
        );
    }

    #[test]
    fn documented_example_intermediate_strings() {
        let input = documented();
        assert_eq!(
            canonical_request(&input),
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        let sts = string_to_sign(&input);
        assert!(
            sts.starts_with("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"),
            "{sts}"
        );
    }

    #[test]
    fn cached_signer_matches_one_shot() {
        let input = documented();
        let signer = Signer::new("k", "cvm", input.timestamp);
        assert!(signer.covers("cvm", input.timestamp));
        assert!(!signer.covers("cvm", input.timestamp + 86_400));
        assert!(!signer.covers("gse", input.timestamp));
        let header = signer.authorization("id", &input);
        assert!(header.ends_with(&signature("k", &input)), "{header}");
    }

    #[test]
    fn signature_hex_and_prefix_make_the_authorization() {
        let input = documented();
        let signer = Signer::new("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "cvm", input.timestamp);
        let prefix = CanonicalPrefix::new(input.content_type, input.host);
        let hex = signer.signature_hex(&prefix, input.timestamp, input.payload);
        assert_eq!(
            std::str::from_utf8(&hex).unwrap(),
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
        let header = signer.authorization_prefix("AKID") + std::str::from_utf8(&hex).unwrap();
        assert_eq!(
            header,
            authorization("AKID", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", &input)
        );
    }

    #[test]
    fn string_to_sign_too_long_for_the_stack_buffer_is_streamed() {
        // A 200-byte service name does not fit the 192-byte buffer: same result either way.
        let service = "s".repeat(200);
        let input = SignInput {
            service: &service,
            ..documented()
        };
        let signer = Signer::new("key", &service, input.timestamp);
        let prefix = CanonicalPrefix::new(input.content_type, input.host);
        let hex = signer.signature_hex(&prefix, input.timestamp, input.payload);
        assert_eq!(std::str::from_utf8(&hex).unwrap(), signature("key", &input));
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(1_551_113_065), "2019-02-25");
        assert_eq!(utc_date(951_782_400), "2000-02-29");
        assert_eq!(utc_date(4_107_542_399), "2100-02-28");
        assert_eq!(utc_date(4_107_542_400), "2100-03-01");
        assert_eq!(utc_date(-1), "1969-12-31");
        // Last second of a day and the first of the next.
        assert_eq!(utc_date(1_551_139_199), "2019-02-25");
        assert_eq!(utc_date(1_551_139_200), "2019-02-26");
    }

    #[test]
    fn parse_and_verify_round_trip() {
        let input = documented();
        let header = authorization("AKIDabc", "key", &input);
        let auth = Authorization::parse(&header).unwrap();
        assert_eq!(auth.secret_id, "AKIDabc");
        assert_eq!(auth.date, "2019-02-25");
        assert_eq!(auth.service, "cvm");
        verify(
            &auth,
            "key",
            input.host,
            input.content_type,
            input.timestamp,
            input.payload,
        )
        .unwrap();
        let err = verify(
            &auth,
            "key",
            input.host,
            input.content_type,
            input.timestamp,
            b"{}",
        )
        .unwrap_err();
        assert!(err.0.contains("signature mismatch"), "{err}");
        let err = verify(
            &auth,
            "key",
            input.host,
            input.content_type,
            input.timestamp + 86_400,
            input.payload,
        )
        .unwrap_err();
        assert!(err.0.contains("credential date"), "{err}");
    }

    #[test]
    fn parse_rejects_malformed_headers() {
        for (header, what) in [
            ("Basic abc", "does not start"),
            ("TC3-HMAC-SHA256 Credential=a/b/c", "Credential is not"),
            (
                "TC3-HMAC-SHA256 Credential=a/2019-01-01/cvm/tc3_request",
                "no SignedHeaders",
            ),
            ("TC3-HMAC-SHA256 Foo=1", "unknown part"),
            ("TC3-HMAC-SHA256 nonsense", "has no `=`"),
        ] {
            let err = Authorization::parse(header).unwrap_err();
            assert!(err.0.contains(what), "{header}: {err}");
        }
    }

    #[test]
    fn decimal_digits() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), b"0");
        assert_eq!(decimal(1_551_113_065, &mut buf), b"1551113065");
        assert_eq!(decimal(-86_401, &mut buf), b"-86401");
        assert_eq!(decimal(i64::MIN, &mut buf), b"-9223372036854775808");
    }

    #[test]
    fn hex_encodes_lower_case() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        let bytes: [u8; 32] = std::array::from_fn(|i| (i * 8 + 7) as u8);
        let mut out = [0u8; 64];
        hex_into(&bytes, &mut out);
        assert_eq!(std::str::from_utf8(&out).unwrap(), hex(&bytes));
    }
}
