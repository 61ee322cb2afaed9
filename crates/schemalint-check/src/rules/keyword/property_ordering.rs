use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Checks Gemini's `propertyOrdering`: it must be an array of property names, each
    /// naming a key of `properties`, none twice.
    ///
    /// ## Why is this bad?
    /// `propertyOrdering` fixes the order in which Gemini emits keys. A name that is not a
    /// property (often a typo or a renamed field) orders nothing, and the property it was
    /// meant for falls back to an unspecified position.
    ///
    /// ## Example
    /// ```json
    /// {"type": "OBJECT", "properties": {"name": {"type": "STRING"}, "age": {"type": "INTEGER"}}, "propertyOrdering": ["name", "agе", "name"]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "OBJECT", "properties": {"name": {"type": "STRING"}, "age": {"type": "INTEGER"}}, "propertyOrdering": ["name", "age"]}
    /// ```
    ///
    /// ## Sources
    /// - Gemini API reference, `Schema.propertyOrdering` (https://ai.google.dev/api/caching#Schema).
    /// - `spec/providers.md` §6.1.
    pub(crate) static RULE = {
        id: "keyword/property-ordering",
        severity: Warning,
        summary: "`propertyOrdering` names a key that is not a property, or names one twice",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    let Some(ordering) = sub.get("propertyOrdering") else {
        return;
    };
    let ptr = sub.ptr().join("propertyOrdering");
    let Some(items) = ordering.as_array() else {
        cx.report(
            &RULE,
            &ptr,
            ordering.span,
            format!(
                "`propertyOrdering` is a JSON {}; it must be an array of property names",
                ordering.value.type_name()
            ),
        )
        .help("list the property names in the order you want them emitted");
        return;
    };
    let properties = sub
        .get("properties")
        .and_then(|p| p.as_object())
        .unwrap_or_default();
    let mut seen: Vec<&str> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = ptr.join(i);
        let Some(name) = item.as_str() else {
            cx.report(
                &RULE,
                &at,
                item.span,
                format!("entry {i} of `propertyOrdering` is not a string"),
            )
            .help("list property names as strings");
            continue;
        };
        if seen.contains(&name) {
            cx.report(
                &RULE,
                &at,
                item.span,
                format!("`propertyOrdering` lists `{name}` twice"),
            )
            .help("list each property once");
        } else if !properties.iter().any(|m| *m.key == *name) {
            let known: Vec<String> = properties
                .iter()
                .map(|m| format!("`{}`", m.key))
                .take(10)
                .collect();
            cx.report(
                &RULE,
                &at,
                item.span,
                format!("`propertyOrdering` names `{name}`, which is not a property"),
            )
            .help(if known.is_empty() {
                "define the property in `properties`".to_owned()
            } else {
                format!("the properties are: {}", known.join(", "))
            });
        }
        seen.push(name);
    }
}
