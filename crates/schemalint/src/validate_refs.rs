//! Which draft `schemalint validate` reads a schema as, and which documents its `$ref`s may
//! reach: `--draft`, `--ref-dir DIR` and `--document URI=PATH`.
//!
//! Nothing else is ever read: the files are read up front and registered with
//! [`ValidatorOptions::with_document`], and no retriever is installed, so a `$ref` to
//! `https://…` or `file:///etc/passwd` that the user did not register is a compile error
//! naming the URI — never a network fetch, never a read. The official meta-schemas are
//! bundled in the library and resolve offline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemalint_validate::{CompileError, Draft, ValidatorOptions};
use serde_json::Value;

/// Base URI of a schema without `$id`; a `--ref-dir` file is also served under it plus its
/// relative path, so `{"$ref": "defs/address.json"}` finds `DIR/defs/address.json`.
const RELATIVE_BASE: &str = "json-schema:///";

/// The options of `schemalint validate` that shape compilation.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct RefArgs {
    /// Read the schema (and every document it references) as this draft, whatever its
    /// `$schema` says [default: the `$schema` keyword, else 2020-12].
    #[arg(long, value_enum, value_name = "DRAFT")]
    pub draft: Option<DraftArg>,
    /// Serve every *.json file under DIR to `$ref`: by its `$id` (draft 4: `id`) and by its
    /// path relative to DIR (`"$ref": "defs/address.json"`). Repeatable.
    #[arg(long = "ref-dir", value_name = "DIR")]
    pub ref_dirs: Vec<PathBuf>,
    /// Serve the file PATH for `$ref`s to URI, e.g.
    /// `--document https://example.com/address.json=schemas/address.json`. A relative URI
    /// is relative to a schema without `$id`. Repeatable.
    #[arg(long = "document", value_name = "URI=PATH", value_parser = parse_document)]
    pub documents: Vec<(String, PathBuf)>,
}

/// The drafts `--draft` accepts (the `draft-07` spellings are aliases).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DraftArg {
    /// Draft 4.
    #[value(name = "4", alias = "draft4", alias = "draft-04")]
    Draft4,
    /// Draft 6.
    #[value(name = "6", alias = "draft6", alias = "draft-06")]
    Draft6,
    /// Draft 7.
    #[value(name = "7", alias = "draft7", alias = "draft-07")]
    Draft7,
    /// Draft 2019-09.
    #[value(name = "2019-09", alias = "draft2019-09")]
    Draft201909,
    /// Draft 2020-12.
    #[value(name = "2020-12", alias = "draft2020-12")]
    Draft202012,
}

impl From<DraftArg> for Draft {
    fn from(d: DraftArg) -> Draft {
        match d {
            DraftArg::Draft4 => Draft::Draft4,
            DraftArg::Draft6 => Draft::Draft6,
            DraftArg::Draft7 => Draft::Draft7,
            DraftArg::Draft201909 => Draft::Draft201909,
            DraftArg::Draft202012 => Draft::Draft202012,
        }
    }
}

fn parse_document(text: &str) -> Result<(String, PathBuf), String> {
    match text.rsplit_once('=') {
        Some((uri, path)) if !uri.is_empty() && !path.is_empty() => {
            Ok((uri.to_owned(), PathBuf::from(path)))
        }
        _ => Err(format!(
            "expected URI=PATH (e.g. https://example.com/address.json=schemas/address.json), got {text:?}"
        )),
    }
}

impl RefArgs {
    /// Validator options with the draft and every named document registered (read like the
    /// schema: nested at most `max_depth` levels); `Err` says which file could not be read or
    /// parsed, or which two files claim the same URI.
    pub fn options(&self, max_depth: usize) -> Result<ValidatorOptions, String> {
        let mut options = schemalint_validate::Validator::options();
        if let Some(draft) = self.draft {
            options = options.draft(draft.into());
        }
        for (uri, path) in self.registry(max_depth)? {
            options = options.with_document(uri, path.1);
        }
        Ok(options)
    }

    /// URI → (file, document). `--document` entries win over `--ref-dir` ones.
    fn registry(&self, max_depth: usize) -> Result<BTreeMap<String, (PathBuf, Value)>, String> {
        let mut by_uri: BTreeMap<String, (PathBuf, Value)> = BTreeMap::new();
        for dir in &self.ref_dirs {
            let mut files = Vec::new();
            json_files_under(dir, &mut files)
                .map_err(|e| format!("cannot read --ref-dir {}: {e}", dir.display()))?;
            for file in files {
                let document = read_document(&file, max_depth)?;
                let relative = file.strip_prefix(dir).unwrap_or(&file);
                let relative_uri = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let at_path = format!("{RELATIVE_BASE}{relative_uri}");
                let id = declared_id(&document).map(|id| resolve_id(&at_path, id));
                for uri in [Some(at_path), id].into_iter().flatten() {
                    if let Some((other, _)) = by_uri.get(&uri) {
                        if other != &file {
                            return Err(format!(
                                "{} and {} both claim {uri}; give one a different `$id`, or pass the one you mean with --document {uri}=PATH",
                                other.display(),
                                file.display()
                            ));
                        }
                    }
                    by_uri.insert(uri, (file.clone(), document.clone()));
                }
            }
        }
        for (uri, path) in &self.documents {
            let document = read_document(path, max_depth)?;
            by_uri.insert(uri.clone(), (path.clone(), document));
        }
        Ok(by_uri)
    }
}

/// The `$id` (or draft-4 `id`) a document names itself by.
fn declared_id(document: &Value) -> Option<&str> {
    let id = document
        .get("$id")
        .or_else(|| document.get("id"))
        .and_then(Value::as_str)?;
    let id = id.trim_end_matches('#');
    (!id.is_empty() && !id.starts_with('#')).then_some(id)
}

/// A relative `$id` is relative to where the document was found.
fn resolve_id(at_path: &str, id: &str) -> String {
    if has_scheme(id) {
        return id.to_owned();
    }
    match at_path.rfind('/') {
        Some(i) if !id.starts_with('/') => format!("{}{id}", &at_path[..=i]),
        _ => format!("{RELATIVE_BASE}{}", id.trim_start_matches('/')),
    }
}

fn has_scheme(uri: &str) -> bool {
    uri.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

fn read_document(path: &Path, max_depth: usize) -> Result<Value, String> {
    crate::limits::read_document("document", path, max_depth).map(|doc| doc.root.to_json())
}

/// Every `*.json` file under `dir`, sorted; symbolic links to directories are not followed
/// (no cycles), links to files are.
fn json_files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            json_files_under(&path, out)?;
        } else if path.extension().is_some_and(|x| x == "json")
            && (kind.is_file() || path.is_file())
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A compile error, with what to do when it is a reference nothing was registered for.
pub fn explain(error: &CompileError) -> String {
    let mut text = error.to_string();
    if error.message.contains("cannot resolve") || error.message.contains("unknown meta-schema") {
        text.push_str(
            "\n  help: schemalint never fetches from the network or reads files it was not given: \
             pass the document with --document URI=PATH, or its directory with --ref-dir DIR",
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_argument_splits_at_the_last_equals_sign() {
        assert_eq!(
            parse_document("https://x.test/a?v=1=s/a.json").unwrap(),
            ("https://x.test/a?v=1".to_owned(), PathBuf::from("s/a.json"))
        );
        assert!(parse_document("no-equals-sign").is_err());
        assert!(parse_document("=path").is_err());
        assert!(parse_document("uri=").is_err());
    }

    #[test]
    fn relative_ids_resolve_against_the_files_place() {
        assert_eq!(
            resolve_id("json-schema:///defs/a.json", "b.json"),
            "json-schema:///defs/b.json"
        );
        assert_eq!(
            resolve_id("json-schema:///defs/a.json", "/b.json"),
            "json-schema:///b.json"
        );
        assert_eq!(
            resolve_id("json-schema:///a.json", "https://x.test/b.json"),
            "https://x.test/b.json"
        );
        assert_eq!(resolve_id("json-schema:///a.json", "urn:x:y"), "urn:x:y");
    }
}
