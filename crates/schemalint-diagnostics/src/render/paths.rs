//! Report paths as CI systems want them: relative to the repository root, `/`-separated.

use std::path::{Component, Path, PathBuf};

/// Where a report path sits relative to the repository root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RepoPath {
    /// Inside the root (or no root known): segments joined with `/`.
    Relative(String),
    /// Outside the root: an absolute path, `/`-separated.
    Absolute(String),
}

impl RepoPath {
    /// The path text, `/`-separated, without any URI encoding.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            RepoPath::Relative(p) | RepoPath::Absolute(p) => p,
        }
    }
}

/// Makes `path` relative to `root`, lexically (no file system access, so output does
/// not depend on what exists on disk). With a root, relative paths are first joined to
/// `working_dir`; without one, they are kept (as repository-relative).
pub(crate) fn repo_path(path: &str, root: Option<&Path>, working_dir: Option<&Path>) -> RepoPath {
    let given = Path::new(path);
    let full = match (root, working_dir) {
        (Some(_), Some(dir)) if given.is_relative() => dir.join(given),
        _ => given.to_path_buf(),
    };
    let full = normalize(&full);
    if let Some(root) = root {
        if let Ok(inside) = full.strip_prefix(normalize(root)) {
            return RepoPath::Relative(slashed(inside));
        }
    }
    if full.is_absolute() {
        RepoPath::Absolute(slashed(&full))
    } else {
        RepoPath::Relative(slashed(&full))
    }
}

/// Drops `.` and resolves `..` against earlier segments, like a URI resolver would.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else if !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Joins components with `/` whatever the platform separator is.
fn slashed(path: &Path) -> String {
    let mut out = String::new();
    for component in path.components() {
        match component {
            Component::RootDir => out.push('/'),
            Component::Prefix(prefix) => out.push_str(&prefix.as_os_str().to_string_lossy()),
            other => {
                if !out.is_empty() && !out.ends_with('/') {
                    out.push('/');
                }
                out.push_str(&other.as_os_str().to_string_lossy());
            }
        }
    }
    out
}

/// Percent-encodes a `/`-separated path for a URI: everything but RFC 3986
/// unreserved characters and `/` becomes `%XX` (UTF-8 bytes, upper-case hex).
/// `:` is encoded too, so a first segment like `c:` cannot read as a scheme.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_root_become_relative() {
        let root = Path::new("/repo");
        assert_eq!(
            repo_path("/repo/schemas/a.json", Some(root), None),
            RepoPath::Relative("schemas/a.json".into())
        );
        assert_eq!(
            repo_path(
                "./schemas/../b.json",
                Some(root),
                Some(Path::new("/repo/sub"))
            ),
            RepoPath::Relative("sub/b.json".into())
        );
        assert_eq!(
            repo_path("schemas/a.json", Some(root), None),
            RepoPath::Relative("schemas/a.json".into())
        );
    }

    #[test]
    fn without_a_root_paths_are_kept() {
        let cwd = Some(Path::new("/somewhere"));
        assert_eq!(
            repo_path("./a/b.json", None, cwd),
            RepoPath::Relative("a/b.json".into())
        );
        assert_eq!(
            repo_path("/abs/b.json", None, cwd),
            RepoPath::Absolute("/abs/b.json".into())
        );
    }

    #[test]
    fn paths_outside_the_root_stay_absolute() {
        let found = repo_path("/elsewhere/a.json", Some(Path::new("/repo")), None);
        assert_eq!(found, RepoPath::Absolute("/elsewhere/a.json".into()));
        assert_eq!(found.as_str(), "/elsewhere/a.json");
    }

    #[test]
    fn a_sibling_with_the_root_as_name_prefix_is_outside() {
        let found = repo_path("/repo-other/a.json", Some(Path::new("/repo")), None);
        assert_eq!(found, RepoPath::Absolute("/repo-other/a.json".into()));
    }

    #[test]
    fn percent_encoding_keeps_unreserved_characters_and_slashes() {
        assert_eq!(percent_encode_path("a/b-c_d.e~f"), "a/b-c_d.e~f");
        assert_eq!(
            percent_encode_path("x y/100%,a:b/é"),
            "x%20y/100%25%2Ca%3Ab/%C3%A9"
        );
    }
}
