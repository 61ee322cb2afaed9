"""Stubs of the native module (Rust, pyo3). Use the ``schemalint`` package instead."""

from typing import Any, List, Mapping, Sequence, Union

from ._types import Diagnostic, Fixed, ValidationError

__version__: str

_Text = Union[str, bytes, bytearray]

def check(schema: Any, profiles: Sequence[str], name: str) -> List[Diagnostic]: ...
def fix(schema: Any, profile: str, unsafe_fixes: bool, name: str) -> Fixed: ...
def run_cli(argv: Sequence[str]) -> int: ...
def _panic_for_tests() -> None: ...

class Validator:
    """A compiled schema that validates model replies (JSON text) in one pass over their bytes.

    ``Validator(schema)`` takes a bare schema or any envelope ``check`` accepts (a
    ``response_format``, a ``json_schema`` object, a tool), as a dict or as JSON text.
    Raises ``InvalidJSONError`` or ``SchemaCompileError``. Safe to share between threads.
    """

    def __init__(self, schema: Union[Mapping[str, Any], str, bytes, bytearray]) -> None: ...
    @property
    def schema_pointer(self) -> str:
        """Where the schema was found in the document given (``""``: the document itself)."""
    def is_valid(self, instance: _Text) -> bool:
        """Whether the reply (JSON text) matches the schema."""
    def validate(self, instance: _Text) -> List[ValidationError]:
        """Every reason the reply does not match, in document order (empty when it does).
        Malformed, truncated or non-UTF-8 replies are errors too, not exceptions."""
    def ensure_valid(self, instance: _Text) -> None:
        """Raises ``InvalidInstanceError`` (with ``.errors``) unless the reply matches."""
