//! `schemalint profiles` and `schemalint profile show <id>`.

use std::fmt::Write as _;
use std::process::ExitCode;

use schemalint_check::profile::{builtins, KeywordStatus, PatternFeature, Profile};

use crate::cli::{ProfileArgs, ProfileCommand, ProfileFormat, ProfilesArgs};

pub fn list(args: &ProfilesArgs) -> ExitCode {
    match args.format {
        ProfileFormat::Json => {
            let list: Vec<_> = builtins()
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "id": p.id,
                        "provider": p.provider,
                        "title": p.title,
                        "documented": p.documented,
                        "source": p.source,
                        "extends": p.extends,
                    })
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        }
        ProfileFormat::Text => {
            let width = builtins().iter().map(|p| p.id.len()).max().unwrap_or(2);
            let pwidth = builtins()
                .iter()
                .map(|p| p.provider.len())
                .max()
                .unwrap_or(8);
            println!(
                "{:width$}  {:pwidth$}  {:10}  SOURCE",
                "ID", "PROVIDER", "DOCUMENTED"
            );
            for p in builtins() {
                println!(
                    "{:width$}  {:pwidth$}  {:10}  {}",
                    p.id, p.provider, p.documented, p.source
                );
            }
            println!("\nShow one with `schemalint profile show <id>`; check against several with `--profile a,b`.");
        }
    }
    ExitCode::SUCCESS
}

pub fn show(args: &ProfileArgs) -> ExitCode {
    let ProfileCommand::Show { id, format } = &args.command;
    let profile = match Profile::builtin(id) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match format {
        ProfileFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&profile.to_json()).unwrap_or_default()
        ),
        ProfileFormat::Text => print!("{}", text(profile)),
    }
    ExitCode::SUCCESS
}

fn text(p: &Profile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", p.id, p.title);
    let _ = writeln!(out, "provider:   {}", p.provider);
    let _ = writeln!(out, "documented: {}", p.documented);
    let _ = writeln!(out, "source:     {}", p.source);
    if let Some(base) = &p.extends {
        let _ = writeln!(
            out,
            "extends:    {base} (entries not restated here are {base}'s)"
        );
    }
    if !p.surfaces.is_empty() {
        let _ = writeln!(out, "surfaces:   {}", p.surfaces.join(", "));
    }
    let _ = writeln!(
        out,
        "types:      {}{}",
        p.types.join(", "),
        if p.type_arrays {
            ""
        } else {
            " (one type per schema; no type arrays)"
        }
    );
    for note in &p.notes {
        let _ = writeln!(out, "note:       {note}");
    }

    let _ = writeln!(out, "\nRules (rules not listed do not run):");
    let width = p.rules.keys().map(String::len).max().unwrap_or(0);
    for (id, r) in &p.rules {
        let _ = writeln!(
            out,
            "  {id:width$}  {:7}  {:10}  {}",
            r.severity.as_str(),
            r.evidence.to_string(),
            r.source
        );
    }

    let _ = writeln!(out, "\nKeywords:");
    for status in [
        KeywordStatus::Allowed,
        KeywordStatus::Annotation,
        KeywordStatus::RootOnly,
        KeywordStatus::Unsupported,
        KeywordStatus::Ignored,
    ] {
        let entries: Vec<_> = p
            .keywords
            .iter()
            .filter(|(_, k)| k.status == status)
            .collect();
        if entries.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {}:", status.as_str());
        for (name, k) in entries {
            let mut extra = String::new();
            if let Some(values) = &k.values {
                let _ = write!(
                    extra,
                    " values {}",
                    serde_json::to_string(values).unwrap_or_default()
                );
            }
            if let Some(types) = &k.item_types {
                let _ = write!(extra, " items {}", types.join("/"));
            }
            if let Some(needs) = &k.requires {
                let _ = write!(extra, " (ignored without {})", needs.join(", "));
            }
            if let Some(beside) = &k.ignored_with {
                let _ = write!(extra, " (ignored next to {})", beside.join(", "));
            }
            if let Some(limit) = k.enforced_up_to {
                let _ = write!(extra, " (enforced up to {limit})");
            }
            if let Some(level) = k.severity {
                let _ = write!(extra, " ({})", level.as_str());
            }
            let _ = writeln!(out, "    {name}{extra}  [{}] {}", k.evidence, k.source);
        }
    }
    let u = &p.unlisted_keywords;
    let dropped = if u.status == Some(KeywordStatus::Ignored) {
        " (ignored)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "  other JSON Schema keywords: {}{dropped} [{}] {}",
        u.severity.as_str(),
        u.evidence,
        u.source
    );

    let _ = writeln!(
        out,
        "\nFormats: {}  ({})",
        if p.formats.allowed.is_empty() {
            "none".to_owned()
        } else {
            p.formats.allowed.join(", ")
        },
        p.formats.source
    );
    if let Some(unlisted) = &p.formats.unlisted {
        let _ = writeln!(
            out,
            "  other formats: {}  [{}] {}",
            unlisted.status.as_str(),
            unlisted.evidence,
            unlisted.source
        );
    }
    if let Some(patterns) = &p.patterns {
        let listed = |features: &[PatternFeature], what: &str| {
            if features.is_empty() {
                String::new()
            } else {
                let names: Vec<_> = features.iter().map(|f| f.describe()).collect();
                format!("; {what} {}", names.join(", "))
            }
        };
        let forbid = listed(&patterns.forbid, "may not use");
        let ignore = listed(&patterns.ignore, "ignores");
        let _ = writeln!(
            out,
            "Patterns: compiled as {}{forbid}{ignore}  [{}] {}",
            patterns.dialect.describe(),
            patterns.evidence,
            patterns.source
        );
    }

    let l = &p.limits;
    let limits = [
        ("object properties in total", l.total_properties),
        ("nesting depth", l.nesting_depth),
        ("characters of names and enum/const values", l.string_length),
        ("enum values in total", l.enum_values),
        ("values that make a string enum large", l.large_enum_values),
        ("characters of a large string enum", l.large_enum_length),
        ("strict tools per request", l.strict_tools),
        ("optional parameters per request", l.optional_parameters),
        ("union-typed parameters per request", l.union_parameters),
    ];
    let _ = writeln!(out, "\nLimits:");
    let mut any = false;
    for (what, value) in limits {
        if let Some(v) = value {
            any = true;
            let threshold = if what == "nesting depth" && !l.nesting_depth_published {
                " (schemalint's warning threshold; the provider publishes no number)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {what}: {v}{threshold}");
        }
    }
    if !any {
        let _ = writeln!(out, "  none published");
    }
    if let Some(convention) = &l.convention {
        let _ = writeln!(out, "  counting: {convention}");
    }
    if !l.source.is_empty() {
        let _ = writeln!(out, "  source: {}", l.source);
    }

    let m = &p.models;
    if !m.json_schema_unsupported.is_empty() || !m.thinking_json.is_empty() {
        let _ = writeln!(out, "\nModels:");
        if !m.json_schema_unsupported.is_empty() {
            let _ = writeln!(
                out,
                "  without json_schema support: {}",
                m.json_schema_unsupported.join(", ")
            );
        }
        if !m.thinking_json.is_empty() {
            let _ = writeln!(
                out,
                "  JSON output while thinking: {}",
                m.thinking_json.join(", ")
            );
        }
        let _ = writeln!(out, "  source: {}", m.source);
    }
    if let Some(n) = &p.non_strict {
        let _ = writeln!(
            out,
            "\nWithout strict mode only: {}  [{}] {}",
            n.rules.join(", "),
            n.evidence,
            n.source
        );
    }
    let d = &p.detect;
    if !d.apis.is_empty() {
        let _ = writeln!(
            out,
            "\nInferred for: {} requests{}{}",
            d.apis.join(", "),
            if d.models.is_empty() {
                String::new()
            } else {
                format!(" with model {}", d.models.join(", "))
            },
            if d.default_for.is_empty() {
                String::new()
            } else {
                format!("; the default for {}", d.default_for.join(", "))
            }
        );
    }
    out
}
