use std::collections::{BTreeMap, BTreeSet};

use crate::engine::{Cx, Sub};
use crate::source::{JsonPointer, Node, Value};

declare_rule! {
    /// ## What it does
    /// Flags a `$ref` that closes a cycle: a reference to the root (`"#"`) from inside the
    /// schema, or a definition that reaches itself through other references.
    ///
    /// ## Why is this bad?
    /// Providers that compile the schema into a finite grammar cannot express unbounded
    /// nesting. Anthropic rejects recursive schemas with a 400; OpenAI and Gemini's
    /// `responseJsonSchema` accept them, so this rule runs only where a profile enables it.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#"}}},
    ///  "required": ["name", "children"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// Unroll the recursion to the depth you need:
    /// ```json
    /// {"type": "object", "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/$defs/leaf"}}},
    ///  "required": ["name", "children"], "additionalProperties": false,
    ///  "$defs": {"leaf": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false}}}
    /// ```
    ///
    /// ## Sources
    /// - Anthropic, Structured outputs, "JSON Schema limitations": recursive schemas are not supported.
    /// - `spec/providers.md` §6.2 (Anthropic), §1.6 (OpenAI supports recursion), §6.1 (Gemini `"$ref": "#"`).
    pub(crate) static RULE = {
        id: "ref/recursion",
        severity: Error,
        summary: "A `$ref` makes the schema recursive",
    };
}

/// The references of a schema, grouped by the definition (or the root, `""`) they sit in.
#[derive(Debug, Default)]
pub(crate) struct RefGraph {
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl RefGraph {
    pub(crate) fn build(root: &Node) -> RefGraph {
        let mut graph = RefGraph::default();
        let mut root_refs = BTreeSet::new();
        if let Some(members) = root.as_object() {
            for m in members {
                if matches!(&*m.key, "$defs" | "definitions") {
                    for def in m.value.as_object().unwrap_or_default() {
                        let mut refs = BTreeSet::new();
                        collect(&def.value, &mut refs);
                        let node = JsonPointer::root().join(&*m.key).join(&*def.key);
                        graph.edges.insert(node.as_str().to_owned(), refs);
                    }
                } else {
                    collect(&m.value, &mut root_refs);
                    if &*m.key == "$ref" {
                        if let Some(r) = m.value.as_str().and_then(|r| r.strip_prefix('#')) {
                            root_refs.insert(owner(r));
                        }
                    }
                }
            }
        }
        graph.edges.insert(String::new(), root_refs);
        graph
    }

    /// The cycle through the edge `from → to`, as nodes from `from` back to `from`
    /// (the shortest way back, found breadth-first), when there is one.
    pub(crate) fn cycle(&self, from: &str, to: &str) -> Option<Vec<String>> {
        let mut came_from: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([to.to_owned()]);
        came_from.insert(to.to_owned(), from.to_owned());
        while let Some(node) = queue.pop_front() {
            if node == from {
                let mut path = vec![from.to_owned()];
                let mut at = node;
                while at != to {
                    at = came_from[&at].clone();
                    path.push(at.clone());
                }
                path.push(from.to_owned());
                path.reverse();
                return Some(path);
            }
            for next in self.edges.get(&node).into_iter().flatten() {
                if !came_from.contains_key(next) {
                    came_from.insert(next.clone(), node.clone());
                    queue.push_back(next.clone());
                }
            }
        }
        None
    }
}

/// The graph node a fragment belongs to: its root definition, or the root.
pub(crate) fn owner(fragment: &str) -> String {
    for prefix in ["/$defs/", "/definitions/"] {
        if let Some(rest) = fragment.strip_prefix(prefix) {
            let name = rest.split('/').next().unwrap_or_default();
            return format!("{prefix}{name}");
        }
    }
    String::new()
}

fn collect(node: &Node, refs: &mut BTreeSet<String>) {
    match &node.value {
        Value::Object(members) => {
            for m in members {
                if &*m.key == "$ref" {
                    if let Some(r) = m.value.as_str().and_then(|r| r.strip_prefix('#')) {
                        refs.insert(owner(r));
                    }
                } else {
                    collect(&m.value, refs);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect(i, refs)),
        _ => {}
    }
}

/// Reports `sub`'s `$ref` (to `fragment`) when it closes a cycle.
pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>, fragment: &str) {
    if !cx.profile.runs(RULE.id) {
        return;
    }
    let schema_ptr = cx.schema_ptr.clone();
    if cx.totals.ref_graph.is_none() {
        let graph = cx
            .doc
            .root
            .pointer(schema_ptr.as_str())
            .map(RefGraph::build)
            .unwrap_or_default();
        cx.totals.ref_graph = Some(graph);
    }
    let here = sub
        .ptr()
        .strip_prefix(&schema_ptr)
        .map(|t| {
            let p = t.iter().fold(JsonPointer::root(), |p, t| p.join(t));
            owner(p.as_str())
        })
        .unwrap_or_default();
    let target = owner(fragment);
    let Some(cycle) = cx
        .totals
        .ref_graph
        .as_ref()
        .and_then(|g| g.cycle(&here, &target))
    else {
        return;
    };
    let shown = if fragment.is_empty() {
        "#".to_owned()
    } else {
        format!("#{fragment}")
    };
    let ptr = sub.ptr().join("$ref");
    let span = sub.get("$ref").map_or(sub.span(), |n| n.span);
    let report = cx.report(
        &RULE,
        &ptr,
        span,
        format!("`$ref` `{shown}` makes the schema recursive; {} does not support recursive schemas", cx.profile.provider),
    )
    .help("unroll the recursion to a fixed depth with separate definitions, or flatten the structure (e.g. a list of nodes with parent ids)")
    .var("ref", shown);
    // Between definitions only, the cycle by their names (Anthropic: `Circular reference
    // detected in schema definitions: node -> node.`); through the root it is worded
    // otherwise, or not on record.
    let names: Option<Vec<&str>> = cycle
        .iter()
        .map(|n| n.rsplit('/').next().filter(|_| !n.is_empty()))
        .collect();
    if let Some(names) = names {
        report
            .variant("definitions")
            .var("cycle", names.join(" -> "));
    }
}
