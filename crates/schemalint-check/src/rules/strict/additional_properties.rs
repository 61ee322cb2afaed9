use schemalint_diagnostics::{Applicability, Edit, Fix};

use crate::engine::{Cx, Sub};
use crate::fix::{Piece, Place};
use crate::rules::{FixAvailability, FixCase, RuleFix};
use crate::source::Value;

declare_rule! {
    /// ## What it does
    /// Requires every object schema (`"type": "object"`, or untyped with `properties`)
    /// to set `"additionalProperties": false` — in `properties`, `items`, `anyOf`
    /// branches and `$defs` alike, and also for objects without properties.
    ///
    /// ## Why is this bad?
    /// Strict mode only generates the keys you list, so it insists you say so. Missing,
    /// `true` or a schema value is rejected:
    /// `In context=('properties', 'address'), 'additionalProperties' is required to be supplied and to be false.`
    /// A `dict`/`Record` field (an open map) cannot be expressed; model it as an array
    /// of key/value objects.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "additionalProperties: false must always be set in objects".
    /// - Seed 002: 必须始终设置 additionalProperties: false.
    /// - `spec/providers.md` §1.3.2 (also for `type: ["object", "null"]` on the Responses API).
    pub(crate) static RULE = {
        id: "strict/additional-properties",
        severity: Error,
        summary: "An object schema does not set `additionalProperties: false`",
        fix: RuleFix {
            availability: FixAvailability::Always,
            unavailable: "",
            cases: &[
                FixCase {
                    when: "`additionalProperties` is missing",
                    applicability: Applicability::Safe,
                    profiles: &[],
                    effect: "adds `\"additionalProperties\": false` after `required` (or `properties`). \
                             Strict mode never generates a key the schema does not list, so every \
                             output the model can produce stays valid.",
                    before: r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}"#,
                    after: r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}"#,
                },
                FixCase {
                    when: "`additionalProperties` is `true` or a schema",
                    applicability: Applicability::Unsafe,
                    profiles: &[],
                    effect: "sets it to `false`. The schema asked for extra keys (an open map): \
                             afterwards the model can no longer produce them.",
                    before: r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": {"type": "string"}}"#,
                    after: r#"{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": false}"#,
                },
            ],
        },
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.is_object_schema() {
        return;
    }
    // Where closed objects are only recommended (DashScope), say so.
    let requires = if cx.profile.severity(RULE.id) == Some(schemalint_diagnostics::Severity::Error)
    {
        "strict mode requires `false`".to_owned()
    } else {
        format!(
            "{} recommends `false` (extra keys may appear in the output)",
            cx.profile.provider
        )
    };
    let member = sub.member("additionalProperties");
    let (message, span) = match member {
        None => (
            format!("object schema does not set `additionalProperties`; {requires}"),
            sub.span(),
        ),
        Some(m) => match &m.value.value {
            Value::Bool(false) => return,
            Value::Bool(true) => (
                format!("`additionalProperties` is `true`; {requires}"),
                m.value.span,
            ),
            _ => (
                format!("`additionalProperties` is a schema (an open map); {requires}"),
                m.value.span,
            ),
        },
    };
    let node = sub.node;
    let help = if sub
        .get("additionalProperties")
        .is_some_and(|n| n.is_object())
    {
        "set `\"additionalProperties\": false`; model a map as an array of `{\"key\", \"value\"}` objects"
    } else {
        "add `\"additionalProperties\": false` to this object"
    };
    cx.report(&RULE, &sub.ptr(), span, message)
        .help(help)
        .fix(|layout| {
            Some(match member {
                // Strict mode never generates an unlisted key: closing the object keeps
                // every output it can produce valid.
                None => Fix::safe(
                    "add `\"additionalProperties\": false`",
                    vec![layout.insert_member(
                        node,
                        "additionalProperties",
                        &Piece::Scalar(false.into()),
                        Place::After(&["required", "properties"]),
                    )],
                ),
                // The schema asked for extra keys: closing it changes what it means.
                Some(m) => Fix::unsafe_(
                    "set `additionalProperties` to `false` (extra keys are no longer allowed)",
                    vec![Edit::replace(m.value.span, "false")],
                ),
            })
        });
}
