//! Schema `Value` → arena of compiled nodes.
//!
//! Two phases: `scan` walks every document once through its subschema
//! positions and records base URIs, drafts, resources and anchors; the
//! compile loop then turns each reachable location into a [`Node`], resolving
//! `$ref`s to node indices (allocated on first sight, so cycles are fine).

use crate::draft::{Draft, Vocabularies};
use crate::error::CompileError;
use crate::keywords::{self, bounds::BoundKind};
use crate::node::{Body, Keywords, Kw, KwKind, Node, NodeId, Resource};
use crate::{metaschemas, pointer, uri};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Base URI of a root schema without `$id`.
pub(crate) const DEFAULT_BASE: &str = "json-schema:///";

/// Supplies documents for non-local `$ref`s by absolute URI.
pub type Retriever = dyn Fn(&str) -> Option<Value> + Send + Sync;

pub(crate) struct CompileOptions<'a> {
    pub(crate) draft: Option<Draft>,
    pub(crate) default_draft: Draft,
    pub(crate) assert_formats: bool,
    pub(crate) documents: &'a HashMap<String, Value>,
    pub(crate) retriever: Option<&'a Retriever>,
    /// Deepest schema nesting accepted, so hostile schemas cannot overflow the stack.
    pub(crate) max_depth: usize,
}

pub(crate) struct Compiled {
    pub(crate) nodes: Vec<Node>,
    pub(crate) resources: Vec<Resource>,
    pub(crate) root: NodeId,
    /// Some `$dynamicRef`/`$recursiveRef` depends on the dynamic scope.
    pub(crate) uses_dynamic_scope: bool,
    /// For each node, the node the byte path evaluates instead: a node whose
    /// only keyword is `$ref` stands for its target (same errors, one slot less).
    pub(crate) alias: Vec<NodeId>,
}

type Loc = (usize, String);

#[derive(Clone)]
struct Info {
    base: Rc<str>,
    draft: Draft,
    vocab: Vocabularies,
    /// Root of the schema resource this location belongs to.
    resource: Rc<Loc>,
}

/// A document the compiler reads: the schema and the user's documents are borrowed (never
/// copied: a schema may be hundreds of megabytes as a `Value`), retrieved ones owned.
#[derive(Clone)]
enum Doc<'s> {
    Borrowed(&'s Value),
    Owned(Rc<Value>),
}

impl std::ops::Deref for Doc<'_> {
    type Target = Value;
    fn deref(&self) -> &Value {
        match self {
            Doc::Borrowed(v) => v,
            Doc::Owned(v) => v,
        }
    }
}

struct Compiler<'o> {
    opts: &'o CompileOptions<'o>,
    docs: Vec<(String, Doc<'o>)>,
    doc_by_uri: HashMap<String, usize>,
    scanned: HashMap<Loc, Info>,
    resources: HashMap<String, Loc>,
    anchors: HashMap<String, Loc>,
    dynamic_anchors: HashMap<Loc, Vec<(String, Loc)>>,
    recursive_anchors: HashSet<Loc>,
    nodes: Vec<Node>,
    node_at: HashMap<Loc, NodeId>,
    queue: Vec<(NodeId, Loc)>,
    resources_out: Vec<Resource>,
    resource_ids: HashMap<Loc, u32>,
}

fn err(at: &str, msg: impl Into<String>) -> CompileError {
    CompileError::new(at, msg)
}

pub(crate) fn compile<'o>(
    schema: &'o Value,
    opts: &'o CompileOptions<'o>,
) -> Result<Compiled, CompileError> {
    let mut c = Compiler {
        opts,
        docs: Vec::new(),
        doc_by_uri: HashMap::new(),
        scanned: HashMap::new(),
        resources: HashMap::new(),
        anchors: HashMap::new(),
        dynamic_anchors: HashMap::new(),
        recursive_anchors: HashSet::new(),
        nodes: Vec::new(),
        node_at: HashMap::new(),
        queue: Vec::new(),
        resources_out: Vec::new(),
        resource_ids: HashMap::new(),
    };
    let draft = opts.draft.unwrap_or(opts.default_draft);
    c.add_document(DEFAULT_BASE.to_owned(), Doc::Borrowed(schema), draft)?;
    let root = c.node_for((0, String::new()));
    while let Some((id, loc)) = c.queue.pop() {
        c.compile_node(id, loc)?;
    }
    c.check_cycles()?;
    let uses_dynamic_scope = c.nodes.iter().any(|n| match &n.body {
        Body::Keywords(k) => k.list.iter().any(|kw| {
            matches!(
                kw.kind,
                KwKind::DynamicRef {
                    anchor: Some(_),
                    ..
                } | KwKind::RecursiveRef { dynamic: true, .. }
            )
        }),
        Body::Bool(_) => false,
    });
    let alias = ref_aliases(&c.nodes);
    Ok(Compiled {
        alias,
        nodes: c.nodes,
        resources: c.resources_out,
        root,
        uses_dynamic_scope,
    })
}

/// Follows nodes that hold nothing but a `$ref` to the node they stand for.
fn ref_aliases(nodes: &[Node]) -> Vec<NodeId> {
    let only_ref = |n: NodeId| match &nodes[n as usize].body {
        Body::Keywords(k) if k.list.len() == 1 => match k.list[0].kind {
            KwKind::Ref(t) => Some(t),
            _ => None,
        },
        _ => None,
    };
    (0..nodes.len() as NodeId)
        .map(|mut n| {
            // No-progress cycles were rejected, so chains end; the bound is a backstop.
            for _ in 0..nodes.len() {
                match only_ref(n) {
                    Some(t) => n = t,
                    None => break,
                }
            }
            n
        })
        .collect()
}

fn location(docs: &[(String, Doc<'_>)], loc: &Loc) -> String {
    if loc.0 == 0 {
        loc.1.clone()
    } else {
        format!("{}#{}", docs[loc.0].0, loc.1)
    }
}

impl<'o> Compiler<'o> {
    fn add_document(
        &mut self,
        uri: String,
        value: Doc<'o>,
        draft: Draft,
    ) -> Result<usize, CompileError> {
        let idx = self.docs.len();
        self.docs.push((uri.clone(), value.clone()));
        self.doc_by_uri.insert(uri.clone(), idx);
        let root: Loc = (idx, String::new());
        self.resources
            .entry(uri.clone())
            .or_insert_with(|| root.clone());
        let info = Info {
            base: Rc::from(uri.as_str()),
            draft,
            vocab: Vocabularies::ALL,
            resource: Rc::new(root.clone()),
        };
        self.scan(&root, &value, &info, &root, 0)?;
        Ok(idx)
    }

    fn load_document(&mut self, uri: &str, draft: Draft) -> Result<Option<usize>, CompileError> {
        let uri = uri.trim_end_matches('#');
        if let Some(&i) = self.doc_by_uri.get(uri) {
            return Ok(Some(i));
        }
        // The user's documents first, then the bundled meta-schemas (in their
        // own draft, whatever the referring schema's), then the retriever.
        let found = match self.opts.documents.get(uri) {
            Some(v) => Some((Doc::Borrowed(v), draft)),
            None => match metaschemas::get(uri) {
                Some((own_draft, v)) => Some((Doc::Borrowed(v), own_draft)),
                None => self
                    .opts
                    .retriever
                    .and_then(|r| r(uri))
                    .map(|v| (Doc::Owned(Rc::new(v)), draft)),
            },
        };
        match found {
            Some((v, draft)) => Ok(Some(self.add_document(uri.to_owned(), v, draft)?)),
            None => Ok(None),
        }
    }

    /// The draft and vocabularies a `$schema` value selects.
    fn dialect(&mut self, uri: &str, at: &str) -> Result<(Draft, Vocabularies), CompileError> {
        if let Some(d) = Draft::from_schema_uri(uri) {
            return Ok((d, Vocabularies::ALL));
        }
        if uri.contains("json-schema.org/draft-03") {
            return Err(err(at, "draft 3 is not supported"));
        }
        if matches!(
            uri.trim_end_matches('#'),
            "http://json-schema.org/schema" | "https://json-schema.org/schema"
        ) {
            return Ok((Draft::Draft202012, Vocabularies::ALL));
        }
        let (res, _) = uri::split_fragment(uri);
        let Some(doc) = self.load_document(res, Draft::Draft202012)? else {
            return Err(err(at, format!("unknown meta-schema in `$schema`: {uri}")));
        };
        let meta = self.docs[doc].1.clone();
        let draft = meta
            .get("$schema")
            .and_then(Value::as_str)
            .and_then(Draft::from_schema_uri)
            .unwrap_or(Draft::Draft202012);
        let vocab = match meta.get("$vocabulary").and_then(Value::as_object) {
            Some(m) => Vocabularies::from_declaration(m).map_err(|e| err(at, e))?,
            None => Vocabularies::ALL,
        };
        Ok((draft, vocab))
    }

    fn scan(
        &mut self,
        loc: &Loc,
        v: &Value,
        info: &Info,
        resource_root: &Loc,
        depth: usize,
    ) -> Result<(), CompileError> {
        if depth > self.opts.max_depth {
            return Err(err(
                &location(&self.docs, loc),
                format!("schema nests deeper than {} levels", self.opts.max_depth),
            ));
        }
        if self.scanned.contains_key(loc) {
            return Ok(());
        }
        let Value::Object(map) = v else {
            let mut info = info.clone();
            if *info.resource != *resource_root {
                info.resource = Rc::new(resource_root.clone());
            }
            self.scanned.insert(loc.clone(), info);
            return Ok(());
        };
        let at = location(&self.docs, loc);
        let mut info = info.clone();
        let is_doc_root = loc.1.is_empty();
        let ref_blocks = info.draft.ref_overrides_siblings() && map.contains_key("$ref");
        let id = if ref_blocks {
            None
        } else {
            map.get(info.draft.id_keyword()).and_then(Value::as_str)
        };
        if (is_doc_root || id.is_some()) && self.opts.draft.is_none() {
            if let Some(s) = map.get("$schema").and_then(Value::as_str) {
                let (d, voc) = self.dialect(s, &pointer::join(&at, "$schema"))?;
                info.draft = d;
                info.vocab = voc;
            }
        }
        let id = if ref_blocks {
            None
        } else {
            map.get(info.draft.id_keyword()).and_then(Value::as_str)
        };
        let mut resource_root = resource_root.clone();
        if let Some(id) = id {
            let resolved = uri::resolve(&info.base, id);
            let (nofrag, frag) = uri::split_fragment(&resolved);
            if id.starts_with('#') {
                if info.draft <= Draft::Draft7 {
                    self.anchors
                        .entry(format!("{}#{}", info.base, frag))
                        .or_insert_with(|| loc.clone());
                }
            } else {
                info.base = Rc::from(nofrag);
                self.resources
                    .entry(nofrag.to_owned())
                    .or_insert_with(|| loc.clone());
                resource_root = loc.clone();
                if !frag.is_empty() && info.draft <= Draft::Draft7 {
                    self.anchors
                        .entry(resolved.clone())
                        .or_insert_with(|| loc.clone());
                }
            }
        }
        if info.draft >= Draft::Draft201909 {
            if let Some(a) = map.get("$anchor").and_then(Value::as_str) {
                self.anchors
                    .entry(format!("{}#{a}", info.base))
                    .or_insert_with(|| loc.clone());
            }
            if info.draft == Draft::Draft202012 {
                if let Some(a) = map.get("$dynamicAnchor").and_then(Value::as_str) {
                    self.anchors
                        .entry(format!("{}#{a}", info.base))
                        .or_insert_with(|| loc.clone());
                    self.dynamic_anchors
                        .entry(resource_root.clone())
                        .or_default()
                        .push((a.to_owned(), loc.clone()));
                }
            }
            if info.draft == Draft::Draft201909
                && map.get("$recursiveAnchor") == Some(&Value::Bool(true))
            {
                self.recursive_anchors.insert(loc.clone());
            }
        }
        // Shared with the parent's unless this location starts a resource.
        if *info.resource != resource_root {
            info.resource = Rc::new(resource_root.clone());
        }
        self.scanned.insert(loc.clone(), info.clone());
        let child = |k: &str| (loc.0, pointer::join(&loc.1, k));
        for (k, val) in map {
            match k.as_str() {
                "properties" | "patternProperties" | "$defs" | "definitions"
                | "dependentSchemas" | "dependencies" => {
                    if let Value::Object(m) = val {
                        let base = child(k);
                        for (name, s) in m {
                            if s.is_object() || s.is_boolean() {
                                let l = (loc.0, pointer::join(&base.1, name));
                                self.scan(&l, s, &info, &resource_root, depth + 1)?;
                            }
                        }
                    }
                }
                "items" | "prefixItems" | "allOf" | "anyOf" | "oneOf" => match val {
                    Value::Array(a) => {
                        let base = child(k);
                        for (i, s) in a.iter().enumerate() {
                            let l = (loc.0, pointer::join(&base.1, &i.to_string()));
                            self.scan(&l, s, &info, &resource_root, depth + 1)?;
                        }
                    }
                    s => self.scan(&child(k), s, &info, &resource_root, depth + 1)?,
                },
                "additionalProperties"
                | "additionalItems"
                | "unevaluatedProperties"
                | "unevaluatedItems"
                | "contains"
                | "propertyNames"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contentSchema" => self.scan(&child(k), val, &info, &resource_root, depth + 1)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn find_resource(&mut self, uri: &str, draft: Draft) -> Result<Loc, String> {
        if let Some(l) = self.resources.get(uri) {
            return Ok(l.clone());
        }
        match self.load_document(uri, draft) {
            Ok(Some(_)) => {}
            Ok(None) => {
                return Err(format!(
                    "cannot resolve {uri:?}: no such document (register it with `with_document`)"
                ))
            }
            Err(e) => return Err(e.to_string()),
        }
        self.resources
            .get(uri)
            .cloned()
            .ok_or_else(|| format!("cannot resolve {uri:?}"))
    }

    fn resolve_ref(&mut self, info: &Info, reference: &str) -> Result<Loc, String> {
        let full = uri::resolve(&info.base, reference);
        let (res, frag) = uri::split_fragment(&full);
        let res = res.to_owned();
        let root = self.find_resource(&res, info.draft)?;
        if frag.is_empty() {
            return Ok(root);
        }
        if frag.starts_with('/') {
            let ptr = format!("{}{}", root.1, uri::percent_decode(frag));
            let doc = self.docs[root.0].1.clone();
            let target = pointer::resolve(&doc, &ptr)
                .ok_or_else(|| format!("{reference:?} points to nothing"))?;
            let loc = (root.0, ptr);
            if !self.scanned.contains_key(&loc) {
                let mut up = loc.1.clone();
                let parent_info = loop {
                    match up.rfind('/') {
                        Some(i) => up.truncate(i),
                        None => break self.scanned.get(&root).cloned(),
                    }
                    if let Some(i) = self.scanned.get(&(loc.0, up.clone())) {
                        break Some(i.clone());
                    }
                };
                let parent_info = parent_info.unwrap_or_else(|| info.clone());
                self.scan(&loc, target, &parent_info, &loc, 0)
                    .map_err(|e| e.to_string())?;
            }
            return Ok(loc);
        }
        self.anchors
            .get(&format!("{res}#{}", uri::percent_decode(frag)))
            .cloned()
            .ok_or_else(|| format!("no anchor {frag:?} in {res:?}"))
    }

    fn node_for(&mut self, loc: Loc) -> NodeId {
        if let Some(&id) = self.node_at.get(&loc) {
            return id;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            loc: "".into(),
            body: Body::Bool(true),
            resource: None,
        });
        self.node_at.insert(loc.clone(), id);
        self.queue.push((id, loc));
        id
    }

    /// A child subschema location, scanned already unless the scan skipped it.
    fn child(&mut self, parent: &Loc, info: &Info, path: &[&str]) -> Result<NodeId, CompileError> {
        let mut ptr = parent.1.clone();
        for p in path {
            pointer::push_token(&mut ptr, p);
        }
        let loc = (parent.0, ptr);
        if !self.scanned.contains_key(&loc) {
            let doc = self.docs[loc.0].1.clone();
            if let Some(v) = pointer::resolve(&doc, &loc.1) {
                self.scan(&loc, v, info, &loc, 0)?;
            }
        }
        Ok(self.node_for(loc))
    }

    fn compile_node(&mut self, id: NodeId, loc: Loc) -> Result<(), CompileError> {
        let at = location(&self.docs, &loc);
        let info = self
            .scanned
            .get(&loc)
            .cloned()
            .ok_or_else(|| err(&at, "internal: location was never scanned"))?;
        let doc = self.docs[loc.0].1.clone();
        let v =
            pointer::resolve(&doc, &loc.1).ok_or_else(|| err(&at, "location does not exist"))?;
        let resource = Some(self.resource_index(&info.resource));
        let body = match v {
            Value::Bool(b) => Body::Bool(*b),
            Value::Object(m) => {
                Body::Keywords(Box::new(self.compile_keywords(m, &loc, &at, &info)?))
            }
            _ => return Err(err(&at, "a schema must be an object or a boolean")),
        };
        self.nodes[id as usize] = Node {
            loc: at.into(),
            body,
            resource,
        };
        Ok(())
    }

    /// The index of the resource rooted at `root`, created on first use.
    fn resource_index(&mut self, root: &Loc) -> u32 {
        if let Some(&i) = self.resource_ids.get(root) {
            return i;
        }
        let i = self.resources_out.len() as u32;
        self.resource_ids.insert(root.clone(), i);
        self.resources_out.push(Resource {
            dynamic_anchors: Vec::new(),
            recursive_anchor: None,
        });
        let anchors = self.dynamic_anchors.get(root).cloned().unwrap_or_default();
        let dynamic_anchors = anchors
            .into_iter()
            .map(|(name, l)| (name.into_boxed_str(), self.node_for(l)))
            .collect();
        let recursive_anchor = self
            .recursive_anchors
            .contains(root)
            .then(|| self.node_for(root.clone()));
        self.resources_out[i as usize] = Resource {
            dynamic_anchors,
            recursive_anchor,
        };
        i
    }

    fn compile_keywords(
        &mut self,
        m: &Map<String, Value>,
        loc: &Loc,
        at: &str,
        info: &Info,
    ) -> Result<Keywords, CompileError> {
        let d = info.draft;
        let applicator = info.vocab.has(Vocabularies::APPLICATOR);
        let validation = info.vocab.has(Vocabularies::VALIDATION);
        let unevaluated = info.vocab.has(Vocabularies::UNEVALUATED) && d >= Draft::Draft201909;
        let mut out = Keywords::default();
        let only_ref = d.ref_overrides_siblings() && m.contains_key("$ref");
        for &name in KEYWORD_ORDER {
            let Some(v) = m.get(name) else { continue };
            if only_ref && name != "$ref" {
                continue;
            }
            let kw_at = pointer::join(at, name);
            let bad = |msg: String| err(&kw_at, format!("`{name}` {msg}"));
            let mut push = |name: &'static str, kind: KwKind| {
                out.list.push(Kw {
                    name,
                    loc: kw_at.clone().into(),
                    kind,
                })
            };
            match name {
                "type" if validation => push(
                    name,
                    KwKind::Type(keywords::type_::compile(v).map_err(bad)?),
                ),
                "const" if validation && d >= Draft::Draft6 => {
                    push(name, KwKind::Const(keywords::const_::compile(v)))
                }
                "enum" if validation => push(
                    name,
                    KwKind::Enum(keywords::enum_::compile(v).map_err(bad)?),
                ),
                "minimum" | "maximum" if validation => {
                    let exclusive_name = if name == "minimum" {
                        "exclusiveMinimum"
                    } else {
                        "exclusiveMaximum"
                    };
                    let exclusive =
                        d == Draft::Draft4 && m.get(exclusive_name) == Some(&Value::Bool(true));
                    let kind = match (name, exclusive) {
                        ("minimum", false) => BoundKind::Minimum,
                        ("minimum", true) => BoundKind::ExclusiveMinimum,
                        (_, false) => BoundKind::Maximum,
                        (_, true) => BoundKind::ExclusiveMaximum,
                    };
                    push(
                        name,
                        KwKind::Bound(keywords::bounds::compile(kind, v).map_err(bad)?),
                    )
                }
                "exclusiveMinimum" | "exclusiveMaximum" if validation => {
                    if d == Draft::Draft4 {
                        if !v.is_boolean() {
                            return Err(bad("must be a boolean in draft 4".to_owned()));
                        }
                        continue;
                    }
                    let kind = if name == "exclusiveMinimum" {
                        BoundKind::ExclusiveMinimum
                    } else {
                        BoundKind::ExclusiveMaximum
                    };
                    push(
                        name,
                        KwKind::Bound(keywords::bounds::compile(kind, v).map_err(bad)?),
                    )
                }
                "multipleOf" if validation => push(
                    name,
                    KwKind::MultipleOf(keywords::multiple_of::compile(v).map_err(bad)?),
                ),
                "minLength" | "maxLength" if validation => {
                    let limit = keywords::as_count(v).map_err(bad)?;
                    push(
                        name,
                        KwKind::Length(keywords::length::Length {
                            max: name == "maxLength",
                            limit,
                        }),
                    )
                }
                "pattern" if validation => {
                    let s = v
                        .as_str()
                        .ok_or_else(|| bad("must be a string".to_owned()))?;
                    push(
                        name,
                        KwKind::Pattern(keywords::pattern::compile(s).map_err(bad)?),
                    )
                }
                "format" => {
                    let s = v
                        .as_str()
                        .ok_or_else(|| bad("must be a string".to_owned()))?;
                    if self.opts.assert_formats || info.vocab.has(Vocabularies::FORMAT_ASSERTION) {
                        push(
                            name,
                            KwKind::Format(keywords::format::Format { name: s.into() }),
                        )
                    }
                }
                "required" if validation => {
                    let r = keywords::required::compile(v).map_err(bad)?;
                    if !r.names.is_empty() {
                        push(name, KwKind::Required(r))
                    }
                }
                "minProperties" | "maxProperties" if validation => {
                    let limit = keywords::as_count(v).map_err(bad)?;
                    push(
                        name,
                        KwKind::PropertyCount(keywords::count::Count {
                            max: name == "maxProperties",
                            limit,
                        }),
                    )
                }
                "minItems" | "maxItems" if validation => {
                    let limit = keywords::as_count(v).map_err(bad)?;
                    push(
                        name,
                        KwKind::ItemCount(keywords::count::Count {
                            max: name == "maxItems",
                            limit,
                        }),
                    )
                }
                "dependentRequired" if validation && d >= Draft::Draft201909 => {
                    let obj = v
                        .as_object()
                        .ok_or_else(|| bad("must be an object".to_owned()))?;
                    let mut entries = Vec::new();
                    for (k, names) in obj {
                        entries.push((
                            k.as_str().into(),
                            keywords::required::string_list(names).map_err(&bad)?,
                        ));
                    }
                    push(
                        name,
                        KwKind::DependentRequired(
                            keywords::dependent_required::DependentRequired { entries },
                        ),
                    )
                }
                "uniqueItems" if validation => match v {
                    Value::Bool(true) => push(name, KwKind::UniqueItems),
                    Value::Bool(false) => {}
                    _ => return Err(bad("must be a boolean".to_owned())),
                },
                "properties" if applicator => {
                    let obj = v
                        .as_object()
                        .ok_or_else(|| bad("must be an object".to_owned()))?;
                    let mut list = Vec::with_capacity(obj.len());
                    for k in obj.keys() {
                        list.push((k.as_str().into(), self.child(loc, info, &[name, k])?));
                    }
                    push(
                        name,
                        KwKind::Properties(keywords::properties::Properties::new(list)),
                    )
                }
                "patternProperties" if applicator => {
                    let obj = v
                        .as_object()
                        .ok_or_else(|| bad("must be an object".to_owned()))?;
                    let mut list = Vec::with_capacity(obj.len());
                    for k in obj.keys() {
                        let p = keywords::pattern::compile(k).map_err(&bad)?;
                        list.push((p, self.child(loc, info, &[name, k])?));
                    }
                    push(name, KwKind::PatternProperties(list))
                }
                "additionalProperties" if applicator => push(
                    name,
                    KwKind::AdditionalProperties(self.child(loc, info, &[name])?),
                ),
                "propertyNames" if applicator && d >= Draft::Draft6 => {
                    push(name, KwKind::PropertyNames(self.child(loc, info, &[name])?))
                }
                "prefixItems" if applicator && d >= Draft::Draft202012 => {
                    let list = self.schema_list(v, loc, info, name).map_err(bad)?;
                    push(name, KwKind::PrefixItems(list?))
                }
                "items" if applicator => {
                    if v.is_array() {
                        if d >= Draft::Draft202012 {
                            return Err(bad(
                                "must be a schema in draft 2020-12 (use `prefixItems` for arrays)"
                                    .to_owned(),
                            ));
                        }
                        let list = self.schema_list(v, loc, info, name).map_err(bad)?;
                        push(name, KwKind::PrefixItems(list?))
                    } else {
                        let start = if d >= Draft::Draft202012 {
                            m.get("prefixItems")
                                .and_then(Value::as_array)
                                .map_or(0, Vec::len)
                        } else {
                            0
                        };
                        push(
                            name,
                            KwKind::Items {
                                start,
                                node: self.child(loc, info, &[name])?,
                            },
                        )
                    }
                }
                "additionalItems" if applicator && d < Draft::Draft202012 => {
                    if let Some(items) = m.get("items").and_then(Value::as_array) {
                        push(
                            name,
                            KwKind::Items {
                                start: items.len(),
                                node: self.child(loc, info, &[name])?,
                            },
                        )
                    }
                }
                "contains" if applicator && d >= Draft::Draft6 => {
                    let node = self.child(loc, info, &[name])?;
                    let bound = |k: &str| -> Result<Option<u64>, CompileError> {
                        if d < Draft::Draft201909 || !validation {
                            return Ok(None);
                        }
                        m.get(k)
                            .map(|x| {
                                keywords::as_count(x)
                                    .map_err(|e| err(&pointer::join(at, k), format!("`{k}` {e}")))
                            })
                            .transpose()
                    };
                    let min = bound("minContains")?.unwrap_or(1);
                    let max = bound("maxContains")?;
                    push(
                        name,
                        KwKind::Contains(keywords::contains::Contains { node, min, max }),
                    )
                }
                "dependencies" => {
                    let obj = v
                        .as_object()
                        .ok_or_else(|| bad("must be an object".to_owned()))?;
                    let mut req = Vec::new();
                    let mut schemas = Vec::new();
                    for (k, dep) in obj {
                        if dep.is_array() {
                            req.push((
                                k.as_str().into(),
                                keywords::required::string_list(dep).map_err(&bad)?,
                            ));
                        } else {
                            schemas.push((k.as_str().into(), self.child(loc, info, &[name, k])?));
                        }
                    }
                    if !req.is_empty() {
                        push(
                            name,
                            KwKind::DependentRequired(
                                keywords::dependent_required::DependentRequired { entries: req },
                            ),
                        );
                    }
                    if !schemas.is_empty() {
                        push(name, KwKind::DependentSchemas(schemas));
                    }
                }
                "dependentSchemas" if applicator && d >= Draft::Draft201909 => {
                    let obj = v
                        .as_object()
                        .ok_or_else(|| bad("must be an object".to_owned()))?;
                    let mut list = Vec::new();
                    for k in obj.keys() {
                        list.push((k.as_str().into(), self.child(loc, info, &[name, k])?));
                    }
                    push(name, KwKind::DependentSchemas(list))
                }
                "$ref" => {
                    let r = v
                        .as_str()
                        .ok_or_else(|| bad("must be a string".to_owned()))?;
                    let target = self.resolve_ref(info, r).map_err(&bad)?;
                    push(name, KwKind::Ref(self.node_for(target)))
                }
                "$dynamicRef" if d >= Draft::Draft202012 => {
                    let r = v
                        .as_str()
                        .ok_or_else(|| bad("must be a string".to_owned()))?;
                    let target = self.resolve_ref(info, r).map_err(&bad)?;
                    let (_, frag) = uri::split_fragment(r);
                    let doc = self.docs[target.0].1.clone();
                    let bookends = !frag.starts_with('/')
                        && !frag.is_empty()
                        && pointer::resolve(&doc, &target.1)
                            .and_then(|t| t.get("$dynamicAnchor"))
                            .and_then(Value::as_str)
                            == Some(frag);
                    let anchor = bookends.then(|| frag.into());
                    push(
                        name,
                        KwKind::DynamicRef {
                            target: self.node_for(target),
                            anchor,
                        },
                    )
                }
                "$recursiveRef" if d == Draft::Draft201909 => {
                    let r = v
                        .as_str()
                        .ok_or_else(|| bad("must be a string".to_owned()))?;
                    let target = self.resolve_ref(info, r).map_err(&bad)?;
                    let dynamic = self.recursive_anchors.contains(&target);
                    push(
                        name,
                        KwKind::RecursiveRef {
                            target: self.node_for(target),
                            dynamic,
                        },
                    )
                }
                "allOf" | "anyOf" | "oneOf" if applicator => {
                    let list = self.schema_list(v, loc, info, name).map_err(bad)??;
                    if list.is_empty() {
                        return Err(err(&kw_at, format!("`{name}` must be a non-empty array")));
                    }
                    let kind = match name {
                        "allOf" => KwKind::AllOf(list),
                        "anyOf" => KwKind::AnyOf(list),
                        _ => KwKind::OneOf(list),
                    };
                    push(name, kind)
                }
                "not" if applicator => push(name, KwKind::Not(self.child(loc, info, &[name])?)),
                "if" if applicator && d >= Draft::Draft7 => {
                    let cond = self.child(loc, info, &["if"])?;
                    let then = if m.contains_key("then") {
                        Some(self.child(loc, info, &["then"])?)
                    } else {
                        None
                    };
                    let otherwise = if m.contains_key("else") {
                        Some(self.child(loc, info, &["else"])?)
                    } else {
                        None
                    };
                    push(
                        name,
                        KwKind::IfThenElse {
                            cond,
                            then,
                            otherwise,
                        },
                    )
                }
                "unevaluatedProperties" if unevaluated => {
                    out.needs_dom = true;
                    let node = self.child(loc, info, &[name])?;
                    out.list.push(Kw {
                        name,
                        loc: kw_at.clone().into(),
                        kind: KwKind::UnevaluatedProperties(node),
                    })
                }
                "unevaluatedItems" if unevaluated => {
                    out.needs_dom = true;
                    let node = self.child(loc, info, &[name])?;
                    out.list.push(Kw {
                        name,
                        loc: kw_at.clone().into(),
                        kind: KwKind::UnevaluatedItems(node),
                    })
                }
                _ => {}
            }
        }
        // One keyword is the common case; the vector may have grown to four.
        out.list.shrink_to_fit();
        let (mut properties, mut required) = (None, None);
        for kw in &mut out.list {
            match &mut kw.kind {
                KwKind::Properties(p) => properties = Some(p),
                KwKind::Required(r) => required = Some(&*r),
                _ => {}
            }
        }
        if let Some(p) = properties {
            p.link_required(|name| required.and_then(|r| r.position(name)));
        }
        for kw in &out.list {
            match kw.kind {
                KwKind::Properties(_)
                | KwKind::PatternProperties(_)
                | KwKind::AdditionalProperties(_)
                | KwKind::PropertyNames(_)
                | KwKind::Required(_)
                | KwKind::DependentRequired(_)
                | KwKind::DependentSchemas(_)
                | KwKind::PropertyCount(_) => out.object_keywords = true,
                KwKind::PrefixItems(_)
                | KwKind::Items { .. }
                | KwKind::Contains(_)
                | KwKind::ItemCount(_)
                | KwKind::UniqueItems => out.array_keywords = true,
                _ => {}
            }
            let mut children = Vec::new();
            kw.kind.in_place_children(&mut children);
            out.in_place |= !children.is_empty();
            // The byte path numbers branches in 16 bits.
            if children.len() >= usize::from(u16::MAX) {
                return Err(err(
                    &kw.loc,
                    format!("`{}` has too many subschemas", kw.name),
                ));
            }
            // ...and tracks `dependentSchemas` triggers in a 32-bit mask; more go the buffered way.
            if let KwKind::DependentSchemas(list) = &kw.kind {
                out.needs_dom |= list.len() > 32;
            }
            match &kw.kind {
                KwKind::Required(r) => out.required_names = r.names.len() as u32,
                KwKind::DependentRequired(_) | KwKind::DependentSchemas(_) => out.needs_keys = true,
                _ => {}
            }
            out.object_end |= matches!(
                kw.kind,
                KwKind::Required(_) | KwKind::DependentRequired(_) | KwKind::PropertyCount(_)
            );
            out.array_end |= matches!(kw.kind, KwKind::ItemCount(_) | KwKind::Contains(_));
            out.container_start |= matches!(
                kw.kind,
                KwKind::Type(_) | KwKind::Enum(_) | KwKind::Const(_) | KwKind::UniqueItems
            );
        }
        Ok(out)
    }

    #[allow(clippy::type_complexity)]
    fn schema_list(
        &mut self,
        v: &Value,
        loc: &Loc,
        info: &Info,
        name: &str,
    ) -> Result<Result<Vec<NodeId>, CompileError>, String> {
        let a = v.as_array().ok_or("must be an array of schemas")?;
        let mut out = Vec::with_capacity(a.len());
        for i in 0..a.len() {
            match self.child(loc, info, &[name, &i.to_string()]) {
                Ok(n) => out.push(n),
                Err(e) => return Ok(Err(e)),
            }
        }
        Ok(Ok(out))
    }

    /// Rejects cycles through in-place applicators (`$ref`, `allOf`, …) that
    /// would loop forever without consuming any of the instance.
    fn check_cycles(&self) -> Result<(), CompileError> {
        let n = self.nodes.len();
        let mut state = vec![0u8; n]; // 0 new, 1 on stack, 2 done
        let mut children = Vec::new();
        for start in 0..n {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, Vec<NodeId>, usize)> = Vec::new();
            state[start] = 1;
            stack.push((start, self.in_place(start, &mut children), 0));
            while let Some(top) = stack.last_mut() {
                if top.2 < top.1.len() {
                    let next = top.1[top.2] as usize;
                    top.2 += 1;
                    match state[next] {
                        0 => {
                            state[next] = 1;
                            let kids = self.in_place(next, &mut children);
                            stack.push((next, kids, 0));
                        }
                        1 => return Err(err(
                            &self.nodes[next].loc,
                            "`$ref` cycle that never advances into the instance (infinite loop)",
                        )),
                        _ => {}
                    }
                } else {
                    state[top.0] = 2;
                    stack.pop();
                }
            }
        }
        Ok(())
    }

    fn in_place(&self, node: usize, buf: &mut Vec<NodeId>) -> Vec<NodeId> {
        buf.clear();
        if let Body::Keywords(k) = &self.nodes[node].body {
            for kw in &k.list {
                kw.kind.in_place_children(buf);
            }
        }
        buf.clone()
    }
}

/// Compile order: cheap checks first; it decides nothing about error order,
/// which is canonical (see `error::sort_errors`).
const KEYWORD_ORDER: &[&str] = &[
    "type",
    "const",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "required",
    "minProperties",
    "maxProperties",
    "dependentRequired",
    "minItems",
    "maxItems",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "prefixItems",
    "items",
    "additionalItems",
    "contains",
    "uniqueItems",
    "dependencies",
    "dependentSchemas",
    "$ref",
    "$dynamicRef",
    "$recursiveRef",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "unevaluatedProperties",
    "unevaluatedItems",
];
