//! The byte path: one pass over the input, no DOM.
//!
//! For each instance value, the schema nodes that apply to it ("applications")
//! are expanded through the in-place applicators (`$ref`, `allOf`, `anyOf`,
//! `oneOf`, `not`, `if`/`then`/`else`, `dependentSchemas`) into a tree of
//! *slots*. Every slot sees the same token events, so the branches of
//! `anyOf`/`oneOf` advance side by side and the bytes are read once. Object
//! members and array items become child applications evaluated recursively
//! (recursion bounded by `max_depth`). When the value ends, slot results are
//! combined bottom-up and the errors of branches that do not count (the
//! untaken `then`/`else`, an untriggered `dependentSchemas`) are dropped.
//!
//! Keywords that need the whole value (`uniqueItems`, `enum`/`const` with
//! containers) re-read its bytes into a `Value`; nodes with `unevaluated*`
//! evaluate the buffered value with the `Value` path. All checks and messages
//! come from the same keyword functions as the `Value` path.

use crate::error::{ErrorKind, OpenContainer, ValidationError};
use crate::keywords::{applicators as msg, type_::InstanceType, Scalar};
use crate::node::{Body, Keywords, Kw, KwKind, NodeId};
use crate::number::Num;
use crate::tokenizer::{build_value, decode_string, Lexer, Str, SyntaxError};
use crate::value_eval::{Path, ValueEval};
use crate::Validator;
use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

mod fast;

const NONE: u32 = u32::MAX;

/// Work buffers kept per thread between calls, so a validation allocates nothing
/// on the valid path once warm.
#[derive(Default)]
struct Buffers {
    slots: Vec<Slot>,
    apps: Vec<App>,
    bits: Vec<u64>,
    keys: Vec<String>,
    path: Vec<Seg>,
    scratch: String,
}

thread_local! {
    static SPARE: Cell<Option<Buffers>> = const { Cell::new(None) };
}

/// Buffers bigger than this are dropped rather than kept (one huge document
/// should not pin memory).
const KEEP_CAPACITY: usize = 1 << 16;

impl Drop for ByteEval<'_, '_> {
    fn drop(&mut self) {
        if self.slots.capacity() > KEEP_CAPACITY || self.lx.scratch.capacity() > KEEP_CAPACITY {
            return;
        }
        let mut b = Buffers {
            slots: std::mem::take(&mut self.slots),
            apps: std::mem::take(&mut self.apps),
            bits: std::mem::take(&mut self.bits),
            keys: std::mem::take(&mut self.keys),
            path: std::mem::take(&mut self.path),
            scratch: std::mem::take(&mut self.lx.scratch),
        };
        b.slots.clear();
        b.apps.clear();
        b.bits.clear();
        b.keys.clear();
        b.path.clear();
        b.scratch.clear();
        SPARE.with(|c| c.set(Some(b)));
    }
}
const PLAIN: u16 = u16::MAX;

/// One schema node (or one multi-branch keyword) applied to the current value.
struct Slot {
    node: NodeId,
    /// For groups: the keyword's index in the node's list.
    kw: u16,
    is_group: bool,
    parent: u32,
    /// Branch index within a group parent, or `PLAIN` under a node parent.
    branch: u16,
    collect: bool,
    valid: bool,
    kept: bool,
    /// The application (index into `apps`) this slot tree serves.
    app: u32,
    /// One past the last slot of this slot's subtree.
    end: u32,
    /// `contains` matches so far.
    count: u32,
    /// Start of this slot's `required` bit words in `bits`.
    bits: u32,
}

/// A request to evaluate `node` against the next value.
#[derive(Clone, Copy)]
struct App {
    node: NodeId,
    collect: bool,
    owner: u32,
    contains: bool,
    valid: bool,
}

enum Seg {
    Key(Range<usize>),
    Index(usize),
}

pub(crate) enum Stop {
    Syntax(SyntaxError),
    TooDeep,
}

impl From<SyntaxError> for Stop {
    fn from(e: SyntaxError) -> Stop {
        match e {
            SyntaxError::TooDeep => Stop::TooDeep,
            e => Stop::Syntax(e),
        }
    }
}

pub(crate) struct ByteEval<'v, 'a> {
    v: &'v Validator,
    lx: Lexer<'a>,
    slots: Vec<Slot>,
    apps: Vec<App>,
    bits: Vec<u64>,
    keys: Vec<String>,
    /// Errors with the slot that owns them (re-tagged as values finish).
    errors: Vec<(u32, ValidationError)>,
    path: Vec<Seg>,
    /// Values re-read into a `Value` (for tests of the one-pass property).
    pub(crate) buffered: usize,
    /// Deep instances continue on a thread with a large stack (see `stack`).
    on_big_stack: bool,
    /// Group slots created so far (a frame without groups finishes fast).
    groups: u64,
}

type Res<T> = Result<T, Stop>;

/// Per application: its verdict; the errors; or the error that stopped reading.
pub(crate) type NodeVerdicts = Result<(Vec<bool>, Vec<ValidationError>), Box<ValidationError>>;

impl<'v, 'a> ByteEval<'v, 'a> {
    pub(crate) fn new(v: &'v Validator, bytes: &'a [u8]) -> ByteEval<'v, 'a> {
        let b = SPARE.with(Cell::take).unwrap_or_default();
        let mut lx = Lexer::new(bytes);
        lx.scratch = b.scratch;
        ByteEval {
            v,
            lx,
            slots: b.slots,
            apps: b.apps,
            bits: b.bits,
            keys: b.keys,
            errors: Vec::new(),
            path: b.path,
            buffered: 0,
            on_big_stack: false,
            groups: 0,
        }
    }

    /// Validates the whole input. `Ok(valid)` or the errors (already sorted by the caller).
    pub(crate) fn run(mut self, collect: bool) -> Result<bool, Vec<ValidationError>> {
        let outcome = self.run_inner(collect);
        match outcome {
            Ok(valid) => {
                if valid {
                    Ok(true)
                } else if collect {
                    Err(std::mem::take(&mut self.errors)
                        .into_iter()
                        .map(|(_, e)| e)
                        .collect())
                } else {
                    Ok(false)
                }
            }
            Err(stop) => Err(vec![self.stop_error(stop)]),
        }
    }

    pub(crate) fn run_inner(&mut self, collect: bool) -> Res<bool> {
        if self.lx.bytes.starts_with(b"\xEF\xBB\xBF") {
            return Err(Stop::Syntax(SyntaxError::Malformed {
                offset: 0,
                message: "byte order mark before the JSON text",
            }));
        }
        if self.lx.peek().is_none() {
            return Err(Stop::Syntax(SyntaxError::Eof));
        }
        let root = self.v.root;
        let valid = if self.v.uses_dynamic_scope {
            // `$dynamicRef` depends on the dynamic scope of the whole walk.
            let range = self.lx.skip_value(self.v.max_depth)?;
            let value = build_value(
                &self.lx.bytes[range.clone()],
                self.v.max_depth.saturating_add(1),
            )?;
            self.buffered += 1;
            let mut ev = ValueEval::new(self.v);
            let ok = ev.eval(
                root,
                &value,
                &Path::Root { prefix: "" },
                None,
                collect,
                None,
                0,
            );
            for mut e in ev.errors {
                e.range = locate(self.lx.bytes, range.clone(), &e.instance_pointer);
                self.errors.push((NONE, e));
            }
            ok
        } else {
            self.apps.push(App {
                node: self.v.alias[root as usize],
                collect,
                owner: NONE,
                contains: false,
                valid: true,
            });
            self.value(0, 1, 0)?;
            self.apps[0].valid
        };
        if self.lx.peek().is_some() {
            return Err(Stop::Syntax(SyntaxError::Malformed {
                offset: self.lx.pos,
                message: "unexpected characters after the JSON value",
            }));
        }
        Ok(valid)
    }

    fn pointer_at(&self, len: usize) -> String {
        let size: usize = self.path[..len]
            .iter()
            .map(|seg| match seg {
                Seg::Key(r) => r.len(),
                Seg::Index(_) => 8,
            })
            .sum();
        let mut out = String::with_capacity(size);
        for seg in &self.path[..len] {
            match seg {
                Seg::Key(r) => {
                    let raw = &self.lx.bytes[r.start + 1..r.end - 1];
                    match std::str::from_utf8(raw) {
                        // Most keys have no escapes: no decoding, no allocation.
                        Ok(key) if !raw.contains(&b'\\') => {
                            crate::pointer::push_token(&mut out, key)
                        }
                        _ => crate::pointer::push_token(
                            &mut out,
                            &decode_string(&self.lx.bytes[r.clone()]),
                        ),
                    }
                }
                Seg::Index(i) => crate::pointer::push_index(&mut out, *i),
            }
        }
        out
    }

    fn stop_error(&self, stop: Stop) -> ValidationError {
        let len = self.lx.bytes.len();
        match stop {
            Stop::TooDeep | Stop::Syntax(SyntaxError::TooDeep) => crate::error::too_deep(
                self.v.max_depth,
                self.lx.pos,
                self.pointer_at(self.path.len()),
            ),
            Stop::Syntax(SyntaxError::Malformed { offset, message }) => {
                crate::error::malformed(offset, message, len, self.pointer_at(self.path.len()))
            }
            Stop::Syntax(SyntaxError::InvalidUtf8 { offset }) => {
                crate::error::invalid_utf8(offset, len, self.pointer_at(self.path.len()))
            }
            Stop::Syntax(SyntaxError::Eof) => {
                let open: Vec<OpenContainer> = crate::tokenizer::open_containers(self.lx.bytes)
                    .into_iter()
                    .map(|(kind, pointer, offset)| OpenContainer {
                        kind,
                        pointer,
                        offset,
                    })
                    .collect();
                let blank = self.lx.bytes.iter().all(u8::is_ascii_whitespace);
                crate::error::truncated(open, blank, len)
            }
        }
    }

    /// Evaluates `apps` (alias-resolved node, collect) against the one value
    /// that fills `bytes`, at instance depth `depth`: the streaming validator's
    /// way to decide scalars and buffered subtrees exactly as this path does.
    /// Pointers and ranges are relative to `bytes`.
    pub(crate) fn run_nodes(mut self, apps: &[(NodeId, bool)], depth: usize) -> NodeVerdicts {
        for &(node, collect) in apps {
            self.apps.push(App {
                node,
                collect,
                owner: NONE,
                contains: false,
                valid: true,
            });
        }
        match self.value(0, apps.len(), depth) {
            Ok(()) => {
                let verdicts = self.apps[..apps.len()].iter().map(|a| a.valid).collect();
                let errors = std::mem::take(&mut self.errors)
                    .into_iter()
                    .map(|(_, e)| e)
                    .collect();
                Ok((verdicts, errors))
            }
            Err(stop) => Err(Box::new(self.stop_error(stop))),
        }
    }

    fn error(&mut self, owner: u32, kw: &Kw, range: Range<usize>, message: String) {
        if self.errors.capacity() == 0 {
            self.errors.reserve(8);
        }
        let e = ValidationError {
            instance_pointer: self.pointer_at(self.path.len()),
            schema_pointer: kw.loc.to_string(),
            keyword: kw.name,
            message,
            range: Some(range),
            kind: ErrorKind::Keyword,
        };
        self.errors.push((owner, e));
    }

    /// Marks a slot invalid, and its ancestors joined to it by plain conjunction.
    fn fail(&mut self, mut s: u32) {
        loop {
            let slot = &mut self.slots[s as usize];
            slot.valid = false;
            if slot.branch != PLAIN || slot.parent == NONE {
                return;
            }
            s = slot.parent;
        }
    }

    #[inline]
    fn live(&self, s: usize) -> bool {
        let slot = &self.slots[s];
        slot.valid || slot.collect
    }

    /// Pushes the slot tree of `node`; returns `Err` only on runaway expansion.
    fn expand(
        &mut self,
        node: NodeId,
        parent: u32,
        branch: u16,
        collect: bool,
        app: u32,
        depth: usize,
    ) -> Res<bool> {
        if depth > 256 {
            return Err(Stop::TooDeep);
        }
        let v = self.v;
        let idx = self.slots.len() as u32;
        let mut bits = 0u32;
        let mut needs_dom = false;
        let mut in_place = false;
        if let Body::Keywords(k) = &v.nodes[node as usize].body {
            needs_dom = k.needs_dom;
            in_place = k.in_place;
            if k.required_names > 0 {
                bits = self.bits.len() as u32;
                let words = (k.required_names as usize).div_ceil(64);
                self.bits.extend(std::iter::repeat_n(0u64, words));
            }
        }
        self.slots.push(Slot {
            node,
            kw: 0,
            is_group: false,
            parent,
            branch,
            collect,
            valid: true,
            kept: true,
            app,
            end: idx + 1,
            count: 0,
            bits,
        });
        if !in_place {
            return Ok(needs_dom);
        }
        if let Body::Keywords(k) = &v.nodes[node as usize].body {
            for (ki, kw) in k.list.iter().enumerate() {
                match &kw.kind {
                    KwKind::Ref(t)
                    | KwKind::DynamicRef { target: t, .. }
                    | KwKind::RecursiveRef { target: t, .. } => {
                        needs_dom |= self.expand(*t, idx, PLAIN, collect, app, depth + 1)?;
                    }
                    KwKind::AllOf(list) => {
                        for &c in list {
                            needs_dom |= self.expand(c, idx, PLAIN, collect, app, depth + 1)?;
                        }
                    }
                    KwKind::AnyOf(list) | KwKind::OneOf(list) => {
                        let g = self.group(node, ki, idx, collect, app);
                        for (i, &c) in list.iter().enumerate() {
                            needs_dom |= self.expand(c, g, i as u16, false, app, depth + 1)?;
                        }
                        self.slots[g as usize].end = self.slots.len() as u32;
                    }
                    KwKind::Not(c) => {
                        let g = self.group(node, ki, idx, collect, app);
                        needs_dom |= self.expand(*c, g, 0, false, app, depth + 1)?;
                        self.slots[g as usize].end = self.slots.len() as u32;
                    }
                    KwKind::IfThenElse {
                        cond,
                        then,
                        otherwise,
                    } => {
                        let g = self.group(node, ki, idx, collect, app);
                        needs_dom |= self.expand(*cond, g, 0, false, app, depth + 1)?;
                        if let Some(t) = then {
                            needs_dom |= self.expand(*t, g, 1, collect, app, depth + 1)?;
                        }
                        if let Some(e) = otherwise {
                            needs_dom |= self.expand(*e, g, 2, collect, app, depth + 1)?;
                        }
                        self.slots[g as usize].end = self.slots.len() as u32;
                    }
                    KwKind::DependentSchemas(list) => {
                        let g = self.group(node, ki, idx, collect, app);
                        for (i, (_, c)) in list.iter().enumerate() {
                            needs_dom |= self.expand(*c, g, i as u16, collect, app, depth + 1)?;
                        }
                        self.slots[g as usize].end = self.slots.len() as u32;
                    }
                    _ => {}
                }
            }
        }
        self.slots[idx as usize].end = self.slots.len() as u32;
        Ok(needs_dom)
    }

    fn group(&mut self, node: NodeId, kw: usize, parent: u32, collect: bool, app: u32) -> u32 {
        self.groups += 1;
        let g = self.slots.len() as u32;
        self.slots.push(Slot {
            node,
            kw: kw as u16,
            is_group: true,
            parent,
            branch: PLAIN,
            collect,
            valid: true,
            kept: true,
            app,
            end: 0,
            count: 0,
            bits: 0,
        });
        g
    }

    /// The compiled keywords of a node slot (`None` for groups and boolean schemas).
    #[inline]
    fn node_keywords(&self, s: usize) -> Option<&'v Keywords> {
        let v = self.v;
        let slot = &self.slots[s];
        match &v.nodes[slot.node as usize].body {
            Body::Keywords(k) if !slot.is_group => Some(k),
            _ => None,
        }
    }

    fn keywords(&self, s: usize) -> &'v [Kw] {
        let v = self.v;
        match &v.nodes[self.slots[s].node as usize].body {
            Body::Keywords(k) if !self.slots[s].is_group => &k.list,
            _ => &[],
        }
    }

    /// Evaluates the next value against `apps[a0..a1]`, writing their verdicts.
    fn value(&mut self, a0: usize, a1: usize, depth: usize) -> Res<()> {
        if depth > self.v.max_depth {
            return Err(Stop::TooDeep);
        }
        if depth >= crate::stack::HOP_DEPTH && !self.on_big_stack {
            self.on_big_stack = true;
            let max_depth = self.v.max_depth;
            let hopped = crate::stack::on_big_stack(max_depth, || self.value(a0, a1, depth));
            self.on_big_stack = false;
            return hopped.unwrap_or(Err(Stop::TooDeep));
        }
        if a1 == a0 + 1 {
            let app = self.apps[a0];
            if let Some(plan) = &self.v.plans[app.node as usize] {
                let valid = self.fast_value(plan, app.collect, app.owner, depth)?;
                self.apps[a0].valid = valid;
                return Ok(());
            }
            if self.scalar_fast_path(a0)? {
                return Ok(());
            }
        }
        let frame = self.slots.len();
        let bits_mark = self.bits.len();
        let err_mark = self.errors.len();
        let mut needs_dom = false;
        let groups_before = self.groups;
        for a in a0..a1 {
            let app = self.apps[a];
            needs_dom |= self.expand(app.node, NONE, PLAIN, app.collect, a as u32, 0)?;
        }
        let has_groups = self.groups != groups_before;
        let start = match self.lx.peek() {
            Some(_) => self.lx.pos,
            None => return Err(Stop::Syntax(SyntaxError::Eof)),
        };
        if needs_dom {
            self.slots.truncate(frame);
            self.bits.truncate(bits_mark);
            return self.value_via_dom(a0, a1, depth);
        }
        let first = self.lx.bytes[start];
        let capture = match first {
            b'{' => self.object(frame, depth)?,
            b'[' => self.array(frame, depth)?,
            _ => {
                self.scalar(frame)?;
                false
            }
        };
        self.complete_ranges(err_mark, start);
        let range = start..self.lx.pos;
        if capture {
            self.whole_value_checks(frame, range.clone())?;
        }
        if has_groups {
            self.finish(frame, a0, a1, err_mark, range);
        } else {
            self.finish_plain(frame, err_mark);
        }
        self.slots.truncate(frame);
        self.bits.truncate(bits_mark);
        Ok(())
    }

    /// One plain node against a scalar: check it without building a frame.
    /// `Ok(false)` means "take the general path" (not a scalar, applicators,
    /// or a failure whose errors must be reported).
    #[inline]
    fn scalar_fast_path(&mut self, a: usize) -> Res<bool> {
        let v = self.v;
        let app = self.apps[a];
        let Body::Keywords(k) = &v.nodes[app.node as usize].body else {
            return Ok(false);
        };
        if k.in_place || k.needs_dom {
            return Ok(false);
        }
        let start = match self.lx.peek() {
            Some(b'{' | b'[') | None => return Ok(false),
            Some(_) => self.lx.pos,
        };
        let ok = match self.lx.bytes[start] {
            b'"' => match self.lx.string()? {
                Str::Raw(st) => k.list.iter().all(|kw| scalar_ok(kw, &Scalar::String(st))),
                Str::Escaped => {
                    let st = self.lx.scratch.as_str();
                    k.list.iter().all(|kw| scalar_ok(kw, &Scalar::String(st)))
                }
            },
            b't' => {
                self.lx.literal(b"true")?;
                k.list.iter().all(|kw| scalar_ok(kw, &Scalar::Bool(true)))
            }
            b'f' => {
                self.lx.literal(b"false")?;
                k.list.iter().all(|kw| scalar_ok(kw, &Scalar::Bool(false)))
            }
            b'n' => {
                self.lx.literal(b"null")?;
                k.list.iter().all(|kw| scalar_ok(kw, &Scalar::Null))
            }
            b'-' | b'0'..=b'9' => {
                let n = Num::parse(self.lx.number()?);
                k.list.iter().all(|kw| scalar_ok(kw, &Scalar::Number(n)))
            }
            _ => {
                return Err(self
                    .lx
                    .malformed::<()>("expected a JSON value")
                    .unwrap_err()
                    .into())
            }
        };
        if ok || !app.collect {
            self.apps[a].valid = ok;
            return Ok(true);
        }
        // Re-read the scalar on the general path, which reports the errors.
        self.lx.pos = start;
        Ok(false)
    }

    fn value_via_dom(&mut self, a0: usize, a1: usize, depth: usize) -> Res<()> {
        let range = self.lx.skip_value(self.v.max_depth.saturating_sub(depth))?;
        let value = build_value(
            &self.lx.bytes[range.clone()],
            self.v.max_depth.saturating_add(1),
        )?;
        self.buffered += 1;
        let prefix = self.pointer_at(self.path.len());
        for a in a0..a1 {
            let app = self.apps[a];
            let mut ev = ValueEval::new(self.v);
            let ok = ev.eval(
                app.node,
                &value,
                &Path::Root { prefix: &prefix },
                None,
                app.collect,
                None,
                depth,
            );
            self.apps[a].valid = ok;
            for mut e in ev.errors {
                let rel = &e.instance_pointer[prefix.len()..];
                e.range = locate(self.lx.bytes, range.clone(), rel);
                self.errors.push((app.owner, e));
            }
        }
        Ok(())
    }

    /// Reads the scalar at the current position and hands it to `f` with its range.
    fn with_scalar<R>(
        &mut self,
        f: impl FnOnce(&mut Self, &Scalar<'_>, Range<usize>) -> R,
    ) -> Res<R> {
        let b = self.lx.peek().ok_or(SyntaxError::Eof)?;
        let start = self.lx.pos;
        let mut owned: Option<String> = None;
        let scalar = match b {
            b'"' => match self.lx.string()? {
                Str::Raw(s) => Scalar::String(s),
                Str::Escaped => {
                    owned = Some(std::mem::take(&mut self.lx.scratch));
                    Scalar::Null
                }
            },
            b't' => {
                self.lx.literal(b"true")?;
                Scalar::Bool(true)
            }
            b'f' => {
                self.lx.literal(b"false")?;
                Scalar::Bool(false)
            }
            b'n' => {
                self.lx.literal(b"null")?;
                Scalar::Null
            }
            b'-' | b'0'..=b'9' => Scalar::Number(Num::parse(self.lx.number()?)),
            _ => {
                return Err(Stop::Syntax(
                    self.lx
                        .malformed::<()>("expected a JSON value")
                        .unwrap_err(),
                ))
            }
        };
        let scalar = match &owned {
            Some(s) => Scalar::String(s),
            None => scalar,
        };
        let range = start..self.lx.pos;
        let out = f(self, &scalar, range);
        if let Some(s) = owned {
            self.lx.scratch = s;
        }
        Ok(out)
    }

    fn scalar(&mut self, frame: usize) -> Res<()> {
        self.with_scalar(|this, scalar, range| {
            for s in frame..this.slots.len() {
                if this.slots[s].is_group || !this.live(s) {
                    continue;
                }
                let slot = &this.slots[s];
                if !this.check_scalar_node(slot.node, slot.collect, s as u32, scalar, &range) {
                    this.fail(s as u32);
                }
            }
        })
    }

    /// The `false` schema's error for the value at `range`, owned by `owner`.
    fn false_error(&mut self, node: NodeId, owner: u32, range: Range<usize>, described: &str) {
        let e = ValidationError {
            instance_pointer: self.pointer_at(self.path.len()),
            schema_pointer: self.v.nodes[node as usize].loc.to_string(),
            keyword: "false",
            message: msg::false_schema_message(described),
            range: Some(range),
            kind: ErrorKind::Keyword,
        };
        self.errors.push((owner, e));
    }

    /// Checks a scalar against one node's keywords; errors (when `collect`) go to `owner`.
    fn check_scalar_node(
        &mut self,
        node: NodeId,
        collect: bool,
        owner: u32,
        scalar: &Scalar<'_>,
        range: &Range<usize>,
    ) -> bool {
        let list = match &self.v.nodes[node as usize].body {
            Body::Bool(true) => return true,
            Body::Bool(false) => {
                if collect {
                    self.false_error(node, owner, range.clone(), &scalar.describe());
                }
                return false;
            }
            Body::Keywords(k) => &k.list,
        };
        let mut valid = true;
        for kw in list {
            if !collect && !valid {
                return false;
            }
            if scalar_ok(kw, scalar) {
                continue;
            }
            // Messages are built only when they are reported.
            if collect {
                if let Some((message, kind)) = scalar_failure(kw, scalar) {
                    self.error(owner, kw, range.clone(), message);
                    if let Some(last) = self.errors.last_mut() {
                        last.1.kind = kind;
                    }
                }
            }
            valid = false;
        }
        valid
    }

    /// Checks that look only at the container kind (`type`, `false`, `enum`
    /// without container values); returns whether the bytes must be captured.
    fn container_start(&mut self, frame: usize, kind: InstanceType, start: usize) -> bool {
        let v = self.v;
        let mut capture = false;
        let described = if kind == InstanceType::Object {
            "object"
        } else {
            "array"
        };
        let top = self.slots.len();
        for s in frame..top {
            if self.slots[s].is_group {
                continue;
            }
            let collect = self.slots[s].collect;
            let node = &v.nodes[self.slots[s].node as usize];
            let list = match &node.body {
                Body::Bool(true) => continue,
                Body::Keywords(k) if !k.container_start => continue,
                Body::Bool(false) => {
                    if collect {
                        self.false_error(self.slots[s].node, s as u32, start..start, described);
                    }
                    self.fail(s as u32);
                    continue;
                }
                Body::Keywords(k) => &k.list,
            };
            for kw in list {
                let failure = match &kw.kind {
                    KwKind::Type(t) => {
                        (!t.matches(kind)).then(|| lazy(collect, || t.message(described)))
                    }
                    KwKind::Enum(e) if !e.has_containers => {
                        Some(lazy(collect, || e.message(described)))
                    }
                    KwKind::Const(c) if !c.is_container() => {
                        Some(lazy(collect, || c.message(described)))
                    }
                    KwKind::Enum(_) | KwKind::Const(_) => {
                        capture = true;
                        None
                    }
                    KwKind::UniqueItems if kind == InstanceType::Array => {
                        capture = true;
                        None
                    }
                    _ => None,
                };
                if let Some(message) = failure {
                    if collect {
                        self.error(s as u32, kw, start..start, message);
                    }
                    self.fail(s as u32);
                }
            }
        }
        capture
    }

    fn object(&mut self, frame: usize, depth: usize) -> Res<bool> {
        let v = self.v;
        let start = self.lx.pos;
        self.lx.pos += 1;
        let capture = self.container_start(frame, InstanceType::Object, start);
        let top = self.slots.len();
        let keys_mark = self.keys.len();
        let wants_keys = (frame..top).any(|s| self.node_keywords(s).is_some_and(|k| k.needs_keys));
        let mut members: u64 = 0;
        if self.lx.peek() == Some(b'}') {
            self.lx.pos += 1;
        } else {
            loop {
                let (key_range, key) = self.member_key()?;
                members += 1;
                if wants_keys {
                    self.keys.push(key.to_string());
                }
                self.path.push(Seg::Key(key_range));
                let a0 = self.apps.len();
                let err_mark = self.errors.len();
                let value_start = self.lx.peek().map_or(self.lx.pos, |_| self.lx.pos);
                for s in frame..top {
                    if self.slots[s].is_group || !self.live(s) {
                        continue;
                    }
                    let Body::Keywords(k) = &v.nodes[self.slots[s].node as usize].body else {
                        continue;
                    };
                    if !k.object_keywords {
                        continue;
                    }
                    self.member_apps(s, &k.list, &key, value_start, depth);
                }
                if self.apps.len() == a0 {
                    self.lx.skip_value(v.max_depth.saturating_sub(depth))?;
                } else {
                    let a1 = self.apps.len();
                    self.value(a0, a1, depth + 1)?;
                    self.collect_results(a0, a1);
                }
                self.complete_ranges(err_mark, value_start);
                self.apps.truncate(a0);
                self.path.pop();
                if !self.lx.next_or_close(b'}')? {
                    break;
                }
            }
        }
        let range = start..self.lx.pos;
        for s in frame..top {
            if !self.live(s) || !self.node_keywords(s).is_some_and(|k| k.object_end) {
                continue;
            }
            let list = self.keywords(s);
            let collect = self.slots[s].collect;
            for kw in list {
                match &kw.kind {
                    KwKind::Required(r) => {
                        let base = self.slots[s].bits as usize;
                        for (i, name) in r.names.iter().enumerate() {
                            if self.bits[base + i / 64] & (1 << (i % 64)) == 0 {
                                if collect {
                                    self.error(
                                        s as u32,
                                        kw,
                                        range.clone(),
                                        crate::keywords::required::message(name),
                                    );
                                }
                                self.fail(s as u32);
                            }
                        }
                    }
                    KwKind::DependentRequired(d) => {
                        let keys = &self.keys[keys_mark..];
                        let mut missing = Vec::new();
                        for (trigger, names) in &d.entries {
                            if keys.iter().any(|k| **k == **trigger) {
                                for name in names {
                                    if !keys.iter().any(|k| **k == **name) {
                                        missing.push(lazy(collect, || {
                                            crate::keywords::dependent_required::message(
                                                trigger, name,
                                            )
                                        }));
                                    }
                                }
                            }
                        }
                        for m in missing {
                            if collect {
                                self.error(s as u32, kw, range.clone(), m);
                            }
                            self.fail(s as u32);
                        }
                    }
                    KwKind::PropertyCount(c) if !c.check(members) => {
                        if collect {
                            self.error(
                                s as u32,
                                kw,
                                range.clone(),
                                c.message(members, "properties"),
                            );
                        }
                        self.fail(s as u32);
                    }
                    _ => {}
                }
            }
        }
        // `dependentSchemas` groups learn which triggers were present.
        for s in frame..top {
            if !wants_keys || !self.slots[s].is_group {
                continue;
            }
            if let KwKind::DependentSchemas(list) = &self.keywords_of_group(s).kind {
                let mut mask = 0u32;
                for (i, (trigger, _)) in list.iter().enumerate().take(32) {
                    if self.keys[keys_mark..].iter().any(|k| **k == **trigger) {
                        mask |= 1 << i;
                    }
                }
                self.slots[s].count = mask;
            }
        }
        self.keys.truncate(keys_mark);
        Ok(capture)
    }

    /// Reads `"key":` of an object member: the key's range (quotes included) and its text.
    #[inline]
    fn member_key(&mut self) -> Res<(Range<usize>, Cow<'a, str>)> {
        match self.lx.peek() {
            Some(b'"') => {}
            Some(_) => {
                return Err(self
                    .lx
                    .malformed::<()>("expected a string key")
                    .unwrap_err()
                    .into())
            }
            None => return Err(Stop::Syntax(SyntaxError::Eof)),
        }
        let key_start = self.lx.pos;
        let key = match self.lx.string()? {
            Str::Raw(s) => Cow::Borrowed(s),
            Str::Escaped => Cow::Owned(self.lx.scratch.clone()),
        };
        let key_end = self.lx.pos;
        if self.lx.bytes.get(key_end) == Some(&b':') {
            self.lx.pos += 1;
        } else {
            self.lx.expect(b':', "expected `:` after an object key")?;
        }
        Ok((key_start..key_end, key))
    }

    fn keywords_of_group(&self, g: usize) -> &'v Kw {
        let v = self.v;
        let slot = &self.slots[g];
        match &v.nodes[slot.node as usize].body {
            Body::Keywords(k) => &k.list[slot.kw as usize],
            Body::Bool(_) => unreachable_kw(),
        }
    }

    /// Child applications of one object member for slot `s`.
    fn member_apps(
        &mut self,
        s: usize,
        list: &'v [Kw],
        key: &str,
        value_start: usize,
        depth: usize,
    ) {
        let v = self.v;
        let collect = self.slots[s].collect;
        let mut declared = false;
        let mut required = None;
        let mut required_index = None;
        let push = |apps: &mut Vec<App>, node: NodeId| {
            let node = v.alias[node as usize];
            if !matches!(v.nodes[node as usize].body, Body::Bool(true)) {
                apps.push(App {
                    node,
                    collect,
                    owner: s as u32,
                    contains: false,
                    valid: true,
                });
            }
        };
        for kw in list {
            match &kw.kind {
                KwKind::Properties(p) => {
                    if let Some((c, r)) = p.get_with_required(key) {
                        declared = true;
                        required_index = Some(r);
                        push(&mut self.apps, c);
                    }
                }
                KwKind::PatternProperties(pats) => {
                    for (p, c) in pats {
                        if p.matches(key) == Ok(true) {
                            declared = true;
                            push(&mut self.apps, *c);
                        }
                    }
                }
                KwKind::AdditionalProperties(c) if !declared => {
                    if matches!(v.nodes[*c as usize].body, Body::Bool(false)) {
                        if collect {
                            self.error(
                                s as u32,
                                kw,
                                value_start..value_start,
                                msg::extra_property_message(kw.name, key),
                            );
                        }
                        self.fail(s as u32);
                    } else {
                        push(&mut self.apps, *c);
                    }
                }
                KwKind::PropertyNames(c) => {
                    let name = serde_json::Value::String(key.to_owned());
                    let mut ev = ValueEval::new(v);
                    if !ev.eval(
                        *c,
                        &name,
                        &Path::Root { prefix: "" },
                        None,
                        false,
                        None,
                        depth + 1,
                    ) {
                        if collect {
                            self.error(
                                s as u32,
                                kw,
                                value_start..value_start,
                                msg::property_names_message(key),
                            );
                        }
                        self.fail(s as u32);
                    }
                }
                KwKind::Required(r) => required = Some(r),
                _ => {}
            }
        }
        if let Some(r) = required {
            let index = r.bit_of(required_index, key);
            if let Some(i) = index {
                let base = self.slots[s].bits as usize;
                self.bits[base + i / 64] |= 1 << (i % 64);
            }
        }
    }

    fn collect_results(&mut self, a0: usize, a1: usize) {
        for a in a0..a1 {
            let app = self.apps[a];
            if app.contains {
                if app.valid {
                    self.slots[app.owner as usize].count += 1;
                }
            } else if !app.valid {
                self.fail(app.owner);
            }
        }
    }

    fn array(&mut self, frame: usize, depth: usize) -> Res<bool> {
        let v = self.v;
        let start = self.lx.pos;
        self.lx.pos += 1;
        let capture = self.container_start(frame, InstanceType::Array, start);
        let top = self.slots.len();
        let mut index = 0usize;
        if self.lx.peek() == Some(b']') {
            self.lx.pos += 1;
        } else {
            loop {
                self.path.push(Seg::Index(index));
                let a0 = self.apps.len();
                let err_mark = self.errors.len();
                let item_start = self.lx.peek().map_or(self.lx.pos, |_| self.lx.pos);
                for s in frame..top {
                    if self.slots[s].is_group || !self.live(s) {
                        continue;
                    }
                    let Body::Keywords(k) = &v.nodes[self.slots[s].node as usize].body else {
                        continue;
                    };
                    if !k.array_keywords {
                        continue;
                    }
                    self.item_apps(s, &k.list, index, item_start);
                }
                if self.apps.len() == a0 {
                    self.lx.skip_value(v.max_depth.saturating_sub(depth))?;
                } else {
                    let a1 = self.apps.len();
                    self.value(a0, a1, depth + 1)?;
                    self.collect_results(a0, a1);
                }
                self.complete_ranges(err_mark, item_start);
                self.apps.truncate(a0);
                self.path.pop();
                index += 1;
                if !self.lx.next_or_close(b']')? {
                    break;
                }
            }
        }
        let range = start..self.lx.pos;
        let n = index as u64;
        for s in frame..top {
            if !self.live(s) || !self.node_keywords(s).is_some_and(|k| k.array_end) {
                continue;
            }
            let list = self.keywords(s);
            let collect = self.slots[s].collect;
            for kw in list {
                let failure = match &kw.kind {
                    KwKind::ItemCount(c) => {
                        (!c.check(n)).then(|| lazy(collect, || c.message(n, "items")))
                    }
                    KwKind::Contains(c) => {
                        let matched = u64::from(self.slots[s].count);
                        (!c.check(matched)).then(|| lazy(collect, || c.message(matched)))
                    }
                    _ => None,
                };
                if let Some(m) = failure {
                    if collect {
                        self.error(s as u32, kw, range.clone(), m);
                    }
                    self.fail(s as u32);
                }
            }
        }
        Ok(capture)
    }

    fn item_apps(&mut self, s: usize, list: &'v [Kw], index: usize, item_start: usize) {
        let v = self.v;
        let collect = self.slots[s].collect;
        for kw in list {
            let (node, contains) = match &kw.kind {
                KwKind::PrefixItems(p) => match p.get(index) {
                    Some(&c) => (c, false),
                    None => continue,
                },
                KwKind::Items { start, node } if index >= *start => {
                    if matches!(v.nodes[*node as usize].body, Body::Bool(false)) {
                        if collect {
                            self.error(
                                s as u32,
                                kw,
                                item_start..item_start,
                                msg::extra_item_message(kw.name, index),
                            );
                        }
                        self.fail(s as u32);
                        continue;
                    }
                    (*node, false)
                }
                KwKind::Contains(c) => (c.node, true),
                _ => continue,
            };
            let node = v.alias[node as usize];
            if matches!(v.nodes[node as usize].body, Body::Bool(true)) {
                if contains {
                    self.slots[s].count += 1;
                }
                continue;
            }
            self.apps.push(App {
                node,
                collect: collect && !contains,
                owner: s as u32,
                contains,
                valid: true,
            });
        }
    }

    /// `uniqueItems` and container `enum`/`const`: re-read the value's bytes.
    fn whole_value_checks(&mut self, frame: usize, range: Range<usize>) -> Res<()> {
        let value = build_value(
            &self.lx.bytes[range.clone()],
            self.v.max_depth.saturating_add(1),
        )?;
        self.buffered += 1;
        let top = self.slots.len();
        for s in frame..top {
            if self.slots[s].is_group || !self.live(s) {
                continue;
            }
            let collect = self.slots[s].collect;
            for kw in self.keywords(s) {
                let failure = match &kw.kind {
                    KwKind::Enum(e) if e.has_containers => (!e.check_value(&value)).then(|| {
                        lazy(collect, || {
                            e.message(&crate::keywords::describe_value(&value))
                        })
                    }),
                    KwKind::Const(c) if c.is_container() => (!c.check_value(&value)).then(|| {
                        lazy(collect, || {
                            c.message(&crate::keywords::describe_value(&value))
                        })
                    }),
                    KwKind::UniqueItems => match &value {
                        serde_json::Value::Array(a) => {
                            crate::keywords::unique_items::first_duplicate(a).map(|(i, j)| {
                                lazy(collect, || crate::keywords::unique_items::message(i, j))
                            })
                        }
                        _ => None,
                    },
                    _ => None,
                };
                if let Some(m) = failure {
                    if collect {
                        self.error(s as u32, kw, range.clone(), m);
                    }
                    self.fail(s as u32);
                }
            }
        }
        Ok(())
    }

    /// Combines slot results bottom-up, drops errors of branches that do not
    /// count, and hands verdicts and errors to the requesting applications.
    fn finish(&mut self, frame: usize, a0: usize, a1: usize, err_mark: usize, range: Range<usize>) {
        let top = self.slots.len();
        for s in (frame..top).rev() {
            if self.slots[s].is_group {
                self.finish_group(s, &range);
            }
            let slot = &self.slots[s];
            if !slot.valid && slot.parent != NONE && slot.branch == PLAIN {
                let p = slot.parent as usize;
                self.slots[p].valid = false;
            }
        }
        for s in frame..top {
            let slot = &self.slots[s];
            if slot.parent == NONE {
                continue;
            }
            let p = &self.slots[slot.parent as usize];
            let mut kept = p.kept;
            if p.is_group && slot.branch != PLAIN {
                kept &= self.branch_counts(slot.parent as usize, slot.branch);
            }
            self.slots[s].kept = kept;
        }
        let mut w = err_mark;
        for r in err_mark..self.errors.len() {
            let owner = self.errors[r].0;
            if owner == NONE || owner as usize >= top || (owner as usize) < frame {
                self.errors.swap(w, r);
                w += 1;
                continue;
            }
            let slot = &self.slots[owner as usize];
            if slot.kept {
                let new_owner = self.apps[slot.app as usize].owner;
                self.errors[r].0 = new_owner;
                self.errors.swap(w, r);
                w += 1;
            }
        }
        self.errors.truncate(w);
        let _ = (a0, a1);
        for s in frame..top {
            if self.slots[s].parent == NONE {
                let app = self.slots[s].app as usize;
                self.apps[app].valid = self.slots[s].valid;
            }
        }
    }

    /// Errors reported before their value was read carry the empty range
    /// `start..start`; once the value ends they get its full range.
    fn complete_ranges(&mut self, mark: usize, start: usize) {
        let end = self.lx.pos;
        for (_, e) in &mut self.errors[mark..] {
            if e.range == Some(start..start) {
                e.range = Some(start..end);
            }
        }
    }

    /// `finish` for a frame without groups: `fail` has already carried every
    /// failure up the plain links, so only verdicts and error owners move.
    fn finish_plain(&mut self, frame: usize, err_mark: usize) {
        for r in err_mark..self.errors.len() {
            let owner = self.errors[r].0;
            if owner != NONE && (owner as usize) >= frame {
                let app = self.slots[owner as usize].app as usize;
                self.errors[r].0 = self.apps[app].owner;
            }
        }
        for s in frame..self.slots.len() {
            if self.slots[s].parent == NONE {
                let app = self.slots[s].app as usize;
                self.apps[app].valid = self.slots[s].valid;
            }
        }
    }

    /// Whether errors of branch `b` of group `g` count.
    fn branch_counts(&self, g: usize, b: u16) -> bool {
        match &self.keywords_of_group(g).kind {
            KwKind::IfThenElse { .. } => {
                let cond = self.child_valid(g, 0).unwrap_or(true);
                match b {
                    1 => cond,
                    2 => !cond,
                    _ => false,
                }
            }
            KwKind::DependentSchemas(_) => b < 32 && self.slots[g].count & (1 << b) != 0,
            _ => false,
        }
    }

    fn child_valid(&self, g: usize, branch: u16) -> Option<bool> {
        let end = self.slots[g].end as usize;
        (g + 1..end)
            .find(|&c| self.slots[c].parent == g as u32 && self.slots[c].branch == branch)
            .map(|c| self.slots[c].valid)
    }

    fn finish_group(&mut self, g: usize, range: &Range<usize>) {
        let kw = self.keywords_of_group(g);
        let end = self.slots[g].end as usize;
        let slots = &self.slots;
        let children = || {
            (g + 1..end)
                .filter(move |&c| slots[c].parent == g as u32)
                .map(move |c| (slots[c].branch, slots[c].valid))
        };
        let collect = self.slots[g].collect;
        let described = || describe_range(self.lx.bytes, range);
        let (valid, message) = match &kw.kind {
            KwKind::AnyOf(list) => {
                let ok = children().any(|c| c.1);
                (
                    ok,
                    (!ok && collect).then(|| msg::any_of_message(&described(), list.len())),
                )
            }
            KwKind::OneOf(list) => {
                let ok = children().filter(|c| c.1).take(2).count() == 1;
                let message = (!ok && collect).then(|| {
                    let matched: Vec<usize> =
                        children().filter(|c| c.1).map(|c| c.0 as usize).collect();
                    msg::one_of_message(&described(), &matched, list.len())
                });
                (ok, message)
            }
            KwKind::Not(_) => {
                let ok = !children().next().is_some_and(|c| c.1);
                (ok, (!ok && collect).then(|| msg::not_message(&described())))
            }
            KwKind::IfThenElse { .. } => {
                let cond = children().find(|c| c.0 == 0).is_none_or(|c| c.1);
                let want = if cond { 1 } else { 2 };
                (children().find(|c| c.0 == want).is_none_or(|c| c.1), None)
            }
            KwKind::DependentSchemas(_) => {
                let mask = self.slots[g].count;
                (
                    children().all(|c| c.1 || c.0 >= 32 || mask & (1 << c.0) == 0),
                    None,
                )
            }
            _ => (true, None),
        };
        self.slots[g].valid = valid;
        if let Some(m) = message {
            if self.slots[g].collect {
                self.error(g as u32, kw, range.clone(), m);
            }
        }
        if !valid {
            let p = self.slots[g].parent as usize;
            self.slots[p].valid = false;
        }
    }
}

/// The type `type` sees for a scalar.
fn scalar_type(scalar: &Scalar<'_>) -> InstanceType {
    match scalar {
        Scalar::Null => InstanceType::Null,
        Scalar::Bool(_) => InstanceType::Boolean,
        Scalar::String(_) => InstanceType::String,
        Scalar::Number(n) => {
            if n.is_integer() {
                InstanceType::Integer
            } else {
                InstanceType::Number
            }
        }
    }
}

/// Whether one keyword accepts a scalar (no message is built).
#[inline]
fn scalar_ok(kw: &Kw, scalar: &Scalar<'_>) -> bool {
    match (&kw.kind, scalar) {
        (KwKind::Type(t), _) => t.matches(scalar_type(scalar)),
        (KwKind::Enum(e), _) => e.check_scalar(scalar),
        (KwKind::Const(c), _) => c.check_scalar(scalar),
        (KwKind::MultipleOf(m), Scalar::Number(n)) => m.check(n),
        (KwKind::Bound(b), Scalar::Number(n)) => b.check(n),
        (KwKind::Length(l), Scalar::String(st)) => l.check(st),
        (KwKind::Pattern(p), Scalar::String(st)) => p.matches(st) == Ok(true),
        (KwKind::Format(f), Scalar::String(st)) => f.check(st),
        _ => true,
    }
}

/// The message and kind for a keyword that rejected a scalar.
fn scalar_failure(kw: &Kw, scalar: &Scalar<'_>) -> Option<(String, ErrorKind)> {
    match (&kw.kind, scalar) {
        (KwKind::Type(t), _) => (!t.matches(scalar_type(scalar)))
            .then(|| (t.message(&scalar.describe()), ErrorKind::Keyword)),
        (KwKind::Enum(e), _) => {
            (!e.check_scalar(scalar)).then(|| (e.message(&scalar.describe()), ErrorKind::Keyword))
        }
        (KwKind::Const(c), _) => {
            (!c.check_scalar(scalar)).then(|| (c.message(&scalar.describe()), ErrorKind::Keyword))
        }
        (KwKind::MultipleOf(m), Scalar::Number(n)) => {
            (!m.check(n)).then(|| (m.message(n), ErrorKind::Keyword))
        }
        (KwKind::Bound(b), Scalar::Number(n)) => {
            (!b.check(n)).then(|| (b.message(n), ErrorKind::Keyword))
        }
        (KwKind::Length(l), Scalar::String(st)) => {
            (!l.check(st)).then(|| (l.message(st), ErrorKind::Keyword))
        }
        (KwKind::Pattern(p), Scalar::String(st)) => match p.matches(st) {
            Ok(true) => None,
            Ok(false) => Some((p.message(st), ErrorKind::Keyword)),
            Err(()) => Some((p.limit_message(st), ErrorKind::PatternLimit)),
        },
        (KwKind::Format(f), Scalar::String(st)) => {
            (!f.check(st)).then(|| (f.message(st), ErrorKind::Keyword))
        }
        _ => None,
    }
}

/// A message only when it will be reported (bool mode builds none).
#[inline]
fn lazy(collect: bool, message: impl FnOnce() -> String) -> String {
    if collect {
        message()
    } else {
        String::new()
    }
}

fn unreachable_kw() -> &'static Kw {
    // Groups are only created for keyword nodes; this keeps the lookup total.
    static FALLBACK: std::sync::OnceLock<Kw> = std::sync::OnceLock::new();
    FALLBACK.get_or_init(|| Kw {
        name: "",
        loc: "".into(),
        kind: KwKind::AllOf(Vec::new()),
    })
}

/// What the `Value` path would print for the value at `range`.
fn describe_range(bytes: &[u8], range: &Range<usize>) -> String {
    match bytes.get(range.start) {
        Some(b'{') => "object".to_owned(),
        Some(b'[') => "array".to_owned(),
        _ => match build_value(&bytes[range.clone()], 2) {
            Ok(v) => match &v {
                serde_json::Value::Number(_) => Num::parse(&bytes[range.clone()]).display(),
                other => crate::keywords::describe_value(other),
            },
            Err(_) => String::new(),
        },
    }
}

/// Finds the byte range of the value at `pointer` inside the value at `range`.
pub(crate) fn locate(bytes: &[u8], range: Range<usize>, pointer: &str) -> Option<Range<usize>> {
    let mut lx = Lexer::new(&bytes[..range.end]);
    lx.pos = range.start;
    if pointer.is_empty() {
        return Some(range);
    }
    let mut tokens = pointer.strip_prefix('/')?.split('/');
    loop {
        let Some(tok) = tokens.next() else {
            let r = lx.skip_value(usize::MAX).ok()?;
            return Some(r);
        };
        let tok = crate::pointer::unescape(tok);
        match lx.peek()? {
            b'{' => {
                lx.pos += 1;
                loop {
                    if lx.peek()? == b'}' {
                        return None;
                    }
                    let key = match lx.string().ok()? {
                        Str::Raw(s) => s.to_owned(),
                        Str::Escaped => lx.scratch.clone(),
                    };
                    lx.expect(b':', "").ok()?;
                    if key == tok {
                        break;
                    }
                    lx.skip_value(usize::MAX).ok()?;
                    if !lx.next_or_close(b'}').ok()? {
                        return None;
                    }
                }
            }
            b'[' => {
                lx.pos += 1;
                let want: usize = tok.parse().ok()?;
                for _ in 0..want {
                    lx.skip_value(usize::MAX).ok()?;
                    if !lx.next_or_close(b']').ok()? {
                        return None;
                    }
                }
                lx.peek()?;
            }
            _ => return None,
        }
    }
}
