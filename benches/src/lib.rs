//! Benchmarks live in `benches/`; run `cargo bench -p schemalint-benches`.
//! This library holds input generators shared by benches and examples.

use serde_json::{json, Map, Value};

/// A deterministic array of research-paper extraction records, at least
/// `min_bytes` long (compact JSON, like a JSONL log joined into one array).
pub fn large_extraction_document(min_bytes: usize) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "quantum",
        "navigation",
        "superposition",
        "entanglement",
        "trajectory",
        "anomaly",
        "spacetime",
        "simulation",
        "fuel",
        "mission",
        "variational",
        "circuit",
        "classical",
        "planner",
        "error",
        "correction",
        "ephemeris",
        "hybrid",
        "reduction",
        "interstellar",
    ];
    const NAMES: &[&str] = &[
        "Stella Voyager",
        "Nova Star",
        "Lyra Hunter",
        "Orion Vale",
        "Vega Lin",
        "Altair Okafor",
        "Cassiopeia Ruiz",
        "Rigel Nakamura",
    ];
    // A fixed linear congruential generator: same bytes on every run.
    let mut state: u64 = 0x5eed_0002;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let mut records = Vec::new();
    let mut size = 2;
    let mut i = 0;
    while size < min_bytes {
        let title: Vec<&str> = (0..6 + next(6)).map(|_| WORDS[next(WORDS.len())]).collect();
        let authors: Vec<String> = (0..1 + next(5))
            .map(|_| format!("Dr. {}", NAMES[next(NAMES.len())]))
            .collect();
        let abstract_: Vec<&str> = (0..80 + next(60))
            .map(|_| WORDS[next(WORDS.len())])
            .collect();
        let keywords: Vec<&str> = (0..3 + next(5)).map(|_| WORDS[next(WORDS.len())]).collect();
        let record = serde_json::json!({
            "title": format!("{} ({i})", title.join(" ")),
            "authors": authors,
            "abstract": abstract_.join(" ") + ".",
            "keywords": keywords,
        });
        size += serde_json::to_vec(&record).unwrap().len() + 1;
        records.push(record);
        i += 1;
    }
    serde_json::to_vec(&Value::Array(records)).unwrap()
}

/// The schema of [`catalog_document`]: a strict array of products (integers, a bounded
/// number, enums, a nullable number, a string array), as a structured-output catalog looks.
pub fn catalog_schema() -> Value {
    let product = strict_object(Map::from_iter([
        ("id".to_owned(), json!({"type": "integer", "minimum": 1})),
        (
            "sku".to_owned(),
            json!({"type": "string", "pattern": "^SKU-[0-9]+$"}),
        ),
        ("name".to_owned(), json!({"type": "string"})),
        ("price".to_owned(), json!({"type": "number", "minimum": 0})),
        ("in_stock".to_owned(), json!({"type": "boolean"})),
        (
            "category".to_owned(),
            json!({"type": "string", "enum": ["tools", "garden", "kitchen", "toys", "books"]}),
        ),
        ("rating".to_owned(), json!({"type": ["number", "null"]})),
        (
            "tags".to_owned(),
            json!({"type": "array", "items": {"type": "string"}}),
        ),
    ]));
    strict_object(Map::from_iter([(
        "products".to_owned(),
        json!({"type": "array", "items": product}),
    )]))
}

/// A deterministic catalog of `items` products (compact JSON) valid against [`catalog_schema`].
pub fn catalog_document(items: usize) -> Vec<u8> {
    const CATEGORIES: &[&str] = &["tools", "garden", "kitchen", "toys", "books"];
    const WORDS: &[&str] = &[
        "steel", "compact", "deluxe", "garden", "hose", "kettle", "puzzle", "novel", "drill",
        "wooden", "classic", "set",
    ];
    let mut state: u64 = 0x5eed_0005;
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n
    };
    let products: Vec<Value> = (0..items)
        .map(|i| {
            let name: Vec<&str> = (0..2 + next(3)).map(|_| WORDS[next(WORDS.len())]).collect();
            let tags: Vec<&str> = (0..next(4)).map(|_| WORDS[next(WORDS.len())]).collect();
            let rating = if next(4) == 0 {
                Value::Null
            } else {
                json!(f64::from(10 + next(40) as u32) / 10.0)
            };
            json!({
                "id": i + 1,
                "sku": format!("SKU-{:06}", next(1_000_000)),
                "name": name.join(" "),
                "price": f64::from(next(100_000) as u32) / 100.0,
                "in_stock": next(3) != 0,
                "category": CATEGORIES[next(CATEGORIES.len())],
                "rating": rating,
                "tags": tags,
            })
        })
        .collect();
    serde_json::to_vec(&json!({ "products": products })).unwrap()
}

fn strict_object(properties: Map<String, Value>) -> Value {
    let required: Vec<Value> = properties.keys().map(|k| json!(k)).collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

/// A flat object of `n` properties of mixed kinds (strings, enums, numbers, arrays), as a
/// generated "wide record" schema looks, pretty-printed.
pub fn wide_schema(n: usize) -> String {
    let properties: Map<String, Value> = (0..n)
        .map(|i| {
            let schema = match i % 4 {
                0 => json!({"type": "string", "description": "free text"}),
                // Enums on one property in a hundred, to stay under 1,000 enum values.
                1 if i % 100 == 1 => {
                    json!({"type": ["string", "null"], "enum": ["low", "medium", "high", null]})
                }
                1 => json!({"type": ["boolean", "null"]}),
                2 => json!({"type": "number", "minimum": 0, "maximum": 100}),
                _ => json!({"type": "array", "items": {"type": "string", "format": "date"}}),
            };
            (format!("field_{i:05}"), schema)
        })
        .collect();
    serde_json::to_string_pretty(&strict_object(properties)).unwrap()
}

/// An object chain `depth` levels deep; every level also has three scalar properties.
pub fn nested_schema(depth: usize) -> String {
    let mut node = strict_object(Map::from_iter([(
        "leaf".to_owned(),
        json!({"type": "string"}),
    )]));
    for level in (1..depth).rev() {
        node = strict_object(Map::from_iter([
            ("name".to_owned(), json!({"type": "string"})),
            ("count".to_owned(), json!({"type": "integer"})),
            ("active".to_owned(), json!({"type": "boolean"})),
            (format!("level_{level}"), node),
        ]));
    }
    serde_json::to_string_pretty(&node).unwrap()
}

/// `n` properties of the smallest kind, `{"type": "string"}`, compact.
pub fn minimal_wide_schema(n: usize) -> String {
    serde_json::to_string(&strict_object(
        (0..n)
            .map(|i| (format!("f{i}"), json!({"type": "string"})))
            .collect(),
    ))
    .unwrap()
}

/// A Batch API output file (JSON Lines of `{id, custom_id, response: {status_code, body},
/// error}`, the body an OpenAI `chat.completion`) of at least `min_bytes`: each message's
/// content is one record of [`large_extraction_document`], as a JSON string.
pub fn batch_output_file(min_bytes: usize) -> Vec<u8> {
    // Records are about 1.3 KB; a line is about twice that once escaped and wrapped.
    let records: Value = serde_json::from_slice(&large_extraction_document(min_bytes / 2))
        .expect("the generator writes JSON");
    let mut file = Vec::new();
    let mut i = 0;
    while file.len() < min_bytes {
        for record in records.as_array().expect("an array of records") {
            let line = json!({
                "id": format!("batch_req_{i}"),
                "custom_id": format!("request-{i}"),
                "response": {"status_code": 200, "request_id": format!("req_{i}"), "body": {
                    "id": format!("chatcmpl-{i}"), "object": "chat.completion",
                    "created": 1_711_652_795, "model": "gpt-4o-2024-08-06",
                    "choices": [{"index": 0, "message": {"role": "assistant",
                        "content": record.to_string(), "refusal": null},
                        "logprobs": null, "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 410, "completion_tokens": 320, "total_tokens": 730}}},
                "error": null,
            });
            serde_json::to_writer(&mut file, &line).expect("writing to a Vec");
            file.push(b'\n');
            i += 1;
            if file.len() >= min_bytes {
                break;
            }
        }
    }
    file
}

#[cfg(test)]
mod tests {
    use super::large_extraction_document;

    #[test]
    fn large_document_is_big_deterministic_json() {
        let doc = large_extraction_document(512 * 1024);
        assert!(doc.len() >= 512 * 1024, "{} bytes", doc.len());
        assert_eq!(doc, large_extraction_document(512 * 1024));
        let value: serde_json::Value = serde_json::from_slice(&doc).unwrap();
        let records = value.as_array().unwrap();
        eprintln!("{} bytes, {} records", doc.len(), records.len());
        assert!(records
            .iter()
            .all(|r| r["authors"].is_array() && r["title"].is_string()));
    }
}
