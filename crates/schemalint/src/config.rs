//! Configuration: `schemalint.toml`, `.schemalint.toml` or `[tool.schemalint]` in
//! `pyproject.toml`, found by walking up from each file (the closest one applies; no
//! merging), `--config PATH | key=value`, `--isolated`, and applying the settings
//! (select, ignore, severity, per-file-ignores with optional JSON-pointer scope) to a
//! file's findings.
//!
//! Every error names the file, line and column, and lists the valid choices.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};
use schemalint_diagnostics::{FileReport, Severity, SourceFile};
use serde::Deserialize;
use toml::Spanned;

/// Config file names looked for in each directory, in order of precedence.
pub const FILE_NAMES: [&str; 3] = [".schemalint.toml", "schemalint.toml", "pyproject.toml"];

/// Rule ids that the CLI itself reports (not the linter).
pub const CLI_RULES: &[&str] = &[crate::baseline::STALE_ENTRY];

/// The keys a configuration may set (`severity` and `per-file-ignores` are tables).
pub const KEYS: &[&str] = &[
    "profile",
    "profiles",
    "include",
    "exclude",
    "select",
    "ignore",
    "severity",
    "per-file-ignores",
    "fail-on",
];

/// The options as written in a file (or a `--config key=value`), with positions.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawOptions {
    profile: Option<Spanned<String>>,
    profiles: Option<Vec<Spanned<String>>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    fail_on: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Deserialize)]
struct PyTool {
    schemalint: Option<toml::Value>,
}

/// A configuration error with its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file (or `--config` for inline overrides).
    pub origin: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.origin, self.line, self.column, self.message
            )
        }
    }
}

/// The text of a config, to turn byte offsets into line:column.
struct Origin<'a> {
    name: String,
    text: &'a str,
}

impl Origin<'_> {
    fn error(
        &self,
        span: Option<std::ops::Range<usize>>,
        message: impl Into<String>,
    ) -> ConfigError {
        let (line, column) = match span {
            Some(span) => {
                let file = SourceFile::new(self.name.as_str(), self.text);
                let p = file.position(span.start);
                (p.line as usize, p.column as usize)
            }
            None => (0, 0),
        };
        ConfigError {
            origin: self.name.clone(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Matches rule ids: an exact id (`strict/required`) or a category (`strict`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    Rule(String),
    Category(String),
}

impl Selector {
    pub fn matches(&self, rule: &str) -> bool {
        match self {
            Selector::Rule(id) => id == rule,
            Selector::Category(c) => rule.split_once('/').is_some_and(|(ns, _)| ns == c),
        }
    }

    fn specificity(&self) -> u8 {
        match self {
            Selector::Rule(_) => 1,
            Selector::Category(_) => 0,
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::Rule(s) | Selector::Category(s) => f.write_str(s),
        }
    }
}

/// Every rule id schemalint can report.
pub fn known_rules() -> Vec<&'static str> {
    schemalint_check::RULES
        .iter()
        .map(|r| r.id)
        .chain(CLI_RULES.iter().copied())
        .collect()
}

/// Every category (the namespace of rule ids).
pub fn known_categories() -> Vec<&'static str> {
    let mut cats: Vec<&str> = known_rules()
        .into_iter()
        .filter_map(|id| id.split_once('/').map(|(c, _)| c))
        .collect();
    cats.sort_unstable();
    cats.dedup();
    cats
}

/// Parses a rule id or category, or explains which ones exist.
pub fn parse_selector(text: &str) -> Result<Selector, String> {
    if known_rules().contains(&text) {
        return Ok(Selector::Rule(text.to_owned()));
    }
    if known_categories().contains(&text) {
        return Ok(Selector::Category(text.to_owned()));
    }
    Err(format!(
        "unknown rule or category `{text}`; categories: {}; rules: {}",
        known_categories().join(", "),
        known_rules().join(", ")
    ))
}

/// A rule's level after a `severity` override.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Set(Severity),
    Off,
}

impl Level {
    const NAMES: &'static str = "error, warning, info, off";

    fn parse(s: &str) -> Option<Level> {
        match s {
            "off" => Some(Level::Off),
            other => other.parse().ok().map(Level::Set),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Set(s) => write!(f, "{s}"),
            Level::Off => f.write_str("off"),
        }
    }
}

/// A compiled glob, matched against a path relative to the config's directory
/// (forward slashes). A pattern without `/` matches the file name at any depth.
#[derive(Debug, Clone)]
pub struct PathGlob {
    pub pattern: String,
    matcher: GlobMatcher,
    basename_only: bool,
}

impl PathGlob {
    pub fn new(pattern: &str) -> Result<PathGlob, String> {
        let trimmed = pattern.strip_prefix("./").unwrap_or(pattern);
        let basename_only = !trimmed.contains('/');
        let glob: Glob = GlobBuilder::new(trimmed)
            .literal_separator(true)
            .build()
            .map_err(|e| format!("invalid glob `{pattern}`: {}", e.kind()))?;
        Ok(PathGlob {
            pattern: pattern.to_owned(),
            matcher: glob.compile_matcher(),
            basename_only,
        })
    }

    /// `rel` is relative to the config's directory, with `/` separators.
    pub fn matches(&self, rel: &str) -> bool {
        if self.basename_only {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            self.matcher.is_match(name)
        } else {
            self.matcher.is_match(rel)
        }
    }
}

/// One `per-file-ignores` entry.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    pub key: String,
    pub glob: PathGlob,
    /// `None`: the whole file; `Some(p)`: findings at `p` or below it.
    pub pointer: Option<String>,
    pub rules: Vec<Selector>,
}

/// Resolved settings for one file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The config file these came from, if any.
    pub source: Option<PathBuf>,
    /// The directory globs are relative to.
    pub root: PathBuf,
    pub profiles: Option<Vec<String>>,
    pub include: Vec<PathGlob>,
    pub exclude: Vec<PathGlob>,
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Level)>,
    pub per_file_ignores: Vec<PerFileIgnore>,
    pub fail_on: Option<Severity>,
}

impl Settings {
    fn defaults(root: PathBuf) -> Settings {
        Settings {
            source: None,
            root,
            profiles: None,
            include: Vec::new(),
            exclude: Vec::new(),
            select: None,
            ignore: Vec::new(),
            severity: Vec::new(),
            per_file_ignores: Vec::new(),
            fail_on: None,
        }
    }

    /// `path` relative to this config's directory, with `/` separators (absolute if outside).
    pub fn relative(&self, path: &Path) -> String {
        let abs = absolute(path);
        let rel = abs.strip_prefix(&self.root).unwrap_or(&abs);
        slash_path(rel)
    }

    /// Whether a file found by walking a directory should be linted.
    pub fn includes(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        let included = if self.include.is_empty() {
            rel.ends_with(".json")
        } else {
            self.include.iter().any(|g| g.matches(&rel))
        };
        included && !self.excludes(path)
    }

    /// Whether `path` (a file or directory), or a directory it is in below the
    /// config's directory, is excluded.
    pub fn excludes(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let rel = self.relative(path);
        let mut prefixes = vec![rel.as_str()];
        prefixes.extend(
            rel.match_indices('/')
                .map(|(i, _)| &rel[..i])
                .filter(|p| !p.is_empty()),
        );
        prefixes
            .iter()
            .any(|p| self.exclude.iter().any(|g| g.matches(p)))
    }

    /// The level of `rule` after `select`, `ignore` and `severity`; `None` keeps the
    /// rule's own severity.
    fn level(&self, rule: &str) -> Option<Level> {
        if let Some(select) = &self.select {
            if !select.iter().any(|s| s.matches(rule)) {
                return Some(Level::Off);
            }
        }
        if self.ignore.iter().any(|s| s.matches(rule)) {
            return Some(Level::Off);
        }
        self.severity
            .iter()
            .filter(|(s, _)| s.matches(rule))
            .max_by_key(|(s, _)| s.specificity())
            .map(|(_, l)| *l)
    }

    /// Applies the settings to a file's findings. `rel` is the file's path relative
    /// to [`Settings::root`]. Parse errors are never filtered: the file was not checked.
    pub fn apply(&self, report: &mut FileReport, rel: &str) {
        let ignores: Vec<&PerFileIgnore> = self
            .per_file_ignores
            .iter()
            .filter(|p| p.glob.matches(rel))
            .collect();
        report.diagnostics.retain_mut(|d| {
            if schemalint_check::is_parse_error(&d.rule) {
                return true;
            }
            match self.level(&d.rule) {
                Some(Level::Off) => return false,
                Some(Level::Set(s)) => d.severity = s,
                None => {}
            }
            !ignores.iter().any(|p| {
                p.rules.iter().any(|s| s.matches(&d.rule))
                    && p.pointer.as_deref().is_none_or(|scope| {
                        d.pointer == scope
                            || (d.pointer.starts_with(scope)
                                && d.pointer.as_bytes().get(scope.len()) == Some(&b'/'))
                    })
            })
        });
    }

    /// A human-readable dump for `--show-settings`.
    pub fn describe(&self) -> String {
        let list = |v: &[Selector]| {
            format!(
                "[{}]",
                v.iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let globs = |v: &[PathGlob]| {
            format!(
                "[{}]",
                v.iter()
                    .map(|g| format!("\"{}\"", g.pattern))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut out = String::new();
        out.push_str(&format!(
            "config file: {}\n",
            self.source
                .as_ref()
                .map_or("(none; defaults)".to_owned(), |p| display_path(p))
        ));
        out.push_str(&format!("root: {}\n", display_path(&self.root)));
        out.push_str(&format!(
            "profiles = [{}]\n",
            self.profiles
                .as_deref()
                .unwrap_or(&["openai".to_owned()])
                .iter()
                .map(|p| format!("\"{p}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str(&format!(
            "include = {}\n",
            if self.include.is_empty() {
                "[\"*.json\"]".to_owned()
            } else {
                globs(&self.include)
            }
        ));
        out.push_str(&format!("exclude = {}\n", globs(&self.exclude)));
        out.push_str(&format!(
            "select = {}\n",
            self.select
                .as_deref()
                .map_or("(all rules of the profile)".to_owned(), list)
        ));
        out.push_str(&format!("ignore = {}\n", list(&self.ignore)));
        out.push_str(&format!(
            "fail-on = \"{}\"\n",
            self.fail_on.unwrap_or(Severity::Error)
        ));
        out.push_str("[severity]\n");
        for (s, l) in &self.severity {
            out.push_str(&format!("\"{s}\" = \"{l}\"\n"));
        }
        out.push_str("[per-file-ignores]\n");
        for p in &self.per_file_ignores {
            out.push_str(&format!("\"{}\" = {}\n", p.key, list(&p.rules)));
        }
        out
    }
}

/// `path` made absolute against the current directory, with `.`/`..` resolved lexically.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("."))
            .join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` for messages: relative to the current directory when it is below it.
pub fn display_path(path: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => match path.strip_prefix(&cwd) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_owned(),
            Ok(rel) => rel.display().to_string(),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

/// A path with `/` separators.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::RootDir => Some(String::new()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_owned()),
            Component::CurDir => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Parses config text. `pyproject` reads `[tool.schemalint]` (absent: `Ok(None)`).
pub fn parse_text(
    name: &str,
    text: &str,
    pyproject: bool,
) -> Result<Option<RawOptions>, ConfigError> {
    let origin = Origin {
        name: name.to_owned(),
        text,
    };
    let de_error = |e: toml::de::Error| {
        let message = e.message().trim().replace("\n", " ");
        let message = if message.starts_with("unknown field") && !message.contains("expected") {
            format!("{message} (valid keys: {})", KEYS.join(", "))
        } else {
            message
        };
        origin.error(e.span(), message)
    };
    if pyproject {
        // Parse the whole document so spans are positions in the file.
        let doc: PyProject = toml::from_str(text).map_err(de_error)?;
        if doc.tool.and_then(|t| t.schemalint).is_none() {
            return Ok(None);
        }
        #[derive(Deserialize)]
        struct Wrapped {
            tool: WrappedTool,
        }
        #[derive(Deserialize)]
        struct WrappedTool {
            schemalint: RawOptions,
        }
        let w: Wrapped = toml::from_str(text).map_err(de_error)?;
        Ok(Some(w.tool.schemalint))
    } else {
        toml::from_str(text).map(Some).map_err(de_error)
    }
}

/// Resolves raw options (relative to `root`) into settings, validating every value.
fn resolve(
    raw: &RawOptions,
    base: Settings,
    name: &str,
    text: &str,
) -> Result<Settings, ConfigError> {
    let origin = Origin {
        name: name.to_owned(),
        text,
    };
    let mut s = base;
    let span = |v: &Spanned<String>| Some(v.span());
    let selectors = |items: &[Spanned<String>]| -> Result<Vec<Selector>, ConfigError> {
        items
            .iter()
            .map(|i| parse_selector(i.get_ref()).map_err(|m| origin.error(span(i), m)))
            .collect()
    };
    let globs = |items: &[Spanned<String>]| -> Result<Vec<PathGlob>, ConfigError> {
        items
            .iter()
            .map(|i| PathGlob::new(i.get_ref()).map_err(|m| origin.error(span(i), m)))
            .collect()
    };
    let check_profile = |p: &Spanned<String>| -> Result<String, ConfigError> {
        let known: Vec<&str> = schemalint_check::profile::builtins()
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        if known.contains(&p.get_ref().as_str()) {
            Ok(p.get_ref().clone())
        } else {
            Err(origin.error(
                span(p),
                format!(
                    "unknown profile `{}` (valid profiles: {})",
                    p.get_ref(),
                    known.join(", ")
                ),
            ))
        }
    };
    match (&raw.profile, &raw.profiles) {
        (Some(p), Some(_)) => {
            return Err(origin.error(span(p), "set either `profile` or `profiles`, not both"))
        }
        (Some(p), None) => s.profiles = Some(vec![check_profile(p)?]),
        (None, Some(list)) => {
            if list.is_empty() {
                return Err(origin.error(None, "`profiles` must name at least one profile"));
            }
            s.profiles = Some(list.iter().map(check_profile).collect::<Result<_, _>>()?);
        }
        (None, None) => {}
    }
    if let Some(v) = &raw.include {
        s.include = globs(v)?;
    }
    if let Some(v) = &raw.exclude {
        s.exclude = globs(v)?;
    }
    if let Some(v) = &raw.select {
        s.select = Some(selectors(v)?);
    }
    if let Some(v) = &raw.ignore {
        s.ignore = selectors(v)?;
    }
    if let Some(map) = &raw.severity {
        s.severity = map
            .iter()
            .map(|(k, v)| {
                let sel = parse_selector(k.get_ref()).map_err(|m| origin.error(span(k), m))?;
                let level = Level::parse(v.get_ref()).ok_or_else(|| {
                    origin.error(
                        span(v),
                        format!(
                            "unknown severity `{}` (valid: {})",
                            v.get_ref(),
                            Level::NAMES
                        ),
                    )
                })?;
                Ok((sel, level))
            })
            .collect::<Result<_, ConfigError>>()?;
    }
    if let Some(map) = &raw.per_file_ignores {
        s.per_file_ignores = map
            .iter()
            .map(|(k, rules)| {
                let (glob, pointer) = match k.get_ref().split_once('#') {
                    Some((g, p)) => (g, Some(p)),
                    None => (k.get_ref().as_str(), None),
                };
                let pointer = match pointer {
                    None | Some("") => None,
                    Some(p) if p.starts_with('/') => Some(p.to_owned()),
                    Some(p) => {
                        return Err(origin.error(
                            span(k),
                            format!(
                                "`#{p}` is not a JSON pointer: write `glob#/path/to/node` (a pointer starts with `/`)"
                            ),
                        ))
                    }
                };
                Ok(PerFileIgnore {
                    key: k.get_ref().clone(),
                    glob: PathGlob::new(glob).map_err(|m| origin.error(span(k), m))?,
                    pointer,
                    rules: selectors(rules)?,
                })
            })
            .collect::<Result<_, ConfigError>>()?;
    }
    if let Some(v) = &raw.fail_on {
        s.fail_on = Some(match v.get_ref().as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err(origin.error(
                    span(v),
                    format!("unknown `fail-on` value `{other}` (valid: error, warning, info)"),
                ))
            }
        });
    }
    Ok(s)
}

/// Reads and resolves one config file. `Ok(None)`: a `pyproject.toml` without `[tool.schemalint]`.
pub fn load_file(path: &Path) -> Result<Option<Settings>, ConfigError> {
    let name = display_path(path);
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        origin: name.clone(),
        line: 0,
        column: 0,
        message: format!("cannot read config: {e}"),
    })?;
    let pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let Some(raw) = parse_text(&name, &text, pyproject)? else {
        return Ok(None);
    };
    let abs = absolute(path);
    let root = abs
        .parent()
        .map_or_else(|| PathBuf::from("/"), Path::to_path_buf);
    let mut settings = resolve(&raw, Settings::defaults(root), &name, &text)?;
    settings.source = Some(path.to_path_buf());
    Ok(Some(settings))
}

/// Overrides from the command line, applied on top of whichever config applies.
#[derive(Debug, Default, Clone)]
pub struct Overrides {
    /// `--config key=value` items, as TOML text.
    pub inline: Vec<String>,
    /// `--select`.
    pub select: Option<Vec<Selector>>,
    /// `--ignore` (added to the config's).
    pub ignore: Vec<Selector>,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `--profile`.
    pub profiles: Option<Vec<String>>,
}

/// Finds the settings for each file.
pub struct Resolver {
    isolated: bool,
    explicit: Option<Arc<Settings>>,
    overrides: Overrides,
    inline: Vec<(String, RawOptions)>,
    cache: HashMap<PathBuf, Option<Arc<Settings>>>,
    defaults: Arc<Settings>,
}

impl Resolver {
    /// `config_file`: `--config PATH` (used for every file, no discovery).
    pub fn new(
        isolated: bool,
        config_file: Option<&Path>,
        overrides: Overrides,
    ) -> Result<Resolver, ConfigError> {
        let mut inline = Vec::new();
        for (i, text) in overrides.inline.iter().enumerate() {
            let name = if overrides.inline.len() == 1 {
                "--config".to_owned()
            } else {
                format!("--config #{}", i + 1)
            };
            let raw = parse_text(&name, text, false)?.unwrap_or_default();
            inline.push((text.clone(), raw));
        }
        let mut resolver = Resolver {
            isolated,
            explicit: None,
            overrides,
            inline,
            cache: HashMap::new(),
            defaults: Arc::new(Settings::defaults(absolute(Path::new(".")))),
        };
        resolver.defaults =
            Arc::new(resolver.finish(Settings::defaults(absolute(Path::new("."))))?);
        if let (Some(path), false) = (config_file, isolated) {
            let settings = load_file(path)?.ok_or_else(|| ConfigError {
                origin: path.display().to_string(),
                line: 0,
                column: 0,
                message: "no `[tool.schemalint]` table in this pyproject.toml".to_owned(),
            })?;
            resolver.explicit = Some(Arc::new(resolver.finish(settings)?));
        }
        Ok(resolver)
    }

    /// Applies `--config key=value` and the CLI flags over file settings.
    fn finish(&self, mut settings: Settings) -> Result<Settings, ConfigError> {
        for (i, (text, raw)) in self.inline.iter().enumerate() {
            let name = if self.inline.len() == 1 {
                "--config".to_owned()
            } else {
                format!("--config #{}", i + 1)
            };
            settings = resolve(raw, settings, &name, text)?;
        }
        if let Some(select) = &self.overrides.select {
            settings.select = Some(select.clone());
        }
        settings
            .ignore
            .extend(self.overrides.ignore.iter().cloned());
        if let Some(f) = self.overrides.fail_on {
            settings.fail_on = Some(f);
        }
        if let Some(p) = &self.overrides.profiles {
            settings.profiles = Some(p.clone());
        }
        Ok(settings)
    }

    /// The settings for a file (or, for a directory being walked, for its entries).
    pub fn settings_for(&mut self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(s) = &self.explicit {
            return Ok(s.clone());
        }
        if self.isolated {
            return Ok(self.defaults.clone());
        }
        let abs = absolute(path);
        let start = if abs.is_dir() {
            abs.as_path()
        } else {
            abs.parent().unwrap_or(&abs)
        };
        let mut visited = Vec::new();
        let mut found = None;
        for dir in start.ancestors() {
            if let Some(cached) = self.cache.get(dir) {
                found = cached.clone();
                break;
            }
            visited.push(dir.to_path_buf());
            let mut hit = None;
            for name in FILE_NAMES {
                let candidate = dir.join(name);
                if candidate.is_file() {
                    if let Some(settings) = load_file(&candidate)? {
                        hit = Some(Arc::new(self.finish(settings)?));
                        break;
                    }
                }
            }
            if hit.is_some() {
                found = hit;
                break;
            }
        }
        for dir in visited {
            self.cache.insert(dir, found.clone());
        }
        Ok(found.unwrap_or_else(|| self.defaults.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(text: &str) -> Result<Settings, ConfigError> {
        let raw = parse_text("t.toml", text, false)?.unwrap_or_default();
        resolve(
            &raw,
            Settings::defaults(PathBuf::from("/r")),
            "t.toml",
            text,
        )
    }

    #[test]
    fn unknown_key_names_position_and_valid_keys() {
        let e = settings("select = [\"strict\"]\nfial-on = \"error\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e}");
        assert!(
            e.message.contains("fial-on") && e.message.contains("fail-on"),
            "{e}"
        );
    }

    #[test]
    fn unknown_rule_and_bad_severity_are_located() {
        let e = settings("ignore = [\"strict/nope\"]").unwrap_err();
        assert_eq!((e.line, e.column), (1, 11), "{e}");
        assert!(e.message.contains("strict/required"), "{e}");
        let e = settings("[severity]\n\"strict\" = \"loud\"").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("error, warning, info, off"), "{e}");
    }

    #[test]
    fn pointer_scoped_ignore_covers_the_subtree_only() {
        let s = settings("[per-file-ignores]\n\"legacy/*.json#/properties/meta\" = [\"strict\"]\n")
            .unwrap();
        let d = |p: &str| {
            schemalint_diagnostics::Diagnostic::new("strict/required", Severity::Error, "m")
                .with_pointer(p)
        };
        let mut r = FileReport::new("x", None);
        r.diagnostics = vec![
            d("/properties/meta"),
            d("/properties/meta/properties/a"),
            d("/properties/metadata"),
            d(""),
        ];
        s.apply(&mut r, "legacy/a.json");
        let left: Vec<_> = r.diagnostics.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(left, ["/properties/metadata", ""]);
        let mut r2 = FileReport::new("x", None);
        r2.diagnostics = vec![d("/properties/meta")];
        s.apply(&mut r2, "legacy/sub/a.json");
        assert_eq!(r2.diagnostics.len(), 1, "`*` does not cross `/`");
    }

    #[test]
    fn rule_severity_beats_category_severity() {
        let s = settings("[severity]\n\"strict\" = \"off\"\n\"strict/required\" = \"warning\"\n")
            .unwrap();
        let mut r = FileReport::new("x", None);
        r.diagnostics = vec![
            schemalint_diagnostics::Diagnostic::new("strict/required", Severity::Error, "m"),
            schemalint_diagnostics::Diagnostic::new(
                "strict/additional-properties",
                Severity::Error,
                "m",
            ),
        ];
        s.apply(&mut r, "a.json");
        assert_eq!(r.diagnostics.len(), 1);
        assert_eq!(r.diagnostics[0].severity, Severity::Warning);
    }

    #[test]
    fn pyproject_without_table_is_skipped_and_with_table_is_located() {
        assert!(parse_text("pyproject.toml", "[tool.black]\nx = 1\n", true)
            .unwrap()
            .is_none());
        let e = parse_text(
            "pyproject.toml",
            "[project]\nname = \"x\"\n[tool.schemalint]\nselect = 3\n",
            true,
        )
        .unwrap_err();
        assert_eq!(e.line, 4, "{e}");
    }
}
