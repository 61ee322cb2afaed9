//! RFC 3492 Punycode, for `xn--` labels.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

/// Decodes the part of a label after `xn--` into `out`; `None` if it is not valid Punycode.
pub(super) fn decode(input: &str, out: &mut Vec<char>) -> Option<()> {
    out.clear();
    let (basic, extended) = match input.rfind('-') {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => ("", input),
    };
    for c in basic.chars() {
        if !c.is_ascii() {
            return None;
        }
        out.push(c);
    }
    let mut n = INITIAL_N;
    let mut i: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut digits = extended.bytes();
    let mut pending = digits.len();
    while pending > 0 {
        let old_i = i;
        let mut weight: u32 = 1;
        let mut k = BASE;
        loop {
            let byte = digits.next()?;
            pending -= 1;
            let digit = match byte {
                b'a'..=b'z' => byte - b'a',
                b'A'..=b'Z' => byte - b'A',
                b'0'..=b'9' => byte - b'0' + 26,
                _ => return None,
            } as u32;
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            weight = weight.checked_mul(BASE - t)?;
            k += BASE;
        }
        let length = out.len() as u32 + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(())
}

fn digit_char(d: u32) -> char {
    if d < 26 {
        (b'a' + d as u8) as char
    } else {
        (b'0' + (d - 26) as u8) as char
    }
}

/// Encodes `input` as Punycode (without the `xn--` prefix) into `out`.
pub(super) fn encode(input: &[char], out: &mut String) -> Option<()> {
    out.clear();
    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let basic = input.iter().filter(|c| c.is_ascii()).count() as u32;
    out.extend(input.iter().filter(|c| c.is_ascii()));
    if basic > 0 {
        out.push('-');
    }
    let mut handled = basic;
    while (handled as usize) < input.len() {
        let m = input.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in input {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    out.push(digit_char(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit_char(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(encoded: &str, expected: &str) {
        let mut chars = Vec::new();
        decode(encoded, &mut chars).expect("valid punycode");
        assert_eq!(chars.iter().collect::<String>(), expected);
        let mut again = String::new();
        encode(&chars, &mut again).expect("encodable");
        assert_eq!(again, encoded);
    }

    #[test]
    fn rfc_3492_samples_round_trip() {
        round_trip("9n2bp8q", "실례");
        round_trip("bcher-kva", "bücher");
        round_trip("ihqwcrb4cv8a8dqg056pqjye", "他们为什么不说中文");
    }

    #[test]
    fn rejects_invalid_digits_and_overflow() {
        let mut chars = Vec::new();
        assert!(decode("X", &mut chars).is_none());
        assert!(decode("a_b", &mut chars).is_none());
        assert!(decode("99999999999999", &mut chars).is_none());
    }
}
