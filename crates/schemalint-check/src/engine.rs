//! The engine: finds the schemas in a document, walks each one once, runs the rules
//! the profile enables on every subschema, then the whole-schema limit rules.
//!
//! **Architecture Invariant:** rules build diagnostics through [`Cx::report`]; nothing
//! here prints, and a rule never decides its own severity (the profile does).

use std::collections::BTreeMap;

use std::rc::Rc;

use schemalint_diagnostics::{Diagnostic, Fix, Span};

use crate::envelope::{self, Target, TargetKind};
use crate::fix::Layout;
use crate::profile::{Evidence, Level, Profile};
use crate::rules::keyword::{keyword_id, KeywordId, JSON_SCHEMA_KEYWORDS};
use crate::rules::{self, RuleMeta};
use crate::source::{Document, JsonPointer, Member, Node, Value};

/// Checks a parsed document against a profile; returns every finding, sorted by position.
pub fn check_document(doc: &Document, profile: &Profile, display_name: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(severity) = profile.severity(rules::json::duplicate_key::RULE.id) {
        rules::json::duplicate_key::check(doc, severity, &mut out);
    }
    let request = envelope::detect_request(&doc.root);
    let targets = match &request {
        Some(r) => r.targets.clone(),
        None => envelope::detect(&doc.root),
    };
    let mut request_totals = RequestTotals::default();
    for target in &targets {
        let mut cx = Cx {
            doc,
            profile,
            target,
            request: request.as_ref(),
            schema_ptr: JsonPointer::root(),
            name: String::new(),
            out: &mut out,
            totals: Totals::default(),
            request_totals: &mut request_totals,
            layout: std::cell::OnceCell::new(),
        };
        rules::envelope::invalid_name::check(&mut cx);
        rules::limit::description_length::check(&mut cx);
        let Some(schema_ptr) = target.schema.clone() else {
            continue;
        };
        let Some(schema) = doc.root.pointer(schema_ptr.as_str()) else {
            continue;
        };
        if target.surface.schema_is_json_text() {
            // An object here is `request/malformed`'s finding; it is linted as it is.
            if schema.as_str().is_some() {
                check_json_text(doc, profile, display_name, &schema_ptr, schema, cx.out);
                continue;
            }
        }
        cx.name = target
            .name
            .as_ref()
            .map(|n| n.value.clone())
            .unwrap_or_else(|| default_name(display_name));
        cx.schema_ptr = schema_ptr.clone();
        let root = Sub::new(
            schema,
            doc.root
                .pointer_member(schema_ptr.as_str())
                .map(|m| m.key_span),
            schema_ptr,
            0,
            Place::Root,
        );
        cx.request_totals.schemas += 1;
        if target.kind == TargetKind::Function && target.strict == Some(true) {
            cx.request_totals.strict_tools.push((
                target.wrapper.clone(),
                doc.root
                    .pointer(target.wrapper.as_str())
                    .map(|n| n.span)
                    .unwrap_or_default(),
            ));
        }
        walk(&mut cx, &root);
        rules::limit::check_totals(&mut cx);
    }
    let request_target = Target {
        kind: TargetKind::ResponseFormat,
        surface: envelope::Surface::Request,
        wrapper: JsonPointer::root(),
        schema: None,
        name: None,
        strict: None,
        index: None,
    };
    let mut cx = Cx {
        doc,
        profile,
        target: &request_target,
        request: request.as_ref(),
        schema_ptr: JsonPointer::root(),
        name: String::new(),
        out: &mut out,
        totals: Totals::default(),
        request_totals: &mut request_totals,
        layout: std::cell::OnceCell::new(),
    };
    rules::limit::check_request_totals(&mut cx);
    if let Some(req) = &request {
        rules::request::check(&mut cx, req);
    }
    out
}

/// Lints a schema sent as a JSON string (Bedrock Converse's `jsonSchema.schema`): the
/// string is decoded and linted as a document of its own, and every finding is moved
/// into the file: its pointer continues the string's (`…/jsonSchema/schema/properties/a`)
/// and its span covers the characters of the string it came from. Fixes are dropped
/// (their edits would need re-escaping into the string).
fn check_json_text(
    doc: &Document,
    profile: &Profile,
    display_name: &str,
    at: &JsonPointer,
    node: &Node,
    out: &mut Vec<Diagnostic>,
) {
    let Some(embedded) = crate::source::EmbeddedText::decode(doc.source.text(), node.span) else {
        return;
    };
    let rule = &rules::request::malformed::RULE;
    match crate::source::parse(display_name, &embedded.text) {
        Err((_, error)) => {
            if let Some(severity) = profile.severity(rule.id) {
                out.push(
                    Diagnostic::new(
                        rule.id,
                        severity,
                        format!("the schema string is not valid JSON: {}", error.message),
                    )
                    .with_pointer(at.as_str())
                    .with_span(Some(embedded.map(error.span)))
                    .with_help("`jsonSchema.schema` must hold one JSON Schema document, serialized (`json.dumps(schema)`)"),
                );
            }
        }
        Ok(inner) => {
            for mut d in check_document(&inner, profile, display_name) {
                d.pointer = format!("{}{}", at.as_str(), d.pointer);
                d.span = d.span.map(|s| embedded.map(s));
                for label in &mut d.labels {
                    label.span = embedded.map(label.span);
                }
                d.fix = None;
                out.push(d);
            }
        }
    }
}

/// Counts across every schema of a request (Anthropic's per-request limits).
#[derive(Debug, Default)]
pub(crate) struct RequestTotals {
    /// Schemas walked.
    pub schemas: usize,
    /// Strict function tools: wrapper pointer and span.
    pub strict_tools: Vec<(JsonPointer, Span)>,
    /// Properties not listed in `required`, in document order (pointer, key span).
    pub optional: Vec<(JsonPointer, Span)>,
    /// Subschemas with a union type (`type` array of 2+ or `anyOf`).
    pub unions: Vec<(JsonPointer, Span)>,
}

/// The name used in provider messages for a schema that has none: the file stem.
fn default_name(display_name: &str) -> String {
    let file = display_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(display_name);
    let stem = file.strip_suffix(".json").unwrap_or(file);
    if stem.is_empty() || stem == "-" {
        "schema".to_owned()
    } else {
        stem.to_owned()
    }
}

/// Where a subschema sits relative to its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Root,
    Property,
    Items,
    AnyOfBranch,
    Definition,
    /// Under another applicator keyword (`oneOf`, `not`, `additionalProperties`, …).
    Other,
}

/// One subschema being visited.
#[derive(Debug, Clone)]
pub(crate) struct Sub<'d> {
    pub node: &'d Node,
    /// The key this schema is the value of (`"address"` in `properties`), if any.
    pub key: Option<Span>,
    /// The pointer, as a base shared with the siblings plus this schema's token: most
    /// subschemas never report anything, so their own pointer is built only on demand
    /// ([`Sub::ptr`]).
    base: Rc<JsonPointer>,
    token: PointerToken<'d>,
    /// Nesting level, counted as OpenAI's Java SDK validator does: root 0, +1 per
    /// `properties`/`items`/`anyOf` (and every other applicator) step, +1 into a
    /// definition; `$ref` is not followed.
    pub depth: usize,
    pub place: Place,
    /// The value of `type`, if any.
    type_node: Option<&'d Node>,
    /// The standard type names in `type` (any case), as bits of [`type_bit`]: nearly
    /// every rule asks, so they are read once.
    type_mask: u8,
    /// The members of the schema object (empty for a boolean schema).
    members: &'d [Member],
    /// For each keyword of [`INDEXED_KEYWORDS`], 1 + the index of its (last) member, 0
    /// when absent, or [`SLOT_SCAN`] when the index does not fit.
    slots: [u16; INDEXED_KEYWORDS.len()],
    /// The JSON Schema keyword id of each of the first members, or [`NO_KEYWORD`].
    keyword_ids: [u8; KEYWORD_IDS_KEPT],
}

/// A slot whose member sits past index 65,533: found by scanning instead.
const SLOT_SCAN: u16 = u16::MAX;

/// A member whose key is not a JSON Schema keyword.
const NO_KEYWORD: u8 = u8::MAX;

const KEYWORD_IDS_KEPT: usize = 16;

/// The [`INDEXED_KEYWORDS`] slot of each JSON Schema keyword.
fn slot_by_keyword_id() -> &'static [Option<usize>] {
    static SLOTS: std::sync::OnceLock<Vec<Option<usize>>> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let mut slots = vec![None; JSON_SCHEMA_KEYWORDS.len()];
        for (slot, name) in INDEXED_KEYWORDS.iter().enumerate() {
            if let Some(id) = keyword_id(name) {
                slots[id.index()] = Some(slot);
            }
        }
        slots
    })
}

/// The keywords rules look up on nearly every subschema. They are found in one pass over
/// a subschema's members, instead of one scan per rule and keyword.
const INDEXED_KEYWORDS: [&str; 16] = [
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "anyOf",
    "allOf",
    "$ref",
    "enum",
    "const",
    "format",
    "pattern",
    "propertyOrdering",
    "$defs",
    "definitions",
    "description",
];

/// The slot of an indexed keyword. Inlined, so that a literal key (`sub.get("enum")`)
/// folds to a constant.
#[inline(always)]
fn indexed_slot(key: &str) -> Option<usize> {
    Some(match key {
        "type" => 0,
        "properties" => 1,
        "required" => 2,
        "additionalProperties" => 3,
        "items" => 4,
        "anyOf" => 5,
        "allOf" => 6,
        "$ref" => 7,
        "enum" => 8,
        "const" => 9,
        "format" => 10,
        "pattern" => 11,
        "propertyOrdering" => 12,
        "$defs" => 13,
        "definitions" => 14,
        "description" => 15,
        _ => return None,
    })
}

/// The last token of a subschema's pointer, relative to its shared base.
#[derive(Debug, Clone, Copy)]
enum PointerToken<'d> {
    /// The base is the whole pointer.
    Whole,
    Key(&'d str),
    Index(usize),
}

impl<'d> Sub<'d> {
    /// A subschema at `ptr`.
    pub fn new(
        node: &'d Node,
        key: Option<Span>,
        ptr: JsonPointer,
        depth: usize,
        place: Place,
    ) -> Self {
        Self::under(node, key, Rc::new(ptr), PointerToken::Whole, depth, place)
    }

    /// The subschema at `base` + `token`.
    fn under(
        node: &'d Node,
        key: Option<Span>,
        base: Rc<JsonPointer>,
        token: PointerToken<'d>,
        depth: usize,
        place: Place,
    ) -> Self {
        let members = node.as_object().unwrap_or_default();
        let mut slots = [0; INDEXED_KEYWORDS.len()];
        let mut keyword_ids = [NO_KEYWORD; KEYWORD_IDS_KEPT];
        let slot_by_id = slot_by_keyword_id();
        for (i, m) in members.iter().enumerate() {
            let id = keyword_id(&m.key);
            if let Some(kept) = keyword_ids.get_mut(i) {
                *kept = id.map_or(NO_KEYWORD, |id| id.0);
            }
            let slot = match id {
                Some(id) => slot_by_id[id.index()],
                None => indexed_slot(&m.key),
            };
            if let Some(slot) = slot {
                // Later duplicates overwrite: the last one wins, as in `Node::member`.
                slots[slot] = u16::try_from(i + 1).unwrap_or(SLOT_SCAN);
            }
        }
        let type_member = match slots[0] {
            0 => None,
            SLOT_SCAN => node.member("type"),
            i => members.get(usize::from(i) - 1),
        };
        let type_node = type_member.map(|m| &m.value);
        let type_mask = type_names(type_node)
            .iter()
            .filter_map(|t| {
                STANDARD_TYPES
                    .iter()
                    .position(|s| s.eq_ignore_ascii_case(t))
                    .map(|i| 1 << i)
            })
            .fold(0, |mask, bit| mask | bit);
        Self {
            node,
            key,
            base,
            token,
            depth,
            place,
            type_node,
            type_mask,
            members,
            slots,
            keyword_ids,
        }
    }

    /// The JSON Schema keyword of member `i`, if its key is one.
    pub fn keyword_id(&self, i: usize) -> Option<KeywordId> {
        match self.keyword_ids.get(i) {
            Some(&NO_KEYWORD) => None,
            Some(&id) => Some(KeywordId(id)),
            None => keyword_id(&self.members.get(i)?.key),
        }
    }

    /// The schema's JSON pointer in the file (built on each call: keep it if used twice).
    pub fn ptr(&self) -> JsonPointer {
        match self.token {
            PointerToken::Whole => JsonPointer::clone(&self.base),
            PointerToken::Key(key) => self.base.join(key),
            PointerToken::Index(i) => self.base.join(i),
        }
    }

    pub fn is_root(&self) -> bool {
        self.place == Place::Root
    }

    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<&'d Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The member named `key` (the last one, when the key repeats).
    #[inline(always)]
    pub fn member(&self, key: &str) -> Option<&'d Member> {
        match indexed_slot(key) {
            Some(slot) => match self.slots[slot] {
                0 => None,
                SLOT_SCAN => self.node.member(key),
                i => self.members.get(usize::from(i) - 1),
            },
            None => self.node.member(key),
        }
    }

    /// The type names in `type` (a string or an array of strings).
    pub fn types(&self) -> TypeNames<'d> {
        type_names(self.type_node)
    }

    /// Whether `type` names `name` (case-insensitively: Gemini's OpenAPI subset spells
    /// types in capitals).
    #[inline(always)]
    pub fn has_type(&self, name: &str) -> bool {
        match type_bit(name) {
            Some(bit) => self.type_mask & bit != 0,
            None => self.types().iter().any(|t| t.eq_ignore_ascii_case(name)),
        }
    }

    /// An object schema: `type` includes `object`, or there is no `type` but `properties`.
    pub fn is_object_schema(&self) -> bool {
        self.has_type("object") || (self.get("type").is_none() && self.get("properties").is_some())
    }

    /// The span of `key`'s member key, or of the whole schema when absent.
    pub fn key_span(&self, key: &str) -> Span {
        self.member(key).map_or(self.node.span, |m| m.key_span)
    }

    /// The span of the schema as a whole: from its key in the parent (when it has one)
    /// to the end of its value.
    pub fn span(&self) -> Span {
        match self.key {
            Some(key) => Span::new(key.start, self.node.span.end),
            None => self.node.span,
        }
    }
}

/// The names in a `type` value: a string, or the strings of an array.
fn type_names(value: Option<&Node>) -> TypeNames<'_> {
    let mut names = TypeNames::default();
    match value.map(|n| &n.value) {
        Some(Value::String(s)) => names.push(s),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Node::as_str)
            .for_each(|t| names.push(t)),
        _ => {}
    }
    names
}

/// The seven JSON Schema type names, in [`type_bit`] order.
const STANDARD_TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "object", "array", "null",
];

/// The bit of a standard type name (as spelled in [`STANDARD_TYPES`]). Inlined, so a
/// literal name folds to a constant.
#[inline(always)]
fn type_bit(name: &str) -> Option<u8> {
    Some(match name {
        "string" => 1,
        "number" => 1 << 1,
        "integer" => 1 << 2,
        "boolean" => 1 << 3,
        "object" => 1 << 4,
        "array" => 1 << 5,
        "null" => 1 << 6,
        _ => return None,
    })
}

/// Up to eight type names from `type` (JSON Schema has seven; more is already invalid
/// and reported by `schema/invalid-value`), stored inline. Derefs to a slice.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TypeNames<'d> {
    names: [&'d str; 8],
    len: usize,
}

impl<'d> TypeNames<'d> {
    fn push(&mut self, name: &'d str) {
        if self.len < self.names.len() {
            self.names[self.len] = name;
            self.len += 1;
        }
    }
}

impl<'d> std::ops::Deref for TypeNames<'d> {
    type Target = [&'d str];

    fn deref(&self) -> &[&'d str] {
        &self.names[..self.len]
    }
}

/// Whole-schema counts gathered during the walk.
#[derive(Debug, Default)]
pub(crate) struct Totals {
    pub properties: usize,
    /// Characters of property names, definition names, enum and const values.
    pub string_length: usize,
    pub enum_values: usize,
    /// The deepest subschema and its depth.
    pub deepest: Option<(usize, JsonPointer, Span)>,
    /// The first subschema past the depth limit (document order).
    pub first_too_deep: Option<(usize, JsonPointer, Span)>,
    /// The largest `properties` object, to point the properties limit at.
    pub largest_properties: Option<(usize, JsonPointer, Span)>,
    /// The schema's `$ref` graph, built at the first `$ref` when a profile checks recursion.
    pub ref_graph: Option<rules::refs::recursion::RefGraph>,
}

/// The context rules work in: one target (one schema) of one document, for one profile.
pub(crate) struct Cx<'a> {
    pub doc: &'a Document,
    pub profile: &'a Profile,
    pub target: &'a Target,
    /// The request around the schema, when the file is a whole request body.
    pub request: Option<&'a envelope::Request>,
    /// Pointer of the schema root in the file.
    pub schema_ptr: JsonPointer,
    /// Schema or function name, for provider messages.
    pub name: String,
    out: &'a mut Vec<Diagnostic>,
    pub totals: Totals,
    pub request_totals: &'a mut RequestTotals,
    /// The file's formatting, read at the first fix.
    layout: std::cell::OnceCell<Layout<'a>>,
}

impl<'a> Cx<'a> {
    /// The document's formatting conventions, for building fixes.
    pub fn layout(&self) -> &Layout<'a> {
        self.layout
            .get_or_init(|| Layout::detect(self.doc.source.text(), &self.doc.root))
    }

    /// Starts a finding of `rule` at `ptr`; it is recorded when the returned guard drops.
    /// Does nothing when the profile turns the rule off.
    pub fn report<'c>(
        &'c mut self,
        rule: &'static RuleMeta,
        ptr: &JsonPointer,
        span: Span,
        message: impl Into<String>,
    ) -> Report<'c, 'a> {
        // A schema sent without strict mode is only held to the profile's non-strict rules.
        let applies = !self.target.is_non_strict(self.request.is_some())
            || self
                .profile
                .non_strict
                .as_ref()
                .is_none_or(|n| n.rules.iter().any(|r| r == rule.id));
        let diagnostic = self
            .profile
            .severity(rule.id)
            .filter(|_| applies)
            .map(|severity| {
                Diagnostic::new(rule.id, severity, message)
                    .with_pointer(ptr.as_str())
                    .with_span(Some(span))
            });
        let mut report = Report {
            cx: self,
            rule,
            ptr: ptr.clone(),
            diagnostic,
            vars: BTreeMap::new(),
            variant: None,
            evidence_note: false,
        };
        if let Some(setting) = report.cx.profile.rules.get(rule.id) {
            // Say what the finding rests on unless the provider's docs state it outright.
            if setting.evidence != Evidence::Documented {
                report.evidence_note = true;
                let note = format!(
                    "evidence: {}; source: {}",
                    setting.evidence.describe(),
                    setting.source
                );
                if let Some(d) = &mut report.diagnostic {
                    d.notes.push(note);
                }
            }
        }
        report
    }

    /// The provider's message for `rule`, from the profile's templates.
    fn provider_message(
        &self,
        rule: &str,
        variant: Option<&str>,
        ptr: &JsonPointer,
        vars: &BTreeMap<&'static str, String>,
    ) -> Option<String> {
        // Most specific first: the rule's case (`rule:case`) for this API shape
        // (`@responses`), the case, the rule for this API shape, the rule.
        let mut keys = Vec::with_capacity(4);
        if let Some(v) = variant {
            keys.push(format!("{rule}:{v}"));
        }
        keys.push(rule.to_owned());
        let api = self.request.map(|r| r.api_id());
        let template = keys
            .iter()
            .flat_map(|k| [api.map(|a| format!("{k}@{a}")), Some(k.clone())])
            .flatten()
            .find_map(|k| self.profile.messages.rules.get(&k))?;
        let prefix_template = match (self.target.surface, self.target.kind) {
            (envelope::Surface::Request, _) => None,
            (_, TargetKind::ResponseFormat) => self.profile.messages.response_format.as_deref(),
            (_, TargetKind::Function) => self.profile.messages.function.as_deref(),
        }
        .unwrap_or("");
        let prefix = prefix_template
            .replace("{name}", &self.name)
            .replace("{index}", &self.target.index.unwrap_or(0).to_string());
        let tokens = ptr.strip_prefix(&self.schema_ptr).unwrap_or_default();
        let context = python_tuple(schema_context(&tokens));
        let mut text = template
            .replace("{prefix}", &prefix)
            .replace("{context}", &context);
        if text.contains("{context_lowercase}") {
            let lowered = python_tuple(&lowercase_keywords(schema_context(&tokens)));
            text = text.replace("{context_lowercase}", &lowered);
        }
        // Where the schema sits in the request, as a protobuf field path
        // (`tools[0].function_declarations[1].parameters`); a file that is only the
        // schema is read as Gemini's `generation_config.response_schema`.
        if text.contains("{schema_field}") {
            let field = if self.request.is_some() {
                proto_field_path(&self.schema_ptr)
            } else {
                "generation_config.response_schema".to_owned()
            };
            text = text.replace("{schema_field}", &field);
        }
        // A JSONPath from the schema root (`$.properties.email.pattern`).
        if text.contains("{jsonpath}") {
            let path: String = tokens
                .iter()
                .map(|t| {
                    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                        format!("[{t}]")
                    } else {
                        format!(".{t}")
                    }
                })
                .collect();
            text = text.replace("{jsonpath}", &format!("${path}"));
        }
        // Google-style field paths: of the reported node, and of the message holding it.
        if text.contains("{proto_path}") || text.contains("{proto_parent}") {
            let schema = self.doc.root.pointer(self.schema_ptr.as_str());
            let path = |t: &[String]| schema.map(|s| proto_path(s, t)).unwrap_or_default();
            let parent = &tokens[..tokens.len().saturating_sub(1)];
            text = text
                .replace("{proto_path}", &path(&tokens))
                .replace("{proto_parent}", &path(parent));
        }
        for (k, v) in vars {
            text = text.replace(&format!("{{{k}}}"), v);
        }
        Some(text)
    }
}

/// A finding under construction; recorded on drop.
pub(crate) struct Report<'c, 'a> {
    cx: &'c mut Cx<'a>,
    rule: &'static RuleMeta,
    ptr: JsonPointer,
    diagnostic: Option<Diagnostic>,
    vars: BTreeMap<&'static str, String>,
    /// The case of a rule with several provider messages (`[messages.rules]` key `rule:case`).
    variant: Option<&'static str>,
    evidence_note: bool,
}

impl Report<'_, '_> {
    pub fn help(mut self, help: impl Into<String>) -> Self {
        if let Some(d) = &mut self.diagnostic {
            d.help = Some(help.into());
        }
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        if let Some(d) = &mut self.diagnostic {
            d.notes.push(note.into());
        }
        self
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        if let Some(d) = &mut self.diagnostic {
            d.labels.push(schemalint_diagnostics::Label {
                span,
                message: message.into(),
            });
        }
        self
    }

    /// Attaches the fix `build` makes from the file's layout (built only when the
    /// finding is recorded; `None`: no fix for this finding).
    pub fn fix(mut self, build: impl FnOnce(&Layout<'_>) -> Option<Fix>) -> Self {
        if self.diagnostic.is_some() {
            let fix = build(self.cx.layout());
            if let Some(d) = &mut self.diagnostic {
                d.fix = fix;
            }
        }
        self
    }

    /// A value for the provider-message template.
    pub fn var(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.vars.insert(key, value.into());
        self
    }

    /// Which of the rule's provider messages applies (`"<rule>:<variant>"` in the profile).
    pub fn variant(mut self, variant: &'static str) -> Self {
        self.variant = Some(variant);
        self
    }

    /// Overrides the severity (a keyword entry may set its own); `Off` drops the finding.
    pub fn level(mut self, level: Option<Level>) -> Self {
        if let Some(level) = level {
            match level.severity() {
                Some(severity) => {
                    if let Some(d) = &mut self.diagnostic {
                        d.severity = severity;
                    }
                }
                None => self.diagnostic = None,
            }
        }
        self
    }

    /// States the evidence for this particular finding (replacing the rule's default note).
    pub fn evidence(self, evidence: Evidence, source: &str) -> Self {
        let text = format!("evidence: {}; source: {source}", evidence.describe());
        self.evidence_text(text)
    }

    /// Like [`Report::evidence`], in the caller's words (a constraint that is dropped is
    /// not "rejected").
    pub fn evidence_text(mut self, text: String) -> Self {
        if let Some(d) = &mut self.diagnostic {
            if self.evidence_note {
                d.notes.remove(0);
            }
            d.notes.insert(0, text);
            self.evidence_note = true;
        }
        self
    }
}

impl Drop for Report<'_, '_> {
    fn drop(&mut self) {
        if let Some(mut d) = self.diagnostic.take() {
            d.provider_message =
                self.cx
                    .provider_message(self.rule.id, self.variant, &self.ptr, &self.vars);
            self.cx.out.push(d);
        }
    }
}

/// Keywords whose value is one subschema (or a boolean), besides `items`.
pub(crate) const SINGLE_SUBSCHEMA_KEYWORDS: &[&str] = &[
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];

/// The longest prefix of `tokens` that names a subschema: OpenAI's `context` is the
/// schema a problem is in, not the keyword (`('properties', 'a')` for `/properties/a/format`).
pub(crate) fn schema_context(tokens: &[String]) -> &[String] {
    let mut at_schema = 0;
    let mut i = 0;
    while let Some(step) = context_step(tokens, i) {
        if i + step > tokens.len() {
            break;
        }
        i += step;
        at_schema = i;
    }
    &tokens[..at_schema]
}

/// How many tokens the subschema step at `tokens[i]` takes (`properties`, `name` is two;
/// `items` is one), or `None` when `tokens[i]` is not a subschema position.
fn context_step(tokens: &[String], i: usize) -> Option<usize> {
    Some(match tokens.get(i)?.as_str() {
        "properties" | "$defs" | "definitions" | "patternProperties" | "dependentSchemas"
        | "dependencies" => 2,
        "anyOf" | "oneOf" | "allOf" | "prefixItems" => 2,
        "items"
            if tokens
                .get(i + 1)
                .is_some_and(|t| t.bytes().all(|b| b.is_ascii_digit())) =>
        {
            2
        }
        k if k == "items" || SINGLE_SUBSCHEMA_KEYWORDS.contains(&k) => 1,
        _ => return None,
    })
}

/// A context with its keyword tokens lower-cased (`anyOf` → `anyof`) and property names
/// as they are: OpenAI's `enum value … does not validate` family words paths so.
fn lowercase_keywords(context: &[String]) -> Vec<String> {
    let mut out = context.to_vec();
    let mut i = 0;
    while let Some(step) = context_step(context, i) {
        out[i] = out[i].to_lowercase();
        i += step;
    }
    out
}

/// Renders schema-relative pointer tokens as a protobuf field path, the way Google APIs
/// name fields in errors: `.properties[0].value.items` (map entries by index).
pub(crate) fn proto_path(schema: &Node, tokens: &[String]) -> String {
    let mut out = String::new();
    let mut node = Some(schema);
    let mut i = 0;
    while i < tokens.len() {
        let key = &tokens[i];
        let child = node.and_then(|n| n.get(key));
        let snake = snake_case(key);
        match (key.as_str(), child.and_then(Node::as_object)) {
            ("properties" | "$defs" | "definitions", Some(members)) if i + 1 < tokens.len() => {
                let name = &tokens[i + 1];
                let index = members.iter().position(|m| *m.key == **name).unwrap_or(0);
                out.push_str(&format!(".{snake}[{index}].value"));
                node = child.and_then(|c| c.get(name));
                i += 2;
                continue;
            }
            _ => {}
        }
        if let (Some(next), Some(items)) = (tokens.get(i + 1), child.and_then(Node::as_array)) {
            if let Ok(index) = next.parse::<usize>() {
                out.push_str(&format!(".{snake}[{index}]"));
                node = items.get(index);
                i += 2;
                continue;
            }
        }
        out.push('.');
        out.push_str(&snake);
        node = child;
        i += 1;
    }
    out
}

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A request pointer as a protobuf field path: `snake_case` names, `[i]` indices
/// (`/tools/0/functionDeclarations/1/parameters` → `tools[0].function_declarations[1].parameters`).
pub(crate) fn proto_field_path(ptr: &JsonPointer) -> String {
    let mut out = String::new();
    for token in ptr.tokens() {
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{token}]"));
            continue;
        }
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str(&snake_case(&token));
    }
    out
}

/// Renders pointer tokens as the Python tuple OpenAI prints: `('properties', 'a')`.
pub(crate) fn python_tuple(tokens: &[String]) -> String {
    match tokens {
        [] => "()".to_owned(),
        [one] => format!("({},)", python_str(one)),
        many => format!(
            "({})",
            many.iter()
                .map(|t| python_str(t))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Names listed in a message at most; a finding about a million keys stays readable.
pub(crate) const LISTED_NAMES: usize = 20;

/// `` `a`, `b`, `c` ``: the first [`LISTED_NAMES`] names, then how many more.
pub(crate) fn quoted_names(names: &[&str]) -> String {
    quoted_first(names, names.len())
}

/// [`quoted_names`] of a list of `total` names that starts with `first`.
pub(crate) fn quoted_first(first: &[&str], total: usize) -> String {
    let mut out = first
        .iter()
        .take(LISTED_NAMES)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if total > LISTED_NAMES {
        out.push_str(&format!(" and {} more", total - LISTED_NAMES));
    }
    out
}

/// Python's `repr` of a string.
pub(crate) fn python_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Visits `sub`, runs the node rules, counts totals, then descends.
fn walk(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.node.is_object() {
        rules::strict::missing_type::check_non_object(cx, sub);
        return;
    }
    count(cx, sub);
    for check in rules::NODE_CHECKS {
        check(cx, sub);
    }
    let profile = cx.profile;
    for_each_child(sub, &|id| applies_nothing(profile, id), &mut |child| {
        walk(cx, &child)
    });
}

/// Applicators whose subschemas survive the usual fix when the provider rejects the
/// keyword (`oneOf` becomes `anyOf`, `allOf` is merged, definitions are inlined), so
/// they are still linted.
const KEPT_BY_THE_FIX: &[&str] = &[
    "anyOf",
    "oneOf",
    "allOf",
    "prefixItems",
    "items",
    "properties",
    "$defs",
    "definitions",
];

/// Whether the subschemas under keyword `id` are left unlinted: the profile reports the
/// keyword itself as unsupported (rejected, or not in the provider's list and so
/// ignored), and the fix removes it (`dependencies`, `if`/`then`/`else`, `not`, …), so
/// what is inside never applies and findings there would only be noise.
fn applies_nothing(profile: &Profile, id: KeywordId) -> bool {
    let name = JSON_SCHEMA_KEYWORDS[id.index()];
    if KEPT_BY_THE_FIX.contains(&name) {
        return false;
    }
    let setting = profile.keywords.get_by_keyword(id);
    let status = setting
        .map(|s| s.status)
        .or(profile.unlisted_keywords.status);
    if status == Some(crate::profile::KeywordStatus::Ignored) {
        // Dropped by the provider: nothing inside is enforced either.
        return profile.severity(rules::keyword::ignored::RULE.id).is_some();
    }
    let Some(rule) = profile.rules.get(rules::keyword::unsupported::RULE.id) else {
        return false;
    };
    let level = match setting {
        Some(setting) if setting.status == crate::profile::KeywordStatus::Unsupported => {
            setting.severity.unwrap_or(rule.severity)
        }
        Some(_) => return false,
        None => profile.unlisted_keywords.severity,
    };
    rule.severity != Level::Off && level != Level::Off
}

fn count(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let totals = &mut cx.totals;
    if totals
        .deepest
        .as_ref()
        .is_none_or(|(d, _, _)| sub.depth > *d)
    {
        totals.deepest = Some((sub.depth, sub.ptr(), sub.span()));
    }
    if let Some(limit) = cx.profile.limits.nesting_depth {
        if sub.depth > limit && totals.first_too_deep.is_none() {
            totals.first_too_deep = Some((sub.depth, sub.ptr(), sub.span()));
        }
    }
    if let Some(props) = sub.get("properties").and_then(Node::as_object) {
        totals.properties += props.len();
        totals.string_length += props.iter().map(|m| m.key.chars().count()).sum::<usize>();
        if totals
            .largest_properties
            .as_ref()
            .is_none_or(|(n, _, _)| props.len() > *n)
        {
            totals.largest_properties = Some((
                props.len(),
                sub.ptr().join("properties"),
                sub.key_span("properties"),
            ));
        }
    }
    if sub.is_root() {
        for defs in ["$defs", "definitions"] {
            if let Some(members) = sub.get(defs).and_then(Node::as_object) {
                totals.string_length +=
                    members.iter().map(|m| m.key.chars().count()).sum::<usize>();
            }
        }
    }
    // Request-wide limits count strict schemas only, and only for profiles that have them.
    let strict = !cx.target.is_non_strict(cx.request.is_some());
    let limits = &cx.profile.limits;
    if strict && limits.optional_parameters.is_some() && sub.is_object_schema() {
        if let Some(props) = sub.get("properties").and_then(Node::as_object) {
            let listed = sub
                .get("required")
                .and_then(Node::as_array)
                .unwrap_or_default();
            // In property order (the usual strict schema) nothing is optional: skip the set.
            let all_required = listed.len() == props.len()
                && listed
                    .iter()
                    .zip(props)
                    .all(|(r, m)| r.as_str() == Some(&*m.key));
            // A set: wide generated schemas have thousands of properties.
            let required: crate::hash::FxHashSet<&str> = if all_required {
                crate::hash::FxHashSet::default()
            } else {
                listed.iter().filter_map(Node::as_str).collect()
            };
            for m in props.iter().filter(|_| !all_required) {
                if !required.contains(&*m.key) {
                    cx.request_totals
                        .optional
                        .push((sub.ptr().join("properties").join(&*m.key), m.key_span));
                }
            }
        }
    }
    let type_union =
        matches!(sub.get("type").map(|n| &n.value), Some(Value::Array(items)) if items.len() > 1);
    if strict && limits.union_parameters.is_some() && (type_union || sub.get("anyOf").is_some()) {
        let key = if type_union { "type" } else { "anyOf" };
        cx.request_totals
            .unions
            .push((sub.ptr(), sub.key_span(key)));
    }
    let totals = &mut cx.totals;
    if let Some(values) = sub.get("enum").and_then(Node::as_array) {
        totals.enum_values += values.len();
        totals.string_length += values
            .iter()
            .map(|v| value_length(cx.doc, v))
            .sum::<usize>();
    }
    if let Some(value) = sub.get("const") {
        totals.string_length += value_length(cx.doc, value);
    }
}

/// A value's source text for a message: whole when short, else its start and `…`
/// (a generated enum value can be a whole document).
pub(crate) fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let first_line = text.lines().next().unwrap_or_default().trim_end();
    if first_line.len() == text.len() && text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut shown: String = first_line.chars().take(MAX_CHARS - 1).collect();
    shown.push('…');
    shown
}

/// Characters an enum or const value adds to the string budget: a string's characters,
/// any other value's JSON text (OpenAI's Java SDK counts their string form the same way).
pub(crate) fn value_length(doc: &Document, node: &Node) -> usize {
    match &node.value {
        Value::String(s) => s.chars().count(),
        _ => doc.source.text()[node.span.start..node.span.end]
            .chars()
            .count(),
    }
}

/// Keywords whose value holds subschemas, besides [`SINGLE_SUBSCHEMA_KEYWORDS`].
const MULTI_SUBSCHEMA_KEYWORDS: &[&str] = &[
    "properties",
    "$defs",
    "definitions",
    "patternProperties",
    "dependentSchemas",
    "dependencies",
    "items",
    "anyOf",
    "oneOf",
    "allOf",
    "prefixItems",
];

/// For each JSON Schema keyword (by id), whether its value holds subschemas.
fn applicator_ids() -> &'static [bool] {
    static APPLICATORS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    APPLICATORS.get_or_init(|| {
        JSON_SCHEMA_KEYWORDS
            .iter()
            .map(|k| MULTI_SUBSCHEMA_KEYWORDS.contains(k) || SINGLE_SUBSCHEMA_KEYWORDS.contains(k))
            .collect()
    })
}

/// Calls `visit` with each subschema directly under `sub`, in document order (without
/// collecting them: an object with 5,000 properties has 5,000 children).
/// Applicators for which `skip` says yes are not descended into.
pub(crate) fn for_each_child<'d>(
    sub: &Sub<'d>,
    skip: &dyn Fn(KeywordId) -> bool,
    visit: &mut dyn FnMut(Sub<'d>),
) {
    let Some(members) = sub.node.as_object() else {
        return;
    };
    let depth = sub.depth + 1;
    let applicators = applicator_ids();
    for (i, m) in members.iter().enumerate() {
        // Most members are not applicators: skip them before building a pointer.
        let Some(id) = sub.keyword_id(i).filter(|id| applicators[id.index()]) else {
            continue;
        };
        if skip(id) {
            continue;
        }
        // One pointer per applicator, shared by its subschemas.
        let at = Rc::new(sub.ptr().join(&*m.key));
        let mut one = |node: &'d Node, token: PointerToken<'d>, place: Place, key: Option<Span>| {
            if node.is_object() || matches!(node.value, Value::Bool(_)) && place != Place::Other {
                visit(Sub::under(node, key, Rc::clone(&at), token, depth, place));
            }
        };
        type One<'o, 'd> = dyn FnMut(&'d Node, PointerToken<'d>, Place, Option<Span>) + 'o;
        let schema_map = |place: Place, one: &mut One<'_, 'd>| {
            for entry in m.value.as_object().unwrap_or_default() {
                one(
                    &entry.value,
                    PointerToken::Key(&entry.key),
                    place,
                    Some(entry.key_span),
                );
            }
        };
        let schema_list = |place: Place, one: &mut One<'_, 'd>| {
            for (i, entry) in m.value.as_array().unwrap_or_default().iter().enumerate() {
                one(entry, PointerToken::Index(i), place, None);
            }
        };
        match &*m.key {
            "properties" => schema_map(Place::Property, &mut one),
            "$defs" | "definitions" => schema_map(Place::Definition, &mut one),
            "patternProperties" | "dependentSchemas" => schema_map(Place::Other, &mut one),
            "dependencies" => {
                for entry in m.value.as_object().unwrap_or_default() {
                    if entry.value.is_object() {
                        one(
                            &entry.value,
                            PointerToken::Key(&entry.key),
                            Place::Other,
                            Some(entry.key_span),
                        );
                    }
                }
            }
            "items" => match &m.value.value {
                Value::Array(_) => schema_list(Place::Items, &mut one),
                _ => one(
                    &m.value,
                    PointerToken::Whole,
                    Place::Items,
                    Some(m.key_span),
                ),
            },
            "anyOf" => schema_list(Place::AnyOfBranch, &mut one),
            "oneOf" | "allOf" | "prefixItems" => schema_list(Place::Other, &mut one),
            k if SINGLE_SUBSCHEMA_KEYWORDS.contains(&k) && m.value.is_object() => {
                one(
                    &m.value,
                    PointerToken::Whole,
                    Place::Other,
                    Some(m.key_span),
                );
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_lookups_agree_with_scanning_the_members() {
        for (slot, key) in INDEXED_KEYWORDS.iter().enumerate() {
            assert_eq!(indexed_slot(key), Some(slot), "{key}");
        }
        let text = r##"{"type": "object", "enum": [1], "title": "t", "type": "string",
                       "$ref": "#", "x-custom": 1, "properties": {}}"##;
        let doc = crate::source::parse("t.json", text)
            .map_err(|(_, e)| e)
            .unwrap();
        let sub = Sub::new(&doc.root, None, JsonPointer::root(), 0, Place::Root);
        let keys = INDEXED_KEYWORDS
            .iter()
            .chain(&["title", "x-custom", "absent"]);
        for key in keys {
            let (ours, scanned) = (sub.member(key), doc.root.member(key));
            assert_eq!(
                ours.map(|m| m.key_span),
                scanned.map(|m| m.key_span),
                "{key}"
            );
        }
        // The last `type` wins, as a JSON parser keeps it.
        assert_eq!(*sub.types(), ["string"]);
        // Past what a slot can hold, lookups still find the member.
        let many: Vec<String> = (0..70_000).map(|i| format!("\"x{i}\": 0")).collect();
        let text = format!(r#"{{{}, "type": "object", "enum": [1]}}"#, many.join(", "));
        let doc = crate::source::parse("t.json", &text)
            .map_err(|(_, e)| e)
            .unwrap();
        let sub = Sub::new(&doc.root, None, JsonPointer::root(), 0, Place::Root);
        assert_eq!(*sub.types(), ["object"]);
        assert!(sub.get("enum").is_some() && sub.has_type("object"));
        assert_eq!(
            sub.keyword_id(70_000).map(|id| id.index()),
            keyword_id("type").map(|id| id.index())
        );
    }

    #[test]
    fn type_bits_match_the_standard_names_in_any_case() {
        for (i, name) in STANDARD_TYPES.iter().enumerate() {
            assert_eq!(type_bit(name), Some(1 << i), "{name}");
        }
        let doc = crate::source::parse("t.json", r#"{"type": ["STRING", "null", "x"]}"#)
            .map_err(|(_, e)| e)
            .unwrap();
        let sub = Sub::new(&doc.root, None, JsonPointer::root(), 0, Place::Root);
        assert!(sub.has_type("string") && sub.has_type("null") && sub.has_type("x"));
        assert!(!sub.has_type("object") && !sub.has_type("y"));
    }

    #[test]
    fn every_applicator_is_known_by_id() {
        let applicators = applicator_ids();
        for name in MULTI_SUBSCHEMA_KEYWORDS
            .iter()
            .chain(SINGLE_SUBSCHEMA_KEYWORDS)
        {
            let id = keyword_id(name).unwrap_or_else(|| panic!("{name} has no id"));
            assert!(applicators[id.index()], "{name}");
        }
        assert_eq!(
            applicators.iter().filter(|a| **a).count(),
            MULTI_SUBSCHEMA_KEYWORDS.len() + SINGLE_SUBSCHEMA_KEYWORDS.len()
        );
    }

    #[test]
    fn python_reprs_match_cpython() {
        assert_eq!(python_tuple(&[]), "()");
        assert_eq!(python_tuple(&["properties".into()]), "('properties',)");
        assert_eq!(
            python_tuple(&["properties".into(), "a".into()]),
            "('properties', 'a')"
        );
        assert_eq!(python_str("it's"), "\"it's\"");
        let t = |s: &str| s.split('/').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(
            schema_context(&t("properties/a/format")),
            &t("properties/a")[..]
        );
        assert_eq!(
            schema_context(&t("properties/a/enum/1")),
            &t("properties/a")[..]
        );
        assert_eq!(
            schema_context(&t("items/anyOf/0/required")),
            &t("items/anyOf/0")[..]
        );
        assert_eq!(schema_context(&t("required")), &[] as &[String]);
        assert_eq!(python_str("a'\"b"), "'a\\'\"b'");
    }

    #[test]
    fn excerpts_keep_short_values_and_cut_long_or_multi_line_ones() {
        assert_eq!(excerpt("[1, 2]"), "[1, 2]");
        assert_eq!(excerpt("{\n  \"a\": 1\n}"), "{…");
        let long = "[".repeat(100);
        assert_eq!(excerpt(&long), format!("{}…", "[".repeat(59)));
    }
}
