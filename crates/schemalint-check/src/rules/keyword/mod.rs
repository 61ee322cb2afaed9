//! Keyword rules: which keywords a profile accepts, and the values of a few of them.
pub(crate) mod allof_ref;
pub(crate) mod complex_enum;
pub(crate) mod default_value;
pub(crate) mod empty_enum;
pub(crate) mod enum_type;
pub(crate) mod enum_type_union;
pub(crate) mod ignored;
pub(crate) mod invalid_pattern;
pub(crate) mod pattern_dialect;
pub(crate) mod pattern_feature;
pub(crate) mod property_ordering;
pub(crate) mod root_only;
pub(crate) mod unknown;
pub(crate) mod unsupported;
pub(crate) mod unsupported_format;
pub(crate) mod unsupported_type;
pub(crate) mod unsupported_value;
pub(crate) mod wrong_type;

use schemalint_diagnostics::{Applicability, Fix};

use crate::engine::{Cx, Sub};
use crate::fix::{Layout, Piece};
use crate::fixes::{self, Described};
use crate::profile::{Evidence, KeywordStatus};
use crate::source::Node;

/// Every keyword of JSON Schema drafts 4 through 2020-12 (core, applicator, validation,
/// meta-data, format, content, unevaluated), including legacy ones.
pub(crate) const JSON_SCHEMA_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "definitions",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependencies",
    "prefixItems",
    "items",
    "additionalItems",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
];

pub(crate) fn is_json_schema_keyword(name: &str) -> bool {
    keyword_id(name).is_some()
}

/// A keyword's position in [`JSON_SCHEMA_KEYWORDS`], by hashing: the walk asks for every
/// member of every subschema, and per-profile tables are indexed by it.
pub(crate) fn keyword_id(name: &str) -> Option<KeywordId> {
    type Ids = std::collections::HashMap<&'static str, KeywordId, crate::hash::BuildSampled>;
    static IDS: std::sync::OnceLock<Ids> = std::sync::OnceLock::new();
    let ids = IDS.get_or_init(|| {
        JSON_SCHEMA_KEYWORDS
            .iter()
            .enumerate()
            .map(|(i, k)| (*k, KeywordId(i as u8)))
            .collect()
    });
    ids.get(name).copied()
}

/// A JSON Schema keyword, as its index in [`JSON_SCHEMA_KEYWORDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeywordId(pub u8);

impl KeywordId {
    pub fn index(self) -> usize {
        usize::from(self.0)
    }
}

/// Keywords a provider may word as a kind of schema rather than a property of one
/// (Anthropic: `Schema type 'oneOf' is not supported`): the `combinator` message case.
const COMBINATORS: [&str; 4] = ["oneOf", "anyOf", "allOf", "not"];

/// The schema's type as providers name it in messages (`object`, or `object` inferred
/// from `properties`), for the `{schema_type}` placeholder.
fn schema_type(sub: &Sub<'_>) -> String {
    let types = sub.types();
    match types.first() {
        Some(t) => t.to_string(),
        None if sub.is_object_schema() => "object".to_owned(),
        None => "any".to_owned(),
    }
}

/// The keywords of a subschema that `keyword/unsupported` reports, sorted (a provider
/// that rejects them per type names them together: `properties maximum, minimum`).
fn unsupported_here(cx: &Cx<'_>, members: &[crate::source::Member]) -> Vec<String> {
    let mut names: Vec<String> = members
        .iter()
        .filter(|m| match cx.profile.keyword(&m.key) {
            Some(setting) => {
                setting.status == KeywordStatus::Unsupported
                    && setting.rule.is_none()
                    && setting.severity != Some(crate::profile::Level::Off)
            }
            None => {
                is_json_schema_keyword(&m.key)
                    && cx.profile.unlisted_keywords.status != Some(KeywordStatus::Ignored)
            }
        })
        .map(|m| m.key.to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Classifies every key of a schema object by the profile's keyword table.
pub(crate) fn check_keywords(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(members) = sub.node.as_object() else {
        return;
    };
    // Only computed when the profile words several at once (Anthropic).
    let several = if cx
        .profile
        .messages
        .rules
        .contains_key("keyword/unsupported:several")
    {
        Some(unsupported_here(cx, members)).filter(|names| names.len() > 1)
    } else {
        None
    };
    for (i, m) in members.iter().enumerate() {
        let keyword = &*m.key;
        // Built only when something is reported: most keywords are fine.
        let ptr = || sub.ptr().join(keyword);
        let setting = match sub.keyword_id(i) {
            Some(id) => cx.profile.keywords.get_by_keyword(id),
            None => cx.profile.keyword(keyword),
        };
        match setting {
            Some(setting) => match setting.status {
                KeywordStatus::Ignored => {
                    ignored::report(cx, sub, keyword, m, setting, ignored::Why::Always)
                }
                KeywordStatus::Allowed | KeywordStatus::Annotation => {
                    let needs = setting.requires.as_deref().unwrap_or_default();
                    let beside = setting.ignored_with.as_deref().unwrap_or_default();
                    let why = if let Some(missing) = needs.iter().find(|k| sub.get(k).is_none()) {
                        Some(ignored::Why::Without(missing))
                    } else if let Some(other) = beside.iter().find(|k| sub.get(k).is_some()) {
                        Some(ignored::Why::Beside(other))
                    } else {
                        setting
                            .enforced_up_to
                            .filter(|&limit| ignored::beyond(&m.value, limit))
                            .map(ignored::Why::Beyond)
                    };
                    if let Some(why) = why {
                        ignored::report(cx, sub, keyword, m, setting, why);
                    }
                    if let Some(applies) = &setting.applies_to {
                        let types = sub.types();
                        let fits = types
                            .iter()
                            .any(|t| applies.iter().any(|a| a.eq_ignore_ascii_case(t)));
                        // Only well-formed types: a bad `type` is `schema/invalid-value`'s finding.
                        let known = types.iter().all(|t| {
                            unsupported_type::TYPE_NAMES.contains(t) || cx.profile.allows_type(t)
                        });
                        if known && !types.is_empty() && !fits {
                            let shown = types.join("`, `");
                            cx.report(
                                &wrong_type::RULE,
                                &ptr(),
                                m.key_span,
                                format!(
                                    "`{keyword}` applies to {} schemas, but this one has type `{shown}`; it constrains nothing here",
                                    applies.join("/")
                                ),
                            )
                            .help("fix the `type`, or remove the keyword")
                            .var("keyword", keyword)
                            .evidence(setting.evidence, &setting.source);
                        }
                    }
                    if let Some(types) = &setting.item_types {
                        let items = m.value.as_array().unwrap_or_default();
                        if let Some((index, item)) = items
                            .iter()
                            .enumerate()
                            .find(|(_, item)| !types.iter().any(|t| t == item.value.type_name()))
                        {
                            let value = item.to_json().to_string();
                            cx.report(
                                &unsupported_value::RULE,
                                &ptr().join(index),
                                item.span,
                                format!(
                                    "`{keyword}` holds {value}; {} accepts only {} values here",
                                    cx.profile.provider,
                                    types.join(" or ")
                                ),
                            )
                            .help(setting.help.clone().unwrap_or_else(|| {
                                format!("write every value as a {}", types.join(" or "))
                            }))
                            .var("keyword", keyword)
                            .var("schema_type", schema_type(sub))
                            .var("value", value)
                            .variant("item-type")
                            .evidence(setting.evidence, &setting.source);
                        }
                    }
                    if let Some(allowed) = &setting.values {
                        let value = m.value.to_json();
                        if !unsupported_value::accepted(&value, allowed) {
                            let described =
                                fixes::described(cx.profile, sub).filter(|d| d.moves(m));
                            cx.report(
                                &unsupported_value::RULE,
                                &ptr(),
                                m.value.span,
                                format!(
                                    "`{keyword}` is {value}; {} accepts only {}",
                                    cx.profile.provider,
                                    unsupported_value::list(allowed)
                                ),
                            )
                            .help(format!(
                                "use {} and state the real constraint in `description`, then check it after generation",
                                unsupported_value::list(allowed)
                            ))
                            .var("keyword", keyword)
                            .var("schema_type", schema_type(sub))
                            .var("value", value.to_string())
                            .evidence(setting.evidence, &setting.source)
                            .fix(|layout| described?.fix(layout));
                        }
                    }
                }
                KeywordStatus::RootOnly => {
                    if !sub.is_root() {
                        cx.report(
                            &root_only::RULE,
                            &ptr(),
                            m.key_span,
                            format!("`{keyword}` is only accepted at the schema root"),
                        )
                        .help(root_only::help(keyword))
                        .var("keyword", keyword)
                        .level(setting.severity)
                        .evidence(setting.evidence, &setting.source);
                    }
                }
                KeywordStatus::Unsupported => {
                    let rule = match setting.rule.as_deref() {
                        Some(id) if id == default_value::RULE.id => &default_value::RULE,
                        _ => &unsupported::RULE,
                    };
                    let help = setting
                        .help
                        .clone()
                        .unwrap_or_else(|| unsupported::help(keyword).to_owned());
                    let message = if std::ptr::eq(rule, &default_value::RULE) {
                        "`default` is not part of the strict subset; the model never uses it"
                            .to_owned()
                    } else {
                        format!("`{keyword}` is not supported by {}", cx.profile.provider)
                    };
                    let node = sub.node;
                    let planned = plan_unsupported(cx, sub, keyword, i);
                    let report = cx
                        .report(rule, &ptr(), m.key_span, message)
                        .help(help)
                        .var("keyword", keyword)
                        .var("schema_type", schema_type(sub))
                        .level(setting.severity)
                        .evidence(setting.evidence, &setting.source)
                        .fix(|layout| planned.fix(layout, node, i));
                    if COMBINATORS.contains(&keyword) {
                        report.variant("combinator");
                    } else if let Some(names) = &several {
                        report.variant("several").var("keywords", names.join(", "));
                    }
                }
            },
            None if is_json_schema_keyword(keyword)
                && cx.profile.unlisted_keywords.status == Some(KeywordStatus::Ignored) =>
            {
                let policy = &cx.profile.unlisted_keywords;
                let (evidence, source) = (policy.evidence, policy.source.clone());
                let severity = Some(policy.severity);
                ignored::emit(
                    cx,
                    &ptr(),
                    ignored::Finding {
                        what: format!("`{keyword}`"),
                        keyword,
                        span: m.key_span,
                        help: None,
                        severity,
                        evidence,
                        source: &source,
                        fix: None,
                    },
                );
            }
            None if is_json_schema_keyword(keyword) => {
                let policy = cx.profile.unlisted_keywords.clone();
                let planned = plan_unsupported(cx, sub, keyword, i);
                let node = sub.node;
                let report = cx
                    .report(
                        &unsupported::RULE,
                        &ptr(),
                        m.key_span,
                        format!(
                            "`{keyword}` is not in {}'s supported subset",
                            cx.profile.provider
                        ),
                    )
                    .help(unsupported::help(keyword))
                    .var("keyword", keyword)
                    .var("schema_type", schema_type(sub))
                    .level(Some(policy.severity))
                    .evidence(policy.evidence, &policy.source)
                    .fix(|layout| planned.fix(layout, node, i));
                if let Some(names) = &several {
                    report.variant("several").var("keywords", names.join(", "));
                }
            }
            None => {
                let help = unknown::help(keyword);
                let described = fixes::described(cx.profile, sub).filter(|d| d.moves(m));
                cx.report(
                    &unknown::RULE,
                    &ptr(),
                    m.key_span,
                    format!("`{keyword}` is not a JSON Schema keyword"),
                )
                .help(help)
                .var("keyword", keyword)
                .var("schema_type", schema_type(sub))
                .evidence(Evidence::Inferred, "JSON Schema 2020-12 keyword list")
                .fix(|layout| described?.fix(layout));
            }
        }
    }
}

/// The fix for an unsupported keyword, decided while the schema can still be read.
enum Planned<'d> {
    None,
    /// A `default` the model never sees: dropped (a reviewer may want to keep the value
    /// in `description`).
    RemoveDefault,
    /// `oneOf` → `anyOf`, safe when the branches are disjoint.
    OneOf(Applicability),
    /// `allOf: [{"$ref": …}]` → `$ref`.
    AllOfRef(&'d Node),
    /// A one-branch `allOf` merged into the schema.
    AllOfMerge(&'d Node, Applicability),
    /// `const` → a one-value `enum`.
    ConstToEnum(&'d Node),
    Describe(Described<'d>),
}

fn plan_unsupported<'r, 'c: 'r, 'd: 'r>(
    cx: &Cx<'c>,
    sub: &Sub<'d>,
    keyword: &str,
    i: usize,
) -> Planned<'r> {
    let allowed = |k: &str| {
        cx.profile
            .keyword(k)
            .is_some_and(|s| s.status == KeywordStatus::Allowed)
    };
    let member = &sub.node.as_object().unwrap_or_default()[i];
    let value = &member.value;
    match keyword {
        "default" => Planned::RemoveDefault,
        "oneOf" => fixes::one_of_applicability(cx, sub).map_or(Planned::None, Planned::OneOf),
        "allOf" => match value.as_array() {
            Some([branch]) if branch.is_object() => {
                let only_ref = branch.as_object().is_some_and(|m| m.len() == 1)
                    && branch.get("$ref").is_some_and(|r| r.as_str().is_some());
                if only_ref && allowed("$ref") && sub.get("$ref").is_none() {
                    Planned::AllOfRef(branch.get("$ref").unwrap_or(branch))
                } else {
                    let target = fixes::resolve_local(cx, branch);
                    match fixes::merge_applicability(sub.node, i, target) {
                        Some(a) if !only_ref || !std::ptr::eq(target, branch) => {
                            Planned::AllOfMerge(target, a)
                        }
                        _ => Planned::None,
                    }
                }
            }
            _ => Planned::None,
        },
        "const" if sub.get("enum").is_none() && allowed("enum") => Planned::ConstToEnum(value),
        _ => fixes::described(cx.profile, sub)
            .filter(|d| d.moves(member))
            .map_or(Planned::None, Planned::Describe),
    }
}

impl Planned<'_> {
    fn fix(&self, layout: &Layout<'_>, node: &Node, i: usize) -> Option<Fix> {
        let member = &node.as_object()?[i];
        match self {
            Planned::None => None,
            Planned::RemoveDefault => Some(Fix::unsafe_(
                "remove `default`",
                vec![layout.remove_member(node, i)],
            )),
            Planned::OneOf(applicability) => Some(fixes::one_of_fix(member, *applicability)),
            Planned::AllOfRef(target) => Some(Fix::safe(
                "replace the one-branch `allOf` with its `$ref`",
                vec![layout.replace_member(member, "$ref", &layout.raw(target))],
            )),
            Planned::AllOfMerge(branch, applicability) => Some(Fix::new(
                "merge the one-branch `allOf` into this schema",
                *applicability,
                vec![fixes::merge_edit(layout, node, i, branch)?],
            )),
            Planned::ConstToEnum(value) => Some(Fix::safe(
                "write `const` as a one-value `enum`",
                vec![layout.replace_member(member, "enum", &Piece::Array(vec![layout.raw(value)]))],
            )),
            Planned::Describe(described) => described.fix(layout),
        }
    }
}
