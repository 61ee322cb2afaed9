"""Lint JSON Schemas for LLM structured outputs before you send them, and validate the
replies that come back.

>>> import schemalint
>>> schema = {"type": "object", "properties": {"city": {"type": "string"}}}
>>> [d.rule for d in schemalint.check(schema)]
['strict/additional-properties', 'strict/required']
>>> schemalint.Validator(schema).is_valid('{"city": "Paris"}')
True
>>> schemalint.fix(schema, unsafe=True).value["required"]
['city']

Everything runs in Rust with the GIL released; the functions are safe to call from many
threads at once, and a :class:`Validator` may be shared between threads.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Mapping, Sequence, Union

from . import _schemalint
from ._errors import (
    IncompatibleSchemaError,
    InternalError,
    InvalidInstanceError,
    InvalidJSONError,
    SchemaCompileError,
    SchemalintError,
    UnknownProfileError,
)
from ._schemalint import Validator
from ._types import (
    AppliedFix,
    Applicability,
    Diagnostic,
    Edit,
    ErrorKind,
    Fix,
    Fixed,
    Severity,
    ValidationError,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

__version__: str = _schemalint.__version__

__all__ = [
    "AppliedFix",
    "Applicability",
    "Diagnostic",
    "Edit",
    "ErrorKind",
    "Fix",
    "Fixed",
    "IncompatibleSchemaError",
    "InternalError",
    "InvalidInstanceError",
    "InvalidJSONError",
    "SchemaCompileError",
    "SchemalintError",
    "Severity",
    "UnknownProfileError",
    "ValidationError",
    "Validator",
    "check",
    "check_model",
    "ensure_compatible",
    "fix",
    "model_schema",
]

Schema = Union[Mapping[str, Any], str, bytes, bytearray, "os.PathLike[str]"]
"""A schema (or a ``response_format``, ``json_schema`` object, tool or request body):
a dict, JSON text as ``str``/``bytes``, or the path of a JSON file."""

Profiles = Union[str, Sequence[str]]
"""A built-in profile id such as ``"openai"``, or several (findings then carry ``profile``)."""

SchemaSource = Literal["auto", "openai", "pydantic"]


def _profiles(profile: Profiles) -> List[str]:
    profiles = [profile] if isinstance(profile, str) else list(profile)
    if not profiles:
        raise ValueError("profile: give at least one profile id, e.g. 'openai'")
    return profiles


def check(schema: Schema, profile: Profiles = "openai", *, name: str = "<schema>") -> List[Diagnostic]:
    """Check a schema against a provider profile; returns every finding, sorted by position.

    ``schema`` may be a bare schema or any shape the ``schemalint check`` command accepts
    (``response_format``, a ``json_schema`` object, a function tool, a whole request body),
    given as a dict, as JSON text (``str``/``bytes``) or as a path (``pathlib.Path``).
    ``name`` names the document in messages (a path's own name is used for a path).

    Raises :class:`InvalidJSONError` when the text is not JSON, and
    :class:`UnknownProfileError` for a profile that is not built in.
    """
    profiles = _profiles(profile)
    if isinstance(schema, os.PathLike):
        path = os.fspath(schema)
        with open(path, "rb") as file:
            return _schemalint.check(file.read(), profiles, path)
    return _schemalint.check(schema, profiles, name)


def fix(
    schema: Schema, profile: str = "openai", *, unsafe: bool = False, name: str = "<schema>"
) -> Fixed:
    """Apply the fixes schemalint knows for ``profile``; returns the fixed document.

    Safe fixes keep the set of valid outputs (``additionalProperties: false`` where strict
    mode forbids extra keys anyway, a ``type`` that ``const``/``enum`` imply); with
    ``unsafe=True`` fixes that change what a model may produce are applied too (an
    optional property becomes required and nullable as the OpenAI SDKs write it,
    ``default`` is removed, …). Fixes are applied in rounds until none is left, keeping
    the text's formatting; ``Fixed.remaining`` is what no fix settles.

    ``schema`` is what :func:`check` takes; a file given as a path is read, not written.
    Raises :class:`InvalidJSONError` when the text is not JSON, and
    :class:`UnknownProfileError` for a profile that is not built in.
    """
    if not isinstance(profile, str):
        raise TypeError(
            f"profile: fix takes one profile id such as 'openai', got {profile!r} "
            "(fixes differ between providers: fix for each one separately)"
        )
    if isinstance(schema, os.PathLike):
        path = os.fspath(schema)
        with open(path, "rb") as file:
            return _schemalint.fix(file.read(), profile, unsafe, path)
    return _schemalint.fix(schema, profile, unsafe, name)


def ensure_compatible(
    schema: Schema, profile: Profiles = "openai", *, name: str = "<schema>"
) -> List[Diagnostic]:
    """Like :func:`check`, but raises :class:`IncompatibleSchemaError` (its ``errors`` are
    the error-severity findings) when the provider would reject the schema; returns the
    remaining warnings and infos otherwise."""
    diagnostics = check(schema, profile, name=name)
    errors = [d for d in diagnostics if d.severity == "error"]
    if errors:
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise IncompatibleSchemaError(f"{name}: {errors[0]}{more}", errors)
    return diagnostics


def model_schema(model: "type[BaseModel]", source: SchemaSource = "auto") -> Dict[str, Any]:
    """The JSON Schema of a Pydantic v2 model, as it would be sent.

    ``"openai"``: what the OpenAI SDK sends for ``response_format=Model``
    (``openai.lib._pydantic.to_strict_json_schema``: closed objects, every property
    required); ``"pydantic"``: ``Model.model_json_schema()`` as is; ``"auto"`` (default):
    the SDK's schema when the ``openai`` package is installed, else Pydantic's.
    """
    if source not in ("auto", "openai", "pydantic"):
        raise ValueError(f"source: expected 'auto', 'openai' or 'pydantic', got {source!r}")
    if not hasattr(model, "model_json_schema"):
        raise TypeError(f"expected a Pydantic v2 model class, got {model!r}")
    if source != "pydantic":
        try:
            from openai.lib._pydantic import to_strict_json_schema
        except ImportError:
            if source == "openai":
                raise ImportError(
                    "source='openai' needs the openai package: pip install openai"
                ) from None
        else:
            return to_strict_json_schema(model)
    return model.model_json_schema()


def check_model(
    model: "type[BaseModel]", profile: Profiles = "openai", *, source: SchemaSource = "auto"
) -> List[Diagnostic]:
    """Check the schema of a Pydantic v2 model (see :func:`model_schema` for ``source``).

    Pointers and positions refer to ``json.dumps(model_schema(model, source), indent=2)``.
    """
    return check(model_schema(model, source), profile, name=model.__name__)
