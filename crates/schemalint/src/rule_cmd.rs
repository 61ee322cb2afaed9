//! `schemalint rule`.

use std::process::ExitCode;

use serde_json::json;

use crate::cli::{RuleArgs, RuleFormat};

pub fn run(args: &RuleArgs) -> ExitCode {
    let rules: Vec<&schemalint_check::RuleMeta> = if args.all {
        schemalint_check::RULES.to_vec()
    } else {
        let id = args.id.as_deref().unwrap_or_default();
        match schemalint_check::rule(id) {
            Some(rule) => vec![rule],
            None => {
                let known: Vec<&str> = schemalint_check::RULES.iter().map(|r| r.id).collect();
                eprintln!(
                    "error: unknown rule `{id}`\n\nknown rules:\n  {}",
                    known.join("\n  ")
                );
                return ExitCode::from(2);
            }
        }
    };
    match args.format {
        RuleFormat::Json => {
            let list: Vec<_> = rules.iter().map(|r| rule_json(r)).collect();
            let value = if args.all {
                json!(list)
            } else {
                list.into_iter().next().unwrap_or_default()
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
        RuleFormat::Text => {
            for (i, rule) in rules.iter().enumerate() {
                if i > 0 {
                    println!("\n---\n");
                }
                let fix = rule.fix.map_or_else(
                    || "none (see Use instead)".to_owned(),
                    |f| f.availability_line(),
                );
                println!(
                    "# {}\n\n{}\n\nDefault severity: {}.\nFix: {fix}.\n\n{}",
                    rule.id,
                    rule.summary,
                    rule.default_severity,
                    rule.markdown()
                );
            }
        }
    }
    ExitCode::SUCCESS
}

fn rule_json(rule: &schemalint_check::RuleMeta) -> serde_json::Value {
    let profiles: serde_json::Map<String, serde_json::Value> = schemalint_check::profile::builtins()
        .iter()
        .filter_map(|p| {
            let s = p.rules.get(rule.id)?;
            Some((p.id.clone(), json!({"severity": format!("{:?}", s.severity).to_lowercase(), "evidence": s.evidence.to_string(), "source": s.source})))
        })
        .collect();
    json!({
        "id": rule.id,
        "category": rule.category(),
        "summary": rule.summary,
        "default_severity": rule.default_severity,
        "url": rule.url(),
        "docs": rule.markdown(),
        "profiles": profiles,
        "fix": rule.fix.map(fix_json),
    })
}

/// A rule's fix documentation: availability and each case with its example.
fn fix_json(fix: &schemalint_check::RuleFix) -> serde_json::Value {
    let cases: Vec<_> = fix
        .cases
        .iter()
        .map(|c| {
            json!({
                "when": c.when,
                "applicability": c.applicability,
                "profiles": c.profiles,
                "effect": c.effect,
                "before": c.before,
                "after": c.after,
            })
        })
        .collect();
    json!({
        "availability": fix.availability.as_str(),
        "applicabilities": fix.applicabilities(),
        "unavailable": (!fix.unavailable.is_empty()).then_some(fix.unavailable),
        "cases": cases,
    })
}
