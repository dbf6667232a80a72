//! The client's own unit tests.

use std::hash::BuildHasher;

use super::*;

/// Serializes itself with another `to_json` call inside, as a request whose serializer
/// prepares another request would.
struct Nested(u32);

impl ToJson for Nested {
    fn write_json(&self, w: &mut Writer) {
        let inner = match self.0 {
            0 => String::new(),
            n => String::from_utf8(to_json(&Nested(n - 1)).to_vec()).unwrap(),
        };
        let mut o = w.object();
        o.field("Inner", &inner);
        o.end();
    }
}

#[test]
fn json_bodies_are_exact_and_independent_of_the_scratch_buffer() {
    let first = to_json(&serde_json::json!({"A": "x".repeat(300)}));
    let second = to_json(&serde_json::json!({"B": 1}));
    assert_eq!(&second[..], br#"{"B":1}"#);
    assert_eq!(first.len(), 300 + r#"{"A":""}"#.len());
    // A body larger than what the scratch keeps comes out whole, and the next is right.
    let big = to_json(&"y".repeat(SCRATCH_KEEP + 10));
    assert_eq!(big.len(), SCRATCH_KEEP + 12);
    assert_eq!(&to_json(&vec![1i64, 2])[..], b"[1,2]");
}

#[test]
fn json_serialization_may_reenter() {
    let body = to_json(&Nested(2));
    assert_eq!(
        std::str::from_utf8(&body).unwrap(),
        r#"{"Inner":"{\"Inner\":\"{\\\"Inner\\\":\\\"\\\"}\"}"}"#
    );
}

#[test]
fn address_keys_spread_and_other_keys_still_hash() {
    let build = BuildHasherDefault::<AddressHasher>::default();
    let hashes: std::collections::HashSet<u64> = (0..64usize)
        .map(|i| build.hash_one(0x1000 + 8 * i))
        .collect();
    assert_eq!(hashes.len(), 64);
    assert_ne!(build.hash_one("car"), build.hash_one("gse"));
    static A: u8 = 0;
    static B: u8 = 0;
    assert_ne!(address(&A), address(&B));
}

#[test]
fn fixed_credentials_are_used_as_given() {
    let client = Client::builder()
        .credentials(Credentials::new("AKIDfixed", "key").unwrap())
        .build_with_env(&|_| None)
        .unwrap();
    assert!(matches!(
        &client.inner.credentials,
        CredentialSource::Fixed(c) if c.secret_id() == "AKIDfixed"
    ));
    let provided = Client::builder()
        .credentials_provider(Credentials::new("AKIDprovided", "key").unwrap())
        .build_with_env(&|_| None)
        .unwrap();
    assert!(matches!(
        provided.inner.credentials,
        CredentialSource::Cached(_)
    ));
}
