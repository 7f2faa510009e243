"""Value lists written as a run of codes: "one of R1–R6" is R1, R2, R3, R4, R5, R6."""

from __future__ import annotations

import re

#: "one of R1–R6", "one of BAY01 to BAY12": a prefix, then two numbers of a run (it was read as
#: one value 'r1 r6'); a run of more than 50 codes is left as written
_CODE_RUN = re.compile(
    r"(?P<lead>\bone\s+of\s+|\bin\s+)(?P<p>[A-Z]{1,4})(?P<a>\d{1,3})\s*(?:\u2013|\u2014|-|\.\.|\s+to\s+|\s+through\s+|\s+thru\s+)\s*"
    r"(?P=p)(?P<b>\d{1,3})(?![\w-])"
)

_LETTER_RUN = re.compile(r"(?P<lead>\bone\s+of\s+)(?P<a>[A-Z])\s*(?:\u2013|\u2014|-|\s+to\s+|\s+through\s+)\s*(?P<b>[A-Z])(?![\w-])")


def code_runs(text: str) -> str:
    """Each "one of <P><a>–<P><b>" written as the list of its codes."""
    if "one of" not in text and " in " not in text:
        return text

    def _run(m: re.Match[str]) -> str:
        a, b = int(m.group("a")), int(m.group("b"))
        if not 0 <= b - a <= 50:
            return m.group(0)
        width = len(m.group("a")) if m.group("a").startswith("0") else 0
        codes = [f"{m.group('p')}{str(i).zfill(width)}" for i in range(a, b + 1)]
        return m.group("lead") + ", ".join(codes[:-1]) + " or " + codes[-1]

    text = _CODE_RUN.sub(_run, text)
    if "one of" in text:
        # "band must be one of A–H": a run of single capital letters
        text = _LETTER_RUN.sub(
            lambda m: m.group("lead") + ", ".join(chr(c) for c in range(ord(m.group("a")), ord(m.group("b")))) + f" or {m.group('b')}"
            if m.group("a") < m.group("b") else m.group(0),
            text,
        )
    return text
