use crate::engine::{Cx, Sub};

declare_rule! {
    /// ## What it does
    /// Requires every object schema to declare at least one property: `properties` must
    /// be present and non-empty.
    ///
    /// ## Why is this bad?
    /// Gemini's `responseSchema` rejects an `OBJECT` without properties:
    /// `…properties: should be non-empty for OBJECT type`. A free-form object cannot be
    /// generated there at all.
    ///
    /// ## Example
    /// ```json
    /// {"type": "OBJECT", "properties": {"meta": {"type": "OBJECT"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"type": "OBJECT", "properties": {"meta": {"type": "OBJECT", "properties": {"source": {"type": "STRING"}}}}}
    /// ```
    ///
    /// ## Sources
    /// - `spec/providers.md` §6.1 and §2 row G4 (`should be non-empty for OBJECT type`).
    pub(crate) static RULE = {
        id: "strict/empty-properties",
        severity: Error,
        summary: "An object schema has no properties at all (missing or empty `properties`)",
    };
}

pub(crate) fn check(cx: &mut Cx<'_>, sub: &Sub<'_>) {
    if !sub.has_type("object") {
        return;
    }
    let empty = match sub.get("properties") {
        None => true,
        Some(p) => p.as_object().is_some_and(|m| m.is_empty()),
    };
    if !empty {
        return;
    }
    let span = sub.key_span("properties");
    cx.report(
        &RULE,
        &sub.ptr(),
        span,
        format!("object schema has no properties; {} needs at least one", cx.profile.provider),
    )
    .help("declare the object's fields in `properties`; for free-form data use a STRING holding JSON and parse it afterwards");
}
