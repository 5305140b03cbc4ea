"""One inbox, one subscriber: the canonical form of an email address.

Visually identical or equivalent spellings (fullwidth letters, invisible characters, a quoted
local part, an internationalised domain and its punycode) reach the same mailbox, so each is
turned into one stored form before lookup and storage; the unique index on lower(email) then
makes a second row impossible.
"""

import ipaddress
import re
import unicodedata

import idna
from django.core.exceptions import ValidationError

INVISIBLE = (
    "That address contains an invisible character (a zero-width space or a soft hyphen, for example). "
    "Type it again rather than pasting it."
)
IP_DOMAIN = "Use an address at a domain name, not at an IP address."
QUOTED = "Addresses with quotation marks, spaces or backslashes before the @ are not supported."
BAD_DOMAIN = "The part after the @ is not a domain name that can receive email."
INVALID = "Enter a full email address, like name@example.com."

# A quoted local part may stand for a plain one ("ada"@example.com is ada@example.com);
# one that needs its quotes (spaces, @, backslashes) is refused rather than stored.
_DOT_ATOM = re.compile(r"^[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9A-Za-z]+)*$")


def has_invisible(value):
    """True if any character is a Unicode format character (category Cf): ZWSP, soft hyphen, BOM..."""
    return any(unicodedata.category(char) == "Cf" for char in value)


def canonical_email(value, *, strip_invisible=False):
    """The stored form of an address, or ValidationError with a message for the visitor.

    NFKC folds fullwidth and compatibility letters; the domain is IDNA-encoded (UTS 46, so an
    IDN and its punycode agree) and lower-cased; a quoted local part loses its quotes. Invisible
    characters are refused, or removed with `strip_invisible` (for rows already stored).
    """
    value = value.strip()
    if has_invisible(value):
        if not strip_invisible:
            raise ValidationError(INVISIBLE, code="invisible")
        value = "".join(char for char in value if unicodedata.category(char) != "Cf")
    value = unicodedata.normalize("NFKC", value).strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        raise ValidationError(INVALID, code="invalid")
    if len(local) >= 2 and local[0] == local[-1] == '"':
        local = local[1:-1]
        if not _DOT_ATOM.match(local):
            raise ValidationError(QUOTED, code="quoted")
    return f"{local}@{canonical_domain(domain)}"


def canonical_domain(domain):
    bare = domain.strip("[]")
    if domain.startswith("[") or _is_ip(bare.removeprefix("IPv6:").removeprefix("ipv6:")):
        raise ValidationError(IP_DOMAIN, code="ip_domain")
    try:
        ascii_domain = idna.encode(domain.rstrip("."), uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise ValidationError(BAD_DOMAIN, code="domain") from None
    return ascii_domain.lower()


def _is_ip(value):
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
