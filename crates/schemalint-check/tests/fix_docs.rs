//! The fix documentation of the rules (`fix: RuleFix { .. }` in `declare_rule!`) is true:
//! every documented case turns its `before` into its `after` with the applicability it
//! states, for each profile it names, and every rule that attaches fixes documents them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use schemalint_check::profile::builtins;
use schemalint_check::{fix_with, FixAvailability, Profile, RuleMeta, RULES};
use schemalint_diagnostics::{Applicability, FileReport};

/// The profiles a case is for: those it names, or every built-in profile that runs the rule.
fn case_profiles(rule: &RuleMeta, named: &[&str]) -> Vec<&'static Profile> {
    if named.is_empty() {
        builtins()
            .iter()
            .filter(|p| p.severity(rule.id).is_some())
            .collect()
    } else {
        named
            .iter()
            .map(|id| Profile::builtin(id).unwrap_or_else(|e| panic!("{}: {e}", rule.id)))
            .collect()
    }
}

/// The findings of `rule` only, so an example shows this rule's fix and nothing else.
fn lint_rule(rule: &str, text: &str, profile: &Profile) -> FileReport {
    let mut report = schemalint_check::check_str("example.json", text, profile);
    report.diagnostics.retain(|d| d.rule == rule);
    report
}

#[test]
fn every_documented_fix_case_does_what_its_example_shows() {
    let mut cases = 0;
    for rule in RULES {
        let Some(fix) = rule.fix else { continue };
        assert!(!fix.cases.is_empty(), "{}: a fix with no case", rule.id);
        assert_eq!(
            fix.availability == FixAvailability::Sometimes,
            !fix.unavailable.is_empty(),
            "{}: say when there is no fix exactly when the fix is only sometimes available",
            rule.id
        );
        for case in fix.cases {
            let profiles = case_profiles(rule, case.profiles);
            assert!(
                !profiles.is_empty(),
                "{}: no profile runs it ({})",
                rule.id,
                case.when
            );
            for profile in profiles {
                let at = format!("{} / {} / {}", rule.id, profile.id, case.when);
                let before = lint_rule(rule.id, case.before, profile);
                let applicabilities: BTreeSet<Applicability> = before
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.fix.as_ref().map(|f| f.applicability))
                    .collect();
                assert_eq!(
                    applicabilities,
                    BTreeSet::from([case.applicability]),
                    "{at}: the example's findings should carry fixes of exactly this applicability"
                );
                // One level below: the case's fix must not be applied.
                if case.applicability == Applicability::Unsafe {
                    let safe = fix_with(case.before, Applicability::Safe, &mut |t| {
                        lint_rule(rule.id, t, profile)
                    });
                    assert_eq!(safe.text, case.before, "{at}: applied by --fix alone");
                }
                let fixed = fix_with(case.before, case.applicability, &mut |t| {
                    lint_rule(rule.id, t, profile)
                });
                assert_eq!(
                    fixed.text, case.after,
                    "{at}: the documented `after` is not what the fixer writes"
                );
                assert!(
                    fixed.remaining.iter().all(|d| d.fix.is_none()),
                    "{at}: a fixable finding remains: {:?}",
                    fixed.remaining
                );
                cases += 1;
            }
        }
    }
    assert!(cases >= 4, "only {cases} documented fix cases ran");
}

fn fixture_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            fixture_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

#[test]
fn every_rule_that_attaches_fixes_documents_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut files = Vec::new();
    fixture_files(&root, &mut files);
    assert!(
        files.len() > 100,
        "fixtures not found under {}",
        root.display()
    );
    // Rule → applicabilities of the fixes it attached, over every fixture and profile.
    let mut seen: BTreeMap<String, BTreeSet<Applicability>> = BTreeMap::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        for profile in builtins() {
            let report = schemalint_check::check_bytes("f.json", &bytes, profile);
            for d in &report.diagnostics {
                if let Some(fix) = &d.fix {
                    seen.entry(d.rule.to_string())
                        .or_default()
                        .insert(fix.applicability);
                }
            }
        }
    }
    assert!(!seen.is_empty(), "no fixture finding has a fix");
    let mut undocumented = Vec::new();
    for (id, applicabilities) in &seen {
        let rule = schemalint_check::rule(id).expect("a known rule");
        let Some(fix) = rule.fix else {
            undocumented.push(id.as_str());
            continue;
        };
        let documented: BTreeSet<Applicability> = fix.applicabilities().into_iter().collect();
        assert!(
            applicabilities.is_subset(&documented),
            "{id} attaches {applicabilities:?} fixes but documents only {documented:?}"
        );
    }
    assert_eq!(
        undocumented, FIX_DOCS_PENDING,
        "rules that attach fixes without `fix: RuleFix {{ .. }}` documentation (left) must be \
         exactly those listed as pending (right): document the new ones, and take a rule off \
         the list once it is documented"
    );
}

/// Rules whose fixes landed before their documentation (issue #10); the list only shrinks.
const FIX_DOCS_PENDING: &[&str] = &[];
