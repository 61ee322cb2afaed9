//! The compiled schema: an arena of nodes addressed by index, so `$ref`
//! cycles are plain indices.

use crate::keywords::{
    bounds::Bound, const_::Const, contains::Contains, count::Count,
    dependent_required::DependentRequired, enum_::Enum, format::Format, length::Length,
    multiple_of::MultipleOf, pattern::PatternCheck, properties::Properties, required::Required,
    type_::Type,
};

pub(crate) type NodeId = u32;

pub(crate) struct Node {
    /// Schema pointer of this node (`uri#pointer` outside the root document).
    pub(crate) loc: Box<str>,
    pub(crate) body: Body,
    /// Index into `Validator::resources` when this node starts a schema resource.
    pub(crate) resource: Option<u32>,
}

pub(crate) enum Body {
    Bool(bool),
    Keywords(Box<Keywords>),
}

#[derive(Default)]
pub(crate) struct Keywords {
    pub(crate) list: Vec<Kw>,
    /// Has `unevaluated*`: the byte path evaluates this node on a buffered subtree.
    pub(crate) needs_dom: bool,
    /// Some keyword applies to objects / arrays (lets the byte path skip work).
    pub(crate) object_keywords: bool,
    pub(crate) array_keywords: bool,
    /// Has an in-place applicator (`$ref`, `allOf`, `anyOf`, …).
    pub(crate) in_place: bool,
    /// Number of `required` names (the byte path keeps one bit each).
    pub(crate) required_names: u32,
    /// Has `dependentRequired`/`dependentSchemas`: the byte path records member names.
    pub(crate) needs_keys: bool,
    /// Has checks at the end of an object / array.
    pub(crate) object_end: bool,
    pub(crate) array_end: bool,
    /// Has a check on the container itself (`type`, `enum`, `const`, `uniqueItems`).
    pub(crate) container_start: bool,
}

/// One compiled keyword, with its schema location kept for error reports.
pub(crate) struct Kw {
    pub(crate) name: &'static str,
    pub(crate) loc: Box<str>,
    pub(crate) kind: KwKind,
}

pub(crate) enum KwKind {
    Type(Type),
    Enum(Enum),
    Const(Const),
    MultipleOf(MultipleOf),
    Bound(Bound),
    Length(Length),
    Pattern(PatternCheck),
    Format(Format),
    Properties(Properties),
    PatternProperties(Vec<(PatternCheck, NodeId)>),
    AdditionalProperties(NodeId),
    PropertyNames(NodeId),
    Required(Required),
    DependentRequired(DependentRequired),
    DependentSchemas(Vec<(Box<str>, NodeId)>),
    PropertyCount(Count),
    /// `prefixItems`, or array-form `items` before 2020-12.
    PrefixItems(Vec<NodeId>),
    /// `items` (2020-12) or `additionalItems`: applies from index `start`.
    Items {
        start: usize,
        node: NodeId,
    },
    Contains(Contains),
    ItemCount(Count),
    UniqueItems,
    AllOf(Vec<NodeId>),
    AnyOf(Vec<NodeId>),
    OneOf(Vec<NodeId>),
    Not(NodeId),
    IfThenElse {
        cond: NodeId,
        then: Option<NodeId>,
        otherwise: Option<NodeId>,
    },
    Ref(NodeId),
    /// `$dynamicRef`: the static target, and the anchor name when the target bookends.
    DynamicRef {
        target: NodeId,
        anchor: Option<Box<str>>,
    },
    /// `$recursiveRef`: the static target, dynamic when it has `$recursiveAnchor: true`.
    RecursiveRef {
        target: NodeId,
        dynamic: bool,
    },
    UnevaluatedProperties(NodeId),
    UnevaluatedItems(NodeId),
}

impl KwKind {
    /// The in-place subschemas (same instance), for cycle checks.
    pub(crate) fn in_place_children(&self, out: &mut Vec<NodeId>) {
        match self {
            KwKind::AllOf(v) | KwKind::AnyOf(v) | KwKind::OneOf(v) => out.extend(v),
            KwKind::Not(n) | KwKind::Ref(n) => out.push(*n),
            KwKind::DependentSchemas(v) => out.extend(v.iter().map(|(_, n)| *n)),
            KwKind::IfThenElse {
                cond,
                then,
                otherwise,
            } => {
                out.push(*cond);
                out.extend(then);
                out.extend(otherwise);
            }
            KwKind::DynamicRef { target, .. } | KwKind::RecursiveRef { target, .. } => {
                out.push(*target)
            }
            _ => {}
        }
    }
}

/// A schema resource, for `$dynamicRef` / `$recursiveRef` resolution.
pub(crate) struct Resource {
    pub(crate) dynamic_anchors: Vec<(Box<str>, NodeId)>,
    pub(crate) recursive_anchor: Option<NodeId>,
}
