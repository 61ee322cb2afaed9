use crate::engine::{Cx, Sub};
use crate::profile::KeywordStatus;
use crate::rules::{FixAvailability, FixCase, RuleFix};
use schemalint_diagnostics::Applicability;

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
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "when the schema's `description` is not a string",
            cases: &[
                FixCase {
                    when: "the `format` is not one the provider supports",
                    applicability: Applicability::Unsafe,
                    profiles: &["openai"],
                    effect: "removes `format` and appends `{format: \"…\"}` to `description`, as the SDK helpers do with formats outside their list. Unsafe: the format is no longer enforced.",
                    before: r##"{"type": "object", "properties": {"homepage": {"type": "string", "format": "uri", "description": "The company website"}}, "required": ["homepage"], "additionalProperties": false}"##,
                    after: r##"{"type": "object", "properties": {"homepage": {"type": "string", "description": "The company website\n\n{format: \"uri\"}"}}, "required": ["homepage"], "additionalProperties": false}"##,
                },
            ],
        },
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
    let ptr = sub.ptr().join("format");
    if let Some(unlisted) = &cx.profile.formats.unlisted {
        if unlisted.status == KeywordStatus::Ignored {
            let (evidence, source) = (unlisted.evidence, unlisted.source.clone());
            let allowed = cx.profile.formats.allowed.join(", ");
            super::ignored::emit(
                cx,
                &ptr,
                super::ignored::Finding {
                    what: format!("format `{format}`"),
                    keyword: "format",
                    span: node.span,
                    help: Some(format!("the formats enforced are {allowed}; for another one, validate every reply with `schemalint validate --schema <this schema>` (or use a `pattern`)")),
                    severity: None,
                    evidence,
                    source: &source,
                    fix: None,
                },
            );
            return;
        }
    }
    let allowed = cx.profile.formats.allowed.join(", ");
    let help = match format {
        "uri" | "url" | "uri-reference" | "iri" => {
            "remove `format` and use a `pattern` such as `^https?://`".to_owned()
        }
        "datetime" | "date_time" => "did you mean `date-time`?".to_owned(),
        _ => format!("use one of: {allowed}; or replace it with a `pattern`"),
    };
    let described = crate::fixes::described(cx.profile, sub)
        .filter(|d| sub.member("format").is_some_and(|f| d.moves(f)));
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
    .var("format", format)
    .fix(|layout| described?.fix(layout));
}
