use super::key_span;
use crate::engine::Cx;
use crate::envelope::{Request, TargetKind};

declare_rule! {
    /// ## What it does
    /// Flags a request with strict function tools (`"strict": true`) in which
    /// `parallel_tool_calls` is not `false` (absent counts: the default is `true`).
    ///
    /// ## Why is this bad?
    /// Structured outputs are not compatible with parallel function calls: with parallel
    /// calls the arguments may not follow the schemas. Azure documents
    /// `parallel_tool_calls: false` as required (an error here); OpenAI documents the
    /// incompatibility (a warning).
    ///
    /// ## Example
    /// ```json
    /// {"model": "gpt-4o-2024-08-06", "messages": [{"role": "user", "content": "When is order 12345 arriving?"}],
    ///  "tools": [{"type": "function", "function": {"name": "get_delivery_date", "strict": true,
    ///    "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"], "additionalProperties": false}}}]}
    /// ```
    ///
    /// ## Use instead
    /// Add `"parallel_tool_calls": false` to the request.
    ///
    /// ## Sources
    /// - Seed 003 (Azure, sv): structured outputs are not supported with parallel function calls; set `parallel_tool_calls` to false.
    /// - OpenAI, "Introducing Structured Outputs in the API" (not compatible with parallel function calls).
    /// - `spec/providers.md` §1.1, §4.
    pub(crate) static RULE = {
        id: "request/parallel-tool-calls",
        severity: Error,
        summary: "Strict tools without `parallel_tool_calls: false`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, req: &Request) {
    let strict: Vec<_> = req
        .targets
        .iter()
        .filter(|t| t.kind == TargetKind::Function && t.strict == Some(true))
        .collect();
    let Some(first) = strict.first() else { return };
    let count = strict.len();
    let first_span = key_span(cx, &first.wrapper.join("strict"));
    match &req.parallel_tool_calls {
        Some(ptr) => {
            let Some(node) = cx.doc.root.pointer(ptr.as_str()) else {
                return;
            };
            if node.as_bool() == Some(false) {
                return;
            }
            cx.report(&RULE, ptr, node.span, format!("`parallel_tool_calls` is not `false` but {count} tool(s) are strict; structured outputs do not work with parallel function calls"))
                .label(first_span, "strict tool")
                .help("set `\"parallel_tool_calls\": false`");
        }
        None => {
            let ptr = first.wrapper.join("strict");
            cx.report(&RULE, &ptr, first_span, format!("{count} tool(s) are strict but the request does not set `parallel_tool_calls: false` (the default allows parallel calls)"))
                .help("add `\"parallel_tool_calls\": false` to the request");
        }
    }
}
