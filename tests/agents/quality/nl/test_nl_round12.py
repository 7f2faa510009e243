"""Round 12 classes (first-sight refusals and wrong checks, read as general rules): each test
uses sentences of its own, never a corpus entry."""

from __future__ import annotations

import pytest

from strands_airflow.agents.quality.nl import parse_request
from strands_airflow.exceptions import QualityRequestError


def _said(text: str, columns: list[str] | None = None) -> list[str]:
    return sorted(c.describe() for c in parse_request(text, columns, model_id=""))


# ------------------------------------------------------------------ patterns described in words
@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        # a literal prefix before "followed by" / "then" is kept (it was dropped: a wrong check)
        ("iban must be DE followed by 20 digits", r"^DE\d{20}$"),
        ("ticket_ref should be REQ- then 6 digits", r"^REQ-\d{6}$"),
        ("wallet is 0x followed by 40 lowercase hex chars", r"^0x[0-9a-f]{40}$"),
        # an example value after the description is no column
        ("coupon must match CP- followed by 5 digits, e.g. CP-12345", r"^CP-\d{5}$"),
        # a shape with a literal prefix and placeholders for digits
        ("badge_no follows the pattern EMP-YYYY-NNNN where Y and N are digits", r"^EMP-\d{4}-\d{4}$"),
        ("the order_no format is SO-NNNNNN", r"^SO-\d{6}$"),
        ("locker_code should look like LK-0042 (LK, dash, 4 digits)", r"^LK-\d{4}$"),
        ("phone_ext must be in the NNN-NNNN format", r"^\d{3}-\d{4}$"),
        ("tax_id should follow the ##-####### pattern (digits only)", r"^\d{2}-\d{7}$"),
        # a case after the noun or the description
        ("region should be a 3-letter code in uppercase", r"^[A-Z]{3}$"),
        ("initials must be 2 letters in uppercase", r"^[A-Z]{2}$"),
        # a length before a class with no count of its own
        ("voucher should be 10 chars, uppercase letters and digits only", r"^[A-Z0-9]{10}$"),
        # the name of a format before a colon or a dash
        ("bay_id must match the depot shape: 2 capital letters then 3 digits", r"^[A-Z]{2}\d{3}$"),
        ("pallet_no matches the GS1 layout \u2014 three capital letters followed by six digits", r"^[A-Z]{3}\d{6}$"),
    ],
)
def test_a_pattern_described_in_words(text: str, pattern: str) -> None:
    checks = parse_request(text, model_id="")
    assert len(checks) == 1 and checks[0].kind == "format"
    assert checks[0].pattern == pattern


def test_contradictory_case_or_a_name_with_a_number_is_no_pattern() -> None:
    with pytest.raises(QualityRequestError):
        parse_request("code must be 3 lowercase letters in uppercase", model_id="")
    # "ICD-10" before a colon names the format; the description after it is the pattern
    assert _said("diag must look like ICD-10: a capital letter then 2 digits") == [
        r"diag must match regex '^[A-Z]\d{2}$'"
    ]
