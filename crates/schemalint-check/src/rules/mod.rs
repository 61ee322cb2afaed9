//! The rule registry. One rule, one file: its id, default severity, summary and docs
//! (what it does, why, a failing and a fixed example, sources) live next to its check.
//!
//! `docs/rules.md` and `schemalint rule <id>` are generated from these docs, and from the
//! rule's [`RuleFix`] when it has one (whether, when and how safely it is fixed, with a
//! before/after example per case that `tests/fix_docs.rs` runs through the fixer).

use schemalint_diagnostics::{Applicability, RuleInfo, Severity};

use crate::engine::{Cx, Sub};

/// Declares a rule's metadata; the doc comments become its documentation. A rule that
/// attaches fixes says so with `fix: RuleFix { .. }` (see [`RuleFix`]).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub(crate) static $name:ident = {
            id: $id:literal,
            severity: $severity:ident,
            summary: $summary:literal
            $(, fix: $fix:expr)? $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub(crate) static $name: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            default_severity: schemalint_diagnostics::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            fix: $crate::rules::declared_fix(&[$($fix)?]),
        };
    };
}

/// The optional `fix:` of [`declare_rule!`] (a macro cannot default an optional field).
pub(crate) const fn declared_fix(fix: &'static [RuleFix]) -> Option<&'static RuleFix> {
    match fix {
        [] => None,
        [one, ..] => Some(one),
    }
}

/// How often a rule's findings carry a fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Every finding of the rule has a fix.
    Always,
    /// Some findings have one; [`RuleFix::unavailable`] says which do not.
    Sometimes,
}

impl FixAvailability {
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::Always => "always",
            FixAvailability::Sometimes => "sometimes",
        }
    }
}

/// A rule's fix documentation: when its findings are fixed, and each case of the fix with
/// its applicability and a before/after example. The examples are checked: the fixer,
/// with only this rule's fixes, must turn `before` into `after` for every profile listed.
#[derive(Debug)]
pub struct RuleFix {
    pub availability: FixAvailability,
    /// When there is no fix (required with [`FixAvailability::Sometimes`]), e.g. "when
    /// `const`/`enum` do not determine one type".
    pub unavailable: &'static str,
    pub cases: &'static [FixCase],
}

/// One case of a rule's fix.
#[derive(Debug)]
pub struct FixCase {
    /// Which findings this case fixes, e.g. "`additionalProperties` is missing".
    pub when: &'static str,
    pub applicability: Applicability,
    /// The profiles the case (and its example) is for; empty: every built-in profile that
    /// runs the rule. List them when the fix differs between providers.
    pub profiles: &'static [&'static str],
    /// What the fix writes, and why it is safe or what it changes for the model.
    pub effect: &'static str,
    /// A schema with the finding (JSON text)…
    pub before: &'static str,
    /// …and the same schema after the fix, exactly as the fixer writes it.
    pub after: &'static str,
}

impl RuleFix {
    /// The applicabilities of the cases, safe first, once each.
    pub fn applicabilities(&self) -> Vec<Applicability> {
        let mut list: Vec<Applicability> = self.cases.iter().map(|c| c.applicability).collect();
        list.sort();
        list.dedup();
        list
    }

    /// One line: how often, and with which flags (`sometimes available (safe: `--fix`)`).
    pub fn availability_line(&self) -> String {
        let flags: Vec<String> = self
            .applicabilities()
            .iter()
            .map(|a| format!("{a}: `{}`", a.flags()))
            .collect();
        format!(
            "{} available ({})",
            self.availability.as_str(),
            flags.join("; ")
        )
    }

    /// The fix documentation as Markdown, headed `## Fix`.
    pub fn markdown(&self) -> String {
        let mut out = format!("## Fix\n\n**Fix:** {}.", self.availability_line());
        if !self.unavailable.is_empty() {
            out.push_str(&format!(" No fix {}.", self.unavailable));
        }
        out.push('\n');
        for case in self.cases {
            let profiles = if case.profiles.is_empty() {
                String::new()
            } else {
                let ids: Vec<String> = case.profiles.iter().map(|p| format!("`{p}`")).collect();
                format!(" ({})", ids.join(", "))
            };
            out.push_str(&format!(
                "\n**{}**{profiles}, when {}: {}\n\n```json\n{}\n```\n\nbecomes\n\n```json\n{}\n```\n",
                capitalized(case.applicability.as_str()),
                case.when,
                case.effect,
                case.before.trim_end(),
                case.after.trim_end()
            ));
        }
        out
    }
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

pub(crate) mod envelope;
pub(crate) mod json;
pub(crate) mod keyword;
pub(crate) mod limit;
pub(crate) mod refs;
pub(crate) mod request;
pub(crate) mod schema;
pub(crate) mod strict;

/// Static facts about a rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// Namespaced kebab-case id, stable forever once shipped.
    pub id: &'static str,
    /// The severity when a profile does not say otherwise (docs and SARIF default level).
    pub default_severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// Markdown, from the rule's doc comments.
    pub docs: &'static str,
    /// Whether and how the rule's findings are fixed (`None`: never).
    pub fix: Option<&'static RuleFix>,
}

impl RuleMeta {
    /// The namespace: `strict` for `strict/required`.
    pub fn category(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(c, _)| c)
    }

    /// The docs with the one leading space of each doc-comment line removed, followed by
    /// the fix documentation when the rule has a fix.
    pub fn markdown(&self) -> String {
        let mut md = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned();
        if let Some(fix) = self.fix {
            md.push_str("\n\n");
            md.push_str(fix.markdown().trim_end());
        }
        md
    }

    /// How the rule is fixed, in a few words: `safe`, `unsafe`, `safe, unsafe`, or `""`.
    pub fn fix_summary(&self) -> String {
        self.fix.map_or_else(String::new, |f| {
            let list: Vec<&str> = f.applicabilities().iter().map(|a| a.as_str()).collect();
            list.join(", ")
        })
    }

    /// Where the rule's documentation is published.
    pub fn url(&self) -> String {
        format!("{DOCS_URL}#{}", self.id.replace('/', ""))
    }

    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            id: self.id.into(),
            summary: self.summary.into(),
            docs: self.markdown().into(),
            default_severity: self.default_severity,
            url: Some(self.url()),
        }
    }
}

/// The published rule reference (generated from the rules' docs).
pub const DOCS_URL: &str = "https://github.com/schemalint/schemalint/blob/main/docs/rules.md";

/// Every rule, in documentation order.
pub static ALL: &[&RuleMeta] = &[
    &json::invalid_json::RULE,
    &json::invalid_encoding::RULE,
    &json::too_deep::RULE,
    &json::duplicate_key::RULE,
    &envelope::invalid_name::RULE,
    &strict::root_type::RULE,
    &strict::root_combinator::RULE,
    &strict::additional_properties::RULE,
    &strict::properties::RULE,
    &strict::required::RULE,
    &strict::missing_type::RULE,
    &strict::array_items::RULE,
    &strict::empty_properties::RULE,
    &refs::external::RULE,
    &refs::unresolved::RULE,
    &refs::unsupported_target::RULE,
    &refs::siblings::RULE,
    &refs::recursion::RULE,
    &keyword::unsupported::RULE,
    &keyword::ignored::RULE,
    &keyword::unsupported_value::RULE,
    &keyword::unsupported_type::RULE,
    &keyword::wrong_type::RULE,
    &keyword::default_value::RULE,
    &keyword::unknown::RULE,
    &keyword::root_only::RULE,
    &keyword::unsupported_format::RULE,
    &keyword::invalid_pattern::RULE,
    &keyword::pattern_dialect::RULE,
    &keyword::pattern_feature::RULE,
    &keyword::empty_enum::RULE,
    &keyword::enum_type::RULE,
    &keyword::enum_type_union::RULE,
    &keyword::complex_enum::RULE,
    &keyword::allof_ref::RULE,
    &keyword::property_ordering::RULE,
    &schema::invalid_value::RULE,
    &limit::total_properties::RULE,
    &limit::nesting_depth::RULE,
    &limit::string_length::RULE,
    &limit::enum_values::RULE,
    &limit::large_enum::RULE,
    &limit::description_length::RULE,
    &limit::strict_tools::RULE,
    &limit::optional_parameters::RULE,
    &limit::union_parameters::RULE,
    &request::malformed::RULE,
    &request::misplaced_field::RULE,
    &request::json_object_without_json::RULE,
    &request::thinking_json_format::RULE,
    &request::output_token_cap::RULE,
    &request::parallel_tool_calls::RULE,
    &request::strict_absent::RULE,
    &request::model_json_schema::RULE,
    &request::gemini_schema_conflict::RULE,
    &request::response_mime_type::RULE,
    &request::assistant_prefill::RULE,
    &request::citations_json_format::RULE,
];

/// Checks run on every subschema, in this order.
pub(crate) static NODE_CHECKS: &[fn(&mut Cx<'_>, &Sub<'_>)] = &[
    strict::root_type::check,
    strict::root_combinator::check,
    keyword::check_keywords,
    schema::invalid_value::check,
    strict::missing_type::check,
    strict::additional_properties::check,
    strict::properties::check,
    strict::required::check,
    strict::array_items::check,
    strict::empty_properties::check,
    keyword::unsupported_type::check,
    refs::check,
    keyword::unsupported_format::check,
    keyword::invalid_pattern::check,
    keyword::pattern_dialect::check,
    keyword::pattern_feature::check,
    keyword::empty_enum::check,
    keyword::enum_type::check,
    keyword::enum_type_union::check,
    keyword::complex_enum::check,
    keyword::allof_ref::check,
    keyword::property_ordering::check,
    limit::large_enum::check,
];

/// A rule by id.
pub fn find(id: &str) -> Option<&'static RuleMeta> {
    ALL.iter().copied().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_namespaced_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for rule in ALL {
            assert!(seen.insert(rule.id), "duplicate id {}", rule.id);
            let (ns, name) = rule.id.split_once('/').expect("namespaced");
            for part in [ns, name] {
                assert!(
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                    "{}",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn every_rule_documents_what_why_example_and_source() {
        for rule in ALL {
            let md = rule.markdown();
            for heading in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Use instead",
                "## Sources",
            ] {
                assert!(md.contains(heading), "{} lacks `{heading}`", rule.id);
            }
        }
    }

    #[test]
    fn every_profile_rule_exists() {
        for profile in crate::profile::builtins() {
            for id in profile.rules.keys() {
                assert!(
                    find(id).is_some(),
                    "profile {} names unknown rule {id}",
                    profile.id
                );
            }
            for key in profile.messages.rules.keys() {
                let id = key.split(['@', ':']).next().unwrap_or_default();
                assert!(
                    find(id).is_some(),
                    "profile {} has a message for unknown rule {id}",
                    profile.id
                );
            }
        }
    }
}
