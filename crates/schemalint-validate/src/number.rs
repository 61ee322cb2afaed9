//! Exact decimal numbers read from JSON literals.
//!
//! Both paths reduce a number to its literal: the byte path has it in the
//! input, the `Value` path writes `u64`/`i64` exactly and `f64` as the shortest
//! decimal that round-trips (what `{:e}` prints). Every check then works on the
//! decimal digits, so `multipleOf`, bounds and "is an integer" never go
//! through a binary float step and literals of any size compare exactly.

use std::cmp::Ordering;
use std::fmt::Write as _;

/// A JSON number literal, split into its parts and borrowed from the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Num<'a> {
    neg: bool,
    int: &'a [u8],
    frac: &'a [u8],
    /// The literal's exponent, saturated far beyond any real document.
    exp: i64,
}

const EXP_LIMIT: i64 = 1 << 40;

impl<'a> Num<'a> {
    /// Splits a literal that the caller already checked against the JSON grammar.
    pub(crate) fn parse(lit: &'a [u8]) -> Num<'a> {
        let mut i = 0;
        let neg = lit.first() == Some(&b'-');
        if neg {
            i = 1;
        }
        let int_start = i;
        while i < lit.len() && lit[i].is_ascii_digit() {
            i += 1;
        }
        let int = &lit[int_start..i];
        let mut frac: &[u8] = &[];
        if i < lit.len() && lit[i] == b'.' {
            i += 1;
            let s = i;
            while i < lit.len() && lit[i].is_ascii_digit() {
                i += 1;
            }
            frac = &lit[s..i];
        }
        let mut exp: i64 = 0;
        if i < lit.len() && (lit[i] == b'e' || lit[i] == b'E') {
            i += 1;
            let mut eneg = false;
            if i < lit.len() && (lit[i] == b'+' || lit[i] == b'-') {
                eneg = lit[i] == b'-';
                i += 1;
            }
            while i < lit.len() && lit[i].is_ascii_digit() {
                exp = (exp * 10 + i64::from(lit[i] - b'0')).min(EXP_LIMIT);
                i += 1;
            }
            if eneg {
                exp = -exp;
            }
        }
        Num {
            neg,
            int,
            frac,
            exp,
        }
    }

    fn digit(&self, i: usize) -> u8 {
        if i < self.int.len() {
            self.int[i] - b'0'
        } else {
            self.frac[i - self.int.len()] - b'0'
        }
    }

    fn total(&self) -> usize {
        self.int.len() + self.frac.len()
    }

    /// The significant digits as `first..last+1` over int++frac, `None` for zero.
    fn significant(&self) -> Option<(usize, usize)> {
        let n = self.total();
        let first = (0..n).find(|&i| self.digit(i) != 0)?;
        let last = (0..n).rev().find(|&i| self.digit(i) != 0)?;
        Some((first, last + 1))
    }

    /// Power of ten of the digit at position `i` of int++frac.
    fn power_of(&self, i: usize) -> i64 {
        self.int.len() as i64 - 1 - i as i64 + self.exp
    }

    /// Normalised form: digits without leading/trailing zeros, value = digits × 10^exp.
    fn norm(&self) -> Norm<'_, 'a> {
        match self.significant() {
            None => Norm {
                neg: false,
                num: self,
                range: (0, 0),
                exp: 0,
            },
            Some((a, b)) => Norm {
                neg: self.neg,
                num: self,
                range: (a, b),
                exp: self.power_of(b - 1),
            },
        }
    }

    /// True when the value is mathematically an integer (`1.0` and `1e2` are).
    pub(crate) fn is_integer(&self) -> bool {
        if self.frac.is_empty() && self.exp >= 0 {
            return true;
        }
        self.norm().exp >= 0 || self.significant().is_none()
    }

    /// Exact comparison of two literals.
    pub(crate) fn compare(&self, other: &Num<'_>) -> Ordering {
        self.norm().cmp_norm(&other.norm())
    }

    /// True when `self / divisor` is an integer, decided on the decimal digits.
    pub(crate) fn is_multiple_of(&self, divisor: &Divisor) -> bool {
        let n = self.norm();
        let len = n.range.1 - n.range.0;
        if len == 0 {
            return true;
        }
        if n.exp < divisor.exp {
            // Normalised digits do not end in 0, so no power of ten divides them.
            return false;
        }
        let shift = (n.exp - divisor.exp) as u64;
        let digits = (n.range.0..n.range.1).map(|i| self.digit(i));
        match &divisor.digits {
            DivisorDigits::Small(m) => {
                let m = *m;
                let mut r: u128 = 0;
                for d in digits {
                    r = (r * 10 + u128::from(d)) % m;
                }
                r * pow_mod_small(10, shift, m) % m == 0
            }
            DivisorDigits::Big(b) => {
                let r = big::rem_digits(digits, b);
                let p = big::pow10_mod(shift, b);
                big::is_zero(&big::mul_mod(&r, &p, b))
            }
        }
    }

    /// Canonical text for messages: the same for `1.50`, `15e-1` and `1.5`.
    pub(crate) fn display(&self) -> String {
        let n = self.norm();
        let (a, b) = n.range;
        if a == b {
            return "0".to_owned();
        }
        let digits: String = (a..b).map(|i| char::from(b'0' + self.digit(i))).collect();
        let len = digits.len() as i64;
        let point = len + n.exp; // digits before the decimal point
        let mut out = String::new();
        if n.neg {
            out.push('-');
        }
        if point > 0 && point <= 21 {
            if n.exp >= 0 {
                out.push_str(&digits);
                out.extend(std::iter::repeat_n('0', n.exp as usize));
            } else {
                out.push_str(&digits[..point as usize]);
                out.push('.');
                out.push_str(&digits[point as usize..]);
            }
        } else if point <= 0 && point > -6 {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', (-point) as usize));
            out.push_str(&digits);
        } else {
            out.push_str(&digits[..1]);
            if digits.len() > 1 {
                out.push('.');
                out.push_str(&digits[1..]);
            }
            let _ = write!(
                out,
                "e{}{}",
                if point > 0 { "+" } else { "-" },
                (point - 1).abs()
            );
        }
        out
    }
}

fn pow_mod_small(base: u128, mut e: u64, m: u128) -> u128 {
    let mut result = 1 % m;
    let mut b = base % m;
    while e > 0 {
        if e & 1 == 1 {
            result = result * b % m;
        }
        b = b * b % m;
        e >>= 1;
    }
    result
}

struct Norm<'n, 'a> {
    neg: bool,
    num: &'n Num<'a>,
    range: (usize, usize),
    exp: i64,
}

impl Norm<'_, '_> {
    fn is_zero(&self) -> bool {
        self.range.0 == self.range.1
    }

    fn magnitude(&self) -> i64 {
        self.exp + (self.range.1 - self.range.0) as i64 - 1
    }

    fn cmp_abs(&self, other: &Norm<'_, '_>) -> Ordering {
        match self.magnitude().cmp(&other.magnitude()) {
            Ordering::Equal => {}
            o => return o,
        }
        let la = self.range.1 - self.range.0;
        let lb = other.range.1 - other.range.0;
        for i in 0..la.max(lb) {
            let da = if i < la {
                self.num.digit(self.range.0 + i)
            } else {
                0
            };
            let db = if i < lb {
                other.num.digit(other.range.0 + i)
            } else {
                0
            };
            match da.cmp(&db) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    }

    fn cmp_norm(&self, other: &Norm<'_, '_>) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => {
                return if other.neg {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (false, true) => {
                return if self.neg {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            _ => {}
        }
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_abs(other),
            (true, true) => other.cmp_abs(self),
        }
    }
}

/// A number from the schema, owned, with its literal kept for comparisons.
#[derive(Clone, Debug)]
pub(crate) struct SchemaNumber {
    literal: Box<[u8]>,
}

impl SchemaNumber {
    pub(crate) fn from_json(n: &serde_json::Number) -> SchemaNumber {
        let mut buf = LiteralBuf::new();
        let lit = buf.write_number(n);
        SchemaNumber {
            literal: lit.into(),
        }
    }

    /// Schema numbers normally come from a `Value`; tests reach the long-divisor path this way.
    #[cfg(test)]
    fn from_literal(lit: &str) -> SchemaNumber {
        SchemaNumber {
            literal: lit.as_bytes().into(),
        }
    }

    pub(crate) fn view(&self) -> Num<'_> {
        Num::parse(&self.literal)
    }
}

/// A `multipleOf` divisor, normalised once at compile time.
#[derive(Clone, Debug)]
pub(crate) struct Divisor {
    digits: DivisorDigits,
    exp: i64,
}

#[derive(Clone, Debug)]
enum DivisorDigits {
    /// Fits in 19 digits, so remainders fit in `u128` products.
    Small(u128),
    /// Decimal digits, most significant first.
    Big(Vec<u8>),
}

/// Longest divisor accepted, to keep hostile schemas from costing seconds.
const MAX_DIVISOR_DIGITS: usize = 2000;

impl Divisor {
    /// `None` unless the number is strictly positive and of sane length.
    pub(crate) fn new(n: &SchemaNumber) -> Option<Divisor> {
        let v = n.view();
        let norm = v.norm();
        if norm.is_zero() || norm.neg {
            return None;
        }
        let digits: Vec<u8> = (norm.range.0..norm.range.1).map(|i| v.digit(i)).collect();
        if digits.len() > MAX_DIVISOR_DIGITS {
            return None;
        }
        let exp = norm.exp;
        let digits = if digits.len() <= 19 {
            DivisorDigits::Small(digits.iter().fold(0u128, |a, &d| a * 10 + u128::from(d)))
        } else {
            DivisorDigits::Big(digits)
        };
        Some(Divisor { digits, exp })
    }
}

/// Big-number remainders on decimal digit vectors (most significant first).
/// Only used for divisors longer than 19 digits, so simplicity beats speed.
mod big {
    use std::cmp::Ordering;

    fn trim(v: &mut Vec<u8>) {
        let z = v.iter().take_while(|&&d| d == 0).count();
        v.drain(..z);
    }

    fn cmp(a: &[u8], b: &[u8]) -> Ordering {
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    }

    fn sub_in_place(a: &mut Vec<u8>, b: &[u8]) {
        let mut borrow = 0i16;
        let off = a.len() - b.len();
        for i in (0..a.len()).rev() {
            let bd = if i >= off { i16::from(b[i - off]) } else { 0 };
            let mut d = i16::from(a[i]) - bd - borrow;
            borrow = 0;
            if d < 0 {
                d += 10;
                borrow = 1;
            }
            a[i] = d as u8;
        }
        trim(a);
    }

    fn reduce(r: &mut Vec<u8>, m: &[u8]) {
        trim(r);
        while cmp(r, m) != Ordering::Less {
            sub_in_place(r, m);
        }
    }

    fn add_in_place(a: &mut Vec<u8>, b: &[u8]) {
        let n = a.len().max(b.len()) + 1;
        let mut out = vec![0u8; n];
        let mut carry = 0u8;
        for i in 0..n {
            let da = if i < a.len() { a[a.len() - 1 - i] } else { 0 };
            let db = if i < b.len() { b[b.len() - 1 - i] } else { 0 };
            let s = da + db + carry;
            out[n - 1 - i] = s % 10;
            carry = s / 10;
        }
        *a = out;
        trim(a);
    }

    pub(super) fn rem_digits(digits: impl Iterator<Item = u8>, m: &[u8]) -> Vec<u8> {
        let mut r = Vec::new();
        for d in digits {
            r.push(d);
            reduce(&mut r, m);
        }
        r
    }

    pub(super) fn mul_mod(a: &[u8], b: &[u8], m: &[u8]) -> Vec<u8> {
        let mut r: Vec<u8> = Vec::new();
        for &d in b {
            r.push(0);
            reduce(&mut r, m);
            for _ in 0..d {
                add_in_place(&mut r, a);
                reduce(&mut r, m);
            }
        }
        r
    }

    pub(super) fn pow10_mod(mut e: u64, m: &[u8]) -> Vec<u8> {
        let mut result = rem_digits([1u8].into_iter(), m);
        let mut base = rem_digits([1u8, 0].into_iter(), m);
        while e > 0 {
            if e & 1 == 1 {
                result = mul_mod(&result, &base, m);
            }
            base = mul_mod(&base, &base, m);
            e >>= 1;
        }
        result
    }

    pub(super) fn is_zero(v: &[u8]) -> bool {
        v.iter().all(|&d| d == 0)
    }
}

/// A stack buffer holding the literal of a `serde_json::Number`.
pub(crate) struct LiteralBuf {
    buf: [u8; 48],
    len: usize,
}

impl std::fmt::Write for LiteralBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl LiteralBuf {
    pub(crate) fn new() -> LiteralBuf {
        LiteralBuf {
            buf: [0; 48],
            len: 0,
        }
    }

    /// Writes `n` as a JSON literal: integers exactly, floats as the shortest
    /// round-tripping decimal in exponent form.
    pub(crate) fn write_number(&mut self, n: &serde_json::Number) -> &[u8] {
        self.len = 0;
        let _ = if let Some(u) = n.as_u64() {
            write!(self, "{u}")
        } else if let Some(i) = n.as_i64() {
            write!(self, "{i}")
        } else {
            let f = n.as_f64().unwrap_or(0.0);
            if f.is_finite() {
                write!(self, "{f:e}")
            } else {
                write!(self, "0")
            }
        };
        &self.buf[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Num<'_> {
        Num::parse(s.as_bytes())
    }

    fn div(s: &str) -> Divisor {
        Divisor::new(&SchemaNumber::from_literal(s)).unwrap()
    }

    #[test]
    fn schema_numbers_from_values_keep_their_decimal() {
        let v: serde_json::Value =
            serde_json::from_str("[0.1, 18446744073709551615, -5, 1e300]").unwrap();
        let shown: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                SchemaNumber::from_json(x.as_number().unwrap())
                    .view()
                    .display()
            })
            .collect();
        assert_eq!(shown, ["0.1", "18446744073709551615", "-5", "1e+300"]);
    }

    #[test]
    fn integers_are_recognised_exactly() {
        assert!(n("1.0").is_integer());
        assert!(n("1e2").is_integer());
        assert!(n("1.5e1").is_integer());
        assert!(!n("1.5").is_integer());
        assert!(!n("15e-1").is_integer());
        assert!(n("0.0").is_integer());
        assert!(n("1e400").is_integer());
        assert!(!n("1e-400").is_integer());
    }

    #[test]
    fn comparisons_are_exact() {
        assert_eq!(n("1.0").compare(&n("1")), Ordering::Equal);
        assert_eq!(n("-0").compare(&n("0")), Ordering::Equal);
        assert_eq!(
            n("18446744073709551616").compare(&n("18446744073709551615")),
            Ordering::Greater
        );
        assert_eq!(n("-2").compare(&n("-10")), Ordering::Greater);
        assert_eq!(n("1e400").compare(&n("9e399")), Ordering::Greater);
        assert_eq!(n("0.1").compare(&n("1e-1")), Ordering::Equal);
    }

    #[test]
    fn multiple_of_uses_decimal_digits() {
        assert!(n("0.0075").is_multiple_of(&div("0.0001")));
        assert!(!n("0.00751").is_multiple_of(&div("0.0001")));
        assert!(n("1070468.14").is_multiple_of(&div("0.01")));
        assert!(n("12391239123").is_multiple_of(&div("1e-8")));
        assert!(!n("1e308").is_multiple_of(&div("0.123456789")));
        assert!(n("1e400").is_multiple_of(&div("5")));
        assert!(!n("7").is_multiple_of(&div("2")));
        let big = "3".repeat(30);
        let nine = "9".repeat(30);
        assert!(n(&nine).is_multiple_of(&div(&big)));
        assert!(!n(&format!("{nine}1")).is_multiple_of(&div(&big)));
        assert!(n(&format!("{nine}e50")).is_multiple_of(&div(&big)));
    }

    #[test]
    fn display_is_canonical() {
        assert_eq!(n("1.50").display(), "1.5");
        assert_eq!(n("15e-1").display(), "1.5");
        assert_eq!(n("100").display(), "100");
        assert_eq!(n("1e400").display(), "1e+400");
        assert_eq!(n("-0.001").display(), "-0.001");
        assert_eq!(n("1e-7").display(), "1e-7");
    }
}
