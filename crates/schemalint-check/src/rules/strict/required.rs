use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use schemalint_diagnostics::{Applicability, Edit, Fix};

use crate::engine::{python_str, quoted_names, LISTED_NAMES};
use crate::engine::{Cx, Sub};
use crate::fix::{Layout, Piece, Place};
use crate::profile::{KeywordStatus, Profile};
use crate::rules::{FixAvailability, FixCase, RuleFix};
use crate::source::{Member, Node, Value};

declare_rule! {
    /// ## What it does
    /// Requires `required` on every object schema to list **every** key of
    /// `properties` and nothing else. Missing and extra names are reported by name.
    ///
    /// ## Why is this bad?
    /// Strict mode makes the model produce every field. The API rejects the schema with
    /// `'required' is required to be supplied and to be an array including every key in properties. Missing 'unit'.`
    /// or `Extra required key 'x' supplied.` Optional fields are written as required
    /// fields that accept `null`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["F", "C"]}},
    ///  "required": ["location"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"type": ["string", "null"], "enum": ["F", "C", null]}},
    ///  "required": ["location", "unit"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "All fields must be required" (seed 002: 所有字段必须是 required).
    /// - `spec/providers.md` §1.3.3 (message wording).
    pub(crate) static RULE = {
        id: "strict/required",
        severity: Error,
        summary: "`required` does not list exactly the keys of `properties`",
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "for names in `required` that are not properties when properties are \
                          missing from it too (the fix for the missing ones rewrites `required` \
                          whole, extra names included)",
            cases: &[
                FixCase {
                    when: "a property with a plain `type` is not in `required`",
                    applicability: Applicability::Unsafe,
                    profiles: &[],
                    effect: "lists every property in `required`, in property order, and makes the \
                             ones that were optional nullable the way the OpenAI SDKs do: `null` \
                             joins the `type` (and the `enum`). The model must then write `null` \
                             where it would have left the key out; read `null` as absent.",
                    before: r#"{"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["C", "F"]}}, "required": ["city"], "additionalProperties": false}"#,
                    after: r#"{"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": ["string", "null"], "enum": ["C", "F", null]}}, "required": ["city", "unit"], "additionalProperties": false}"#,
                },
                FixCase {
                    when: "a `$ref`, `const` or `anyOf` property is not in `required`",
                    applicability: Applicability::Unsafe,
                    profiles: &[],
                    effect: "makes it required and wraps it as `anyOf: [<schema>, {\"type\": \"null\"}]` \
                             (an existing `anyOf` gets a `null` branch); `title`, `description`, \
                             `default` and `examples` stay outside the wrapper.",
                    before: r##"{"type": "object", "properties": {"tag": {"$ref": "#/$defs/Tag", "description": "optional tag"}}, "additionalProperties": false, "$defs": {"Tag": {"type": "string"}}}"##,
                    after: r##"{"type": "object", "properties": {"tag": {"anyOf": [{"$ref": "#/$defs/Tag"}, {"type": "null"}], "description": "optional tag"}}, "required": ["tag"], "additionalProperties": false, "$defs": {"Tag": {"type": "string"}}}"##,
                },
                FixCase {
                    when: "`required` names keys that are not properties",
                    applicability: Applicability::Unsafe,
                    profiles: &[],
                    effect: "removes them from `required`. A reviewer may rather add the missing \
                             property definitions.",
                    before: r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city", "country"], "additionalProperties": false}"#,
                    after: r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}"#,
                },
            ],
        },
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(properties) = sub.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    if !sub.is_object_schema() {
        return;
    }
    let required_member = sub.member("required");
    let required: Vec<(&str, schemalint_diagnostics::Span)> = required_member
        .and_then(|m| m.value.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|n| n.as_str().map(|s| (s, n.span)))
                .collect()
        })
        .unwrap_or_default();
    // The usual strict schema lists `required` in property order: nothing to report.
    if lists_exactly(properties, &required) {
        return;
    }
    // Sets, not scans: wide generated schemas have thousands of properties.
    let required_names: HashSet<&str> = required.iter().map(|(r, _)| *r).collect();
    // The last definition of each property (the one a JSON parser keeps).
    let property_spans: HashMap<&str, schemalint_diagnostics::Span> =
        properties.iter().map(|m| (&*m.key, m.key_span)).collect();
    let mut seen = HashSet::default();
    let missing: Vec<&str> = properties
        .iter()
        .map(|m| &*m.key)
        .filter(|k| !required_names.contains(k) && seen.insert(*k))
        .collect();
    let extra: Vec<(&str, schemalint_diagnostics::Span)> = required
        .iter()
        .copied()
        .filter(|(r, _)| !property_spans.contains_key(r))
        .collect();
    let names = quoted_names;
    if !missing.is_empty() {
        let (ptr, span) = match required_member {
            Some(m) => (sub.ptr().join("required"), m.value.span),
            None => (sub.ptr(), sub.key_span("properties")),
        };
        // Where full `required` is only a recommendation (DashScope), say what happens.
        let enforced =
            cx.profile.severity(RULE.id) == Some(schemalint_diagnostics::Severity::Error);
        let mut message = match required_member {
            None => format!(
                "object schema has no `required`; strict mode requires every property in it: {}",
                names(&missing)
            ),
            Some(_) => format!(
                "`required` is missing {} of `properties`: {}",
                plural(missing.len(), "key"),
                names(&missing)
            ),
        };
        if !enforced {
            message = format!(
                "{} {} not in `required`: {} may leave {} out of the output",
                names(&missing),
                if missing.len() == 1 { "is" } else { "are" },
                cx.profile.provider,
                if missing.len() == 1 { "it" } else { "them" }
            );
        }
        let report_profile = cx.profile;
        let mut seen_last = HashSet::default();
        let mut report = cx
            .report(&RULE, &ptr, span, message)
            .help(format!(
                "add {} to `required`; for an optional field, keep it required and allow null: `\"type\": [\"…\", \"null\"]`",
                names(&missing)
            ))
            .var("detail", format!("Missing {}.", python_str(missing[0])));
        for name in missing.iter().take(LISTED_NAMES) {
            if let Some(span) = property_spans.get(name) {
                report = report.label(*span, "not in `required`");
            }
        }
        let profile = report_profile;
        let missing_set: HashSet<&str> = missing.iter().copied().collect();
        report.fix(|layout| {
            let mut edits = vec![required_edit(layout, sub.node, properties, required_member)];
            for m in properties.iter().rev() {
                // The last definition of each missing key (the one a parser keeps).
                if missing_set.contains(&*m.key) && seen_last.insert(&*m.key) {
                    edits.extend(nullable_edit(layout, profile, &m.value));
                }
            }
            Some(Fix::unsafe_(
                format!(
                    "make {} required and nullable (the model must then write `null` where it had nothing)",
                    names(&missing)
                ),
                edits,
            ))
        });
    }
    if !extra.is_empty() {
        let ptr = sub.ptr().join("required");
        let span = required_member.map_or(sub.span(), |m| m.value.span);
        let extra_names: Vec<&str> = extra.iter().map(|(n, _)| *n).collect();
        let mut report = cx
            .report(
                &RULE,
                &ptr,
                span,
                format!(
                    "`required` lists {} not in `properties`: {}",
                    plural(extra.len(), "key"),
                    names(&extra_names)
                ),
            )
            .help("remove them from `required`, or define them in `properties`")
            .var(
                "detail",
                format!(
                    "Extra required key {} supplied.",
                    python_str(extra_names[0])
                ),
            );
        for (_, span) in &extra {
            report = report.label(*span, "not a property");
        }
        // Only when nothing is missing: the fix above rewrites `required` already.
        if missing.is_empty() {
            report.fix(|layout| {
                Some(Fix::unsafe_(
                    format!("remove {} from `required`", names(&extra_names)),
                    vec![required_edit(layout, sub.node, properties, required_member)],
                ))
            });
        }
    }
}

/// `required` rewritten to list every property once, in property order (inserted after
/// `properties` when absent).
fn required_edit(
    layout: &Layout<'_>,
    schema: &Node,
    properties: &[Member],
    required: Option<&Member>,
) -> Edit {
    let mut seen = HashSet::default();
    let keys = Piece::Array(
        properties
            .iter()
            .filter(|m| seen.insert(&*m.key))
            .map(|m| Piece::str(&m.key))
            .collect(),
    );
    match required {
        Some(m) => layout.replace(&m.value, &keys, layout.is_multiline(&m.value)),
        None => layout.insert_member(schema, "required", &keys, Place::After(&["properties"])),
    }
}

/// How a profile writes "this value may also be null".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NullableStyle {
    /// `"type": ["string", "null"]`.
    TypeArray,
    /// `"nullable": true` (OpenAPI 3.0 subsets).
    Keyword,
    /// `"anyOf": [<schema>, {"type": "null"}]`.
    AnyOf,
}

fn nullable_style(profile: &Profile) -> Option<NullableStyle> {
    let allowed = |k: &str| {
        profile
            .keyword(k)
            .is_some_and(|s| s.status == KeywordStatus::Allowed)
    };
    if profile.type_arrays && profile.allows_type("null") {
        Some(NullableStyle::TypeArray)
    } else if allowed("nullable") {
        Some(NullableStyle::Keyword)
    } else if allowed("anyOf") && profile.allows_type("null") {
        Some(NullableStyle::AnyOf)
    } else {
        None
    }
}

fn is_null_schema(node: &Node) -> bool {
    node.get("type").and_then(Node::as_str) == Some("null")
}

/// Whether `schema` already admits `null`.
fn admits_null(schema: &Node) -> bool {
    let type_null = match schema.get("type").map(|t| &t.value) {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(items)) => items.iter().any(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let constrained = schema.get("enum").is_some() || schema.get("const").is_some();
    let in_values = schema
        .get("enum")
        .and_then(Node::as_array)
        .is_some_and(|v| v.iter().any(|v| v.value == Value::Null))
        || schema.get("const").is_some_and(|v| v.value == Value::Null);
    (type_null && (!constrained || in_values))
        || schema.get("nullable").and_then(Node::as_bool) == Some(true)
        || schema
            .get("anyOf")
            .and_then(Node::as_array)
            .is_some_and(|b| b.iter().any(is_null_schema))
}

/// Edits that make `schema` also accept `null`, the way the SDKs write an optional
/// field that became required: `"type": [T, "null"]` (with `null` added to an `enum`),
/// a `{"type": "null"}` branch in `anyOf`, or — for a `$ref`, a `const` or anything
/// without a simple type — `{"anyOf": [<schema>, {"type": "null"}]}` with the
/// annotations kept outside.
fn nullable_edit<'n>(layout: &Layout<'n>, profile: &Profile, schema: &'n Node) -> Vec<Edit> {
    let Some(members) = schema.as_object() else {
        return Vec::new();
    };
    let Some(style) = nullable_style(profile) else {
        return Vec::new();
    };
    if admits_null(schema) {
        return Vec::new();
    }
    let null_branch = || {
        Piece::Object(vec![(
            "type".into(),
            Piece::Scalar(serde_json::Value::String("null".into())),
        )])
    };
    let type_member = schema.member("type");
    let simple_type = schema.get("const").is_none() && schema.get("anyOf").is_none();
    match (style, type_member) {
        (NullableStyle::Keyword, _) => {
            vec![layout.insert_member(
                schema,
                "nullable",
                &Piece::Scalar(true.into()),
                Place::After(&["type"]),
            )]
        }
        (NullableStyle::TypeArray, Some(t)) if simple_type => {
            let mut types: Vec<Piece<'_>> = match &t.value.value {
                Value::String(name) => vec![Piece::str(name)],
                Value::Array(items) => items.iter().map(|i| layout.raw(i)).collect(),
                _ => return Vec::new(),
            };
            types.push(Piece::str("null"));
            let mut edits = vec![layout.replace(&t.value, &Piece::Array(types), false)];
            if let Some(values) = schema.member("enum") {
                if let Some(items) = values.value.as_array() {
                    let mut list: Vec<Piece<'_>> = items.iter().map(|i| layout.raw(i)).collect();
                    list.push(Piece::Scalar(serde_json::Value::Null));
                    edits.push(layout.replace(
                        &values.value,
                        &Piece::Array(list),
                        layout.is_multiline(&values.value),
                    ));
                }
            }
            edits
        }
        _ => match schema.member("anyOf") {
            Some(any_of) if schema.get("type").is_none() => {
                let Some(branches) = any_of.value.as_array() else {
                    return Vec::new();
                };
                let mut list: Vec<Piece<'_>> = branches.iter().map(|b| layout.raw(b)).collect();
                list.push(null_branch());
                vec![layout.replace(
                    &any_of.value,
                    &Piece::Array(list),
                    layout.is_multiline(&any_of.value),
                )]
            }
            _ => {
                const OUTSIDE: [&str; 4] = ["title", "description", "default", "examples"];
                let (outer, inner): (Vec<&Member>, Vec<&Member>) =
                    members.iter().partition(|m| OUTSIDE.contains(&&*m.key));
                let as_piece = |list: Vec<&'n Member>| members_piece(layout, list);
                let mut wrapped = vec![(
                    "anyOf".into(),
                    Piece::Array(vec![Piece::Object(as_piece(inner)), null_branch()]),
                )];
                wrapped.extend(as_piece(outer));
                vec![layout.replace(schema, &Piece::Object(wrapped), layout.is_multiline(schema))]
            }
        },
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `required` names exactly the keys of `properties`, in the same order (checked without
/// hashing; the common case for generated schemas).
pub(crate) fn lists_exactly(
    properties: &[crate::source::Member],
    required: &[(&str, schemalint_diagnostics::Span)],
) -> bool {
    properties.len() == required.len()
        && properties
            .iter()
            .zip(required)
            .all(|(m, (name, _))| &*m.key == *name)
}

fn members_piece<'a>(
    layout: &Layout<'a>,
    list: Vec<&'a Member>,
) -> Vec<(std::borrow::Cow<'a, str>, Piece<'a>)> {
    list.into_iter()
        .map(|m| (m.key.as_str().into(), layout.raw(&m.value)))
        .collect()
}
