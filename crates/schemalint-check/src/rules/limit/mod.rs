//! Size limits. Counting follows OpenAI's Java SDK validator (`spec/providers.md` §3.4),
//! the only public statement of how the undocumented counts work:
//! - nesting: the root is level 0; each step into `properties`, `items`, `anyOf` (and any
//!   other applicator) adds one; a `$defs` entry is one level below the root; `$ref` is
//!   not followed, so a definition counts where it is defined;
//! - properties: every key of every `properties` object, `$defs` included;
//! - string length: characters of property names, definition names, enum values and
//!   const values (non-string values by their JSON text);
//! - enum values: every value of every `enum`.
pub(crate) mod description_length;
pub(crate) mod enum_values;
pub(crate) mod large_enum;
pub(crate) mod nesting_depth;
pub(crate) mod optional_parameters;
pub(crate) mod strict_tools;
pub(crate) mod string_length;
pub(crate) mod total_properties;
pub(crate) mod union_parameters;

use crate::engine::Cx;

/// Reports the whole-schema limits once the walk has counted everything.
pub(crate) fn check_totals(cx: &mut Cx<'_>) {
    let limits = cx.profile.limits.clone();
    let root_span = cx
        .doc
        .root
        .pointer(cx.schema_ptr.as_str())
        .map(|n| n.span)
        .unwrap_or_default();
    let root_ptr = cx.schema_ptr.clone();
    if let (Some(limit), Some((depth, ptr, span))) =
        (limits.nesting_depth, cx.totals.first_too_deep.clone())
    {
        let deepest = cx.totals.deepest.as_ref().map_or(depth, |(d, _, _)| *d);
        let message = if limits.nesting_depth_published {
            format!("the schema nests {deepest} levels deep; the limit is {limit} (this subschema is at level {depth})")
        } else {
            format!("the schema nests {deepest} levels deep (this subschema is at level {depth}); {} publishes no limit but may reject deeply nested schemas, and schemalint warns past {limit} levels", cx.profile.provider)
        };
        let is_function = cx.target.kind == crate::envelope::TargetKind::Function;
        let name = cx.name.clone();
        let report = cx.report(&nesting_depth::RULE, &ptr, span, message)
            .help("flatten the structure, or move repeated parts into `$defs` (a `$ref` does not add depth)")
            .var("function_name", name)
            .note(nesting_depth::CONVENTION)
            .var("found", deepest.to_string())
            .var("limit", limit.to_string());
        if is_function {
            report.variant("function");
        }
    }
    let totals = &cx.totals;
    let properties = totals.properties;
    let string_length = totals.string_length;
    let enum_values = totals.enum_values;
    let largest = totals.largest_properties.clone();
    if let Some(limit) = limits.total_properties.filter(|l| properties > *l) {
        let (ptr, span) = largest.map_or((root_ptr.clone(), root_span), |(_, p, s)| (p, s));
        cx.report(&total_properties::RULE, &ptr, span, format!("the schema defines {properties} object properties in total; the limit is {limit}"))
            .help("split the schema into several requests or tools, or replace wide objects with arrays of key/value pairs")
            .note("counted: every key of every `properties` object, `$defs` included; the largest `properties` object is marked")
            .var("found", properties.to_string())
            .var("limit", limit.to_string());
    }
    if let Some(limit) = limits.string_length.filter(|l| string_length > *l) {
        cx.report(&string_length::RULE, &root_ptr, root_span, format!("property names, definition names, enum and const values add up to {string_length} characters; the limit is {limit}"))
            .help("shorten names and enum values, or move long value lists out of the schema")
            .var("found", string_length.to_string())
            .var("limit", limit.to_string());
    }
    if let Some(limit) = limits.enum_values.filter(|l| enum_values > *l) {
        cx.report(&enum_values::RULE, &root_ptr, root_span, format!("the schema has {enum_values} enum values in total; the limit is {limit}"))
            .help("shorten the enums, or replace very long ones with a string and validate after generation")
            .var("found", enum_values.to_string())
            .var("limit", limit.to_string());
    }
}

/// Reports the request-wide limits (every schema of the file counted together).
pub(crate) fn check_request_totals(cx: &mut Cx<'_>) {
    let limits = cx.profile.limits.clone();
    let checks: [(&'static crate::rules::RuleMeta, Option<usize>, Vec<_>, &str, &str); 3] = [
        (
            &strict_tools::RULE,
            limits.strict_tools,
            std::mem::take(&mut cx.request_totals.strict_tools),
            "strict tools",
            "mark only the tools that need exact arguments as strict, or split the tools over several requests",
        ),
        (
            &optional_parameters::RULE,
            limits.optional_parameters,
            std::mem::take(&mut cx.request_totals.optional),
            "optional properties (not in `required`) across the strict schemas",
            "make more fields required, or group optional fields into fewer optional objects",
        ),
        (
            &union_parameters::RULE,
            limits.union_parameters,
            std::mem::take(&mut cx.request_totals.unions),
            "union-typed subschemas (`type` arrays or `anyOf`) across the strict schemas",
            "replace nullable unions with optional fields, or collapse unions into one type",
        ),
    ];
    for (rule, limit, items, what, help) in checks {
        let Some(limit) = limit else { continue };
        if items.len() <= limit {
            continue;
        }
        let (ptr, span) = items[limit].clone();
        let found = items.len();
        let mut report = cx
            .report(
                rule,
                &ptr,
                span,
                format!(
                    "the request has {found} {what}; the limit is {limit} (this is number {})",
                    limit + 1
                ),
            )
            .help(help)
            .var("found", found.to_string())
            .var("limit", limit.to_string());
        for (_, extra) in items.iter().skip(limit + 1).take(5) {
            report = report.label(*extra, "also over the limit");
        }
    }
}
