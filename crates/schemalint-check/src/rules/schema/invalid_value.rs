use crate::engine::{Cx, Sub, SINGLE_SUBSCHEMA_KEYWORDS};
use crate::rules::keyword::JSON_SCHEMA_KEYWORDS;
use crate::source::{Node, Value};

declare_rule! {
    /// ## What it does
    /// Flags keyword values that are not valid JSON Schema: `type` that is not a type
    /// name (or list of them), `required` that is not an array of unique strings,
    /// `enum` that is not an array, an empty `anyOf`, a non-numeric bound, a negative
    /// `minItems`, a non-positive `multipleOf`, a draft-04 boolean `exclusiveMinimum`, …
    ///
    /// ## Why is this bad?
    /// The provider validates the schema against the JSON Schema meta-schema first and
    /// rejects it; other tools silently misread it.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"age": {"type": "int", "minimum": "0"}}, "required": ["age"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"age": {"type": "integer", "minimum": 0}}, "required": ["age"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - JSON Schema 2020-12 validation and applicator vocabularies (keyword value syntax).
    pub(crate) static RULE = {
        id: "schema/invalid-value",
        severity: Error,
        summary: "A keyword's value is not valid JSON Schema",
    };
}

const TYPE_NAMES: [&str; 7] = [
    "string", "number", "integer", "boolean", "object", "array", "null",
];

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(members) = sub.node.as_object() else {
        return;
    };
    let kinds = kinds();
    for (i, m) in members.iter().enumerate() {
        // Only JSON Schema keywords have a value to check.
        let Some(id) = sub.keyword_id(i) else {
            continue;
        };
        let kind = kinds[id.index()];
        // A profile may accept other spellings (Gemini's `STRING`).
        if kind == Kind::Type && type_names_allowed(cx, &m.value) {
            continue;
        }
        if let Some((problem, help)) = problem(&m.key, kind, &m.value) {
            let ptr = sub.ptr().join(&*m.key);
            cx.report(&RULE, &ptr, m.value.span, format!("`{}` {problem}", m.key))
                .help(help);
        }
    }
}

fn type_names_allowed(cx: &Cx<'_>, value: &Node) -> bool {
    let known = |t: &str| TYPE_NAMES.contains(&t) || cx.profile.allows_type(t);
    match &value.value {
        Value::String(s) => !TYPE_NAMES.contains(&&**s) && cx.profile.allows_type(s),
        Value::Array(items) => {
            items
                .iter()
                .any(|i| i.as_str().is_some_and(|t| !TYPE_NAMES.contains(&t)))
                && items.iter().all(|i| i.as_str().is_some_and(known))
        }
        _ => false,
    }
}

/// What a keyword's value must be, by the shape of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Type,
    Required,
    Enum,
    SchemaList,
    Schema,
    SchemaMap,
    Text,
    Number,
    ExclusiveBound,
    MultipleOf,
    Count,
    Flag,
    /// Nothing checked here (`properties`, `items`, `const`, `default`, …).
    Unchecked,
}

/// The kind of each JSON Schema keyword, indexed by keyword id: worked out once, so the
/// walk does not compare every member's key against every keyword below.
fn kinds() -> &'static [Kind] {
    static KINDS: std::sync::OnceLock<Vec<Kind>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| JSON_SCHEMA_KEYWORDS.iter().map(|k| kind_of(k)).collect())
}

fn kind_of(keyword: &str) -> Kind {
    match keyword {
        "type" => Kind::Type,
        "required" => Kind::Required,
        "enum" => Kind::Enum,
        "anyOf" | "oneOf" | "allOf" | "prefixItems" => Kind::SchemaList,
        k if SINGLE_SUBSCHEMA_KEYWORDS.contains(&k) => Kind::Schema,
        "$defs" | "definitions" | "dependentSchemas" | "patternProperties" => Kind::SchemaMap,
        "$ref" | "pattern" | "format" | "title" | "description" | "$comment" | "$schema"
        | "$id" | "$anchor" => Kind::Text,
        "minimum" | "maximum" => Kind::Number,
        "exclusiveMinimum" | "exclusiveMaximum" => Kind::ExclusiveBound,
        "multipleOf" => Kind::MultipleOf,
        "minItems" | "maxItems" | "minLength" | "maxLength" | "minProperties" | "maxProperties"
        | "minContains" | "maxContains" => Kind::Count,
        "uniqueItems" | "deprecated" | "readOnly" | "writeOnly" => Kind::Flag,
        _ => Kind::Unchecked,
    }
}

/// What is wrong with `value` as the value of `keyword` (of `kind`), and how to fix it.
fn problem(keyword: &str, kind: Kind, value: &Node) -> Option<(String, String)> {
    let found = value.value.type_name();
    let is_number = matches!(value.value, Value::Number(_));
    let non_negative_integer = |v: &Node| match &v.value {
        Value::Number(n) => !n.starts_with('-') && n.parse::<u64>().is_ok(),
        _ => false,
    };
    match kind {
        Kind::Type => match &value.value {
            Value::String(s) => (!TYPE_NAMES.contains(&&**s)).then(|| {
                let suggestion = match &**s {
                    "int" | "long" => "integer",
                    "float" | "double" | "decimal" => "number",
                    "bool" => "boolean",
                    "str" | "text" => "string",
                    "list" | "tuple" => "array",
                    "dict" | "map" => "object",
                    other => TYPE_NAMES
                        .iter()
                        .copied()
                        .find(|t| t.eq_ignore_ascii_case(other))
                        .unwrap_or("one of the seven type names"),
                };
                (
                    format!("`{s}` is not a JSON Schema type"),
                    format!("use `{suggestion}` (types: {})", TYPE_NAMES.join(", ")),
                )
            }),
            Value::Array(items) => {
                let mut seen = Vec::new();
                for item in items {
                    match item.as_str() {
                        Some(t) if TYPE_NAMES.contains(&t) && !seen.contains(&t) => seen.push(t),
                        Some(t) if seen.contains(&t) => {
                            return Some((
                                format!("lists `{t}` twice"),
                                "list each type once".into(),
                            ))
                        }
                        Some(t) => {
                            return Some((
                                format!("has `{t}`, which is not a JSON Schema type"),
                                format!("types: {}", TYPE_NAMES.join(", ")),
                            ))
                        }
                        None => {
                            return Some((
                                "must hold type names (strings)".into(),
                                "write e.g. `[\"string\", \"null\"]`".into(),
                            ))
                        }
                    }
                }
                items
                    .is_empty()
                    .then(|| ("is an empty array".into(), "name at least one type".into()))
            }
            _ => Some((
                format!("is a JSON {found}; it must be a type name or an array of them"),
                "write e.g. `\"string\"` or `[\"string\", \"null\"]`".into(),
            )),
        },
        Kind::Required => match value.as_array() {
            None => Some((
                format!("is a JSON {found}; it must be an array of property names"),
                "write `\"required\": [\"a\", \"b\"]`".into(),
            )),
            Some(items) => {
                if items.iter().any(|i| i.as_str().is_none()) {
                    return Some((
                        "must contain only strings (property names)".into(),
                        "list property names as strings".into(),
                    ));
                }
                let names: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
                // A strictly sorted list cannot repeat a name; otherwise, a set.
                let dup = if names.windows(2).all(|w| w[0] < w[1]) {
                    None
                } else {
                    let mut seen = std::collections::HashSet::with_capacity_and_hasher(
                        names.len(),
                        crate::hash::BuildFx,
                    );
                    names.iter().find(|n| !seen.insert(**n)).copied()
                };
                dup.map(|d| {
                    (
                        format!("lists `{d}` twice"),
                        "list each property once".into(),
                    )
                })
            }
        },
        Kind::Enum => value.as_array().is_none().then(|| {
            (
                format!("is a JSON {found}; it must be an array of values"),
                "write `\"enum\": [\"a\", \"b\"]`".into(),
            )
        }),
        Kind::SchemaList => match value.as_array() {
            None => Some((
                format!("is a JSON {found}; it must be an array of schemas"),
                format!("write `\"{keyword}\": [{{…}}, {{…}}]`"),
            )),
            Some([]) => Some((
                "is empty; it needs at least one schema".into(),
                "add the alternatives, or remove the keyword".into(),
            )),
            Some(items) => items
                .iter()
                .any(|i| !i.is_object() && !matches!(i.value, Value::Bool(_)))
                .then(|| {
                    (
                        "must contain only schemas (objects)".into(),
                        "make every entry a schema object".into(),
                    )
                }),
        },
        Kind::Schema => (!value.is_object() && !matches!(value.value, Value::Bool(_))).then(|| {
            (
                format!("is a JSON {found}; it must be a schema or a boolean"),
                "write a schema object or `false`".into(),
            )
        }),
        Kind::SchemaMap => (!value.is_object()).then(|| {
            (
                format!("is a JSON {found}; it must be an object mapping names to schemas"),
                "write `{\"name\": {schema}}`".into(),
            )
        }),
        Kind::Text => value.as_str().is_none().then(|| {
            (
                format!("is a JSON {found}; it must be a string"),
                "write it as a JSON string".into(),
            )
        }),
        Kind::Number => (!is_number).then(|| {
            (
                format!("is a JSON {found}; it must be a number"),
                "write the bound as a JSON number, without quotes".into(),
            )
        }),
        Kind::ExclusiveBound => match value.value {
            Value::Bool(_) => Some((
                "is a boolean (draft-04 style); since draft-06 it is the bound itself".into(),
                format!(
                    "replace `\"{}\": {{n}}, \"{keyword}\": true` with `\"{keyword}\": {{n}}`",
                    if keyword == "exclusiveMinimum" {
                        "minimum"
                    } else {
                        "maximum"
                    }
                ),
            )),
            _ => (!is_number).then(|| {
                (
                    format!("is a JSON {found}; it must be a number"),
                    "write the bound as a JSON number".into(),
                )
            }),
        },
        Kind::MultipleOf => match &value.value {
            Value::Number(n)
                if !n.starts_with('-')
                    && n.split(['e', 'E'])
                        .next()
                        .is_some_and(|m| m.bytes().any(|b| (b'1'..=b'9').contains(&b))) =>
            {
                None
            }
            _ => Some((
                "must be a number greater than 0".into(),
                "use a positive number such as `0.01`".into(),
            )),
        },
        Kind::Count => (!non_negative_integer(value)).then(|| {
            (
                format!("must be a non-negative integer, not `{}`", short(value)),
                "write a whole number ≥ 0".into(),
            )
        }),
        Kind::Flag => (!matches!(value.value, Value::Bool(_))).then(|| {
            (
                format!("is a JSON {found}; it must be a boolean"),
                "write `true` or `false`".into(),
            )
        }),
        Kind::Unchecked => None,
    }
}

fn short(value: &Node) -> String {
    match &value.value {
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("\"{s}\""),
        other => other.type_name().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_checked_keyword_is_a_json_schema_keyword_with_a_kind() {
        // The walk only asks about JSON Schema keywords (by id); a checked keyword
        // missing from the list would silently go unchecked.
        let kinds = kinds();
        assert_eq!(kinds.len(), JSON_SCHEMA_KEYWORDS.len());
        let checked = [
            "type",
            "required",
            "enum",
            "anyOf",
            "not",
            "$defs",
            "description",
        ];
        for name in checked.iter().chain(SINGLE_SUBSCHEMA_KEYWORDS) {
            let id = crate::rules::keyword::keyword_id(name).expect(name);
            assert_ne!(kinds[id.index()], Kind::Unchecked, "{name}");
        }
        assert!(JSON_SCHEMA_KEYWORDS.len() < usize::from(u8::MAX));
    }

    fn required_problem(names: &str) -> Option<String> {
        let text = format!("[{names}]");
        let doc = crate::source::parse("t.json", &text)
            .map_err(|(_, e)| e)
            .unwrap();
        problem("required", Kind::Required, &doc.root).map(|(p, _)| p)
    }

    #[test]
    fn required_names_repeated_sorted_or_not_are_found() {
        assert_eq!(required_problem(r#""a", "b", "c""#), None);
        assert_eq!(required_problem(r#""c", "a", "b""#), None);
        assert_eq!(
            required_problem(r#""a", "b", "b", "c""#).as_deref(),
            Some("lists `b` twice")
        );
        assert_eq!(
            required_problem(r#""c", "a", "c""#).as_deref(),
            Some("lists `c` twice")
        );
    }
}
