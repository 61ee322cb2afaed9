//! RFC 3339 `full-date`, `full-time`, `date-time` and appendix A `duration`.

/// Reads ASCII decimal digits (and nothing else) as a number.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn date_bytes(b: &[u8]) -> bool {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(year), Some(month), Some(day)) = (number(&b[..4]), number(&b[5..7]), number(&b[8..]))
    else {
        return false;
    };
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

fn time_bytes(b: &[u8]) -> bool {
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (number(&b[..2]), number(&b[3..5]), number(&b[6..8]))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut i = 8;
    if b[i] == b'.' {
        let fraction_start = i + 1;
        i = fraction_start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == fraction_start {
            return false;
        }
    }
    // Offset in minutes east of UTC.
    let offset: i32 = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let (Some(oh), Some(om)) = (number(&[*h1, *h2]), number(&[*m1, *m2])) else {
                return false;
            };
            if oh > 23 || om > 59 {
                return false;
            }
            let minutes = (oh * 60 + om) as i32;
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return false,
    };
    if second == 60 {
        // A leap second is only ever 23:59:60 UTC.
        let utc = ((hour * 60 + minute) as i32 - offset).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// RFC 3339 `full-date`: `YYYY-MM-DD`.
pub(super) fn is_date(value: &str) -> bool {
    date_bytes(value.as_bytes())
}

/// RFC 3339 `full-time`: `HH:MM:SS[.frac](Z|±HH:MM)`, leap seconds only at 23:59:60 UTC.
pub(super) fn is_time(value: &str) -> bool {
    time_bytes(value.as_bytes())
}

/// RFC 3339 `date-time`: `full-date` `T` `full-time` (`T`/`Z` in either case).
pub(super) fn is_date_time(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() > 11 && matches!(b[10], b'T' | b't') && date_bytes(&b[..10]) && time_bytes(&b[11..])
}

/// RFC 3339 appendix A `duration`, which is stricter than ISO 8601: integers only, units in
/// order with none skipped inside the date or the time part (`P1Y2D` is invalid), weeks alone.
pub(super) fn is_duration(value: &str) -> bool {
    let b = value.as_bytes();
    let Some(rest) = b.strip_prefix(b"P") else {
        return false;
    };
    let (date, time) = match rest.iter().position(|&c| c == b'T') {
        Some(t) => (&rest[..t], Some(&rest[t + 1..])),
        None => (rest, None),
    };
    let Some(date_units) = units(date) else {
        return false;
    };
    let date_ok = matches!(
        date_units.as_slice(),
        b"" | b"Y" | b"YM" | b"YMD" | b"M" | b"MD" | b"D" | b"W"
    );
    if !date_ok {
        return false;
    }
    match time {
        None => !date_units.is_empty(),
        Some(time) => {
            date_units.as_slice() != b"W"
                && units(time).is_some_and(|u| {
                    matches!(u.as_slice(), b"H" | b"HM" | b"HMS" | b"M" | b"MS" | b"S")
                })
        }
    }
}

/// The unit letters of `1*DIGIT unit` components, at most three; `None` on anything else.
fn units(b: &[u8]) -> Option<UnitList> {
    let mut list = UnitList::default();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i == b.len() || !b[i].is_ascii_uppercase() {
            return None;
        }
        list.push(b[i])?;
        i += 1;
    }
    Some(list)
}

#[derive(Default)]
struct UnitList {
    letters: [u8; 3],
    len: usize,
}

impl UnitList {
    fn push(&mut self, letter: u8) -> Option<()> {
        *self.letters.get_mut(self.len)? = letter;
        self.len += 1;
        Some(())
    }

    fn as_slice(&self) -> &[u8] {
        &self.letters[..self.len]
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }
}
