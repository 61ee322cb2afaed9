use crate::engine::{Cx, Sub};
use crate::envelope::TargetKind;

declare_rule! {
    /// ## What it does
    /// Flags `anyOf` at the root of any strict schema and, for function parameters,
    /// any of `oneOf`, `anyOf`, `allOf`, `enum` and `not` at the root.
    ///
    /// ## Why is this bad?
    /// The root must be a plain object. A discriminated union at the top level (what
    /// Zod's `z.discriminatedUnion` produces) is rejected; for functions the API answers
    /// `schema must have type 'object' and not have 'oneOf'/'anyOf'/'allOf'/'enum'/'not' at the top level.`
    /// even without strict mode.
    ///
    /// ## Example
    /// ```json
    /// {"anyOf": [{"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": false},
    ///            {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"], "additionalProperties": false}]}
    /// ```
    ///
    /// ## Use instead
    /// Put the union in a property:
    /// ```json
    /// {"type": "object", "properties": {"result": {"anyOf": [
    ///   {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"], "additionalProperties": false},
    ///   {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"], "additionalProperties": false}]}},
    ///  "required": ["result"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Root objects must not be anyOf and must be an object" (seed 002's invalid example).
    /// - `spec/providers.md` §1.3.1 (function schemas, observed).
    pub(crate) static RULE = {
        id: "strict/root-combinator",
        severity: Error,
        summary: "The root schema is a union (`anyOf`) or, for functions, uses oneOf/anyOf/allOf/enum/not",
    };
}

pub(crate) const FUNCTION_ROOT_KEYWORDS: [&str; 5] = ["oneOf", "anyOf", "allOf", "enum", "not"];

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.is_root() {
        return;
    }
    let keywords: &[&str] = match cx.target.kind {
        TargetKind::Function => &FUNCTION_ROOT_KEYWORDS,
        TargetKind::ResponseFormat => &["anyOf"],
    };
    for &keyword in keywords {
        let Some(member) = sub.member(keyword) else {
            continue;
        };
        let ptr = sub.ptr().join(keyword);
        let what = if cx.target.kind == TargetKind::Function {
            "function parameters"
        } else {
            "the schema"
        };
        cx.report(&RULE, &ptr, member.key_span, format!("`{keyword}` at the root of {what}; the root must be a plain object schema"))
            .help("wrap it: make the root `{\"type\": \"object\"}` with one required property whose schema holds the union")
            .var("keyword", keyword)
            .var("found", "None");
    }
}
