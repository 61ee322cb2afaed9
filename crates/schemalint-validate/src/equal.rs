//! JSON equality for `enum`, `const` and `uniqueItems`: numbers compare by value
//! (`1` equals `1.0`), objects ignore key order.

use crate::keywords::Scalar;
use crate::number::{LiteralBuf, Num};
use serde_json::Value;

pub(crate) fn numbers_equal(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return x == y;
    }
    let mut ba = LiteralBuf::new();
    let mut bb = LiteralBuf::new();
    let na = Num::parse(ba.write_number(a));
    let nb = Num::parse(bb.write_number(b));
    na.compare(&nb).is_eq()
}

pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => numbers_equal(x, y),
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| values_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| values_equal(v, w)))
        }
        _ => false,
    }
}

pub(crate) fn scalar_equals(s: &Scalar<'_>, v: &Value) -> bool {
    match (s, v) {
        (Scalar::Null, Value::Null) => true,
        (Scalar::Bool(x), Value::Bool(y)) => x == y,
        (Scalar::String(x), Value::String(y)) => *x == y,
        (Scalar::Number(x), Value::Number(y)) => {
            let mut buf = LiteralBuf::new();
            x.compare(&Num::parse(buf.write_number(y))).is_eq()
        }
        _ => false,
    }
}
