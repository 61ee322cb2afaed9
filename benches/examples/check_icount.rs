//! Lints one generated schema `N` times with the `openai` profile, for counting
//! instructions under valgrind (`benches/check_icount.sh`): unlike wall time, a busy
//! machine does not change the count. Per lint = (count at N − count at 0) / N.
//!
//! Usage: `check_icount <input> <N>` where input is `wide-<n>` (the mixed schema of the
//! `check/properties` bench), `minimal-<n>` or `nested-<depth>`.

use std::hint::black_box;

use schemalint_benches::{minimal_wide_schema, nested_schema, wide_schema};
use schemalint_check::{check_str, Profile};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, n] = &args[..] else {
        eprintln!("usage: check_icount <wide-N|minimal-N|nested-N> <iterations>");
        std::process::exit(2);
    };
    let iterations: usize = n.parse().expect("iterations is a number");
    let (kind, size) = input.split_once('-').expect("input is <kind>-<size>");
    let size: usize = size.parse().expect("size is a number");
    let text = match kind {
        "wide" => wide_schema(size),
        "minimal" => minimal_wide_schema(size),
        "nested" => nested_schema(size),
        _ => panic!("unknown input kind {kind}"),
    };
    let profile = Profile::builtin("openai").expect("built-in profile");
    let mut findings = 0;
    for _ in 0..iterations {
        findings += check_str("bench.json", black_box(&text), profile)
            .diagnostics
            .len();
    }
    println!("{findings}");
}
