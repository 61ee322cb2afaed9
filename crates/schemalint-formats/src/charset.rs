//! Sets of code points for translated character classes.
//!
//! The translator works out every class itself (union, ECMA case folding, negation) and hands
//! the engines only positive lists of ranges. Besides keeping ECMA's semantics in one place,
//! this sidesteps a regex-syntax 0.8 bug: negating a class whose ranges touch across the
//! surrogate gap (`[^\x{D7FF}\x{E000}]`) turns the empty gap into the range D7FF–E000, so the
//! class wrongly matches both characters.

use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, HirKind};
use std::fmt::Write as _;

/// Inclusive code point ranges; surrogates are never included (a `&str` cannot hold them).
pub(crate) type Ranges = Vec<(u32, u32)>;

const MAX: u32 = 0x10FFFF;
const SURROGATES: (u32, u32) = (0xD800, 0xDFFF);

/// ECMA `\d`.
pub(crate) const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
/// ECMA `\w` (without the `i` additions, which folding brings).
pub(crate) const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// ECMA `\s`: WhiteSpace and LineTerminator.
pub(crate) const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];

/// Adds `low..=high` without its surrogates.
pub(crate) fn push_range(ranges: &mut Ranges, low: u32, high: u32) {
    let high = high.min(MAX);
    if low > high {
        return;
    }
    if high < SURROGATES.0 || low > SURROGATES.1 {
        ranges.push((low, high));
        return;
    }
    if low < SURROGATES.0 {
        ranges.push((low, SURROGATES.0 - 1));
    }
    if high > SURROGATES.1 {
        ranges.push((SURROGATES.1 + 1, high));
    }
}

/// Sorts and merges overlapping or adjacent ranges.
pub(crate) fn canonicalize(ranges: &mut Ranges) {
    ranges.sort_unstable();
    let mut merged: Ranges = Vec::with_capacity(ranges.len());
    for &(low, high) in ranges.iter() {
        match merged.last_mut() {
            Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
            _ => merged.push((low, high)),
        }
    }
    *ranges = merged;
}

/// The complement among Unicode scalar values (`ranges` must be canonical).
pub(crate) fn negate(ranges: &[(u32, u32)]) -> Ranges {
    let mut out = Vec::with_capacity(ranges.len() + 2);
    let mut next = 0u32;
    for &(low, high) in ranges {
        if low > next {
            push_range(&mut out, next, low - 1);
        }
        next = high.saturating_add(1);
    }
    if next <= MAX {
        push_range(&mut out, next, MAX);
    }
    out
}

/// Adds every character that simple case folding makes equivalent to one in the set (ECMA's
/// `Canonicalize` under `u` and `i`). The result is canonical.
pub(crate) fn case_fold(ranges: &Ranges) -> Ranges {
    let class_ranges = ranges.iter().filter_map(|&(low, high)| {
        Some(ClassUnicodeRange::new(
            char::from_u32(low)?,
            char::from_u32(high)?,
        ))
    });
    let mut class = ClassUnicode::new(class_ranges);
    if class.try_case_fold_simple().is_err() {
        // Without case data (never with the default features) the set stays as it is.
        let mut same = ranges.clone();
        canonicalize(&mut same);
        return same;
    }
    let mut folded: Ranges = class
        .ranges()
        .iter()
        .map(|r| (r.start() as u32, r.end() as u32))
        .collect();
    canonicalize(&mut folded);
    folded
}

/// The code points of `\p{spelled}` from the regex engine's own Unicode tables.
pub(crate) fn property(spelled: &str) -> Result<Ranges, String> {
    let hir = regex_syntax::Parser::new()
        .parse(&format!("\\p{{{spelled}}}"))
        .map_err(|e| format!("the regex engine has no data for \\p{{{spelled}}}: {e}"))?;
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Ok(class
            .ranges()
            .iter()
            .map(|r| (r.start() as u32, r.end() as u32))
            .collect()),
        // A one-character property (`\p{Zl}` is U+2028) comes back as a literal.
        HirKind::Literal(literal) => Ok(std::str::from_utf8(&literal.0)
            .map(|text| text.chars().map(|c| (c as u32, c as u32)).collect())
            .unwrap_or_default()),
        _ => Ok(Vec::new()),
    }
}

/// Writes a canonical set as one positive class (or a class that never matches when empty).
pub(crate) fn write_class(out: &mut String, ranges: &[(u32, u32)]) {
    if ranges.is_empty() {
        out.push_str(NOTHING);
        return;
    }
    out.push('[');
    for &(low, high) in ranges {
        push_escaped(out, low);
        if high > low {
            out.push('-');
            push_escaped(out, high);
        }
    }
    out.push(']');
}

/// A class that matches nothing (a `[]`, a lone surrogate, an empty property).
pub(crate) const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";

/// Writes a code point for the engines: ASCII letters and digits as themselves, anything else
/// as `\x{…}`, so nothing is ever read as syntax.
pub(crate) fn push_escaped(out: &mut String, cp: u32) {
    match char::from_u32(cp) {
        Some(c) if c.is_ascii_alphanumeric() => out.push(c),
        _ => {
            let _ = write!(out, "\\x{{{cp:X}}}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negation_skips_surrogates_and_keeps_touching_ranges_apart() {
        let mut set = vec![(0xD7FF, 0xD7FF), (0xE000, 0xE000)];
        canonicalize(&mut set);
        let complement = negate(&set);
        assert_eq!(complement, vec![(0, 0xD7FE), (0xE001, MAX)]);
        assert_eq!(negate(&[]), vec![(0, 0xD7FF), (0xE000, MAX)]);
        assert_eq!(negate(&[(0, MAX)]), Vec::<(u32, u32)>::new());
    }

    #[test]
    fn canonicalize_merges_overlaps_and_neighbours() {
        let mut set = vec![(5, 9), (0, 3), (4, 4), (20, 30), (25, 26)];
        canonicalize(&mut set);
        assert_eq!(set, vec![(0, 9), (20, 30)]);
    }

    #[test]
    fn push_range_drops_surrogates() {
        let mut set = Vec::new();
        push_range(&mut set, 0xD000, 0xE100);
        push_range(&mut set, 0xD800, 0xDFFF);
        push_range(&mut set, 5, 0x11_0000);
        assert_eq!(
            set,
            vec![
                (0xD000, 0xD7FF),
                (0xE000, 0xE100),
                (5, 0xD7FF),
                (0xE000, MAX)
            ]
        );
    }

    #[test]
    fn case_folding_adds_the_ecma_extras() {
        let folded = case_fold(&vec![(u32::from('k'), u32::from('k'))]);
        assert_eq!(folded, vec![(0x4B, 0x4B), (0x6B, 0x6B), (0x212A, 0x212A)]);
    }

    #[test]
    fn one_character_properties_are_not_lost() {
        assert_eq!(property("Zl").unwrap(), vec![(0x2028, 0x2028)]);
        assert_eq!(property("Zp").unwrap(), vec![(0x2029, 0x2029)]);
    }

    #[test]
    fn properties_come_from_the_engine_tables() {
        let letters = property("Lu").unwrap();
        assert!(letters.iter().any(|&(l, h)| l <= 0x41 && 0x41 <= h));
        assert!(property("NoSuchThing").is_err());
    }
}
