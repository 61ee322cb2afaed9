//! Benchmarks live in `benches/`; run `cargo bench -p schemalint-benches`.
