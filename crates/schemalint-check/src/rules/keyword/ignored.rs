use crate::rules::{FixAvailability, FixCase, RuleFix};
use schemalint_diagnostics::Applicability;
use schemalint_diagnostics::{Fix, Span};

use crate::engine::{Cx, Sub};
use crate::fix::{Layout, Piece, Place};
use crate::profile::{Evidence, KeywordSetting, KeywordStatus, Level};
use crate::rules::strict::missing_type::{derived_type, json_type};
use crate::source::{JsonPointer, Member, Node, Value};

declare_rule! {
    /// ## What it does
    /// Flags constraints the provider accepts but silently drops instead of enforcing,
    /// as the profile says:
    /// - keywords it marks `ignored` (xgrammar ignores `multipleOf`, `uniqueItems`,
    ///   `contains`; xAI treats `not` and `if`/`then`/`else` as best-effort), and unlisted
    ///   keywords when `[unlisted_keywords] status = "ignored"`;
    /// - keywords only enforced next to another one (`requires`: Gemini's
    ///   `responseJsonSchema` ignores an `enum` without `type`), or dropped next to one
    ///   (`ignored_with`: xgrammar drops `minLength`/`maxLength` beside `pattern` or
    ///   `format`, and `patternProperties` beside `properties`);
    /// - values past what is enforced (`enforced_up_to`: xAI guarantees `maxLength` up to
    ///   2,048 and `allOf` with one subschema);
    /// - formats outside the profile's list when `[formats] unlisted` is `ignored`, and
    ///   regex features under `[patterns] ignore` (xgrammar ignores lookaround).
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
    /// - xgrammar docs, "Supported JSON Schema"; sgl-project/sglang#40083 (`uniqueItems`, `multipleOf`
    ///   accepted with HTTP 200 and not enforced); vllm-project/vllm#45592 (length bound dropped
    ///   next to `pattern`).
    /// - xAI, Structured outputs, "Best-effort keywords" and "Constraint limits".
    /// - Each profile entry names its own source.
    pub(crate) static RULE = {
        id: "keyword/ignored",
        severity: Warning,
        summary: "A constraint the provider silently ignores (not enforced: validate the reply)",
        fix: RuleFix {
            availability: FixAvailability::Sometimes,
            unavailable: "for constraints the provider drops whatever is beside them (xgrammar's `multipleOf`, `uniqueItems`, …): keep them and validate the reply",
            cases: &[
                FixCase {
                    when: "an `enum` without `type`, or a `const`, which Gemini accepts and ignores",
                    applicability: Applicability::Safe,
                    profiles: &["gemini"],
                    effect: "adds the `type` the values imply, and writes `const` as a one-value `enum` with its type, which Gemini enforces. The same values are valid.",
                    before: r##"{"type": "object", "properties": {"level": {"enum": ["low", "high"]}, "currency": {"const": "USD"}}, "required": ["level", "currency"]}"##,
                    after: r##"{"type": "object", "properties": {"level": {"type": "string", "enum": ["low", "high"]}, "currency": {"enum": ["USD"], "type": "string"}}, "required": ["level", "currency"]}"##,
                },
            ],
        },
    };
}

/// Why a constraint is not enforced.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Why<'a> {
    /// The provider drops this keyword wherever it is.
    Always,
    /// Only enforced with this keyword beside it (Gemini: `enum` needs `type`).
    Without(&'a str),
    /// Dropped when this keyword sits beside it (xgrammar: `maxLength` next to `pattern`).
    Beside(&'a str),
    /// Enforced up to this value (or number of subschemas); this one is past it.
    Beyond(f64),
}

/// What was ignored and on what evidence.
pub(crate) struct Finding<'a> {
    /// The constraint, as shown: `` `maxLength` ``, `` format `hostname` ``.
    pub what: String,
    pub keyword: &'a str,
    pub span: Span,
    pub help: Option<String>,
    pub severity: Option<Level>,
    pub evidence: Evidence,
    pub source: &'a str,
    /// A fix that makes the provider enforce the constraint, with the schema and member.
    pub fix: Option<(Plan, &'a Node, &'a Member)>,
}

/// Reports `keyword` of `sub` as ignored, for the reason `why`.
pub(crate) fn report(
    cx: &mut Cx<'_>,
    sub: &Sub<'_>,
    keyword: &str,
    member: &Member,
    setting: &KeywordSetting,
    why: Why<'_>,
) {
    let what = match why {
        Why::Always => format!("`{keyword}`"),
        Why::Without(needed) => format!("`{keyword}` without `{needed}` next to it"),
        Why::Beside(other) => format!("`{keyword}` next to `{other}`"),
        Why::Beyond(limit) => match member.value.as_array() {
            Some(items) => format!(
                "`{keyword}` with {} subschemas (enforced up to {limit})",
                items.len()
            ),
            None => format!("`{keyword}` past {limit} (the largest value enforced)"),
        },
    };
    let help = setting.help.clone().or_else(|| match why {
        Why::Without(needed) => Some(format!(
            "add `{needed}`, or validate every reply with `schemalint validate --schema <this schema>`"
        )),
        _ => None,
    });
    let plan = plan(cx, sub, keyword, why);
    let node = sub.node;
    emit(
        cx,
        &sub.ptr().join(keyword),
        Finding {
            what,
            keyword,
            span: member.key_span,
            help,
            severity: setting.severity,
            evidence: setting.evidence,
            source: &setting.source,
            fix: plan.map(|p| (p, node, member)),
        },
    );
}

/// Reports a constraint the provider drops (a keyword, a format, a regex feature).
pub(crate) fn emit(cx: &mut Cx<'_>, ptr: &JsonPointer, finding: Finding<'_>) {
    let help = finding.help.unwrap_or_else(|| {
        "keep it if you like, but validate every reply with `schemalint validate --schema <this schema>`: the provider will not enforce it".to_owned()
    });
    let message = format!(
        "{} is ignored by {}, not enforced: a reply can break it; validate the output after the reply with `schemalint validate`",
        finding.what, cx.profile.provider
    );
    let fix = finding.fix;
    cx.report(&RULE, ptr, finding.span, message)
        .fix(|layout| {
            let (plan, node, member) = fix?;
            plan.fix(layout, node, member)
        })
        .help(help)
        .var("keyword", finding.keyword)
        .level(finding.severity)
        .evidence_text(format!(
            "evidence: {}; source: {}",
            match finding.evidence {
                Evidence::Documented => "documented by the provider",
                Evidence::Observed => "observed: accepted and then not enforced, in public reports",
                Evidence::Sdk => "an official SDK drops it",
                Evidence::Inferred => "inferred, not observed directly",
            },
            finding.source
        ));
}

/// Whether `value` is past `limit`: a number above it, or an array with more items.
pub(crate) fn beyond(value: &Node, limit: f64) -> bool {
    match &value.value {
        Value::Number(text) => text.parse::<f64>().is_ok_and(|n| n > limit),
        Value::Array(items) => items.len() as f64 > limit,
        _ => false,
    }
}

/// Fixes that make the provider enforce what the schema says, without changing it.
pub(crate) enum Plan {
    /// Add the `type` that the values of `enum` determine.
    AddType(Vec<&'static str>),
    /// `const` → a one-value `enum` (with its type when there is none).
    ConstToEnum { add_type: Option<&'static str> },
}

fn plan(cx: &Cx<'_>, sub: &Sub<'_>, keyword: &str, why: Why<'_>) -> Option<Plan> {
    match (keyword, why) {
        ("enum", Why::Without("type")) => {
            derived_type(sub, cx.profile.type_arrays).map(Plan::AddType)
        }
        ("const", Why::Always) => {
            let enum_enforced = cx
                .profile
                .keyword("enum")
                .is_some_and(|s| s.status == KeywordStatus::Allowed);
            (enum_enforced && sub.get("enum").is_none()).then(|| Plan::ConstToEnum {
                add_type: sub
                    .get("type")
                    .is_none()
                    .then(|| sub.get("const").map(|c| json_type(&c.value)))
                    .flatten(),
            })
        }
        _ => None,
    }
}

fn type_piece(types: &[&str]) -> Piece<'static> {
    match types {
        [one] => Piece::str(one),
        many => Piece::Array(many.iter().map(|t| Piece::str(t)).collect()),
    }
}

impl Plan {
    fn fix(&self, layout: &Layout<'_>, node: &Node, member: &Member) -> Option<Fix> {
        match self {
            Plan::AddType(types) => Some(Fix::safe(
                "add the `type` the `enum` values already imply, so the provider enforces the `enum`",
                vec![layout.insert_member(node, "type", &type_piece(types), Place::First)],
            )),
            Plan::ConstToEnum { add_type } => {
                let mut edits = vec![layout.replace_member(
                    member,
                    "enum",
                    &Piece::Array(vec![layout.raw(&member.value)]),
                )];
                if let Some(t) = add_type {
                    edits.push(layout.insert_member(
                        node,
                        "type",
                        &Piece::str(t),
                        Place::After(&["const"]),
                    ));
                }
                Some(Fix::safe(
                    "write `const` as a one-value `enum` with its type, which the provider enforces",
                    edits,
                ))
            }
        }
    }
}
