//! `multipleOf`, decided on decimal digits (see `number`).

use crate::number::{Divisor, Num, SchemaNumber};
use serde_json::Value;

pub(crate) struct MultipleOf {
    divisor: Divisor,
    shown: String,
}

pub(crate) fn compile(v: &Value) -> Result<MultipleOf, String> {
    let n = v.as_number().ok_or("must be a number")?;
    let sn = SchemaNumber::from_json(n);
    let divisor =
        Divisor::new(&sn).ok_or("must be a number greater than 0 (and under 2000 digits)")?;
    Ok(MultipleOf {
        divisor,
        shown: sn.view().display(),
    })
}

impl MultipleOf {
    pub(crate) fn check(&self, n: &Num<'_>) -> bool {
        n.is_multiple_of(&self.divisor)
    }

    pub(crate) fn message(&self, n: &Num<'_>) -> String {
        format!("{} is not a multiple of {}", n.display(), self.shown)
    }
}
