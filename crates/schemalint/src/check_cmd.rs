//! `schemalint check`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use schemalint_check::Profile;
use schemalint_diagnostics::{FileReport, Format, Severity};

use crate::cli::{CheckArgs, ColorChoice};
use crate::pipeline;

pub fn run(args: &CheckArgs, color: ColorChoice) -> ExitCode {
    for id in &args.profile {
        if let Err(e) = Profile::builtin(id) {
            eprintln!("error: --profile: {e}");
            return ExitCode::from(2);
        }
    }
    if args.matrix {
        return run_matrix(args);
    }
    let explicit = !args.profile.is_empty();
    let human = args.format.map(Format::from).is_none_or(Format::is_human);
    let request = pipeline::CheckRequest {
        paths: &args.paths,
        format: args.format.map(Into::into),
        fail_on: args.fail_on.map(Into::into),
        profiles: explicit.then(|| args.profile.clone()),
        color: color.into(),
        max_depth: args.limits.max_depth,
        ci: &args.ci,
        fix: crate::fix_cmd::FixMode::from_args(&args.fixes),
        fix_applicability: args.fixes.applicability(),
    };
    let inferred = AtomicBool::new(false);
    let max_depth = args.limits.max_depth;
    let lint = |name: &str, bytes: &[u8], profiles: &[String]| {
        lint_file(name, bytes, profiles, max_depth, human, &inferred)
    };
    let summary = |report: &schemalint_diagnostics::Report, profile: &str| {
        let mut line = summary_line(&report.summary(), profile);
        if inferred.load(Ordering::Relaxed) {
            let from = format!("against `{profile}`");
            let to = format!("against `{profile}` (request bodies: the profile inferred from each, see the notes)");
            line = line.replacen(&from, &to, 1);
        }
        // Several profiles: one verdict per profile, in the order given.
        let ids: Vec<&str> = profile.split(", ").collect();
        if ids.len() > 1 {
            let verdicts: Vec<String> = ids
                .iter()
                .map(|id| {
                    let mut cell = Cell::default();
                    for (_, d) in report.diagnostics() {
                        if d.profile.as_deref() == Some(*id) {
                            match d.severity {
                                Severity::Error => cell.errors += 1,
                                Severity::Warning => cell.warnings += 1,
                                Severity::Info => cell.infos += 1,
                            }
                        }
                    }
                    format!("{id}: {}", cell.text())
                })
                .collect();
            line.push_str(&format!("\nPer profile: {}.", verdicts.join(", ")));
        }
        line
    };
    pipeline::run(&request, &lint, &summary)
}

/// Lints one file against each of `profiles` (see [`crate::check_bytes_with_profiles`]).
/// When no profile
/// was asked for (`profiles` is empty: neither `--profile` nor a config's `profile`) and
/// the file is a request body, the profile is inferred from its shape and model, and the
/// findings say so; otherwise the default profile applies.
pub(crate) fn lint_file(
    name: &str,
    bytes: &[u8],
    profiles: &[String],
    max_depth: usize,
    human: bool,
    inferred: &AtomicBool,
) -> Result<FileReport, String> {
    if profiles.is_empty() {
        let fallback = Profile::builtin(pipeline::DEFAULT_PROFILE).map_err(|e| e.to_string())?;
        let (mut report, inference) =
            schemalint_check::check_bytes_auto_nested(name, bytes, fallback, max_depth);
        if inference.is_some() {
            inferred.store(true, Ordering::Relaxed);
        }
        if let (Some(inference), true) = (inference, human) {
            eprintln!(
                "note: {name}: checked against `{}` (inferred: {})",
                inference.profile.id, inference.reason
            );
        }
        report.sort();
        return Ok(report);
    }
    crate::check_bytes_nested_with_profiles(name, bytes, profiles, max_depth)
        .map_err(|e| e.to_string())
}

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    errors: usize,
    warnings: usize,
    infos: usize,
}

impl Cell {
    fn status(self) -> &'static str {
        if self.errors > 0 {
            "errors"
        } else if self.warnings > 0 {
            "warnings"
        } else {
            "pass"
        }
    }

    fn text(self) -> String {
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("1 {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        match self.status() {
            "errors" => plural(self.errors, "error"),
            "warnings" => plural(self.warnings, "warning"),
            _ => "pass".to_owned(),
        }
    }
}

/// `check --matrix`: every file against every profile, as a table (or JSON).
fn run_matrix(args: &CheckArgs) -> ExitCode {
    let ids: Vec<String> = if args.profile.is_empty() {
        schemalint_check::profile::builtins()
            .iter()
            .map(|p| p.id.clone())
            .collect()
    } else {
        args.profile.clone()
    };
    let profiles: Vec<&Profile> = ids
        .iter()
        .filter_map(|id| Profile::builtin(id).ok())
        .collect();
    let mut files = Vec::new();
    let mut failed = false;
    for path in &args.paths {
        if let Err(e) = collect_json(path, &mut files) {
            eprintln!("error: cannot read {}: {e}", path.display());
            failed = true;
        }
    }
    // Rows in natural order, whatever order the shell's glob gave: `wp_10` before `wp_100`.
    files.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    let mut rows: Vec<(String, Vec<Cell>)> = Vec::new();
    for file in &files {
        let name = file.display().to_string();
        let max_depth = args.limits.max_depth;
        let bytes = match crate::files::Input::File(file.clone()).read_json(max_depth) {
            Ok(read) => read.bytes,
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                failed = true;
                continue;
            }
        };
        let mut cells = Vec::new();
        for profile in &profiles {
            let report = schemalint_check::check_bytes_nested(&name, &bytes, profile, max_depth);
            if schemalint_check::has_parse_error(&report) {
                failed = true;
            }
            let mut cell = Cell::default();
            for d in &report.diagnostics {
                match d.severity {
                    Severity::Error => cell.errors += 1,
                    Severity::Warning => cell.warnings += 1,
                    Severity::Info => cell.infos += 1,
                }
            }
            cells.push(cell);
        }
        rows.push((name, cells));
    }
    let json = matches!(
        args.format.map(Format::from),
        Some(Format::Json | Format::JsonLines)
    );
    let out = if json {
        let rows_json: Vec<_> = rows
            .iter()
            .map(|(path, cells)| {
                let results: serde_json::Map<String, serde_json::Value> = ids
                    .iter()
                    .zip(cells)
                    .map(|(id, c)| {
                        (
                            id.clone(),
                            serde_json::json!({"status": c.status(), "errors": c.errors, "warnings": c.warnings, "infos": c.infos}),
                        )
                    })
                    .collect();
                serde_json::json!({"path": path, "results": results})
            })
            .collect();
        let totals: serde_json::Map<String, serde_json::Value> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let t = column_totals(&rows, i);
                (
                    id.clone(),
                    serde_json::json!({"pass": t.pass, "warnings": t.warnings, "errors": t.errors}),
                )
            })
            .collect();
        let value = serde_json::json!({"version": 1, "matrix": {"profiles": ids, "files": rows_json, "totals": totals}});
        serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
    } else {
        matrix_table(&ids, &profiles, &rows)
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    if failed || files.is_empty() {
        if files.is_empty() {
            eprintln!("error: no JSON files found in the given paths");
        }
        return ExitCode::from(2);
    }
    let threshold: Severity = args.fail_on.map_or(Severity::Error, Into::into);
    let hit = rows.iter().flat_map(|(_, c)| c).any(|c| match threshold {
        Severity::Error => c.errors > 0,
        Severity::Warning => c.errors + c.warnings > 0,
        Severity::Info => c.errors + c.warnings + c.infos > 0,
    });
    if hit {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A file as given, or the `*.json` files under a directory (sorted, hidden directories
/// and `target`/`node_modules` skipped).
fn collect_json(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    for entry in entries {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if entry.is_dir() {
            if !(name.starts_with('.') || name == "target" || name == "node_modules") {
                collect_json(&entry, out)?;
            }
        } else if name.ends_with(".json") {
            out.push(entry);
        }
    }
    Ok(())
}

/// How many files of one matrix column pass, have warnings only, or have errors.
#[derive(Debug, Default)]
struct ColumnTotals {
    pass: usize,
    warnings: usize,
    errors: usize,
}

fn column_totals(rows: &[(String, Vec<Cell>)], column: usize) -> ColumnTotals {
    let mut t = ColumnTotals::default();
    for (_, cells) in rows {
        match cells[column].status() {
            "errors" => t.errors += 1,
            "warnings" => t.warnings += 1,
            _ => t.pass += 1,
        }
    }
    t
}

/// Rules whose errors mean the schema is not valid JSON Schema (or cannot be read) for
/// any provider, as opposed to a provider's own restrictions.
const VALIDITY_RULES: &[&str] = &[
    "json/invalid-json",
    "json/invalid-encoding",
    "schema/invalid-value",
    "ref/external",
    "ref/unresolved",
    "keyword/invalid-pattern",
    "keyword/empty-enum",
];

/// The matrix as a table: paths shown short, a totals row, and a legend.
fn matrix_table(ids: &[String], profiles: &[&Profile], rows: &[(String, Vec<Cell>)]) -> String {
    let (shown, base) = short_paths(rows.iter().map(|(p, _)| p.as_str()));
    let totals: Vec<String> = (0..ids.len())
        .map(|i| {
            let t = column_totals(rows, i);
            format!("{}/{}/{}", t.pass, t.warnings, t.errors)
        })
        .collect();
    let total_label = "total (pass/warn/err)";
    let first = shown
        .iter()
        .map(|p| p.chars().count())
        .chain([6, total_label.len()])
        .max()
        .unwrap_or(6);
    let widths: Vec<usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            rows.iter()
                .map(|(_, c)| c[i].text().len())
                .chain([id.len(), totals[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let mut line = |label: &str, cells: &mut dyn Iterator<Item = String>| {
        let mut text = format!("{label:first$}");
        for (cell, w) in cells.zip(&widths) {
            text.push_str(&format!("  {cell:w$}"));
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    line("schema", &mut ids.iter().cloned());
    for (path, (_, cells)) in shown.iter().zip(rows) {
        line(path, &mut cells.iter().map(|c| c.text()));
    }
    line(total_label, &mut totals.iter().cloned());
    out.push('\n');
    if let Some(base) = base {
        out.push_str(&format!("Paths are relative to {base}\n"));
    }
    let mut legend = vec![
        "pass: no findings; warnings: only findings the provider may accept or silently ignore; \
         errors: the provider rejects the schema or the request."
            .to_owned(),
    ];
    for profile in profiles {
        // A profile whose own restrictions are all warnings can only say "errors" for a
        // schema that is invalid everywhere.
        let restricts_with_errors = profile.rules.iter().any(|(id, setting)| {
            setting.severity == schemalint_check::profile::Level::Error
                && !VALIDITY_RULES.contains(&id.as_str())
                && !id.starts_with("request/")
        });
        if !restricts_with_errors {
            legend.push(format!(
                "{id}: every rule specific to {provider} is a warning (it documents recommendations, \
                 not rejections: `schemalint profile show {id}`), so this column says `warnings` where \
                 others say `errors`; only a schema that is invalid JSON Schema is an error.",
                id = profile.id,
                provider = profile.provider,
            ));
        }
    }
    for paragraph in legend {
        out.push_str(&wrap(&paragraph, 100));
    }
    out
}

/// Word-wraps `text` at `width` columns, continuation lines indented by two spaces.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.trim().is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = "  ".to_owned();
        } else if !line.trim().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

/// Paths as shown in the matrix: relative to the current directory when they are under
/// it, otherwise relative to their common directory (returned, to be named once).
fn short_paths<'p>(paths: impl Iterator<Item = &'p str>) -> (Vec<String>, Option<String>) {
    let paths: Vec<&str> = paths.collect();
    let cwd = std::env::current_dir().ok();
    let relative: Option<Vec<String>> = paths
        .iter()
        .map(|p| {
            let path = Path::new(p);
            if path.is_relative() {
                return Some(p.trim_start_matches("./").to_owned());
            }
            let rest = path.strip_prefix(cwd.as_ref()?).ok()?;
            Some(rest.display().to_string())
        })
        .collect();
    if let Some(relative) = relative {
        return (relative, None);
    }
    let dirs: Vec<Vec<&std::ffi::OsStr>> = paths
        .iter()
        .map(|p| {
            let mut parts: Vec<_> = Path::new(p).iter().collect();
            parts.pop();
            parts
        })
        .collect();
    let common = dirs.first().map_or(0, |first| {
        (0..first.len())
            .take_while(|&i| dirs.iter().all(|d| d.get(i) == first.get(i)))
            .count()
    });
    if common <= 1 {
        return (paths.iter().map(|p| p.to_string()).collect(), None);
    }
    let base: PathBuf = dirs[0][..common].iter().collect();
    let shown = paths
        .iter()
        .map(|p| {
            Path::new(p)
                .strip_prefix(&base)
                .map_or_else(|_| p.to_string(), |r| r.display().to_string())
        })
        .collect();
    (shown, Some(base.display().to_string()))
}

/// Compares names as people sort them: runs of digits by their value, so `wp_10`
/// comes before `wp_100` and `wp_9` before `wp_10`.
fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a, b);
    loop {
        let (Some(ca), Some(cb)) = (a.chars().next(), b.chars().next()) else {
            return a.len().cmp(&b.len());
        };
        if ca.is_ascii_digit() && cb.is_ascii_digit() {
            let da = a.bytes().take_while(u8::is_ascii_digit).count();
            let db = b.bytes().take_while(u8::is_ascii_digit).count();
            let (na, nb) = (
                a[..da].trim_start_matches('0'),
                b[..db].trim_start_matches('0'),
            );
            let order = na
                .len()
                .cmp(&nb.len())
                .then_with(|| na.cmp(nb))
                .then(da.cmp(&db));
            if order.is_ne() {
                return order;
            }
            (a, b) = (&a[da..], &b[db..]);
        } else {
            if ca != cb {
                return ca.cmp(&cb);
            }
            (a, b) = (&a[ca.len_utf8()..], &b[cb.len_utf8()..]);
        }
    }
}

fn summary_line(s: &schemalint_diagnostics::Summary, profile: &str) -> String {
    let files = if s.files == 1 {
        "1 file".to_owned()
    } else {
        format!("{} files", s.files)
    };
    if s.errors + s.warnings + s.infos == 0 {
        return format!("All clear: {files} checked against `{profile}`, no findings.");
    }
    let count = |n: usize, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "Checked {files} against `{profile}`: {}, {}, {}.",
        count(s.errors, "error"),
        count(s.warnings, "warning"),
        count(s.infos, "info")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_compares_numbers_by_value() {
        let mut names = vec![
            "wp_100.json",
            "wp_10.json",
            "wp_9.json",
            "wp_010.json",
            "a.json",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "a.json",
                "wp_9.json",
                "wp_10.json",
                "wp_010.json",
                "wp_100.json"
            ]
        );
    }

    #[test]
    fn paths_outside_the_current_directory_are_shown_from_their_common_directory() {
        let (shown, base) = short_paths(
            [
                "/nowhere/x/schemas/a.json",
                "/nowhere/x/schemas/deep/b.json",
            ]
            .into_iter(),
        );
        assert_eq!(shown, ["a.json", "deep/b.json"]);
        assert_eq!(base.as_deref(), Some("/nowhere/x/schemas"));
    }
}
