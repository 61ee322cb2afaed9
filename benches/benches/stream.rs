//! `Validator::stream()` against `Validator::validate_slice` on the same bytes:
//! the whole reply at once, and the reply fed in 16-byte deltas as a model's
//! stream delivers it (then `finish`). Inputs from `benches/data/`: the math
//! steps reply (strict schema, everything streamed), the research-paper
//! extraction reply, and the recursive linked list whose `anyOf` makes the
//! stream buffer values until they close.
//!
//! Run: `cargo bench -p schemalint-benches --bench stream`
//! (see BENCHMARKS.md, section "Streaming validation").

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use schemalint_validate::{Progress, Validator};
use serde_json::Value;
use std::hint::black_box;
use std::path::PathBuf;

fn read(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Feeds `bytes` in `chunk`-byte pieces and returns the verdict.
fn streamed(v: &Validator, bytes: &[u8], chunk: usize) -> bool {
    let mut s = v.stream();
    for piece in bytes.chunks(chunk) {
        if let Progress::Invalid(_) = s.feed(piece) {
            return false;
        }
    }
    s.finish().is_ok()
}

fn bench(c: &mut Criterion) {
    for name in ["math", "paper", "linked_list"] {
        let schema: Value =
            serde_json::from_slice(&read(&format!("{name}.schema.json"))).expect("JSON schema");
        let v = Validator::new(&schema).expect("schema compiles");
        let reply = read(&format!("{name}.valid.json"));
        assert!(v.is_valid_slice(&reply));
        assert!(streamed(&v, &reply, 16));
        let mut group = c.benchmark_group(format!("stream/{name}"));
        group.throughput(Throughput::Bytes(reply.len() as u64));
        group.bench_function("validate_slice", |b| {
            b.iter(|| v.validate_slice(black_box(&reply)).is_ok())
        });
        group.bench_function("stream_whole", |b| {
            b.iter(|| streamed(&v, black_box(&reply), reply.len()))
        });
        group.bench_function("stream_16_byte_deltas", |b| {
            b.iter(|| streamed(&v, black_box(&reply), 16))
        });
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
