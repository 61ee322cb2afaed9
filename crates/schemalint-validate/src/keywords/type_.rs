//! `type`.

use serde_json::Value;

/// JSON types as seen by `type`; `Integer` is a number with an integral value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum InstanceType {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    Integer,
    String,
}

const NAMES: [(&str, u8); 7] = [
    ("null", 1),
    ("boolean", 2),
    ("object", 4),
    ("array", 8),
    ("number", 16),
    ("integer", 32),
    ("string", 64),
];

/// Allowed types as a bit set.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Type(u8);

impl InstanceType {
    fn bit(self) -> u8 {
        match self {
            InstanceType::Null => 1,
            InstanceType::Boolean => 2,
            InstanceType::Object => 4,
            InstanceType::Array => 8,
            InstanceType::Number => 16,
            InstanceType::Integer => 32,
            InstanceType::String => 64,
        }
    }
}

pub(crate) fn compile(v: &Value) -> Result<Type, String> {
    let one = |s: &str| {
        NAMES
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, b)| *b)
            .ok_or_else(|| format!("unknown type {s:?}"))
    };
    match v {
        Value::String(s) => Ok(Type(one(s)?)),
        Value::Array(a) => {
            let mut bits = 0;
            for t in a {
                bits |= one(t.as_str().ok_or("type entries must be strings")?)?;
            }
            Ok(Type(bits))
        }
        _ => Err("must be a string or an array of strings".to_owned()),
    }
}

impl Type {
    pub(crate) fn from_bits(bits: u8) -> Type {
        Type(bits)
    }

    pub(crate) fn bits(self) -> u8 {
        self.0
    }

    /// `t` is the instance's type; integers pass `number` and vice versa for integral numbers.
    pub(crate) fn matches(self, t: InstanceType) -> bool {
        match t {
            InstanceType::Integer => self.0 & (16 | 32) != 0,
            InstanceType::Number => self.0 & 16 != 0,
            other => self.0 & other.bit() != 0,
        }
    }

    pub(crate) fn message(self, described: &str) -> String {
        if self.0 == 0 {
            return format!("{described} is not allowed: `type` lists no types");
        }
        let mut out = String::with_capacity(described.len() + 40);
        out.push_str(described);
        out.push_str(" is not of type ");
        for (i, (name, _)) in NAMES.iter().filter(|(_, b)| self.0 & b != 0).enumerate() {
            if i > 0 {
                out.push_str(" or ");
            }
            out.push('"');
            out.push_str(name);
            out.push('"');
        }
        out
    }
}
