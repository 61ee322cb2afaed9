use crate::hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use schemalint_diagnostics::{Applicability, Edit, Fix, Span};

use crate::engine::{python_str, quoted_first, quoted_names, LISTED_NAMES};
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
    let Some(properties_node) = sub.get("properties") else {
        return;
    };
    let Some(properties) = properties_node.as_object() else {
        return;
    };
    if !sub.is_object_schema() {
        return;
    }
    let required_member = sub.member("required");
    let required_items = required_member
        .and_then(|m| m.value.as_array())
        .unwrap_or_default();
    let required = || {
        required_items
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s, n.span)))
    };
    // The usual strict schema lists `required` in property order: nothing to report.
    if lists_exactly(properties, required()) {
        return;
    }
    // Without `required` and without a repeated property name, every property is missing
    // once, in order: no sets (a generated schema can have a million properties).
    let repeats = has_repeated_key(cx, properties_node.span);
    let missing = if required().next().is_none() && !repeats {
        Missing::All(properties)
    } else {
        Missing::some(properties, required())
    };
    let extra: Vec<(&str, Span)> = match &missing {
        Missing::All(_) => Vec::new(),
        Missing::Some { property_spans, .. } => required()
            .filter(|(r, _)| !property_spans.contains_key(r))
            .collect(),
    };
    if missing.count() > 0 {
        let (ptr, span) = match required_member {
            Some(m) => (sub.ptr().join("required"), m.value.span),
            None => (sub.ptr(), sub.key_span("properties")),
        };
        let shown = missing.first_names();
        let names = || quoted_first(&shown, missing.count());
        let count = missing.count();
        // Where full `required` is only a recommendation (DashScope), say what happens.
        let enforced =
            cx.profile.severity(RULE.id) == Some(schemalint_diagnostics::Severity::Error);
        let mut message = match required_member {
            None => format!(
                "object schema has no `required`; strict mode requires every property in it: {}",
                names()
            ),
            Some(_) => format!(
                "`required` is missing {} of `properties`: {}",
                plural(count, "key"),
                names()
            ),
        };
        if !enforced {
            message = format!(
                "{} {} not in `required`: {} may leave {} out of the output",
                names(),
                if count == 1 { "is" } else { "are" },
                cx.profile.provider,
                if count == 1 { "it" } else { "them" }
            );
        }
        let profile = cx.profile;
        let mut report = cx
            .report(&RULE, &ptr, span, message)
            .help(format!(
                "add {} to `required`; for an optional field, keep it required and allow null: `\"type\": [\"…\", \"null\"]`",
                names()
            ))
            .var("detail", format!("Missing {}.", python_str(shown[0])));
        for name in &shown {
            if let Some(span) = missing.last_key_span(name) {
                report = report.label(span, "not in `required`");
            }
        }
        let style = nullable_style(profile);
        report.fix(|layout| {
            let required_edit = required_edit(layout, sub.node, properties, required_member, repeats);
            // The last definition of each missing key (the one a parser keeps).
            let made_nullable = properties
                .iter()
                .filter(|m| missing.is_last_missing(m))
                .map(|m| nullable_edit(layout, style, &m.value));
            let edits = if count > SPLICED_FIX_PROPERTIES {
                spliced(layout, required_edit, made_nullable)
            } else {
                let mut edits = vec![required_edit];
                let nullable: Vec<Vec<Edit>> = made_nullable.collect();
                edits.extend(nullable.into_iter().rev().flatten());
                edits
            };
            Some(Fix::unsafe_(
                format!(
                    "make {} required and nullable (the model must then write `null` where it had nothing)",
                    names()
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
                    quoted_names(&extra_names)
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
        if missing.count() == 0 {
            report.fix(|layout| {
                Some(Fix::unsafe_(
                    format!("remove {} from `required`", quoted_names(&extra_names)),
                    vec![required_edit(
                        layout,
                        sub.node,
                        properties,
                        required_member,
                        repeats,
                    )],
                ))
            });
        }
    }
}

/// Past this many properties to make nullable, the fix is one edit from the first change
/// to the last (the same text once applied): a fix of a million edits would be a
/// million entries in `--format json` and in every fixer's conflict check.
const SPLICED_FIX_PROPERTIES: usize = 5_000;

/// `required_edit` and the `nullable` edits (in property order) as one edit.
fn spliced(
    layout: &Layout<'_>,
    required_edit: Edit,
    nullable: impl Iterator<Item = Vec<Edit>>,
) -> Vec<Edit> {
    let mut splice = crate::fix::Splice::new(layout.text());
    let mut required_edit = Some(required_edit);
    for mut edits in nullable {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        if let Some(first) = edits.first() {
            let before = required_edit
                .as_ref()
                .is_some_and(|r| r.span.end <= first.span.start);
            if let Some(edit) = required_edit.take_if(|_| before) {
                splice.push(edit);
            }
        }
        for edit in edits {
            splice.push(edit);
        }
    }
    if let Some(edit) = required_edit {
        splice.push(edit);
    }
    splice.finish().into_iter().collect()
}

/// The properties `required` does not list.
enum Missing<'d> {
    /// All of them (no `required`, no repeated name).
    All(&'d [Member]),
    Some {
        /// Missing names, each once, in property order.
        names: Vec<&'d str>,
        set: HashSet<&'d str>,
        /// The key span of the last definition of each property.
        property_spans: HashMap<&'d str, Span>,
    },
}

impl<'d> Missing<'d> {
    fn some<'r>(properties: &'d [Member], required: impl Iterator<Item = (&'r str, Span)>) -> Self {
        // Sets, not scans: wide generated schemas have thousands of properties.
        let required_names: HashSet<&str> = required.map(|(r, _)| r).collect();
        let property_spans: HashMap<&str, Span> =
            properties.iter().map(|m| (&*m.key, m.key_span)).collect();
        let mut set = HashSet::default();
        let names: Vec<&str> = properties
            .iter()
            .map(|m| &*m.key)
            .filter(|k| !required_names.contains(k) && set.insert(*k))
            .collect();
        Missing::Some {
            names,
            set,
            property_spans,
        }
    }

    fn count(&self) -> usize {
        match self {
            Missing::All(properties) => properties.len(),
            Missing::Some { names, .. } => names.len(),
        }
    }

    /// The names a message lists.
    fn first_names(&self) -> Vec<&'d str> {
        match self {
            Missing::All(properties) => properties
                .iter()
                .take(LISTED_NAMES)
                .map(|m| &*m.key)
                .collect(),
            Missing::Some { names, .. } => names.iter().take(LISTED_NAMES).copied().collect(),
        }
    }

    fn last_key_span(&self, name: &str) -> Option<Span> {
        match self {
            Missing::All(properties) => properties
                .iter()
                .find(|m| &*m.key == name)
                .map(|m| m.key_span),
            Missing::Some { property_spans, .. } => property_spans.get(name).copied(),
        }
    }

    /// Whether `member` is the last definition of a missing property.
    fn is_last_missing(&self, member: &Member) -> bool {
        match self {
            Missing::All(_) => true,
            Missing::Some {
                set,
                property_spans,
                ..
            } => {
                set.contains(&*member.key)
                    && property_spans.get(&*member.key) == Some(&member.key_span)
            }
        }
    }
}

/// Whether some object key inside `span` repeats an earlier key of its object.
fn has_repeated_key(cx: &Cx<'_>, span: Span) -> bool {
    let duplicates = &cx.doc.duplicates;
    let at = duplicates.partition_point(|d| d.span.start < span.start);
    duplicates.get(at).is_some_and(|d| d.span.end <= span.end)
}

/// `required` rewritten to list every property once, in property order (inserted after
/// `properties` when absent); `repeats`: some property name is defined twice.
fn required_edit(
    layout: &Layout<'_>,
    schema: &Node,
    properties: &[Member],
    required: Option<&Member>,
    repeats: bool,
) -> Edit {
    let mut seen = HashSet::default();
    let keys = Piece::Array(
        properties
            .iter()
            .filter(|m| !repeats || seen.insert(&*m.key))
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
/// annotations kept outside. `style`: the profile's [`nullable_style`].
fn nullable_edit<'n>(
    layout: &Layout<'n>,
    style: Option<NullableStyle>,
    schema: &'n Node,
) -> Vec<Edit> {
    let Some(members) = schema.as_object() else {
        return Vec::new();
    };
    let Some(style) = style else {
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
pub(crate) fn lists_exactly<'r>(
    properties: &[crate::source::Member],
    required: impl Iterator<Item = (&'r str, Span)>,
) -> bool {
    let mut required = required;
    properties
        .iter()
        .all(|m| required.next().is_some_and(|(name, _)| *m.key == *name))
        && required.next().is_none()
}

fn members_piece<'a>(
    layout: &Layout<'a>,
    list: Vec<&'a Member>,
) -> Vec<(std::borrow::Cow<'a, str>, Piece<'a>)> {
    list.into_iter()
        .map(|m| (m.key.as_str().into(), layout.raw(&m.value)))
        .collect()
}
