//! Autofix: format-preserving edits computed from the span tree, and the loop that
//! applies them in rounds until nothing fixable is left.
//!
//! Rules attach a [`Fix`] to a finding through `Report::fix`; the edits are built with
//! a [`Layout`], which reads the file's own style (newline, indentation unit, space
//! after `:`, separators) so an inserted member looks like its neighbours. Overlapping
//! fixes wait for the next round (the file is linted again between rounds), as ruff does.

use std::borrow::Cow;

use schemalint_diagnostics::{apply_round, Applicability, Diagnostic, Edit, FileReport, Fix, Span};

use crate::source::{Member, Node};
use crate::Profile;

/// Rounds of lint → apply before giving up (ruff uses the same kind of bound).
pub const MAX_FIX_ROUNDS: usize = 100;

/// The outcome of fixing a document.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The fixed text (the input unchanged when nothing applied).
    pub text: String,
    /// The fixes applied, in the order they were applied.
    pub applied: Vec<AppliedFix>,
    /// The findings left in `text` (spans refer to it), fixable or not.
    pub remaining: Vec<Diagnostic>,
}

impl Fixed {
    /// Remaining findings that have a fix which was not applied (it needs a higher
    /// applicability, or could not be applied within [`MAX_FIX_ROUNDS`]).
    pub fn fixable_remaining(&self) -> usize {
        self.remaining.iter().filter(|d| d.fix.is_some()).count()
    }
}

/// One applied fix: which finding, and what the fix did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedFix {
    pub rule: String,
    /// The finding's pointer, in the text of the round it was applied in.
    pub pointer: String,
    /// The fix's own message (what it did).
    pub message: String,
    pub applicability: Applicability,
}

/// Fixes `text` against `profile`, applying fixes up to `applicability`.
pub fn fix_str(name: &str, text: &str, profile: &Profile, applicability: Applicability) -> Fixed {
    fix_with(text, applicability, &mut |t| {
        crate::check_str(name, t, profile)
    })
}

/// Fixes `text` with any lint function (the CLI passes one that applies the user's
/// configuration, so ignored rules are not fixed either). Stops when no allowed fix is
/// left, after [`MAX_FIX_ROUNDS`], or when a round would leave text that does not parse
/// (that round is dropped).
pub fn fix_with(
    text: &str,
    applicability: Applicability,
    lint: &mut dyn FnMut(&str) -> FileReport,
) -> Fixed {
    let mut text = text.to_owned();
    let mut report = lint(&text);
    let mut applied = Vec::new();
    for _ in 0..MAX_FIX_ROUNDS {
        if crate::has_parse_error(&report) {
            break;
        }
        let fixable: Vec<(&Diagnostic, &Fix)> = report
            .diagnostics
            .iter()
            .filter_map(|d| Some((d, d.fix.as_ref().filter(|f| f.allowed(applicability))?)))
            .collect();
        let (next, taken) = apply_round(&text, fixable.iter().map(|(_, f)| *f));
        if taken.is_empty() || next == text {
            break;
        }
        let next_report = lint(&next);
        if crate::has_parse_error(&next_report) {
            break;
        }
        applied.extend(taken.iter().map(|&i| {
            let (d, f) = fixable[i];
            AppliedFix {
                rule: d.rule.to_string(),
                pointer: d.pointer.clone(),
                message: f.message.clone(),
                applicability: f.applicability,
            }
        }));
        text = next;
        report = next_report;
    }
    Fixed {
        text,
        applied,
        remaining: report.diagnostics,
    }
}

/// Edits in increasing order, joined into one edit from the start of the first to the end
/// of the last (the text between them kept): applied, it writes what they write.
pub(crate) struct Splice<'t> {
    text: &'t str,
    start: Option<usize>,
    at: usize,
    replacement: String,
}

impl<'t> Splice<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            start: None,
            at: 0,
            replacement: String::new(),
        }
    }

    /// Adds `edit`, which must start at or after the end of the previous one.
    pub fn push(&mut self, edit: Edit) {
        let start = *self.start.get_or_insert(edit.span.start);
        let at = self.at.max(start);
        debug_assert!(edit.span.start >= at, "edits out of order");
        self.replacement
            .push_str(self.text.get(at..edit.span.start).unwrap_or_default());
        self.replacement.push_str(&edit.replacement);
        self.at = edit.span.end.max(at);
    }

    /// The joined edit, if any was pushed.
    pub fn finish(self) -> Option<Edit> {
        let start = self.start?;
        Some(Edit::replace(Span::new(start, self.at), self.replacement))
    }
}

/// A value to write into the file: a piece of the file itself (moved, re-indented) or
/// new JSON.
#[derive(Debug, Clone)]
pub(crate) enum Piece<'a> {
    /// Source text of a node, with the indentation of the line it starts on.
    Raw {
        text: &'a str,
        indent: &'a str,
    },
    /// A JSON scalar, written as JSON.
    Scalar(serde_json::Value),
    Array(Vec<Piece<'a>>),
    Object(Vec<(Cow<'a, str>, Piece<'a>)>),
}

impl Piece<'_> {
    pub fn str(s: &str) -> Piece<'static> {
        Piece::Scalar(serde_json::Value::String(s.to_owned()))
    }
}

/// The file's formatting conventions, read once.
#[derive(Debug, Clone)]
pub(crate) struct Layout<'t> {
    text: &'t str,
    newline: &'static str,
    /// One level of indentation (`"  "`, `"    "`, `"\t"`).
    unit: String,
    /// Between a key and its value (`": "` or `":"`).
    colon: String,
    /// Where each line starts, built at the first indent lookup (a fix on every member
    /// of a one-line file must not search back to the line start each time).
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl<'t> Layout<'t> {
    pub fn detect(text: &'t str, root: &Node) -> Self {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        // The first indented line that follows a line opening a container is one level deep.
        let unit = text
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .find_map(|l| {
                let body = l.trim_start_matches([' ', '\t']);
                let ws = &l[..l.len() - body.len()];
                (!ws.is_empty() && !body.is_empty()).then_some(ws)
            })
            .map_or_else(|| "  ".to_owned(), str::to_owned);
        let colon = first_member(root)
            .map(|m| &text[m.key_span.end..m.value.span.start])
            .filter(|c| !c.contains('\n'))
            .unwrap_or(": ")
            .to_owned();
        Self {
            text,
            newline,
            unit,
            colon,
            line_starts: std::sync::OnceLock::new(),
        }
    }

    /// The whole text of the file.
    pub fn text(&self) -> &'t str {
        self.text
    }

    pub fn source(&self, node: &Node) -> &'t str {
        &self.text[node.span.start..node.span.end]
    }

    /// The whitespace at the start of the line holding `offset`.
    pub fn line_indent(&self, offset: usize) -> &'t str {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let start = starts[starts.partition_point(|&s| s <= offset) - 1];
        let line = &self.text[start..];
        let body = line.trim_start_matches([' ', '\t']);
        &line[..line.len() - body.len()]
    }

    /// `node`'s text as a [`Piece`] that can move elsewhere.
    pub fn raw(&self, node: &Node) -> Piece<'t> {
        Piece::Raw {
            text: self.source(node),
            indent: self.line_indent(node.span.start),
        }
    }

    fn multiline(&self, span: Span) -> bool {
        self.text[span.start..span.end].contains('\n')
    }

    /// Writes `piece` as JSON, on several lines (indented from `indent`) or on one.
    pub fn render(&self, piece: &Piece<'_>, indent: &str, multiline: bool) -> String {
        let mut out = String::new();
        self.write(&mut out, piece, indent, multiline);
        out
    }

    fn write(&self, out: &mut String, piece: &Piece<'_>, indent: &str, multiline: bool) {
        let inner = format!("{indent}{}", self.unit);
        let items = |out: &mut String,
                     open: char,
                     close: char,
                     n: usize,
                     each: &mut dyn FnMut(&mut String, usize)| {
            out.push(open);
            if n == 0 {
                out.push(close);
                return;
            }
            for i in 0..n {
                if i > 0 {
                    out.push(',');
                    if !multiline && self.colon.ends_with(' ') {
                        out.push(' ');
                    }
                }
                if multiline {
                    out.push_str(self.newline);
                    out.push_str(&inner);
                }
                each(out, i);
            }
            if multiline {
                out.push_str(self.newline);
                out.push_str(indent);
            }
            out.push(close);
        };
        match piece {
            Piece::Raw { text, indent: from } => out.push_str(&reindent(text, from, indent)),
            Piece::Scalar(v) => out.push_str(&serde_json::to_string(v).unwrap_or_default()),
            Piece::Array(list) => items(out, '[', ']', list.len(), &mut |out, i| {
                self.write(out, &list[i], &inner, multiline)
            }),
            Piece::Object(members) => items(out, '{', '}', members.len(), &mut |out, i| {
                let (k, v) = &members[i];
                out.push_str(&serde_json::to_string(k.as_ref()).unwrap_or_default());
                out.push_str(&self.colon);
                self.write(out, v, &inner, multiline)
            }),
        }
    }

    /// The whitespace before member `i`'s key, back to the `{` or `,` before it.
    fn lead(&self, object: &Node, i: usize) -> &'t str {
        let members = object.as_object().unwrap_or_default();
        let from = match i {
            0 => object.span.start + 1,
            _ => members[i - 1].value.span.end,
        };
        let between = &self.text[from..members[i].key_span.start];
        &between[between.rfind(',').map_or(0, |c| c + 1)..]
    }

    /// The whitespace a member after a `,` gets, read next to member `i`: its own lead,
    /// except for the first member, which follows `{` (often with no space) rather than a
    /// comma: then the second member's lead, or on one line the space style of `:`.
    fn separator(&self, object: &Node, i: usize) -> &'t str {
        let lead = self.lead(object, i);
        let members = object.as_object().unwrap_or_default();
        match (i, members.len()) {
            (0, n) if n > 1 => self.lead(object, 1),
            (0, _) if !lead.contains('\n') => {
                if self.colon.ends_with(' ') {
                    " "
                } else {
                    ""
                }
            }
            _ => lead,
        }
    }

    /// Inserts `"key": value` into `object`, after the last member whose key is in
    /// `after` (in that order of preference), else at the end; `first` puts it before
    /// every member instead. The new member copies its neighbours' layout.
    pub fn insert_member(
        &self,
        object: &Node,
        key: &str,
        value: &Piece<'_>,
        place: Place<'_>,
    ) -> Edit {
        let members = object.as_object().unwrap_or_default();
        let key_json = serde_json::to_string(key).unwrap_or_default();
        if members.is_empty() {
            let multiline = self.multiline(object.span);
            let outer = self.line_indent(object.span.start);
            let inner = format!("{outer}{}", self.unit);
            let value = self.render(value, &inner, multiline);
            let text = if multiline {
                format!(
                    "{{{nl}{inner}{key_json}{colon}{value}{nl}{outer}}}",
                    nl = self.newline,
                    colon = self.colon
                )
            } else {
                format!("{{{key_json}{colon}{value}}}", colon = self.colon)
            };
            return Edit::replace(object.span, text);
        }
        let anchor = match place {
            Place::First => None,
            Place::After(keys) => Some(
                keys.iter()
                    .find_map(|k| members.iter().rposition(|m| &*m.key == *k))
                    .unwrap_or(members.len() - 1),
            ),
        };
        let neighbour = anchor.unwrap_or(0);
        let lead = self.separator(object, neighbour);
        let multiline = lead.contains('\n');
        let indent = if multiline {
            self.line_indent(members[neighbour].key_span.start)
        } else {
            self.line_indent(object.span.start)
        };
        let value = self.render(value, indent, multiline);
        let member = format!("{key_json}{}{value}", self.colon);
        // `{"a": 1}` has no separator to copy: write the one `": "` implies.
        let lead = if lead.is_empty() && self.colon.ends_with(' ') {
            " "
        } else {
            lead
        };
        match anchor {
            Some(i) => Edit::insert(members[i].value.span.end, format!(",{lead}{member}")),
            None => Edit::insert(members[0].key_span.start, format!("{member},{lead}")),
        }
    }

    /// Replaces `node` with `value`, indented like the line `node` starts on; on several
    /// lines when `multiline`.
    pub fn replace(&self, node: &Node, value: &Piece<'_>, multiline: bool) -> Edit {
        let indent = self.line_indent(node.span.start);
        Edit::replace(node.span, self.render(value, indent, multiline))
    }

    /// Whether `node` is written on several lines.
    pub fn is_multiline(&self, node: &Node) -> bool {
        self.multiline(node.span)
    }

    /// Replaces member `member` (key and value) with `"key": value`.
    pub fn replace_member(&self, member: &Member, key: &str, value: &Piece<'_>) -> Edit {
        let indent = self.line_indent(member.key_span.start);
        let value = self.render(value, indent, false);
        let key_json = serde_json::to_string(key).unwrap_or_default();
        Edit::replace(
            Span::new(member.key_span.start, member.value.span.end),
            format!("{key_json}{}{value}", self.colon),
        )
    }

    /// Removes the members at `indices` (ascending) of `object`, each with one separator,
    /// as edits that do not conflict with each other or with an edit inside a member kept.
    pub fn remove_members(&self, object: &Node, indices: &[usize]) -> Vec<Edit> {
        let members = object.as_object().unwrap_or_default();
        if indices.is_empty() {
            return Vec::new();
        }
        if indices.len() == members.len() {
            return vec![Edit::delete(Span::new(
                object.span.start + 1,
                object.span.end - 1,
            ))];
        }
        // Members removed before the first one kept take the separator after them; the
        // others the separator before them.
        let leading = (0..members.len())
            .take_while(|i| indices.contains(i))
            .count();
        indices
            .iter()
            .map(|&i| {
                if i < leading {
                    Edit::delete(Span::new(
                        members[i].key_span.start,
                        members[i + 1].key_span.start,
                    ))
                } else {
                    Edit::delete(Span::new(
                        members[i - 1].value.span.end,
                        members[i].value.span.end,
                    ))
                }
            })
            .collect()
    }

    /// Removes member `i` of `object` with its separator.
    pub fn remove_member(&self, object: &Node, i: usize) -> Edit {
        let members = object.as_object().unwrap_or_default();
        let span = match (i, members.len()) {
            (_, 0 | 1) => Span::new(object.span.start + 1, object.span.end - 1),
            (0, _) => Span::new(members[0].key_span.start, members[1].key_span.start),
            (i, _) => Span::new(members[i - 1].value.span.end, members[i].value.span.end),
        };
        Edit::delete(span)
    }
}

/// Where [`Layout::insert_member`] puts a new member.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Place<'k> {
    /// Before every member (`type` reads best first).
    First,
    /// After the last member named one of these (first match wins), else at the end.
    After(&'k [&'k str]),
}

/// Moves `text`, whose first line sat at indentation `from`, to indentation `to`: every
/// later line that starts with `from` gets `to` instead.
fn reindent(text: &str, from: &str, to: &str) -> String {
    if !text.contains('\n') || from == to {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            match line.strip_prefix(from) {
                Some(rest) => {
                    out.push_str(to);
                    out.push_str(rest);
                }
                None => out.push_str(line),
            }
        } else {
            out.push_str(line);
        }
    }
    out
}

fn first_member(node: &Node) -> Option<&Member> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            crate::source::Value::Object(m) if !m.is_empty() => return m.first(),
            crate::source::Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> crate::Document {
        crate::source::parse("t.json", text)
            .map_err(|(_, e)| e)
            .unwrap()
    }

    fn apply(text: &str, edit: Edit) -> String {
        apply_round(text, [&Fix::safe("t", vec![edit])]).0
    }

    #[test]
    fn inserted_members_copy_the_file_layout() {
        let pretty = "{\r\n\t\"type\": \"object\",\r\n\t\"properties\": {}\r\n}";
        let d = doc(pretty);
        let layout = Layout::detect(pretty, &d.root);
        let edit = layout.insert_member(
            &d.root,
            "additionalProperties",
            &Piece::Scalar(false.into()),
            Place::After(&["required", "properties"]),
        );
        assert_eq!(
            apply(pretty, edit),
            "{\r\n\t\"type\": \"object\",\r\n\t\"properties\": {},\r\n\t\"additionalProperties\": false\r\n}"
        );
        let spaced = r#"{"const": "circle"}"#;
        let d = doc(spaced);
        let layout = Layout::detect(spaced, &d.root);
        let first = layout.insert_member(&d.root, "type", &Piece::str("string"), Place::First);
        assert_eq!(
            apply(spaced, first),
            r#"{"type": "string", "const": "circle"}"#
        );
        let after = layout.insert_member(&d.root, "x", &Piece::str("y"), Place::After(&["const"]));
        assert_eq!(apply(spaced, after), r#"{"const": "circle", "x": "y"}"#);
        let compact = r#"{"type":"string","enum":["a"]}"#;
        let d = doc(compact);
        let layout = Layout::detect(compact, &d.root);
        let edit = layout.insert_member(&d.root, "x", &Piece::str("y"), Place::First);
        assert_eq!(
            apply(compact, edit),
            r#"{"x":"y","type":"string","enum":["a"]}"#
        );
    }

    #[test]
    fn empty_objects_and_nested_values_are_written_at_their_depth() {
        let text = "{\n    \"a\": {}\n}";
        let d = doc(text);
        let layout = Layout::detect(text, &d.root);
        let a = d.root.get("a").unwrap();
        let list = Piece::Array(vec![Piece::str("x"), Piece::str("y")]);
        assert_eq!(
            apply(text, layout.insert_member(a, "k", &list, Place::First)),
            "{\n    \"a\": {\"k\": [\"x\", \"y\"]}\n}"
        );
        let edit = layout.insert_member(&d.root, "k", &list, Place::After(&[]));
        assert_eq!(
            apply(text, edit),
            "{\n    \"a\": {},\n    \"k\": [\n        \"x\",\n        \"y\"\n    ]\n}"
        );
    }

    #[test]
    fn removed_members_take_their_separator_along() {
        let text = r#"{"a": 1, "b": 2, "c": 3}"#;
        let d = doc(text);
        let layout = Layout::detect(text, &d.root);
        assert_eq!(
            apply(text, layout.remove_member(&d.root, 0)),
            r#"{"b": 2, "c": 3}"#
        );
        assert_eq!(
            apply(text, layout.remove_member(&d.root, 1)),
            r#"{"a": 1, "c": 3}"#
        );
        assert_eq!(
            apply(text, layout.remove_member(&d.root, 2)),
            r#"{"a": 1, "b": 2}"#
        );
        let one = r#"{"a": 1}"#;
        let d = doc(one);
        assert_eq!(
            apply(one, Layout::detect(one, &d.root).remove_member(&d.root, 0)),
            "{}"
        );
    }

    #[test]
    fn moved_text_is_reindented() {
        assert_eq!(
            reindent("{\n  \"a\": 1\n}", "", "    "),
            "{\n      \"a\": 1\n    }"
        );
        assert_eq!(reindent("1", "  ", ""), "1");
    }
}

#[cfg(test)]
mod loop_tests {
    use super::*;

    #[test]
    fn strictifies_a_pydantic_style_schema_in_rounds() {
        let text = r##"{
  "properties": {
    "name": {"title": "Name", "type": "string"},
    "unit": {"enum": ["C", "F"], "type": "string"},
    "tag": {"$ref": "#/$defs/Tag", "description": "d"},
    "kind": {"const": "k"}
  },
  "required": ["name"],
  "title": "Weather",
  "type": "object",
  "$defs": {"Tag": {"type": "object", "properties": {"v": {"type": "integer"}}}}
}"##;
        let profile = Profile::builtin("openai").unwrap();
        let fixed = fix_str("t.json", text, profile, Applicability::Unsafe);
        let rules: Vec<_> = fixed.remaining.iter().map(|d| d.rule.to_string()).collect();
        assert!(rules.is_empty(), "{rules:?}\n{}", fixed.text);
        assert!(fixed.applied.len() >= 4, "{:?}", fixed.applied);
        println!("{}", fixed.text);
        let again = fix_str("t.json", &fixed.text, profile, Applicability::Unsafe);
        assert_eq!(again.text, fixed.text);
        assert!(again.applied.is_empty());
    }

    #[test]
    fn a_description_fix_rides_only_on_findings_of_members_it_moves() {
        // `x-ü` is reported but not moved: its finding must not offer the `format` move.
        let text = r#"{"type": "string", "format": "color", "x-ü": 1}"#;
        let profile = Profile::builtin("openai").unwrap();
        let report = crate::check_str("t.json", text, profile);
        let fixable = |rule: &str| {
            let found: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| d.rule == rule)
                .collect();
            assert!(!found.is_empty(), "no {rule} in {:?}", report.diagnostics);
            found.iter().all(|d| d.fix.is_some())
        };
        assert!(fixable("keyword/unsupported-format"));
        assert!(!fixable("keyword/unknown"));
    }
}
