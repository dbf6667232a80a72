//! The table of every action's own error codes (`specs/error-codes/`), extracted from Tencent's
//! two Go SDKs by `tcapi-codegen extract-error-codes` and read by `import`.
//!
//! One file per service version, `<service>-<YYYY-MM-DD>.tsv`, one record per line, fields
//! separated by tabs, `#` lines are comments; records in this order, each kind sorted:
//!
//! ```text
//! sdk     intl    tencentcloud-sdk-go-intl-en v3.0.1474
//! sdk     mainland        tencentcloud-sdk-go     v1.3.166
//! code    FailedOperation intl    Operation failed.
//! code    FailedOperation.LockTimeout     mainland        未申请并发或申请后超时。
//! action  ApplyConcurrent both    FailedOperation FailedOperation.ProcessTimeout
//! ```
//!
//! - `sdk <id> <repository> <release>`: an SDK that contributed to the file.
//! - `code <code> <from> <description>`: every code of the service version once. `from` is the
//!   SDK the description comes from: `intl` (English) when the English SDK describes the code,
//!   else `mainland` (Chinese), else `-` (no description).
//! - `action <name> <from> <codes>`: the codes the action may return, sorted, separated by one
//!   space. `from` is `intl`, `mainland`, or `both` (both SDKs list the action: their lists
//!   are united).
//!
//! Descriptions escape `\` as `\\`, tab as `\t`, newline as `\n`, carriage return as `\r`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::gosdk::{self, SdkSource};

/// Which Go SDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sdk {
    /// `tencentcloud-sdk-go-intl-en`: English descriptions.
    Intl,
    /// `tencentcloud-sdk-go`: Chinese descriptions.
    Mainland,
}

impl Sdk {
    /// The id in the table.
    pub fn id(self) -> &'static str {
        match self {
            Sdk::Intl => "intl",
            Sdk::Mainland => "mainland",
        }
    }

    /// The repository's name.
    pub fn repository(self) -> &'static str {
        match self {
            Sdk::Intl => "tencentcloud-sdk-go-intl-en",
            Sdk::Mainland => "tencentcloud-sdk-go",
        }
    }

    fn parse(s: &str) -> Option<Sdk> {
        match s {
            "intl" => Some(Sdk::Intl),
            "mainland" => Some(Sdk::Mainland),
            _ => None,
        }
    }
}

/// Which SDKs list an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    /// One SDK.
    Only(Sdk),
    /// Both (the lists united).
    Both,
}

impl Listed {
    fn id(self) -> &'static str {
        match self {
            Listed::Only(s) => s.id(),
            Listed::Both => "both",
        }
    }

    fn parse(s: &str) -> Option<Listed> {
        match s {
            "both" => Some(Listed::Both),
            other => Sdk::parse(other).map(Listed::Only),
        }
    }

    fn add(self, sdk: Sdk) -> Listed {
        match self {
            Listed::Only(s) if s == sdk => self,
            _ => Listed::Both,
        }
    }
}

/// A code's description and where it comes from (`None`: no SDK describes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    /// The SDK of the description.
    pub from: Option<Sdk>,
    /// The description (empty when `from` is `None`).
    pub description: String,
}

/// An action's codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionList {
    /// Which SDKs list it.
    pub from: Listed,
    /// The codes, sorted, each once.
    pub codes: Vec<String>,
}

/// One service version's table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceTable {
    /// The Go SDK's directory name (`car`).
    pub service: String,
    /// `YYYY-MM-DD`.
    pub version: String,
    /// The SDKs that contributed, with their release.
    pub sdks: BTreeMap<Sdk, String>,
    /// Every code of the service version.
    pub codes: BTreeMap<String, Described>,
    /// The actions that list codes.
    pub actions: BTreeMap<String, ActionList>,
}

/// What one SDK says about every service version, by (directory name, `YYYY-MM-DD`).
pub type SdkServices = BTreeMap<(String, String), SdkService>;

/// What one SDK says about one service version.
#[derive(Debug, Clone, Default)]
pub struct SdkService {
    /// `errors.go`: code → description.
    pub descriptions: Vec<gosdk::CodeConstant>,
    /// `client.go`: every action, with or without a list.
    pub actions: Vec<gosdk::ActionCodes>,
}

impl ServiceTable {
    /// The file name in the table directory.
    pub fn file_name(&self) -> String {
        format!("{}-{}.tsv", self.service, self.version)
    }

    /// Adds what `sdk` (at `release`) says. Call it for the English SDK first when both are
    /// added: a description already taken from it is kept.
    pub fn add(&mut self, sdk: Sdk, release: &str, from: &SdkService) {
        self.sdks.insert(sdk, release.to_owned());
        for c in &from.descriptions {
            let d = c.description.trim();
            let entry = self.codes.entry(c.code.clone()).or_insert(Described {
                from: None,
                description: String::new(),
            });
            if entry.from.is_none() && !d.is_empty() {
                *entry = Described {
                    from: Some(sdk),
                    description: d.to_owned(),
                };
            }
        }
        for a in &from.actions {
            let Some(codes) = &a.codes else { continue };
            if codes.is_empty() {
                continue;
            }
            for c in codes {
                self.codes.entry(c.clone()).or_insert(Described {
                    from: None,
                    description: String::new(),
                });
            }
            match self.actions.get_mut(&a.action) {
                Some(list) => {
                    list.from = list.from.add(sdk);
                    let all: BTreeSet<String> =
                        list.codes.drain(..).chain(codes.iter().cloned()).collect();
                    list.codes = all.into_iter().collect();
                }
                None => {
                    let all: BTreeSet<String> = codes.iter().cloned().collect();
                    self.actions.insert(
                        a.action.clone(),
                        ActionList {
                            from: Listed::Only(sdk),
                            codes: all.into_iter().collect(),
                        },
                    );
                }
            }
        }
    }

    /// The file's text.
    pub fn to_tsv(&self) -> String {
        let mut out = format!(
            "# The error codes each action of {} {} may return, from Tencent's Go SDKs.\n\
             # Written by `tcapi-codegen extract-error-codes`; do not edit. Format: specs/README.md.\n",
            self.service, self.version
        );
        for (sdk, release) in &self.sdks {
            let _ = writeln!(out, "sdk\t{}\t{}\t{release}", sdk.id(), sdk.repository());
        }
        for (code, d) in &self.codes {
            let from = d.from.map_or("-", Sdk::id);
            let _ = writeln!(out, "code\t{code}\t{from}\t{}", escape(&d.description));
        }
        for (action, list) in &self.actions {
            let _ = writeln!(
                out,
                "action\t{action}\t{}\t{}",
                list.from.id(),
                list.codes.join(" ")
            );
        }
        out
    }

    /// Parses a file's text. `origin` names it in messages.
    pub fn parse(text: &str, origin: &str) -> Result<ServiceTable> {
        let mut t = ServiceTable::default();
        for (i, line) in text.lines().enumerate() {
            let at = || format!("{origin}:{}", i + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["sdk", id, _repository, release] => {
                    let Some(sdk) = Sdk::parse(id) else {
                        bail!("{}: unknown SDK `{id}` (expected intl or mainland)", at());
                    };
                    t.sdks.insert(sdk, (*release).to_owned());
                }
                ["code", code, from, description] => {
                    let from = match *from {
                        "-" => None,
                        other => match Sdk::parse(other) {
                            Some(s) => Some(s),
                            None => bail!(
                                "{}: unknown source `{other}` of code `{code}` (expected intl, mainland or -)",
                                at()
                            ),
                        },
                    };
                    if code.is_empty() || code.contains(' ') {
                        bail!("{}: empty or spaced error code", at());
                    }
                    let d = Described {
                        from,
                        description: unescape(description).with_context(at)?,
                    };
                    if t.codes.insert((*code).to_owned(), d).is_some() {
                        bail!("{}: code `{code}` is listed twice", at());
                    }
                }
                ["action", name, from, codes] => {
                    let Some(from) = Listed::parse(from) else {
                        bail!(
                            "{}: unknown source `{from}` of action `{name}` (expected intl, mainland or both)",
                            at()
                        );
                    };
                    let codes: Vec<String> = codes
                        .split(' ')
                        .filter(|c| !c.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if codes.is_empty() {
                        bail!(
                            "{}: action `{name}` lists no codes (leave the action out)",
                            at()
                        );
                    }
                    if let Some(c) = codes.iter().find(|c| !t.codes.contains_key(*c)) {
                        bail!(
                            "{}: action `{name}` lists `{c}`, which has no `code` record above",
                            at()
                        );
                    }
                    if t.actions
                        .insert((*name).to_owned(), ActionList { from, codes })
                        .is_some()
                    {
                        bail!("{}: action `{name}` is listed twice", at());
                    }
                }
                _ => bail!(
                    "{}: expected `sdk`, `code` or `action` with 4 tab-separated fields, found `{line}`",
                    at()
                ),
            }
        }
        Ok(t)
    }

    /// The action's codes with their descriptions, in table order.
    pub fn action(&self, name: &str) -> Option<Vec<(&str, &Described)>> {
        let list = self.actions.get(name)?;
        Some(
            list.codes
                .iter()
                .filter_map(|c| self.codes.get_key_value(c))
                .map(|(c, d)| (c.as_str(), d))
                .collect(),
        )
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> Result<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next() {
            Some('\\') => '\\',
            Some('t') => '\t',
            Some('n') => '\n',
            Some('r') => '\r',
            other => bail!(
                "unknown escape `\\{}` in a description",
                other.map(String::from).unwrap_or_default()
            ),
        });
    }
    Ok(out)
}

/// Reads the table file of a service version from `dir`, trying each of `names` (the
/// definitions' directory name, then the service name). `None` when there is none.
pub fn read_service(dir: &Path, names: &[&str], version: &str) -> Result<Option<ServiceTable>> {
    for name in names.iter().filter(|n| !n.is_empty()) {
        let path = dir.join(format!("{name}-{version}.tsv"));
        if path.is_file() {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let mut t = ServiceTable::parse(&text, &path.display().to_string())?;
            t.service = (*name).to_owned();
            t.version = version.to_owned();
            return Ok(Some(t));
        }
    }
    Ok(None)
}

/// What to extract and where to.
#[derive(Debug, Clone, Default)]
pub struct ExtractOptions {
    /// `tencentcloud-sdk-go-intl-en`: a checkout or a git directory.
    pub intl: Option<PathBuf>,
    /// `tencentcloud-sdk-go`: a checkout or a git directory.
    pub mainland: Option<PathBuf>,
    /// The table directory (`specs/error-codes`); regenerated whole.
    pub out: PathBuf,
}

/// Figures of one SDK or of the merged table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Service versions.
    pub services: usize,
    /// Actions (client methods).
    pub actions: usize,
    /// Of those, with a non-empty list.
    pub listed: usize,
    /// Distinct (service version, code) pairs.
    pub codes: usize,
}

/// What an extraction did.
#[derive(Debug, Clone, Default)]
pub struct ExtractReport {
    /// Per SDK, with its release.
    pub sdks: BTreeMap<Sdk, (String, Counts)>,
    /// The merged table.
    pub merged: Counts,
    /// Actions both SDKs list with different codes (united in the table).
    pub lists_differing: usize,
    /// Codes described in English, in Chinese, not at all.
    pub described: (usize, usize, usize),
    /// Files written (content changed), files unchanged, stale files removed.
    pub files: (usize, usize, usize),
    /// Total size of the table in bytes.
    pub bytes: usize,
}

impl fmt::Display for ExtractReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (sdk, (release, c)) in &self.sdks {
            writeln!(
                f,
                "{} {release}: {} service versions, {} of {} actions list error codes",
                sdk.repository(),
                c.services,
                c.listed,
                c.actions
            )?;
        }
        write!(
            f,
            "table: {} service versions, {} of {} actions with their own list ({} listed differently by the two SDKs, united), \
             {} codes ({} described in English, {} in Chinese, {} without description); {} files ({} written, {} unchanged, {} removed), {} bytes",
            self.merged.services,
            self.merged.listed,
            self.merged.actions,
            self.lists_differing,
            self.merged.codes,
            self.described.0,
            self.described.1,
            self.described.2,
            self.files.0 + self.files.1,
            self.files.0,
            self.files.1,
            self.files.2,
            self.bytes
        )
    }
}

/// Reads every service version of one SDK.
fn read_sdk(path: &Path) -> Result<(String, SdkServices)> {
    let mut sdk = SdkSource::open(path)?;
    let Some(release) = sdk.release()? else {
        bail!(
            "{}: no SDK release found (neither `SDK_GO_<version>` in tencentcloud/common/http/request.go nor a `release v<version>` HEAD commit)",
            sdk.name()
        );
    };
    let mut out = BTreeMap::new();
    for files in sdk.services()? {
        let Some(version) = gosdk::api_version(&files.version_dir) else {
            continue;
        };
        let name = sdk.name();
        let origin = |file: &str| format!("{name}: {file}");
        let descriptions = match &files.errors {
            Some(p) => match sdk.read(p)? {
                Some(text) => gosdk::parse_errors(&text, &origin(p))?,
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let Some(client) = sdk.read(&files.client)? else {
            continue;
        };
        let actions = gosdk::parse_client(&client, &descriptions, &origin(&files.client))?;
        out.insert(
            (files.service, version),
            SdkService {
                descriptions,
                actions,
            },
        );
    }
    Ok((release, out))
}

fn counts<'a>(services: impl Iterator<Item = &'a SdkService>) -> Counts {
    let mut c = Counts::default();
    for s in services {
        c.services += 1;
        c.actions += s.actions.len();
        c.listed += s
            .actions
            .iter()
            .filter(|a| a.codes.as_ref().is_some_and(|l| !l.is_empty()))
            .count();
        let codes: BTreeSet<&str> = s
            .descriptions
            .iter()
            .map(|d| d.code.as_str())
            .chain(
                s.actions
                    .iter()
                    .flat_map(|a| a.codes.iter().flatten().map(String::as_str)),
            )
            .collect();
        c.codes += codes.len();
    }
    c
}

/// Builds the merged tables from what each SDK says (either may be absent).
pub fn merge(
    intl: Option<(&str, &SdkServices)>,
    mainland: Option<(&str, &SdkServices)>,
) -> (Vec<ServiceTable>, usize) {
    let mut tables: BTreeMap<(String, String), ServiceTable> = BTreeMap::new();
    let mut differing = 0;
    // English first: its descriptions win.
    for (sdk, given) in [(Sdk::Intl, intl), (Sdk::Mainland, mainland)] {
        let Some((release, services)) = given else {
            continue;
        };
        for ((service, version), s) in services {
            let t = tables
                .entry((service.clone(), version.clone()))
                .or_insert_with(|| ServiceTable {
                    service: service.clone(),
                    version: version.clone(),
                    ..ServiceTable::default()
                });
            if sdk == Sdk::Mainland {
                differing += s
                    .actions
                    .iter()
                    .filter(|a| {
                        let mine: Option<BTreeSet<&String>> = a
                            .codes
                            .as_ref()
                            .filter(|l| !l.is_empty())
                            .map(|l| l.iter().collect());
                        match (mine, t.actions.get(&a.action)) {
                            (Some(mine), Some(theirs)) => mine != theirs.codes.iter().collect(),
                            _ => false,
                        }
                    })
                    .count();
            }
            t.add(sdk, release, s);
        }
    }
    (tables.into_values().collect(), differing)
}

/// Reads the SDKs, writes the table directory (only files whose content changes; other `.tsv`
/// files there are removed) and reports what it did.
pub fn extract(opts: &ExtractOptions) -> Result<ExtractReport> {
    if opts.intl.is_none() && opts.mainland.is_none() {
        bail!("give at least one SDK: --intl and/or --mainland");
    }
    let mut report = ExtractReport::default();
    let intl = opts.intl.as_deref().map(read_sdk).transpose()?;
    let mainland = opts.mainland.as_deref().map(read_sdk).transpose()?;
    // Every SDK's actions, to count the merged set (an action with no list in either SDK counts).
    let mut all_actions: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    for (sdk, given) in [(Sdk::Intl, &intl), (Sdk::Mainland, &mainland)] {
        if let Some((release, services)) = given {
            report
                .sdks
                .insert(sdk, (release.clone(), counts(services.values())));
            for ((svc, v), s) in services {
                for a in &s.actions {
                    all_actions.insert((svc, v, &a.action));
                }
            }
        }
    }
    let (tables, differing) = merge(
        intl.as_ref().map(|(r, s)| (r.as_str(), s)),
        mainland.as_ref().map(|(r, s)| (r.as_str(), s)),
    );
    report.lists_differing = differing;
    report.merged.services = tables.len();
    report.merged.actions = all_actions.len();

    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("creating {}", opts.out.display()))?;
    let mut keep = BTreeSet::new();
    for t in &tables {
        report.merged.listed += t.actions.len();
        report.merged.codes += t.codes.len();
        for d in t.codes.values() {
            match d.from {
                Some(Sdk::Intl) => report.described.0 += 1,
                Some(Sdk::Mainland) => report.described.1 += 1,
                None => report.described.2 += 1,
            }
        }
        let text = t.to_tsv();
        report.bytes += text.len();
        let path = opts.out.join(t.file_name());
        keep.insert(t.file_name());
        if std::fs::read_to_string(&path).ok().as_deref() == Some(text.as_str()) {
            report.files.1 += 1;
        } else {
            std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
            report.files.0 += 1;
        }
    }
    for entry in
        std::fs::read_dir(&opts.out).with_context(|| format!("listing {}", opts.out.display()))?
    {
        let entry = entry.with_context(|| format!("listing {}", opts.out.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".tsv") && !keep.contains(&name) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("removing {}", entry.path().display()))?;
            report.files.2 += 1;
        }
    }
    Ok(report)
}

/// How many actions of one definition set (a tccli `services` directory) have their own list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetCoverage {
    /// The directory.
    pub source: PathBuf,
    /// Actions defined.
    pub actions: usize,
    /// Of those, listed in the table.
    pub listed: usize,
    /// The actions not listed: `service version action`.
    pub missing: Vec<String>,
}

/// Coverage of each set and of all sets together (an action counted once).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Per set, in the order given.
    pub sets: Vec<SetCoverage>,
    /// All sets together.
    pub merged: SetCoverage,
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in self.sets.iter().chain(
            // The merged line only says something new for two sets or more.
            (self.sets.len() > 1).then_some(&self.merged),
        ) {
            writeln!(
                f,
                "{}: {} of {} actions have their own error list ({:.1}%)",
                if s.source.as_os_str().is_empty() {
                    "all sets".to_owned()
                } else {
                    s.source.display().to_string()
                },
                s.listed,
                s.actions,
                percent(s.listed, s.actions)
            )?;
        }
        Ok(())
    }
}

/// What coverage needs of an `api.json`: the service, the version and the action names.
#[derive(serde::Deserialize)]
struct ActionNames {
    metadata: NamesMetadata,
    actions: BTreeMap<String, serde::de::IgnoredAny>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct NamesMetadata {
    api_version: String,
    service_short_name: String,
}

/// Counts the actions of each definition set (tccli `services` directories: `tccli-intl-en`,
/// `tccli`) that the table in `table_dir` lists.
pub fn coverage(table_dir: &Path, sets: &[PathBuf]) -> Result<Coverage> {
    if !table_dir.is_dir() {
        bail!("{}: no such directory", table_dir.display());
    }
    let mut tables: BTreeMap<(String, String), Option<ServiceTable>> = BTreeMap::new();
    let mut merged: BTreeMap<String, bool> = BTreeMap::new();
    let mut out = Coverage::default();
    for set in sets {
        let mut c = SetCoverage {
            source: set.clone(),
            ..SetCoverage::default()
        };
        for path in super::source::find(set)? {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let def: ActionNames = serde_json::from_str(&text)
                .with_context(|| format!("{}: not an API definition", path.display()))?;
            let dir = path
                .parent()
                .and_then(Path::parent)
                .and_then(Path::file_name)
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let service = def.metadata.service_short_name;
            let version = def.metadata.api_version;
            let key = (dir.clone(), version.clone());
            if !tables.contains_key(&key) {
                let t = read_service(table_dir, &[dir.as_str(), service.as_str()], &version)?;
                tables.insert(key.clone(), t);
            }
            let table = tables[&key].as_ref();
            for action in def.actions.keys() {
                let listed = table.is_some_and(|t| t.actions.contains_key(action));
                let id = format!("{service} {version} {action}");
                c.actions += 1;
                if listed {
                    c.listed += 1;
                } else {
                    c.missing.push(id.clone());
                }
                merged.insert(id, listed);
            }
        }
        out.sets.push(c);
    }
    out.merged.actions = merged.len();
    out.merged.listed = merged.values().filter(|l| **l).count();
    out.merged.missing = merged
        .into_iter()
        .filter(|(_, l)| !l)
        .map(|(id, _)| id)
        .collect();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gosdk::{ActionCodes, CodeConstant};

    fn constant(code: &str, description: &str) -> CodeConstant {
        CodeConstant {
            constant: code.to_uppercase().replace('.', "_"),
            code: code.into(),
            description: description.into(),
        }
    }

    fn action(name: &str, codes: Option<&[&str]>) -> ActionCodes {
        ActionCodes {
            action: name.into(),
            codes: codes.map(|c| c.iter().map(|s| (*s).to_owned()).collect()),
        }
    }

    fn sdk_map(s: SdkService) -> SdkServices {
        [(("car".to_owned(), "2022-01-10".to_owned()), s)].into()
    }

    #[test]
    fn merge_prefers_english_descriptions_and_unites_lists() {
        let intl = sdk_map(SdkService {
            descriptions: vec![
                constant("FailedOperation", "Operation failed."),
                constant("InternalError", ""),
            ],
            actions: vec![
                action(
                    "ApplyConcurrent",
                    Some(&["InternalError", "FailedOperation"]),
                ),
                action("Quiet", None),
            ],
        });
        let mainland = sdk_map(SdkService {
            descriptions: vec![
                constant("FailedOperation", "操作失败。"),
                constant("InternalError", "内部错误。"),
                constant("ResourceNotFound.NoIdle", "没有空闲并发。"),
            ],
            actions: vec![
                action(
                    "ApplyConcurrent",
                    Some(&["FailedOperation", "ResourceNotFound.NoIdle"]),
                ),
                action("CreateSession", Some(&["Undescribed.Code"])),
                action("Empty", Some(&[])),
            ],
        });
        let (tables, differing) = merge(Some(("v3", &intl)), Some(("v1", &mainland)));
        assert_eq!(differing, 1);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.file_name(), "car-2022-01-10.tsv");
        assert_eq!(
            t.to_tsv()
                .lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>(),
            vec![
                "sdk\tintl\ttencentcloud-sdk-go-intl-en\tv3",
                "sdk\tmainland\ttencentcloud-sdk-go\tv1",
                "code\tFailedOperation\tintl\tOperation failed.",
                "code\tInternalError\tmainland\t内部错误。",
                "code\tResourceNotFound.NoIdle\tmainland\t没有空闲并发。",
                "code\tUndescribed.Code\t-\t",
                "action\tApplyConcurrent\tboth\tFailedOperation InternalError ResourceNotFound.NoIdle",
                "action\tCreateSession\tmainland\tUndescribed.Code",
            ]
        );
        let back = ServiceTable::parse(&t.to_tsv(), "t.tsv").unwrap();
        assert_eq!(back.sdks, t.sdks);
        assert_eq!(back.codes, t.codes);
        assert_eq!(back.actions, t.actions);
        let listed: Vec<&str> = back
            .action("ApplyConcurrent")
            .unwrap()
            .iter()
            .map(|(c, _)| *c)
            .collect();
        assert_eq!(
            listed,
            [
                "FailedOperation",
                "InternalError",
                "ResourceNotFound.NoIdle"
            ]
        );
        assert!(back.action("Quiet").is_none());
    }

    #[test]
    fn descriptions_round_trip_through_escapes() {
        let mut t = ServiceTable {
            service: "x".into(),
            version: "2020-01-01".into(),
            ..ServiceTable::default()
        };
        for (i, d) in ["a\tb", "line\nnext\r", "back\\slash \\t", "", "普通 text"]
            .iter()
            .enumerate()
        {
            t.codes.insert(
                format!("Code{i}"),
                Described {
                    from: (!d.is_empty()).then_some(Sdk::Intl),
                    description: (*d).to_owned(),
                },
            );
        }
        let text = t.to_tsv();
        assert_eq!(text.lines().count(), 2 + 5, "one line per record: {text}");
        let back = ServiceTable::parse(&text, "t.tsv").unwrap();
        assert_eq!(back.codes, t.codes);
    }

    #[test]
    fn bad_table_lines_are_errors_naming_the_line() {
        for (text, line, what) in [
            ("code\tA\tintl\n", 1, "4 tab-separated"),
            ("# c\ncode\tA\tfrench\td\n", 2, "unknown source"),
            ("code\tA\tintl\td\ncode\tA\tintl\td\n", 2, "twice"),
            ("action\tX\tboth\tA\n", 1, "no `code` record"),
            ("action\tX\tboth\t\n", 1, "lists no codes"),
            ("code\tA\t-\t\naction\tX\tsome\tA\n", 2, "unknown source"),
            ("code\tA\t-\tbad \\x\n", 1, "escape"),
            ("sdk\tother\tr\tv1\n", 1, "unknown SDK"),
        ] {
            let err = format!("{:#}", ServiceTable::parse(text, "t.tsv").unwrap_err());
            assert!(
                err.contains(&format!("t.tsv:{line}")) && err.contains(what),
                "{err}"
            );
        }
    }

    #[test]
    fn extract_writes_the_directory_and_removes_stale_files() {
        let root = std::env::temp_dir().join(format!("tcapi-errtable-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let sdk = root.join("sdk");
        let dir = sdk.join("tencentcloud/car/v20220110");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::create_dir_all(sdk.join("tencentcloud/common/http")).unwrap();
        std::fs::write(
            sdk.join("tencentcloud/common/http/request.go"),
            "params[\"RequestClient\"] = \"SDK_GO_3.0.1\"\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("errors.go"),
            "const (\n\t// Operation failed.\n\tFAILEDOPERATION = \"FailedOperation\"\n)\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("client.go"),
            "// A\n//\n// error code that may be returned:\n//  FAILEDOPERATION = \"FailedOperation\"\nfunc (c *Client) A(request *ARequest) (response *AResponse, err error) {\n}\n\
             // B\nfunc (c *Client) B(request *BRequest) (response *BResponse, err error) {\n}\n",
        )
        .unwrap();
        let out = root.join("table");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old-2000-01-01.tsv"), "").unwrap();
        std::fs::write(out.join("README.md"), "kept").unwrap();
        let opts = ExtractOptions {
            intl: Some(sdk.clone()),
            mainland: None,
            out: out.clone(),
        };
        let r = extract(&opts).unwrap();
        assert_eq!(r.sdks[&Sdk::Intl].0, "v3.0.1");
        assert_eq!(
            (r.merged.services, r.merged.listed, r.merged.actions),
            (1, 1, 2)
        );
        assert_eq!(r.files, (1, 0, 1));
        assert!(out.join("README.md").is_file());
        let t = read_service(&out, &["nope", "car"], "2022-01-10")
            .unwrap()
            .unwrap();
        assert_eq!(t.actions["A"].codes, ["FailedOperation"]);
        assert_eq!(read_service(&out, &["car"], "2099-01-01").unwrap(), None);
        // The same input writes nothing.
        assert_eq!(extract(&opts).unwrap().files, (0, 1, 0));
        let err = extract(&ExtractOptions {
            out: out.clone(),
            ..ExtractOptions::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("at least one SDK"), "{err}");
        // Coverage of a definition set against the table.
        let defs = root.join("services/car/v20220110");
        std::fs::create_dir_all(&defs).unwrap();
        std::fs::write(
            defs.join("api.json"),
            r#"{"metadata": {"apiVersion": "2022-01-10", "serviceShortName": "car"},
                "actions": {"A": {}, "B": {}, "C": {}}, "objects": {}}"#,
        )
        .unwrap();
        let defs2 = root.join("services2/car/v20220110");
        std::fs::create_dir_all(&defs2).unwrap();
        std::fs::write(
            defs2.join("api.json"),
            r#"{"metadata": {"apiVersion": "2022-01-10", "serviceShortName": "car"},
                "actions": {"A": {}, "D": {}}}"#,
        )
        .unwrap();
        let c = coverage(&out, &[root.join("services"), root.join("services2")]).unwrap();
        assert_eq!((c.sets[0].listed, c.sets[0].actions), (1, 3));
        assert_eq!(c.sets[0].missing, ["car 2022-01-10 B", "car 2022-01-10 C"]);
        assert_eq!((c.sets[1].listed, c.sets[1].actions), (1, 2));
        assert_eq!((c.merged.listed, c.merged.actions), (1, 4));
        let text = c.to_string();
        assert!(
            text.contains("1 of 3 actions have their own error list (33.3%)"),
            "{text}"
        );
        assert!(text.contains("all sets: 1 of 4"), "{text}");
        let err = coverage(&root.join("nope"), &[]).unwrap_err().to_string();
        assert!(err.contains("no such directory"), "{err}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        fn sdk() -> impl Strategy<Value = Sdk> {
            prop_oneof![Just(Sdk::Intl), Just(Sdk::Mainland)]
        }

        fn table() -> impl Strategy<Value = ServiceTable> {
            let codes = proptest::collection::btree_map(
                "[A-Z][A-Za-z0-9_.]{0,20}",
                (proptest::option::of(sdk()), ".{0,30}"),
                1..10,
            );
            let releases = proptest::collection::btree_map(sdk(), "v[0-9.]{1,8}", 0..3);
            (codes, releases)
                .prop_flat_map(|(codes, sdks)| {
                    let names: Vec<String> = codes.keys().cloned().collect();
                    let actions = proptest::collection::btree_map(
                        "[A-Z][A-Za-z0-9]{0,15}",
                        (
                            prop_oneof![Just(Listed::Both), sdk().prop_map(Listed::Only)],
                            proptest::sample::subsequence(names.clone(), 1..=names.len()),
                        ),
                        0..6,
                    );
                    (Just(codes), Just(sdks), actions)
                })
                .prop_map(|(codes, sdks, actions)| ServiceTable {
                    service: "svc".into(),
                    version: "2020-01-01".into(),
                    sdks,
                    codes: codes
                        .into_iter()
                        .map(|(c, (from, d))| {
                            let description = if from.is_some() { d } else { String::new() };
                            (c, Described { from, description })
                        })
                        .collect(),
                    actions: actions
                        .into_iter()
                        .map(|(a, (from, codes))| (a, ActionList { from, codes }))
                        .collect(),
                })
        }

        proptest! {
            /// Whatever the descriptions hold, a table written is read back the same, and
            /// writing it again gives the same bytes.
            #[test]
            fn tables_round_trip(t in table()) {
                let text = t.to_tsv();
                let mut back = ServiceTable::parse(&text, "t.tsv").unwrap();
                back.service = t.service.clone();
                back.version = t.version.clone();
                prop_assert_eq!(&back, &t);
                prop_assert_eq!(back.to_tsv(), text);
            }

            /// Arbitrary lines never panic the reader: they parse or name their line.
            #[test]
            fn arbitrary_lines_parse_or_fail_cleanly(text in "((sdk|code|action|#)?(\t[a-z.A-Z\\ -]{0,6}){0,4}\n){0,8}") {
                if let Err(e) = ServiceTable::parse(&text, "t.tsv") {
                    let message = format!("{e:#}");
                    prop_assert!(message.starts_with("t.tsv:"), "{}", message);
                }
            }
        }
    }
}
