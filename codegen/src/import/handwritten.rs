//! What the hand-written spec of a service version already defines, so the imported file
//! leaves it out (the merge rule: the hand-written file wins, whole actions and types at a time).

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result, bail};
use yaml_rust2::{Yaml, YamlLoader};

/// Names and header keys defined by a hand-written spec file.
#[derive(Debug, Default, Clone)]
pub struct HandWritten {
    /// Top-level keys present (`title`, `endpoints`, `region`, `description`, ...).
    pub header_keys: BTreeSet<String>,
    /// Action names.
    pub actions: BTreeSet<String>,
    /// Data type names.
    pub types: BTreeSet<String>,
}

fn read_yaml(path: &Path) -> Result<Option<Yaml>> {
    if !path.is_file() {
        return Ok(None);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs =
        YamlLoader::load_from_str(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(docs.into_iter().next())
}

fn keys(y: &Yaml) -> impl Iterator<Item = String> + '_ {
    y.as_hash()
        .into_iter()
        .flat_map(|h| h.keys())
        .filter_map(|k| k.as_str().map(str::to_owned))
}

impl HandWritten {
    /// Reads `path` if it exists (nothing is defined otherwise).
    pub fn read(path: &Path) -> Result<HandWritten> {
        let Some(doc) = read_yaml(path)? else {
            return Ok(HandWritten::default());
        };
        if doc.as_hash().is_none() {
            bail!("{}: a spec file must be a mapping", path.display());
        }
        Ok(HandWritten {
            header_keys: keys(&doc).collect(),
            actions: keys(&doc["actions"]).collect(),
            types: keys(&doc["types"]).collect(),
        })
    }
}

/// Codes in `common.yaml` (`errors:`), which every action has already.
pub fn common_error_codes(path: &Path) -> Result<BTreeSet<String>> {
    Ok(read_yaml(path)?
        .map(|doc| keys(&doc["errors"]).collect())
        .unwrap_or_default())
}
