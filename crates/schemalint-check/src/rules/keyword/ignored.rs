use crate::engine::{Cx, Sub};
use crate::profile::{Evidence, KeywordSetting};
use crate::source::Member;

declare_rule! {
    /// ## What it does
    /// Flags constraints the provider accepts but silently drops instead of enforcing:
    /// keywords a profile marks `ignored` (vLLM with xgrammar ignores `multipleOf`,
    /// `uniqueItems`, `contains`, `patternProperties`, `propertyNames`, …), and keywords
    /// that are only enforced next to another one (Gemini's `responseJsonSchema` ignores
    /// an `enum` without `type`).
    ///
    /// ## Why is this bad?
    /// Nothing rejects the request, so nothing tells you: the model's output can break
    /// the constraint and still be returned as "structured". The finding says the
    /// constraint is ignored, not enforced, and that the reply must be checked after it
    /// arrives (`schemalint validate --schema … reply.json`).
    ///
    /// ## Example
    /// For `gemini`:
    /// ```json
    /// {"type": "object", "properties": {"level": {"enum": ["low", "high"]}}, "required": ["level"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"level": {"type": "string", "enum": ["low", "high"]}}, "required": ["level"]}
    /// ```
    /// Or keep the constraint and validate every reply with `schemalint validate`.
    ///
    /// ## Sources
    /// - pydantic/pydantic-ai#3610 (Gemini enforces `enum` only with `type`; `const` is ignored).
    /// - xgrammar's JSON Schema converter (unsupported keywords are skipped, not rejected); each profile names its source.
    pub(crate) static RULE = {
        id: "keyword/ignored",
        severity: Warning,
        summary: "A constraint the provider silently ignores (not enforced: validate the reply)",
    };
}

/// Reports `keyword` as ignored; `missing` names the keyword it would need beside it.
pub(crate) fn report(
    cx: &mut Cx<'_>,
    sub: &Sub<'_>,
    keyword: &str,
    member: &Member,
    setting: &KeywordSetting,
    missing: Option<&String>,
) {
    let why = match missing {
        Some(needed) => format!(" without `{needed}` next to it"),
        None => String::new(),
    };
    let help = match (missing, &setting.help) {
        (_, Some(help)) => help.clone(),
        (Some(needed), None) => format!("add `{needed}`, or validate every reply with `schemalint validate --schema <this schema>`"),
        (None, None) => "keep it if you like, but validate every reply with `schemalint validate --schema <this schema>`: the provider will not enforce it".to_owned(),
    };
    cx.report(
        &RULE,
        &sub.ptr().join(keyword),
        member.key_span,
        format!(
            "`{keyword}`{why} is ignored by {}, not enforced: a reply can break it; validate the output after the reply with `schemalint validate`",
            cx.profile.provider
        ),
    )
    .help(help)
    .var("keyword", keyword)
    .level(setting.severity)
    .evidence_text(format!(
        "evidence: {}; source: {}",
        match setting.evidence {
            Evidence::Documented => "documented by the provider",
            Evidence::Observed => "observed: accepted and then not enforced, in public reports",
            Evidence::Sdk => "an official SDK drops it",
            Evidence::Inferred => "inferred, not observed directly",
        },
        setting.source
    ));
}
