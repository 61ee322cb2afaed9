//! The schema parser against `serde_json` (a strict RFC 8259 parser) on generated
//! documents and on mutations of them: the same texts are accepted, the same values come
//! out, and every node's span holds exactly that node's text.

use proptest::prelude::*;
use schemalint_check::source::{self, Node, Value};

/// JSON values with keys and strings that need escaping, numbers of every shape and
/// duplicate keys; with `surrogates`, also escaped surrogate pairs (which edits could
/// split into lone halves: U+FFFD to us, an error to serde_json, by design).
fn json_text(surrogates: bool) -> impl Strategy<Value = String> {
    let string = prop_oneof![
        "[a-z]{0,6}",
        "[ -~]{0,20}",
        Just("é😀\u{7f}".to_owned()),
        Just("a\"b\\c\nd\te\u{1}".to_owned()),
    ]
    .prop_map(|s| serde_json::to_string(&s).unwrap());
    // Within f64's range: serde_json (without `arbitrary_precision`) refuses `1e400`,
    // which is valid JSON and which we keep as text.
    let number = "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,5})?([eE][+-]?[0-9]{1,2})?";
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number,
        string.clone(),
        Just(if surrogates {
            "\"\\u00e9\\ud83d\\ude00\\/\"".to_owned()
        } else {
            "\"\\u00e9\\/\"".to_owned()
        }),
    ];
    let ws = prop_oneof![
        Just(""),
        Just(" "),
        Just("\n  "),
        Just("\n           "),
        Just("\r\n\t")
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 0..6), ws.clone())
                .prop_map(|(items, ws)| format!("[{ws}{}{ws}]", items.join(&format!(",{ws}")))),
            (
                prop::collection::vec(
                    (prop_oneof![string.clone(), Just("\"a\"".to_owned())], inner),
                    0..6
                ),
                ws.clone()
            )
                .prop_map(|(members, ws)| {
                    let members: Vec<String> = members
                        .iter()
                        .map(|(k, v)| format!("{k}{ws}:{ws}{v}"))
                        .collect();
                    format!("{{{ws}{}{ws}}}", members.join(","))
                }),
        ]
    })
}

/// Small edits that make most documents invalid in the ways people get JSON wrong.
fn mutate(text: &str, at: usize, edit: u8) -> String {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let (head, tail) = text.split_at(at);
    let insert = match edit % 12 {
        0 => ",",
        1 => "//c\n",
        2 => "'",
        3 => "\u{1}",
        4 => "\\",
        5 => "0",
        6 => "+",
        7 => ".",
        8 => "}",
        9 => "]",
        10 => "\"",
        _ => {
            let mut rest = tail.chars();
            rest.next();
            return format!("{head}{}", rest.as_str());
        }
    };
    format!("{head}{insert}{tail}")
}

/// Our tree as a `serde_json::Value`, or `None` where serde_json would differ by design
/// (it rejects lone surrogates, which we read as U+FFFD).
fn ours(text: &str) -> Option<serde_json::Value> {
    source::parse("t.json", text).ok().map(|d| {
        check_spans(text, &d.root);
        d.root.to_json()
    })
}

fn check_spans(text: &str, node: &Node) {
    let slice = &text[node.span.start..node.span.end];
    let reparsed: serde_json::Value = serde_json::from_str(slice)
        .unwrap_or_else(|e| panic!("span {:?} holds {slice:?}: {e}", node.span));
    assert_eq!(reparsed, node.to_json(), "span {:?}", node.span);
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check_spans(text, n)),
        Value::Object(members) => {
            for m in members {
                let key: String =
                    serde_json::from_str(&text[m.key_span.start..m.key_span.end]).unwrap();
                assert_eq!(key, &*m.key);
                check_spans(text, &m.value);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn valid_documents_parse_to_serde_jsons_value(text in json_text(true)) {
        let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(ours(&text), Some(expected));
    }

    #[test]
    fn edited_documents_are_accepted_exactly_when_serde_json_accepts_them(
        text in json_text(false),
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..3),
    ) {
        let mut text = text;
        for (at, edit) in edits {
            text = mutate(&text, at, edit);
        }
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        // By design: a number beyond f64 is valid JSON; serde_json refuses it.
        let by_design = theirs
            .as_ref()
            .is_err_and(|e| e.to_string().contains("number out of range"));
        prop_assume!(!by_design);
        prop_assert_eq!(ours(&text), theirs.ok(), "text: {:?}", text);
    }
}
