//! IDNA2008 U-label rules: RFC 5891 §5.4, RFC 5892 (derived properties and contextual rules)
//! and RFC 5893 (the Bidi rule), from tables generated out of the UCD (`idna_tables.rs`).
//!
//! Deliberate leniencies: ASCII capitals count as their lowercase letters (as DNS compares
//! them), and labels are not required to be in NFC (the suite's `idn-email` tests accept
//! `cafe\u{301}`).

#[path = "idna_tables.rs"]
mod tables;

/// Bit layout of a `CHAR_INFO` value.
#[derive(Clone, Copy)]
pub(super) struct CharInfo(u16);

/// RFC 5892 derived properties (DISALLOWED and UNASSIGNED are 0).
pub(super) mod derived {
    pub const PVALID: u16 = 1;
    pub const CONTEXTJ: u16 = 2;
    pub const CONTEXTO: u16 = 3;
}

/// RFC 5893 Bidi classes (the values `bidi()` returns).
pub(super) mod bidi {
    pub const L: u16 = 0;
    pub const R: u16 = 1;
    pub const AL: u16 = 2;
    pub const AN: u16 = 3;
    pub const EN: u16 = 4;
    pub const ES: u16 = 5;
    pub const CS: u16 = 6;
    pub const ET: u16 = 7;
    pub const ON: u16 = 8;
    pub const BN: u16 = 9;
    pub const NSM: u16 = 10;
}

mod joining {
    pub const D: u16 = 1;
    pub const R: u16 = 2;
    pub const L: u16 = 3;
    pub const T: u16 = 4;
}

mod script {
    pub const GREEK: u16 = 1;
    pub const HEBREW: u16 = 2;
    pub const HIRAGANA_KATAKANA_HAN: u16 = 3;
}

impl CharInfo {
    pub(super) fn of(c: char) -> CharInfo {
        let cp = c as u32;
        let table = tables::CHAR_INFO;
        let index = table.partition_point(|&(_, last, _)| last < cp);
        CharInfo(table.get(index).map_or(0, |&(_, _, info)| info))
    }

    fn derived(self) -> u16 {
        self.0 & 0b11
    }

    pub(super) fn bidi(self) -> u16 {
        (self.0 >> 2) & 0b1111
    }

    fn joining(self) -> u16 {
        (self.0 >> 6) & 0b111
    }

    fn is_virama(self) -> bool {
        self.0 & (1 << 9) != 0
    }

    fn script(self) -> u16 {
        (self.0 >> 10) & 0b11
    }

    fn is_mark(self) -> bool {
        self.0 & (1 << 12) != 0
    }
}

/// Checks one U-label (already split off, non-empty) except for the Bidi rule, which depends
/// on the whole domain name ([`bidi_rule`]).
pub(super) fn is_valid_u_label(label: &[char]) -> bool {
    let Some((&first, _)) = label.split_first() else {
        return false;
    };
    if first == '-' || label.last() == Some(&'-') {
        return false;
    }
    if label.len() >= 4 && label[2] == '-' && label[3] == '-' {
        return false;
    }
    if CharInfo::of(first).is_mark() {
        return false;
    }
    for (i, &c) in label.iter().enumerate() {
        if c.is_ascii_uppercase() {
            continue;
        }
        let info = CharInfo::of(c);
        let ok = match info.derived() {
            derived::PVALID => true,
            derived::CONTEXTJ => context_j(label, i),
            derived::CONTEXTO => context_o(label, i),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    true
}

/// RFC 5892 appendix A.1 and A.2 (ZERO WIDTH NON-JOINER and JOINER).
fn context_j(label: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| CharInfo::of(label[j]));
    if before.is_some_and(CharInfo::is_virama) {
        return true;
    }
    if label[i] != '\u{200C}' {
        return false;
    }
    // (Joining_Type:{L,D})(Joining_Type:T)*\u200C(Joining_Type:T)*(Joining_Type:{R,D})
    let left = label[..i]
        .iter()
        .rev()
        .map(|&c| CharInfo::of(c).joining())
        .find(|&j| j != joining::T);
    let right = label[i + 1..]
        .iter()
        .map(|&c| CharInfo::of(c).joining())
        .find(|&j| j != joining::T);
    matches!(left, Some(joining::L | joining::D)) && matches!(right, Some(joining::R | joining::D))
}

/// RFC 5892 appendix A.3 to A.9.
fn context_o(label: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| label[j]);
    let after = label.get(i + 1).copied();
    match label[i] {
        '\u{00B7}' => before == Some('l') && after == Some('l'),
        '\u{0375}' => after.is_some_and(|c| CharInfo::of(c).script() == script::GREEK),
        '\u{05F3}' | '\u{05F4}' => {
            before.is_some_and(|c| CharInfo::of(c).script() == script::HEBREW)
        }
        '\u{30FB}' => label
            .iter()
            .any(|&c| CharInfo::of(c).script() == script::HIRAGANA_KATAKANA_HAN),
        '\u{0660}'..='\u{0669}' => !label.iter().any(|c| ('\u{06F0}'..='\u{06F9}').contains(c)),
        '\u{06F0}'..='\u{06F9}' => !label.iter().any(|c| ('\u{0660}'..='\u{0669}').contains(c)),
        _ => false,
    }
}

/// Whether a label makes its domain a "Bidi domain name" (RFC 5893 §1.4): it holds a
/// right-to-left character (Bidi class R, AL or AN).
pub(super) fn has_rtl(label: impl Iterator<Item = char>) -> bool {
    label
        .into_iter()
        .any(|c| matches!(CharInfo::of(c).bidi(), bidi::R | bidi::AL | bidi::AN))
}

/// RFC 5893 §2: the Bidi rule, for every label of a Bidi domain name.
pub(super) fn bidi_rule(label: impl Iterator<Item = char> + Clone) -> bool {
    use bidi::*;
    let mut classes = label.map(|c| CharInfo::of(c).bidi());
    let Some(first) = classes.clone().next() else {
        return false;
    };
    let last_non_nsm = classes.clone().filter(|&b| b != NSM).last();
    match first {
        R | AL => {
            let mut has_en = false;
            let mut has_an = false;
            let all_allowed = classes.all(|b| {
                has_en |= b == EN;
                has_an |= b == AN;
                matches!(b, R | AL | AN | EN | ES | CS | ET | ON | BN | NSM)
            });
            all_allowed && !(has_en && has_an) && matches!(last_non_nsm, Some(R | AL | EN | AN))
        }
        L => {
            classes.all(|b| matches!(b, L | EN | ES | CS | ET | ON | BN | NSM))
                && matches!(last_non_nsm, Some(L | EN))
        }
        _ => false,
    }
}
