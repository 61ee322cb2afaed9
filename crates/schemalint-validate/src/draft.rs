//! JSON Schema drafts and the vocabularies a schema turns on.

/// A JSON Schema dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Draft {
    /// Draft 4 (`id`, boolean `exclusiveMaximum`/`exclusiveMinimum`).
    Draft4,
    /// Draft 6.
    Draft6,
    /// Draft 7 (`$ref` ignores its siblings, `dependencies`, `if`/`then`/`else`).
    Draft7,
    /// Draft 2019-09 (`$recursiveRef`, `unevaluated*`).
    Draft201909,
    /// Draft 2020-12 (`prefixItems`, `$dynamicRef`); the default.
    Draft202012,
}

impl Draft {
    /// The draft named by a `$schema` URI, if it is one of the official ones.
    pub fn from_schema_uri(uri: &str) -> Option<Draft> {
        let u = uri.trim_end_matches('#');
        let u = u
            .strip_prefix("http://")
            .or_else(|| u.strip_prefix("https://"))
            .unwrap_or(u);
        match u {
            "json-schema.org/draft/2020-12/schema" => Some(Draft::Draft202012),
            "json-schema.org/draft/2019-09/schema" => Some(Draft::Draft201909),
            "json-schema.org/draft-07/schema" => Some(Draft::Draft7),
            "json-schema.org/draft-06/schema" => Some(Draft::Draft6),
            "json-schema.org/draft-04/schema" => Some(Draft::Draft4),
            _ => None,
        }
    }

    /// The keyword that names a resource: `id` in draft 4, `$id` later.
    pub(crate) fn id_keyword(self) -> &'static str {
        if self == Draft::Draft4 {
            "id"
        } else {
            "$id"
        }
    }

    /// Before 2019-09, `$ref` makes its sibling keywords ignored.
    pub(crate) fn ref_overrides_siblings(self) -> bool {
        self <= Draft::Draft7
    }
}

/// Vocabularies, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Vocabularies(u8);

impl Vocabularies {
    pub(crate) const APPLICATOR: u8 = 1;
    pub(crate) const VALIDATION: u8 = 2;
    pub(crate) const UNEVALUATED: u8 = 4;
    pub(crate) const FORMAT_ASSERTION: u8 = 8;
    pub(crate) const ALL: Vocabularies = Vocabularies(1 | 2 | 4);

    pub(crate) fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }

    /// Reads a meta-schema's `$vocabulary`; `Err` names a required vocabulary we do not know.
    pub(crate) fn from_declaration(
        map: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<Vocabularies, String> {
        let mut bits = 0u8;
        for (uri, required) in map {
            let name = uri
                .trim_end_matches('/')
                .rsplit_once("/vocab/")
                .map(|(_, n)| n)
                .unwrap_or("");
            let known = uri.starts_with("https://json-schema.org/draft/2020-12/vocab/")
                || uri.starts_with("https://json-schema.org/draft/2019-09/vocab/");
            let bit = match (known, name) {
                (true, "applicator") => Self::APPLICATOR,
                (true, "validation") => Self::VALIDATION,
                (true, "unevaluated") => Self::UNEVALUATED,
                (true, "format-assertion") => Self::FORMAT_ASSERTION,
                (true, "core" | "meta-data" | "format-annotation" | "format" | "content") => 0,
                _ => {
                    if required.as_bool() == Some(true) {
                        return Err(format!("unsupported required vocabulary {uri}"));
                    }
                    0
                }
            };
            bits |= bit;
        }
        // 2019-09 put the unevaluated keywords in the applicator vocabulary.
        if bits & Self::APPLICATOR != 0 && map.keys().any(|k| k.contains("2019-09")) {
            bits |= Self::UNEVALUATED;
        }
        Ok(Vocabularies(bits))
    }
}
