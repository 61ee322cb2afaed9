//! Request bodies: the seeds' examples lint as the seeds say they behave
//! (`fixtures/requests/seeds/README.md`), profile inference, and pointers into the
//! request file.

use std::path::{Path, PathBuf};

use schemalint_check::{check_bytes, check_bytes_auto, Profile};
use schemalint_diagnostics::{FileReport, Severity};

fn seed(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/requests/seeds")
        .join(name)
}

fn auto(name: &str) -> (FileReport, Option<String>) {
    let path = seed(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (report, inference) = check_bytes_auto(name, &bytes, Profile::builtin("openai").unwrap());
    (report, inference.map(|i| i.profile.id.clone()))
}

fn rules_at(report: &FileReport, severity: Severity) -> Vec<String> {
    let mut v: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.rule.to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn seed_requests_lint_as_the_seeds_say() {
    // (fixture, inferred profile, error rules, warning rules)
    let expected: &[(&str, &str, &[&str], &[&str])] = &[
        ("000_qwen_flash_json_object.json", "dashscope", &[], &[]),
        ("000_qwen_vl_max_multimodal.json", "dashscope", &[], &[]),
        ("000_glm_thinking_json_object.json", "dashscope", &[], &[]),
        ("001_compat_curl_json_object.json", "dashscope", &[], &[]),
        ("001_native_curl_json_object.json", "dashscope", &[], &[]),
        (
            "001_native_json_schema.json",
            "dashscope",
            &[],
            &["strict/additional-properties"],
        ),
        (
            "001_thinking_without_response_format.json",
            "dashscope",
            &[],
            &[],
        ),
        (
            "001_thinking_with_json_object.json",
            "dashscope",
            &["request/thinking-json-format"],
            &[],
        ),
        (
            "001_json_object_without_json.json",
            "dashscope",
            &["request/json-object-without-json"],
            &[],
        ),
        ("002_responses_math_reasoning.json", "openai", &[], &[]),
        ("002_responses_ui_recursive.json", "openai", &[], &[]),
        (
            "002_responses_max_output_tokens.json",
            "openai",
            &[],
            &["request/output-token-cap"],
        ),
        ("002_responses_json_mode.json", "openai", &[], &[]),
    ];
    let mut listed: Vec<&str> = expected.iter().map(|e| e.0).collect();
    listed.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(seed(""))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    on_disk.sort();
    assert_eq!(listed, on_disk, "every seed fixture has an expectation");
    for (file, profile, errors, warnings) in expected {
        let (report, inferred) = auto(file);
        assert_eq!(inferred.as_deref(), Some(*profile), "{file}");
        assert_eq!(
            rules_at(&report, Severity::Error),
            *errors,
            "{file}: errors"
        );
        assert_eq!(
            rules_at(&report, Severity::Warning),
            *warnings,
            "{file}: warnings"
        );
        for d in &report.diagnostics {
            assert_eq!(d.profile.as_deref(), Some(*profile), "{file}: tagged");
            assert!(
                d.notes.iter().any(|n| n.contains("inferred")),
                "{file}: says why"
            );
        }
    }
}

#[test]
fn seed_wording_is_the_providers() {
    let (report, _) = auto("001_json_object_without_json.json");
    let d = &report.diagnostics[0];
    assert_eq!(
        d.provider_message.as_deref(),
        Some("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.")
    );
    assert_eq!(d.pointer, "/response_format/type");
    let (report, _) = auto("001_thinking_with_json_object.json");
    assert_eq!(
        report.diagnostics[0].provider_message.as_deref(),
        Some("Json mode response is not supported when enable_thinking is true")
    );
    assert_eq!(report.diagnostics[0].pointer, "/enable_thinking");
}

#[test]
fn recursive_seed_schema_fails_only_where_recursion_is_unsupported() {
    let bytes = std::fs::read(seed("002_responses_ui_recursive.json")).unwrap();
    let anthropic = check_bytes("ui.json", &bytes, Profile::builtin("anthropic").unwrap());
    let rec: Vec<_> = anthropic
        .diagnostics
        .iter()
        .filter(|d| d.rule == "ref/recursion")
        .collect();
    assert_eq!(rec.len(), 1, "{:#?}", anthropic.diagnostics);
    assert_eq!(
        rec[0].pointer,
        "/text/format/schema/properties/children/items/$ref"
    );
    let openai = check_bytes("ui.json", &bytes, Profile::builtin("openai").unwrap());
    assert!(openai.diagnostics.iter().all(|d| d.rule != "ref/recursion"));
}

#[test]
fn schema_findings_in_a_request_point_into_the_request() {
    let text = r#"{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
        "parallel_tool_calls": false,
        "tools": [{"type": "function", "function": {"name": "f", "strict": true,
            "parameters": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}}}]}"#;
    let report = check_bytes(
        "req.json",
        text.as_bytes(),
        Profile::builtin("openai").unwrap(),
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "strict/additional-properties")
        .expect("finding");
    assert_eq!(d.pointer, "/tools/0/function/parameters");
    assert!(d
        .provider_message
        .as_deref()
        .is_some_and(|m| m.starts_with("Invalid schema for function 'f': In context=()")));
}

#[test]
fn malformed_request_parts_give_diagnostics_not_panics() {
    let cases = [
        r#"{"model": 3, "messages": "hi", "response_format": "json"}"#,
        r#"{"model": "qwen-plus", "input": [], "parameters": {"response_format": {"type": 1}}}"#,
        r#"{"contents": 1, "generationConfig": {"responseSchema": 1, "responseJsonSchema": true}}"#,
        r#"{"model": "claude-x", "tools": [1, {"input_schema": []}], "output_config": {"format": 7}}"#,
        r#"{"model": "gpt-4o", "text": {"format": {"type": "json_schema"}}, "tools": {"a": 1}}"#,
    ];
    for text in cases {
        for profile in schemalint_check::profile::builtins() {
            let _ = check_bytes("bad.json", text.as_bytes(), profile);
        }
    }
    // A Gemini request whose schema is not an object still gets the MIME-type finding.
    let report = check_bytes(
        "g.json",
        cases[2].as_bytes(),
        Profile::builtin("gemini").unwrap(),
    );
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == "request/gemini-schema-conflict"));
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == "request/response-mime-type"));
}

#[test]
fn gemini_openapi_messages_use_proto_paths() {
    let text = r#"{"contents": [], "generationConfig": {"responseMimeType": "application/json",
        "responseSchema": {"type": "OBJECT", "properties": {"a": {"type": "STRING"}, "b": {"type": "OBJECT", "properties": {"c": {"type": "STRING"}}, "additionalProperties": false}}}}}"#;
    let report = check_bytes(
        "g.json",
        text.as_bytes(),
        Profile::builtin("gemini-openapi").unwrap(),
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "keyword/unsupported")
        .expect("additionalProperties is reported");
    assert_eq!(
        d.provider_message.as_deref(),
        Some("Invalid JSON payload received. Unknown name \"additionalProperties\" at 'generation_config.response_schema.properties[1].value': Cannot find field.")
    );
}

#[test]
fn non_strict_schemas_only_get_the_non_strict_checks() {
    // Chat Completions tools default to non-strict: an open object is fine there, but
    // the root must still be an object.
    let text = r#"{"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}],
        "tools": [
          {"type": "function", "function": {"name": "open", "parameters": {"type": "object", "properties": {"a": {"type": "string", "minLength": 1}}}}},
          {"type": "function", "function": {"name": "list", "parameters": {"type": "array", "items": {"type": "string"}}}},
          {"type": "function", "function": {"name": "closed", "strict": true, "parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}}
        ]}"#;
    let report = check_bytes(
        "req.json",
        text.as_bytes(),
        Profile::builtin("openai").unwrap(),
    );
    let at = |ptr: &str| -> Vec<String> {
        let mut v: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.pointer.starts_with(ptr))
            .map(|d| d.rule.to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        at("/tools/0/"),
        Vec::<String>::new(),
        "{:#?}",
        report.diagnostics
    );
    assert_eq!(at("/tools/1/"), ["strict/root-type"]);
    assert_eq!(
        at("/tools/2/"),
        [
            "request/parallel-tool-calls",
            "strict/additional-properties",
            "strict/required"
        ]
    );
    // The same open tool as a bare file is linted as strict (that is what the user asks for).
    let bare = r#"{"type": "function", "function": {"name": "open", "parameters": {"type": "object", "properties": {"a": {"type": "string"}}}}}"#;
    let report = check_bytes(
        "tool.json",
        bare.as_bytes(),
        Profile::builtin("openai").unwrap(),
    );
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.rule == "strict/additional-properties"));
}

#[test]
fn responses_json_mode_checks_the_input_not_the_instructions() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/requests/openai/request.json-object-without-json/invalid_instructions_only.json");
    let bytes = std::fs::read(path).unwrap();
    let report = check_bytes("r.json", &bytes, Profile::builtin("openai").unwrap());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "request/json-object-without-json")
        .expect("instructions do not count");
    assert_eq!(d.pointer, "/text/format/type");
    assert_eq!(
        d.provider_message.as_deref(),
        Some("Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.")
    );
}

/// Misplaced request fields: the finding is at the field, in the API's own words.
#[test]
fn misplaced_fields_are_reported_at_the_field_in_the_providers_words() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/requests");
    let cases = [
        (
            "openai/request.misplaced-field/invalid_chat_flat_format.json",
            "/response_format/schema",
            "Unknown parameter: 'response_format.schema'.",
        ),
        (
            "openai/request.misplaced-field/invalid_chat_format_without_json_schema.json",
            "/response_format/type",
            "Missing required parameter: 'response_format.json_schema'.",
        ),
        (
            "openai/request.misplaced-field/invalid_chat_flat_tool.json",
            "/tools/0/parameters",
            "Missing required parameter: 'tools[0].function'.",
        ),
        (
            "openai/request.misplaced-field/invalid_responses_response_format.json",
            "/response_format",
            "Unsupported parameter: 'response_format'. In the Responses API, this parameter has moved to 'text.format'. Try again with the new parameter.",
        ),
        (
            "openai/request.misplaced-field/invalid_responses_wrapped_tool.json",
            "/tools/0/function",
            "Missing required parameter: 'tools[0].name'.",
        ),
        (
            "anthropic/request.misplaced-field/invalid_output_format.json",
            "/output_format",
            "output_format: This field is deprecated. Use 'output_config.format' instead.",
        ),
        (
            "anthropic/request.misplaced-field/invalid_tool_parameters.json",
            "/tools/0/parameters",
            "tools.0.custom.input_schema: Field required",
        ),
        (
            "gemini/request.misplaced-field/invalid_casing.json",
            "/generationConfig/responseJSONSchema",
            "Invalid JSON payload received. Unknown name \"responseJSONSchema\" at 'generation_config': Cannot find field.",
        ),
    ];
    for (file, pointer, wording) in cases {
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let (report, _) = check_bytes_auto(file, &bytes, Profile::builtin("openai").unwrap());
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "request/misplaced-field")
            .collect();
        assert_eq!(found.len(), 1, "{file}: {:?}", report.diagnostics);
        assert_eq!(found[0].severity, Severity::Error, "{file}");
        assert_eq!(found[0].pointer, pointer, "{file}");
        assert_eq!(
            found[0].provider_message.as_deref(),
            Some(wording),
            "{file}"
        );
    }
}

/// Schema findings in the providers' own words (verbatim 400s quoted in public code).
#[test]
fn schema_findings_carry_the_providers_wording() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let cases = [
        (
            "openai",
            "check/keyword/pattern-feature/invalid.json",
            "keyword/pattern-feature",
            "Invalid JSON schema: regex lookaround is not supported. Found at $.properties.email.pattern.",
        ),
        (
            "openai",
            "check/keyword/pattern-dialect/invalid-named-group.json",
            "keyword/pattern-dialect",
            "Invalid schema for response_format 'invalid-named-group': '^(?<year>\\d{4})-(?<month>\\d{2})$' is not a 'regex'.",
        ),
        (
            "anthropic",
            "profiles/anthropic/keyword.enum-type-union/invalid.json",
            "keyword/enum-type-union",
            "output_config.format.schema: Invalid schema: Enum value 'low' does not match declared type '['string', 'null']'",
        ),
        (
            "anthropic",
            "profiles/anthropic/keyword.unsupported/invalid-oneof.json",
            "keyword/unsupported",
            "output_config.format.schema: Schema type 'oneOf' is not supported",
        ),
        (
            "anthropic",
            "profiles/anthropic/keyword.unsupported/invalid-min-properties.json",
            "keyword/unsupported",
            "output_config.format.schema: For 'object' type, property 'minProperties' is not supported",
        ),
        (
            "anthropic",
            "profiles/anthropic/keyword.unknown/invalid-misplaced-strict.json",
            "keyword/unknown",
            "output_config.format.schema: For 'object' type, property 'strict' is not supported",
        ),
    ];
    for (profile, file, rule, wording) in cases {
        let name = file.rsplit('/').next().unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let report = check_bytes(name, &bytes, Profile::builtin(profile).unwrap());
        let found: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == rule)
            .collect();
        assert_eq!(found.len(), 1, "{file}: {:?}", report.diagnostics);
        assert_eq!(
            found[0].provider_message.as_deref(),
            Some(wording),
            "{file}"
        );
    }
}

/// Bedrock Converse sends the response schema as a JSON string: findings inside it carry
/// a pointer that continues the string's and a span over the string's own characters.
#[test]
fn bedrock_string_schema_findings_point_into_the_string() {
    let schema = r#"{"type": "object", "properties": {"name": {"type": "string", "minLength": 2}, "nick": {"type": "string", "pattern": "^\\w+$", "description": "caf\u00e9"}}, "required": ["name"], "additionalProperties": false}"#;
    let request = serde_json::json!({
        "modelId": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "messages": [{"role": "user", "content": [{"text": "hi"}]}],
        "outputConfig": {"textFormat": {"type": "json_schema",
            "structure": {"jsonSchema": {"name": "person", "schema": schema}}}}
    });
    let text = serde_json::to_string_pretty(&request).unwrap();
    let (report, inference) = check_bytes_auto(
        "req.json",
        text.as_bytes(),
        Profile::builtin("openai").unwrap(),
    );
    assert_eq!(
        inference.map(|i| i.profile.id.clone()).as_deref(),
        Some("bedrock")
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "keyword/unsupported")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(
        d.pointer,
        "/outputConfig/textFormat/structure/jsonSchema/schema/properties/name/minLength"
    );
    let span = d.span.unwrap();
    // The key as it is written in the file: inside the string, with escaped quotes.
    assert_eq!(&text[span.start..span.end], r#"\"minLength\""#);
    let position = report.source.as_ref().unwrap().position(span.start);
    let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    assert_eq!(
        position.line as usize,
        text[..span.start].matches('\n').count() + 1
    );
    assert_eq!(
        position.column as usize,
        text[line_start..span.start].chars().count() + 1
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.fix.is_none() || !d.pointer.contains("/jsonSchema/schema/")),
        "no fix edits inside the string"
    );
}

/// Anthropic's wording: several rejected keywords of one subschema named together, and a
/// circular `$defs` reference by the definitions' names.
#[test]
fn anthropic_words_grouped_keywords_and_definition_cycles() {
    let schema = br##"{"type": "object", "properties": {"n": {"type": "integer", "minimum": 0, "maximum": 9}, "a": {"$ref": "#/$defs/a"}},
        "required": ["n", "a"], "additionalProperties": false,
        "$defs": {"a": {"type": "object", "properties": {"b": {"$ref": "#/$defs/b"}}, "required": ["b"], "additionalProperties": false},
                  "b": {"type": "object", "properties": {"a": {"$ref": "#/$defs/a"}}, "required": ["a"], "additionalProperties": false}}}"##;
    let report = check_bytes("s.json", schema, Profile::builtin("anthropic").unwrap());
    let messages: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (&*d.rule, d.provider_message.as_deref().unwrap_or("")))
        .collect();
    assert!(messages.contains(&(
        "keyword/unsupported",
        "output_config.format.schema: For 'integer' type, properties maximum, minimum are not supported"
    )), "{messages:#?}");
    assert!(
        messages.iter().any(|(rule, m)| *rule == "ref/recursion"
            && (m.contains("definitions: a -> b -> a.")
                || m.contains("definitions: b -> a -> b."))),
        "{messages:#?}"
    );
}

/// OpenAI's `enum value … does not validate` family lower-cases the keywords of its
/// context tuple (`'anyof'`), not the property names.
#[test]
fn openai_enum_type_context_lower_cases_keywords() {
    let schema = br#"{"type": "object", "properties": {"Guide": {"anyOf": [{"type": "string"}, {"type": "null", "enum": ["javascript"]}]}},
        "required": ["Guide"], "additionalProperties": false}"#;
    let report = check_bytes("docs.json", schema, Profile::builtin("openai").unwrap());
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "keyword/enum-type")
        .unwrap_or_else(|| panic!("{:#?}", report.diagnostics));
    assert_eq!(
        d.provider_message.as_deref(),
        Some("Invalid schema for response_format 'docs': context=('properties', 'Guide', 'anyof', '1'), enum value javascript does not validate against {'type': 'null'}.")
    );
}
