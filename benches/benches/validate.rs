//! schemalint-validate against `jsonschema` 0.60 and `boon` 0.6, with the
//! parsing floor (`serde_json` into `IgnoredAny`), on the same inputs.
//!
//! Inputs (all under `benches/data/`): strict schemas from the OpenAI
//! Structured Outputs guide (seed 002: math steps, recursive UI, research-paper
//! extraction, content moderation) with an LLM-sized valid reply each and an
//! invalid reply each; the seed's explicitly recursive linked list (`$ref`
//! inside `anyOf`) and a user record with formats and a pattern; plus a
//! ≥ 500 KB array of extraction records and a 5,000-product catalog, generated
//! deterministically here.
//!
//! Names: `<group>/<contender>`, where a contender ends in `bytes` when it
//! starts from the raw reply (end to end) and in `value` when it is handed an
//! already parsed `serde_json::Value` (validation only).
//!
//! Run: `cargo bench -p schemalint-benches --bench validate`
//! (see BENCHMARKS.md, section "Validator (schemalint-validate)").

use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};
use serde_json::Value;
use std::hint::black_box;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data")
}

fn read(name: &str) -> Vec<u8> {
    let path = data_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("bench data is JSON")
}

/// Every contender compiled once from the same schema.
struct Contenders {
    ours: schemalint_validate::Validator,
    jsonschema: jsonschema::Validator,
    boon_schemas: boon::Schemas,
    boon_index: boon::SchemaIndex,
}

impl Contenders {
    fn new(schema: &Value) -> Contenders {
        let ours = schemalint_validate::Validator::new(schema).expect("schemalint compiles");
        let jsonschema = jsonschema::validator_for(schema).expect("jsonschema compiles");
        let mut compiler = boon::Compiler::new();
        let mut boon_schemas = boon::Schemas::new();
        compiler
            .add_resource("urn:bench", schema.clone())
            .expect("boon accepts the schema");
        let boon_index = compiler
            .compile("urn:bench", &mut boon_schemas)
            .expect("boon compiles");
        Contenders {
            ours,
            jsonschema,
            boon_schemas,
            boon_index,
        }
    }

    /// Every contender must reach `expected` on `bytes`, or the timings compare
    /// different work.
    fn check_verdicts(&self, label: &str, bytes: &[u8], expected: bool) {
        let value = parse(bytes);
        let verdicts = [
            ("schemalint is_valid_slice", self.ours.is_valid_slice(bytes)),
            (
                "schemalint validate_slice",
                self.ours.validate_slice(bytes).is_ok(),
            ),
            ("schemalint is_valid", self.ours.is_valid(&value)),
            ("jsonschema is_valid", self.jsonschema.is_valid(&value)),
            (
                "boon validate",
                self.boon_schemas.validate(&value, self.boon_index).is_ok(),
            ),
        ];
        for (who, got) in verdicts {
            assert_eq!(got, expected, "{label}: {who} disagrees");
        }
        if !expected {
            let ours = self.ours.validate_slice(bytes).unwrap_err().len();
            let ours_value = self.ours.validate(&value).unwrap_err().len();
            assert_eq!(ours, ours_value, "{label}: bytes and value paths disagree");
        }
    }
}

fn set_throughput(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, n: usize) {
    group.throughput(Throughput::Bytes(n as u64));
}

/// The valid-reply contenders: end to end from bytes, value only, and the floor.
/// The peers from bytes (parse to a `Value`, then validate) and the parsing floor: the same
/// contenders for valid and invalid documents.
fn bench_peers_on_bytes(
    group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>,
    k: &Contenders,
    bytes: &[u8],
) {
    group.bench_function("jsonschema_is_valid/bytes", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_slice(black_box(bytes)).unwrap();
            k.jsonschema.is_valid(&v)
        })
    });
    group.bench_function("boon_validate/bytes", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_slice(black_box(bytes)).unwrap();
            k.boon_schemas.validate(&v, k.boon_index).is_ok()
        })
    });
    group.bench_function("floor_serde_ignored_any/bytes", |b| {
        b.iter(|| {
            serde_json::from_slice::<serde::de::IgnoredAny>(black_box(bytes)).unwrap();
        })
    });
}

fn bench_valid(c: &mut Criterion, group_name: &str, schema: &Value, bytes: &[u8]) {
    let k = Contenders::new(schema);
    k.check_verdicts(group_name, bytes, true);
    let value = parse(bytes);

    let mut group = c.benchmark_group(group_name);
    set_throughput(&mut group, bytes.len());

    group.bench_function("schemalint_is_valid_slice/bytes", |b| {
        b.iter(|| k.ours.is_valid_slice(black_box(bytes)))
    });
    group.bench_function("schemalint_validate_slice/bytes", |b| {
        b.iter(|| k.ours.validate_slice(black_box(bytes)).is_ok())
    });
    bench_peers_on_bytes(&mut group, &k, bytes);
    group.bench_function("schemalint_is_valid/value", |b| {
        b.iter(|| k.ours.is_valid(black_box(&value)))
    });
    group.bench_function("jsonschema_is_valid/value", |b| {
        b.iter(|| k.jsonschema.is_valid(black_box(&value)))
    });
    group.bench_function("boon_validate/value", |b| {
        b.iter(|| {
            k.boon_schemas
                .validate(black_box(&value), k.boon_index)
                .is_ok()
        })
    });
    group.finish();
}

/// Invalid replies: collect-all-errors mode against bool mode.
fn bench_invalid(c: &mut Criterion, group_name: &str, schema: &Value, bytes: &[u8]) {
    let k = Contenders::new(schema);
    k.check_verdicts(group_name, bytes, false);
    let value = parse(bytes);

    let mut group = c.benchmark_group(group_name);
    set_throughput(&mut group, bytes.len());

    group.bench_function("schemalint_validate_slice/bytes", |b| {
        b.iter(|| k.ours.validate_slice(black_box(bytes)).unwrap_err().len())
    });
    group.bench_function("schemalint_is_valid_slice/bytes", |b| {
        b.iter(|| k.ours.is_valid_slice(black_box(bytes)))
    });
    group.bench_function("jsonschema_iter_errors/bytes", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_slice(black_box(bytes)).unwrap();
            let errors: Vec<_> = k.jsonschema.iter_errors(&v).collect();
            errors.len()
        })
    });
    bench_peers_on_bytes(&mut group, &k, bytes);
    group.bench_function("schemalint_validate/value", |b| {
        b.iter(|| k.ours.validate(black_box(&value)).unwrap_err().len())
    });
    group.bench_function("jsonschema_iter_errors/value", |b| {
        b.iter(|| k.jsonschema.iter_errors(black_box(&value)).count())
    });
    group.finish();
}

const REPLIES: &[&str] = &[
    "math",
    "ui",
    "paper",
    "moderation",
    "linked_list",
    "extraction",
];

fn llm_replies(c: &mut Criterion) {
    for name in REPLIES {
        let schema = parse(&read(&format!("{name}.schema.json")));
        let bytes = read(&format!("{name}.valid.json"));
        bench_valid(
            c,
            &format!("valid_{name}_{}B", bytes.len()),
            &schema,
            &bytes,
        );
    }
}

fn invalid_replies(c: &mut Criterion) {
    for name in REPLIES {
        let schema = parse(&read(&format!("{name}.schema.json")));
        let bytes = read(&format!("{name}.invalid.json"));
        bench_invalid(
            c,
            &format!("invalid_{name}_{}B", bytes.len()),
            &schema,
            &bytes,
        );
    }
}

fn large_document(c: &mut Criterion) {
    let record = parse(&read("paper.schema.json"));
    let schema = serde_json::json!({"type": "array", "items": record});
    let bytes = schemalint_benches::large_extraction_document(512 * 1024);
    bench_valid(
        c,
        &format!("large_papers_{}KB", bytes.len() / 1024),
        &schema,
        &bytes,
    );
}

/// Many small values: 5,000 products with eight members each.
fn catalog(c: &mut Criterion) {
    let bytes = schemalint_benches::catalog_document(5000);
    bench_valid(
        c,
        &format!("catalog_5000_{}KB", bytes.len() / 1024),
        &schemalint_benches::catalog_schema(),
        &bytes,
    );
}

criterion_group!(
    benches,
    llm_replies,
    invalid_replies,
    large_document,
    catalog
);
criterion_main!(benches);
