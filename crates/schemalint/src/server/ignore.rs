//! "Ignore this rule here": a `per-file-ignores` entry (`"path#/pointer" = ["rule"]`)
//! added to the config file that applies to the document, keeping the file's layout.

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, TableLike};

use super::text::minimal_edit;
use crate::config::{self, Settings};

/// The edit to make in one config file.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigEdit {
    pub path: PathBuf,
    /// The file does not exist yet (no config applies): create it.
    pub create: bool,
    pub edit: lsp_types::TextEdit,
    /// The `per-file-ignores` key, for the action's title.
    pub key: String,
}

/// The file name used when no config exists yet.
pub const NEW_CONFIG: &str = "schemalint.toml";

/// The `per-file-ignores` entry that silences `rule` at `pointer` in `file`, as an edit of
/// the config `settings` came from, or of a new `schemalint.toml` in `new_config_dir` when
/// no config applies. `Err` says why no edit can be made.
pub fn ignore_edit(
    settings: &Settings,
    file: &Path,
    rule: &str,
    pointer: &str,
    new_config_dir: &Path,
) -> Result<ConfigEdit, String> {
    let (path, create, old) = match &settings.source {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            (config::absolute(path), false, text)
        }
        None => (new_config_dir.join(NEW_CONFIG), true, String::new()),
    };
    let root = path.parent().unwrap_or(Path::new("/"));
    let relative = config::slash_path(
        config::absolute(file)
            .strip_prefix(root)
            .map_err(|_| format!("{} is not below {}", file.display(), root.display()))?,
    );
    if relative.contains('#') {
        return Err(format!(
            "the path `{relative}` contains `#`, which per-file-ignores reads as the start of a JSON pointer"
        ));
    }
    let key = if pointer.is_empty() {
        glob_literal(&relative)
    } else {
        format!("{}#{pointer}", glob_literal(&relative))
    };
    let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let mut doc: DocumentMut = old
        .parse()
        .map_err(|e| format!("{} is not valid TOML: {e}", path.display()))?;
    let mut table: &mut dyn TableLike = doc.as_table_mut();
    if pyproject {
        for name in ["tool", "schemalint"] {
            table = table
                .get_mut(name)
                .and_then(Item::as_table_like_mut)
                .ok_or_else(|| format!("no [tool.schemalint] table in {}", path.display()))?;
        }
    }
    let ignores = table
        .entry("per-file-ignores")
        .or_insert_with(|| Item::Table(Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| format!("`per-file-ignores` in {} is not a table", path.display()))?;
    match ignores.get_mut(&key) {
        Some(item) => {
            let rules = item.as_array_mut().ok_or_else(|| {
                format!(
                    "`per-file-ignores.\"{key}\"` in {} is not a list",
                    path.display()
                )
            })?;
            if rules.iter().any(|r| r.as_str() == Some(rule)) {
                return Err(format!("`{key}` already ignores `{rule}`"));
            }
            rules.push(rule);
        }
        None => {
            let mut rules = Array::new();
            rules.push(rule);
            ignores.insert(&key, toml_edit::value(rules));
        }
    }
    let new = doc.to_string();
    // The result must be a config schemalint reads, with the entry in it.
    let name = path.display().to_string();
    config::parse_text(&name, &new, pyproject).map_err(|e| e.to_string())?;
    let edit = minimal_edit(&old, &new).ok_or("nothing to change")?;
    Ok(ConfigEdit {
        path,
        create,
        edit,
        key,
    })
}

/// A path as a glob that matches only itself: glob metacharacters in a class of their own.
fn glob_literal(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '{' | '}' | '\\') {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Overrides, PathGlob, Resolver};

    fn settings_for(file: &Path) -> std::sync::Arc<Settings> {
        Resolver::new(false, None, Overrides::default())
            .unwrap()
            .settings_for(file)
            .unwrap()
    }

    fn applied(path: &Path, edit: &ConfigEdit) -> String {
        let old = std::fs::read_to_string(path).unwrap_or_default();
        super::super::text::apply(&old, std::slice::from_ref(&edit.edit))
    }

    #[test]
    fn adds_an_entry_keeping_the_layout_then_extends_it() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("schemalint.toml");
        let original =
            "# team settings\nprofile = \"openai\"   # keep\n\n[severity]\n\"limit\" = \"off\"\n";
        std::fs::write(&config, original).unwrap();
        let file = dir.path().join("schemas/a.json");
        let edit = ignore_edit(
            &settings_for(&file),
            &file,
            "strict/required",
            "/properties/x",
            dir.path(),
        )
        .unwrap();
        assert!(!edit.create);
        assert_eq!(edit.key, "schemas/a.json#/properties/x");
        let text = applied(&config, &edit);
        assert!(text.starts_with(original), "{text}");
        assert!(
            text.ends_with(
                "[per-file-ignores]\n\"schemas/a.json#/properties/x\" = [\"strict/required\"]\n"
            ),
            "{text}"
        );
        std::fs::write(&config, &text).unwrap();
        let settings = settings_for(&file);
        assert_eq!(settings.per_file_ignores.len(), 1);
        let second = ignore_edit(&settings, &file, "strict", "/properties/x", dir.path()).unwrap();
        let text = applied(&config, &second);
        assert!(
            text.contains("\"schemas/a.json#/properties/x\" = [\"strict/required\", \"strict\"]"),
            "{text}"
        );
        std::fs::write(&config, &text).unwrap();
        let again = ignore_edit(
            &settings_for(&file),
            &file,
            "strict",
            "/properties/x",
            dir.path(),
        );
        assert!(again.unwrap_err().contains("already ignores"));
    }

    #[test]
    fn pyproject_gets_a_subtable_and_no_config_creates_one() {
        let dir = tempfile::tempdir().unwrap();
        let pyproject = dir.path().join("pyproject.toml");
        std::fs::write(
            &pyproject,
            "[project]\nname = \"x\"\n\n[tool.schemalint]\nprofile = \"openai\"\n\n[tool.black]\nline-length = 99\n",
        )
        .unwrap();
        let file = dir.path().join("a.json");
        let edit = ignore_edit(
            &settings_for(&file),
            &file,
            "strict/required",
            "",
            dir.path(),
        )
        .unwrap();
        let text = applied(&pyproject, &edit);
        let parsed = config::parse_text("pyproject.toml", &text, true).unwrap();
        assert!(parsed.is_some(), "{text}");
        std::fs::write(&pyproject, &text).unwrap();
        let settings = settings_for(&file);
        assert_eq!(settings.per_file_ignores[0].key, "a.json", "{text}");
        assert!(text.contains("line-length = 99"), "{text}");

        let empty = tempfile::tempdir().unwrap();
        let file = empty.path().join("b.json");
        let settings = Resolver::new(true, None, Overrides::default())
            .unwrap()
            .settings_for(&file)
            .unwrap();
        let edit = ignore_edit(&settings, &file, "strict", "/a", empty.path()).unwrap();
        assert!(edit.create);
        assert_eq!(edit.path, empty.path().join("schemalint.toml"));
        assert_eq!(
            edit.edit.new_text,
            "[per-file-ignores]\n\"b.json#/a\" = [\"strict\"]\n"
        );
    }

    #[test]
    fn glob_metacharacters_in_paths_match_literally() {
        let literal = glob_literal("odd[1]/x*{a,b}?.json");
        let glob = PathGlob::new(&literal).unwrap();
        assert!(glob.matches("odd[1]/x*{a,b}?.json"), "{literal}");
        assert!(!glob.matches("odd1/xy{a,b}?.json"), "{literal}");
    }
}
