//! `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` (and draft-04's
//! boolean `exclusive*` folded into the bound at compile time).

use crate::number::{Num, SchemaNumber};
use std::cmp::Ordering;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BoundKind {
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
}

pub(crate) struct Bound {
    pub(crate) kind: BoundKind,
    limit: SchemaNumber,
}

pub(crate) fn compile(kind: BoundKind, v: &serde_json::Value) -> Result<Bound, String> {
    let n = v.as_number().ok_or("must be a number")?;
    Ok(Bound {
        kind,
        limit: SchemaNumber::from_json(n),
    })
}

impl Bound {
    pub(crate) fn check(&self, n: &Num<'_>) -> bool {
        let o = n.compare(&self.limit.view());
        match self.kind {
            BoundKind::Minimum => o != Ordering::Less,
            BoundKind::Maximum => o != Ordering::Greater,
            BoundKind::ExclusiveMinimum => o == Ordering::Greater,
            BoundKind::ExclusiveMaximum => o == Ordering::Less,
        }
    }

    /// The limit, as a literal.
    pub(crate) fn limit(&self) -> Num<'_> {
        self.limit.view()
    }

    pub(crate) fn message(&self, n: &Num<'_>) -> String {
        let op = match self.kind {
            BoundKind::Minimum => "greater than or equal to",
            BoundKind::Maximum => "less than or equal to",
            BoundKind::ExclusiveMinimum => "greater than",
            BoundKind::ExclusiveMaximum => "less than",
        };
        format!(
            "{} is not {op} {}",
            n.display(),
            self.limit.view().display()
        )
    }
}
