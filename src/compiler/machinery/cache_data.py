"""Cache entries as plain data: JSON checked against the type it must be, never code.

A shared cache folder is writable by every job that uses it, so whatever is read from it is
treated as untrusted input. A pickle runs whatever its bytes say when it is loaded; this
encodes dataclasses, paths, dates and bytes as JSON, and decoding is driven by the type the
caller expects: only that type's fields are accepted, each must have its declared type, and the
only classes ever constructed are the dataclasses named in that type's annotations. Anything
else (another class, a missing or extra field, a string where a number belongs) is a
:class:`ShapeError`, which the cache treats as a miss.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .partial_dates import from_w3cdtf

TYPE_TAG = "__type__"
PATH_TAG = "__path__"
BYTES_TAG = "__bytes__"

T = TypeVar("T")


class ShapeError(ValueError):
    """The data does not have the shape of the type asked for."""


def dumps(value: Any) -> bytes:
    """JSON bytes of ``value``; :class:`ShapeError` for anything that is not plain data."""
    return json.dumps(_encode(value), sort_keys=True, separators=(",", ":")).encode()


def loads(data: bytes, shape: Any) -> Any:
    """``data`` decoded as a value of type ``shape``, or :class:`ShapeError`."""
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as exc:
        raise ShapeError(f"not JSON: {exc}") from None
    try:
        return _decode(raw, shape)
    except ShapeError:
        raise
    except RecursionError:
        raise ShapeError("nested too deep") from None
    except (TypeError, ValueError, OverflowError) as exc:
        # A value of the right JSON type that the class still refuses (a number too large
        # for a float, a check in a dataclass): the entry is unusable all the same.
        raise ShapeError(str(exc)) from None


def carry_over(shape: type[T], source: Any, **given: Any) -> T:
    """A ``shape`` (a dataclass) holding ``given``, its other fields ``source``'s of the same name.

    What the cache keeps of a thing is a record with the thing's own fields plus a few of its
    own, and it is made back into the thing the same way: written out field by field both
    ways, a field added to one side could be missed on the other. A field ``source`` lacks and
    ``given`` does not name keeps its default.
    """
    taken = {
        f.name: getattr(source, f.name)
        for f in _fields(shape)
        if f.name not in given and hasattr(source, f.name)
    }
    return shape(**taken, **given)


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Path):
        return {PATH_TAG: str(value)}
    if isinstance(value, (bytes, bytearray)):
        return {BYTES_TAG: base64.b64encode(value).decode("ascii")}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        if _plain(value):  # a word's places, a line's words: thousands, each its own JSON
            return list(value)
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, (str, int)) and not isinstance(key, bool) for key in value):
            raise ShapeError("dictionary keys must be text or whole numbers")
        if _plain(value.values()):
            return {str(key): item for key, item in value.items()}
        return {str(key): _encode(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        encoded = {f.name: _encode(getattr(value, f.name)) for f in _fields(type(value))}
        encoded[TYPE_TAG] = type(value).__name__
        return encoded
    raise ShapeError(f"cannot store a {type(value).__name__} in the cache")


# Values JSON holds as they are; exactly these types, so that a subclass takes the long way.
_PLAIN_TYPES = frozenset({str, int, float, bool, type(None)})


def _plain(values: Iterable[Any]) -> bool:
    return all(type(value) in _PLAIN_TYPES for value in values)


def _all_of(items: Iterable[Any], shape: Any) -> bool:
    """Whether every item already is a ``shape`` (text, a whole number, true or false) as
    JSON gave it."""
    if shape in (str, int, bool):
        return all(type(item) is shape for item in items)
    return False


def _decode(raw: Any, shape: Any) -> Any:  # noqa: PLR0911, PLR0912 - one branch per kind
    if shape is Any or shape is object:
        return raw
    if shape is None or shape is type(None):
        return _expect(raw, raw is None, "null")
    origin = typing.get_origin(shape)
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(shape):
            try:
                return _decode(raw, option)
            except ShapeError:
                continue
        raise ShapeError(f"{_brief(raw)} is none of {shape}")
    if shape is bool:
        return _expect(raw, isinstance(raw, bool), "true or false")
    if shape is int:
        return _expect(raw, isinstance(raw, int) and not isinstance(raw, bool), "a whole number")
    if shape is float:
        ok = isinstance(raw, (int, float)) and not isinstance(raw, bool)
        return float(_expect(raw, ok, "a number"))
    if shape is str:
        return _expect(raw, isinstance(raw, str), "text")
    if shape is Path:
        ok = isinstance(raw, dict) and set(raw) == {PATH_TAG} and isinstance(raw[PATH_TAG], str)
        return Path(_expect(raw, ok, "a path")[PATH_TAG])
    if shape is bytes:
        ok = isinstance(raw, dict) and set(raw) == {BYTES_TAG} and isinstance(raw[BYTES_TAG], str)
        try:
            return base64.b64decode(_expect(raw, ok, "bytes")[BYTES_TAG], validate=True)
        except ValueError:
            raise ShapeError("bytes that are not base64") from None
    if shape in (dt.datetime, dt.date):
        text = _expect(raw, isinstance(raw, str), "a date")
        try:
            # A date may be known only to its year or month, and is written so ("1911-03").
            return dt.datetime.fromisoformat(text) if shape is dt.datetime else from_w3cdtf(text)
        except ValueError:
            raise ShapeError(f"{text!r} is not a date") from None
    if origin is list:
        (item,) = typing.get_args(shape)
        items = _expect(raw, isinstance(raw, list), "a list")
        if _all_of(items, item):
            return items
        return [_decode(x, item) for x in items]
    if origin is tuple:
        items = _expect(raw, isinstance(raw, list), "a list")
        args = typing.get_args(shape)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(x, args[0]) for x in items)
        _expect(raw, len(items) == len(args), f"a list of {len(args)}")
        return tuple(_decode(x, a) for x, a in zip(items, args, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(shape)
        mapping = _expect(raw, isinstance(raw, dict), "an object")
        if key_type is str and _all_of(mapping.values(), value_type):
            return mapping  # JSON keys are text already
        return {_key(k, key_type): _decode(v, value_type) for k, v in mapping.items()}
    if isinstance(shape, type) and dataclasses.is_dataclass(shape):
        return _dataclass(raw, shape)
    raise ShapeError(f"no cache encoding for {shape}")


def _dataclass(raw: Any, cls: type) -> Any:
    fields = _fields(cls)
    ok = isinstance(raw, dict) and raw.get(TYPE_TAG) == cls.__name__
    _expect(raw, ok, f"a {cls.__name__}")
    if set(raw) != {TYPE_TAG, *(f.name for f in fields)}:
        raise ShapeError(f"the fields of a {cls.__name__} differ")
    hints = _hints(cls)
    return cls(**{f.name: _decode(raw[f.name], hints[f.name]) for f in fields})


def _key(raw: str, shape: Any) -> Any:
    if shape is str:
        return raw
    if shape is int and raw.lstrip("-").isdigit() and raw.isascii():
        return int(raw)
    raise ShapeError(f"{raw!r} is not a key of type {shape}")


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.init)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _expect(raw: Any, ok: bool, what: str) -> Any:
    if not ok:
        raise ShapeError(f"expected {what}, found {_brief(raw)}")
    return raw


def _brief(raw: Any) -> str:
    return type(raw).__name__
