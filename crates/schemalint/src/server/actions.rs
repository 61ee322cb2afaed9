//! Code actions: "ignore this rule here" for each finding under the cursor.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CreateFile, CreateFileOptions,
    DocumentChangeOperation, DocumentChanges, OneOf, OptionalVersionedTextDocumentIdentifier,
    Range, ResourceOp, TextDocumentEdit, Url, WorkspaceEdit,
};

use super::ignore::{ignore_edit, ConfigEdit};
use super::lint::Linted;
use crate::config::Settings;

/// What a code action request needs besides the lint.
pub struct ActionContext<'a> {
    pub path: &'a Path,
    pub settings: &'a Settings,
    /// Where a new config goes when none applies (the workspace folder of the file).
    pub new_config_dir: PathBuf,
    /// The client can create files in a workspace edit.
    pub can_create_files: bool,
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
