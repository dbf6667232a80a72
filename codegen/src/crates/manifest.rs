//! A service crate's `Cargo.toml`, and the package metadata every crate of the project
//! shares ([`CrateMeta`], read from the workspace's `[workspace.package]`).

use std::path::Path;

use super::{Contents, Extensions, HEADER_TOML, Layout, ServiceCrate, one_line, toml_string};

/// What the project gives every service crate: the package metadata of the workspace's
/// `[workspace.package]` (the service crates are not workspace members, so they carry the
/// values themselves) and the hand-written extensions of `extensions/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateMeta {
    /// The project's version: `tcapi`'s (which the service crates depend on), and a new
    /// service crate's first.
    pub version: String,
    /// Rust edition.
    pub edition: String,
    /// Oldest supported Rust.
    pub rust_version: String,
    /// SPDX license expression.
    pub license: String,
    /// Source repository URL (empty: none written).
    pub repository: String,
    /// The hand-written modules of each service (`extensions/<service>/*.rs`).
    pub extensions: Extensions,
}

impl Default for CrateMeta {
    fn default() -> Self {
        CrateMeta {
            version: "0.1.0".into(),
            edition: "2024".into(),
            rust_version: "1.85".into(),
            license: "Apache-2.0".into(),
            repository: String::new(),
            extensions: Extensions::default(),
        }
    }
}

impl CrateMeta {
    /// The values of `[workspace.package]` in `<root>/Cargo.toml` (the defaults for the keys,
    /// or the whole file, that are not there) and the extensions under `<root>/extensions`.
    pub fn of_workspace(root: &Path) -> std::io::Result<Self> {
        let mut meta = CrateMeta {
            extensions: Extensions::read(root)?,
            ..CrateMeta::default()
        };
        let path = root.join("Cargo.toml");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(meta),
            Err(e) => return Err(e),
        };
        meta.read_workspace_package(&text);
        Ok(meta)
    }

    /// Takes the string values of the `[workspace.package]` table.
    fn read_workspace_package(&mut self, text: &str) {
        for (key, value) in table_strings(text, "workspace.package") {
            let slot = match key {
                "version" => &mut self.version,
                "edition" => &mut self.edition,
                "rust-version" => &mut self.rust_version,
                "license" => &mut self.license,
                "repository" => &mut self.repository,
                _ => continue,
            };
            *slot = value.to_owned();
        }
    }
}

/// The `key = "value"` lines of one table of a manifest, values without their quotes (a
/// value that needs escapes, or is not a plain string, is left out). A small reader of our
/// own rather than a TOML crate: the tables read are ours and hold plain strings.
pub(super) fn table_strings<'a>(
    text: &'a str,
    table: &'a str,
) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
    let mut inside = false;
    text.lines().map(str::trim).filter_map(move |line| {
        if let Some(header) = line.strip_prefix('[') {
            inside = header.strip_suffix(']') == Some(table);
            return None;
        }
        let (key, value) = line.split_once('=').filter(|_| inside)?;
        let value = value
            .trim()
            .strip_prefix('"')?
            .strip_suffix('"')
            .filter(|v| !v.contains(['"', '\\']))?;
        Some((key.trim(), value))
    })
}

/// A crates.io keyword: at most 20 ASCII letters, digits, `-` or `_`, starting with a letter.
fn is_keyword(word: &str) -> bool {
    word.len() <= 20
        && word.starts_with(|c: char| c.is_ascii_alphabetic())
        && word
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The crate's `Cargo.toml`.
pub(super) fn manifest(
    c: &ServiceCrate<'_>,
    meta: &CrateMeta,
    crate_version: &str,
    layout: Layout,
    contents: Contents,
    extensions: bool,
) -> String {
    let newest = c.newest();
    let title = one_line(&newest.title);
    let service = c.service();
    let description = if title.is_empty() {
        format!("Tencent Cloud API `{service}` for Rust: typed requests, responses and errors")
    } else {
        format!("Tencent Cloud {title} ({service}) for Rust: typed requests, responses and errors")
    };
    let mut keywords = vec!["tencent-cloud", "tencentcloud", "api", "sdk"];
    if is_keyword(service) && !keywords.contains(&service) {
        keywords.push(service);
    }
    let keywords = keywords
        .iter()
        .map(|k| format!("\"{k}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = String::from(HEADER_TOML);
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_string(&c.name())));
    out.push_str(&format!("version = {}\n", toml_string(crate_version)));
    out.push_str(&format!("description = {}\n", toml_string(&description)));
    out.push_str(&format!("edition = {}\n", toml_string(&meta.edition)));
    out.push_str(&format!(
        "rust-version = {}\n",
        toml_string(&meta.rust_version)
    ));
    out.push_str(&format!("license = {}\n", toml_string(&meta.license)));
    if !meta.repository.is_empty() {
        out.push_str(&format!("repository = {}\n", toml_string(&meta.repository)));
    }
    out.push_str(&format!(
        "documentation = {}\n",
        toml_string(&format!("https://docs.rs/{}", c.name()))
    ));
    out.push_str(&format!("keywords = [{keywords}]\n"));
    out.push_str("categories = [\"api-bindings\", \"web-programming::http-client\"]\n");
    match contents {
        Contents::Code => out.push_str("readme = \"README.md\"\n"),
        Contents::BuildScript => out.push_str(
            "build = \"build.rs\"\n\
             # Generated from specs/ at build time, for users of the repository: the published\n\
             # crate (`tcapi-codegen release`) carries the code instead.\n\
             publish = false\n",
        ),
    }
    let version = toml_string(&meta.version);
    let dep = |krate: &str, dir: &str, extra: &str| match layout {
        Layout::Repository => {
            format!("{krate} = {{ path = \"../../{dir}\", version = {version}{extra} }}\n")
        }
        Layout::Release => format!("{krate} = {{ version = {version}{extra} }}\n"),
    };
    out.push_str("\n[dependencies]\n");
    out.push_str(&dep("tcapi", "runtime", ", default-features = false"));
    if extensions {
        out.push_str("# The hand-written helpers' timers (feature `client`).\ntokio = { version = \"1\", features = [\"time\"], optional = true }\n");
    }
    if contents == Contents::BuildScript {
        out.push_str("\n[build-dependencies]\n");
        out.push_str(&dep(
            "tcapi-codegen",
            "codegen",
            ", default-features = false",
        ));
    }
    if contents == Contents::Code {
        out.push_str(
            "\n# The README's example sends a request with the client.\n[dev-dependencies]\n",
        );
        out.push_str(&dep("tcapi", "runtime", ""));
    }
    out.push_str("\n[features]\n");
    if extensions {
        out.push_str(
            "default = [\"client\"]\n\
             # The hand-written helpers (extensions/), which call Tencent Cloud with the client.\n\
             client = [\"tcapi/client\", \"dep:tokio\"]\n",
        );
    }
    out.push_str(
        "# serde's Serialize/Deserialize on every type (through the JSON wire impls)\n\
         serde = [\"tcapi/serde\"]\n\n\
         [package.metadata.docs.rs]\n\
         all-features = true\n",
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_package_table_is_read() {
        let mut meta = CrateMeta::default();
        meta.read_workspace_package(
            "[workspace]\nmembers = [\"a\"]\nversion = \"9.9.9\"\n\n[workspace.package]\nedition = \"2024\"\nrust-version = \"1.90\"\nversion = \"0.3.1\"\nrepository = \"https://example.com/x\"\nlicense = \"MIT\"\n\n[workspace.dependencies]\nversion = \"8.8.8\"\n",
        );
        assert_eq!(meta.version, "0.3.1");
        assert_eq!(meta.rust_version, "1.90");
        assert_eq!(meta.license, "MIT");
        assert_eq!(meta.repository, "https://example.com/x");
    }

    #[test]
    fn keywords_follow_the_registry_rules() {
        assert!(is_keyword("cvm"));
        assert!(is_keyword("ai3d"));
        assert!(!is_keyword("3d"));
        assert!(!is_keyword("a-very-long-service-name-x"));
        assert!(!is_keyword("中文"));
    }
}
