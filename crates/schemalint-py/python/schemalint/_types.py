"""The values schemalint returns: findings about a schema, and errors in a reply."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal, Optional, Tuple

Severity = Literal["error", "warning", "info"]
"""How serious a finding is; ``"error"`` means the provider rejects the request."""

Applicability = Literal["safe", "unsafe"]
"""``"safe"``: a fix keeps the set of valid outputs; ``"unsafe"``: review the change."""

ErrorKind = Literal["keyword", "malformed", "truncated", "invalid-utf8", "too-deep", "pattern-limit"]
"""Why a reply is invalid: a schema keyword rejected it, or it is not (complete) JSON."""


@dataclasses.dataclass(frozen=True)
class Edit:
    """Replace ``start:end`` of the checked text with ``replacement``.

    ``start``/``end`` are UTF-8 byte offsets (for ``bytes``); ``char_start``/``char_end`` are
    the same place as ``str`` indices, so ``text[:e.char_start] + e.replacement +
    text[e.char_end:]`` applies one edit (apply a fix's edits from the last to the first).
    The checked text is the ``str``/``bytes`` you passed, or ``json.dumps(schema, indent=2)``
    for a ``dict``; :func:`schemalint.fix` applies fixes for you.
    """

    start: int
    end: int
    replacement: str
    char_start: int
    char_end: int


@dataclasses.dataclass(frozen=True)
class Fix:
    """A fix for one finding: what it does and its edits, applied together or not at all."""

    message: str
    applicability: Applicability
    edits: Tuple[Edit, ...]


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One finding about a schema.

    ``line``/``column`` (1-based; columns count characters) locate it in the checked text:
    the ``str``/``bytes`` you passed, or ``json.dumps(schema, indent=2)`` for a ``dict``.
    They are ``None`` only for findings about the document as a whole.
    """

    rule: str
    """Stable, namespaced rule id, e.g. ``"strict/additional-properties"``."""
    severity: Severity
    message: str
    pointer: str
    """RFC 6901 JSON pointer of the offending value, relative to the document's root."""
    line: Optional[int] = None
    column: Optional[int] = None
    end_line: Optional[int] = None
    end_column: Optional[int] = None
    help: Optional[str] = None
    """How to fix it."""
    provider_message: Optional[str] = None
    """What the provider would answer, in its own words."""
    notes: Tuple[str, ...] = ()
    """Extra context, such as the kind of evidence the rule rests on."""
    profile: Optional[str] = None
    """The profile this finding belongs to, when several were checked together."""
    fix: Optional[Fix] = None
    """A machine-applicable fix, when the rule has one (see :func:`schemalint.fix`)."""

    def __str__(self) -> str:
        at = f"{self.line}:{self.column}: " if self.line is not None else ""
        return f"{at}{self.severity}[{self.rule}] {self.message} (at {self.pointer or '/'})"


@dataclasses.dataclass(frozen=True)
class AppliedFix:
    """A fix :func:`schemalint.fix` applied: which rule, where, and what it did."""

    rule: str
    pointer: str
    """The finding's JSON pointer, in the text of the round the fix was applied in."""
    message: str
    applicability: Applicability


@dataclasses.dataclass(frozen=True)
class Fixed:
    """What :func:`schemalint.fix` did."""

    text: str
    """The fixed document as JSON text (the input's formatting kept; for a ``dict``,
    ``json.dumps(schema, indent=2)`` fixed)."""
    value: Any
    """``json.loads(text)``: the fixed schema as Python data."""
    applied: Tuple[AppliedFix, ...]
    """The fixes applied, in the order they were applied."""
    remaining: Tuple[Diagnostic, ...]
    """The findings left in ``text`` (positions refer to it); some may still have a
    ``fix`` that needs ``unsafe=True``."""

    @property
    def changed(self) -> bool:
        """Whether any fix was applied."""
        return bool(self.applied)


@dataclasses.dataclass(frozen=True)
class ValidationError:
    """One reason a reply does not match the schema.

    ``start``/``end`` are UTF-8 byte offsets in the reply and ``line``/``column`` (1-based)
    its position; for ``"malformed"`` and ``"truncated"`` replies, where parsing stopped.
    """

    instance_pointer: str
    """JSON pointer into the reply (``""``: the whole reply)."""
    schema_pointer: str
    """JSON pointer of the failing keyword in the schema."""
    keyword: str
    """The failing keyword, e.g. ``"required"``; ``""`` for JSON syntax errors."""
    message: str
    kind: ErrorKind
    start: Optional[int] = None
    end: Optional[int] = None
    line: Optional[int] = None
    column: Optional[int] = None

    def __str__(self) -> str:
        return f"{self.instance_pointer or '(root)'}: {self.message}"
