//! Hand-written modules a service crate carries beside its generated code: every
//! `extensions/<service>/<module>.rs` of the project becomes the module `<module>` of
//! `tcapi-<service>` (its own `//!` docs are the module's), compiled with the crate's
//! `client` feature (on by default; it turns on `tcapi/client` and tokio's timers, which
//! such helpers call). The generator copies them into a crate with code and names them by
//! path from a crate generated at build time; it never writes into `extensions/`.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// The directory of extensions, relative to the project root.
pub const EXTENSIONS_DIR: &str = "extensions";

/// One hand-written module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The module name (the file's stem).
    pub module: String,
    /// The file's text.
    pub source: String,
}

/// Every service's extensions, by service short name, modules in name order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extensions(BTreeMap<String, Vec<Extension>>);

impl Extensions {
    /// Reads `<root>/extensions/<service>/*.rs`; none when the directory is absent. A file
    /// whose stem is not a plain module name (lower case ASCII letters, digits, `_`, not
    /// starting with a digit) is an error naming it.
    pub fn read(root: &Path) -> io::Result<Extensions> {
        let dir = root.join(EXTENSIONS_DIR);
        let mut out = BTreeMap::new();
        let services = match std::fs::read_dir(&dir) {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Extensions::default()),
            Err(e) => return Err(e),
        };
        for service in services {
            let service = service?;
            if !service.file_type()?.is_dir() {
                continue;
            }
            let mut modules = Vec::new();
            for file in std::fs::read_dir(service.path())? {
                let path = file?.path();
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let module = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .filter(|m| is_module_name(m))
                    .ok_or_else(|| {
                        io::Error::new(
                            io::ErrorKind::InvalidInput,
                            format!(
                                "{}: an extension's file name must be a module name (lower case letters, digits and `_`)",
                                path.display()
                            ),
                        )
                    })?
                    .to_owned();
                let source = std::fs::read_to_string(&path)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
                modules.push(Extension { module, source });
            }
            modules.sort_by(|a, b| a.module.cmp(&b.module));
            if !modules.is_empty() {
                out.insert(service.file_name().to_string_lossy().into_owned(), modules);
            }
        }
        Ok(Extensions(out))
    }

    /// The extensions of a service (none: empty).
    pub fn of(&self, service: &str) -> &[Extension] {
        self.0.get(service).map_or(&[], Vec::as_slice)
    }

    /// Every service that has extensions.
    pub fn services(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }
}

fn is_module_name(m: &str) -> bool {
    m.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && m.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !matches!(m, "lib" | "main" | "build" | "types")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_are_read_by_service_and_checked() {
        let root = std::env::temp_dir().join(format!("tcapi-extensions-{}", std::process::id()));
        std::fs::remove_dir_all(&root).ok();
        assert_eq!(Extensions::read(&root).unwrap(), Extensions::default());
        std::fs::create_dir_all(root.join("extensions/car")).unwrap();
        std::fs::write(root.join("extensions/car/flow.rs"), "//! A flow.\n").unwrap();
        std::fs::write(root.join("extensions/car/a_helper.rs"), "//! Help.\n").unwrap();
        std::fs::write(root.join("extensions/car/notes.md"), "not code").unwrap();
        let e = Extensions::read(&root).unwrap();
        let names: Vec<_> = e.of("car").iter().map(|x| x.module.as_str()).collect();
        assert_eq!(names, ["a_helper", "flow"]);
        assert!(e.of("cvm").is_empty());
        assert_eq!(e.services().collect::<Vec<_>>(), ["car"]);
        std::fs::write(root.join("extensions/car/Bad-Name.rs"), "").unwrap();
        let err = Extensions::read(&root).unwrap_err().to_string();
        assert!(
            err.contains("Bad-Name.rs") && err.contains("module name"),
            "{err}"
        );
        std::fs::remove_dir_all(&root).ok();
    }
}
