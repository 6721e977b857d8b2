"""Loading the XML schemas (cached, loaded on first use only).

* :func:`dex_schema` - the addon's own schema ``schema/dex_upload.xsd``
  (2015 structure plus the spec 1.5-1.10 elements, see ``schema/README.md``).
* :func:`dss_2015_schema` - the DSS 2015 schema ``schema/DEXFileUpload_2015.xsd``
  (an unmodified copy) with its broken postcode pattern ``^[\\d]{4}$`` replaced
  in memory by ``[0-9]{4}``; used to prove our files stay compatible with it.
* :func:`schema_errors` - validate a parsed document, returning lxml's
  error-log entries.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
DEX_XSD = SCHEMA_DIR / "dex_upload.xsd"
DSS_2015_XSD = SCHEMA_DIR / "DEXFileUpload_2015.xsd"

_BROKEN_POSTCODE_PATTERN = rb'<xs:pattern value="^[\d]{4}$" />'
_FIXED_POSTCODE_PATTERN = rb'<xs:pattern value="[0-9]{4}" />'


@lru_cache(maxsize=1)
def dex_schema() -> etree.XMLSchema:
    """The addon's DEX upload schema."""
    return etree.XMLSchema(etree.parse(str(DEX_XSD)))


@lru_cache(maxsize=1)
def dss_2015_schema() -> etree.XMLSchema:
    """The DSS 2015 schema with the postcode pattern corrected in memory."""
    data = DSS_2015_XSD.read_bytes()
    if _BROKEN_POSTCODE_PATTERN not in data:
        raise RuntimeError("DSS 2015 schema copy does not have the expected pattern")
    data = data.replace(_BROKEN_POSTCODE_PATTERN, _FIXED_POSTCODE_PATTERN)
    return etree.XMLSchema(etree.fromstring(data))


def schema_errors(
    document: etree._ElementTree | etree._Element,
    schema: etree.XMLSchema | None = None,
) -> list:
    """Validate ``document``; return the list of lxml error-log entries."""
    schema = schema or dex_schema()
    if schema.validate(document):
        return []
    return list(schema.error_log)
