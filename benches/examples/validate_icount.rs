//! Runs one contender of the `validate` bench `N` times on one input, for
//! counting instructions with `perf stat -e instructions:u`, which a busy
//! machine does not disturb the way it disturbs wall time. Instructions per
//! document = (count at N − count at 0) / N. See `benches/validate_icount.sh`.
//!
//! Usage: `validate_icount <contender> <input> <N>` where input is
//! `valid-<name>`, `invalid-<name>` (name: math, ui, paper, moderation,
//! linked_list, extraction), `large` or `catalog`, and contender one of: ours-slice, ours-validate-slice, ours-value,
//! ours-validate-value, jsonschema-bytes, jsonschema-value,
//! jsonschema-errors-bytes, boon-bytes, boon-value, floor.

use serde_json::Value;
use std::hint::black_box;
use std::path::PathBuf;

fn read(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, contender, input, n] = &args[..] else {
        eprintln!("usage: validate_icount <contender> <input> <N>");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N is a number");
    let (schema, bytes): (Value, Vec<u8>) = if input == "large" {
        let record: Value = serde_json::from_slice(&read("paper.schema.json")).unwrap();
        (
            serde_json::json!({"type": "array", "items": record}),
            schemalint_benches::large_extraction_document(512 * 1024),
        )
    } else if input == "catalog" {
        (
            schemalint_benches::catalog_schema(),
            schemalint_benches::catalog_document(5000),
        )
    } else {
        let (kind, name) = input
            .split_once('-')
            .expect("valid-<name> or invalid-<name>");
        (
            serde_json::from_slice(&read(&format!("{name}.schema.json"))).unwrap(),
            read(&format!("{name}.{kind}.json")),
        )
    };
    let value: Value = serde_json::from_slice(&bytes).unwrap();
    let ours = schemalint_validate::Validator::new(&schema).unwrap();
    let theirs = jsonschema::validator_for(&schema).unwrap();
    let mut compiler = boon::Compiler::new();
    let mut schemas = boon::Schemas::new();
    compiler.add_resource("urn:bench", schema.clone()).unwrap();
    let index = compiler.compile("urn:bench", &mut schemas).unwrap();
    let bytes = &bytes[..];

    let mut sink = 0usize;
    for _ in 0..n {
        let b = black_box(bytes);
        sink += match contender.as_str() {
            "ours-slice" => ours.is_valid_slice(b) as usize,
            "ours-validate-slice" => ours.validate_slice(b).map_or_else(|e| e.len(), |_| 0),
            "ours-value" => ours.is_valid(black_box(&value)) as usize,
            "ours-validate-value" => ours
                .validate(black_box(&value))
                .map_or_else(|e| e.len(), |_| 0),
            "jsonschema-bytes" => {
                let v: Value = serde_json::from_slice(b).unwrap();
                theirs.is_valid(&v) as usize
            }
            "jsonschema-errors-bytes" => {
                let v: Value = serde_json::from_slice(b).unwrap();
                let errors: Vec<_> = theirs.iter_errors(&v).collect();
                errors.len()
            }
            "jsonschema-value" => theirs.is_valid(black_box(&value)) as usize,
            "boon-bytes" => {
                let v: Value = serde_json::from_slice(b).unwrap();
                schemas.validate(&v, index).is_ok() as usize
            }
            "boon-value" => schemas.validate(black_box(&value), index).is_ok() as usize,
            "floor" => {
                serde_json::from_slice::<serde::de::IgnoredAny>(b).unwrap();
                1
            }
            other => panic!("unknown contender {other}"),
        };
    }
    black_box(sink);
}
