//! One module per keyword (or per family of keywords sharing one check):
//! each holds the compiled form, its `compile` function, and the check and
//! message functions that both the `Value` path and the byte path call, so the
//! two cannot drift.

pub(crate) mod applicators;
pub(crate) mod bounds;
pub(crate) mod const_;
pub(crate) mod contains;
pub(crate) mod count;
pub(crate) mod dependent_required;
pub(crate) mod enum_;
pub(crate) mod format;
pub(crate) mod length;
pub(crate) mod multiple_of;
pub(crate) mod pattern;
pub(crate) mod properties;
pub(crate) mod required;
pub(crate) mod type_;
pub(crate) mod unique_items;

/// Short description of an instance for messages: scalars as JSON, strings
/// cut at 64 characters, containers by kind.
pub(crate) fn describe_str(s: &str) -> String {
    // Short strings with nothing to escape are quoted as they are.
    if s.len() <= 64
        && !s
            .bytes()
            .any(|b| b < 0x20 || b == b'"' || b == b'\\' || b >= 0x7f)
    {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return out;
    }
    let cut: String = s.chars().take(64).collect();
    let mut out = serde_json::to_string(&cut).unwrap_or_default();
    if cut.len() < s.len() {
        out.insert(out.len() - 1, '…');
    }
    out
}

/// Instance facts shared by both paths.
#[derive(Clone, Copy)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    Number(crate::number::Num<'a>),
    String(&'a str),
}

impl Scalar<'_> {
    pub(crate) fn describe(&self) -> String {
        match self {
            Scalar::Null => "null".to_owned(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n) => n.display(),
            Scalar::String(s) => describe_str(s),
        }
    }
}

/// Description of any `Value`, matching what the byte path says for the same JSON.
pub(crate) fn describe_value(v: &serde_json::Value) -> String {
    use serde_json::Value;
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => {
            let mut buf = crate::number::LiteralBuf::new();
            crate::number::Num::parse(buf.write_number(n)).display()
        }
        Value::String(s) => describe_str(s),
        Value::Array(_) => "array".to_owned(),
        Value::Object(_) => "object".to_owned(),
    }
}

pub(crate) fn as_count(v: &serde_json::Value) -> Result<u64, String> {
    if let Some(u) = v.as_u64() {
        return Ok(u);
    }
    if let Some(f) = v.as_f64() {
        if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 {
            return Ok(f as u64);
        }
    }
    Err("must be a non-negative integer".to_owned())
}
