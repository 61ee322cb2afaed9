//! The rule registry. One rule, one file: its id, default severity, summary and docs
//! (what it does, why, a failing and a fixed example, sources) live next to its check.
//!
//! `docs/rules.md` and `schemalint rule <id>` are generated from these docs.

use schemalint_diagnostics::{RuleInfo, Severity};

use crate::engine::{Cx, Sub};

/// Declares a rule's metadata; the doc comments become its documentation.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub(crate) static $name:ident = {
            id: $id:literal,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub(crate) static $name: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            id: $id,
            default_severity: schemalint_diagnostics::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
        };
    };
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
}

impl RuleMeta {
    /// The namespace: `strict` for `strict/required`.
    pub fn category(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(c, _)| c)
    }

    /// The docs with the one leading space of each doc-comment line removed.
    pub fn markdown(&self) -> String {
        self.docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
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
