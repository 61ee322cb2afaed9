//! Code actions: each finding's fix as a quick fix (safe ones preferred), "fix all"
//! (`source.fixAll.schemalint`: every safe fix, applied in rounds by the fix engine), and
//! "ignore this rule here" for each finding under the cursor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Range, ResourceOp, TextDocumentEdit, TextEdit, Url, WorkspaceEdit,
};
use schemalint_diagnostics::{Applicability, Diagnostic, FileReport, Fix};

use super::ignore::{ignore_edit, ConfigEdit};
use super::lint::{self, Linted};
use super::text::minimal_edit;
use crate::config::Settings;

/// The kind of the "fix all" action (editors run it on save with
/// `source.fixAll` in their code-actions-on-save setting).
pub const FIX_ALL: &str = "source.fixAll.schemalint";

/// What a code action request needs besides the lint.
pub struct ActionContext<'a> {
    pub uri: &'a Url,
    pub path: &'a Path,
    pub settings: &'a Settings,
    /// Where a new config goes when none applies (the workspace folder of the file).
    pub new_config_dir: PathBuf,
    /// The client can create files in a workspace edit.
    pub can_create_files: bool,
    /// The client takes versioned `documentChanges` (edits of a stale version are refused).
    pub document_changes: bool,
}

/// The actions for `range`, limited to the kinds in `only` (when the client asks).
pub fn code_actions(
    cx: &ActionContext<'_>,
    linted: &Linted,
    range: Range,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeActionOrCommand> {
    let wanted = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|k| {
                kind.as_str() == k.as_str()
                    || kind.as_str().starts_with(&format!("{}.", k.as_str()))
            })
        })
    };
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        // Findings of one subschema can share a fix (moving its rejected keywords into
        // `description`): one action for all of them.
        let mut fixes: Vec<(&Diagnostic, &Fix, Vec<lsp_types::Diagnostic>)> = Vec::new();
        for (d, published) in linted.touching(range) {
            let Some(fix) = &d.fix else { continue };
            match fixes.iter_mut().find(|(_, f, _)| *f == fix) {
                Some((_, _, fixed)) => fixed.push(published.clone()),
                None => fixes.push((d, fix, vec![published.clone()])),
            }
        }
        // The same fix of the same rule on nested objects: say where each one applies.
        let ambiguous = |d: &Diagnostic, fix: &Fix| {
            fixes
                .iter()
                .filter(|(other, f, _)| other.rule == d.rule && f.message == fix.message)
                .count()
                > 1
        };
        for (d, fix, fixed) in &fixes {
            let place = ambiguous(d, fix).then_some(d.pointer.as_str());
            actions.push(quick_fix(cx, linted, d, fix, place, fixed.clone()));
        }
    }
    if wanted(&CodeActionKind::from(FIX_ALL)) {
        actions.extend(fix_all(cx, linted).map(CodeActionOrCommand::CodeAction));
    }
    if wanted(&CodeActionKind::QUICKFIX) {
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for (d, published) in linted.touching(range) {
            if schemalint_check::is_parse_error(&d.rule)
                || seen.contains(&(&*d.rule, d.pointer.as_str()))
            {
                continue;
            }
            seen.push((&d.rule, &d.pointer));
            let Ok(edit) = ignore_edit(
                cx.settings,
                cx.path,
                &d.rule,
                &d.pointer,
                &cx.new_config_dir,
            ) else {
                continue;
            };
            let file = edit
                .path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let place = if d.pointer.is_empty() {
                "in this file".to_owned()
            } else {
                format!("at `{}`", d.pointer)
            };
            let Some(workspace_edit) = workspace_edit(&edit, cx.can_create_files) else {
                continue;
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Ignore `{}` {place} ({file} per-file-ignores)", d.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![published.clone()]),
                edit: Some(workspace_edit),
                command: None,
                is_preferred: None,
                disabled: None,
                data: None,
            }));
        }
    }
    actions
}

/// The workspace edit for a config edit: a plain text edit of an existing file; for a new
/// file, a create + edit when the client can create files, else an edit of the new path
/// (editors open it as a new buffer to be saved).
fn workspace_edit(edit: &ConfigEdit, can_create_files: bool) -> Option<WorkspaceEdit> {
    let uri = Url::from_file_path(&edit.path).ok()?;
    if edit.create && can_create_files {
        return Some(WorkspaceEdit {
            document_changes: Some(DocumentChanges::Operations(vec![
                DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: uri.clone(),
                    options: Some(CreateFileOptions {
                        overwrite: Some(false),
                        ignore_if_exists: Some(true),
                    }),
                    annotation_id: None,
                })),
                DocumentChangeOperation::Edit(TextDocumentEdit {
                    text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                    edits: vec![OneOf::Left(edit.edit.clone())],
                }),
            ])),
            ..WorkspaceEdit::default()
        });
    }
    Some(WorkspaceEdit {
        changes: Some(HashMap::from([(uri, vec![edit.edit.clone()])])),
        ..WorkspaceEdit::default()
    })
}

/// A finding's fix as a quick fix: its edits, in the positions of the linted version;
/// `place` (a pointer) names the subschema when the title alone would be ambiguous.
/// Safe fixes are preferred (what an editor applies on "auto fix"); unsafe ones say so.
fn quick_fix(
    cx: &ActionContext<'_>,
    linted: &Linted,
    d: &Diagnostic,
    fix: &Fix,
    place: Option<&str>,
    fixed: Vec<lsp_types::Diagnostic>,
) -> CodeActionOrCommand {
    let edits = fix
        .edits
        .iter()
        .map(|e| {
            TextEdit::new(
                linted.index.range(&linted.text, e.span),
                e.replacement.clone(),
            )
        })
        .collect();
    let safe = fix.applicability == Applicability::Safe;
    let caution = if safe { "" } else { " (unsafe: review)" };
    let at = match place {
        Some("") => " at the root".to_owned(),
        Some(pointer) => format!(" at `{pointer}`"),
        None => String::new(),
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title: format!("Fix `{}`{at}: {}{caution}", d.rule, fix.message),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(fixed),
        edit: Some(document_edit(cx, linted.version, edits)),
        is_preferred: Some(safe),
        ..CodeAction::default()
    })
}

/// Every safe fix in the document, applied the way `schemalint check --fix` applies them
/// (rounds of lint → apply with the file's settings, so ignored rules stay unfixed), as
/// one minimal edit. `None` when no safe fix applies.
fn fix_all(cx: &ActionContext<'_>, linted: &Linted) -> Option<CodeAction> {
    let has_safe_fix = |report: &FileReport| {
        report.diagnostics.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.allowed(Applicability::Safe))
        })
    };
    if !has_safe_fix(&linted.report) {
        return None;
    }
    let mut first = Some(linted.report.clone());
    let fixed = schemalint_check::fix_with(&linted.text, Applicability::Safe, &mut |text| {
        first.take().unwrap_or_else(|| {
            lint::lint_report(cx.path, text, cx.settings)
                .unwrap_or_else(|_| FileReport::new(cx.path.display().to_string(), None))
        })
    });
    let edit = minimal_edit(&linted.text, &fixed.text)?;
    let n = fixed.applied.len();
    let fixes = if n == 1 { "fix" } else { "fixes" };
    Some(CodeAction {
        title: format!("Fix all safe schemalint findings ({n} {fixes})"),
        kind: Some(CodeActionKind::from(FIX_ALL)),
        edit: Some(document_edit(cx, linted.version, vec![edit])),
        ..CodeAction::default()
    })
}

/// Edits of the open document: versioned when the client takes `documentChanges`.
fn document_edit(cx: &ActionContext<'_>, version: i32, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let uri = cx.uri.clone();
    if cx.document_changes {
        return WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri,
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        };
    }
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri, edits)])),
        ..WorkspaceEdit::default()
    }
}
