//! Provider profiles: data, not code.
//!
//! A profile is a TOML file under `profiles/` (embedded at build time): which rules
//! run and how severe they are, which keywords and formats the provider accepts, its
//! limits, and how it words its rejections, with a source for every entry. Rules ask
//! the profile; no rule matches on a provider's name.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use schemalint_diagnostics::Severity;
use serde::Deserialize;

/// The profiles shipped with schemalint, by id.
const BUILTIN: &[(&str, &str)] = &[("openai", include_str!("../profiles/openai.toml"))];

/// A provider profile, as loaded from its TOML definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub provider: String,
    pub title: String,
    /// Date (YYYY-MM or YYYY-MM-DD) of the documentation this profile encodes.
    pub documented: String,
    pub source: String,
    #[serde(default)]
    pub surfaces: Vec<String>,
    /// Type names the provider accepts in `type`.
    pub types: Vec<String>,
    #[serde(default)]
    pub messages: Messages,
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSetting>,
    #[serde(default)]
    pub limits: Limits,
    pub formats: Formats,
    #[serde(default)]
    pub keywords: BTreeMap<String, KeywordSetting>,
    pub unlisted_keywords: UnlistedKeywords,
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
    pub string_length: Option<usize>,
    pub enum_values: Option<usize>,
    /// A string enum with more values than this is held to `large_enum_length`.
    pub large_enum_values: Option<usize>,
    pub large_enum_length: Option<usize>,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Formats {
    pub allowed: Vec<String>,
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
}

/// Policy for JSON Schema keywords the keyword table does not list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnlistedKeywords {
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
    /// Parses a profile definition (TOML text).
    pub fn from_toml(text: &str) -> Result<Profile, ProfileError> {
        toml::from_str(text).map_err(|e| ProfileError(e.to_string()))
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
            assert!(!profile.formats.source.is_empty());
        }
    }

    #[test]
    fn unknown_profile_lists_the_available_ones() {
        let err = Profile::builtin("nope").unwrap_err();
        assert!(err.0.contains("openai"), "{err}");
    }
}
