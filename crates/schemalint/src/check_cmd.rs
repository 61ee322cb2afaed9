//! `schemalint check`.

use std::process::ExitCode;

use schemalint_check::Profile;
use schemalint_diagnostics::FileReport;

use crate::cli::{CheckArgs, ColorChoice};
use crate::pipeline;

pub fn run(args: &CheckArgs, color: ColorChoice) -> ExitCode {
    let request = pipeline::CheckRequest {
        paths: &args.paths,
        format: args.format.map(Into::into),
        fail_on: args.fail_on.map(Into::into),
        profiles: args.profile.as_ref().map(|p| vec![p.clone()]),
        color: color.into(),
        ci: &args.ci,
    };
    pipeline::run(&request, &lint_file, &summary_line)
}

/// Lints one file against each of `profiles` (findings tagged with their profile when
/// there are several).
fn lint_file(name: &str, bytes: &[u8], profiles: &[String]) -> Result<FileReport, String> {
    let mut merged: Option<FileReport> = None;
    for id in profiles {
        let profile = Profile::builtin(id).map_err(|e| e.to_string())?;
        let mut report = schemalint_check::check_bytes(name, bytes, profile);
        if profiles.len() > 1 {
            for d in &mut report.diagnostics {
                d.profile = Some(id.clone());
            }
        }
        match &mut merged {
            None => merged = Some(report),
            Some(m) => {
                if schemalint_check::has_parse_error(&report) {
                    // One parse error per file, not one per profile.
                    continue;
                }
                m.diagnostics.extend(report.diagnostics);
            }
        }
    }
    let mut report = merged.unwrap_or_else(|| FileReport::new(name, None));
    report.sort();
    Ok(report)
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
