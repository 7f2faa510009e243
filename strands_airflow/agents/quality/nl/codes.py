"""Value lists written as a run of codes: "one of R1–R6" is R1, R2, R3, R4, R5, R6."""

from __future__ import annotations

import re

#: "one of R1–R6", "one of BAY01 to BAY12": a prefix, then two numbers of a run (it was read as
#: one value 'r1 r6'); a run of more than 50 codes is left as written
_CODE_RUN = re.compile(
    r"(?P<lead>\bone\s+of\s+|\bin\s+)(?P<p>[A-Z]{1,4})(?P<a>\d{1,3})\s*(?:\u2013|\u2014|-|\.\.|\s+to\s+|\s+through\s+|\s+thru\s+)\s*"
    r"(?P=p)(?P<b>\d{1,3})(?![\w-])"
)


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

    return _CODE_RUN.sub(_run, text)
