"""One redaction function for every text that may hold a URL with credentials.

Store URLs (``s3://KEY:SECRET@bucket/prefix``), bus URLs (``redis://:password@host``) and
connection URIs can carry a user and password. Whatever prints one of them -- an exception
message, a log line, an API error body, CLI output -- passes it through `redact` first, so
the userinfo part never leaves the process. Pure string work: importing this is free.

>>> redact("cannot open s3://AKIA:se/cr+et@bucket/prefix: boom")
'cannot open s3://***@bucket/prefix: boom'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

MASK = "***"

# scheme://userinfo@ -- userinfo runs to the LAST '@' before whitespace or a quote, because
# AWS secret keys hold '/' and '+' (so the first '/' is no boundary), and a URL's host and
# path rarely hold '@'. Over-masking a path with an '@' is the safe way to be wrong.
_USERINFO = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^\s'\"<>`]*)@")


def redact(text: object, secrets: Iterable[str] = ()) -> str:
    """`text` (any object, as ``str()``) with URL credentials and the given `secrets` masked.

    `secrets` are literal values to mask wherever they appear (e.g. the parts of a URL's
    userinfo, which a library may echo without the ``scheme://`` around them).
    """
    out = _USERINFO.sub(lambda m: f"{m.group('scheme')}{MASK}@", str(text))
    for secret in secrets:
        if secret and len(secret) >= 3:  # masking "a" everywhere would shred the message
            out = out.replace(secret, MASK)
    return out


def url_secrets(url: str) -> tuple[str, ...]:
    """The user and password of `url` (raw and percent-decoded), for `redact(..., secrets=)`."""
    try:
        netloc = urlsplit(url).netloc
    except ValueError:
        netloc = url.split("://", 1)[-1].split("/", 1)[0]
    if "@" not in netloc:
        return ()
    userinfo = netloc.rsplit("@", 1)[0]
    parts = {userinfo, *userinfo.split(":", 1)}
    parts |= {unquote(p) for p in parts}
    return tuple(sorted((p for p in parts if p), key=len, reverse=True))


def has_credentials(url: str) -> bool:
    """Whether `url` carries a ``user[:password]@`` part."""
    return bool(_USERINFO.match(url.strip()))


__all__ = ["MASK", "has_credentials", "redact", "url_secrets"]
