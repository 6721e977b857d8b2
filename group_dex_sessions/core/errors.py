"""Exceptions raised by the pure DEX core.

Every exception derives from :class:`DexError`, so the Odoo layer can catch
that one class and turn it into a translated ``ValidationError``.

* :class:`SlkError` - no valid SLK-581 key can be formed from the inputs.
* :class:`DexValueError` - a value cannot be written to a DEX file at all
  (e.g. a character XML 1.0 forbids, a postcode that is not four digits).
  ``record`` is the record id (``Client CL1``), ``field`` the element path.
* :class:`DexReferenceError` - the writer was asked to write a record whose
  referenced Case or Client was not given to it.
* :class:`DexDuplicateError` - the same key was given twice to the writer.
* :class:`DexSizeError` - one session, with the case and clients it needs,
  does not fit in a single file of the allowed size.
* :class:`DexParseError` - a file cannot be read or is not well-formed XML.
* :class:`DexFormatError` - a well-formed file that does not have the DEX
  structure the reader expects (validate it to get the details).
"""

from __future__ import annotations


class DexError(Exception):
    """Base class of every error raised by ``group_dex_sessions.core``."""


class SlkError(DexError):
    """No valid SLK-581 can be formed (the message says why)."""


class DexValueError(DexError, ValueError):
    """A value that cannot be represented in a schema-valid DEX file."""

    def __init__(self, message: str, *, record: str = "", field: str = ""):
        self.record = record
        self.field = field
        self.reason = message
        where = " ".join(part for part in (record, field) if part)
        super().__init__(f"{where}: {message}" if where else message)


class DexReferenceError(DexError):
    """A record refers to a Case or Client that was not supplied."""


class DexDuplicateError(DexError):
    """The same ClientId, CaseId or (CaseId, SessionId) was supplied twice."""


class DexSizeError(DexError):
    """A single session group is larger than the maximum file size."""


class DexParseError(DexError):
    """The file cannot be read, or is not well-formed XML."""


class DexFormatError(DexError):
    """Well-formed XML that the reader cannot map onto the DEX data types."""
