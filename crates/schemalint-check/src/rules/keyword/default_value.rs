use schemalint_diagnostics::Applicability;

use crate::rules::{FixAvailability, FixCase, RuleFix};

declare_rule! {
    /// ## What it does
    /// Flags `default` anywhere in a strict schema.
    ///
    /// ## Why is this bad?
    /// Strict mode makes every field required, so a default is never applied by the
    /// model. OpenAI rejected `default` in 2024 (`'default' is not permitted`); in
    /// Aug 2026 api.openai.com accepted it, Azure still rejects non-null defaults. A
    /// warning for OpenAI; the Azure profile makes it an error.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"limit": {"type": "integer", "default": 10}}, "required": ["limit"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"limit": {"type": "integer", "description": "Use 10 unless asked otherwise"}}, "required": ["limit"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §1.4 (rows K1–K3; openai/openai-agents-python#4390 and #4426).
    pub(crate) static RULE = {
        id: "keyword/default-value",
        severity: Warning,
        summary: "`default` in a strict schema (ignored, or rejected by some providers)",
        fix: RuleFix {
            availability: FixAvailability::Always,
            unavailable: "",
            cases: &[
                FixCase {
                    when: "a schema has `default`",
                    applicability: Applicability::Unsafe,
                    profiles: &[],
                    effect: "removes the `default` member. The model never applied it, so outputs \
                             do not change, but the value is gone from the schema: if it carried \
                             meaning, say it in `description`.",
                    before: r#"{"type": "object", "properties": {"limit": {"type": "integer", "default": 10}}, "required": ["limit"], "additionalProperties": false}"#,
                    after: r#"{"type": "object", "properties": {"limit": {"type": "integer"}}, "required": ["limit"], "additionalProperties": false}"#,
                },
            ],
        },
    };
}
