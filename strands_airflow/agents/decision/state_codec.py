"""A learner's state as named numpy arrays, and back; plus the fingerprint of its schema.

The walk is generic, so a change to the models' attributes needs no change here:

- arrays and numbers (``int``, ``float``, ``bool``, numpy scalars) are state;
- ``dict`` (string keys) and plain objects (their ``vars()``) are walked, the path of a
  leaf is its attribute and key names joined by ``/`` (``runtime/glue/Sxx``);
- attributes whose name starts with ``_`` are caches (a posterior, an inverse), never
  state: a restored object recomputes them;
- dataclass instances are settings: they are not state, they are part of the
  :func:`fingerprint`.

Only arrays of numbers travel (no pickle): a state read from a store can hold data, never
code. :func:`restore` accepts a state only when every leaf the fresh object has is
given, with the same kind and shape, and nothing else is: any change to the learner's
attributes makes an old state fail loudly instead of being half-applied.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

SEP = "/"


class StateSchemaError(ValueError):
    """A state that does not fit the object it should restore (another schema)."""


def flatten(obj: Any, prefix: str = "") -> dict[str, np.ndarray]:
    """Every state leaf of ``obj`` as ``{path: array}`` (numbers as 0-d arrays)."""
    out: dict[str, np.ndarray] = {}
    _walk(obj, prefix, out)
    return out


def _walk(value: Any, path: str, out: dict[str, np.ndarray]) -> None:
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biuf":
            raise TypeError(f"state leaf {path!r} holds {value.dtype} values, not numbers")
        out[path] = value
    elif isinstance(value, bool | int | float | np.number | np.bool_):
        out[path] = np.asarray(value)
    elif dataclasses.is_dataclass(value) or value is None:
        return  # settings (fingerprinted) or an empty optional
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str) or SEP in key or not key:
                raise TypeError(f"state key {key!r} under {path!r} is not a plain name")
            _walk(item, _join(path, key), out)
    elif hasattr(value, "__dict__") and not isinstance(value, type | types.ModuleType):
        for name, item in vars(value).items():
            if not name.startswith("_"):
                _walk(item, _join(path, name), out)
    else:
        raise TypeError(f"state leaf {path!r} is a {type(value).__name__}: not storable")


def _join(path: str, name: str) -> str:
    return f"{path}{SEP}{name}" if path else name


def restore(obj: Any, arrays: Mapping[str, np.ndarray], prefix: str = "") -> None:
    """Set ``obj``'s state leaves from ``arrays`` (what :func:`flatten` produced).

    ``obj`` must already hold every container the state names (create dict entries
    first). Raises StateSchemaError when a leaf is missing, extra, or of another kind
    or shape; ``obj`` may then be half-restored and must be discarded.
    """
    own = flatten(obj, prefix)
    given = {k: v for k, v in arrays.items() if k.startswith(prefix)}
    missing = sorted(set(own) - set(given))
    extra = sorted(set(given) - set(own))
    if missing or extra:
        raise StateSchemaError(
            f"state does not fit: missing {missing[:5]}{'...' if len(missing) > 5 else ''}, "
            f"unknown {extra[:5]}{'...' if len(extra) > 5 else ''}"
        )
    for path, now in own.items():
        new = np.asarray(given[path])
        if new.shape != now.shape or _kind(new) != _kind(now):
            raise StateSchemaError(
                f"state leaf {path!r}: {new.dtype}{list(new.shape)} where the learner "
                f"holds {now.dtype}{list(now.shape)}"
            )
        _set(obj, path[len(prefix) :].lstrip(SEP).split(SEP), new)


def _kind(a: np.ndarray) -> str:
    return "f" if a.dtype.kind == "f" else ("b" if a.dtype.kind == "b" else "i")


def _set(obj: Any, parts: list[str], value: np.ndarray) -> None:
    holder = obj
    for name in parts[:-1]:
        holder = holder[name] if isinstance(holder, Mapping) else getattr(holder, name)
    last = parts[-1]
    current = holder[last] if isinstance(holder, Mapping) else getattr(holder, last)
    if isinstance(current, np.ndarray):
        new: Any = np.array(value, dtype=current.dtype, copy=True)
    elif isinstance(current, bool | np.bool_):
        new = bool(value)
    elif isinstance(current, int | np.integer):
        new = int(value)
    else:
        new = float(value)
    if isinstance(holder, dict):
        holder[last] = new
    else:
        setattr(holder, last, new)


def code_digest(functions: Iterable[Any]) -> str:
    """A digest of what the given functions and classes *do*: their bytecode, constants
    and names (not comments or line numbers). Any change to the code changes it."""
    h = hashlib.sha256()
    for item in functions:
        for code in _codes(item):
            _hash_code(code, h)
    return h.hexdigest()[:16]


def _codes(item: Any) -> list[types.CodeType]:
    if isinstance(item, type):
        out = []
        for name in sorted(vars(item)):
            attr = vars(item)[name]
            attr = getattr(attr, "__func__", attr)
            if isinstance(attr, property):
                attr = attr.fget
            if isinstance(attr, types.FunctionType):
                out.append(attr.__code__)
        return out
    code = getattr(item, "__code__", None)
    return [code] if code is not None else []


def _hash_code(code: types.CodeType, h: Any) -> None:
    h.update(code.co_name.encode())
    h.update(code.co_code)
    h.update(repr(code.co_names).encode())
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            _hash_code(const, h)
        else:
            h.update(repr(const).encode())


def fingerprint(
    settings: Iterable[Any], fresh: Callable[[], Any], code: Iterable[Any], version: int
) -> str:
    """The schema of a state: ``version``, the settings (dataclasses), the names, kinds,
    shapes and initial values of a fresh object's leaves, and the digest of ``code``."""
    h = hashlib.sha256()
    h.update(str(version).encode())
    for s in settings:
        h.update(json.dumps(dataclasses.asdict(s), sort_keys=True, default=repr).encode())
    for path, a in sorted(flatten(fresh()).items()):
        h.update(f"{path}:{_kind(a)}:{a.shape}".encode())
        h.update(np.ascontiguousarray(a, dtype=np.float64).tobytes())
    h.update(code_digest(code).encode())
    return h.hexdigest()[:24]
