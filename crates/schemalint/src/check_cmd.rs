//! `schemalint check`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use schemalint_check::Profile;
use schemalint_diagnostics::{render, Color, Format, Report, Severity};

use crate::cli::{CheckArgs, ColorChoice};
use crate::files;

pub fn run(args: &CheckArgs, color: ColorChoice) -> ExitCode {
    let profile = match Profile::builtin(&args.profile) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let (inputs, path_errors) = files::collect(&args.paths);
    let mut io_failed = !path_errors.is_empty();
    for e in &path_errors {
        eprintln!("error: cannot read {}: {}", e.path.display(), e.error);
    }
    let mut report = Report::default();
    for input in &inputs {
        let name = input.display_name();
        match input.read() {
            Ok(bytes) => report
                .files
                .push(schemalint_check::check_bytes(&name, &bytes, profile)),
            Err(e) => {
                eprintln!("error: cannot read {name}: {e}");
                io_failed = true;
            }
        }
    }
    let parse_failed = report.files.iter().any(schemalint_check::has_parse_error);

    let format: Format = args.format.into();
    let stdout = std::io::stdout();
    let use_color = Color::from(color).enabled(stdout.is_terminal());
    let options = render::RenderOptions {
        color: use_color,
        rules: schemalint_check::RULES.iter().map(|r| r.info()).collect(),
        root: std::env::current_dir().ok(),
        working_dir: std::env::current_dir().ok(),
    };
    let renderer = render::renderer(format, &options);
    let mut out = stdout.lock();
    if let Err(e) = renderer
        .render(&report, &mut out)
        .and_then(|()| out.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write output: {e}");
            return ExitCode::from(2);
        }
    }
    let summary = report.summary();
    if format.is_human() {
        eprintln!("{}", summary_line(&summary, &profile.id));
    }
    if io_failed || parse_failed || (inputs.is_empty() && path_errors.is_empty()) {
        if inputs.is_empty() && path_errors.is_empty() {
            eprintln!("error: no JSON files found in the given paths");
        }
        return ExitCode::from(2);
    }
    let threshold: Severity = args.fail_on.into();
    if summary.at_least(threshold) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
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
