//! Which schema an output is validated against: the one `--schema` names, or
//! the ones in the request (`--request`): its response format for message
//! content, and each tool's parameters for that tool's call arguments, matched
//! by the tool name.

use schemalint_check::envelope::{self, TargetKind};
use schemalint_validate::{Validator, ValidatorOptions};

/// The schemas outputs are validated against.
pub struct Schemas {
    /// `--schema`: one schema for every output.
    single: Option<Validator>,
    /// The request's response format, with its name (`json_schema.name`).
    response: Option<(Option<String>, Validator)>,
    /// Tools by name.
    tools: Vec<(String, Validator)>,
    /// For content when the request has no response schema (JSON mode, or none):
    /// the output only has to be JSON.
    any_json: Validator,
    /// The nesting limit for reading replies (their envelopes); the validators have
    /// theirs for the outputs.
    pub(crate) max_depth: usize,
}

/// The schema chosen for one output, and its name when it has one.
pub struct Chosen<'a> {
    pub validator: &'a Validator,
    pub name: Option<&'a str>,
}

impl Schemas {
    /// One schema for everything.
    pub fn single(validator: Validator) -> Schemas {
        Schemas {
            single: Some(validator),
            response: None,
            tools: Vec::new(),
            any_json: any_json(schemalint_check::source::MAX_NESTING),
            max_depth: schemalint_check::source::MAX_NESTING,
        }
    }

    /// Replies nested deeper than `max_depth` are not read as envelopes (default
    /// [`schemalint_check::source::MAX_NESTING`]).
    pub fn with_max_depth(mut self, max_depth: usize) -> Schemas {
        self.max_depth = max_depth;
        self.any_json = any_json(max_depth);
        self
    }

    /// The schemas of a request body (any shape `schemalint check` reads: a request,
    /// a response format, a tool, a list of tools), nested at most `max_depth` levels;
    /// reading replies accepts the same nesting. Each schema is compiled with `options`
    /// (its draft, the documents its `$ref`s may reach, the nesting of outputs).
    pub fn from_request(
        path: &str,
        bytes: &[u8],
        options: &ValidatorOptions,
        max_depth: usize,
    ) -> Result<Schemas, String> {
        let doc = crate::limits::parse_document("request", path, bytes, max_depth)?;
        let targets = match envelope::detect_request(&doc.root) {
            Some(request) => request.targets,
            None => envelope::detect(&doc.root),
        };
        let mut schemas = Schemas {
            single: None,
            response: None,
            tools: Vec::new(),
            any_json: any_json(max_depth),
            max_depth,
        };
        for target in targets {
            let Some(at) = &target.schema else { continue };
            let Some(node) = doc.root.pointer(at.as_str()) else {
                continue;
            };
            let schema = match node.as_str() {
                // Bedrock Converse sends the schema serialized, as a JSON string: read with
                // the same parser and nesting limit as the request.
                Some(text) if target.surface.schema_is_json_text() => {
                    let what = format!("the schema string at {at} in request");
                    crate::limits::parse_document(&what, path, text.as_bytes(), max_depth)?
                        .root
                        .to_json()
                }
                _ => node.to_json(),
            };
            let validator = options.build(&schema).map_err(|e| {
                let why = crate::validate_refs::explain(&e);
                format!("request {path}: the schema at {at}: {why}")
            })?;
            let name = target.name.map(|n| n.value);
            match (target.kind, name) {
                (TargetKind::Function, Some(name)) => schemas.tools.push((name, validator)),
                (TargetKind::Function, None) => {}
                (TargetKind::ResponseFormat, name) => {
                    if schemas.response.is_none() {
                        schemas.response = Some((name, validator));
                    }
                }
            }
        }
        Ok(schemas)
    }

    /// The schema for an output: `tool` names the tool whose arguments it is.
    pub fn for_output(&self, tool: Option<&str>) -> Result<Chosen<'_>, String> {
        if let Some(validator) = &self.single {
            return Ok(Chosen {
                validator,
                name: None,
            });
        }
        match tool {
            Some(tool) => self
                .tools
                .iter()
                .find(|(name, _)| name == tool)
                .map(|(name, validator)| Chosen {
                    validator,
                    name: Some(name),
                })
                .ok_or_else(|| {
                    let known: Vec<&str> = self.tools.iter().map(|(n, _)| n.as_str()).collect();
                    if known.is_empty() {
                        format!("the model called `{tool}`, but the request declares no tools")
                    } else {
                        format!(
                            "the model called `{tool}`, which the request does not declare (it declares {})",
                            known.join(", ")
                        )
                    }
                }),
            None => Ok(match &self.response {
                Some((name, validator)) => Chosen {
                    validator,
                    name: name.as_deref(),
                },
                None => Chosen {
                    validator: &self.any_json,
                    name: None,
                },
            }),
        }
    }
}

fn any_json(max_depth: usize) -> Validator {
    Validator::options()
        .max_depth(max_depth)
        .build(&serde_json::Value::Bool(true))
        .expect("`true` is a schema")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_schemas_are_matched_by_tool_name() {
        let request = br#"{"model": "gpt-4o", "messages": [],
            "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                "schema": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"], "additionalProperties": false}}},
            "tools": [{"type": "function", "function": {"name": "get_weather",
                "parameters": {"type": "object", "required": ["city"]}}}]}"#;
        let s = Schemas::from_request("req.json", request, &Validator::options(), 100).unwrap();
        let content = s.for_output(None).unwrap();
        assert_eq!(content.name, Some("answer"));
        assert!(!content.validator.is_valid_slice(br#"{"a": 1}"#));
        let tool = s.for_output(Some("get_weather")).unwrap();
        assert!(tool.validator.is_valid_slice(br#"{"city": "Paris"}"#));
        assert!(!tool.validator.is_valid_slice(br#"{}"#));
        let err = s.for_output(Some("book_flight")).err().unwrap();
        assert!(err.contains("get_weather"), "{err}");
    }

    #[test]
    fn json_mode_requests_only_ask_for_json() {
        let request =
            br#"{"model": "qwen-plus", "messages": [{"role": "user", "content": "JSON please"}],
            "response_format": {"type": "json_object"}}"#;
        let s = Schemas::from_request("req.json", request, &Validator::options(), 100).unwrap();
        let any = s.for_output(None).unwrap();
        assert!(any.validator.is_valid_slice(b"[1]"));
        assert!(!any.validator.is_valid_slice(b"```json\n{}\n```"));
    }
}
