"""Pattern descriptions in words -> an anchored regular expression.

A small compositional grammar, read left to right:

    description := unit (SEP unit)* [", nothing else"]
    unit        := COUNT? CASE? CLASS          "one or two digits", "an uppercase letter",
                                               "exactly 64 lowercase hex characters"
                 | ARTICLE? LITERAL            "an S", "a dash", "dash", "a slash"
    SEP         := "," | "followed by" | "then" | "and then" | "and"
    shape       := GROUP (SEPCHAR GROUP)+      "12-34-56", "NNN-NN-NNNN" (N / X / 9 / #: a digit)

COUNT is "a", "one", "2", "exactly 4", "one or two", "2 to 4", "between 2 and 4", "at least 3"
(numbers in words too); CASE is upper / lower / capital; CLASS is letter, digit, hex
character, alphanumeric character. Each unit gives one regex atom with its quantifier, a
description gives their concatenation between ``^`` and ``$``. Nothing is guessed: a
description the grammar cannot read wholly is left as it is (and then read, or refused, by the
rest of the parser).
"""

from __future__ import annotations

from strands_airflow.agents.quality.nl import fastre as re
from strands_airflow.exceptions import QualityRequestError

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "sixteen": 16,
    "twenty": 20, "thirty-two": 32, "sixty-four": 64,
}  # fmt: skip
_N = r"(?:\d+|a|an|one|single|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|sixteen|twenty|thirty-two|sixty-four)"
#: character classes by (class word, case): None = either case
_CLASSES: dict[str, dict[str | None, str]] = {
    "letter": {None: "[A-Za-z]", "upper": "[A-Z]", "lower": "[a-z]"},
    "digit": {None: r"\d", "upper": r"\d", "lower": r"\d"},
    "hex": {None: "[0-9A-Fa-f]", "upper": "[0-9A-F]", "lower": "[0-9a-f]"},
    "alnum": {None: "[A-Za-z0-9]", "upper": "[A-Z0-9]", "lower": "[a-z0-9]"},
}
_CLASS_WORDS = (
    # "1-4 uppercase letters or digits", "letters and numbers", "digits or letters": one mixed
    # class (alphanumeric); "2 letters and 4 digits" (a count after "and") is a sequence
    r"(?P<cls>(?:letters?|alphas?)\s*(?:or|and|/|\+|&)\s*(?:digits?|numbers?|numerals?)(?:\s+(?:characters?|chars?))?|"
    r"(?:digits?|numbers?|numerals?)\s*(?:or|and|/|\+|&)\s*letters?|"
    r"(?:hex(?:adecimal)?|alphanumeric|alpha-numeric)\s+(?:characters?|chars?|digits?)|hex(?:adecimal)?s?|"
    # "two capitals followed by six digits": capitals are upper-case letters
    r"alphanumerics?|letters?|digits?|numerals?|capitals?)"
)
_LITERALS = {
    "dash": "-", "hyphen": "-", "minus": "-", "slash": "/", "dot": r"\.", "period": r"\.",
    "full stop": r"\.", "colon": ":", "underscore": "_", "space": " ", "plus": r"\+",
    "hash": "#",
}  # fmt: skip
_COUNT = (
    rf"(?:exactly\s+)?(?P<n1>{_N})(?:\s*(?:or|to|-)\s*(?P<n2>{_N}))?(?P<more>\s+or\s+more)?"
    rf"|between\s+(?P<b1>{_N})\s+and\s+(?P<b2>{_N})|at\s+least\s+(?P<least>{_N})"
)
_CASE = r"(?P<case>upper[- ]?case|capital|caps|lower[- ]?case|small)"
_UNIT = re.compile(
    # "a letter A-E", "a capital letter A to F", "a single digit 1-9": a class with its range
    rf"(?i)(?:(?:a|an|the)\s+)?(?:(?P<rn>{_N})\s+)?(?:(?:upper[- ]?case|capital|caps|lower[- ]?case|small)\s+)?"
    r"(?P<rcls>letters?|digits?)\s+(?:from\s+)?(?-i:(?P<r1>[A-Z]|\d))\s*(?:-|\u2013|to|through|thru)\s*(?-i:(?P<r2>[A-Z]|\d))(?![\w-])"
    rf"|(?:(?:{_COUNT})\s+)?(?:{_CASE}\s+)?{_CLASS_WORDS}(?![\w-])"
    rf"|(?:an?\s+|the\s+|one\s+)?(?P<lit>{'|'.join(_LITERALS)})(?![\w-])"
    r"|(?:(?:an?\s+|the\s+|one\s+)(?:letter\s+)?|letter\s+)(?P<ch>[A-Z])(?![\w-])"
    # a literal prefix written as it is ("GB", "ORD-", "0x") before "followed by" / "then"
    r"|(?-i:(?P<word>[A-Z]{2,5}-?|[A-Z]-|0x))(?=\s*,?\s*(?:followed\s+by|(?:and\s+)?then)\s)"
)
#: the units of a description spelled out next to an example ("TR-03-B (TR, two digits, dash,
#: one capital letter)"): a literal prefix may also stand before a comma, as the example shows it
_SPELLED_UNIT = re.compile(
    _UNIT.pattern + r"|(?-i:(?P<word2>[A-Z]{2,5}))(?=\s*,\s)"
)
_SEP = re.compile(
    r"(?i)\s*(?:,\s*(?:(?:and\s+)?then\s+|followed\s+by\s+)?|\s+(?:and\s+then|followed\s+by|then|and)\s+|\s*\+\s*(?=\d|[a-z]))"
)
_END = re.compile(r"(?i)\s*(?:,\s*|\s+and\s+)?(?:nothing\s+else|and\s+nothing\s+more|only)\b")


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower())


def _atom(m: re.Match[str]) -> tuple[str, bool] | None:
    """One unit's regex atom and whether it is a character class (not a literal)."""
    if m.group("rcls"):
        # the range must be of the class named ("a letter A-E", "a digit 1-9"), low to high
        r1, r2, letter = m.group("r1"), m.group("r2"), m.group("rcls").lower().startswith("letter")
        if r1.isalpha() != letter or r2.isalpha() != letter or r1 >= r2:
            return None
        n = _num(m.group("rn")) if m.group("rn") else 1
        if n is None:
            return None
        return f"[{r1}-{r2}]" + (f"{{{n}}}" if n > 1 else ""), True
    if m.group("lit"):
        return _LITERALS[m.group("lit").lower()], False
    if m.group("ch"):
        return m.group("ch"), False
    if m.group("word"):
        return m.group("word"), False
    if m.groupdict().get("word2"):
        return m.group("word2"), False
    cls_word = m.group("cls").lower()
    mixed = bool(re.search(r"\s*(?:or|and|/|\+|&)\s*", cls_word)) and not cls_word.startswith(("hex", "alpha"))
    cls = (
        "alnum"
        if mixed
        else "hex"
        if cls_word.startswith("hex")
        else "alnum"
        if cls_word.startswith("alpha")
        else "letter"
        if cls_word.startswith(("letter", "capital"))
        else "digit"
    )
    case_word = (m.group("case") or ("capital" if cls_word.startswith("capital") else "")).lower()
    case = None if not case_word else "upper" if case_word[0] in "uc" else "lower"
    atom = _CLASSES[cls][case]
    lo, hi = _num(m.group("n1")), _num(m.group("n2"))
    if m.group("b1"):
        lo, hi = _num(m.group("b1")), _num(m.group("b2"))
    if m.group("least"):
        return f"{atom}{{{_num(m.group('least'))},}}", True
    if m.group("more") and lo is not None:
        return f"{atom}{{{lo},}}", True
    plural = (cls_word.endswith("s") and not cls_word.endswith("ss")) or bool(
        mixed and re.match(r"\w+s\b", cls_word)
    )
    if lo is None:
        return (f"{atom}+" if plural else atom), True  # "digits" = one or more
    if hi is not None and hi != lo:
        return f"{atom}{{{min(lo, hi)},{max(lo, hi)}}}", True
    return (atom if lo == 1 else f"{atom}{{{lo}}}"), True


#: "8 chars, uppercase letters and digits only": a length before a class without a count
_LENGTH_FIRST = re.compile(
    rf"(?i)(?:exactly\s+)?(?P<n>{_N})\s+(?:characters?|chars?)(?:\s+long)?\s*(?:,|:|\s[\u2014\u2013-])?\s*(?:all\s+|only\s+)?"
)
#: "3 letters in uppercase": the case of the letters after the description
_CASE_AFTER = re.compile(r"(?i)\s*,?\s+(?:in\s+|all\s+)?(?P<case>upper|lower)[- ]?case\b")
_CASED = {
    "upper": {"[A-Za-z]": "[A-Z]", "[A-Za-z0-9]": "[A-Z0-9]", "[0-9A-Fa-f]": "[0-9A-F]"},
    "lower": {"[A-Za-z]": "[a-z]", "[A-Za-z0-9]": "[a-z0-9]", "[0-9A-Fa-f]": "[0-9a-f]"},
}


def read_description(text: str) -> tuple[str, int] | None:
    """The anchored regex a description at the start of `text` says, and how many characters
    it takes; None when no whole description is there."""
    first = _LENGTH_FIRST.match(text) if "char" in text[:40] else None
    if first and _num(first.group("n")):
        inner = _read_description(text[first.end() :])
        # one class with no count of its own ("uppercase letters and digits") takes the length
        if inner and re.fullmatch(r"\^(\[[^\]]+\]|\\d)\+\$", inner[0]):
            return inner[0][:-2] + f"{{{_num(first.group('n'))}}}$", first.end() + inner[1]
    return _read_description(text)


#: "..., but no I, O or Q", "except the letters I and O": letters a class leaves out
_EXCEPT_LETTERS = re.compile(
    r"(?i)\s*,?\s*(?:but\s+)?(?:no|not|except(?:\s+for)?|excluding|without|never)\s+(?:the\s+)?(?:letters?\s+)?"
    r"(?-i:(?P<ls>[A-Z](?:\s*(?:,|/|(?i:or|and|nor))\s*[A-Z])*))(?![\w-])"
)


def _without(atom: str, letters: set[str]) -> str | None:
    """A class atom ("[A-Z0-9]{17}") without some letters ("[A-HJ-NPR-Z0-9]{17}")."""
    m = re.match(r"\[([^\]]+)\]", atom)
    if not m:
        return None
    chars: list[str] = []
    for a, b, c in re.findall(r"(.)-(.)|(.)", m.group(1)):
        lo, hi = (a, b) if a else (c, c)
        chars += [chr(i) for i in range(ord(lo), ord(hi) + 1)]
    gone = letters | {c.lower() for c in letters}
    kept = [c for c in chars if c not in gone]
    if len(kept) == len(chars):
        return None
    runs: list[str] = []
    i = 0
    while i < len(kept):
        j = i
        while j + 1 < len(kept) and ord(kept[j + 1]) == ord(kept[j]) + 1:
            j += 1
        runs.append(kept[i] if i == j else f"{kept[i]}{kept[j]}" if j == i + 1 else f"{kept[i]}-{kept[j]}")
        i = j + 1
    return f"[{''.join(runs)}]{atom[m.end() :]}"


def _read_description(text: str, unit: re.Pattern[str] = _UNIT) -> tuple[str, int] | None:
    atoms: list[tuple[str, bool]] = []
    pos = 0
    while True:
        m = unit.match(text, pos)
        if not m:
            break
        atom = _atom(m)
        if atom is None:
            return None
        atoms.append(atom)
        pos = m.end()
        sep = _SEP.match(text, pos)
        if not sep or not unit.match(text, sep.end()):
            break
        pos = sep.end()
    if not atoms or not any(is_class for _, is_class in atoms):
        return None
    end = _END.match(text, pos)
    if end:
        pos = end.end()
    case = _CASE_AFTER.match(text, pos)
    if case:
        # "3 letters in uppercase": every letter class takes the case; a class cased the
        # other way already is a contradiction, never read
        table = _CASED[case.group("case").lower()]
        other = _CASED["lower" if case.group("case").lower() == "upper" else "upper"]
        if any(a.startswith(tuple(other.values())) for a, is_class in atoms if is_class):
            return None
        atoms = [
            (next((v + a[len(k) :] for k, v in table.items() if a.startswith(k)), a), c)
            for a, c in atoms
        ]
        pos = case.end()
        end = _END.match(text, pos)
        if end:
            pos = end.end()
    out = _EXCEPT_LETTERS.match(text, pos) if len(text) > pos else None
    if out:
        # "17 uppercase letters or digits, but no I, O or Q": the letters left out of each class
        letters = set(re.findall(r"[A-Z]", out.group("ls")))
        cut = [(_without(a, letters), c) if c else (a, c) for a, c in atoms]
        if not any(a for a, c in cut if c):
            return None  # no class holds the letters: not understood, never dropped
        atoms = [(a if a else atoms[i][0], c) for i, (a, c) in enumerate(cut)]
        pos = out.end()
    return "^" + "".join(a for a, _ in atoms) + "$", pos


_SHAPE = re.compile(
    # an optional literal prefix ("INV-", "ST-"), then digit groups or placeholder groups
    r"(?P<pre>[A-Z]{1,5}-)?"
    r"(?P<shape>(?:[0-9]+|N+|X+|9+|#+|D+|Y+)(?:[-/.:](?:[0-9]+|N+|X+|9+|#+|D+|Y+)){0,5})(?![\w-])"
)


_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
#: "(4 digits, 2 uppercase letters)": what each placeholder group of a mixed shape stands for
_GLOSS = re.compile(r"\s*\((?P<g>[^()]{1,120})\)")
_GLOSS_ITEM = re.compile(
    r"(?i)\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine)\s+"
    r"(?:(?P<case>upper-?case|capital|lower-?case)\s+)?(?P<cls>digits?|numbers?|letters?|capitals?)\b"
)


def _glossed_shape(pre: str, shape: str, text: str, end: int) -> tuple[str, int] | None:
    """ "KT-####-XX (4 digits, 2 uppercase letters)": the digit groups ("#", "9") and letter
    groups ("X", "N") of a mixed shape, each matched in order to the gloss's items of its kind
    (count and case must be said); None when the gloss is missing or does not fit."""
    gloss = _GLOSS.match(text, end)
    if gloss is None:
        return None
    items = list(_GLOSS_ITEM.finditer(gloss.group("g")))
    digits = [int(_NUMBER_WORDS.get(i.group("n").lower(), 0) or i.group("n")) for i in items if i.group("cls").lower().startswith(("digit", "number"))]
    letters: list[tuple[int, str]] = []
    for i in items:
        cls = i.group("cls").lower()
        if cls.startswith(("letter", "capital")):
            case = (i.group("case") or ("capital" if cls.startswith("capital") else "")).lower()
            if not case:
                return None  # "2 letters": which case is not said
            n = int(_NUMBER_WORDS.get(i.group("n").lower(), 0) or i.group("n"))
            letters.append((n, "[a-z]" if case.startswith("lower") else "[A-Z]"))
    out = pre
    for group in re.split(r"([-/.:])", shape):
        if group in "-/.:" and group:
            out += "\\." if group == "." else group
        elif group[0] in "#9YND":
            if not digits or digits.pop(0) != len(group):
                return None
            out += rf"\d{{{len(group)}}}" if len(group) > 1 else r"\d"
        else:
            if not letters or letters[0][0] != len(group):
                return None
            cls = letters.pop(0)[1]
            out += f"{cls}{{{len(group)}}}" if len(group) > 1 else cls
    if digits or letters:
        return None  # the gloss says more than the shape shows
    return "^" + out + "$", gloss.end()


def read_shape(text: str) -> tuple[str, int] | None:
    """ "12-34-56", "NNN-NN-NNNN", "INV-YYYY-NNNNN": digit groups (or placeholder groups)
    between separators, after an optional literal prefix."""
    m = _SHAPE.match(text)
    if not m:
        return None
    shape, pre = m.group("shape"), m.group("pre") or ""
    letters = {c for c in shape if c.isalpha()}
    if pre and (pre[:-1] in letters or re.fullmatch(r"[NXY#9D]+", pre[:-1])):
        pre, shape = "", text[: m.end()]  # "NN-NNN": the prefix is a group of the shape
        letters = {c for c in shape if c.isalpha()}
    if not re.search(r"[-/.:]", shape) and not (
        pre and len(shape) > 1 and (not shape.isdigit() or text.startswith(" (", m.end()))
    ):
        # one group alone ("NNN", "2024") is no shape, nor a name ("ICD-10"); "ST-NNNN" is
        # one, and so is an example spelled out after it ("ST-0001 (ST, dash, 4 digits)")
        return None
    if re.fullmatch(r"\d+\.\d+", shape):
        return None  # 0.95 is a number
    if "Y" in letters and "D" in letters:
        return None  # "YYYY-DD": a date format, read as a date elsewhere
    if (len(letters) > 1 and not letters <= {"Y", "N", "X"}) or (
        letters and any(c.isdigit() for c in shape)
    ):
        return None  # "A1-B2": a mixed example is not a shape
    if "X" in letters and re.search(r"[#9]", shape):
        # "KT-####-XX": a letter placeholder beside a digit one stands for something else than a
        # digit (read as digits, "XX" was \d{2}); only its gloss in brackets says what
        return _glossed_shape(pre, shape, text, m.end())
    out = pre
    for group in re.split(r"([-/.:])", shape):
        if group in "-/.:" and group:
            out += "\\." if group == "." else group
        else:
            out += rf"\d{{{len(group)}}}" if len(group) > 1 else r"\d"
    return "^" + out + "$", m.end()


#: what introduces a pattern: the verb is replaced by "match" and the description by a slot
_CUE = re.compile(
    r"(?i)\b(?P<verb>(?<!not\s)(?<!never\s)(?<!n't\s)(?<!cannot\s)(?<!cant\s)(?:(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|will|always)\s+be|is|are|be)\s+(?:either\s+)?(?:null|empty|blank)\s+or|"
    r"(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|will|always)\s+be|is|are|be|"
    r"consists?\s+of|contains?\s+only|matches|match|follows?|formatted\s+as|shaped\s+(?:as|like)|"
    r"(?:(?:are|is|be)\s+)?(?:always\s+)?in\s+the\s+(?:form|format|shape)(?:\s+of)?|"
    r"(?:(?:are|is|be)\s+)?(?:always\s+)?in\s+(?:the|an?)(?=\s+\S+\s+(?:format|form|shape|layout|pattern)\b)|"
    r"(?:look|looks)\s+like|uses?|(?:pattern|format|layout|shape)\s*:|:|\s[\u2014\u2013])\s+"
    r"(?:always\s+)?(?:the\s+(?:(?:pattern|format|layout|form|shape)\s*:?\s+)?(?!letter\b))?(?:exactly\s+(?=\d|[a-z]+\s))?"
)
_LABEL_BEFORE_COLON = re.compile(
    r"(?i)\s+(?:(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|will|always)\s+)?(?:(?:look|looks)\s+like|follows?|match(?:es)?|"
    r"conforms?\s+to|adheres?\s+to|complies?\s+with|(?:is|are|be)\s+in)(?:\s+(?:the|an?))?"
    r"(?:\s+[\w.-]+){0,2}?(?:\s+(?:format|pattern|standard|layout|shape|spec|convention))?\s*$"
)
_EXAMPLE = re.compile(
    r"(?i)\s*\((?:like|e\.?g\.?|eg|for example|such as|say|as in)\b[^()]*\)"
    # ", e.g. TX-0000123456" after the description: one example value, to the end
    r"|\s*,?\s*(?:e\.g\.|eg\.?|for example|such as)\s*:?\s*[\w-]+[.!]?\s*$"
    # (or to the end of its sentence, with more sentences after it: "..., e.g. NYCMQ. thanks")
    r"|\s*,?\s*(?:e\.g\.|eg\.?|for example|such as)\s*:?\s*[\w-]+(?=[.!?;]?\s*\n|[.!?;]\s)"
    # "a letter A-E then two digits, like B90": an example after a comma, to its sentence's end
    r"|\s*,\s*like\s+[\w-]+(?=[.!?;]?\s*$|[.!?;]?\s*\n|[.!?;]\s)"
)
_SHAPE_TAIL = re.compile(
    r"(?i)\s*(?:layout|format|pattern|shape|form)?(?:\s+(?:with|of|using)\s+digits)?"
)
_FORMAT_NOUN = re.compile(r"(?i)(?<=[a-z0-9_])\s+(?:format|pattern|layout)\s*$")
_SPELLED = re.compile(r"\s*\(([^()]*)\)")
#: "CS-YYYY-NNNNNN where Y and N are digits": what the placeholders stand for
_PLACEHOLDERS_ARE_DIGITS = re.compile(
    r"(?i)\s*,?\s*(?:where|with)\s+(?:each\s+)?[A-Z](?:\s*(?:,|and|/)\s*[A-Z])*\s+(?:are|is|=)\s+(?:an?\s+)?digits?\b"
)


def _digits_agree(spelled: str, shape: str) -> bool:
    """ "INV-YYYY-NNNNN (5 digits)": a spelled digit count that one digit group of the shape
    has (or "digits" alone) agrees with it."""
    m = re.fullmatch(r"\^\\d(?:\{(\d+)\}|\+)?\$", spelled)
    if not m:
        return False
    return m.group(1) is None or f"\\d{{{m.group(1)}}}" in shape


#: an example value, then its description spelled out in brackets or after a comma:
#: "TR-03-B (TR, two digits, dash, one capital letter)", "#RRGGBB, a hash then 6 hex characters"
_EXAMPLE_SPELLED = re.compile(
    r"(?P<ex>#?[A-Za-z0-9][A-Za-z0-9#./:-]*[A-Za-z0-9])\s*(?:\((?P<sp>[^()\n]{3,120})\)|,\s+(?P<sp2>[^().;\n]{3,120}?)(?=\s*(?:[.;\n]|$)))"
)
#: the cues an example stands after ("looks like", "follows", "formatted as", ...)
_EXAMPLE_CUE = re.compile(r"(?i)\blooks?\s+like|\bfollows?\b|\bformatted\s+as|\bshaped\s+(?:as|like)|\bin\s+the\s+(?:form|format|shape)")
_SAMPLE_ATOM = re.compile(r"\[[^\]]+\](?:\{(\d+)(?:,\d*)?\})?|\\d(?:\{(\d+)(?:,\d*)?\})?|\\(.)|([^\\\[])")


def _agrees(example: str, pattern: str) -> bool:
    """An example agrees with a description when it matches it, or, written with placeholders
    ("#RRGGBB" for a hash and 6 hex characters), has its length and its punctuation in place."""
    if re.fullmatch(pattern, example):
        return True
    body = pattern[1:-1]
    if "+" in body or ",}" in body:
        return False
    sample = ""
    for m in _SAMPLE_ATOM.finditer(body):
        if m.group(3) or m.group(4):
            sample += m.group(3) or m.group(4)
        else:
            sample += "x" * int(m.group(1) or m.group(2) or 1)
    shape = lambda v: re.sub(r"[A-Za-z0-9]", "x", v)  # noqa: E731
    return len(sample) == len(example) and shape(sample) == shape(example) and example.upper() == example


def _example_spelled(rest: str) -> tuple[str, int] | None:
    """The description spelled out beside an example, when it reads whole and the example
    agrees with it; None otherwise (nothing guessed)."""
    m = _EXAMPLE_SPELLED.match(rest)
    if not m:
        return None
    words = (m.group("sp") or m.group("sp2")).strip()
    desc = _read_description(words, _SPELLED_UNIT)
    if not desc or desc[1] != len(words):
        return None
    pattern, ex = desc[0], m.group("ex")
    pre = re.match(r"\^([A-Z]{1,5})(?![-/_.:])", pattern)
    if pre and not _agrees(ex, pattern) and re.match(re.escape(pre.group(1)) + r"[-/_.:]", ex):
        # "TR-03-B (TR, two digits, ...)": the prefix's separator, as the example writes it
        sep = ex[len(pre.group(1))]
        pattern = f"^{pre.group(1)}{re.escape(sep) if sep == '.' else sep}{pattern[pre.end():]}"
    if not _agrees(ex, pattern):
        raise QualityRequestError(
            f"the example {ex!r} does not fit its description {words!r}; write one of them"
        )
    return pattern, m.end()


def describe_patterns(text: str, add_regex) -> str:  # type: ignore[no-untyped-def]
    """`text` with every pattern description after a cue replaced by ``match <slot>``;
    `add_regex(pattern)` sets a regex aside and returns its slot."""
    out, pos = [], 0
    for cue in _CUE.finditer(text):
        if cue.start() < pos:
            continue
        start = cue.end()
        rest = text[start:]
        exactly = bool(re.match(r"(?i)\s*exactly\b", text[cue.start() : start].split()[-1]))
        spelled_ex = (
            _example_spelled(rest)
            if _EXAMPLE_CUE.search(cue.group("verb"))
            # "they look like ABCD123 (...)": a pronoun's example is a remark on what it stands for
            and not re.search(r"(?i)\b(?:they|it|these|those|this|that)\s*$", text[pos : cue.start()])
            else None
        )
        desc = spelled_ex or read_description(rest)
        shape = None if desc else read_shape(rest)
        if spelled_ex:
            # "looks like TR-03-B (TR, two digits, dash, one capital letter)": the spelled-out
            # description, which the example agrees with
            pattern, n = spelled_ex
        elif desc:
            pattern, n = desc
            # one plain-digit unit ("6 digits") is the older rule's, kept as it was
            # ("... looks like / shaped like / formatted as 6 digits" has no older rule: read here)
            if re.fullmatch(r"\^\\d(?:\{\d+\})?\$", pattern) and not exactly and not re.search(
                r"(?i)\blooks?\s+like|\bshaped\b|\bformatted\b", cue.group("verb")
            ):
                continue
        elif shape:
            pattern, n = shape
            named = re.search(
                r"(?i)form|format|layout|shape|like|follow|use|pattern|match", cue.group(0)
            )
            if not (named or _FORMAT_NOUN.search(text[pos : cue.start()]) or re.match(r"(?i)\s+(?:layout|format|pattern|shape|form)\b", rest[n:])):
                continue  # "is 12-34" without a word for shape: not read as one
            tail = _SHAPE_TAIL.match(rest, n)
            n = tail.end() if tail else n
            spelled = _SPELLED.match(rest, n)
            if spelled:  # "12-34-56 (two digits, dash, two digits, ...)": must agree
                words = spelled.group(1).strip()
                again = read_description(words)
                if again and again[0] != pattern and not _digits_agree(again[0], pattern):
                    continue
                if again or re.fullmatch(r"(?i)(?:digits|numbers)\s+only|all\s+digits", words):
                    n = spelled.end()
            where = _PLACEHOLDERS_ARE_DIGITS.match(rest, n)
            if where:
                n = where.end()
        else:
            continue
        ex = _EXAMPLE.match(rest, n)
        if ex:
            n = ex.end()
        before = text[pos : cue.start()]
        verb = " must match " if cue.group("verb") == ":" else " match "
        dash = cue.group("verb").strip() in ("\u2014", "\u2013")
        if dash and not _LABEL_BEFORE_COLON.search(before):
            continue  # a dash is a cue only after the name of a format ("... shape — <desc>")
        if cue.group("verb").rstrip().endswith(":") or dash:
            # "codes look like ICD-10: <description>", "x should follow the NPI format:
            # <description>": the verb and the name of the format before the colon are the cue
            label = _LABEL_BEFORE_COLON.search(before)
            if label:
                before = before[: label.start()]
                verb = " must match "
        # "the invoice_no format is <shape>": the format of the column is the column
        before = _FORMAT_NOUN.sub("", before) if re.fullmatch(r"(?i)\s*(?:is|are|(?:must|should)\s+be)\s+", cue.group(0)) else before
        out.append(before)
        out.append(f"{verb}{add_regex(pattern)}")
        pos = start + n
    out.append(text[pos:])
    return "".join(out)
