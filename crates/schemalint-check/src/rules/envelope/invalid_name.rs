use crate::engine::Cx;

declare_rule! {
    /// ## What it does
    /// Checks the schema name (`json_schema.name`, Responses `text.format.name`) and
    /// function names: only `a-z`, `A-Z`, `0-9`, `_` and `-`, at most 64 characters.
    ///
    /// ## Why is this bad?
    /// The API rejects the request before it reads the schema:
    /// `Invalid 'response_format.json_schema.name': string does not match pattern.
    /// Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`
    ///
    /// ## Example
    /// ```json
    /// {"name": "person record", "strict": true, "schema": {"type": "object", "properties": {}, "required": [], "additionalProperties": false}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"name": "person_record", "strict": true, "schema": {"type": "object", "properties": {}, "required": [], "additionalProperties": false}}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI API reference, `response_format.json_schema.name` and `function.name`.
    /// - `spec/providers.md` §1.1 (the verbatim pattern error).
    pub(crate) static RULE = {
        id: "envelope/invalid-name",
        severity: Error,
        summary: "A schema or function name is empty, too long, or has characters outside [a-zA-Z0-9_-]",
    };
}

/// The usual limit (OpenAI, Azure); a profile may set `limits.name_length`.
const MAX_NAME_LENGTH: usize = 64;

pub(crate) fn check(cx: &mut Cx<'_>) {
    let max_length = cx.profile.limits.name_length.unwrap_or(MAX_NAME_LENGTH);
    let index = cx.target.index.unwrap_or(0).to_string();
    let Some(name) = cx.target.name.clone() else {
        return;
    };
    let Some(member) = cx.doc.root.pointer_member(name.pointer.as_str()) else {
        return;
    };
    let span = member.value.span;
    let param = cx.target.surface.name_param(cx.target.index);
    let length = name.value.chars().count();
    let valid_chars = !name.value.is_empty()
        && name
            .value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid_chars {
        let bad: String = name
            .value
            .chars()
            .filter(|c| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
            .take(5)
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let message = if name.value.is_empty() {
            "the name is empty; it must match ^[a-zA-Z0-9_-]+$".to_owned()
        } else {
            format!(
                "the name `{}` has characters outside [a-zA-Z0-9_-] ({bad})",
                name.value
            )
        };
        cx.report(&RULE, &name.pointer, span, message)
            .help("use only letters, digits, `_` and `-`, e.g. replace spaces and dots with `_`")
            .var("param", param.clone())
            .var("index", index.clone())
            .var(
                "detail",
                if name.value.is_empty() {
                    "string too short. Expected a string with minimum length 1, but got an empty string instead.".to_owned()
                } else {
                    "string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.".to_owned()
                },
            );
    }
    if length > max_length {
        cx.report(&RULE, &name.pointer, span, format!("the name is {length} characters long; at most {max_length} are allowed"))
            .help("shorten the name; it only identifies the schema or function")
            .var("param", param)
            .var("index", index)
            .var(
                "detail",
                format!("string too long. Expected a string with maximum length {max_length}, but got a string with length {length} instead."),
            );
    }
}
