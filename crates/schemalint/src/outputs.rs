//! Several outputs in one run: the terminal (`--format`, or `github` under GitHub
//! Actions), `--output-file`, and repeated `--output FORMAT=PATH`.

use std::io::Write;
use std::path::PathBuf;

use schemalint_diagnostics::{render, Format, Report};

/// Where one rendering goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

/// One format to one target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub target: Target,
}

/// True when running under GitHub Actions.
pub fn github_actions() -> bool {
    std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true")
}

/// The format used when none is given: `github` under GitHub Actions, else `full`.
pub fn default_format() -> Format {
    if github_actions() {
        Format::Github
    } else {
        Format::Full
    }
}

/// Parses `FORMAT=PATH`.
pub fn parse_output(spec: &str) -> Result<Output, String> {
    let (format, path) = spec.split_once('=').ok_or_else(|| {
        format!("`--output {spec}`: expected FORMAT=PATH, e.g. sarif=schemalint.sarif")
    })?;
    let format: Format = format
        .parse()
        .map_err(|e| format!("`--output {spec}`: {e}"))?;
    if path.is_empty() {
        return Err(format!("`--output {spec}`: the path is empty"));
    }
    let target = if path == "-" {
        Target::Stdout
    } else {
        Target::File(PathBuf::from(path))
    };
    Ok(Output { format, target })
}

/// Every output of the run. `format` is `--format` (if given), `output_file`
/// `--output-file`, `extra` the `--output` items.
pub fn plan(
    format: Option<Format>,
    output_file: Option<PathBuf>,
    extra: &[String],
) -> Result<Vec<Output>, String> {
    let mut outputs = Vec::new();
    match output_file {
        Some(path) => {
            outputs.push(Output {
                format: format.unwrap_or(Format::Full),
                target: Target::File(path),
            });
            outputs.push(Output {
                format: default_format(),
                target: Target::Stdout,
            });
        }
        None => outputs.push(Output {
            format: format.unwrap_or_else(default_format),
            target: Target::Stdout,
        }),
    }
    let mut explicit_stdout = false;
    for spec in extra {
        let out = parse_output(spec)?;
        if out.target == Target::Stdout {
            if explicit_stdout {
                return Err("only one `--output FORMAT=-` can go to standard output".to_owned());
            }
            explicit_stdout = true;
            // An explicit `FORMAT=-` replaces the implicit terminal output.
            outputs.retain(|o| o.target != Target::Stdout);
        }
        outputs.push(out);
    }
    let mut files: Vec<&PathBuf> = outputs
        .iter()
        .filter_map(|o| match &o.target {
            Target::File(p) => Some(p),
            Target::Stdout => None,
        })
        .collect();
    files.sort();
    if let Some(w) = files.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("two outputs write to {}", w[0].display()));
    }
    if outputs
        .iter()
        .filter(|o| o.target == Target::Stdout)
        .count()
        > 1
    {
        return Err("only one output can go to standard output".to_owned());
    }
    Ok(outputs)
}

/// The terminal output, if any.
pub fn stdout_format(outputs: &[Output]) -> Option<Format> {
    outputs
        .iter()
        .find(|o| o.target == Target::Stdout)
        .map(|o| o.format)
}

/// Renders `report` to every file output (never coloured). Returns error messages.
pub fn write_files(
    outputs: &[Output],
    report: &Report,
    options: &render::RenderOptions,
) -> Vec<String> {
    let mut errors = Vec::new();
    let options = render::RenderOptions {
        color: false,
        ..options.clone()
    };
    for o in outputs {
        let Target::File(path) = &o.target else {
            continue;
        };
        let result = std::fs::File::create(path).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            render::renderer(o.format, &options).render(report, &mut w)?;
            w.flush()
        });
        if let Err(e) = result {
            errors.push(format!("cannot write {}: {e}", path.display()));
        }
    }
    errors
}

/// Renders to standard output (a closed pipe is not an error), or to standard error when
/// standard output carries something else (the fixed document of `check --fix -`).
pub fn write_terminal(
    format: Format,
    report: &Report,
    options: &render::RenderOptions,
    to_stderr: bool,
) -> Result<(), String> {
    let options = render::RenderOptions {
        color: options.color && format.is_human(),
        ..options.clone()
    };
    let mut out: Box<dyn Write> = if to_stderr {
        Box::new(std::io::stderr().lock())
    } else {
        Box::new(std::io::stdout().lock())
    };
    match render::renderer(format, &options)
        .render(report, &mut out)
        .and_then(|()| out.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {e}"))
        }
        _ => Ok(()),
    }
}

/// Keeps the first `max` findings (in report order); returns how many were dropped.
pub fn truncate(report: &mut Report, max: usize) -> usize {
    let mut left = max;
    let mut dropped = 0;
    for f in &mut report.files {
        if f.diagnostics.len() <= left {
            left -= f.diagnostics.len();
        } else {
            dropped += f.diagnostics.len() - left;
            f.diagnostics.truncate(left);
            left = 0;
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_specs_parse_and_conflicts_are_refused() {
        let o = parse_output("sarif=out.sarif").unwrap();
        assert_eq!(o.format, Format::Sarif);
        assert_eq!(o.target, Target::File("out.sarif".into()));
        assert!(parse_output("sarif").unwrap_err().contains("FORMAT=PATH"));
        assert!(parse_output("xml=a").unwrap_err().contains("json-lines"));
        let plan1 = plan(
            Some(Format::Sarif),
            Some("a.sarif".into()),
            &["junit=j.xml".into()],
        )
        .unwrap();
        assert_eq!(plan1.len(), 3);
        assert!(plan(None, Some("a".into()), &["json=a".into()]).is_err());
        let only = plan(Some(Format::Concise), None, &["json=-".into()]).unwrap();
        assert_eq!(stdout_format(&only), Some(Format::Json));
        assert_eq!(only.len(), 1);
    }
}
