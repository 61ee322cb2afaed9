//! Schemas shared by the `validate_slice` and `differential` targets: the
//! strict schemas of the OpenAI Structured Outputs guide (seed 002, the same
//! files the benchmarks use) and a schema that exercises the keywords those
//! lack. Not a target itself.

use schemalint_validate::Validator;
use serde_json::Value;

pub const SCHEMAS: &[&str] = &[
    include_str!("../../benches/data/math.schema.json"),
    include_str!("../../benches/data/ui.schema.json"),
    include_str!("../../benches/data/paper.schema.json"),
    include_str!("../../benches/data/moderation.schema.json"),
    // Seed 002: `$defs` with an explicit recursive linked list through anyOf.
    r##"{"type":"object","properties":{"linked_list":{"$ref":"#/$defs/linked_list_node"}},
        "$defs":{"linked_list_node":{"type":"object","properties":{"value":{"type":"number"},
        "next":{"anyOf":[{"$ref":"#/$defs/linked_list_node"},{"type":"null"}]}},
        "additionalProperties":false,"required":["next","value"]}},
        "additionalProperties":false,"required":["linked_list"]}"##,
    // Seed 002: string and number restrictions.
    r##"{"type":"object","properties":{"name":{"type":"string"},
        "username":{"type":"string","pattern":"^@[a-zA-Z0-9_]+$"},
        "email":{"type":"string","format":"email"},
        "unit":{"type":["string","null"],"enum":["F","C",null]},
        "value":{"type":"number","minimum":-130,"maximum":130,"multipleOf":0.1},
        "when":{"type":"string","format":"date-time"}},
        "additionalProperties":false,"required":["name","username","email"]}"##,
    // Everything else: buffered keywords, applicators, unevaluated*.
    r##"{"$defs":{"n":{"type":"integer","exclusiveMinimum":0}},
        "type":["object","array","string","number"],
        "minLength":1,"maxLength":8,"pattern":"^[a-z]+\\d*$",
        "multipleOf":0.5,"maximum":1e300,
        "items":{"oneOf":[{"$ref":"#/$defs/n"},{"type":"string","format":"uuid"},{"type":"array","uniqueItems":true}]},
        "contains":{"const":{"k":[1,2]}},"maxContains":2,"uniqueItems":true,"maxItems":16,
        "properties":{"a":{"enum":[1,"a",[1],{"b":null}]},"b":{"not":{"type":"null"}}},
        "patternProperties":{"^x-":{"type":"string"}},
        "propertyNames":{"maxLength":6},
        "dependentRequired":{"a":["b"]},
        "dependentSchemas":{"b":{"minProperties":2}},
        "if":{"required":["a"]},"then":{"maxProperties":4},"else":{"unevaluatedProperties":{"type":"boolean"}}}"##,
];

pub fn validators() -> Vec<Validator> {
    SCHEMAS
        .iter()
        .map(|s| {
            let schema: Value = serde_json::from_str(s).expect("fuzz schema is JSON");
            Validator::new(&schema).expect("fuzz schema compiles")
        })
        .collect()
}

/// What the differential target must know about well-formed input.
#[derive(Default)]
pub struct Shape {
    /// An object repeats a key somewhere (a `Value` keeps only the last
    /// member, the byte path checks every member: a documented difference).
    pub duplicate_keys: bool,
    /// Some number reached `serde_json` as an `f64` (a fraction, an exponent,
    /// or an integer beyond 64 bits): its literal may not be the shortest
    /// decimal of that `f64`, which the `Value` path works from, so the paths
    /// may rightly differ (e.g. `0.30000000000000001` and `multipleOf: 0.1`).
    pub floats: bool,
}

/// Scans well-formed JSON; `None` if `serde_json` rejects it.
pub fn shape(bytes: &[u8]) -> Option<Shape> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::cell::RefCell;
    struct Seed<'a>(&'a RefCell<Shape>);
    impl<'de> DeserializeSeed<'de> for Seed<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Seed<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            self.0.borrow_mut().floats = true;
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
            while a.next_element_seed(Seed(self.0))?.is_some() {}
            Ok(())
        }
        fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(k) = a.next_key::<String>()? {
                if !seen.insert(k) {
                    self.0.borrow_mut().duplicate_keys = true;
                }
                a.next_value_seed(Seed(self.0))?;
            }
            Ok(())
        }
    }
    let cell = RefCell::new(Shape::default());
    let mut de = serde_json::Deserializer::from_slice(bytes);
    Seed(&cell).deserialize(&mut de).ok()?;
    de.end().ok()?;
    Some(cell.into_inner())
}
