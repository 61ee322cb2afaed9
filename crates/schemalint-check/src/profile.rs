//! Provider profiles: data, not code.
//!
//! A profile is a TOML file under `profiles/` (embedded at build time): which rules
//! run and how severe they are, which keywords and formats the provider accepts, its
//! limits, and how it words its rejections, with a source for every entry. Rules ask
//! the profile; no rule matches on a provider's name.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use crate::rules::keyword::{keyword_id, KeywordId, JSON_SCHEMA_KEYWORDS};

use schemalint_diagnostics::Severity;
use serde::Deserialize;

/// The profiles shipped with schemalint, by id, in listing order. Adding a provider or
/// a dated revision is adding a TOML file here (and fixtures), not engine code.
const BUILTIN: &[(&str, &str)] = &[
    ("openai", include_str!("../profiles/openai.toml")),
    (
        "openai-2024-08",
        include_str!("../profiles/openai-2024-08.toml"),
    ),
    (
        "openai-finetuned",
        include_str!("../profiles/openai-finetuned.toml"),
    ),
    ("azure", include_str!("../profiles/azure.toml")),
    ("dashscope", include_str!("../profiles/dashscope.toml")),
    ("anthropic", include_str!("../profiles/anthropic.toml")),
    ("gemini", include_str!("../profiles/gemini.toml")),
    (
        "gemini-openapi",
        include_str!("../profiles/gemini-openapi.toml"),
    ),
    ("bedrock", include_str!("../profiles/bedrock.toml")),
    ("xai", include_str!("../profiles/xai.toml")),
    (
        "vllm-xgrammar",
        include_str!("../profiles/vllm-xgrammar.toml"),
    ),
];

/// A profile's map from names (rule ids, keywords) to settings: read like the sorted
/// `BTreeMap` it derefs to, but [`Table::get`] hashes. The linter looks up every key
/// of every subschema here, and a tree search of string keys was 6 % of linting a
/// large schema. There is no way to mutate it, so the index cannot go stale.
#[derive(Debug, Clone)]
pub struct Table<V> {
    entries: BTreeMap<String, V>,
    index: std::collections::HashMap<String, usize, crate::hash::BuildFx>,
    /// The values in `entries` order, for `index`.
    values: Vec<V>,
    /// For each JSON Schema keyword (by [`KeywordId`]), the index of its value.
    by_keyword: Vec<Option<u32>>,
}

impl<V: Clone> From<BTreeMap<String, V>> for Table<V> {
    fn from(entries: BTreeMap<String, V>) -> Self {
        let index = entries
            .keys()
            .enumerate()
            .map(|(i, k)| (k.clone(), i))
            .collect();
        let values = entries.values().cloned().collect();
        let mut by_keyword = vec![None; JSON_SCHEMA_KEYWORDS.len()];
        for (i, name) in entries.keys().enumerate() {
            if let Some(id) = keyword_id(name) {
                by_keyword[id.index()] = u32::try_from(i).ok();
            }
        }
        Self {
            entries,
            index,
            values,
            by_keyword,
        }
    }
}

impl<V: Clone> Default for Table<V> {
    fn default() -> Self {
        BTreeMap::new().into()
    }
}

impl<V> Table<V> {
    pub fn get(&self, name: &str) -> Option<&V> {
        self.index.get(name).map(|&i| &self.values[i])
    }

    /// The value for a JSON Schema keyword, without hashing its name again.
    pub(crate) fn get_by_keyword(&self, id: KeywordId) -> Option<&V> {
        let i = (*self.by_keyword.get(id.index())?)?;
        self.values.get(i as usize)
    }
}

impl<V> std::ops::Deref for Table<V> {
    type Target = BTreeMap<String, V>;

    fn deref(&self) -> &BTreeMap<String, V> {
        &self.entries
    }
}

impl<'a, V> IntoIterator for &'a Table<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, String, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<'de, V: Deserialize<'de> + Clone> Deserialize<'de> for Table<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(deserializer).map(Table::from)
    }
}

/// A provider profile, as loaded from its TOML definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    /// The profile this one was derived from (its entries were merged under this one's).
    #[serde(default)]
    pub extends: Option<String>,
    pub provider: String,
    pub title: String,
    /// Date (YYYY-MM or YYYY-MM-DD) of the documentation this profile encodes.
    pub documented: String,
    pub source: String,
    #[serde(default)]
    pub surfaces: Vec<String>,
    /// Caveats about this profile's evidence, shown by `schemalint profile show`.
    #[serde(default)]
    pub notes: Vec<String>,
    /// Type names the provider accepts in `type` (spellings included: `STRING` for
    /// Gemini's OpenAPI subset).
    pub types: Vec<String>,
    /// Whether `type` may be an array (`["string", "null"]`).
    #[serde(default = "yes")]
    pub type_arrays: bool,
    #[serde(default)]
    pub messages: Messages,
    #[serde(default)]
    pub rules: Table<RuleSetting>,
    #[serde(default)]
    pub limits: Limits,
    pub formats: Formats,
    #[serde(default)]
    pub keywords: Table<KeywordSetting>,
    pub unlisted_keywords: UnlistedKeywords,
    /// Regular-expression features `pattern` may not use.
    #[serde(default)]
    pub patterns: Option<PatternPolicy>,
    /// Model lists for request-level rules.
    #[serde(default)]
    pub models: Models,
    /// How to recognise requests meant for this provider (profile inference).
    #[serde(default)]
    pub detect: Detect,
    /// The rules that still apply to a schema sent without strict mode (`strict: false`,
    /// or no `strict` where the API's default is non-strict). Without this table every
    /// rule applies either way.
    #[serde(default)]
    pub non_strict: Option<NonStrict>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonStrict {
    pub rules: Vec<String>,
    pub evidence: Evidence,
    pub source: String,
}

fn yes() -> bool {
    true
}

/// A regular-expression feature a provider's grammar compiler cannot handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternFeature {
    /// `\1`, `\k<name>`.
    Backreferences,
    /// `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    Lookaround,
    /// `\b`, `\B`.
    WordBoundary,
    /// `\p{…}`, `\P{…}`.
    UnicodeProperty,
}

impl PatternFeature {
    /// The profile's spelling (`word-boundary`).
    pub fn id(self) -> &'static str {
        match self {
            PatternFeature::Backreferences => "backreferences",
            PatternFeature::Lookaround => "lookaround",
            PatternFeature::WordBoundary => "word-boundary",
            PatternFeature::UnicodeProperty => "unicode-property",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            PatternFeature::Backreferences => "backreferences (`\\1`, `\\k<name>`)",
            PatternFeature::Lookaround => "lookaround (`(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`)",
            PatternFeature::WordBoundary => "word boundaries (`\\b`, `\\B`)",
            PatternFeature::UnicodeProperty => "Unicode property escapes (`\\p{…}`, `\\P{…}`)",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternPolicy {
    #[serde(default)]
    pub forbid: Vec<PatternFeature>,
    /// Features the provider accepts but drops from the constraint (xgrammar ignores
    /// lookaround): reported by `keyword/ignored`.
    #[serde(default)]
    pub ignore: Vec<PatternFeature>,
    /// The regular-expression dialect the provider compiles `pattern` with (default
    /// ECMA-262, as JSON Schema specifies).
    #[serde(default)]
    pub dialect: PatternDialect,
    pub evidence: Evidence,
    pub source: String,
}

/// A provider's regular-expression dialect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PatternDialect {
    /// ECMA-262, as JSON Schema specifies.
    #[default]
    Ecma262,
    /// Python's `re` (OpenAI checks `pattern` with it: `'…' is not a 'regex'`).
    PythonRe,
}

impl PatternDialect {
    pub fn describe(self) -> &'static str {
        match self {
            PatternDialect::Ecma262 => "ECMA-262",
            PatternDialect::PythonRe => "Python `re`",
        }
    }
}

/// Model names, as patterns: `*` matches any run of characters, and `{date<YYYY-MM-DD}`
/// / `{date>=YYYY-MM-DD}` match a snapshot date before / on or after the given one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Models {
    /// Models known not to support `json_schema` response formats.
    #[serde(default)]
    pub json_schema_unsupported: Vec<String>,
    /// Models that do support a JSON response format while thinking is enabled.
    #[serde(default)]
    pub thinking_json: Vec<String>,
    #[serde(default)]
    pub evidence: Option<Evidence>,
    #[serde(default)]
    pub source: String,
}

impl Models {
    /// The first `json_schema_unsupported` pattern matching `model`.
    pub fn json_schema_unsupported(&self, model: &str) -> Option<&str> {
        self.json_schema_unsupported
            .iter()
            .map(String::as_str)
            .find(|p| model_matches(p, model))
    }

    pub fn thinking_json(&self, model: &str) -> bool {
        self.thinking_json.iter().any(|p| model_matches(p, model))
    }
}

/// The request shapes (APIs) and models that point at this profile.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detect {
    /// API shapes: `chat-completions`, `responses`, `dashscope-native`,
    /// `anthropic-messages`, `gemini-response-schema`, `gemini-response-json-schema`.
    #[serde(default)]
    pub apis: Vec<String>,
    /// Model patterns (see [`Models`]); the longest matching pattern wins.
    #[serde(default)]
    pub models: Vec<String>,
    /// Chosen for these APIs when no profile's model pattern matches.
    #[serde(default)]
    pub default_for: Vec<String>,
}

/// Matches a model name against a pattern (`*` wildcards, `{date<…}`/`{date>=…}`).
pub fn model_matches(pattern: &str, model: &str) -> bool {
    fn go(p: &str, m: &str) -> bool {
        if let Some(rest) = p.strip_prefix('*') {
            return (0..=m.len()).any(|i| m.is_char_boundary(i) && go(rest, &m[i..]));
        }
        if let Some(rest) = p.strip_prefix("{date") {
            let Some(end) = rest.find('}') else {
                return false;
            };
            let cond = &rest[..end];
            let after = &rest[end + 1..];
            let Some(date) = m.get(..10).filter(|d| is_date(d)) else {
                return false;
            };
            let ok = if let Some(bound) = cond.strip_prefix(">=") {
                date >= bound
            } else if let Some(bound) = cond.strip_prefix('<') {
                date < bound
            } else {
                false
            };
            return ok && go(after, &m[10..]);
        }
        match (p.chars().next(), m.chars().next()) {
            (None, None) => true,
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(&b) => {
                go(&p[a.len_utf8()..], &m[b.len_utf8()..])
            }
            _ => false,
        }
    }
    go(pattern, model)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// How the provider words its rejections. Templates use `{placeholders}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    /// Prefix for schemas sent as a response format; `{name}` is the schema name.
    pub response_format: Option<String>,
    /// Prefix for function parameters; `{name}` is the function name.
    pub function: Option<String>,
    /// Per rule id: the provider's message; `{prefix}` and `{context}` are filled by the engine.
    #[serde(default)]
    pub rules: BTreeMap<String, String>,
    /// `false` in a derived profile whose provider words its errors differently: the
    /// base's messages are dropped instead of merged (Bedrock extends Anthropic's subset,
    /// not its wording).
    #[serde(default)]
    pub inherit: Option<bool>,
}

/// Which kind of evidence an entry rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Evidence {
    /// The provider's documentation says so.
    Documented,
    /// The API is known to behave so (public error reports), the docs are silent.
    Observed,
    /// An official SDK's validator enforces it.
    Sdk,
    /// Derived from the docs without direct evidence.
    Inferred,
}

impl Evidence {
    pub fn describe(self) -> &'static str {
        match self {
            Evidence::Documented => "documented by the provider",
            Evidence::Observed => {
                "observed: the API rejects it although the documentation is silent"
            }
            Evidence::Sdk => "enforced by an official SDK's validator",
            Evidence::Inferred => "inferred: not in the provider's documented subset",
        }
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Evidence::Documented => "documented",
            Evidence::Observed => "observed",
            Evidence::Sdk => "sdk",
            Evidence::Inferred => "inferred",
        })
    }
}

/// `error`, `warning`, `info` or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Info,
    Off,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "info",
            Level::Off => "off",
        }
    }

    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// A rule's setting in a profile. Rules a profile does not list do not run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSetting {
    pub severity: Level,
    pub evidence: Evidence,
    pub source: String,
}

/// Numeric limits; `None` means the provider states no such limit.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub total_properties: Option<usize>,
    pub nesting_depth: Option<usize>,
    /// False when the provider publishes no depth limit and `nesting_depth` is only
    /// schemalint's threshold for a "may be rejected" finding (Gemini).
    #[serde(default = "yes")]
    pub nesting_depth_published: bool,
    pub string_length: Option<usize>,
    pub enum_values: Option<usize>,
    /// A string enum with more values than this is held to `large_enum_length`.
    pub large_enum_values: Option<usize>,
    pub large_enum_length: Option<usize>,
    /// Request-wide: strict tools per request.
    pub strict_tools: Option<usize>,
    /// Request-wide: properties not listed in `required`, across all strict schemas.
    pub optional_parameters: Option<usize>,
    /// Request-wide: subschemas with a union type (`type` array or `anyOf`), across all
    /// strict schemas.
    pub union_parameters: Option<usize>,
    /// Longest schema or function name (`envelope/invalid-name`); 64 when unset.
    pub name_length: Option<usize>,
    /// Longest function tool `description` (`limit/description-length`).
    pub description_length: Option<usize>,
    /// How the provider counts (depth, properties, string budget), when it matters.
    pub convention: Option<String>,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formats {
    pub allowed: Vec<String>,
    pub source: String,
    /// What the provider does with a format not in `allowed`: without this table it
    /// rejects it (`keyword/unsupported-format`); with `status = "ignored"` it accepts it
    /// and does not enforce it (`keyword/ignored`).
    #[serde(default)]
    pub unlisted: Option<UnlistedFormats>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlistedFormats {
    pub status: KeywordStatus,
    pub evidence: Evidence,
    pub source: String,
}

/// How a keyword may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeywordStatus {
    /// Supported where its type makes sense.
    Allowed,
    /// Carries no constraint; fine anywhere.
    Annotation,
    /// Fine at the schema root only.
    RootOnly,
    /// Rejected (or not honoured) by the provider.
    Unsupported,
    /// Accepted but silently dropped: the output is not held to it (`keyword/ignored`).
    Ignored,
}

impl KeywordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeywordStatus::Allowed => "allowed",
            KeywordStatus::Annotation => "annotation",
            KeywordStatus::RootOnly => "root-only",
            KeywordStatus::Unsupported => "unsupported",
            KeywordStatus::Ignored => "ignored",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeywordSetting {
    pub status: KeywordStatus,
    pub evidence: Evidence,
    pub source: String,
    /// Overrides the reporting rule's severity for this keyword.
    pub severity: Option<Level>,
    /// Reports under this rule instead of `keyword/unsupported`.
    pub rule: Option<String>,
    /// A keyword-specific fix.
    pub help: Option<String>,
    /// The only values the provider accepts for this keyword (`minItems`: `[0, 1]`).
    pub values: Option<Vec<serde_json::Value>>,
    /// The JSON types every item of this keyword's array value must have (Gemini's
    /// `Schema.enum` is `repeated string`: `["string"]`); others are
    /// `keyword/unsupported-value`.
    pub item_types: Option<Vec<String>>,
    /// The types this keyword applies to (`pattern`: `["string"]`); unset means any.
    pub applies_to: Option<Vec<String>>,
    /// Keywords that must sit next to this one for the provider to enforce it; without
    /// them it is ignored (`keyword/ignored`; Gemini: `enum` without `type`).
    pub requires: Option<Vec<String>>,
    /// Keywords next to which this one is ignored (xgrammar drops `maxLength` next to
    /// `pattern` or `format`): `keyword/ignored`.
    pub ignored_with: Option<Vec<String>>,
    /// The largest value the provider enforces (for an array value, the most
    /// subschemas): past it the keyword is accepted but not enforced (xAI: `maxLength`
    /// up to 2,048, `allOf` with one subschema), `keyword/ignored`.
    pub enforced_up_to: Option<f64>,
}

/// Policy for JSON Schema keywords the keyword table does not list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlistedKeywords {
    /// `unsupported` (the default: reported by `keyword/unsupported`) or `ignored`
    /// (accepted and dropped: `keyword/ignored`).
    #[serde(default)]
    pub status: Option<KeywordStatus>,
    pub severity: Level,
    pub evidence: Evidence,
    pub source: String,
}

/// Why a profile could not be found or loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError(pub String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProfileError {}

impl Profile {
    /// Parses a profile definition (TOML text). A definition with `extends = "<id>"` is
    /// merged over that built-in profile first (see [`merge`]).
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        let table = resolve_table(text, 0)?;
        Profile::deserialize(table).map_err(|e| ProfileError(e.to_string()))
    }

    /// A built-in profile by id.
    pub fn builtin(id: &str) -> Result<&'static Profile, ProfileError> {
        builtins().iter().find(|p| p.id == id).ok_or_else(|| {
            ProfileError(format!(
                "unknown profile `{id}` (available: {})",
                builtins()
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
    }

    /// The severity this profile gives `rule`, or `None` when the rule does not run.
    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.rules.get(rule)?.severity.severity()
    }

    pub fn keyword(&self, name: &str) -> Option<&KeywordSetting> {
        self.keywords.get(name)
    }

    pub fn allows_format(&self, format: &str) -> bool {
        self.formats.allowed.iter().any(|f| f == format)
    }

    pub fn allows_type(&self, name: &str) -> bool {
        self.types.iter().any(|t| t == name)
    }

    /// Whether this profile runs `rule` at all.
    pub fn runs(&self, rule: &str) -> bool {
        self.severity(rule).is_some()
    }

    /// The profile's definition as JSON (for `schemalint profile show --format json`).
    pub fn to_json(&self) -> serde_json::Value {
        let rules: serde_json::Map<String, serde_json::Value> = self
            .rules
            .iter()
            .map(|(id, r)| {
                (
                    id.clone(),
                    serde_json::json!({"severity": r.severity.as_str(), "evidence": r.evidence.to_string(), "source": r.source}),
                )
            })
            .collect();
        let keywords: serde_json::Map<String, serde_json::Value> = self
            .keywords
            .iter()
            .map(|(k, s)| {
                let mut v = serde_json::json!({"status": s.status.as_str(), "evidence": s.evidence.to_string(), "source": s.source});
                if let Some(level) = s.severity {
                    v["severity"] = level.as_str().into();
                }
                if let Some(values) = &s.values {
                    v["values"] = values.clone().into();
                }
                if let Some(types) = &s.applies_to {
                    v["applies_to"] = types.clone().into();
                }
                if let Some(needs) = &s.requires {
                    v["requires"] = needs.clone().into();
                }
                if let Some(beside) = &s.ignored_with {
                    v["ignored_with"] = beside.clone().into();
                }
                if let Some(types) = &s.item_types {
                    v["item_types"] = types.clone().into();
                }
                if let Some(limit) = s.enforced_up_to {
                    v["enforced_up_to"] = limit.into();
                }
                (k.clone(), v)
            })
            .collect();
        let l = &self.limits;
        serde_json::json!({
            "id": self.id,
            "extends": self.extends,
            "provider": self.provider,
            "title": self.title,
            "documented": self.documented,
            "source": self.source,
            "notes": self.notes,
            "surfaces": self.surfaces,
            "types": self.types,
            "type_arrays": self.type_arrays,
            "rules": rules,
            "keywords": keywords,
            "unlisted_keywords": {"status": self.unlisted_keywords.status.unwrap_or(KeywordStatus::Unsupported).as_str(), "severity": self.unlisted_keywords.severity.as_str(), "evidence": self.unlisted_keywords.evidence.to_string(), "source": self.unlisted_keywords.source},
            "formats": {
                "allowed": self.formats.allowed,
                "source": self.formats.source,
                "unlisted": self.formats.unlisted.as_ref().map(|u| serde_json::json!({"status": u.status.as_str(), "evidence": u.evidence.to_string(), "source": u.source})),
            },
            "limits": {
                "total_properties": l.total_properties,
                "nesting_depth": l.nesting_depth,
                "nesting_depth_published": l.nesting_depth_published,
                "string_length": l.string_length,
                "enum_values": l.enum_values,
                "large_enum_values": l.large_enum_values,
                "large_enum_length": l.large_enum_length,
                "strict_tools": l.strict_tools,
                "optional_parameters": l.optional_parameters,
                "union_parameters": l.union_parameters,
                "name_length": l.name_length,
                "description_length": l.description_length,
                "convention": l.convention,
                "source": l.source,
            },
            "patterns": self.patterns.as_ref().map(|p| serde_json::json!({
                "forbid": p.forbid.iter().map(|f| f.id()).collect::<Vec<_>>(),
                "ignore": p.ignore.iter().map(|f| f.id()).collect::<Vec<_>>(),
                "dialect": p.dialect.describe(),
                "evidence": p.evidence.to_string(),
                "source": p.source,
            })),
            "models": {
                "json_schema_unsupported": self.models.json_schema_unsupported,
                "thinking_json": self.models.thinking_json,
                "evidence": self.models.evidence.map(|e| e.to_string()),
                "source": self.models.source,
            },
            "detect": {"apis": self.detect.apis, "models": self.detect.models, "default_for": self.detect.default_for},
            "non_strict": self.non_strict.as_ref().map(|n| serde_json::json!({"rules": n.rules, "evidence": n.evidence.to_string(), "source": n.source})),
        })
    }
}

/// The TOML table of a definition with its `extends` chain merged in.
fn resolve_table(text: &str, depth: usize) -> Result<toml::Table, ProfileError> {
    let table: toml::Table = toml::from_str(text).map_err(|e| ProfileError(e.to_string()))?;
    let Some(base_id) = table.get("extends").and_then(|v| v.as_str()) else {
        return Ok(table);
    };
    if depth > 8 {
        return Err(ProfileError(format!(
            "`extends` chain too long at `{base_id}`"
        )));
    }
    let (_, base_text) = BUILTIN
        .iter()
        .find(|(id, _)| *id == base_id)
        .ok_or_else(|| ProfileError(format!("`extends`: unknown profile `{base_id}`")))?;
    let mut base = resolve_table(base_text, depth + 1)?;
    // A derived profile says who it is; it never inherits the base's identity or notes.
    let own_wording = table
        .get("messages")
        .and_then(|m| m.get("inherit"))
        .and_then(toml::Value::as_bool)
        == Some(false);
    if own_wording {
        base.remove("messages");
    }
    for key in [
        "id",
        "title",
        "documented",
        "source",
        "notes",
        "extends",
        "detect",
    ] {
        base.remove(key);
    }
    merge(&mut base, table);
    Ok(base)
}

/// Merges `child` over `base`. Tables merge key by key, except *entries* — tables with a
/// `source`, `status` or `severity` key (a rule, a keyword, the limits) — which the child
/// replaces whole, so an entry never mixes the base's evidence with the child's.
pub fn merge(base: &mut toml::Table, child: toml::Table) {
    for (key, value) in child {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(c)) if !is_entry(&c) => merge(b, c),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

fn is_entry(table: &toml::Table) -> bool {
    ["source", "status", "severity"]
        .iter()
        .any(|k| table.contains_key(*k))
}

/// Every built-in profile, parsed once.
pub fn builtins() -> &'static [Profile] {
    static PROFILES: OnceLock<Vec<Profile>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(id, text)| {
                // Built-in profiles are tested (tests below); a broken one is a build defect.
                Profile::from_toml(text)
                    .unwrap_or_else(|e| panic!("built-in profile {id} is invalid: {e}"))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_parse_and_match_their_ids() {
        for (id, text) in BUILTIN {
            let profile = Profile::from_toml(text).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(&profile.id, id);
        }
    }

    #[test]
    fn every_rule_and_keyword_names_a_source() {
        for profile in builtins() {
            for (rule, setting) in &profile.rules {
                assert!(
                    !setting.source.trim().is_empty(),
                    "{}: rule {rule} has no source",
                    profile.id
                );
            }
            for (kw, setting) in &profile.keywords {
                assert!(
                    !setting.source.trim().is_empty(),
                    "{}: keyword {kw} has no source",
                    profile.id
                );
            }
            assert!(
                !profile.formats.source.is_empty(),
                "{}: formats",
                profile.id
            );
            assert!(
                !profile.source.trim().is_empty(),
                "{}: profile source",
                profile.id
            );
            assert!(
                !profile.documented.trim().is_empty(),
                "{}: date",
                profile.id
            );
            assert!(
                !profile.unlisted_keywords.source.trim().is_empty(),
                "{}: unlisted_keywords",
                profile.id
            );
            let limits = &profile.limits;
            assert!(
                !limits.source.trim().is_empty(),
                "{}: limits have no source",
                profile.id
            );
            if let Some(n) = &profile.non_strict {
                assert!(!n.source.trim().is_empty(), "{}: non_strict", profile.id);
                for id in &n.rules {
                    assert!(
                        crate::rules::find(id).is_some(),
                        "{}: non_strict names unknown rule {id}",
                        profile.id
                    );
                }
            }
            if let Some(p) = &profile.patterns {
                assert!(!p.source.trim().is_empty(), "{}: patterns", profile.id);
            }
            let m = &profile.models;
            if !m.json_schema_unsupported.is_empty() || !m.thinking_json.is_empty() {
                assert!(
                    !m.source.trim().is_empty() && m.evidence.is_some(),
                    "{}: model lists need a source and evidence",
                    profile.id
                );
            }
        }
    }

    #[test]
    fn derived_profiles_override_and_inherit() {
        let old = Profile::builtin("openai-2024-08").unwrap();
        let azure = Profile::builtin("azure").unwrap();
        let current = Profile::builtin("openai").unwrap();
        assert_eq!(old.limits.total_properties, Some(100));
        assert_eq!(current.limits.total_properties, Some(5000));
        assert_eq!(
            old.keyword("pattern").unwrap().status,
            KeywordStatus::Unsupported
        );
        // Inherited from openai through openai-2024-08.
        assert_eq!(
            azure.keyword("oneOf").unwrap().status,
            KeywordStatus::Unsupported
        );
        assert_eq!(
            azure.severity("request/parallel-tool-calls"),
            Some(Severity::Error)
        );
        assert_eq!(
            current.severity("request/parallel-tool-calls"),
            Some(Severity::Warning)
        );
        // Identity and detection are never inherited.
        assert_eq!(azure.id, "azure");
        assert!(azure.detect.apis.is_empty());
        assert_eq!(azure.extends.as_deref(), Some("openai-2024-08"));
    }

    #[test]
    fn model_patterns() {
        assert!(model_matches("gpt-*", "gpt-4o"));
        assert!(!model_matches("gpt-*", "ft:gpt-4o"));
        assert!(model_matches(
            "qwen-plus-{date<2025-07-28}",
            "qwen-plus-2025-01-25"
        ));
        assert!(!model_matches(
            "qwen-plus-{date<2025-07-28}",
            "qwen-plus-2025-07-28"
        ));
        assert!(!model_matches(
            "qwen-plus-{date<2025-07-28}",
            "qwen-plus-latest"
        ));
        assert!(model_matches(
            "gpt-4o-{date<2024-08-06}",
            "gpt-4o-2024-05-13"
        ));
        assert!(!model_matches(
            "gpt-4o-{date<2024-08-06}",
            "gpt-4o-2024-11-20"
        ));
        assert!(model_matches("x-{date>=2025-01-01}", "x-2025-01-01"));
    }

    #[test]
    fn unknown_profile_lists_the_available_ones() {
        let err = Profile::builtin("nope").unwrap_err();
        assert!(err.0.contains("openai"), "{err}");
    }
}
