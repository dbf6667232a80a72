//! Which imported members are secrets (`sensitive: true`): the name rule, in one place.
//!
//! A member is sensitive when its value is text (`String`, `[String]`, `Binary`) and its
//! name, split into words (`LoginPassword` → `login password`, `TmpSecretKey` → `tmp secret
//! key`), ends with a secret noun (a trailing plural `s` allowed):
//!
//! - `password`, `passwd`, `pwd`, `passphrase`;
//! - `secret` (`ClientSecret`, `AccessKeySecret`), `secret key`, `secret string`,
//!   `secret binary`, `secret value` (a secrets manager's stored value);
//! - `private key`, `access key`, `session key`, `api key`, `auth key`;
//! - `token` (`Token`, `AccessToken`, `SessionToken`), but not a paging or idempotency token
//!   (`ClientToken`, `NextToken`, `PageToken`, `NextPageToken`, `ScrollToken`,
//!   `PaginationToken`, `ContinueToken`, `ContinuationToken`, `IdempotencyToken`,
//!   `CreationToken`), which are sent back as they are given and grant nothing, nor a count
//!   of language-model tokens (`MaxOutputToken`, `TotalTokens`, `CachedTokens`: after `max`,
//!   `total`, `cached`, `cache`, `input`, `output`, `prompt`, `completion`, `reasoning`,
//!   `thought`, `split`);
//! - `credential`, `credentials` (text; an object of that name has its own members judged).
//!
//! Names ending in another word are identifiers or facts about a secret, not secrets:
//! `TokenId`, `KeyId`, `SecretId` (the key's public half: it travels in every
//! `Authorization` header), `SecretName`, `PasswordLength`, `AccessKeyId`, `SecretIdList`.
//! Numbers and booleans are never sensitive (`MaxTokens`, `NeedResetPassword`).
//!
//! A hand-written spec overrides the rule both ways: its members are what it says
//! (`sensitive: true` or nothing), and it wins over the imported file.

use crate::names;

/// Words a sensitive name may end with, each as the snake_case words it is made of.
const ENDINGS: &[&[&str]] = &[
    &["password"],
    &["passwd"],
    &["pwd"],
    &["passphrase"],
    &["secret"],
    &["secret", "key"],
    &["secret", "string"],
    &["secret", "binary"],
    &["secret", "value"],
    &["private", "key"],
    &["access", "key"],
    &["session", "key"],
    &["api", "key"],
    &["auth", "key"],
    &["token"],
    &["credential"],
    &["credentials"],
];

/// The words before `token` that make a token a paging or idempotency token.
const PLAIN_TOKENS: &[&[&str]] = &[
    &["client"],
    &["next"],
    &["page"],
    &["next", "page"],
    &["scroll"],
    &["pagination"],
    &["continue"],
    &["continuation"],
    &["idempotency"],
    &["creation"],
];

/// The words before `token` that make it a count of language-model tokens
/// (`MaxOutputToken`, `TotalTokens`, `CachedTokens`), documented as text by some services.
const COUNTED_TOKENS: &[&str] = &[
    "max",
    "total",
    "cached",
    "cache",
    "input",
    "output",
    "prompt",
    "completion",
    "reasoning",
    "thought",
    "split",
];

/// Whether a member named `name` whose spec type is `ty` (`String`, `[Int64]`, a data type)
/// is a secret by the rule above.
pub fn is_sensitive(name: &str, ty: &str) -> bool {
    if !matches!(ty, "String" | "[String]" | "Binary") {
        return false;
    }
    let snake = names::snake(name);
    let mut words: Vec<&str> = snake.split('_').filter(|w| !w.is_empty()).collect();
    // A plural: `Passwords`, `AccessKeys`, `Tokens`.
    let last = words.pop().unwrap_or_default();
    let singular = match last.strip_suffix('s') {
        Some(s) if !s.is_empty() && !matches!(last, "credentials" | "pass") => s,
        _ => last,
    };
    for candidate in [last, singular] {
        words.push(candidate);
        let hit = ENDINGS.iter().any(|e| words.ends_with(e));
        let before = &words[..words.len() - 1];
        let plain_token = candidate == "token"
            && (PLAIN_TOKENS.contains(&before)
                || before.last().is_some_and(|w| COUNTED_TOKENS.contains(w)));
        words.pop();
        if hit && !plain_token {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::is_sensitive;

    #[test]
    fn secrets_are_sensitive() {
        for name in [
            "Password",
            "LoginPassword",
            "AdminPassword",
            "KeyPassword",
            "DbPwd",
            "SesTopicPasswd",
            "Passwords",
            "SecretKey",
            "TmpSecretKey",
            "BackupSecretKey",
            "SecretAccessKey",
            "AccessKey",
            "AccessKeySecret",
            "ClientSecret",
            "AppSecret",
            "SecretString",
            "SecretBinary",
            "PrivateKey",
            "CertificatePrivateKey",
            "SessionKey",
            "ApiKey",
            "APIKey",
            "Token",
            "AccessToken",
            "SessionToken",
            "TmpToken",
            "Tokens",
            "Credential",
            "Credentials",
            "password",
            "secret_key",
        ] {
            assert!(is_sensitive(name, "String"), "{name}");
        }
        assert!(is_sensitive("Passwords", "[String]"));
        assert!(is_sensitive("PrivateKey", "Binary"));
    }

    #[test]
    fn identifiers_paging_tokens_and_numbers_are_not() {
        for name in [
            "TokenId",
            "KeyId",
            "SecretId",
            "SecretIdList",
            "SecretName",
            "AccessKeyId",
            "PasswordLength",
            "ClientToken",
            "NextToken",
            "PageToken",
            "NextPageToken",
            "ScrollToken",
            "PaginationToken",
            "ContinueToken",
            "IdempotencyToken",
            "CreationToken",
            "MaxOutputToken",
            "TotalTokens",
            "CachedTokens",
            "InputTokens",
            "ReasoningTokens",
            "PublicKey",
            "TagKey",
            "AppKey",
            "Pass",
            "UserName",
        ] {
            assert!(!is_sensitive(name, "String"), "{name}");
        }
        assert!(!is_sensitive("MaxTokens", "Int64"));
        assert!(!is_sensitive("NeedResetPassword", "Boolean"));
        assert!(!is_sensitive("Credentials", "Credentials"));
        assert!(!is_sensitive("Password", "[Int64]"));
    }
}
