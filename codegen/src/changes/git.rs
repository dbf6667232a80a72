//! The `specs/` directory of a git revision, extracted into a temporary directory.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The specs of a git revision in a temporary directory, removed when dropped.
#[derive(Debug)]
pub struct SpecsAtRevision {
    dir: PathBuf,
}

impl SpecsAtRevision {
    /// Extracts `specs/` of `rev` (`git archive <rev>:specs | tar -x`) from the repository
    /// the current directory is in. A revision git does not know, a revision without
    /// `specs/`, or git or tar missing is an error saying so (with git's own message).
    pub fn extract(rev: &str) -> io::Result<SpecsAtRevision> {
        Self::extract_from(Path::new("."), rev)
    }

    /// [`SpecsAtRevision::extract`] from the repository that `repo` is in.
    pub fn extract_from(repo: &Path, rev: &str) -> io::Result<SpecsAtRevision> {
        let fail =
            |what: String| io::Error::other(format!("cannot read specs/ of `{rev}`: {what}"));
        if rev.is_empty() || rev.starts_with('-') || rev.contains(['\0', '\n']) {
            return Err(fail("not a revision name".into()));
        }
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("tcapi-changes-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| fail(format!("cannot create {}: {e}", dir.display())))?;
        // From here on the directory goes when the value does, on success or error.
        let out = SpecsAtRevision { dir };

        let mut git = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["archive", "--format=tar"])
            .arg(format!("{rev}:specs"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| fail(format!("cannot run git: {e}")))?;
        let Some(archive) = git.stdout.take() else {
            return Err(fail("git gave no output".into()));
        };
        let tar = Command::new("tar")
            .args(["-x", "-f", "-", "-C"])
            .arg(&out.dir)
            .stdin(Stdio::from(archive))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn();
        let tar = match tar {
            Ok(t) => t.wait_with_output(),
            Err(e) => {
                let _ = git.kill();
                let _ = git.wait();
                return Err(fail(format!("cannot run tar: {e}")));
            }
        };
        let git = git
            .wait_with_output()
            .map_err(|e| fail(format!("git failed: {e}")))?;
        if !git.status.success() {
            let msg = String::from_utf8_lossy(&git.stderr);
            return Err(fail(format!(
                "git archive failed ({}): {}",
                git.status,
                msg.trim()
            )));
        }
        let tar = tar.map_err(|e| fail(format!("tar failed: {e}")))?;
        if !tar.status.success() {
            let msg = String::from_utf8_lossy(&tar.stderr);
            return Err(fail(format!("tar failed ({}): {}", tar.status, msg.trim())));
        }
        Ok(out)
    }

    /// The extracted specs directory.
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for SpecsAtRevision {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
