"""Voucher codes: unguessable, unique, easy to read aloud.

``OCOP-7K3M-Q9TX``: eight characters from 31 letters and digits with nothing
that is confused when read or typed (no 0/O, 1/I/L), drawn by ``secrets``:
31^8 ≈ 8.5 × 10^11 codes, so guessing one is hopeless with the lookup throttle.
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "OCOP"
GROUPS, GROUP_SIZE = 2, 4
LENGTH = GROUPS * GROUP_SIZE
MAX_INPUT = 40


def new_code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join([PREFIX, *(body[i:i + GROUP_SIZE] for i in range(0, LENGTH, GROUP_SIZE))])


def normalise(text) -> str | None:
    """The stored form of a typed or scanned code, or ``None`` if it cannot be one.

    Case, spaces, dashes and the ``OCOP`` prefix are optional when typed."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    body = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(body) == LENGTH + len(PREFIX) and body.startswith(PREFIX):
        body = body[len(PREFIX):]
    if len(body) != LENGTH or any(ch not in ALPHABET for ch in body):
        return None
    return "-".join([PREFIX, body[:GROUP_SIZE], body[GROUP_SIZE:]])
