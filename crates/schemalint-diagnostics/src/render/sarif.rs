//! SARIF 2.1.0 as GitHub code scanning reads it (see `linter-ux.md` §3.1).
//!
//! Hand-written serde structs rather than a generated SARIF crate: the subset is small, and
//! struct field order keeps the output byte-stable whatever `serde_json` features are on.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::paths::{percent_encode_path, repo_path, RepoPath};
use super::{RenderOptions, Renderer};
use crate::{Applicability, Diagnostic, FileReport, Fix, Report, RuleInfo, Severity, SourceFile};

/// GitHub's documented value for `$schema`.
const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The `uriBaseId` of repository-relative paths; `upload-sarif` resolves it to the checkout.
const SRCROOT: &str = "%SRCROOT%";
/// Key of our own fingerprint; bump the version if its inputs ever change.
const FINGERPRINT_KEY: &str = "schemalintFingerprint/v1";
/// The only fingerprint GitHub reads (`linter-ux.md` §3.1). Set from the same stable
/// hash, or `upload-sarif` would compute one from line text and alerts would follow lines.
const GITHUB_FINGERPRINT_KEY: &str = "primaryLocationLineHash";
/// GitHub rejects longer rule descriptions.
const MAX_DESCRIPTION_CHARS: usize = 1024;
/// GitHub rejects a SARIF upload whose run has more results (and shows the 5,000 most
/// severe): "About code scanning limits on SARIF results", docs.github.com.
pub const MAX_RESULTS_PER_RUN: usize = 25_000;

/// SARIF 2.1.0 log with one run; results in report order, rules sorted by id.
#[derive(Debug, Clone)]
pub struct Sarif {
    rules: Vec<RuleInfo>,
    root: Option<PathBuf>,
    working_dir: Option<PathBuf>,
    max_results: usize,
}

impl Default for Sarif {
    fn default() -> Self {
        Self::new(&RenderOptions::default())
    }
}

impl Sarif {
    /// Takes the rule catalog and the paths' root from `options`.
    pub fn new(options: &RenderOptions) -> Self {
        Self {
            rules: options.rules.clone(),
            root: options.root.clone(),
            working_dir: options.working_dir.clone(),
            max_results: MAX_RESULTS_PER_RUN,
        }
    }

    /// Caps the results of the run (default [`MAX_RESULTS_PER_RUN`]). Past the cap, the
    /// least severe results are left out and a tool notification says how many.
    pub fn with_max_results(mut self, max_results: usize) -> Self {
        self.max_results = max_results;
        self
    }

    /// The SARIF log as a JSON value (for tests and for embedding).
    pub fn to_value(&self, report: &Report) -> serde_json::Value {
        serde_json::to_value(self.log(report)).unwrap_or_default()
    }

    fn log<'a>(&'a self, report: &'a Report) -> Log<'a> {
        let mut entries: Vec<Entry<'a>> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for file in &report.files {
            let path = repo_path(
                &file.path,
                self.root.as_deref(),
                self.working_dir.as_deref(),
            );
            for d in &file.diagnostics {
                // Counted over the whole report, so dropping results changes no fingerprint.
                let hash = fingerprint(&d.rule, path.as_str(), &d.pointer);
                let occurrence = seen.entry(hash.clone()).or_insert(0);
                *occurrence += 1;
                entries.push(Entry {
                    file,
                    d,
                    path: path.clone(),
                    fingerprint: format!("{hash}:{occurrence}"),
                });
            }
        }
        let dropped = entries.len().saturating_sub(self.max_results);
        if dropped > 0 {
            // Keep the most severe, then restore report order.
            let mut keep: Vec<usize> = (0..entries.len()).collect();
            keep.sort_by_key(|&i| Reverse(entries[i].d.severity));
            keep.truncate(self.max_results);
            keep.sort_unstable();
            let mut kept = keep.into_iter().peekable();
            let mut i = 0;
            entries.retain(|_| {
                let hit = kept.next_if_eq(&i).is_some();
                i += 1;
                hit
            });
        }

        let used: BTreeSet<&str> = entries.iter().map(|e| &*e.d.rule).collect();
        let catalog: HashMap<&str, &RuleInfo> = self.rules.iter().map(|r| (&*r.id, r)).collect();
        let rules: Vec<Rule<'a>> = used
            .iter()
            .map(|id| Rule::new(id, catalog.get(id).copied()))
            .collect();
        let index: HashMap<&str, usize> = used.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let results = entries
            .into_iter()
            .map(|e| SarifResult::new(&e, index[&*e.d.rule]))
            .collect();
        let invocations = if dropped > 0 {
            vec![Invocation {
                execution_successful: true,
                tool_execution_notifications: vec![Notification {
                    level: "warning",
                    message: Text {
                        text: format!(
                            "{dropped} less severe {} left out: GitHub code scanning \
                             rejects runs with more than {} results. Use another format to see \
                             them all.",
                            if dropped == 1 {
                                "result was"
                            } else {
                                "results were"
                            },
                            self.max_results
                        ),
                    },
                }],
            }]
        } else {
            Vec::new()
        };

        Log {
            schema: SCHEMA_URI,
            version: "2.1.0",
            runs: [Run {
                tool: Tool {
                    driver: Driver {
                        name: "schemalint",
                        version: env!("CARGO_PKG_VERSION"),
                        semantic_version: env!("CARGO_PKG_VERSION"),
                        information_uri: env!("CARGO_PKG_REPOSITORY"),
                        rules,
                    },
                },
                invocations,
                column_kind: "unicodeCodePoints",
                results,
            }],
        }
    }
}

/// One finding on its way into the log.
struct Entry<'a> {
    file: &'a FileReport,
    d: &'a Diagnostic,
    path: RepoPath,
    fingerprint: String,
}

impl Renderer for Sarif {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.log(report))?;
        writeln!(out)
    }
}

/// The SARIF `level` of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A hex hash of rule, repository path and pointer: what identifies a finding across runs.
/// Fields are length-prefixed so that `("ab", "")` and `("a", "b")` differ.
pub(crate) fn fingerprint(rule: &str, path: &str, pointer: &str) -> String {
    let mut hash = Fnv1a128::new();
    for field in [rule, path, pointer] {
        hash.write(&(field.len() as u64).to_le_bytes());
        hash.write(field.as_bytes());
    }
    format!("{:032x}", hash.0)
}

/// 128-bit FNV-1a. Chosen because it is fully specified (stable across Rust versions and
/// platforms, unlike `DefaultHasher`) and short enough to write here; a collision would
/// only merge two alerts.
struct Fnv1a128(u128);

impl Fnv1a128 {
    const OFFSET_BASIS: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Self {
        Self(Self::OFFSET_BASIS)
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u128::from(*byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

/// At most `max` characters, marking a cut with `…`.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// The first prose paragraph of Markdown docs (headings and code fences skipped, also a
/// heading written right above its text), on one line.
fn first_paragraph(markdown: &str) -> Option<String> {
    markdown
        .split("\n\n")
        .map(|block| {
            let prose: Vec<&str> = block.lines().skip_while(|l| l.starts_with('#')).collect();
            prose.join("\n")
        })
        .find(|prose| !prose.trim().is_empty() && !prose.trim_start().starts_with("```"))
        .map(|prose| prose.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    /// Only to report left-out results.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    /// Our columns count Unicode scalar values (see `source.rs`).
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    short_description: Text,
    full_description: Text,
    help: Help,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    properties: RuleProperties<'a>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties<'a> {
    tags: Vec<&'a str>,
}

impl<'a> Rule<'a> {
    /// A descriptor from the catalog entry, or a minimal one GitHub still accepts
    /// (it wants non-empty descriptions and help) when the rule is not in the catalog.
    fn new(id: &'a str, info: Option<&'a RuleInfo>) -> Self {
        let tags = id
            .split_once('/')
            .map(|(category, _)| vec![category])
            .unwrap_or_default();
        let Some(info) = info else {
            let text = format!("schemalint rule `{id}`.");
            return Self {
                id,
                short_description: Text { text: text.clone() },
                full_description: Text { text: text.clone() },
                help: Help {
                    text: text.clone(),
                    markdown: text,
                },
                help_uri: None,
                default_configuration: None,
                properties: RuleProperties { tags },
            };
        };
        let summary = if info.summary.trim().is_empty() {
            format!("schemalint rule `{id}`.")
        } else {
            info.summary.to_string()
        };
        let docs = if info.docs.trim().is_empty() {
            summary.clone()
        } else {
            info.docs.trim().to_owned()
        };
        let full = first_paragraph(&docs).unwrap_or_else(|| summary.clone());
        Self {
            id,
            short_description: Text {
                text: truncate(&summary, MAX_DESCRIPTION_CHARS),
            },
            full_description: Text {
                text: truncate(&full, MAX_DESCRIPTION_CHARS),
            },
            help: Help {
                text: docs.clone(),
                markdown: docs,
            },
            help_uri: info.url.as_deref(),
            default_configuration: Some(Configuration {
                level: level(info.default_severity),
            }),
            properties: RuleProperties { tags },
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
    /// The finding's fix, safe or unsafe (its `properties.applicability` says which).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
    properties: ResultProperties<'a>,
}

/// SARIF `fix` (§3.55): the edits as replacements in the one file the finding is in.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: Applicability,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: DeletedRegion,
    /// Absent for a deletion.
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Content<'a>>,
}

#[derive(Serialize)]
struct Content<'a> {
    text: &'a str,
}

/// The bytes an edit replaces, as the line/column region our results use (empty for an
/// insertion) and, for tools that splice bytes, as `byteOffset`/`byteLength` too.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeletedRegion {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    logical_locations: Vec<LogicalLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// Line/column form; `endColumn` is the column after the last character, as SARIF wants.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultProperties<'a> {
    /// RFC 6901 pointer; also here because `logicalLocations` is omitted for the root.
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    profile: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    provider_message: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notes: &'a [String],
}

fn artifact_location(path: &RepoPath) -> ArtifactLocation {
    match path {
        RepoPath::Relative(p) => ArtifactLocation {
            uri: percent_encode_path(p),
            uri_base_id: Some(SRCROOT),
        },
        RepoPath::Absolute(p) => {
            let slash = if p.starts_with('/') { "" } else { "/" };
            // After `file://` a `:` cannot read as a scheme: keep `C:` drive letters.
            let encoded = percent_encode_path(p).replace("%3A", ":");
            ArtifactLocation {
                uri: format!("file://{slash}{encoded}"),
                uri_base_id: None,
            }
        }
    }
}

impl<'a> SarifFix<'a> {
    fn new(fix: &'a Fix, source: &SourceFile, path: &RepoPath) -> Self {
        let replacements = fix
            .edits
            .iter()
            .map(|edit| {
                let range = source.range(edit.span);
                Replacement {
                    deleted_region: DeletedRegion {
                        start_line: range.start.line,
                        start_column: range.start.column,
                        end_line: range.end.line,
                        end_column: range.end.column,
                        byte_offset: edit.span.start,
                        byte_length: edit.span.end - edit.span.start,
                    },
                    inserted_content: (!edit.replacement.is_empty()).then_some(Content {
                        text: &edit.replacement,
                    }),
                }
            })
            .collect();
        Self {
            description: Text {
                text: format!(
                    "{} ({} fix: {})",
                    fix.message,
                    fix.applicability,
                    fix.applicability.flags()
                ),
            },
            artifact_changes: [ArtifactChange {
                artifact_location: artifact_location(path),
                replacements,
            }],
            properties: FixProperties {
                applicability: fix.applicability,
            },
        }
    }
}

impl<'a> SarifResult<'a> {
    fn new(entry: &Entry<'a>, rule_index: usize) -> Self {
        let Entry {
            file,
            d,
            path,
            fingerprint,
        } = entry;
        // GitHub rejects results without message text.
        let mut text = if d.message.trim().is_empty() {
            format!("Finding of rule `{}`.", d.rule)
        } else {
            d.message.clone()
        };
        if let Some(help) = &d.help {
            text.push_str("\n\nHelp: ");
            text.push_str(help);
        }
        let artifact_location = artifact_location(path);
        // Without a span the finding is about the whole file; GitHub requires
        // `region.startLine`, so it is anchored at the first line.
        let region = match d.range(file.source.as_ref()) {
            Some(r) => Region {
                start_line: r.start.line,
                start_column: Some(r.start.column),
                end_line: Some(r.end.line),
                end_column: Some(r.end.column),
            },
            None => Region {
                start_line: 1,
                start_column: None,
                end_line: None,
                end_column: None,
            },
        };
        let logical_locations = if d.pointer.is_empty() {
            Vec::new()
        } else {
            vec![LogicalLocation {
                fully_qualified_name: d.pointer.clone(),
            }]
        };
        Self {
            rule_id: &d.rule,
            rule_index,
            level: level(d.severity),
            message: Text { text },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location,
                    region,
                },
                logical_locations,
            }],
            partial_fingerprints: BTreeMap::from([
                (GITHUB_FINGERPRINT_KEY, fingerprint.clone()),
                (FINGERPRINT_KEY, fingerprint.clone()),
            ]),
            // Edits are byte spans into the text read: without it there is nothing to fix.
            fixes: match (&d.fix, &file.source) {
                (Some(fix), Some(source)) => vec![SarifFix::new(fix, source, path)],
                _ => Vec::new(),
            },
            properties: ResultProperties {
                pointer: &d.pointer,
                profile: d.profile.as_deref(),
                provider_message: d.provider_message.as_deref(),
                notes: &d.notes,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SourceFile, Span};

    fn report_with(text: &str, needle: &str) -> Report {
        let source = SourceFile::new("a.json", text.to_owned());
        let start = text.find(needle).unwrap();
        let mut file = FileReport::new("schemas/a.json", Some(source));
        file.diagnostics.push(
            Diagnostic::new("strict/x", Severity::Error, "bad")
                .with_pointer("/properties/x")
                .with_span(Some(Span::new(start, start + needle.len()))),
        );
        Report { files: vec![file] }
    }

    fn first_result(report: &Report) -> serde_json::Value {
        Sarif::default().to_value(report)["runs"][0]["results"][0].clone()
    }

    #[test]
    fn fingerprints_survive_moved_lines_but_not_a_moved_pointer() {
        let before = first_result(&report_with("{\"properties\": {\"x\": 1}}", "\"x\""));
        let after = first_result(&report_with(
            "\n\n{\n  \"properties\": {\n    \"x\": 1}}",
            "\"x\"",
        ));
        let region = "/locations/0/physicalLocation/region/startLine";
        assert_ne!(before.pointer(region), after.pointer(region));
        assert_eq!(before["partialFingerprints"], after["partialFingerprints"]);

        let mut other = report_with("{\"properties\": {\"x\": 1}}", "\"x\"");
        other.files[0].diagnostics[0].pointer = "/properties/y".into();
        assert_ne!(
            before["partialFingerprints"],
            first_result(&other)["partialFingerprints"]
        );
    }

    #[test]
    fn fixes_are_replacements_with_line_column_and_byte_regions() {
        let text = "{\"é\": 1,\n \"x\": 2}";
        let mut report = report_with(text, "\"x\"");
        let x = text.find("\"x\"").unwrap();
        report.files[0].diagnostics[0].fix = Some(Fix::unsafe_(
            "drop x",
            vec![
                crate::Edit::insert(1, "\"a\": 0, "),
                crate::Edit::delete(Span::new(x - 3, text.len() - 1)),
            ],
        ));
        let result = first_result(&report);
        let fix = &result["fixes"][0];
        assert_eq!(
            fix["description"]["text"],
            "drop x (unsafe fix: --fix --unsafe-fixes)"
        );
        assert_eq!(fix["properties"]["applicability"], "unsafe");
        let change = &fix["artifactChanges"][0];
        assert_eq!(
            change["artifactLocation"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]
        );
        let [insert, delete] = change["replacements"].as_array().unwrap().as_slice() else {
            panic!("two replacements: {change}");
        };
        assert_eq!(
            insert["deletedRegion"],
            serde_json::json!({"startLine": 1, "startColumn": 2, "endLine": 1, "endColumn": 2,
                               "byteOffset": 1, "byteLength": 0})
        );
        assert_eq!(insert["insertedContent"]["text"], "\"a\": 0, ");
        // `é` is two bytes but one column; the deletion (`,` to before `}`) spans the
        // line break, and `endColumn` is the column after it, as in result regions.
        assert_eq!(
            delete["deletedRegion"],
            serde_json::json!({"startLine": 1, "startColumn": 8, "endLine": 2, "endColumn": 8,
                               "byteOffset": 8, "byteLength": 9})
        );
        assert!(delete.get("insertedContent").is_none());
        // No fix, no `fixes`.
        report.files[0].diagnostics[0].fix = None;
        assert!(first_result(&report).get("fixes").is_none());
    }

    #[test]
    fn repeated_findings_get_distinct_fingerprints() {
        let mut report = report_with("{\"x\": 1}", "\"x\"");
        let copy = report.files[0].diagnostics[0].clone();
        report.files[0].diagnostics.push(copy);
        let value = Sarif::default().to_value(&report);
        let results = value["runs"][0]["results"].as_array().unwrap();
        let fp = |i: usize| results[i]["partialFingerprints"][FINGERPRINT_KEY].clone();
        assert_ne!(fp(0), fp(1));
        assert!(fp(1).as_str().unwrap().ends_with(":2"));
    }

    #[test]
    fn the_hash_is_fnv1a_128() {
        // Published test vector (draft-eastlake-fnv): FNV-1a-128("a").
        let mut hash = Fnv1a128::new();
        hash.write(b"a");
        assert_eq!(
            format!("{:032x}", hash.0),
            "d228cb696f1a8caf78912b704e4a8964"
        );
    }

    #[test]
    fn fingerprints_never_change_for_the_same_finding() {
        // Changing these reopens alerts users have triaged: bump FINGERPRINT_KEY instead.
        // Value cross-checked with an independent Python FNV-1a implementation.
        assert_eq!(
            fingerprint("strict/x", "schemas/a.json", "/properties/x"),
            "fc830ae5c5dfa04f557f3804d53cba0b"
        );
        assert_ne!(fingerprint("ab", "", ""), fingerprint("a", "b", ""));
    }

    #[test]
    fn results_always_have_message_text() {
        let mut report = report_with("{\"x\": 1}", "\"x\"");
        report.files[0].diagnostics[0].message = " ".into();
        let text = first_result(&report)["message"]["text"].clone();
        assert_eq!(text, "Finding of rule `strict/x`.");
    }

    #[test]
    fn paths_outside_the_root_become_file_uris() {
        let mut report = report_with("{\"x\": 1}", "\"x\"");
        report.files[0].path = "/tmp/odd #1/a.json".into();
        let options = RenderOptions {
            root: Some(PathBuf::from("/repo")),
            ..RenderOptions::default()
        };
        let value = Sarif::new(&options).to_value(&report);
        let artifact =
            &value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(artifact["uri"], "file:///tmp/odd%20%231/a.json");
        assert!(artifact.get("uriBaseId").is_none());
    }

    #[test]
    fn past_the_result_limit_the_least_severe_are_left_out_and_counted() {
        let mut file = FileReport::new("a.json", None);
        for (rule, severity) in [
            ("r/info", Severity::Info),
            ("r/error", Severity::Error),
            ("r/warning", Severity::Warning),
        ] {
            file.diagnostics
                .push(Diagnostic::new(rule, severity, "m").with_pointer(format!("/{rule}")));
        }
        let report = Report { files: vec![file] };
        let all = Sarif::default().to_value(&report);
        let capped = Sarif::default().with_max_results(2).to_value(&report);
        let run = &capped["runs"][0];

        let ids = |run: &serde_json::Value, key: &str| -> Vec<serde_json::Value> {
            run[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r[if key == "results" { "ruleId" } else { "id" }].clone())
                .collect()
        };
        assert_eq!(ids(run, "results"), ["r/error", "r/warning"]);
        assert_eq!(
            ids(&run["tool"]["driver"], "rules"),
            ["r/error", "r/warning"]
        );
        assert_eq!(run["results"][1]["ruleIndex"], 1);
        assert_eq!(
            run["results"][0]["partialFingerprints"],
            all["runs"][0]["results"][1]["partialFingerprints"]
        );
        let notice = &run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"];
        assert!(
            notice
                .as_str()
                .unwrap()
                .starts_with("1 less severe result was left out"),
            "{notice}"
        );
        assert!(all["runs"][0].get("invocations").is_none());
    }

    #[test]
    fn long_descriptions_are_cut_to_githubs_limit() {
        let long = "x".repeat(2000);
        let cut = truncate(&long, MAX_DESCRIPTION_CHARS);
        assert_eq!(cut.chars().count(), MAX_DESCRIPTION_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(truncate("short", MAX_DESCRIPTION_CHARS), "short");
    }

    #[test]
    fn the_full_description_skips_headings_and_code() {
        let docs = "# strict/x\n\n```json\n{}\n```\n\nWhat it\nchecks.\n\nMore.";
        assert_eq!(first_paragraph(docs).as_deref(), Some("What it checks."));
        assert_eq!(first_paragraph("# only a heading"), None);
        let rule_docs = "## What it does\nFlags `default`\nanywhere.\n\n## Fix\n\n**Fix:** x.";
        assert_eq!(
            first_paragraph(rule_docs).as_deref(),
            Some("Flags `default` anywhere.")
        );
    }
}
