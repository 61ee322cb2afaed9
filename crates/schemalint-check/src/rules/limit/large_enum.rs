use crate::engine::{value_length, Cx, Sub};
use crate::source::Node;

declare_rule! {
    /// ## What it does
    /// For a single `enum` of string values with more values than the profile's
    /// threshold (OpenAI: 250), checks that the values' total length stays within the
    /// limit (OpenAI: 15,000 characters).
    ///
    /// ## Why is this bad?
    /// The provider rejects the schema.
    ///
    /// ## Example
    /// An enum of 300 product descriptions of 60 characters each (18,000 characters).
    ///
    /// ## Use instead
    /// Use short codes as enum values and describe them in `description`, or split the
    /// enum.
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "Limitations on enum size" (seed 002: more than 250 values → 15,000 characters).
    /// - `spec/providers.md` §1.5 (7,500 at launch).
    pub(crate) static RULE = {
        id: "limit/large-enum",
        severity: Error,
        summary: "A long string enum exceeds the provider's character limit",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let (Some(threshold), Some(limit)) = (
        cx.profile.limits.large_enum_values,
        cx.profile.limits.large_enum_length,
    ) else {
        return;
    };
    let Some(node) = sub.get("enum") else { return };
    let Some(values) = node.as_array() else {
        return;
    };
    if values.len() <= threshold || !values.iter().all(|v| v.as_str().is_some()) {
        return;
    }
    let length: usize = values.iter().map(|v: &Node| value_length(cx.doc, v)).sum();
    if length <= limit {
        return;
    }
    let ptr = sub.ptr().join("enum");
    let count = values.len();
    cx.report(&RULE, &ptr, node.span, format!("this enum has {count} string values totalling {length} characters; above {threshold} values the limit is {limit}"))
        .help("use short codes as values and explain them in `description`, or split the enum")
        .var("found", length.to_string())
        .var("limit", limit.to_string())
        .var("count", count.to_string());
}
