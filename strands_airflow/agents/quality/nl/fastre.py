"""``re`` for the parser, skipping texts a pattern cannot match.

The parser runs a few hundred substitutions and searches per request, and most of them meet
a clause where their pattern cannot match ("shan't" in a clause without an apostrophe). For
each pattern this module derives, from its parsed form, a set of literal strings such that
every match contains at least one of them (a "needle"); when no needle is in the text, the
regex engine is not run and the answer is the one it would give (no match, text unchanged).
Patterns with no such literal (one that can match anything, or an empty match) always run.

Modules of the parser import it as ``re``: it re-exports the standard module's flags,
``Pattern``, ``Match``, ``error`` and ``escape``, with
``compile``, ``sub``, ``subn``, ``search``, ``match``, ``fullmatch``, ``findall``,
``finditer`` and ``split`` guarded. Case-insensitive patterns are guarded on ASCII texts only
(their needles are compared with the lower-cased text). A match's ``.re`` is the standard
compiled pattern, not the guarded one: compare ``.pattern`` strings, never the objects.
"""

from __future__ import annotations

import functools
import re as _re
from collections.abc import Callable, Iterator
from re import (  # noqa: F401 - this module stands in for `re`
    ASCII,
    DOTALL,
    IGNORECASE,
    MULTILINE,
    VERBOSE,
    A,
    I,
    M,
    Match,
    Pattern,
    S,
    X,
    error,
    escape,
)
from typing import Any

try:  # Python 3.11+
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_LITERAL = _sre_parse.LITERAL
_SUBPATTERN = _sre_parse.SUBPATTERN
_BRANCH = _sre_parse.BRANCH
_REPEATS = tuple(
    getattr(_sre_parse, n)
    for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    if hasattr(_sre_parse, n)
)
_I = _re.IGNORECASE


def _better(a: frozenset[str] | None, b: frozenset[str] | None) -> frozenset[str] | None:
    """The more selective of two needle sets (longer shortest needle, then fewer needles)."""
    if a is None:
        return b
    if b is None:
        return a
    ka, kb = (min(map(len, a)), -len(a)), (min(map(len, b)), -len(b))
    return b if kb > ka else a


def _needles_of(items: Any, ignore_case: bool) -> frozenset[str] | None:
    """Needles of a parsed sequence: a literal run, or what a required part needs."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def flush() -> None:
        nonlocal best
        if run:
            best = _better(best, frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _LITERAL:
            ch = chr(av)
            if ignore_case:
                if not ch.isascii():
                    flush()
                    continue
                ch = ch.lower()
            run.append(ch)
            continue
        flush()
        if op is _SUBPATTERN:
            add_flags, del_flags, sub = av[1], av[2], av[3]
            ic = (ignore_case or bool(add_flags & _I)) and not (del_flags & _I)
            best = _better(best, _needles_of(sub, ic))
        elif op is _BRANCH:
            alts = [_needles_of(alt, ignore_case) for alt in av[1]]
            if alts and all(a for a in alts):
                best = _better(best, frozenset().union(*alts))  # type: ignore[arg-type]
        elif op in _REPEATS:
            lo, _hi, sub = av
            if lo >= 1:
                best = _better(best, _needles_of(sub, ignore_case))
        # anything else (a class, any char, an anchor, a lookaround, a group reference)
        # consumes no known literal: it only ends the run
    flush()
    if best is not None and not all(best):
        return None
    return best


def needles(pattern: str, flags: int = 0) -> tuple[frozenset[str] | None, bool]:
    """(needles, case-insensitive) of a pattern; needles None = no literal every match has."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - the real compile raises the real error
        return None, False
    ic = bool(parsed.state.flags & _I)
    found = _needles_of(parsed, ic)
    if found is not None and not ic and "(?" in pattern and _scoped_ignore_case(parsed):
        # a (?i:...) group: its needles are lower-cased, so every needle is compared with
        # the lower-cased text (a case-sensitive needle present is present lower-cased too)
        found, ic = frozenset(n.lower() for n in found), True
    return found, ic


def _scoped_ignore_case(items: Any) -> bool:
    """Whether a parsed sequence has a group that turns case-insensitivity on."""
    for op, av in items:
        if op is _SUBPATTERN:
            if av[1] & _I or _scoped_ignore_case(av[3]):
                return True
        elif op is _BRANCH:
            if any(_scoped_ignore_case(alt) for alt in av[1]):
                return True
        elif op in _REPEATS:
            if _scoped_ignore_case(av[2]):
                return True
    return False


class Guarded:
    """A compiled pattern that returns at once when no needle is in the text."""

    __slots__ = ("rx", "_needles", "_ic")

    def __init__(self, rx: _re.Pattern[str]) -> None:
        self.rx = rx
        found, ic = needles(rx.pattern, rx.flags) if isinstance(rx.pattern, str) else (None, False)
        self._needles = tuple(found) if found else None
        self._ic = ic

    def _absent(self, text: Any) -> bool:
        """True when no match is possible: no needle is in the text."""
        ns = self._needles
        if ns is None or not isinstance(text, str):
            return False
        if self._ic:
            if not text.isascii():
                return False
            text = text.lower()
        for n in ns:
            if n in text:
                return False
        return True

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return string if self._absent(string) else self.rx.sub(repl, string, count)

    def subn(self, repl: Any, string: str, count: int = 0) -> tuple[str, int]:
        return (string, 0) if self._absent(string) else self.rx.subn(repl, string, count)

    def search(self, string: str, *args: Any) -> _re.Match[str] | None:
        return None if self._absent(string) else self.rx.search(string, *args)

    def match(self, string: str, *args: Any) -> _re.Match[str] | None:
        return None if self._absent(string) else self.rx.match(string, *args)

    def fullmatch(self, string: str, *args: Any) -> _re.Match[str] | None:
        return None if self._absent(string) else self.rx.fullmatch(string, *args)

    def findall(self, string: str, *args: Any) -> list[Any]:
        return [] if self._absent(string) else self.rx.findall(string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[_re.Match[str]]:
        return iter(()) if self._absent(string) else self.rx.finditer(string, *args)

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        return [string] if self._absent(string) else self.rx.split(string, maxsplit)

    def __getattr__(self, name: str) -> Any:  # pattern, flags, groups, groupindex, ...
        return getattr(self.rx, name)

    def __repr__(self) -> str:
        return f"Guarded({self.rx!r})"


@functools.lru_cache(maxsize=4096)
def _guarded(pattern: str, flags: int) -> Guarded:
    return Guarded(_re.compile(pattern, flags))


def compile(pattern: Any, flags: int = 0) -> Any:  # noqa: A001 - stands in for re.compile
    if isinstance(pattern, Guarded):
        return pattern
    if isinstance(pattern, _re.Pattern):
        return Guarded(pattern) if isinstance(pattern.pattern, str) else pattern
    if not isinstance(pattern, str):
        return _re.compile(pattern, flags)
    return _guarded(pattern, int(flags))


def sub(
    pattern: Any, repl: str | Callable[[Any], str], string: str, count: int = 0, flags: int = 0
) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, string, count)


def search(pattern: Any, string: str, flags: int = 0) -> _re.Match[str] | None:
    return compile(pattern, flags).search(string)


def match(pattern: Any, string: str, flags: int = 0) -> _re.Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> _re.Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def finditer(pattern: Any, string: str, flags: int = 0) -> Iterator[_re.Match[str]]:
    return compile(pattern, flags).finditer(string)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).split(string, maxsplit)
