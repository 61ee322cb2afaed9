//! The byte path for nodes with a [`Plan`]: one node per value, no slot tree.
//!
//! It gives exactly what the general path gives for the same node (verdict,
//! errors, ranges, and where nesting limits and syntax errors stop the walk):
//! failures are recorded at the same moments (a dead node in bool mode skips
//! the rest of its members the way the general path skips dead slots), and
//! errors go straight to the owner that the general path would re-tag them
//! to when the value ends.

use super::{scalar_ok, ByteEval, Res, Seg, Stop};
use crate::keywords::{applicators as msg, Scalar};
use crate::node::{Body, Kw, KwKind, NodeId};
use crate::number::Num;
use crate::plan::{
    key_head, kind_index, kind_of, type_accepts, Additional, ArrayPlan, Choice, NodePlan,
    ObjectPlan, Plan, Rest, K_ARRAY, K_BOOL, K_NULL, K_NUMBER, K_OBJECT, K_STRING, NO_CHILD,
};
use crate::tokenizer::{Str, SyntaxError};
use std::borrow::Cow;

/// Whether a scalar passes every check of `p` (no message is built).
#[inline]
fn scalar_passes(p: &NodePlan, list: &[Kw], kind: u8, scalar: &Scalar<'_>) -> bool {
    type_accepts(p, kind, scalar)
        && p.scalar_kws
            .iter()
            .all(|&i| scalar_ok(&list[usize::from(i)], scalar))
}

impl<'v> ByteEval<'v, '_> {
    fn node_list(&self, node: NodeId) -> &'v [Kw] {
        match &self.v.nodes[node as usize].body {
            Body::Keywords(k) => &k.list,
            Body::Bool(_) => &[],
        }
    }

    /// Evaluates the next value against `plan`; errors are owned by `owner`.
    pub(super) fn fast_value(
        &mut self,
        plan: &'v Plan,
        collect: bool,
        owner: u32,
        depth: usize,
    ) -> Res<bool> {
        if depth > self.v.max_depth {
            return Err(Stop::TooDeep);
        }
        if depth >= crate::stack::HOP_DEPTH && !self.on_big_stack {
            self.on_big_stack = true;
            let max_depth = self.v.max_depth;
            let hopped = crate::stack::on_big_stack(max_depth, || {
                self.fast_value(plan, collect, owner, depth)
            });
            self.on_big_stack = false;
            return hopped.unwrap_or(Err(Stop::TooDeep));
        }
        let Some(first) = self.lx.peek() else {
            return Err(Stop::Syntax(SyntaxError::Eof));
        };
        self.fast_dispatch(plan, first, collect, owner, depth)
    }

    /// `fast_value` once depth and stack are checked and the first byte is known.
    #[inline]
    fn fast_dispatch(
        &mut self,
        plan: &'v Plan,
        first: u8,
        collect: bool,
        owner: u32,
        depth: usize,
    ) -> Res<bool> {
        match plan {
            Plan::True => {
                self.skip_members(depth)?;
                Ok(true)
            }
            Plan::False(node) => self.fast_false(*node, first, collect, owner, depth),
            Plan::Node(p) => match first {
                b'{' | b'[' => self.fast_container(p, first, collect, owner, depth),
                _ => self.fast_scalar(p, first, collect, owner),
            },
            Plan::Choice(c) => self.fast_choice(c, first, collect, owner, depth),
        }
    }

    /// A member or item value (`first`: its first byte, after whitespace) of a
    /// fast node: its own plan, or the general path.
    #[inline]
    fn fast_child(
        &mut self,
        node: NodeId,
        first: Option<u8>,
        collect: bool,
        owner: u32,
        depth: usize,
    ) -> Res<bool> {
        let v = self.v;
        if let Some(plan) = &v.plans[node as usize] {
            if depth > v.max_depth {
                return Err(Stop::TooDeep);
            }
            let Some(first) = first else {
                return Err(Stop::Syntax(SyntaxError::Eof));
            };
            return match plan {
                // A scalar needs no big stack.
                Plan::Node(p) if first != b'{' && first != b'[' => {
                    self.fast_scalar(p, first, collect, owner)
                }
                _ if depth >= crate::stack::HOP_DEPTH && !self.on_big_stack => {
                    self.fast_value(plan, collect, owner, depth)
                }
                _ => self.fast_dispatch(plan, first, collect, owner, depth),
            };
        }
        let a = self.apps.len();
        self.apps.push(super::App {
            node,
            collect,
            owner,
            contains: false,
            valid: true,
        });
        self.value(a, a + 1, depth)?;
        let valid = self.apps[a].valid;
        self.apps.truncate(a);
        Ok(valid)
    }

    /// Reads a value none of whose members or items is checked, as the general
    /// path does for a value no live slot looks into (member by member, so
    /// nesting limits and error pointers are the same).
    fn skip_members(&mut self, depth: usize) -> Res<()> {
        let limit = self.v.max_depth.saturating_sub(depth);
        match self.lx.peek() {
            Some(b'{') => {
                self.lx.pos += 1;
                if self.lx.peek() == Some(b'}') {
                    self.lx.pos += 1;
                    return Ok(());
                }
                loop {
                    let (key, _) = self.member_key()?;
                    self.path.push(Seg::Key(key));
                    self.lx.skip_value(limit)?;
                    self.path.pop();
                    if !self.lx.next_or_close(b'}')? {
                        return Ok(());
                    }
                }
            }
            Some(b'[') => {
                self.lx.pos += 1;
                if self.lx.peek() == Some(b']') {
                    self.lx.pos += 1;
                    return Ok(());
                }
                let mut index = 0;
                loop {
                    self.path.push(Seg::Index(index));
                    self.lx.skip_value(limit)?;
                    self.path.pop();
                    index += 1;
                    if !self.lx.next_or_close(b']')? {
                        return Ok(());
                    }
                }
            }
            Some(_) => self.with_scalar(|_, _, _| ()),
            None => Err(Stop::Syntax(SyntaxError::Eof)),
        }
    }

    fn fast_false(
        &mut self,
        node: NodeId,
        first: u8,
        collect: bool,
        owner: u32,
        depth: usize,
    ) -> Res<bool> {
        if first != b'{' && first != b'[' {
            return self.with_scalar(|this, scalar, range| {
                this.check_scalar_node(node, collect, owner, scalar, &range)
            });
        }
        let start = self.lx.pos;
        let err_mark = self.errors.len();
        if collect {
            let described = if first == b'{' { "object" } else { "array" };
            self.false_error(node, owner, start..start, described);
        }
        self.skip_members(depth)?;
        self.complete_ranges(err_mark, start);
        Ok(false)
    }

    #[inline]
    fn fast_scalar(&mut self, p: &'v NodePlan, first: u8, collect: bool, owner: u32) -> Res<bool> {
        let start = self.lx.pos;
        if p.kinds_only {
            // Only `type` applies and it needs no value: read and check the kind.
            let kind = match first {
                b'"' => {
                    self.lx.string()?;
                    K_STRING
                }
                b't' => {
                    self.lx.literal(b"true")?;
                    K_BOOL
                }
                b'f' => {
                    self.lx.literal(b"false")?;
                    K_BOOL
                }
                b'n' => {
                    self.lx.literal(b"null")?;
                    K_NULL
                }
                b'-' | b'0'..=b'9' => {
                    self.lx.number()?;
                    K_NUMBER
                }
                _ => {
                    return Err(self
                        .lx
                        .malformed::<()>("expected a JSON value")
                        .unwrap_err()
                        .into())
                }
            };
            if p.kinds & kind != 0 || !collect {
                return Ok(p.kinds & kind != 0);
            }
            self.lx.pos = start;
            return self.with_scalar(|this, scalar, range| {
                this.check_scalar_node(p.node, true, owner, scalar, &range)
            });
        }
        let list = self.node_list(p.node);
        let ok = match first {
            b'"' => match self.lx.string()? {
                Str::Raw(st) => scalar_passes(p, list, K_STRING, &Scalar::String(st)),
                Str::Escaped => {
                    let st = self.lx.scratch.as_str();
                    scalar_passes(p, list, K_STRING, &Scalar::String(st))
                }
            },
            b't' => {
                self.lx.literal(b"true")?;
                scalar_passes(p, list, K_BOOL, &Scalar::Bool(true))
            }
            b'f' => {
                self.lx.literal(b"false")?;
                scalar_passes(p, list, K_BOOL, &Scalar::Bool(false))
            }
            b'n' => {
                self.lx.literal(b"null")?;
                scalar_passes(p, list, K_NULL, &Scalar::Null)
            }
            b'-' | b'0'..=b'9' => {
                let n = Num::parse(self.lx.number()?);
                scalar_passes(p, list, K_NUMBER, &Scalar::Number(n))
            }
            _ => {
                return Err(self
                    .lx
                    .malformed::<()>("expected a JSON value")
                    .unwrap_err()
                    .into())
            }
        };
        if ok || !collect {
            return Ok(ok);
        }
        // Re-read it to report: the general checks build the messages.
        self.lx.pos = start;
        self.with_scalar(|this, scalar, range| {
            this.check_scalar_node(p.node, true, owner, scalar, &range)
        })
    }

    /// The checks on the container itself (`type`, scalar-only `enum`/`const`),
    /// reported with the empty range at `start` (completed when the value ends).
    #[inline]
    fn fast_container_start(
        &mut self,
        p: &'v NodePlan,
        kind: u8,
        collect: bool,
        owner: u32,
        start: usize,
    ) -> bool {
        if p.kinds & kind != 0 && p.container_rejects.is_empty() {
            return true;
        }
        let list = self.node_list(p.node);
        let described = if kind == K_OBJECT { "object" } else { "array" };
        let mut valid = true;
        if p.kinds & kind == 0 {
            valid = false;
            if let (true, Some(i)) = (collect, p.type_kw) {
                let kw = &list[usize::from(i)];
                if let KwKind::Type(t) = &kw.kind {
                    self.error(owner, kw, start..start, t.message(described));
                }
            }
        }
        for &i in &p.container_rejects {
            valid = false;
            if collect {
                let kw = &list[usize::from(i)];
                let message = match &kw.kind {
                    KwKind::Enum(e) => e.message(described),
                    KwKind::Const(c) => c.message(described),
                    _ => String::new(),
                };
                self.error(owner, kw, start..start, message);
            }
        }
        valid
    }

    /// An object or array against a node plan.
    fn fast_container(
        &mut self,
        p: &'v NodePlan,
        first: u8,
        collect: bool,
        owner: u32,
        depth: usize,
    ) -> Res<bool> {
        let start = self.lx.pos;
        let err_mark = self.errors.len();
        let kind = if first == b'{' { K_OBJECT } else { K_ARRAY };
        let mut valid = self.fast_container_start(p, kind, collect, owner, start);
        match (kind, &p.object, &p.array) {
            (K_OBJECT, Some(op), _) => {
                valid &= self.fast_members(p, op, valid, collect, owner, depth, start)?
            }
            (K_ARRAY, _, Some(ap)) => {
                valid &= self.fast_items(p, ap, valid, collect, owner, depth, start)?
            }
            _ => self.skip_members(depth)?,
        }
        self.complete_ranges(err_mark, start);
        Ok(valid)
    }

    #[allow(clippy::too_many_arguments)]
    fn fast_members(
        &mut self,
        p: &'v NodePlan,
        op: &'v ObjectPlan,
        mut valid: bool,
        collect: bool,
        owner: u32,
        depth: usize,
        start: usize,
    ) -> Res<bool> {
        let bytes = self.lx.bytes;
        let limit = self.v.max_depth.saturating_sub(depth);
        self.lx.pos += 1;
        let mut seen = 0u64;
        let mut members = 0u64;
        let mut hint = 0usize;
        if self.lx.peek() == Some(b'}') {
            self.lx.pos += 1;
        } else {
            loop {
                let (key_range, key) = self.member_key()?;
                let (key_start, key_end) = (key_range.start, key_range.end);
                members += 1;
                self.path.push(Seg::Key(key_range));
                let first = self.lx.peek();
                let value_start = self.lx.pos;
                let member_mark = self.errors.len();
                if !valid && !collect {
                    self.lx.skip_value(limit)?;
                } else {
                    let head = match key {
                        Cow::Borrowed(_) => key_head(bytes, key_start + 1, key_end - 1),
                        Cow::Owned(ref k) => key_head(k.as_bytes(), 0, k.len()),
                    };
                    let mut child = NO_CHILD;
                    let mut declared = false;
                    if let Some(i) = op.keys.find(key.as_bytes(), head, hint) {
                        let e = op.keys.entry(i);
                        seen |= e.required_bit;
                        declared = e.declared;
                        child = e.child;
                        hint = if i + 1 == op.keys.len() { 0 } else { i + 1 };
                    }
                    if !declared {
                        match op.additional {
                            Additional::Any => {}
                            Additional::Reject(i) => {
                                valid = false;
                                if collect {
                                    let kw = &self.node_list(p.node)[usize::from(i)];
                                    let message = msg::extra_property_message(kw.name, &key);
                                    self.error(owner, kw, value_start..value_start, message);
                                }
                            }
                            Additional::Schema(c) => child = c,
                        }
                    }
                    if child == NO_CHILD {
                        self.lx.skip_value(limit)?;
                    } else if !self.fast_child(child, first, collect, owner, depth + 1)? {
                        valid = false;
                    }
                }
                if self.errors.len() > member_mark {
                    self.complete_ranges(member_mark, value_start);
                }
                self.path.pop();
                if !self.lx.next_or_close(b'}')? {
                    break;
                }
            }
        }
        if !valid && !collect {
            return Ok(false);
        }
        let range = start..self.lx.pos;
        let list = self.node_list(p.node);
        if let Some((i, all)) = op.required {
            if seen != all {
                valid = false;
                let kw = &list[usize::from(i)];
                if let (true, KwKind::Required(r)) = (collect, &kw.kind) {
                    for (bit, name) in r.names.iter().enumerate() {
                        if seen & (1 << bit) == 0 {
                            let message = crate::keywords::required::message(name);
                            self.error(owner, kw, range.clone(), message);
                        }
                    }
                }
            }
        }
        for &i in &op.counts {
            let kw = &list[usize::from(i)];
            if let KwKind::PropertyCount(c) = &kw.kind {
                if !c.check(members) {
                    valid = false;
                    if collect {
                        self.error(owner, kw, range.clone(), c.message(members, "properties"));
                    }
                }
            }
        }
        Ok(valid)
    }

    #[allow(clippy::too_many_arguments)]
    fn fast_items(
        &mut self,
        p: &'v NodePlan,
        ap: &'v ArrayPlan,
        mut valid: bool,
        collect: bool,
        owner: u32,
        depth: usize,
        start: usize,
    ) -> Res<bool> {
        let limit = self.v.max_depth.saturating_sub(depth);
        self.lx.pos += 1;
        let mut index = 0usize;
        if self.lx.peek() == Some(b']') {
            self.lx.pos += 1;
        } else {
            loop {
                self.path.push(Seg::Index(index));
                let first = self.lx.peek();
                let item_start = self.lx.pos;
                let item_mark = self.errors.len();
                if !valid && !collect {
                    self.lx.skip_value(limit)?;
                } else {
                    let child = match (ap.prefix.get(index), &ap.rest) {
                        (Some(&c), _) => c,
                        (None, Some((from, Rest::Schema(c)))) if index >= *from => *c,
                        (None, Some((from, Rest::Reject(i)))) if index >= *from => {
                            valid = false;
                            if collect {
                                let kw = &self.node_list(p.node)[usize::from(*i)];
                                let message = msg::extra_item_message(kw.name, index);
                                self.error(owner, kw, item_start..item_start, message);
                            }
                            NO_CHILD
                        }
                        _ => NO_CHILD,
                    };
                    if child == NO_CHILD {
                        self.lx.skip_value(limit)?;
                    } else if !self.fast_child(child, first, collect, owner, depth + 1)? {
                        valid = false;
                    }
                }
                if self.errors.len() > item_mark {
                    self.complete_ranges(item_mark, item_start);
                }
                self.path.pop();
                index += 1;
                if !self.lx.next_or_close(b']')? {
                    break;
                }
            }
        }
        if !valid && !collect {
            return Ok(false);
        }
        let range = start..self.lx.pos;
        let n = index as u64;
        let list = self.node_list(p.node);
        for &i in &ap.counts {
            let kw = &list[usize::from(i)];
            if let KwKind::ItemCount(c) = &kw.kind {
                if !c.check(n) {
                    valid = false;
                    if collect {
                        self.error(owner, kw, range.clone(), c.message(n, "items"));
                    }
                }
            }
        }
        Ok(valid)
    }

    fn fast_choice(
        &mut self,
        c: &'v Choice,
        first: u8,
        collect: bool,
        owner: u32,
        depth: usize,
    ) -> Res<bool> {
        let start = self.lx.pos;
        let kind = kind_of(first);
        let branch = if kind == 0 {
            NO_CHILD
        } else {
            c.by_kind[kind_index(kind)]
        };
        let v = self.v;
        let ok = match branch {
            NO_CHILD => {
                self.skip_members(depth)?;
                false
            }
            // Branches never report their own errors (as on the general path).
            b => match &v.plans[b as usize] {
                Some(plan) => self.fast_dispatch(plan, first, false, owner, depth)?,
                None => false,
            },
        };
        if !ok && collect {
            let range = start..self.lx.pos;
            let described = super::describe_range(self.lx.bytes, &range);
            let kw = &self.node_list(c.node)[0];
            let message = if c.one_of {
                msg::one_of_message(&described, &[], c.branches)
            } else {
                msg::any_of_message(&described, c.branches)
            };
            self.error(owner, kw, range, message);
        }
        Ok(ok)
    }
}
