use crate::rules::{FixAvailability, FixCase, RuleFix};
use schemalint_diagnostics::Applicability;

declare_rule! {
    /// ## What it does
    /// Flags a supported keyword used with a value the provider does not accept, per the
    /// profile's keyword table (`values = […]`). Anthropic accepts `minItems` only with
    /// the values 0 and 1.
    ///
    /// ## Why is this bad?
    /// The request is rejected with a 400 naming the constraint; the keyword itself is
    /// fine, only its value is out of range.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}, "minItems": 2}}, "required": ["tags"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}, "minItems": 1, "description": "At least two tags"}}, "required": ["tags"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs, "JSON Schema limitations": `minItems` supports only 0 and 1.
    /// - `spec/providers.md` §6.2.
    pub(crate) static RULE = {
        id: "keyword/unsupported-value",
        severity: Error,
        summary: "A keyword has a value the provider does not accept (e.g. `minItems` > 1)",
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "when the schema's `description` is not a string",
            cases: &[
                FixCase {
                    when: "a value the provider does not accept (`minItems` other than 0 or 1)",
                    applicability: Applicability::Unsafe,
                    profiles: &["anthropic"],
                    effect: "removes the keyword and appends `{minItems: 2}` to `description`, as anthropic-sdk-python's `transform_schema` does. Unsafe: the bound is no longer enforced.",
                    before: r##"{"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}, "minItems": 2}}, "required": ["tags"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}, "description": "{minItems: 2}"}}, "required": ["tags"], "additionalProperties": false}"##,
                },
            ],
        },
    };
}

/// Whether `value` equals one of `allowed` (numbers compared numerically).
pub(crate) fn accepted(value: &serde_json::Value, allowed: &[serde_json::Value]) -> bool {
    allowed.iter().any(|a| match (a.as_f64(), value.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == value,
    })
}

pub(crate) fn list(allowed: &[serde_json::Value]) -> String {
    let items: Vec<String> = allowed.iter().map(|v| v.to_string()).collect();
    match items.as_slice() {
        [] => "no value".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
