use crate::rules::{FixAvailability, FixCase, RuleFix};
use schemalint_diagnostics::Applicability;

declare_rule! {
    /// ## What it does
    /// Flags keys in a schema object that are not JSON Schema keywords at all, such as
    /// OpenAPI's `nullable`, a typo like `propeties`, or tool-specific extensions.
    ///
    /// ## Why is this bad?
    /// The provider either rejects them or ignores them; either way the constraint you
    /// meant is not applied. A typo of a real keyword silently drops that keyword.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"note": {"type": "string", "nullable": true}}, "required": ["note"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"note": {"type": ["string", "null"]}}, "required": ["note"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - JSON Schema 2020-12 core and validation vocabularies (the keyword list).
    /// - OpenAI, Structured Outputs: "Supported schemas".
    pub(crate) static RULE = {
        id: "keyword/unknown",
        severity: Warning,
        summary: "A key that is not a JSON Schema keyword",
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "where the profile only warns about unknown keys (they are ignored there), except OpenAPI's `discriminator`",
            cases: &[
                FixCase {
                    when: "the provider rejects keys that are not JSON Schema keywords",
                    applicability: Applicability::Unsafe,
                    profiles: &["anthropic"],
                    effect: "moves the key into `description` as `{key: value}`, as the SDK helpers do with every key they do not pass on.",
                    before: r##"{"type": "object", "properties": {"query": {"type": "string", "x-order": 1}}, "required": ["query"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"query": {"type": "string", "description": "{x-order: 1}"}}, "required": ["query"], "additionalProperties": false}"##,
                },
                FixCase {
                    when: "OpenAPI's `discriminator` (Pydantic writes it beside a discriminated union)",
                    applicability: Applicability::Unsafe,
                    profiles: &["openai"],
                    effect: "removes it: it only annotates branches that their `const` values already tell apart.",
                    before: r##"{"type": "object", "properties": {"pet": {"anyOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}], "discriminator": {"propertyName": "kind"}}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Cat": {"type": "object", "properties": {"kind": {"type": "string", "const": "cat"}}, "required": ["kind"], "additionalProperties": false}, "Dog": {"type": "object", "properties": {"kind": {"type": "string", "const": "dog"}}, "required": ["kind"], "additionalProperties": false}}}"##,
                    after: r##"{"type": "object", "properties": {"pet": {"anyOf": [{"$ref": "#/$defs/Cat"}, {"$ref": "#/$defs/Dog"}]}}, "required": ["pet"], "additionalProperties": false, "$defs": {"Cat": {"type": "object", "properties": {"kind": {"type": "string", "const": "cat"}}, "required": ["kind"], "additionalProperties": false}, "Dog": {"type": "object", "properties": {"kind": {"type": "string", "const": "dog"}}, "required": ["kind"], "additionalProperties": false}}}"##,
                },
            ],
        },
    };
}

/// A fix: the usual translation, or the closest real keyword for a typo.
pub(crate) fn help(keyword: &str) -> String {
    match keyword {
        "nullable" => {
            return "write `\"type\": [\"<type>\", \"null\"]` instead of OpenAPI's `nullable`"
                .to_owned()
        }
        "example" => {
            return "use `examples` (an array) or put the example in `description`".to_owned()
        }
        "propertyOrdering" => {
            return "remove it; OpenAI emits keys in schema order already".to_owned()
        }
        _ => {}
    }
    match closest(keyword) {
        Some(known) => format!("did you mean `{known}`?"),
        None => "remove it, or move the information into `description`".to_owned(),
    }
}

fn closest(keyword: &str) -> Option<&'static str> {
    super::JSON_SCHEMA_KEYWORDS
        .iter()
        .map(|k| {
            (
                edit_distance(&keyword.to_ascii_lowercase(), &k.to_ascii_lowercase()),
                *k,
            )
        })
        .filter(|(d, k)| *d <= 2.min(k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_keyword_a_typo_meant() {
        assert_eq!(closest("propeties"), Some("properties"));
        assert_eq!(closest("addtionalProperties"), Some("additionalProperties"));
        assert_eq!(closest("x-internal"), None);
    }
}
