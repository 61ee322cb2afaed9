//! Rough per-call timings of the format checks and pattern matching (a sanity check, not a
//! benchmark suite): `cargo run --release -p schemalint-formats --example throughput`.

use schemalint_formats::{format, regex::Pattern};
use std::hint::black_box;
use std::time::Instant;

fn time(label: &str, mut f: impl FnMut() -> bool) {
    let iterations = 200_000u32;
    let mut sink = 0u32;
    let started = Instant::now();
    for _ in 0..iterations {
        sink += u32::from(black_box(f()));
    }
    let per_call = started.elapsed().as_nanos() as f64 / f64::from(iterations);
    println!("{label:<48} {per_call:>8.1} ns/call  (true {sink}x)");
}

fn main() {
    let samples = [
        ("date-time", "2024-05-01T12:34:56.789+02:00"),
        ("date", "2024-05-01"),
        ("time", "12:34:56Z"),
        ("duration", "P1Y2M3DT4H5M6S"),
        ("email", "first.last@example.com"),
        ("idn-email", "δοκιμή@παράδειγμα.δοκιμή"),
        ("hostname", "api.eu-west-1.example.com"),
        ("idn-hostname", "bücher.example"),
        ("ipv4", "192.168.100.200"),
        ("ipv6", "2001:db8::8a2e:370:7334"),
        ("uri", "https://example.com/a/b?c=d#e"),
        ("uri-reference", "../a/b?c=d"),
        ("iri", "https://παράδειγμα.δοκιμή/ü"),
        ("uuid", "2eb8aa08-aa98-11ea-b4aa-73b441d16380"),
        ("uri-template", "/users/{id}{?fields*}"),
        ("json-pointer", "/a/b~1c/0"),
        ("relative-json-pointer", "1/a/b"),
        ("regex", r"^(?<y>\d{4})-(?<m>\d{2})$"),
    ];
    for (name, value) in samples {
        let check = format::checker(name).expect("known format");
        assert!(check(value), "{name}: {value}");
        time(&format!("format {name}"), || check(black_box(value)));
    }
    time("format::check(\"date\") incl. name lookup", || {
        format::check(black_box("date"), black_box("2024-05-01")) == Some(true)
    });
    let patterns = [
        (r"^[a-z0-9_]{3,16}$", "user_name42"),
        (r"^\d{3}-\d{4}$", "555-1234"),
        (r"^\p{Lu}\p{Ll}+$", "Ärger"),
        (r"\bcat\b", "the cat sat on the mat and purred at the dog"),
        (r"^(?!admin$)\w+$", "alice"),
        (r"(?<=\$)\d+", "price: $42"),
    ];
    for (source, haystack) in patterns {
        let pattern = Pattern::new(source).expect("valid pattern");
        assert!(pattern.is_match(haystack).unwrap());
        time(&format!("is_match {source}"), || {
            pattern.is_match(black_box(haystack)).unwrap_or(false)
        });
    }
    let started = Instant::now();
    for _ in 0..1000 {
        black_box(Pattern::new(black_box(r"^[\p{L}\d_-]{1,64}$")).is_ok());
    }
    println!(
        "{:<48} {:>8.1} µs/call",
        "Pattern::new ^[\\p{L}\\d_-]{1,64}$",
        started.elapsed().as_micros() as f64 / 1000.0
    );
    let started = Instant::now();
    for _ in 0..100 {
        black_box(::regex::Regex::new(black_box(r"^[\p{L}0-9_-]{1,64}$")).is_ok());
    }
    println!(
        "{:<48} {:>8.1} µs/call",
        "regex::Regex::new (direct, for comparison)",
        started.elapsed().as_micros() as f64 / 100.0
    );
}
