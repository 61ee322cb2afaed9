//! Many files: paths, directories and globs → inputs (with the settings that apply to
//! each), linted in parallel with deterministic output order, a progress bar for long
//! runs on a terminal, and `--statistics`.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use schemalint_diagnostics::{FileReport, Report, Severity};

use crate::config::{ConfigError, PathGlob, Resolver, Settings};
use crate::files::{Input, PathError};

/// Runs with at least this many files show a progress bar (on a terminal only).
pub const PROGRESS_MIN_FILES: usize = 200;

/// One file to lint.
#[derive(Debug, Clone)]
pub struct Job {
    pub input: Input,
    /// Shown in output: the path as found, or `--stdin-filename` / `<stdin>`.
    pub name: String,
    /// The path used for config lookups and per-file ignores.
    pub path: PathBuf,
    pub settings: Arc<Settings>,
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    pub jobs: Vec<Job>,
    pub errors: Vec<PathError>,
    /// Files named on the command line that `--force-exclude` skipped.
    pub force_excluded: usize,
}

/// Expands `paths`: files as given (unless `force_exclude` and excluded), directories
/// walked (sorted; hidden directories, `node_modules`, `target` and symbolic links to
/// directories skipped; the
/// config's `include`/`exclude` applied), glob patterns matched, `-` as stdin.
pub fn collect(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    force_exclude: bool,
    resolver: &mut Resolver,
) -> Result<Collected, ConfigError> {
    let mut jobs = Vec::new();
    let mut errors = Vec::new();
    let mut force_excluded = 0;
    for path in paths {
        if path.as_os_str() == "-" {
            let name_path =
                stdin_filename.map_or_else(|| PathBuf::from("<stdin>"), Path::to_path_buf);
            let settings = match stdin_filename {
                Some(p) => resolver.settings_for(p)?,
                None => resolver.settings_for(Path::new("."))?,
            };
            jobs.push(Job {
                input: Input::Stdin,
                name: stdin_filename
                    .map_or_else(|| "<stdin>".to_owned(), |p| p.display().to_string()),
                path: name_path,
                settings,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, None, &mut jobs, &mut errors, resolver)?,
            Ok(_) => {
                let settings = resolver.settings_for(path)?;
                if force_exclude && settings.excludes(path) {
                    force_excluded += 1;
                    continue;
                }
                let input = Input::File(path.clone());
                jobs.push(Job {
                    name: input.display_name(),
                    input,
                    path: path.clone(),
                    settings,
                });
            }
            Err(error) => match glob_base(path) {
                Some(base) => {
                    let pattern = path.to_string_lossy().replace('\\', "/");
                    let pattern = pattern.strip_prefix("./").unwrap_or(&pattern).to_owned();
                    let glob = match PathGlob::new(&pattern) {
                        Ok(g) => g,
                        Err(e) => {
                            errors.push(PathError {
                                path: path.clone(),
                                error: std::io::Error::new(std::io::ErrorKind::InvalidInput, e),
                            });
                            continue;
                        }
                    };
                    let before = jobs.len();
                    if base.is_dir() {
                        walk(&base, Some(&glob), &mut jobs, &mut errors, resolver)?;
                    }
                    if jobs.len() == before {
                        errors.push(PathError {
                            path: path.clone(),
                            error: std::io::Error::new(
                                std::io::ErrorKind::NotFound,
                                "the glob matches no file",
                            ),
                        });
                    }
                }
                None => errors.push(PathError {
                    path: path.clone(),
                    error,
                }),
            },
        }
    }
    Ok(Collected {
        jobs,
        errors,
        force_excluded,
    })
}

/// The directory to walk for a glob pattern (its components before the first one with a
/// glob character), or `None` when `path` has no glob character.
fn glob_base(path: &Path) -> Option<PathBuf> {
    let is_glob = |s: &str| s.contains(['*', '?', '[', '{']);
    if !is_glob(&path.to_string_lossy()) {
        return None;
    }
    let mut base = PathBuf::new();
    for c in path.components() {
        if is_glob(&c.as_os_str().to_string_lossy()) {
            break;
        }
        base.push(c);
    }
    if base.as_os_str().is_empty() {
        base.push(".");
    }
    Some(base)
}

fn walk(
    dir: &Path,
    glob: Option<&PathGlob>,
    jobs: &mut Vec<Job>,
    errors: &mut Vec<PathError>,
    resolver: &mut Resolver,
) -> Result<(), ConfigError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(PathError {
                path: dir.to_path_buf(),
                error,
            });
            return Ok(());
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // A path as the user would write it: `./x` shown as `x`.
        let path = path
            .strip_prefix(".")
            .map_or(path.clone(), Path::to_path_buf);
        // Symbolic links to directories are not followed (no loops, no escaping the tree).
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() {
            if is_link || name.starts_with('.') || name == "node_modules" || name == "target" {
                continue;
            }
            let settings = resolver.settings_for(&path)?;
            if settings.excludes(&path) {
                continue;
            }
            walk(&path, glob, jobs, errors, resolver)?;
        } else {
            let settings = resolver.settings_for(&path)?;
            let selected = match glob {
                Some(g) => {
                    g.matches(&crate::config::slash_path(&path)) && !settings.excludes(&path)
                }
                None => settings.includes(&path),
            };
            if selected {
                jobs.push(Job {
                    input: Input::File(path.clone()),
                    name: path.display().to_string(),
                    path,
                    settings,
                });
            }
        }
    }
    Ok(())
}

/// The outcome of linting one job.
pub enum Outcome {
    Linted(FileReport),
    /// The file could not be read.
    Unreadable(String),
    /// The lint itself failed (for example an unknown profile): a usage error.
    Failed(String),
}

/// Lints every job on `threads` threads (`None`: one per CPU), keeping input order.
/// Shows a progress bar on stderr when it is a terminal and the run is long. A file is
/// read only up to a little past its first fatal error (nesting past `max_depth`
/// included): `lint` then gets that prefix, in which the parser finds the error.
pub fn lint_all<F>(jobs: &[Job], threads: Option<usize>, max_depth: usize, lint: F) -> Vec<Outcome>
where
    F: Fn(&Job, &[u8]) -> Result<FileReport, String> + Sync,
{
    let bar = if jobs.len() >= PROGRESS_MIN_FILES && std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(jobs.len() as u64);
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} linting {pos}/{len} files [{bar:30}] {elapsed}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Some(bar)
    } else {
        None
    };
    let run = || {
        jobs.par_iter()
            .map(|job| {
                let outcome = match job.input.read_json(max_depth) {
                    Ok(read) => match lint(job, &read.bytes) {
                        Ok(report) => Outcome::Linted(report),
                        Err(e) => Outcome::Failed(e),
                    },
                    Err(e) => Outcome::Unreadable(format!("cannot read {}: {e}", job.name)),
                };
                if let Some(bar) = &bar {
                    bar.inc(1);
                }
                outcome
            })
            .collect::<Vec<_>>()
    };
    let outcomes = match worker_pool(threads, max_depth) {
        Some(pool) => pool.install(run),
        None => run(),
    };
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    outcomes
}

/// The worker threads of a run: `threads` of them (`None`: one per CPU), with stacks for
/// documents nested up to `max_depth` levels. `None` when the system cannot start them
/// (the caller then works on its own thread).
pub fn worker_pool(threads: Option<usize>, max_depth: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        // The checker recurses once per nesting level (at most `max_depth` JSON levels);
        // rayon's 2 MiB default is too little for that in a debug build.
        .stack_size(crate::limits::stack_for(max_depth))
        .build()
        .ok()
}

/// Findings per rule, most frequent first.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub count: usize,
    /// The highest severity among those findings.
    pub severity: Severity,
}

pub fn statistics(report: &Report) -> Vec<RuleCount> {
    let mut counts: BTreeMap<&str, (usize, Severity)> = BTreeMap::new();
    for (_, d) in report.diagnostics() {
        let e = counts.entry(d.rule.as_ref()).or_insert((0, d.severity));
        e.0 += 1;
        e.1 = e.1.max(d.severity);
    }
    let mut list: Vec<RuleCount> = counts
        .into_iter()
        .map(|(rule, (count, severity))| RuleCount {
            rule: rule.to_owned(),
            count,
            severity,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.rule.cmp(&b.rule)));
    list
}

/// `--statistics` as text: `count  rule  severity` per line.
pub fn statistics_text(stats: &[RuleCount]) -> String {
    let width = stats.iter().map(|s| s.rule.len()).max().unwrap_or(0);
    let count_width = stats
        .iter()
        .map(|s| s.count.to_string().len())
        .max()
        .unwrap_or(1);
    stats
        .iter()
        .map(|s| {
            format!(
                "{:>cw$}  {:<w$}  {}\n",
                s.count,
                s.rule,
                s.severity,
                cw = count_width,
                w = width
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemalint_diagnostics::Diagnostic;

    #[test]
    fn statistics_count_per_rule_most_frequent_first() {
        let mut a = FileReport::new("a", None);
        a.diagnostics = vec![
            Diagnostic::new("strict/required", Severity::Error, "m"),
            Diagnostic::new("keyword/unknown", Severity::Warning, "m"),
        ];
        let mut b = FileReport::new("b", None);
        b.diagnostics = vec![Diagnostic::new("strict/required", Severity::Warning, "m")];
        let stats = statistics(&Report { files: vec![a, b] });
        assert_eq!(stats[0].rule, "strict/required");
        assert_eq!(stats[0].count, 2);
        assert_eq!(stats[0].severity, Severity::Error);
        assert_eq!(stats[1].count, 1);
        assert_eq!(
            statistics_text(&stats),
            "2  strict/required  error\n1  keyword/unknown  warning\n"
        );
    }

    #[test]
    fn glob_base_stops_at_the_first_glob_component() {
        assert_eq!(
            glob_base(Path::new("schemas/**/*.json")),
            Some(PathBuf::from("schemas"))
        );
        assert_eq!(glob_base(Path::new("*.json")), Some(PathBuf::from(".")));
        assert_eq!(glob_base(Path::new("schemas/a.json")), None);
    }
}
