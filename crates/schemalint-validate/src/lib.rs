//! A compiled JSON Schema validator for LLM outputs that checks the schema
//! *while* it reads the bytes: one pass, no DOM.
//!
//! Compile a schema once with [`Validator::new`] (or [`Validator::options`]),
//! then validate many instances, either from bytes ([`Validator::is_valid_slice`],
//! [`Validator::validate_slice`]) or from an already parsed
//! `serde_json::Value` ([`Validator::is_valid`], [`Validator::validate`]).
//! Both paths give the same verdict and the same errors, in the same
//! (canonical) order; the byte path also gives byte ranges, tells malformed
//! JSON from a document cut off in the middle ([`ErrorKind::Truncated`]) and
//! reports invalid UTF-8.
//!
//! ```
//! use schemalint_validate::{ErrorKind, Validator};
//! use serde_json::json;
//!
//! let schema = json!({
//!     "type": "object",
//!     "properties": {"steps": {"type": "array", "items": {"type": "string"}}},
//!     "required": ["steps"],
//!     "additionalProperties": false
//! });
//! let validator = Validator::new(&schema).unwrap();
//! assert!(validator.is_valid_slice(br#"{"steps": ["a", "b"]}"#));
//!
//! let errors = validator.validate_slice(br#"{"steps": ["a", 2]}"#).unwrap_err();
//! assert_eq!(errors[0].instance_pointer, "/steps/1");
//! assert_eq!(errors[0].keyword, "type");
//! assert_eq!(errors[0].range, Some(16..17));
//!
//! // A reply cut off by `finish_reason: length`.
//! let errors = validator.validate_slice(br#"{"steps": ["a", "b"#).unwrap_err();
//! assert!(matches!(errors[0].kind, ErrorKind::Truncated { .. }));
//! ```
//!
//! # Semantics
//! Drafts 2020-12 (the default, also without `$schema`), 2019-09, 7, 6 and 4,
//! chosen by `$schema` or [`ValidatorOptions::draft`]. The official meta-schemas
//! of all five drafts are bundled, so a `$ref` to one resolves offline; other
//! documents come from [`ValidatorOptions::with_document`] or a retriever. `format` is asserted by
//! default ([`ValidatorOptions::assert_formats`]). Numbers are compared on
//! their decimal digits: from bytes, literals of any size are exact; from a
//! `Value`, `u64`/`i64` are exact and an `f64` is taken as the shortest decimal
//! that round-trips to it (so `0.1` is one tenth, not its binary neighbour).
//!
//! Known differences between the paths: an object with a duplicate key is
//! validated member by member from bytes, while a `Value` keeps only the last
//! one; subtrees that the byte path buffers (`uniqueItems`, `enum`/`const`
//! with containers, `unevaluated*`, and whole documents when the schema uses
//! `$dynamicRef`/`$recursiveRef`) hold numbers beyond `u64`/`i64` as `f64`.

#![warn(missing_docs)]

mod byte_eval;
mod compiler;
mod draft;
mod equal;
mod error;
/// ECMA-262 patterns and format checks live in their own crate.
use schemalint_formats as formats;
mod keywords;
mod metaschemas;
mod node;
mod number;
mod plan;
mod pointer;
mod stack;
mod stream;
mod tokenizer;
mod uri;
mod value_eval;

pub use compiler::Retriever;
pub use draft::Draft;
pub use error::{CompileError, ContainerKind, ErrorKind, OpenContainer, ValidationError};
pub use stream::{Abort, Progress, StreamValidator};

use keywords::pattern::PatternCheck;
use keywords::properties::Properties;
use node::{Kw, KwKind, Node, NodeId, Resource};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use value_eval::{Path, Scope, ValueEval};

/// Default limit on instance nesting.
pub const DEFAULT_MAX_DEPTH: usize = 512;

/// Default for [`ValidatorOptions::schema_max_depth`].
pub const DEFAULT_SCHEMA_MAX_DEPTH: usize = 256;

/// A compiled schema. Cheap to share across threads (`Send + Sync`).
pub struct Validator {
    nodes: Vec<Node>,
    resources: Vec<Resource>,
    root: NodeId,
    uses_dynamic_scope: bool,
    /// See `compiler::Compiled::alias`.
    alias: Vec<NodeId>,
    /// Per node, the byte path's fast plan (see `plan`).
    plans: Vec<Option<plan::Plan>>,
    max_depth: usize,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Validator")
            .field("nodes", &self.nodes.len())
            .field("max_depth", &self.max_depth)
            .finish()
    }
}

/// Builder for a [`Validator`]: `Validator::options().draft(..).build(&schema)`.
#[derive(Clone)]
pub struct ValidatorOptions {
    draft: Option<Draft>,
    default_draft: Draft,
    assert_formats: bool,
    max_depth: usize,
    schema_max_depth: usize,
    documents: HashMap<String, Value>,
    retriever: Option<Arc<Retriever>>,
    fast_paths: bool,
}

impl Default for ValidatorOptions {
    fn default() -> Self {
        ValidatorOptions {
            draft: None,
            default_draft: Draft::Draft202012,
            assert_formats: true,
            max_depth: DEFAULT_MAX_DEPTH,
            schema_max_depth: DEFAULT_SCHEMA_MAX_DEPTH,
            documents: HashMap::new(),
            retriever: None,
            fast_paths: true,
        }
    }
}

impl std::fmt::Debug for ValidatorOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidatorOptions")
            .field("draft", &self.draft)
            .field("assert_formats", &self.assert_formats)
            .field("max_depth", &self.max_depth)
            .field("schema_max_depth", &self.schema_max_depth)
            .field("documents", &self.documents.keys().collect::<Vec<_>>())
            .field("retriever", &self.retriever.is_some())
            .finish()
    }
}

impl ValidatorOptions {
    /// Forces a draft for the schema and every document it references,
    /// ignoring `$schema` (see [`ValidatorOptions::default_draft`] to only
    /// choose the draft of schemas without `$schema`).
    ///
    /// ```
    /// use schemalint_validate::{Draft, Validator};
    /// use serde_json::json;
    ///
    /// // Draft 4: a boolean `exclusiveMaximum` modifies `maximum`.
    /// let schema = json!({"maximum": 3, "exclusiveMaximum": true});
    /// let v = Validator::options().draft(Draft::Draft4).build(&schema).unwrap();
    /// assert!(!v.is_valid(&json!(3)));
    /// ```
    pub fn draft(mut self, draft: Draft) -> Self {
        self.draft = Some(draft);
        self
    }

    /// The draft for a schema without `$schema` (default 2020-12).
    pub fn default_draft(mut self, draft: Draft) -> Self {
        self.default_draft = draft;
        self
    }

    /// Whether `format` is an assertion (default `true`) or only an annotation.
    pub fn assert_formats(mut self, yes: bool) -> Self {
        self.assert_formats = yes;
        self
    }

    /// Deepest instance nesting accepted before a [`ErrorKind::TooDeep`] error
    /// (default [`DEFAULT_MAX_DEPTH`]).
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// Deepest schema nesting (subschemas inside subschemas) compiled before a
    /// [`CompileError`] (default [`DEFAULT_SCHEMA_MAX_DEPTH`]). The compiler recurses once
    /// per level: raise it on a thread whose stack is sized to match.
    pub fn schema_max_depth(mut self, depth: usize) -> Self {
        self.schema_max_depth = depth;
        self
    }

    /// Registers a document for non-local `$ref`s under `uri`.
    ///
    /// A relative `uri` is taken relative to the base URI of a root schema
    /// without `$id` (`json-schema:///`), so a document registered as
    /// `defs/address.json` answers `{"$ref": "defs/address.json"}`. Dot
    /// segments are removed (`a/../b.json` is `b.json`). Registered documents
    /// are looked up before the bundled meta-schemas and the retriever.
    ///
    /// ```
    /// use schemalint_validate::Validator;
    /// use serde_json::json;
    ///
    /// let schema = json!({"properties": {"home": {"$ref": "defs/address.json"}}});
    /// let address = json!({"type": "object", "required": ["city"]});
    /// let validator = Validator::options()
    ///     .with_document("defs/address.json", address)
    ///     .build(&schema)
    ///     .unwrap();
    /// assert!(!validator.is_valid(&json!({"home": {}})));
    ///
    /// // An unregistered reference is a compile error that names the URI; nothing is fetched.
    /// let err = Validator::new(&json!({"$ref": "file:///etc/passwd"})).unwrap_err();
    /// assert!(err.to_string().contains("file:///etc/passwd"));
    /// ```
    pub fn with_document(mut self, uri: impl Into<String>, document: Value) -> Self {
        let uri = uri::resolve(compiler::DEFAULT_BASE, &uri.into());
        self.documents
            .insert(uri.trim_end_matches('#').to_owned(), document);
        self
    }

    /// Supplies documents on demand for `$ref`s to URIs that are neither
    /// registered nor bundled, by absolute URI. Without a retriever nothing is
    /// fetched: no network access, no file reads.
    ///
    /// ```
    /// use schemalint_validate::Validator;
    /// use serde_json::json;
    ///
    /// let validator = Validator::options()
    ///     .with_retriever(|uri| (uri == "urn:example:id").then(|| json!({"type": "string"})))
    ///     .build(&json!({"$ref": "urn:example:id"}))
    ///     .unwrap();
    /// assert!(validator.is_valid(&json!("x")));
    /// ```
    pub fn with_retriever(
        mut self,
        retriever: impl Fn(&str) -> Option<Value> + Send + Sync + 'static,
    ) -> Self {
        self.retriever = Some(Arc::new(retriever));
        self
    }

    /// Whether the byte path may use its fast plans (default `true`). With
    /// `false` every value takes the general path: the two must agree exactly,
    /// which the test suites check. For tests and benchmarks.
    #[doc(hidden)]
    pub fn fast_paths(mut self, yes: bool) -> Self {
        self.fast_paths = yes;
        self
    }

    /// Compiles `schema`.
    pub fn build(&self, schema: &Value) -> Result<Validator, CompileError> {
        let opts = compiler::CompileOptions {
            draft: self.draft,
            default_draft: self.default_draft,
            assert_formats: self.assert_formats,
            documents: &self.documents,
            retriever: self.retriever.as_deref(),
            max_depth: self.schema_max_depth,
        };
        let c = compiler::compile(schema, &opts)?;
        let plans = if self.fast_paths {
            plan::build(&c.nodes, &c.alias)
        } else {
            c.nodes.iter().map(|_| None).collect()
        };
        Ok(Validator {
            plans,
            nodes: c.nodes,
            resources: c.resources,
            root: c.root,
            uses_dynamic_scope: c.uses_dynamic_scope,
            alias: c.alias,
            max_depth: self.max_depth,
        })
    }
}

impl Validator {
    /// Compiles `schema` with default options.
    pub fn new(schema: &Value) -> Result<Validator, CompileError> {
        ValidatorOptions::default().build(schema)
    }

    /// Starts an options builder.
    pub fn options() -> ValidatorOptions {
        ValidatorOptions::default()
    }

    /// Whether `instance` is valid (stops at the first failure).
    pub fn is_valid(&self, instance: &Value) -> bool {
        let mut ev = ValueEval::new(self);
        ev.eval(
            self.root,
            instance,
            &Path::Root { prefix: "" },
            None,
            false,
            None,
            0,
        )
    }

    /// All errors for `instance`, in canonical order (by instance pointer,
    /// array indices numerically, then schema pointer, then message).
    pub fn validate(&self, instance: &Value) -> Result<(), Vec<ValidationError>> {
        let mut ev = ValueEval::new(self);
        if ev.eval(
            self.root,
            instance,
            &Path::Root { prefix: "" },
            None,
            true,
            None,
            0,
        ) {
            return Ok(());
        }
        let mut errors = ev.errors;
        error::sort_errors(&mut errors);
        Err(errors)
    }

    /// Whether `bytes` hold one JSON value that is valid, checked in one pass.
    /// Malformed, truncated or non-UTF-8 input is invalid.
    pub fn is_valid_slice(&self, bytes: &[u8]) -> bool {
        matches!(byte_eval::ByteEval::new(self, bytes).run(false), Ok(true))
    }

    /// All errors for the JSON in `bytes`, with byte ranges, in the same order
    /// as [`Validator::validate`]. Syntax problems give a single error of kind
    /// [`ErrorKind::Malformed`], [`ErrorKind::Truncated`] or [`ErrorKind::InvalidUtf8`].
    pub fn validate_slice(&self, bytes: &[u8]) -> Result<(), Vec<ValidationError>> {
        match byte_eval::ByteEval::new(self, bytes).run(true) {
            Ok(true) => Ok(()),
            Ok(false) => Err(Vec::new()),
            Err(mut errors) => {
                error::sort_errors(&mut errors);
                Err(errors)
            }
        }
    }

    /// Starts an incremental validation, fed with byte chunks as they arrive
    /// (a reply being generated): [`StreamValidator::feed`] reports
    /// [`Progress::Invalid`] from the first byte after which **no completion**
    /// of what was fed can be valid, so a caller can stop the generation
    /// there; [`StreamValidator::finish`] then gives the same verdict and
    /// errors as [`Validator::validate_slice`] on all the bytes fed.
    ///
    /// ```
    /// use schemalint_validate::{Progress, Validator};
    /// use serde_json::json;
    ///
    /// let schema = json!({
    ///     "type": "object",
    ///     "properties": {"unit": {"enum": ["celsius", "fahrenheit"]}},
    ///     "additionalProperties": false
    /// });
    /// let validator = Validator::new(&schema).unwrap();
    /// let mut stream = validator.stream();
    /// assert_eq!(stream.feed(br#"{"unit": "cel"#), Progress::Continue);
    /// let Progress::Invalid(abort) = stream.feed(br#"vin"}"#) else { panic!() };
    /// assert_eq!(abort.offset, 13); // "celv" is a prefix of no member of the enum
    /// assert_eq!(abort.error.keyword, "enum");
    ///
    /// // The verdict on everything fed, as `validate_slice` gives it.
    /// let errors = stream.finish().unwrap_err();
    /// assert_eq!(errors, validator.validate_slice(br#"{"unit": "celvin"}"#).unwrap_err());
    /// ```
    ///
    /// What aborts early: a value of a type the schema rejects (at its first
    /// byte), `false`, an `enum`/`const` that no string with the prefix read so
    /// far can match, a `maxLength` already exceeded, a number whose every
    /// completion is out of `minimum`/`maximum` (decided by its sign, or by a
    /// magnitude that a non-negative exponent can only grow: `1` may still
    /// become `1e-9`), a key that a closed object (`additionalProperties:
    /// false`, no `patternProperties`) declares no name starting with, a key
    /// that `propertyNames` rejects, a member past `maxProperties`, an item past
    /// `maxItems` or `items: false`, missing `required` members when the object
    /// closes, and any value that fails once it is complete when its schema is
    /// joined to the root by conjunction (`properties`, `items`, `$ref`,
    /// `allOf`). Malformed JSON aborts where the byte path would stop.
    ///
    /// What waits for the value to close (never aborts early: the check stays
    /// sound): `anyOf`, `oneOf`, `not`, `if`/`then`/`else`,
    /// `dependentSchemas`, and on containers `uniqueItems`, `enum`/`const`
    /// with container members and `unevaluated*`. Those containers' bytes are
    /// **buffered** until they close and validated by the byte path, so the
    /// memory of a stream is O(nesting depth + one token) plus the size of the
    /// largest such value (the whole document when the root schema has an
    /// `anyOf`, say). A schema that uses `$dynamicRef`/`$recursiveRef` with a
    /// dynamic anchor buffers the whole document. Scalars are always decided
    /// on their token, which is buffered (one token) whatever the schema.
    pub fn stream(&self) -> StreamValidator<'_> {
        StreamValidator::new(self)
    }

    /// How many values the byte path re-reads into a `Value` for `bytes`
    /// (0 means one pass with no DOM). For tests and benchmarks.
    #[doc(hidden)]
    pub fn buffered_values_in(&self, bytes: &[u8]) -> usize {
        let mut ev = byte_eval::ByteEval::new(self, bytes);
        let _ = ev.run_inner(true);
        ev.buffered
    }

    fn resolve_dynamic(
        &self,
        target: NodeId,
        anchor: Option<&str>,
        scope: Option<&Scope<'_>>,
    ) -> NodeId {
        let Some(name) = anchor else { return target };
        let mut chain = Vec::new();
        let mut cur = scope;
        while let Some(s) = cur {
            chain.push(s.resource);
            cur = s.parent;
        }
        for &r in chain.iter().rev() {
            if let Some((_, n)) = self.resources[r as usize]
                .dynamic_anchors
                .iter()
                .find(|(a, _)| &**a == name)
            {
                return *n;
            }
        }
        target
    }

    fn resolve_recursive(
        &self,
        target: NodeId,
        dynamic: bool,
        scope: Option<&Scope<'_>>,
    ) -> NodeId {
        if !dynamic {
            return target;
        }
        let mut chain = Vec::new();
        let mut cur = scope;
        while let Some(s) = cur {
            chain.push(s.resource);
            cur = s.parent;
        }
        for &r in chain.iter().rev() {
            if let Some(n) = self.resources[r as usize].recursive_anchor {
                return n;
            }
        }
        target
    }
}

type PatternList = [(PatternCheck, NodeId)];

/// The `properties` and `patternProperties` next to an `additionalProperties`.
fn sibling_property_matchers(list: &[Kw]) -> (Option<&Properties>, Option<&PatternList>) {
    let mut props = None;
    let mut patterns = None;
    for kw in list {
        match &kw.kind {
            KwKind::Properties(p) => props = Some(p),
            KwKind::PatternProperties(p) => patterns = Some(p.as_slice()),
            _ => {}
        }
    }
    (props, patterns)
}

fn is_declared(props: Option<&Properties>, patterns: Option<&PatternList>, key: &str) -> bool {
    props.is_some_and(|p| p.get(key).is_some())
        || patterns.is_some_and(|ps| ps.iter().any(|(p, _)| p.matches(key) == Ok(true)))
}
