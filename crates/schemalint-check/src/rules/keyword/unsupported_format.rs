use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Flags a `format` the profile does not list. OpenAI accepts `date-time`, `time`,
    /// `date`, `duration`, `email`, `hostname`, `ipv4`, `ipv6` and `uuid`.
    ///
    /// ## Why is this bad?
    /// The API answers `'uri' is not a valid format.`
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"homepage": {"type": "string", "format": "uri"}}, "required": ["homepage"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"homepage": {"type": "string", "pattern": "^https?://"}}, "required": ["homepage"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Supported properties" (the nine formats; seed 002).
    /// - `spec/providers.md` §1.2 (rows F1–F2).
    pub(crate) static RULE = {
        id: "keyword/unsupported-format",
        severity: Error,
        summary: "A `format` the provider does not support",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(node) = sub.get("format") else {
        return;
    };
    let Some(format) = node.as_str() else { return };
    if cx.profile.allows_format(format) {
        return;
    }
    let allowed = cx.profile.formats.allowed.join(", ");
    let help = match format {
        "uri" | "url" | "uri-reference" | "iri" => {
            "remove `format` and use a `pattern` such as `^https?://`".to_owned()
        }
        "datetime" | "date_time" => "did you mean `date-time`?".to_owned(),
        _ => format!("use one of: {allowed}; or replace it with a `pattern`"),
    };
    let ptr = sub.ptr().join("format");
    cx.report(
        &RULE,
        &ptr,
        node.span,
        format!(
            "format `{format}` is not supported by {} (supported: {allowed})",
            cx.profile.provider
        ),
    )
    .help(help)
    .var("format", format);
}
