//! Hover: on a flagged node, the finding and its rule's documentation; on a schema
//! keyword, whether each active profile supports it.

use std::fmt::Write;

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};
use schemalint_check::profile::KeywordStatus;
use schemalint_check::Profile;

use super::lint::Linted;

/// The hover at `position`, if there is anything to say. `profiles` are the profiles the
/// document is linted against (empty: none configured, so inferred or the default).
pub fn hover(linted: &Linted, position: Position, profiles: &[String]) -> Option<Hover> {
    let offset = linted.index.offset(&linted.text, position);
    let mut sections = Vec::new();

    // The innermost flagged nodes under the cursor: a keyword's finding, not its object's.
    let flagged: Vec<_> = linted
        .report
        .diagnostics
        .iter()
        .filter(|d| d.span.is_some_and(|s| s.start <= offset && offset < s.end))
        .collect();
    let smallest = flagged.iter().filter_map(|d| d.span).map(|s| s.len()).min();
    let mut shown_rules = Vec::new();
    for d in flagged
        .iter()
        .filter(|d| d.span.map(|s| s.len()) == smallest)
    {
        let mut section = String::new();
        let profile = d
            .profile
            .as_deref()
            .map_or(String::new(), |p| format!(" ({p})"));
        let _ = write!(
            section,
            "**{}** `{}`{profile}: {}",
            d.severity, d.rule, d.message
        );
        if let Some(help) = &d.help {
            let _ = write!(section, "\n\nhelp: {help}");
        }
        if !shown_rules.contains(&d.rule) {
            if let Some(rule) = schemalint_check::rule(&d.rule) {
                let _ = write!(
                    section,
                    "\n\n---\n\n### `{}`\n\n{}\n\n{}\n\n[Rule reference]({})",
                    rule.id,
                    rule.summary,
                    demote_headings(&rule.markdown()),
                    rule.url()
                );
            }
            shown_rules.push(d.rule.clone());
        }
        sections.push(section);
    }

    if let Ok(doc) = schemalint_check::source::parse("", &linted.text) {
        if let Some(key) = schemalint_check::schema_key_at(&doc, offset) {
            let chosen: Vec<&Profile> = if profiles.is_empty() {
                schemalint_check::infer_profile(&doc)
                    .map(|i| i.profile)
                    .or_else(|| Profile::builtin(crate::pipeline::DEFAULT_PROFILE).ok())
                    .into_iter()
                    .collect()
            } else {
                profiles
                    .iter()
                    .filter_map(|id| Profile::builtin(id).ok())
                    .collect()
            };
            sections.push(keyword_support(&key, &chosen));
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: None,
    })
}

/// Rule docs use `##` headings; under the hover's `###` they become `####`.
fn demote_headings(markdown: &str) -> String {
    markdown
        .lines()
        .map(|line| match line.strip_prefix("## ") {
            Some(rest) => format!("#### {rest}"),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One line per profile: does it accept this keyword here, and on what evidence.
fn keyword_support(key: &schemalint_check::SchemaKey, profiles: &[&Profile]) -> String {
    let name = &key.key;
    let mut out = format!("**`{name}`**");
    if !key.is_keyword {
        let _ = write!(
            out,
            " is not a JSON Schema keyword (`keyword/unknown`): providers ignore or reject it."
        );
        return out;
    }
    out.push_str(" in the active profiles:\n");
    for p in profiles {
        let line = match p.keyword(name) {
            Some(setting) => {
                let verdict = match setting.status {
                    KeywordStatus::Allowed => "supported".to_owned(),
                    KeywordStatus::Annotation => "accepted (an annotation)".to_owned(),
                    KeywordStatus::RootOnly if key.at_root => {
                        "supported (at the schema root only, as here)".to_owned()
                    }
                    KeywordStatus::RootOnly => {
                        "**not supported here**: only at the schema root".to_owned()
                    }
                    KeywordStatus::Unsupported => "**not supported**".to_owned(),
                    KeywordStatus::Ignored => {
                        "**accepted but not enforced**: the output is not held to it".to_owned()
                    }
                };
                let mut line = format!("{verdict} [{}] {}", setting.evidence, setting.source);
                if let Some(values) = &setting.values {
                    let _ = write!(
                        line,
                        "; only the values {}",
                        serde_json::to_string(values).unwrap_or_default()
                    );
                }
                if let Some(types) = &setting.applies_to {
                    let _ = write!(line, "; applies to {} schemas", types.join("/"));
                }
                if let Some(beside) = &setting.ignored_with {
                    let _ = write!(line, "; not enforced next to `{}`", beside.join("`/`"));
                }
                if let Some(limit) = setting.enforced_up_to {
                    let _ = write!(line, "; enforced up to {limit} only");
                }
                if let Some(help) = &setting.help {
                    let _ = write!(line, "; {help}");
                }
                line
            }
            None => {
                let policy = &p.unlisted_keywords;
                let verdict = match policy.status {
                    Some(KeywordStatus::Ignored) => "**accepted but not enforced** (not listed)",
                    _ => "**not in the supported subset**",
                };
                format!(
                    "{verdict} ({}) [{}] {}",
                    policy.severity.as_str(),
                    policy.evidence,
                    policy.source
                )
            }
        };
        let _ = writeln!(out, "- `{}`: {line}", p.id);
    }
    out
}
