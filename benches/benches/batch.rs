//! The batch path of `schemalint validate`: a Batch API output file (JSON Lines of
//! `{custom_id, response: {body: chat.completion}}`, each message's content a
//! research-paper extraction record that `benches/data/paper.schema.json` accepts), in
//! documents/s and MB/s.
//!
//! Contenders, on the same file and the same schema:
//! - `schemalint_cli/threads-N`: `schemalint validate --schema paper.schema.json
//!   --format concise --quiet --threads N FILE`, run in-process through `schemalint::run_cli`
//!   (reading the file line by line, detecting it as batch output, validating and writing
//!   results in order: what a user runs);
//! - `schemalint_check_reply/threads-1`: the library, `schemalint::replies::check_reply` on
//!   each line of the file already in memory;
//! - `serde_json_jsonschema/threads-1`: what one writes by hand with the peers: each line into
//!   a `serde_json::Value`, the content string out of it, parsed, `jsonschema::Validator::is_valid`;
//! - `floor_serde_ignored_any/threads-1`: each line parsed into `serde::de::IgnoredAny`
//!   (syntax only, content not even decoded).
//!
//! Run: `cargo bench -p schemalint-benches --bench batch` (see BENCHMARKS.md, section
//! "Batch path").

use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use schemalint::replies::{check_reply, Schemas, Status};
use serde_json::Value;

/// Size of the generated file: large enough that starting the CLI (a thread pool, the
/// schema's compilation) is a small part of a run.
const MIN_BYTES: usize = 8 << 20;

fn lines(file: &[u8]) -> impl Iterator<Item = &[u8]> {
    file.split(|&b| b == b'\n').filter(|l| !l.is_empty())
}

fn content(line: &Value) -> &str {
    line["response"]["body"]["choices"][0]["message"]["content"]
        .as_str()
        .expect("every line has content")
}

fn batch(c: &mut Criterion) {
    let schema_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/paper.schema.json");
    let schema: Value =
        serde_json::from_slice(&std::fs::read(&schema_path).expect("paper schema")).unwrap();
    let file = schemalint_benches::batch_output_file(MIN_BYTES);
    let documents = lines(&file).count();
    let path = std::env::temp_dir().join(format!(
        "schemalint-bench-batch-{}.jsonl",
        std::process::id()
    ));
    std::fs::write(&path, &file).expect("write the batch file");

    let schemas = Schemas::single(schemalint::Validator::new(&schema).unwrap());
    let peer = jsonschema::validator_for(&schema).unwrap();
    let ours = || {
        lines(&file).all(|line| {
            let results = check_reply(&schemas, line, None, false).unwrap();
            results.iter().all(|r| r.verdict.status == Status::Valid)
        })
    };
    let by_hand = || {
        lines(&file).all(|line| {
            let line: Value = serde_json::from_slice(line).unwrap();
            let doc: Value = serde_json::from_str(content(&line)).unwrap();
            peer.is_valid(&doc)
        })
    };
    let floor =
        || lines(&file).all(|line| serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok());
    let cli = |threads: &str| {
        schemalint::run_cli([
            "schemalint".as_ref(),
            "validate".as_ref(),
            "--schema".as_ref(),
            schema_path.as_os_str(),
            "--format".as_ref(),
            "concise".as_ref(),
            "--quiet".as_ref(),
            "--threads".as_ref(),
            threads.as_ref(),
            path.as_os_str(),
        ] as [&std::ffi::OsStr; 10])
    };
    // Every contender must find every document valid, or they compare different work.
    assert!(ours() && by_hand() && floor(), "a document is not valid");
    assert_eq!(cli("1"), ExitCode::SUCCESS);
    assert_eq!(cli("2"), ExitCode::SUCCESS);

    let mut group = c.benchmark_group(format!("batch_{documents}docs_{}MB", file.len() >> 20));
    group.throughput(Throughput::Bytes(file.len() as u64));
    group.sample_size(10);
    for threads in ["1", "2"] {
        group.bench_function(format!("schemalint_cli/threads-{threads}"), |b| {
            b.iter(|| black_box(cli(threads)))
        });
    }
    group.bench_function("schemalint_check_reply/threads-1", |b| {
        b.iter(|| black_box(ours()))
    });
    group.bench_function("serde_json_jsonschema/threads-1", |b| {
        b.iter(|| black_box(by_hand()))
    });
    group.bench_function("floor_serde_ignored_any/threads-1", |b| {
        b.iter(|| black_box(floor()))
    });
    group.finish();
    let _ = std::fs::remove_file(&path);
}

criterion_group!(benches, batch);
criterion_main!(benches);
