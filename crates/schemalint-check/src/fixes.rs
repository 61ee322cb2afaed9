//! Fix builders shared by several rules: moving keywords a provider does not accept into
//! `description` (as the SDKs do), `oneOf` → `anyOf` when the branches are disjoint, and
//! merging a subschema into its parent (an inlined `$ref`, a one-branch `allOf`).

use std::borrow::Cow;

use schemalint_diagnostics::{Applicability, Edit, Fix, Span};

use crate::engine::{Cx, Sub};
use crate::fix::{Layout, Piece};
use crate::profile::{KeywordStatus, Level, Profile};
use crate::rules::keyword::{is_json_schema_keyword, unsupported_value};
use crate::source::{Member, Node, Value};

/// Keywords with a fix of their own (or structure, not a constraint): never moved into
/// `description`.
const OWN_FIX: [&str; 8] = [
    "default",
    "oneOf",
    "allOf",
    "$ref",
    "$defs",
    "definitions",
    "const",
    "description",
];

/// Annotations: they never change which instances are valid.
pub(crate) const ANNOTATIONS: [&str; 8] = [
    "title",
    "description",
    "$comment",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// What making a subschema acceptable does to one of its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Drop {
    /// Removed, its value written into `description`.
    Describe,
    /// Removed without a trace: it says what the provider assumes anyway
    /// (`"additionalProperties": false` where objects are closed) or only annotates
    /// (`discriminator`).
    Silent,
}

/// The members of one subschema that the profile rejects and that carry a constraint
/// the model can still read: moved into `description` in the SDKs' notation.
#[derive(Debug, Clone)]
pub(crate) struct Described<'d> {
    node: &'d Node,
    dropped: Vec<(usize, Drop)>,
}

/// Which members of `sub` the profile rejects in a way `description` can carry: keywords
/// it lists as unsupported, formats and values it does not accept, and unlisted or
/// unknown keywords where it reports them as errors. `None` when there are none or
/// the schema's `description` is not a string.
pub(crate) fn described<'d>(profile: &Profile, sub: &Sub<'d>) -> Option<Described<'d>> {
    let members = sub.node.as_object()?;
    if sub.get("description").is_some_and(|d| d.as_str().is_none()) {
        return None;
    }
    let error =
        |rule: &str| profile.severity(rule) == Some(schemalint_diagnostics::Severity::Error);
    let runs = |rule: &str| profile.severity(rule).is_some();
    let format_member = sub.member("format").map(|m| m as *const Member);
    let mut dropped = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let key = &*m.key;
        if OWN_FIX.contains(&key) {
            continue;
        }
        let setting = match sub.keyword_id(i) {
            Some(id) => profile.keywords.get_by_keyword(id),
            None => profile.keyword(key),
        };
        let drop = match setting {
            Some(s) if s.severity == Some(Level::Off) => None,
            Some(s) => match s.status {
                KeywordStatus::Unsupported if runs("keyword/unsupported") => {
                    if key == "additionalProperties" && m.value.value == Value::Bool(false) {
                        Some(Drop::Silent)
                    } else {
                        Some(Drop::Describe)
                    }
                }
                KeywordStatus::Allowed => {
                    let bad_format = key == "format"
                        && format_member == Some(m as *const Member)
                        && runs("keyword/unsupported-format")
                        && m.value.as_str().is_some_and(|f| !profile.allows_format(f))
                        && profile
                            .formats
                            .unlisted
                            .as_ref()
                            .is_none_or(|u| u.status != KeywordStatus::Ignored);
                    let bad_value = runs("keyword/unsupported-value")
                        && s.values
                            .as_ref()
                            .is_some_and(|v| !unsupported_value::accepted(&m.value.to_json(), v));
                    (bad_format || bad_value).then_some(Drop::Describe)
                }
                _ => None,
            },
            // Unlisted keywords: all of them where the provider rejects them, else the
            // constraints (an annotation the provider may ignore is harmless).
            None if is_json_schema_keyword(key) => (runs("keyword/unsupported")
                && profile.unlisted_keywords.status != Some(KeywordStatus::Ignored)
                && profile.unlisted_keywords.severity != Level::Off
                && (profile.unlisted_keywords.severity == Level::Error
                    || !ANNOTATIONS.contains(&key)))
            .then_some(Drop::Describe),
            // OpenAPI's `discriminator` only annotates a `oneOf` whose branches the
            // `const`s already tell apart: nothing for the model to read.
            None if key == "discriminator" && runs("keyword/unknown") => Some(Drop::Silent),
            None => error("keyword/unknown").then_some(Drop::Describe),
        };
        if let Some(drop) = drop {
            dropped.push((i, drop));
        }
    }
    (!dropped.is_empty()).then_some(Described {
        node: sub.node,
        dropped,
    })
}

impl Described<'_> {
    /// Whether `member` is one of those this fix moves: a finding carries the fix only
    /// then, so a warning on a member the fix leaves alone offers nothing it does not do.
    pub(crate) fn moves(&self, member: &Member) -> bool {
        let members = self.node.as_object().unwrap_or_default();
        self.dropped
            .iter()
            .any(|(i, _)| std::ptr::eq(&members[*i], member))
    }

    /// The fix: the members removed, and `{key: value, …}` appended to `description`
    /// after a blank line — the notation of openai-node's and the Anthropic SDKs'
    /// `transformJSONSchema` / `transform_schema`, so the model still reads the
    /// constraint. Unsafe: the provider no longer enforces it.
    pub fn fix(&self, layout: &Layout<'_>) -> Option<Fix> {
        let members = self.node.as_object()?;
        let described: Vec<&Member> = self
            .dropped
            .iter()
            .filter(|(_, d)| *d == Drop::Describe)
            .map(|(i, _)| &members[*i])
            .collect();
        let block = format!(
            "{{{}}}",
            described
                .iter()
                .map(|m| format!(
                    "{}: {}",
                    m.key,
                    serde_json::to_string(&m.value.to_json()).unwrap_or_default()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut edits = Vec::new();
        let mut removed: Vec<usize> = self.dropped.iter().map(|(i, _)| *i).collect();
        if !described.is_empty() {
            match self.node.member("description") {
                Some(d) => {
                    let text = d.value.as_str()?;
                    let joined = if text.is_empty() {
                        block.clone()
                    } else {
                        format!("{text}\n\n{block}")
                    };
                    edits.push(layout.replace(&d.value, &Piece::str(&joined), false));
                }
                None => {
                    // The first moved member becomes the description, in its place.
                    let first = self
                        .dropped
                        .iter()
                        .find(|(_, d)| *d == Drop::Describe)
                        .map(|(i, _)| *i)?;
                    removed.retain(|i| *i != first);
                    edits.push(layout.replace_member(
                        &members[first],
                        "description",
                        &Piece::str(&block),
                    ));
                }
            }
        }
        edits.extend(layout.remove_members(self.node, &removed));
        let names = |drop: Drop| {
            self.dropped
                .iter()
                .filter(|(_, d)| *d == drop)
                .map(|(i, _)| format!("`{}`", members[*i].key))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut message = Vec::new();
        if !described.is_empty() {
            message.push(format!(
                "move {} into `description` as {block} (no longer enforced: check it after generation)",
                names(Drop::Describe)
            ));
        }
        let silent = names(Drop::Silent);
        if !silent.is_empty() {
            message.push(format!(
                "remove {silent} (nothing the provider enforces is lost)"
            ));
        }
        Some(Fix::unsafe_(message.join("; "), edits))
    }
}

/// `oneOf` → `anyOf`: safe when the branches are provably disjoint (no instance can
/// match two of them, so "exactly one" and "at least one" are the same), unsafe
/// otherwise (an instance matching two branches becomes valid). `None`: no fix (the
/// schema has an `anyOf` already, or the profile has none).
pub(crate) fn one_of_applicability(cx: &Cx<'_>, sub: &Sub<'_>) -> Option<Applicability> {
    if sub.get("anyOf").is_some()
        || cx
            .profile
            .keyword("anyOf")
            .is_none_or(|s| s.status != KeywordStatus::Allowed)
    {
        return None;
    }
    let branches = sub.get("oneOf")?.as_array()?;
    let resolved: Vec<&Node> = branches.iter().map(|b| resolve_local(cx, b)).collect();
    let disjoint = resolved
        .iter()
        .enumerate()
        .all(|(i, a)| resolved[i + 1..].iter().all(|b| disjoint(cx, a, b)));
    Some(if disjoint {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    })
}

/// Follows a local `$ref` (a few hops) to the schema it names; anything else is itself.
pub(crate) fn resolve_local<'r, 'c: 'r>(cx: &Cx<'c>, node: &'r Node) -> &'r Node {
    let mut node = node;
    for _ in 0..8 {
        let Some(target) = node.get("$ref").and_then(Node::as_str) else {
            break;
        };
        let Some(next) = target
            .strip_prefix('#')
            .and_then(|f| crate::rules::refs::resolve_in(cx, f))
        else {
            break;
        };
        node = next;
    }
    node
}

const STRING: u8 = 1;
const INTEGER: u8 = 1 << 1;
/// Numbers that are not integers.
const FRACTION: u8 = 1 << 2;
const BOOLEAN: u8 = 1 << 3;
const OBJECT: u8 = 1 << 4;
const ARRAY: u8 = 1 << 5;
const NULL: u8 = 1 << 6;
const ANY: u8 = 0x7f;

fn type_name_mask(name: &str) -> u8 {
    match name {
        "string" => STRING,
        "integer" => INTEGER,
        "number" => INTEGER | FRACTION,
        "boolean" => BOOLEAN,
        "object" => OBJECT,
        "array" => ARRAY,
        "null" => NULL,
        _ => ANY,
    }
}

fn value_mask(value: &Value) -> u8 {
    match value {
        Value::Null => NULL,
        Value::Bool(_) => BOOLEAN,
        Value::Number(n) => match n.parse::<f64>() {
            Ok(f) if f.fract() == 0.0 => INTEGER,
            _ => FRACTION,
        },
        Value::String(_) => STRING,
        Value::Array(_) => ARRAY,
        Value::Object(_) => OBJECT,
    }
}

/// The JSON types an instance of `node` may have (a superset: `ANY` when unknown).
fn types_of(node: &Node) -> u8 {
    let mut mask = match node.get("type").map(|t| &t.value) {
        Some(Value::String(t)) => type_name_mask(t),
        Some(Value::Array(items)) => items
            .iter()
            .map(|t| t.as_str().map_or(ANY, type_name_mask))
            .fold(0, |a, b| a | b),
        _ => ANY,
    };
    if let Some(c) = node.get("const") {
        mask &= value_mask(&c.value);
    }
    if let Some(values) = node.get("enum").and_then(Node::as_array) {
        mask &= values
            .iter()
            .map(|v| value_mask(&v.value))
            .fold(0, |a, b| a | b);
    }
    if node.value == Value::Bool(false) {
        mask = 0;
    }
    mask
}

/// The values `node` admits when `const` or `enum` lists them.
fn listed_values(node: &Node) -> Option<Vec<&Node>> {
    match (node.get("const"), node.get("enum")) {
        (Some(c), _) => Some(vec![c]),
        (None, Some(e)) => Some(e.as_array()?.iter().collect()),
        _ => None,
    }
}

/// JSON Schema equality: numbers by value (`1` = `1.0`), objects regardless of order.
fn json_equal(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::Number(x), Value::Number(y)) => match (x.parse::<f64>(), y.parse::<f64>()) {
            (Ok(x), Ok(y)) => x == y,
            _ => x == y,
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|m| {
                    y.iter()
                        .any(|n| n.key == m.key && json_equal(&m.value, &n.value))
                })
        }
        (x, y) => x == y,
    }
}

fn values_disjoint(a: &[&Node], b: &[&Node]) -> bool {
    a.iter().all(|x| b.iter().all(|y| !json_equal(x, y)))
}

/// Whether no instance can be valid against both `a` and `b`: their types differ, their
/// `const`/`enum` values differ, or both are objects that require one property whose
/// `const`/`enum` values differ (a discriminator, as Pydantic and Zod write unions).
fn disjoint(cx: &Cx<'_>, a: &Node, b: &Node) -> bool {
    let (ta, tb) = (types_of(a), types_of(b));
    if ta & tb == 0 {
        return true;
    }
    if let (Some(x), Some(y)) = (listed_values(a), listed_values(b)) {
        if values_disjoint(&x, &y) {
            return true;
        }
    }
    if ta | tb != OBJECT {
        return false;
    }
    let required = |n: &Node, key: &str| {
        n.get("required")
            .and_then(Node::as_array)
            .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(key)))
    };
    properties(a).iter().any(|pa| {
        let Some(pb) = properties(b).iter().rev().find(|m| m.key == pa.key) else {
            return false;
        };
        let (va, vb) = (resolve_local(cx, &pa.value), resolve_local(cx, &pb.value));
        required(a, &pa.key)
            && required(b, &pa.key)
            && match (listed_values(va), listed_values(vb)) {
                (Some(x), Some(y)) => values_disjoint(&x, &y),
                _ => false,
            }
    })
}

fn properties(n: &Node) -> &[Member] {
    n.get("properties")
        .and_then(Node::as_object)
        .unwrap_or_default()
}

/// The fix that renames `oneOf` to `anyOf`.
pub(crate) fn one_of_fix(member: &Member, applicability: Applicability) -> Fix {
    let why = match applicability {
        Applicability::Safe => "the branches are disjoint, so `anyOf` admits the same outputs",
        Applicability::Unsafe => {
            "the branches may overlap: an output matching two of them becomes valid"
        }
    };
    Fix::new(
        format!("rename `oneOf` to `anyOf` ({why})"),
        applicability,
        vec![Edit::replace(member.key_span, "\"anyOf\"")],
    )
}

/// Keys of `other` a merge leaves behind: they only mean something at a schema root.
const NOT_MERGED: [&str; 6] = [
    "$defs",
    "definitions",
    "$id",
    "$schema",
    "$anchor",
    "$dynamicAnchor",
];

/// Keywords whose meaning depends on sibling keywords (`additionalProperties` sees
/// `properties`): merging two schemas that split such a group changes what is valid.
const INTERACTING: [&[&str]; 3] = [
    &[
        "properties",
        "patternProperties",
        "additionalProperties",
        "unevaluatedProperties",
    ],
    &[
        "items",
        "prefixItems",
        "additionalItems",
        "unevaluatedItems",
    ],
    &["if", "then", "else"],
];

/// Whether replacing member `at` of `node` by the members of `other` (as
/// [`merge_edit`] does) keeps the same valid instances as `node` with `other` applied
/// beside it (`allOf`, or `$ref` with siblings in 2020-12): no keyword on both sides
/// with different values, except annotations, and no interacting group split between
/// the two sides. `None`: a keyword on both sides differs, so no fix is offered.
pub(crate) fn merge_applicability(node: &Node, at: usize, other: &Node) -> Option<Applicability> {
    let own: Vec<&Member> = node
        .as_object()?
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, m)| m)
        .collect();
    let theirs: Vec<&Member> = other
        .as_object()?
        .iter()
        .filter(|m| !NOT_MERGED.contains(&&*m.key))
        .collect();
    let mut safe = true;
    for m in &own {
        if let Some(t) = theirs.iter().find(|t| t.key == m.key) {
            if !json_equal(&m.value, &t.value) && !ANNOTATIONS.contains(&&*m.key) {
                return None;
            }
        }
    }
    for group in INTERACTING {
        let mine = own.iter().any(|m| group.contains(&&*m.key));
        let other_side = theirs.iter().any(|m| group.contains(&&*m.key));
        if mine && other_side {
            safe = false;
        }
    }
    Some(if safe {
        Applicability::Safe
    } else {
        Applicability::Unsafe
    })
}

/// `node` with member `at` replaced by the members of `other` (the node's own keys win
/// and keep their place; `other`'s come in at `at`'s place).
pub(crate) fn merge_edit(
    layout: &Layout<'_>,
    node: &Node,
    at: usize,
    other: &Node,
) -> Option<Edit> {
    let members = node.as_object()?;
    let theirs = other.as_object()?;
    let mut merged: Vec<(Cow<'_, str>, Piece<'_>)> = Vec::new();
    for (i, m) in members.iter().enumerate() {
        if i == at {
            for t in theirs {
                let overridden = members.iter().any(|o| o.key == t.key);
                if !overridden && !NOT_MERGED.contains(&&*t.key) {
                    merged.push((t.key.as_str().into(), layout.raw(&t.value)));
                }
            }
        } else {
            merged.push((m.key.as_str().into(), layout.raw(&m.value)));
        }
    }
    let multiline = layout.is_multiline(node) || layout.is_multiline(other);
    Some(layout.replace(node, &Piece::Object(merged), multiline))
}

/// Whether `inner`'s span lies within `outer`'s.
pub(crate) fn within(inner: Span, outer: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        crate::source::parse("t.json", text)
            .map_err(|(_, e)| e)
            .unwrap()
            .root
    }

    #[test]
    fn type_masks_treat_integers_as_numbers() {
        assert_eq!(
            types_of(&node(r#"{"type": "integer"}"#)) & types_of(&node(r#"{"type": "number"}"#)),
            INTEGER
        );
        assert_eq!(
            types_of(&node(r#"{"type": "string"}"#)) & types_of(&node(r#"{"type": "null"}"#)),
            0
        );
        assert_eq!(
            types_of(&node(r#"{"enum": ["a", 1.5]}"#)),
            STRING | FRACTION
        );
        assert_eq!(types_of(&node(r#"{"properties": {}}"#)), ANY);
    }

    #[test]
    fn merging_refuses_conflicts_and_flags_split_object_keywords() {
        let site = node(r##"{"$ref": "#/$defs/a", "description": "mine"}"##);
        let target = node(r#"{"type": "string", "description": "theirs"}"#);
        assert_eq!(
            merge_applicability(&site, 0, &target),
            Some(Applicability::Safe)
        );
        let site = node(r##"{"$ref": "#/$defs/a", "type": "integer"}"##);
        assert_eq!(merge_applicability(&site, 0, &target), None);
        let site = node(r##"{"$ref": "#/$defs/a", "additionalProperties": false}"##);
        let target = node(r#"{"type": "object", "properties": {"a": {}}}"#);
        assert_eq!(
            merge_applicability(&site, 0, &target),
            Some(Applicability::Unsafe)
        );
    }

    #[test]
    fn json_equality_is_by_value() {
        assert!(json_equal(&node("1"), &node("1.0")));
        assert!(json_equal(
            &node(r#"{"a": 1, "b": 2}"#),
            &node(r#"{"b": 2, "a": 1}"#)
        ));
        assert!(!json_equal(&node(r#""1""#), &node("1")));
    }
}
