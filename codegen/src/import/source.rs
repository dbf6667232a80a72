//! The official machine-readable definitions as published in the `tccli-intl-en` (English)
//! and `tccli` (Chinese) packages: `<svc>/<vYYYYMMDD>/api.json` (actions and objects) and
//! `examples.json` beside it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indexmap::IndexMap;
use serde::Deserialize;

/// Which of Tencent's two publications a definition comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Set {
    /// `tccli-intl-en`: the international site, English text.
    #[default]
    Intl,
    /// `tccli`: the mainland site, Chinese text.
    Mainland,
}

impl Set {
    /// Both, English first (the order in which they are merged).
    pub const ALL: [Set; 2] = [Set::Intl, Set::Mainland];

    /// The label used on the command line and in reports.
    pub fn label(self) -> &'static str {
        match self {
            Set::Intl => "intl",
            Set::Mainland => "mainland",
        }
    }

    /// Parses a label.
    pub fn from_label(s: &str) -> Option<Set> {
        Set::ALL.into_iter().find(|set| set.label() == s)
    }
}

/// `api.json`
#[derive(Debug, Deserialize)]
pub struct ApiFile {
    /// Service identity.
    pub metadata: Metadata,
    /// Actions by name, in file order.
    pub actions: IndexMap<String, ApiAction>,
    /// Objects (request, response and data structures) by name, in file order.
    pub objects: IndexMap<String, ApiObject>,
}

/// `api.json` → `metadata`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `YYYY-MM-DD`
    pub api_version: String,
    /// The service's display name in Chinese (the package holds no English one).
    #[serde(rename = "serviceNameCN", default)]
    pub service_name_cn: String,
    /// The host's first label, e.g. `gse`.
    pub service_short_name: String,
}

/// `api.json` → `actions.<Name>`
#[derive(Debug, Deserialize)]
pub struct ApiAction {
    /// Description (HTML-ish prose).
    #[serde(default)]
    pub document: String,
    /// Name of the request object.
    pub input: String,
    /// Name of the response object.
    pub output: String,
    /// `online` or `deprecated` (absent means online).
    #[serde(default)]
    pub status: Option<String>,
}

/// `api.json` → `objects.<Name>`
#[derive(Debug, Deserialize)]
pub struct ApiObject {
    /// Description.
    #[serde(default)]
    pub document: String,
    /// Members in order.
    pub members: Vec<ApiMember>,
    /// `in`, `out` or `both` for data structures; absent on requests and responses.
    #[serde(default)]
    pub usage: Option<String>,
}

/// A member of an object.
#[derive(Debug, Deserialize)]
pub struct ApiMember {
    /// Wire name.
    pub name: String,
    /// Description.
    #[serde(default)]
    pub document: String,
    /// `string`, `int`, `float`, `bool`, `list` or `object`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The scalar type (`string`, `int64`, `uint64`, `datetime`...), the list item type or the object name.
    pub member: String,
    /// Request sense: the caller must give it.
    #[serde(default, deserialize_with = "flag")]
    pub required: Option<bool>,
    /// Response sense: the server always sends it.
    #[serde(default, deserialize_with = "flag")]
    pub output_required: Option<bool>,
    /// The server may send `null`.
    #[serde(default, deserialize_with = "flag")]
    pub value_allowed_null: Option<bool>,
    /// Hidden from the public documentation.
    #[serde(default, deserialize_with = "flag")]
    pub disabled: Option<bool>,
    /// Documented example value.
    #[serde(default)]
    pub example: Option<String>,
    /// The set whose text `document` is.
    #[serde(skip)]
    pub from: Set,
    /// The other set's description and example, when both sets define the member (the merge
    /// keeps one text in `document`; constraints are read from both).
    #[serde(skip)]
    pub other: Option<OtherText>,
}

/// A member's text in the set whose text was not kept.
#[derive(Debug, Clone)]
pub struct OtherText {
    /// The set.
    pub set: Set,
    /// Its description.
    pub document: String,
    /// Its example value.
    pub example: Option<String>,
}

/// A flag written as `true`/`false` or, in a few files, `1`/`0`.
fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Int(i64),
    }
    Ok(match Option::<Flag>::deserialize(d)? {
        None => None,
        Some(Flag::Bool(b)) => Some(b),
        Some(Flag::Int(0)) => Some(false),
        Some(Flag::Int(1)) => Some(true),
        Some(Flag::Int(n)) => {
            return Err(serde::de::Error::custom(format!(
                "expected a flag (true, false, 0 or 1), found {n}"
            )));
        }
    })
}

/// `examples.json`
#[derive(Debug, Default, Deserialize)]
pub struct ExamplesFile {
    /// Examples by action name.
    #[serde(default)]
    pub actions: BTreeMap<String, Vec<ApiExample>>,
}

/// One documented example.
#[derive(Debug, Clone, Deserialize)]
pub struct ApiExample {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Prose under the title.
    #[serde(default)]
    pub document: String,
    /// The request as documented: an HTTP preamble and a JSON body, or a GET URL.
    #[serde(default)]
    pub input: String,
    /// The response JSON.
    #[serde(default)]
    pub output: String,
}

/// One definition file and what lies beside it.
#[derive(Debug)]
pub struct Definition {
    /// Path of `api.json`.
    pub path: PathBuf,
    /// The name of the directory above the version directory (usually the service name).
    pub dir_name: Option<String>,
    /// Contents of `api.json`.
    pub api: ApiFile,
    /// Contents of `examples.json` (empty when there is none).
    pub examples: ExamplesFile,
    /// The sets merged into it, each with its file, in merge order.
    pub sets: Vec<(Set, PathBuf)>,
}

impl Definition {
    /// Reads `api.json` and the `examples.json` beside it, if any.
    pub fn read(path: &Path, set: Set) -> Result<Definition> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut api: ApiFile = serde_json::from_str(&text)
            .with_context(|| format!("{}: not an API definition", path.display()))?;
        for m in api.objects.values_mut().flat_map(|o| o.members.iter_mut()) {
            m.from = set;
        }
        let ex_path = path.with_file_name("examples.json");
        let examples = if ex_path.is_file() {
            let text = std::fs::read_to_string(&ex_path)
                .with_context(|| format!("reading {}", ex_path.display()))?;
            serde_json::from_str(&text)
                .with_context(|| format!("{}: not an examples file", ex_path.display()))?
        } else {
            ExamplesFile::default()
        };
        let dir_name = path
            .parent()
            .and_then(Path::parent)
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned());
        Ok(Definition {
            path: path.to_owned(),
            dir_name,
            api,
            examples,
            sets: vec![(set, path.to_owned())],
        })
    }

    /// The service name (the host's first label).
    pub fn service(&self) -> &str {
        &self.api.metadata.service_short_name
    }

    /// The API version, `YYYY-MM-DD`.
    pub fn version(&self) -> &str {
        &self.api.metadata.api_version
    }
}

/// Finds the definition files under `source`: the file itself when it is a file, otherwise
/// every `api.json` at most two directories down (`<svc>/<vYYYYMMDD>/api.json`), sorted.
pub fn find(source: &Path) -> Result<Vec<PathBuf>> {
    if source.is_file() {
        return Ok(vec![source.to_owned()]);
    }
    if !source.is_dir() {
        anyhow::bail!("{}: no such file or directory", source.display());
    }
    let mut found = Vec::new();
    collect(source, 0, &mut found)?;
    found.sort();
    if found.is_empty() {
        anyhow::bail!(
            "{}: holds no api.json (expected <service>/<vYYYYMMDD>/api.json)",
            source.display()
        );
    }
    Ok(found)
}

fn collect(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) -> Result<()> {
    let candidate = dir.join("api.json");
    if candidate.is_file() {
        found.push(candidate);
        return Ok(());
    }
    if depth == 2 {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            collect(&entry.path(), depth + 1, found)?;
        }
    }
    Ok(())
}
