use std::collections::{HashMap, HashSet};

use crate::engine::python_str;
use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Requires `required` on every object schema to list **every** key of
    /// `properties` and nothing else. Missing and extra names are reported by name.
    ///
    /// ## Why is this bad?
    /// Strict mode makes the model produce every field. The API rejects the schema with
    /// `'required' is required to be supplied and to be an array including every key in properties. Missing 'unit'.`
    /// or `Extra required key 'x' supplied.` Optional fields are written as required
    /// fields that accept `null`.
    ///
    /// ## Example
    /// ```json
    /// {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"type": "string", "enum": ["F", "C"]}},
    ///  "required": ["location"], "additionalProperties": false}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "object", "properties": {"location": {"type": "string"}, "unit": {"type": ["string", "null"], "enum": ["F", "C", null]}},
    ///  "required": ["location", "unit"], "additionalProperties": false}
    /// ```
    ///
    /// ## Sources
    /// - OpenAI, Structured Outputs: "All fields must be required" (seed 002: 所有字段必须是 required).
    /// - `spec/providers.md` §1.3.3 (message wording).
    pub(crate) static RULE = {
        id: "strict/required",
        severity: Error,
        summary: "`required` does not list exactly the keys of `properties`",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(properties) = sub.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    if !sub.is_object_schema() {
        return;
    }
    let required_member = sub.member("required");
    let required: Vec<(&str, schemalint_diagnostics::Span)> = required_member
        .and_then(|m| m.value.as_array())
        .map(|items| {
            items
                .iter()
                .filter_map(|n| n.as_str().map(|s| (s, n.span)))
                .collect()
        })
        .unwrap_or_default();
    // The usual strict schema lists `required` in property order: nothing to report.
    if lists_exactly(properties, &required) {
        return;
    }
    // Sets, not scans: wide generated schemas have thousands of properties.
    let required_names: HashSet<&str> = required.iter().map(|(r, _)| *r).collect();
    // The last definition of each property (the one a JSON parser keeps).
    let property_spans: HashMap<&str, schemalint_diagnostics::Span> =
        properties.iter().map(|m| (&*m.key, m.key_span)).collect();
    let mut seen = HashSet::new();
    let missing: Vec<&str> = properties
        .iter()
        .map(|m| &*m.key)
        .filter(|k| !required_names.contains(k) && seen.insert(*k))
        .collect();
    let extra: Vec<(&str, schemalint_diagnostics::Span)> = required
        .iter()
        .copied()
        .filter(|(r, _)| !property_spans.contains_key(r))
        .collect();
    let names = |v: &[&str]| {
        v.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !missing.is_empty() {
        let (ptr, span) = match required_member {
            Some(m) => (sub.ptr().join("required"), m.value.span),
            None => (sub.ptr(), sub.key_span("properties")),
        };
        // Where full `required` is only a recommendation (DashScope), say what happens.
        let enforced =
            cx.profile.severity(RULE.id) == Some(schemalint_diagnostics::Severity::Error);
        let mut message = match required_member {
            None => format!(
                "object schema has no `required`; strict mode requires every property in it: {}",
                names(&missing)
            ),
            Some(_) => format!(
                "`required` is missing {} of `properties`: {}",
                plural(missing.len(), "key"),
                names(&missing)
            ),
        };
        if !enforced {
            message = format!(
                "{} {} not in `required`: {} may leave {} out of the output",
                names(&missing),
                if missing.len() == 1 { "is" } else { "are" },
                cx.profile.provider,
                if missing.len() == 1 { "it" } else { "them" }
            );
        }
        let mut report = cx
            .report(&RULE, &ptr, span, message)
            .help(format!(
                "add {} to `required`; for an optional field, keep it required and allow null: `\"type\": [\"…\", \"null\"]`",
                names(&missing)
            ))
            .var("detail", format!("Missing {}.", python_str(missing[0])));
        for name in &missing {
            if let Some(span) = property_spans.get(name) {
                report = report.label(*span, "not in `required`");
            }
        }
    }
    if !extra.is_empty() {
        let ptr = sub.ptr().join("required");
        let span = required_member.map_or(sub.span(), |m| m.value.span);
        let extra_names: Vec<&str> = extra.iter().map(|(n, _)| *n).collect();
        let mut report = cx
            .report(
                &RULE,
                &ptr,
                span,
                format!(
                    "`required` lists {} not in `properties`: {}",
                    plural(extra.len(), "key"),
                    names(&extra_names)
                ),
            )
            .help("remove them from `required`, or define them in `properties`")
            .var(
                "detail",
                format!(
                    "Extra required key {} supplied.",
                    python_str(extra_names[0])
                ),
            );
        for (_, span) in &extra {
            report = report.label(*span, "not a property");
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `required` names exactly the keys of `properties`, in the same order (checked without
/// hashing; the common case for generated schemas).
pub(crate) fn lists_exactly(
    properties: &[crate::source::Member],
    required: &[(&str, schemalint_diagnostics::Span)],
) -> bool {
    properties.len() == required.len()
        && properties
            .iter()
            .zip(required)
            .all(|(m, (name, _))| &*m.key == *name)
}
