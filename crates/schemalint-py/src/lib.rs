//! The native module `schemalint._schemalint` behind the Python package `schemalint`.
//!
//! The Python package (`python/schemalint`) holds the public API, its types and its
//! exceptions; this module does the work. Every entry point runs its Rust code with the
//! GIL released (`Python::detach`, pyo3's name for `allow_threads`) and inside
//! `catch_unwind`, so a Rust panic becomes `schemalint.InternalError`, never a crash or a
//! `PanicException`.

use std::borrow::Cow;
use std::ffi::OsString;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple, PyType};
use schemalint::diagnostics::{Diagnostic, SourceFile, Span};
use schemalint::validate::ErrorKind;
use schemalint::{Applicability, Fix, Profile};
use schemalint::{ValidationError, Validator};

/// Runs `work` without the GIL; a panic in it becomes `InternalError`.
fn run_detached<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    match py.detach(|| catch_unwind(AssertUnwindSafe(work))) {
        Ok(value) => Ok(value),
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(error(
                py,
                "InternalError",
                format!("schemalint bug (a Rust panic): {what}; please report it with the input"),
                None,
            ))
        }
    }
}

/// `schemalint.<name>(message, errors)`, one of the exceptions in `schemalint._errors`.
fn error(py: Python<'_>, name: &str, message: String, errors: Option<Bound<'_, PyList>>) -> PyErr {
    let make = || -> PyResult<PyErr> {
        let class = py.import("schemalint._errors")?.getattr(name)?;
        let errors = errors.unwrap_or_else(|| PyList::empty(py));
        Ok(PyErr::from_value(class.call1((message.clone(), errors))?))
    };
    make().unwrap_or_else(|e| e)
}

/// JSON text given as `bytes`, `bytearray` or `str`: borrowed when Python allows it.
fn json_text<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Option<Cow<'a, [u8]>>> {
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(Some(Cow::Borrowed(bytes.as_bytes())));
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Some(match text.to_cow()? {
            Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        }));
    }
    if let Ok(array) = value.cast::<PyByteArray>() {
        // A bytearray may change while the GIL is released: copy it.
        return Ok(Some(Cow::Owned(array.to_vec())));
    }
    Ok(None)
}

/// An instance to validate: JSON text only (`str` or bytes-like).
fn instance_text<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    json_text(value)?.ok_or_else(|| {
        PyTypeError::new_err(format!(
            "expected the reply as JSON text (str, bytes or bytearray), got {}; \
             pass json.dumps(value) to validate a Python object",
            type_name(value)
        ))
    })
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "an object".to_owned(), |n| n.to_string())
}

/// A schema: JSON text as is, anything else (a dict) as `json.dumps(value, indent=2)`,
/// so that lines and columns in findings refer to readable text.
fn schema_text<'a>(value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, [u8]>> {
    if let Some(text) = json_text(value)? {
        return Ok(text);
    }
    let py = value.py();
    let kwargs = PyDict::new(py);
    kwargs.set_item("indent", 2)?;
    kwargs.set_item("ensure_ascii", false)?;
    kwargs.set_item("allow_nan", false)?;
    let dumped = py
        .import("json")?
        .call_method("dumps", (value,), Some(&kwargs))?;
    let dumped = dumped.cast::<PyString>()?.to_cow()?.into_owned();
    Ok(Cow::Owned(dumped.into_bytes()))
}

// The dataclasses of `schemalint._types`, looked up once.
static DIAGNOSTIC: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static VALIDATION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FIX: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static EDIT: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static APPLIED_FIX: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static FIXED: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Byte offset → Python `str` index (the code points before it) in one text, without
/// counting from the start for every edit: code points are counted per block of bytes
/// once (a code point starts at every byte that is not a UTF-8 continuation byte).
struct CharIndex<'t> {
    bytes: &'t [u8],
    /// Code points before each block.
    blocks: Vec<usize>,
}

impl<'t> CharIndex<'t> {
    const BLOCK: usize = 512;

    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / Self::BLOCK + 2);
        let mut count = 0;
        blocks.push(0);
        for chunk in bytes.chunks(Self::BLOCK) {
            count += starts(chunk);
            blocks.push(count);
        }
        Self { bytes, blocks }
    }

    fn chars_before(&self, offset: usize) -> usize {
        let offset = offset.min(self.bytes.len());
        let block = offset / Self::BLOCK;
        self.blocks[block] + starts(&self.bytes[block * Self::BLOCK..offset])
    }
}

/// The code points that start in `bytes`.
fn starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count()
}

/// `schemalint.Fix` for `fix`, its edits with byte and `str` offsets into `source`.
fn fix_object<'py>(
    py: Python<'py>,
    fix: &Fix,
    chars: &CharIndex<'_>,
) -> PyResult<Bound<'py, PyAny>> {
    let edit_class = EDIT.import(py, "schemalint._types", "Edit")?;
    let mut edits = Vec::with_capacity(fix.edits.len());
    for e in &fix.edits {
        let kwargs = PyDict::new(py);
        kwargs.set_item("start", e.span.start)?;
        kwargs.set_item("end", e.span.end)?;
        kwargs.set_item("replacement", &e.replacement)?;
        kwargs.set_item("char_start", chars.chars_before(e.span.start))?;
        kwargs.set_item("char_end", chars.chars_before(e.span.end))?;
        edits.push(edit_class.call((), Some(&kwargs))?);
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("message", &fix.message)?;
    kwargs.set_item("applicability", fix.applicability.as_str())?;
    kwargs.set_item("edits", PyTuple::new(py, edits)?)?;
    FIX.import(py, "schemalint._types", "Fix")?
        .call((), Some(&kwargs))
}

/// The diagnostics of one text as `schemalint.Diagnostic`s, positions and fix offsets
/// from `source`.
fn diagnostic_objects<'py>(
    py: Python<'py>,
    diagnostics: &[Diagnostic],
    source: Option<&SourceFile>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    // Only a text with fixes needs the index.
    let chars = diagnostics
        .iter()
        .any(|d| d.fix.is_some())
        .then(|| CharIndex::new(source.map_or("", SourceFile::text)));
    diagnostics
        .iter()
        .map(|d| diagnostic_object(py, d, source, chars.as_ref()))
        .collect()
}

/// `schemalint.Diagnostic` for `d`; positions come from `source` (the checked text).
fn diagnostic_object<'py>(
    py: Python<'py>,
    d: &Diagnostic,
    source: Option<&SourceFile>,
    chars: Option<&CharIndex<'_>>,
) -> PyResult<Bound<'py, PyAny>> {
    let range = d.range(source);
    let kwargs = PyDict::new(py);
    kwargs.set_item("rule", d.rule.as_ref())?;
    kwargs.set_item("severity", d.severity.as_str())?;
    kwargs.set_item("message", &d.message)?;
    kwargs.set_item("pointer", &d.pointer)?;
    kwargs.set_item("line", range.map(|r| r.start.line))?;
    kwargs.set_item("column", range.map(|r| r.start.column))?;
    kwargs.set_item("end_line", range.map(|r| r.end.line))?;
    kwargs.set_item("end_column", range.map(|r| r.end.column))?;
    kwargs.set_item("help", d.help.as_deref())?;
    kwargs.set_item("provider_message", d.provider_message.as_deref())?;
    kwargs.set_item("notes", PyTuple::new(py, &d.notes)?)?;
    kwargs.set_item("profile", d.profile.as_deref())?;
    // Edits are spans into the text the positions come from; without it there is no fix.
    if let (Some(fix), Some(chars), Some(_)) = (&d.fix, chars, source) {
        kwargs.set_item("fix", fix_object(py, fix, chars)?)?;
    }
    DIAGNOSTIC
        .import(py, "schemalint._types", "Diagnostic")?
        .call((), Some(&kwargs))
}

/// `check(schema, profiles, name)`: the diagnostics of `schema` against every profile.
#[pyfunction]
fn check<'py>(
    py: Python<'py>,
    schema: &Bound<'py, PyAny>,
    profiles: Vec<String>,
    name: &str,
) -> PyResult<Bound<'py, PyList>> {
    let text = schema_text(schema)?;
    let report = run_detached(py, || {
        schemalint::check_bytes_with_profiles(name, &text, &profiles)
    })?
    .map_err(|e| error(py, "UnknownProfileError", e.to_string(), None))?;
    let source = report.source.as_ref();
    let diagnostics = PyList::new(py, diagnostic_objects(py, &report.diagnostics, source)?)?;
    if schemalint::check::has_parse_error(&report) {
        return Err(invalid_json(py, name, &report, diagnostics));
    }
    Ok(diagnostics)
}

/// `InvalidJSONError` for a report whose first finding is a parse error.
fn invalid_json(
    py: Python<'_>,
    name: &str,
    report: &schemalint::FileReport,
    diagnostics: Bound<'_, PyList>,
) -> PyErr {
    let Some(first) = report.diagnostics.first() else {
        return error(py, "InvalidJSONError", format!("{name}: not JSON"), None);
    };
    let at = first
        .range(report.source.as_ref())
        .map(|r| format!("{}:{}:{}: ", name, r.start.line, r.start.column))
        .unwrap_or_default();
    error(
        py,
        "InvalidJSONError",
        format!("{at}{}", first.message),
        Some(diagnostics),
    )
}

/// `fix(schema, profile, unsafe_fixes, name)`: `schema` with every fix for `profile`
/// applied (safe ones, and unsafe ones too with `unsafe_fixes`), as `schemalint.Fixed`.
#[pyfunction]
fn fix<'py>(
    py: Python<'py>,
    schema: &Bound<'py, PyAny>,
    profile: &str,
    unsafe_fixes: bool,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let bytes = schema_text(schema)?;
    let profile = Profile::builtin(profile)
        .map_err(|e| error(py, "UnknownProfileError", e.to_string(), None))?;
    let applicability = if unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let outcome = run_detached(py, || {
        let first = schemalint::check::check_bytes(name, &bytes, profile);
        match std::str::from_utf8(&bytes) {
            Ok(text) if !schemalint::check::has_parse_error(&first) => {
                let fixed = schemalint::check::fix_str(name, text, profile, applicability);
                let source = SourceFile::new(name, fixed.text.as_str());
                Ok((fixed, source))
            }
            _ => Err(first),
        }
    })?;
    let (fixed, source) = match outcome {
        Ok(done) => done,
        Err(report) => {
            let diagnostics = diagnostic_objects(py, &report.diagnostics, report.source.as_ref())?;
            return Err(invalid_json(
                py,
                name,
                &report,
                PyList::new(py, diagnostics)?,
            ));
        }
    };
    let applied_class = APPLIED_FIX.import(py, "schemalint._types", "AppliedFix")?;
    let mut applied = Vec::with_capacity(fixed.applied.len());
    for a in &fixed.applied {
        let kwargs = PyDict::new(py);
        kwargs.set_item("rule", &a.rule)?;
        kwargs.set_item("pointer", &a.pointer)?;
        kwargs.set_item("message", &a.message)?;
        kwargs.set_item("applicability", a.applicability.as_str())?;
        applied.push(applied_class.call((), Some(&kwargs))?);
    }
    let remaining = diagnostic_objects(py, &fixed.remaining, Some(&source))?;
    // A byte-order mark stays in the text; `json.loads` refuses it in a `str`.
    let body = fixed.text.strip_prefix('\u{feff}').unwrap_or(&fixed.text);
    let value = py.import("json")?.call_method1("loads", (body,))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("text", &fixed.text)?;
    kwargs.set_item("value", value)?;
    kwargs.set_item("applied", PyTuple::new(py, applied)?)?;
    kwargs.set_item("remaining", PyTuple::new(py, remaining)?)?;
    FIXED
        .import(py, "schemalint._types", "Fixed")?
        .call((), Some(&kwargs))
}

/// A compiled schema that validates model replies (JSON text) in one pass over their bytes.
///
/// `Validator(schema)` takes a bare schema or any envelope `check` accepts (a
/// `response_format`, a `json_schema` object, a tool), as a dict or as JSON text.
#[pyclass(frozen, module = "schemalint", name = "Validator")]
struct PyValidator {
    validator: Validator,
    /// Where the schema was found in the given document (empty: the document itself).
    schema_pointer: String,
}

#[pymethods]
impl PyValidator {
    #[new]
    fn new(py: Python<'_>, schema: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = schema_text(schema)?;
        let compiled = run_detached(py, || compile(&text))?;
        compiled.map_err(|(class, message)| error(py, class, message, None))
    }

    /// Where the schema was found in the document given (`""`: the document itself).
    #[getter]
    fn schema_pointer(&self) -> &str {
        &self.schema_pointer
    }

    /// Whether the reply (JSON text: `str`, `bytes` or `bytearray`) matches the schema.
    fn is_valid(&self, py: Python<'_>, instance: &Bound<'_, PyAny>) -> PyResult<bool> {
        let bytes = instance_text(instance)?;
        run_detached(py, || self.validator.is_valid_slice(&bytes))
    }

    /// Every reason the reply does not match, in document order (empty when it does).
    /// Malformed, truncated or non-UTF-8 replies are errors too, not exceptions.
    fn validate<'py>(
        &self,
        py: Python<'py>,
        instance: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyList>> {
        let bytes = instance_text(instance)?;
        let errors = run_detached(py, || {
            let errors = self.validator.validate_slice(&bytes).err()?;
            let text = SourceFile::new("<instance>", String::from_utf8_lossy(&bytes));
            Some((errors, text))
        })?;
        let list = PyList::empty(py);
        if let Some((errors, text)) = errors {
            for e in &errors {
                list.append(validation_error_object(py, e, &text)?)?;
            }
        }
        Ok(list)
    }

    /// Raises `InvalidInstanceError` (with `.errors`) unless the reply matches.
    fn ensure_valid(&self, py: Python<'_>, instance: &Bound<'_, PyAny>) -> PyResult<()> {
        let errors = self.validate(py, instance)?;
        if errors.is_empty() {
            return Ok(());
        }
        let first = errors.get_item(0)?.str()?.to_cow()?.into_owned();
        let more = match errors.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let message = format!("reply does not match the schema: {first}{more}");
        Err(error(py, "InvalidInstanceError", message, Some(errors)))
    }

    fn __repr__(&self) -> String {
        format!("<schemalint.Validator {:?}>", self.validator)
    }
}

/// Parses and compiles a schema document (bare, or in any envelope `check` accepts).
/// `Err` holds the exception class to raise and its message.
fn compile(text: &[u8]) -> Result<PyValidator, (&'static str, String)> {
    let document: serde_json::Value = serde_json::from_slice(text).map_err(|e| {
        let message = format!("schema is not valid JSON: {e}");
        ("InvalidJSONError", message)
    })?;
    let (schema, schema_pointer) = schemalint::check::extract_schema(&document)
        .unwrap_or_else(|| (document.clone(), String::new()));
    let validator = Validator::new(&schema).map_err(|e| {
        let within = if schema_pointer.is_empty() {
            String::new()
        } else {
            format!(" (schema found at {schema_pointer})")
        };
        ("SchemaCompileError", format!("{e}{within}"))
    })?;
    Ok(PyValidator {
        validator,
        schema_pointer,
    })
}

/// `schemalint.ValidationError` for `e`, with line and column in `text` (the instance).
fn validation_error_object<'py>(
    py: Python<'py>,
    e: &ValidationError,
    text: &SourceFile,
) -> PyResult<Bound<'py, PyAny>> {
    let kind = match &e.kind {
        ErrorKind::Keyword => "keyword",
        ErrorKind::Malformed { .. } => "malformed",
        ErrorKind::Truncated { .. } => "truncated",
        ErrorKind::InvalidUtf8 { .. } => "invalid-utf8",
        ErrorKind::TooDeep { .. } => "too-deep",
        ErrorKind::PatternLimit => "pattern-limit",
    };
    let start = e
        .range
        .as_ref()
        .map(|r| text.range(Span::new(r.start, r.start)).start);
    let kwargs = PyDict::new(py);
    kwargs.set_item("instance_pointer", &e.instance_pointer)?;
    kwargs.set_item("schema_pointer", &e.schema_pointer)?;
    kwargs.set_item("keyword", e.keyword)?;
    kwargs.set_item("message", &e.message)?;
    kwargs.set_item("kind", kind)?;
    kwargs.set_item("start", e.range.as_ref().map(|r| r.start))?;
    kwargs.set_item("end", e.range.as_ref().map(|r| r.end))?;
    kwargs.set_item("line", start.map(|p| p.line))?;
    kwargs.set_item("column", start.map(|p| p.column))?;
    VALIDATION_ERROR
        .import(py, "schemalint._types", "ValidationError")?
        .call((), Some(&kwargs))
}

/// Runs the `schemalint` command line in this process; returns its exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> PyResult<u8> {
    let code = run_detached(py, || {
        let code = schemalint::run_cli(argv);
        // A binary's runtime flushes stdout when `main` returns; a library's does not.
        let _ = std::io::Write::flush(&mut std::io::stdout());
        code
    })?;
    // `ExitCode` is opaque but comparable; the commands return small codes.
    Ok((0..=u8::MAX)
        .find(|&c| std::process::ExitCode::from(c) == code)
        .unwrap_or(1))
}

/// Panics inside the same guard as every entry point: lets the tests prove that a panic
/// becomes `InternalError`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    run_detached(py, || panic!("deliberate panic for the tests"))
}

#[pymodule]
fn _schemalint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(fix, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<PyValidator>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
