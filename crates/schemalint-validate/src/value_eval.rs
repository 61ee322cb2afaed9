//! The `Value` path: a recursive walk of a `serde_json::Value`.
//!
//! Every check goes through the keyword modules' check and message functions,
//! which the byte path calls too. Annotations for `unevaluated*` are only
//! tracked below a node that has such a keyword.

use crate::error::{ErrorKind, ValidationError};
use crate::keywords::{applicators as msg, describe_value, type_::InstanceType, Scalar};
use crate::node::{Body, Kw, KwKind, NodeId};
use crate::number::{LiteralBuf, Num};
use crate::Validator;
use serde_json::{Map, Value};

/// An instance location, built lazily: rendered only when an error is reported.
#[derive(Clone, Copy)]
pub(crate) enum Path<'a> {
    /// `prefix` is an already rendered pointer (the byte path hands one over).
    Root {
        prefix: &'a str,
    },
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    pub(crate) fn render(&self) -> String {
        let mut parts = Vec::new();
        let mut cur = self;
        let prefix = loop {
            match cur {
                Path::Root { prefix } => break *prefix,
                Path::Key(p, k) => {
                    parts.push(PathPart::Key(k));
                    cur = p;
                }
                Path::Index(p, i) => {
                    parts.push(PathPart::Index(*i));
                    cur = p;
                }
            }
        };
        let mut out = prefix.to_owned();
        for part in parts.iter().rev() {
            match part {
                PathPart::Key(k) => crate::pointer::push_token(&mut out, k),
                PathPart::Index(i) => crate::pointer::push_index(&mut out, *i),
            }
        }
        out
    }
}

enum PathPart<'a> {
    Key(&'a str),
    Index(usize),
}

/// The dynamic scope: schema resources entered so far, innermost first.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'a> {
    pub(crate) resource: u32,
    pub(crate) parent: Option<&'a Scope<'a>>,
}

/// Evaluated members and items, for `unevaluated*`.
#[derive(Default)]
pub(crate) struct Annot {
    props: Vec<bool>,
    items: Vec<bool>,
}

impl Annot {
    fn for_instance(inst: &Value) -> Annot {
        match inst {
            Value::Object(m) => Annot {
                props: vec![false; m.len()],
                items: Vec::new(),
            },
            Value::Array(a) => Annot {
                props: Vec::new(),
                items: vec![false; a.len()],
            },
            _ => Annot::default(),
        }
    }

    fn merge(&mut self, other: &Annot) {
        for (a, b) in self.props.iter_mut().zip(&other.props) {
            *a |= *b;
        }
        for (a, b) in self.items.iter_mut().zip(&other.items) {
            *a |= *b;
        }
    }
}

pub(crate) struct ValueEval<'s> {
    pub(crate) v: &'s Validator,
    pub(crate) errors: Vec<ValidationError>,
    calls: usize,
    call_limit: usize,
    too_deep_reported: bool,
    /// Deep instances continue on a thread with a large stack (see `stack`).
    on_big_stack: bool,
}

pub(crate) fn instance_type(inst: &Value) -> InstanceType {
    match inst {
        Value::Null => InstanceType::Null,
        Value::Bool(_) => InstanceType::Boolean,
        Value::Object(_) => InstanceType::Object,
        Value::Array(_) => InstanceType::Array,
        Value::String(_) => InstanceType::String,
        Value::Number(n) => {
            if n.is_u64() || n.is_i64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                InstanceType::Integer
            } else {
                InstanceType::Number
            }
        }
    }
}

fn keyword_error(kw: &Kw, path: &Path<'_>, message: String) -> ValidationError {
    ValidationError {
        instance_pointer: path.render(),
        schema_pointer: kw.loc.to_string(),
        keyword: kw.name,
        message,
        range: None,
        kind: ErrorKind::Keyword,
    }
}

impl<'s> ValueEval<'s> {
    pub(crate) fn new(v: &'s Validator) -> ValueEval<'s> {
        ValueEval {
            v,
            errors: Vec::new(),
            calls: 0,
            call_limit: v.max_depth.saturating_mul(4).max(64),
            too_deep_reported: false,
            on_big_stack: false,
        }
    }

    fn report(
        &mut self,
        collect: bool,
        kw: &Kw,
        path: &Path<'_>,
        message: impl FnOnce() -> String,
    ) {
        if collect {
            self.errors.push(keyword_error(kw, path, message()));
        }
    }

    /// Evaluates `node` against `inst`; `annot` is `Some` when an enclosing
    /// `unevaluated*` needs to know what was evaluated.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn eval(
        &mut self,
        node: NodeId,
        inst: &Value,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        annot: Option<&mut Annot>,
        depth: usize,
    ) -> bool {
        if depth >= crate::stack::HOP_DEPTH && !self.on_big_stack {
            self.on_big_stack = true;
            let max_depth = self.v.max_depth;
            let hopped = crate::stack::on_big_stack(max_depth, || {
                self.eval(node, inst, path, scope, collect, annot, depth)
            });
            self.on_big_stack = false;
            return hopped.unwrap_or(false);
        }
        let n = &self.v.nodes[node as usize];
        let k = match &n.body {
            Body::Bool(true) => return true,
            Body::Bool(false) => {
                if collect {
                    self.errors.push(ValidationError {
                        instance_pointer: path.render(),
                        schema_pointer: n.loc.to_string(),
                        keyword: "false",
                        message: msg::false_schema_message(&describe_value(inst)),
                        range: None,
                        kind: ErrorKind::Keyword,
                    });
                }
                return false;
            }
            Body::Keywords(k) => k,
        };
        if depth > self.v.max_depth || self.calls > self.call_limit {
            if collect && !self.too_deep_reported {
                self.too_deep_reported = true;
                self.errors.push(ValidationError {
                    instance_pointer: path.render(),
                    schema_pointer: n.loc.to_string(),
                    keyword: "",
                    message: format!(
                        "instance nests deeper than the limit of {}",
                        self.v.max_depth
                    ),
                    range: None,
                    kind: ErrorKind::TooDeep {
                        limit: self.v.max_depth,
                    },
                });
            }
            return false;
        }
        self.calls += 1;
        let inner_scope;
        let scope = match n.resource {
            Some(r) if scope.is_none_or(|s| s.resource != r) => {
                inner_scope = Scope {
                    resource: r,
                    parent: scope,
                };
                Some(&inner_scope)
            }
            _ => scope,
        };
        // A node with `unevaluated*` tracks its own annotations even when the parent does not.
        let mut local = (annot.is_none() && k.needs_dom).then(|| Annot::for_instance(inst));
        let annot: Option<&mut Annot> = match annot {
            Some(a) => Some(a),
            None => local.as_mut(),
        };
        let valid = self.eval_keywords(&k.list, inst, path, scope, collect, annot, depth);
        self.calls -= 1;
        valid
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_keywords(
        &mut self,
        list: &'s [Kw],
        inst: &Value,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        mut annot: Option<&mut Annot>,
        depth: usize,
    ) -> bool {
        let tracking = annot.is_some();
        let mut valid = true;
        for kw in list {
            if !valid && !collect {
                return false;
            }
            let ok = match &kw.kind {
                KwKind::Type(t) => {
                    let ok = t.matches(instance_type(inst));
                    if !ok {
                        self.report(collect, kw, path, || t.message(&describe_value(inst)));
                    }
                    ok
                }
                KwKind::Enum(e) => {
                    let ok = e.check_value(inst);
                    if !ok {
                        self.report(collect, kw, path, || e.message(&describe_value(inst)));
                    }
                    ok
                }
                KwKind::Const(c) => {
                    let ok = c.check_value(inst);
                    if !ok {
                        self.report(collect, kw, path, || c.message(&describe_value(inst)));
                    }
                    ok
                }
                KwKind::MultipleOf(_) | KwKind::Bound(_) => match inst {
                    Value::Number(num) => {
                        let mut buf = LiteralBuf::new();
                        let num = Num::parse(buf.write_number(num));
                        self.check_number(kw, &num, path, collect)
                    }
                    _ => true,
                },
                KwKind::Length(_) | KwKind::Pattern(_) | KwKind::Format(_) => match inst {
                    Value::String(s) => self.check_string(kw, s, path, collect),
                    _ => true,
                },
                KwKind::Ref(t) => {
                    self.in_place(*t, inst, path, scope, collect, annot.as_deref_mut(), depth)
                }
                KwKind::DynamicRef { target, anchor } => {
                    let t = self.v.resolve_dynamic(*target, anchor.as_deref(), scope);
                    self.in_place(t, inst, path, scope, collect, annot.as_deref_mut(), depth)
                }
                KwKind::RecursiveRef { target, dynamic } => {
                    let t = self.v.resolve_recursive(*target, *dynamic, scope);
                    self.in_place(t, inst, path, scope, collect, annot.as_deref_mut(), depth)
                }
                KwKind::AllOf(list) => {
                    let mut ok = true;
                    for &c in list {
                        ok &= self.in_place(
                            c,
                            inst,
                            path,
                            scope,
                            collect,
                            annot.as_deref_mut(),
                            depth,
                        );
                        if !ok && !collect {
                            break;
                        }
                    }
                    ok
                }
                KwKind::AnyOf(list) => {
                    let mut ok = false;
                    for &c in list {
                        if self.in_place(c, inst, path, scope, false, annot.as_deref_mut(), depth) {
                            ok = true;
                            if !tracking {
                                break;
                            }
                        }
                    }
                    if !ok {
                        self.report(collect, kw, path, || {
                            msg::any_of_message(&describe_value(inst), list.len())
                        });
                    }
                    ok
                }
                KwKind::OneOf(list) => {
                    let mut matched = Vec::new();
                    let mut branch_annot = None;
                    for (i, &c) in list.iter().enumerate() {
                        let mut a = tracking.then(|| Annot::for_instance(inst));
                        if self.eval(c, inst, path, scope, false, a.as_mut(), depth) {
                            matched.push(i);
                            branch_annot = a;
                            if matched.len() > 1 && !collect {
                                break;
                            }
                        }
                    }
                    let ok = matched.len() == 1;
                    if ok {
                        if let (Some(dst), Some(src)) = (annot.as_deref_mut(), &branch_annot) {
                            dst.merge(src);
                        }
                    } else {
                        self.report(collect, kw, path, || {
                            msg::one_of_message(&describe_value(inst), &matched, list.len())
                        });
                    }
                    ok
                }
                KwKind::Not(c) => {
                    let ok = !self.eval(*c, inst, path, scope, false, None, depth);
                    if !ok {
                        self.report(collect, kw, path, || {
                            msg::not_message(&describe_value(inst))
                        });
                    }
                    ok
                }
                KwKind::IfThenElse {
                    cond,
                    then,
                    otherwise,
                } => {
                    let holds =
                        self.in_place(*cond, inst, path, scope, false, annot.as_deref_mut(), depth);
                    let branch = if holds { then } else { otherwise };
                    match branch {
                        Some(b) => self.in_place(
                            *b,
                            inst,
                            path,
                            scope,
                            collect,
                            annot.as_deref_mut(),
                            depth,
                        ),
                        None => true,
                    }
                }
                _ => match inst {
                    Value::Object(m) => self.object_keyword(
                        kw,
                        list,
                        m,
                        path,
                        scope,
                        collect,
                        annot.as_deref_mut(),
                        depth,
                    ),
                    Value::Array(a) => {
                        self.array_keyword(kw, a, path, scope, collect, annot.as_deref_mut(), depth)
                    }
                    _ => true,
                },
            };
            valid &= ok;
        }
        valid
    }

    /// Applies `node` to the same instance; merges its annotations only if it passes.
    #[allow(clippy::too_many_arguments)]
    fn in_place(
        &mut self,
        node: NodeId,
        inst: &Value,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        annot: Option<&mut Annot>,
        depth: usize,
    ) -> bool {
        match annot {
            None => self.eval(node, inst, path, scope, collect, None, depth),
            Some(dst) => {
                let mut a = Annot::for_instance(inst);
                let ok = self.eval(node, inst, path, scope, collect, Some(&mut a), depth);
                if ok {
                    dst.merge(&a);
                }
                ok
            }
        }
    }

    pub(crate) fn check_number(
        &mut self,
        kw: &Kw,
        num: &Num<'_>,
        path: &Path<'_>,
        collect: bool,
    ) -> bool {
        match &kw.kind {
            KwKind::MultipleOf(m) => {
                let ok = m.check(num);
                if !ok {
                    self.report(collect, kw, path, || m.message(num));
                }
                ok
            }
            KwKind::Bound(b) => {
                let ok = b.check(num);
                if !ok {
                    self.report(collect, kw, path, || b.message(num));
                }
                ok
            }
            _ => true,
        }
    }

    pub(crate) fn check_string(
        &mut self,
        kw: &Kw,
        s: &str,
        path: &Path<'_>,
        collect: bool,
    ) -> bool {
        match &kw.kind {
            KwKind::Length(l) => {
                let ok = l.check(s);
                if !ok {
                    self.report(collect, kw, path, || l.message(s));
                }
                ok
            }
            KwKind::Pattern(p) => match p.matches(s) {
                Ok(true) => true,
                Ok(false) => {
                    self.report(collect, kw, path, || p.message(s));
                    false
                }
                Err(()) => {
                    if collect {
                        let mut e = keyword_error(kw, path, p.limit_message(s));
                        e.kind = ErrorKind::PatternLimit;
                        self.errors.push(e);
                    }
                    false
                }
            },
            KwKind::Format(f) => {
                let ok = f.check(s);
                if !ok {
                    self.report(collect, kw, path, || f.message(s));
                }
                ok
            }
            _ => true,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn object_keyword(
        &mut self,
        kw: &Kw,
        siblings: &'s [Kw],
        m: &Map<String, Value>,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        mut annot: Option<&mut Annot>,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        match &kw.kind {
            KwKind::Properties(props) => {
                for (i, (key, val)) in m.iter().enumerate() {
                    if let Some(c) = props.get(key) {
                        ok &= self.eval(
                            c,
                            val,
                            &Path::Key(path, key),
                            scope,
                            collect,
                            None,
                            depth + 1,
                        );
                        if let Some(a) = annot.as_deref_mut() {
                            a.props[i] = true;
                        }
                        if !ok && !collect {
                            return false;
                        }
                    }
                }
            }
            KwKind::PatternProperties(list) => {
                for (i, (key, val)) in m.iter().enumerate() {
                    for (p, c) in list {
                        if p.matches(key) == Ok(true) {
                            ok &= self.eval(
                                *c,
                                val,
                                &Path::Key(path, key),
                                scope,
                                collect,
                                None,
                                depth + 1,
                            );
                            if let Some(a) = annot.as_deref_mut() {
                                a.props[i] = true;
                            }
                        }
                    }
                    if !ok && !collect {
                        return false;
                    }
                }
            }
            KwKind::AdditionalProperties(c) => {
                let (props, patterns) = crate::sibling_property_matchers(siblings);
                for (i, (key, val)) in m.iter().enumerate() {
                    if crate::is_declared(props, patterns, key) {
                        continue;
                    }
                    if let Some(a) = annot.as_deref_mut() {
                        a.props[i] = true;
                    }
                    ok &= self.member(kw, *c, key, val, path, scope, collect, depth);
                    if !ok && !collect {
                        return false;
                    }
                }
            }
            KwKind::UnevaluatedProperties(c) => {
                let marks = annot
                    .as_deref_mut()
                    .map(|a| std::mem::take(&mut a.props))
                    .unwrap_or_default();
                for (i, (key, val)) in m.iter().enumerate() {
                    if marks.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    ok &= self.member(kw, *c, key, val, path, scope, collect, depth);
                }
                if let Some(a) = annot.as_deref_mut() {
                    a.props = vec![true; m.len()];
                }
            }
            KwKind::PropertyNames(c) => {
                for key in m.keys() {
                    let name = Value::String(key.clone());
                    if !self.eval(
                        *c,
                        &name,
                        &Path::Key(path, key),
                        scope,
                        false,
                        None,
                        depth + 1,
                    ) {
                        ok = false;
                        self.report(collect, kw, &Path::Key(path, key), || {
                            msg::property_names_message(key)
                        });
                    }
                }
            }
            KwKind::Required(r) => {
                for name in &r.names {
                    if !m.contains_key(&**name) {
                        ok = false;
                        self.report(collect, kw, path, || {
                            crate::keywords::required::message(name)
                        });
                    }
                }
            }
            KwKind::DependentRequired(d) => {
                for (trigger, names) in &d.entries {
                    if m.contains_key(&**trigger) {
                        for name in names {
                            if !m.contains_key(&**name) {
                                ok = false;
                                self.report(collect, kw, path, || {
                                    crate::keywords::dependent_required::message(trigger, name)
                                });
                            }
                        }
                    }
                }
            }
            KwKind::DependentSchemas(list) => {
                for (trigger, c) in list {
                    if m.contains_key(&**trigger) {
                        ok &= self.in_place_object(
                            *c,
                            m,
                            path,
                            scope,
                            collect,
                            annot.as_deref_mut(),
                            depth,
                        );
                    }
                }
            }
            KwKind::PropertyCount(count) if !count.check(m.len() as u64) => {
                ok = false;
                self.report(collect, kw, path, || {
                    count.message(m.len() as u64, "properties")
                });
            }
            _ => {}
        }
        ok
    }

    /// `dependentSchemas` applies to the object itself; re-wrapping it would copy,
    /// so the object is evaluated through a borrowed view.
    #[allow(clippy::too_many_arguments)]
    fn in_place_object(
        &mut self,
        node: NodeId,
        m: &Map<String, Value>,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        annot: Option<&mut Annot>,
        depth: usize,
    ) -> bool {
        // serde_json offers no borrowed `Value::Object`; the copy happens only when
        // a `dependentSchemas` trigger is present.
        let owned = Value::Object(m.clone());
        self.in_place(node, &owned, path, scope, collect, annot, depth)
    }

    /// One object member checked by `additionalProperties`/`unevaluatedProperties`.
    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        kw: &Kw,
        c: NodeId,
        key: &str,
        val: &Value,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        depth: usize,
    ) -> bool {
        let child = Path::Key(path, key);
        if matches!(self.v.nodes[c as usize].body, Body::Bool(false)) {
            self.report(collect, kw, &child, || {
                msg::extra_property_message(kw.name, key)
            });
            return false;
        }
        self.eval(c, val, &child, scope, collect, None, depth + 1)
    }

    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        kw: &Kw,
        c: NodeId,
        i: usize,
        val: &Value,
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        depth: usize,
    ) -> bool {
        let child = Path::Index(path, i);
        if matches!(self.v.nodes[c as usize].body, Body::Bool(false)) {
            self.report(collect, kw, &child, || msg::extra_item_message(kw.name, i));
            return false;
        }
        self.eval(c, val, &child, scope, collect, None, depth + 1)
    }

    #[allow(clippy::too_many_arguments)]
    fn array_keyword(
        &mut self,
        kw: &Kw,
        a: &[Value],
        path: &Path<'_>,
        scope: Option<&Scope<'_>>,
        collect: bool,
        mut annot: Option<&mut Annot>,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        match &kw.kind {
            KwKind::PrefixItems(list) => {
                for (i, (c, val)) in list.iter().zip(a).enumerate() {
                    ok &= self.eval(
                        *c,
                        val,
                        &Path::Index(path, i),
                        scope,
                        collect,
                        None,
                        depth + 1,
                    );
                    if let Some(an) = annot.as_deref_mut() {
                        an.items[i] = true;
                    }
                    if !ok && !collect {
                        return false;
                    }
                }
            }
            KwKind::Items { start, node } => {
                for (i, val) in a.iter().enumerate().skip(*start) {
                    ok &= self.item(kw, *node, i, val, path, scope, collect, depth);
                    if let Some(an) = annot.as_deref_mut() {
                        an.items[i] = true;
                    }
                    if !ok && !collect {
                        return false;
                    }
                }
            }
            KwKind::UnevaluatedItems(c) => {
                let marks = annot
                    .as_deref_mut()
                    .map(|an| std::mem::take(&mut an.items))
                    .unwrap_or_default();
                for (i, val) in a.iter().enumerate() {
                    if marks.get(i).copied().unwrap_or(false) {
                        continue;
                    }
                    ok &= self.item(kw, *c, i, val, path, scope, collect, depth);
                }
                if let Some(an) = annot.as_deref_mut() {
                    an.items = vec![true; a.len()];
                }
            }
            KwKind::Contains(c) => {
                let mut matched = 0u64;
                for (i, val) in a.iter().enumerate() {
                    if self.eval(
                        c.node,
                        val,
                        &Path::Index(path, i),
                        scope,
                        false,
                        None,
                        depth + 1,
                    ) {
                        matched += 1;
                        if let Some(an) = annot.as_deref_mut() {
                            an.items[i] = true;
                        }
                    }
                }
                if !c.check(matched) {
                    ok = false;
                    self.report(collect, kw, path, || c.message(matched));
                }
            }
            KwKind::ItemCount(count) if !count.check(a.len() as u64) => {
                ok = false;
                self.report(collect, kw, path, || count.message(a.len() as u64, "items"));
            }
            KwKind::UniqueItems => {
                if let Some((i, j)) = crate::keywords::unique_items::first_duplicate(a) {
                    ok = false;
                    self.report(collect, kw, path, || {
                        crate::keywords::unique_items::message(i, j)
                    });
                }
            }
            _ => {}
        }
        ok
    }
}

/// Scalar facts of a `Value`, as the byte path sees them.
#[allow(dead_code)]
pub(crate) fn scalar_of<'a>(inst: &'a Value, buf: &'a mut LiteralBuf) -> Option<Scalar<'a>> {
    Some(match inst {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => Scalar::Number(Num::parse(buf.write_number(n))),
        Value::String(s) => Scalar::String(s),
        _ => return None,
    })
}
