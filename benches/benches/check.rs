//! Lint time of `schemalint check`, end to end from text (parse, detect the wrapper, walk,
//! every rule of the `openai` profile), for:
//! - `small`: the seed weather schema (fixtures/seeds/openai/weather_data.json);
//! - `properties/5000`: 5,000 properties of mixed kinds, the most OpenAI allows (target:
//!   under 5 ms), and `properties/5000-minimal`: 5,000 `{"type": "string"}` properties;
//! - `nested/10` and `nested/200`: object chains 10 levels deep (the limit) and 200 deep;
//! - `growth/<n>`: n properties for n = 500 … 8,000, to show the cost is linear in size.
//!
//! Run: `cargo bench -p schemalint-benches --bench check -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use schemalint_benches::{minimal_wide_schema, nested_schema as nested, wide_schema as wide};
use schemalint_check::{check_str, Profile};

const WEATHER: &str = include_str!("../../fixtures/seeds/openai/weather_data.json");

fn lint(text: &str, profile: &Profile) -> usize {
    check_str("bench.json", text, profile).diagnostics.len()
}

fn bench(c: &mut Criterion) {
    let profile = Profile::builtin("openai").unwrap();

    // Sanity: the inputs are what they claim (clean, or over the depth limit).
    assert_eq!(lint(WEATHER, profile), 0);
    assert_eq!(lint(&wide(5000), profile), 0);
    assert_eq!(lint(&nested(10), profile), 0);
    assert_eq!(lint(&nested(200), profile), 1);

    c.bench_function("check/small", |b| {
        b.iter(|| lint(black_box(WEATHER), profile))
    });

    let text = wide(5000);
    let mut group = c.benchmark_group("check/properties");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("5000", |b| b.iter(|| lint(black_box(&text), profile)));
    // The same count with the smallest property schemas, `{"type": "string"}`, compact.
    let minimal = minimal_wide_schema(5000);
    assert_eq!(lint(&minimal, profile), 0);
    group.throughput(Throughput::Bytes(minimal.len() as u64));
    group.bench_function("5000-minimal", |b| {
        b.iter(|| lint(black_box(&minimal), profile))
    });
    group.finish();

    let mut group = c.benchmark_group("check/nested");
    for depth in [10, 200] {
        let text = nested(depth);
        group.bench_with_input(BenchmarkId::from_parameter(depth), &text, |b, text| {
            b.iter(|| lint(black_box(text), profile))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("check/growth");
    for n in [500, 1000, 2000, 4000, 8000] {
        let text = wide(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| lint(black_box(text), profile))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
