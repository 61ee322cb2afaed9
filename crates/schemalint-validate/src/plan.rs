//! Fast plans for the byte path: for the schema shapes strict structured
//! outputs produce (closed objects with required members, typed arrays,
//! scalars with a few assertions, `$ref` recursion, nullable `anyOf`), a
//! per-node plan decided at compile time, so `byte_eval::fast` can check a
//! value with one table lookup per object member, a bit set for `required`
//! and no slot tree. Nodes outside these shapes have no plan and take the
//! general path; both paths call the same keyword checks and messages.

use crate::keywords::{type_::InstanceType, Scalar};
use crate::node::{Body, Kw, KwKind, Node, NodeId};

/// No child: the value is skipped (a `true` schema, or nothing applies).
pub(crate) const NO_CHILD: NodeId = NodeId::MAX;

/// JSON kinds as the first byte of a value tells them, as bits.
pub(crate) const K_NULL: u8 = 1;
pub(crate) const K_BOOL: u8 = 2;
pub(crate) const K_OBJECT: u8 = 4;
pub(crate) const K_ARRAY: u8 = 8;
pub(crate) const K_NUMBER: u8 = 16;
pub(crate) const K_STRING: u8 = 64;
const K_ALL: u8 = K_NULL | K_BOOL | K_OBJECT | K_ARRAY | K_NUMBER | K_STRING;

/// The kind of the value starting with `first` (0 for a byte no value starts with).
#[inline]
pub(crate) fn kind_of(first: u8) -> u8 {
    match first {
        b'{' => K_OBJECT,
        b'[' => K_ARRAY,
        b'"' => K_STRING,
        b't' | b'f' => K_BOOL,
        b'n' => K_NULL,
        b'-' | b'0'..=b'9' => K_NUMBER,
        _ => 0,
    }
}

pub(crate) enum Plan {
    /// The `true` schema.
    True,
    /// The `false` schema (the node, for its location).
    False(NodeId),
    Node(Box<NodePlan>),
    /// A node whose only keyword is `anyOf`/`oneOf` over branches that accept
    /// pairwise disjoint JSON kinds: the first byte of the value picks the only
    /// branch that can match.
    Choice(Box<Choice>),
}

pub(crate) struct NodePlan {
    pub(crate) node: NodeId,
    /// Kinds `type` accepts (all without `type`); numbers are `K_NUMBER`.
    pub(crate) kinds: u8,
    /// `type` allows integers but not all numbers.
    pub(crate) integer_only: bool,
    /// Index of `type` in the node's keywords.
    pub(crate) type_kw: Option<u16>,
    /// Scalar assertions other than `type` (`enum`, `const`, bounds, …).
    pub(crate) scalar_kws: Vec<u16>,
    /// Scalars are decided by their kind alone (no `scalar_kws`, not integers-only).
    pub(crate) kinds_only: bool,
    /// `enum`/`const` without containers: they reject every object and array.
    pub(crate) container_rejects: Vec<u16>,
    pub(crate) object: Option<ObjectPlan>,
    pub(crate) array: Option<ArrayPlan>,
}

pub(crate) struct ObjectPlan {
    pub(crate) keys: KeyTable,
    pub(crate) additional: Additional,
    /// `required` (its keyword index) and the bits of all its names.
    pub(crate) required: Option<(u16, u64)>,
    /// `minProperties` / `maxProperties`.
    pub(crate) counts: Vec<u16>,
}

/// What happens to a member `properties` does not declare.
pub(crate) enum Additional {
    Any,
    /// `additionalProperties: false` (its keyword index).
    Reject(u16),
    Schema(NodeId),
}

pub(crate) struct ArrayPlan {
    pub(crate) prefix: Vec<NodeId>,
    /// `items` / `additionalItems`: from index `start`, the node or a rejection.
    pub(crate) rest: Option<(usize, Rest)>,
    /// `minItems` / `maxItems`.
    pub(crate) counts: Vec<u16>,
}

pub(crate) enum Rest {
    Schema(NodeId),
    /// `items: false` (its keyword index).
    Reject(u16),
}

pub(crate) struct Choice {
    pub(crate) node: NodeId,
    /// Number of branches (for the message).
    pub(crate) branches: usize,
    pub(crate) one_of: bool,
    /// The branch node for each kind, `NO_CHILD` when none accepts it.
    pub(crate) by_kind: [NodeId; 7],
}

/// Index of a kind bit into `Choice::by_kind`.
#[inline]
pub(crate) fn kind_index(kind: u8) -> usize {
    kind.trailing_zeros().min(6) as usize
}

/// Property names matched from their raw bytes: the first eight bytes and the
/// length are compared as integers, the rest only on a hit.
pub(crate) struct KeyTable {
    entries: Vec<KeyEntry>,
    /// Open addressing over `entries` (index + 1, 0 = empty) for big tables.
    slots: Vec<u32>,
    shift: u32,
}

pub(crate) struct KeyEntry {
    head: u64,
    /// The last eight bytes, for keys longer than eight.
    last: u64,
    len: usize,
    key: Box<[u8]>,
    /// The subschema, or `NO_CHILD` when the value is not checked by `properties`.
    pub(crate) child: NodeId,
    /// Declared by `properties` (otherwise only named by `required`).
    pub(crate) declared: bool,
    /// Bit of this name in `required` (0 when not required).
    pub(crate) required_bit: u64,
}

/// Tables up to this size are scanned; bigger ones are hashed.
const LINEAR: usize = 12;

#[inline]
fn head_of(key: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    let n = key.len().min(8);
    buf[..n].copy_from_slice(&key[..n]);
    u64::from_le_bytes(buf)
}

/// The last eight bytes of a key longer than eight.
#[inline]
fn last_of(key: &[u8]) -> u64 {
    let tail = key.get(key.len().saturating_sub(8)..).unwrap_or_default();
    head_of(tail)
}

#[inline]
fn hash(head: u64, len: usize, shift: u32) -> usize {
    ((head ^ len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

impl KeyTable {
    fn new(entries: Vec<KeyEntry>) -> KeyTable {
        let mut table = KeyTable {
            entries,
            slots: Vec::new(),
            shift: 64,
        };
        if table.entries.len() > LINEAR {
            let bits = (table.entries.len() * 2)
                .next_power_of_two()
                .trailing_zeros();
            table.shift = 64 - bits;
            table.slots = vec![0; 1 << bits];
            let mask = table.slots.len() - 1;
            for (i, e) in table.entries.iter().enumerate() {
                let mut h = hash(e.head, e.len, table.shift);
                while table.slots[h] != 0 {
                    h = (h + 1) & mask;
                }
                table.slots[h] = i as u32 + 1;
            }
        }
        table
    }

    /// The entry for `key`, trying `hint` first (members tend to come in schema order).
    /// `head` is `key`'s first eight bytes as [`head_of`] gives them.
    #[inline]
    pub(crate) fn find(&self, key: &[u8], head: u64, hint: usize) -> Option<usize> {
        let len = key.len();
        // Up to 16 bytes, the first and the last eight cover the key; longer keys compare the middle.
        let hit = |e: &KeyEntry| {
            e.head == head
                && e.len == len
                && (len <= 8
                    || (e.last == last_of(key)
                        && (len <= 16 || e.key[8..len - 8] == key[8..len - 8])))
        };
        if let Some(e) = self.entries.get(hint) {
            if hit(e) {
                return Some(hint);
            }
        }
        if self.slots.is_empty() {
            return self.entries.iter().position(hit);
        }
        let mask = self.slots.len() - 1;
        let mut h = hash(head, key.len(), self.shift);
        loop {
            match self.slots[h] {
                0 => return None,
                i if hit(&self.entries[i as usize - 1]) => return Some(i as usize - 1),
                _ => h = (h + 1) & mask,
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    #[inline]
    pub(crate) fn entry(&self, i: usize) -> &KeyEntry {
        &self.entries[i]
    }
}

/// The first eight bytes of the key at `bytes[start..end]`, read in one load
/// when the input extends far enough (it does for every key but the last bytes
/// of a truncated document).
#[inline]
pub(crate) fn key_head(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    match bytes.get(start..start + 8) {
        Some(word) => {
            let w = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            if len >= 8 {
                w
            } else {
                w & ((1u64 << (len * 8)) - 1)
            }
        }
        None => head_of(&bytes[start..end]),
    }
}

/// Whether a scalar passes the kind test of `type` (the rest is `scalar_kws`).
#[inline]
pub(crate) fn type_accepts(p: &NodePlan, kind: u8, scalar: &Scalar<'_>) -> bool {
    if p.kinds & kind != 0 {
        return true;
    }
    p.integer_only && matches!(scalar, Scalar::Number(n) if n.is_integer())
}

/// Plans for every node (`None`: take the general path).
pub(crate) fn build(nodes: &[Node], alias: &[NodeId]) -> Vec<Option<Plan>> {
    let mut plans: Vec<Option<Plan>> = (0..nodes.len())
        .map(|i| node_plan(nodes, alias, i as NodeId))
        .collect();
    for i in 0..nodes.len() {
        if plans[i].is_none() {
            plans[i] = choice_plan(nodes, alias, &plans, i as NodeId).map(Plan::Choice);
        }
    }
    plans
}

/// The child to evaluate: `NO_CHILD` for `true` (nothing to check).
fn child(nodes: &[Node], alias: &[NodeId], c: NodeId) -> NodeId {
    let c = alias[c as usize];
    match nodes[c as usize].body {
        Body::Bool(true) => NO_CHILD,
        _ => c,
    }
}

fn is_false(nodes: &[Node], c: NodeId) -> bool {
    matches!(nodes[c as usize].body, Body::Bool(false))
}

fn node_plan(nodes: &[Node], alias: &[NodeId], id: NodeId) -> Option<Plan> {
    let k = match &nodes[id as usize].body {
        Body::Bool(true) => return Some(Plan::True),
        Body::Bool(false) => return Some(Plan::False(id)),
        Body::Keywords(k) => k,
    };
    if k.needs_dom || k.needs_keys || k.in_place || k.list.len() > usize::from(u16::MAX) {
        return None;
    }
    let mut p = NodePlan {
        node: id,
        kinds: K_ALL,
        integer_only: false,
        type_kw: None,
        scalar_kws: Vec::new(),
        kinds_only: false,
        container_rejects: Vec::new(),
        object: None,
        array: None,
    };
    let mut properties = None;
    let mut additional = Additional::Any;
    let mut required: Option<(u16, &[Box<str>])> = None;
    let mut object_counts = Vec::new();
    let mut prefix = Vec::new();
    let mut rest = None;
    let mut item_counts = Vec::new();
    for (i, kw) in k.list.iter().enumerate() {
        let i = i as u16;
        match &kw.kind {
            KwKind::Type(t) => {
                let bits = t.bits();
                let mut kinds = 0;
                for (kind, t) in [
                    (K_NULL, InstanceType::Null),
                    (K_BOOL, InstanceType::Boolean),
                    (K_OBJECT, InstanceType::Object),
                    (K_ARRAY, InstanceType::Array),
                    (K_NUMBER, InstanceType::Number),
                    (K_STRING, InstanceType::String),
                ] {
                    if t_matches(bits, t) {
                        kinds |= kind;
                    }
                }
                p.kinds = kinds;
                p.integer_only = kinds & K_NUMBER == 0 && t_matches(bits, InstanceType::Integer);
                p.type_kw = Some(i);
            }
            KwKind::Enum(e) if !e.has_containers => {
                p.scalar_kws.push(i);
                p.container_rejects.push(i);
            }
            KwKind::Const(c) if !c.is_container() => {
                p.scalar_kws.push(i);
                p.container_rejects.push(i);
            }
            KwKind::MultipleOf(_)
            | KwKind::Bound(_)
            | KwKind::Length(_)
            | KwKind::Pattern(_)
            | KwKind::Format(_) => p.scalar_kws.push(i),
            KwKind::Properties(props) => properties = Some(props),
            KwKind::AdditionalProperties(c) => {
                // `false` itself, not a `$ref` to it: the general path reports those apart.
                additional = if is_false(nodes, *c) {
                    Additional::Reject(i)
                } else {
                    match child(nodes, alias, *c) {
                        NO_CHILD => Additional::Any,
                        c => Additional::Schema(c),
                    }
                }
            }
            KwKind::Required(r) if r.names.len() <= 64 => required = Some((i, &r.names)),
            KwKind::PropertyCount(_) => object_counts.push(i),
            KwKind::PrefixItems(list) => {
                prefix = list.iter().map(|&c| child(nodes, alias, c)).collect();
            }
            KwKind::Items { start, node } => {
                rest = Some(if is_false(nodes, *node) {
                    (*start, Rest::Reject(i))
                } else {
                    (*start, Rest::Schema(child(nodes, alias, *node)))
                });
            }
            KwKind::ItemCount(_) => item_counts.push(i),
            _ => return None,
        }
    }
    p.kinds_only = p.scalar_kws.is_empty() && !p.integer_only;
    if k.object_keywords {
        let mut entries: Vec<KeyEntry> = Vec::new();
        // Name -> entry index: a scan per name would be quadratic on 10^6-property schemas.
        let mut index_of: std::collections::HashMap<Box<str>, usize> = Default::default();
        let mut entry = |name: &str, entries: &mut Vec<KeyEntry>| -> usize {
            match index_of.get(name) {
                Some(&i) => i,
                None => {
                    index_of.insert(name.into(), entries.len());
                    entries.push(KeyEntry {
                        head: head_of(name.as_bytes()),
                        last: last_of(name.as_bytes()),
                        len: name.len(),
                        key: name.as_bytes().into(),
                        child: NO_CHILD,
                        declared: false,
                        required_bit: 0,
                    });
                    entries.len() - 1
                }
            }
        };
        if let Some(props) = properties {
            for (name, c) in props.entries() {
                let e = entry(name, &mut entries);
                entries[e].child = child(nodes, alias, c);
                entries[e].declared = true;
            }
        }
        let mut all = 0u64;
        if let Some((_, names)) = required {
            for (bit, name) in names.iter().enumerate() {
                let e = entry(name, &mut entries);
                // A repeated name keeps its first bit; its later bit is never set (as on the general path).
                if entries[e].required_bit == 0 {
                    entries[e].required_bit = 1 << bit;
                }
                all |= 1 << bit;
            }
        }
        p.object = Some(ObjectPlan {
            keys: KeyTable::new(entries),
            additional,
            required: required.map(|(i, _)| (i, all)),
            counts: object_counts,
        });
    }
    if k.array_keywords {
        // One subschema per item at most: both `prefixItems` and `items` on one index is general.
        if rest
            .as_ref()
            .is_some_and(|(start, _)| *start < prefix.len())
        {
            return None;
        }
        p.array = Some(ArrayPlan {
            prefix,
            rest,
            counts: item_counts,
        });
    }
    Some(Plan::Node(Box::new(p)))
}

fn t_matches(bits: u8, t: InstanceType) -> bool {
    crate::keywords::type_::Type::from_bits(bits).matches(t)
}

fn choice_plan(
    nodes: &[Node],
    alias: &[NodeId],
    plans: &[Option<Plan>],
    id: NodeId,
) -> Option<Box<Choice>> {
    let Body::Keywords(k) = &nodes[id as usize].body else {
        return None;
    };
    if k.needs_dom || k.list.len() != 1 {
        return None;
    }
    let Kw { kind, .. } = &k.list[0];
    let (list, one_of) = match kind {
        KwKind::AnyOf(list) => (list, false),
        KwKind::OneOf(list) => (list, true),
        _ => return None,
    };
    let mut by_kind = [NO_CHILD; 7];
    let mut taken = 0u8;
    for &b in list {
        let b = alias[b as usize];
        let kinds = match &plans[b as usize] {
            Some(Plan::False(_)) => 0,
            // An integers-only branch takes every number and checks it is integral itself.
            Some(Plan::Node(p)) if p.integer_only => p.kinds | K_NUMBER,
            Some(Plan::Node(p)) => p.kinds,
            _ => return None,
        };
        if kinds & taken != 0 {
            return None;
        }
        taken |= kinds;
        for bit in [K_NULL, K_BOOL, K_OBJECT, K_ARRAY, K_NUMBER, K_STRING] {
            if kinds & bit != 0 {
                by_kind[kind_index(bit)] = b;
            }
        }
    }
    Some(Box::new(Choice {
        node: id,
        branches: list.len(),
        one_of,
        by_kind,
    }))
}
