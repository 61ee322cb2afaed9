//! The `check` run for CI: settings → inputs → parallel lint → config filters →
//! baseline → outputs → exit code. `check_cmd` supplies how one file is linted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use schemalint_diagnostics::{render, Applicability, Color, FileReport, Format, Report, Severity};

use crate::baseline::{self, Baseline};
use crate::ci_args::CiArgs;
use crate::config::{self, Overrides, Resolver, Settings};
use crate::fix_cmd::{self, Action, FixMode};
use crate::outputs;
use crate::runner::{self, Outcome};

/// The profile used when neither the command line nor a config names one.
pub const DEFAULT_PROFILE: &str = "openai";

/// Lints one file's bytes, named `name`, against `profiles`; empty when neither the
/// command line nor the file's config names one (the linter then picks: inference from a
/// request body, else [`DEFAULT_PROFILE`]). `Err`: a usage error (for example an unknown
/// profile), which ends the run with exit code 2.
pub type LintFn<'a> = dyn Fn(&str, &[u8], &[String]) -> Result<FileReport, String> + Sync + 'a;

/// What `check_cmd` passes in from its own flags.
pub struct CheckRequest<'a> {
    pub paths: &'a [PathBuf],
    /// `--format`, if given.
    pub format: Option<Format>,
    /// `--fail-on`, if given.
    pub fail_on: Option<Severity>,
    /// `--profile`, if given.
    pub profiles: Option<Vec<String>>,
    pub color: Color,
    /// `--max-depth`: files are read only up to their first bracket past it.
    pub max_depth: usize,
    pub ci: &'a CiArgs,
    /// `--fix`, `--diff`, `--fix-only`, if given.
    pub fix: Option<FixMode>,
    /// The most unsafe fixes shown as available (`[*]`).
    pub fix_applicability: Applicability,
}

fn usage(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// The settings' profiles, or the default one.
pub fn profiles_of(settings: &Settings) -> Vec<String> {
    settings
        .profiles
        .clone()
        .unwrap_or_else(|| vec![DEFAULT_PROFILE.to_owned()])
}

pub fn run(
    req: &CheckRequest<'_>,
    lint: &LintFn<'_>,
    summary_line: &dyn Fn(&Report, &str) -> String,
) -> ExitCode {
    let ci = req.ci;
    // --config: one file path, any number of KEY=VALUE overrides.
    let mut config_file: Option<PathBuf> = None;
    let mut inline = Vec::new();
    for item in &ci.config {
        let path = Path::new(item);
        if path.is_file() {
            if config_file.is_some() {
                return usage("`--config PATH` can be given only once");
            }
            config_file = Some(path.to_path_buf());
        } else if item.contains('=') {
            inline.push(item.clone());
        } else {
            return usage(format!(
                "`--config {item}`: no such file, and not a KEY=VALUE override"
            ));
        }
    }
    let parse_list = |items: &[String]| -> Result<Vec<config::Selector>, String> {
        items
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| config::parse_selector(s))
            .collect()
    };
    let select = match ci.select.as_deref().map(parse_list).transpose() {
        Ok(s) => s,
        Err(e) => return usage(format!("--select: {e}")),
    };
    let ignore = match parse_list(&ci.ignore) {
        Ok(s) => s,
        Err(e) => return usage(format!("--ignore: {e}")),
    };
    let overrides = Overrides {
        inline,
        select,
        ignore,
        fail_on: req.fail_on,
        profiles: req.profiles.clone(),
    };
    let mut resolver = match Resolver::new(ci.isolated, config_file.as_deref(), overrides) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let outputs = match outputs::plan(req.format, ci.output_file.clone(), &ci.output) {
        Ok(o) => o,
        Err(e) => return usage(e),
    };
    let collected = match runner::collect(
        req.paths,
        ci.stdin_filename.as_deref(),
        ci.force_exclude,
        &mut resolver,
    ) {
        Ok(x) => x,
        Err(e) => return usage(e),
    };
    let runner::Collected {
        jobs,
        errors: path_errors,
        force_excluded,
    } = collected;

    if ci.show_settings {
        let mut seen: Vec<&Arc<Settings>> = Vec::new();
        for job in &jobs {
            if !seen.iter().any(|s| Arc::ptr_eq(s, &job.settings)) {
                seen.push(&job.settings);
            }
        }
        if seen.is_empty() {
            match resolver.settings_for(Path::new(".")) {
                Ok(s) => print!("{}", s.describe()),
                Err(e) => return usage(e),
            }
        }
        for (i, s) in seen.iter().enumerate() {
            if i > 0 {
                println!();
            }
            let files = jobs.iter().filter(|j| Arc::ptr_eq(&j.settings, s)).count();
            println!("# settings for {files} file(s)");
            print!("{}", s.describe());
        }
        return ExitCode::SUCCESS;
    }

    let mut io_failed = !path_errors.is_empty();
    for e in &path_errors {
        eprintln!("error: cannot read {}: {}", e.path.display(), e.error);
    }
    let threads = ci.threads.map(usize::from);
    let fixes = std::sync::Mutex::new(Vec::new());
    let outcomes = runner::lint_all(&jobs, threads, req.max_depth, |job, bytes| {
        let chosen = job.settings.profiles.as_deref().unwrap_or(&[]);
        let relative = job.settings.relative(&job.path);
        let mut lint_bytes = |bytes: &[u8]| {
            let mut report = lint(&job.name, bytes, chosen)?;
            job.settings.apply(&mut report, &relative);
            Ok(report)
        };
        let Some(mode) = &req.fix else {
            return lint_bytes(bytes);
        };
        let (report, fix) = fix_cmd::fix_file(&job.name, bytes, mode, &mut lint_bytes)?;
        if let Ok(mut fixes) = fixes.lock() {
            fixes.push((job.name.clone(), fix));
        }
        Ok(report)
    });
    let fixes = fixes.into_inner().unwrap_or_default();
    let mut report = Report::default();
    let mut file_settings: Vec<Arc<Settings>> = Vec::new();
    let mut failures = BTreeSet::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            Outcome::Linted(r) => {
                report.files.push(r);
                file_settings.push(job.settings.clone());
            }
            Outcome::Unreadable(e) => {
                eprintln!("error: {e}");
                io_failed = true;
            }
            Outcome::Failed(e) => {
                failures.insert(e);
            }
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("error: {f}");
        }
        return ExitCode::from(2);
    }
    let parse_failed = report.files.iter().any(schemalint_check::has_parse_error);
    let fixed = req
        .fix
        .as_ref()
        .map(|mode| (mode, fix_cmd::finish(&jobs, &fixes, mode)));
    if let Some((mode, outcome)) = &fixed {
        io_failed |= outcome.failed;
        if mode.action == Action::Diff || !mode.report_remaining {
            eprintln!("{}", fix_cmd::summary(outcome, &report, mode));
            return if io_failed || parse_failed || jobs.is_empty() {
                ExitCode::from(2)
            } else if mode.action == Action::Diff && outcome.changed_files > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    }
    let to_stderr = fixed.as_ref().is_some_and(|(_, o)| o.stdout_taken);
    if jobs.is_empty() && path_errors.is_empty() && force_excluded > 0 {
        // pre-commit passed only files the config excludes: nothing to do.
        eprintln!("note: every file given is excluded by the config (--force-exclude)");
        return ExitCode::SUCCESS;
    }
    let nothing = jobs.is_empty() && path_errors.is_empty();

    if let Some(path) = &ci.write_baseline {
        return match baseline::write(path, &report) {
            Ok(n) => {
                eprintln!("Wrote {n} baseline entries to {}.", path.display());
                if io_failed || parse_failed || nothing {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => usage(format!("cannot write {}: {e}", path.display())),
        };
    }
    if let Some(path) = &ci.baseline {
        let base = match Baseline::load(path) {
            Ok(b) => b,
            Err(e) => return usage(e),
        };
        if let Some(mut stale) = base.apply(&mut report) {
            let settings = match resolver.settings_for(path) {
                Ok(s) => s,
                Err(e) => return usage(e),
            };
            settings.apply(&mut stale, &settings.relative(path));
            if !stale.diagnostics.is_empty() {
                report.files.push(stale);
                file_settings.push(settings);
            }
        }
    }

    // Outputs: files get every finding; the terminal honours --statistics and --max-diagnostics.
    let cwd = std::env::current_dir().ok();
    let stdout_format = outputs::stdout_format(&outputs);
    let options = render::RenderOptions {
        color: req
            .color
            .enabled(std::io::IsTerminal::is_terminal(&std::io::stdout())),
        rules: schemalint_check::RULES
            .iter()
            .map(|r| r.info())
            .chain(std::iter::once(baseline::stale_entry_info()))
            .collect(),
        root: cwd.clone(),
        working_dir: cwd,
        fix_applicability: req.fix_applicability,
    };
    let mut write_failed = false;
    for e in outputs::write_files(&outputs, &report, &options) {
        eprintln!("error: {e}");
        write_failed = true;
    }
    if let Some(format) = stdout_format {
        let result = if ci.statistics {
            let stats = runner::statistics(&report);
            let text = if matches!(format, Format::Json | Format::JsonLines) {
                serde_json::to_string_pretty(&stats).unwrap_or_default() + "\n"
            } else {
                runner::statistics_text(&stats)
            };
            use std::io::Write;
            let written = if to_stderr {
                std::io::stderr().lock().write_all(text.as_bytes())
            } else {
                std::io::stdout().lock().write_all(text.as_bytes())
            };
            match written {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("cannot write output: {e}"))
                }
                _ => Ok(()),
            }
        } else if let Some(max) = ci.max_diagnostics {
            let mut shown = report.clone();
            let dropped = outputs::truncate(&mut shown, max);
            let r = outputs::write_terminal(format, &shown, &options, to_stderr);
            if dropped > 0 {
                eprintln!("note: {dropped} more finding(s) not shown (--max-diagnostics {max})");
            }
            r
        } else {
            outputs::write_terminal(format, &report, &options, to_stderr)
        };
        if let Err(e) = result {
            eprintln!("error: {e}");
            write_failed = true;
        }
        let fix_line = match &fixed {
            Some((mode, outcome)) => Some(fix_cmd::summary(outcome, &report, mode)),
            None if format.is_human() => fix_cmd::available(&report, req.fix_applicability),
            None => None,
        };
        if format.is_human() {
            let mut profiles: Vec<String> = file_settings
                .iter()
                .flat_map(|s| profiles_of(s))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            if profiles.is_empty() {
                profiles.push(
                    req.profiles
                        .as_ref()
                        .map_or(DEFAULT_PROFILE.to_owned(), |p| p.join(", ")),
                );
            }
            eprintln!("{}", summary_line(&report, &profiles.join(", ")));
        }
        // After a machine format too (what was written to the files is worth a line), but
        // not into the findings when they are on stderr (`--fix -`).
        if let Some(line) = fix_line.filter(|_| format.is_human() || !to_stderr) {
            eprintln!("{line}");
        }
    }

    if io_failed || parse_failed || nothing || write_failed {
        if nothing {
            eprintln!("error: no JSON files found in the given paths");
        }
        return ExitCode::from(2);
    }
    let failed = report.files.iter().zip(&file_settings).any(|(f, s)| {
        let threshold = s.fail_on.unwrap_or(Severity::Error);
        f.diagnostics.iter().any(|d| d.severity >= threshold)
    });
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
