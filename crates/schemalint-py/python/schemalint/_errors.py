"""Exceptions raised by schemalint. All derive from :class:`SchemalintError` and carry
the individual problems in ``.errors``."""

from __future__ import annotations

from typing import Any, List, Sequence


class SchemalintError(Exception):
    """Base class of schemalint's exceptions; ``errors`` lists the individual problems."""

    errors: List[Any]

    def __init__(self, message: str, errors: Sequence[Any] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.errors = list(errors)


class InvalidJSONError(SchemalintError, ValueError):
    """The schema is not valid JSON (or not UTF-8). ``errors`` holds the
    ``json/invalid-json`` :class:`~schemalint.Diagnostic` with its line and column."""


class UnknownProfileError(SchemalintError, ValueError):
    """No built-in profile has this id; the message lists the available ones."""


class SchemaCompileError(SchemalintError, ValueError):
    """The schema cannot be compiled into a :class:`~schemalint.Validator` (e.g. an
    unresolvable ``$ref`` or a keyword value of the wrong type)."""


class IncompatibleSchemaError(SchemalintError, ValueError):
    """Raised by :func:`~schemalint.ensure_compatible`: the provider would reject the
    schema. ``errors`` holds the error-severity :class:`~schemalint.Diagnostic` objects."""


class InvalidInstanceError(SchemalintError, ValueError):
    """Raised by :meth:`~schemalint.Validator.ensure_valid`: the reply does not match the
    schema. ``errors`` holds the :class:`~schemalint.ValidationError` objects."""


class InternalError(SchemalintError, RuntimeError):
    """A bug in schemalint (a Rust panic, caught before it reached Python)."""
