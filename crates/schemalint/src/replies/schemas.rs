//! Which schema an output is validated against: the one `--schema` names, or
//! the ones in the request (`--request`): its response format for message
//! content, and each tool's parameters for that tool's call arguments, matched
//! by the tool name.

use schemalint_check::envelope::{self, TargetKind};
use schemalint_validate::Validator;

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
            any_json: any_json(),
        }
    }

    /// The schemas of a request body (any shape `schemalint check` reads: a request,
    /// a response format, a tool, a list of tools).
    pub fn from_request(path: &str, bytes: &[u8]) -> Result<Schemas, String> {
        let doc = schemalint_check::source::parse_bytes(path, bytes)
            .map_err(|(_, e)| format!("request {path} is not valid JSON: {}", e.message))?;
        let targets = match envelope::detect_request(&doc.root) {
            Some(request) => request.targets,
            None => envelope::detect(&doc.root),
        };
        let mut schemas = Schemas {
            single: None,
            response: None,
            tools: Vec::new(),
            any_json: any_json(),
        };
        for target in targets {
            let Some(at) = &target.schema else { continue };
            let Some(node) = doc.root.pointer(at.as_str()) else {
                continue;
            };
            let validator = Validator::new(&node.to_json())
                .map_err(|e| format!("request {path}: the schema at {at}: {e}"))?;
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

fn any_json() -> Validator {
    Validator::new(&serde_json::Value::Bool(true)).expect("`true` is a schema")
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
        let s = Schemas::from_request("req.json", request).unwrap();
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
        let s = Schemas::from_request("req.json", request).unwrap();
        let any = s.for_output(None).unwrap();
        assert!(any.validator.is_valid_slice(b"[1]"));
        assert!(!any.validator.is_valid_slice(b"```json\n{}\n```"));
    }
}
