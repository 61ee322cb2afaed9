//! The official meta-schemas, bundled so that a `$ref` to one (and a custom
//! meta-schema built on one) resolves offline.
//!
//! The files under `metaschemas/` are json-schema.org's published meta-schemas
//! of drafts 4, 6, 7, 2019-09 and 2020-12, with the 2019-09 and 2020-12
//! vocabulary meta-schemas (see `metaschemas/README.md`).

use crate::Draft;
use serde_json::Value;
use std::sync::OnceLock;

/// `(path after "json-schema.org/", draft, text)`, one row per bundled file.
const FILES: &[(&str, Draft, &str)] = &[
    (
        "draft-04/schema",
        Draft::Draft4,
        include_str!("../metaschemas/draft4.json"),
    ),
    (
        "draft-06/schema",
        Draft::Draft6,
        include_str!("../metaschemas/draft6.json"),
    ),
    (
        "draft-07/schema",
        Draft::Draft7,
        include_str!("../metaschemas/draft7.json"),
    ),
    (
        "draft/2019-09/schema",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/schema.json"),
    ),
    (
        "draft/2019-09/meta/core",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/meta/core.json"),
    ),
    (
        "draft/2019-09/meta/applicator",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/meta/applicator.json"),
    ),
    (
        "draft/2019-09/meta/validation",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/meta/validation.json"),
    ),
    (
        "draft/2019-09/meta/meta-data",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/meta/meta-data.json"),
    ),
    (
        "draft/2019-09/meta/format",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/meta/format.json"),
    ),
    (
        "draft/2019-09/meta/content",
        Draft::Draft201909,
        include_str!("../metaschemas/draft2019-09/meta/content.json"),
    ),
    (
        "draft/2020-12/schema",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/schema.json"),
    ),
    (
        "draft/2020-12/meta/core",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/core.json"),
    ),
    (
        "draft/2020-12/meta/applicator",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/applicator.json"),
    ),
    (
        "draft/2020-12/meta/unevaluated",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/unevaluated.json"),
    ),
    (
        "draft/2020-12/meta/validation",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/validation.json"),
    ),
    (
        "draft/2020-12/meta/meta-data",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/meta-data.json"),
    ),
    (
        "draft/2020-12/meta/format-annotation",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/format-annotation.json"),
    ),
    (
        "draft/2020-12/meta/format-assertion",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/format-assertion.json"),
    ),
    (
        "draft/2020-12/meta/content",
        Draft::Draft202012,
        include_str!("../metaschemas/draft2020-12/meta/content.json"),
    ),
];

/// The bundled meta-schema at `uri` (`http` or `https`, with or without an
/// empty fragment) and the draft it is written in.
pub(crate) fn get(uri: &str) -> Option<(Draft, &'static Value)> {
    let uri = uri.trim_end_matches('#');
    let path = uri
        .strip_prefix("https://json-schema.org/")
        .or_else(|| uri.strip_prefix("http://json-schema.org/"))?;
    let i = FILES.iter().position(|(p, _, _)| *p == path)?;
    Some((FILES[i].1, &parsed()[i]))
}

fn parsed() -> &'static [Value] {
    static PARSED: OnceLock<Vec<Value>> = OnceLock::new();
    PARSED.get_or_init(|| {
        FILES
            .iter()
            .map(|(path, _, text)| {
                serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("bundled meta-schema {path} is not JSON: {e}"))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The absolute URIs the bundled meta-schemas answer to (their `$id`s).
    fn uris() -> impl Iterator<Item = String> {
        FILES.iter().map(|(path, draft, _)| {
            let scheme = if *draft >= Draft::Draft201909 {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://json-schema.org/{path}")
        })
    }

    #[test]
    fn every_bundled_file_is_named_by_its_own_id() {
        for (uri, (path, draft, _)) in uris().zip(FILES) {
            let (found, doc) = get(&uri).unwrap_or_else(|| panic!("{uri} not found"));
            assert_eq!(found, *draft, "{path}");
            let id = doc
                .get(draft.id_keyword())
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{path} has no id"));
            assert_eq!(id.trim_end_matches('#'), uri, "{path}");
            let schema = doc.get("$schema").and_then(Value::as_str).unwrap();
            assert_eq!(Draft::from_schema_uri(schema), Some(*draft), "{path}");
        }
    }

    #[test]
    fn either_scheme_and_an_empty_fragment_resolve() {
        for uri in [
            "http://json-schema.org/draft-07/schema#",
            "https://json-schema.org/draft-07/schema",
            "http://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2020-12/meta/core#",
        ] {
            assert!(get(uri).is_some(), "{uri}");
        }
        for uri in [
            "https://json-schema.org/draft-03/schema",
            "https://example.com/draft-07/schema",
            "https://json-schema.org/draft/2020-12/schema/extra",
        ] {
            assert!(get(uri).is_none(), "{uri}");
        }
    }
}
