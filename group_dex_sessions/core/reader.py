"""Read a DEX upload file back into the plain data types.

Public API:

* :func:`parse_xml(source)` - parse bytes or a path into an lxml tree, safely
  (no DTD loading, no entity expansion, no network). Raises
  :class:`~.errors.DexParseError` when the file cannot be read or is not
  well-formed XML.
* :func:`document_from_tree(tree)` - map a parsed tree onto a
  :class:`~.types.DexDocument`; raises :class:`~.errors.DexFormatError` when
  the content does not fit the types (validate against the schema first to get
  every problem at once).
* :func:`read_bytes(data)` / :func:`read_file(path)` - both steps.

The reader accepts every lexical form the schema accepts (``1``/``0``
booleans, surrounding whitespace in numbers and dates, a time zone on a date,
which is dropped), sections in any order and a section given more than once
(the DSS schema's root is a repeated choice), and ``xsi:nil="true"`` on the
elements the DSS schema makes nillable: a nil element is read as absent.
Sections the types do not model (Outlets) are listed in
``DexDocument.other_sections``.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from . import mapping as m
from .errors import DexFormatError, DexParseError
from .types import (
    Case,
    Client,
    ClientAssessment,
    DexDocument,
    Session,
    SessionAssessment,
)

# section: (record tag, element table, type, DexDocument attribute)
_SECTIONS = {
    "Clients": ("Client", m.CLIENT, Client, "clients"),
    "Cases": ("Case", m.CASE, Case, "cases"),
    "Sessions": ("Session", m.SESSION, Session, "sessions"),
    "SessionAssessments": (
        "SessionAssessment",
        m.SESSION_ASSESSMENT,
        SessionAssessment,
        "session_assessments",
    ),
    "ClientAssessments": (
        "ClientAssessment",
        m.CLIENT_ASSESSMENT,
        ClientAssessment,
        "client_assessments",
    ),
}
_OTHER_SECTIONS = ("Outlets",)
_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


def safe_parser() -> etree.XMLParser:
    """A parser for files from outside: no entities, DTDs, network or huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
    )


def parse_xml(source: bytes | str | os.PathLike) -> etree._ElementTree:
    """Parse ``source`` (bytes, or a file path) into an lxml tree."""
    try:
        if isinstance(source, bytes | bytearray):
            root = etree.fromstring(bytes(source), safe_parser())
            return root.getroottree()
        return etree.parse(os.fspath(source), safe_parser())
    except etree.XMLSyntaxError as exc:
        raise DexParseError(f"not well-formed XML: {exc}") from None
    except OSError as exc:
        raise DexParseError(f"cannot read file: {exc}") from None


def _is_nil(element) -> bool:
    return element.get(_NIL, "").strip() in ("true", "1")


def _children_by_tag(element) -> dict[str, list]:
    found: dict[str, list] = {}
    for child in element:
        if isinstance(child.tag, str) and not _is_nil(child):
            found.setdefault(child.tag, []).append(child)
    return found


def _leaf(item: m.Leaf, element, where: str):
    try:
        return item.conv.load(element.text or "")
    except ValueError as exc:
        raise DexFormatError(f"{where}: {exc}") from None


def _record(element, spec, cls, where: str):
    children = _children_by_tag(element)
    known = {item.tag for item in spec}
    unknown = sorted(set(children) - known)
    if unknown:
        raise DexFormatError(f"{where}: unexpected element {unknown[0]}")
    values = {}
    for item in spec:
        found = children.get(item.tag)
        if not found:
            if item.required:
                raise DexFormatError(f"{where}: missing {item.tag}")
            continue
        if len(found) > 1:
            raise DexFormatError(f"{where}: {item.tag} appears more than once")
        values[item.attr] = _value(item, found[0], f"{where}/{item.tag}")
    return cls(**values)


def _value(item, element, where: str):
    if type(item) is m.Leaf:
        return _leaf(item, element, where)
    if type(item) is m.Nested:
        return _record(element, item.spec, item.cls, where)
    items = [c for c in element if isinstance(c.tag, str)]
    if any(c.tag != item.item_tag for c in items):
        raise DexFormatError(f"{where}: only {item.item_tag} elements are allowed")
    where = f"{where}/{item.item_tag}"
    if item.conv is not None:
        leaf = m.Leaf(item.item_tag, item.attr, item.conv)
        return tuple(_leaf(leaf, c, where) for c in items)
    return tuple(_record(c, item.spec, item.cls, where) for c in items)


def document_from_tree(tree: etree._ElementTree | etree._Element) -> DexDocument:
    """Map a parsed DEX file onto :class:`DexDocument`."""
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    if root.tag != "DEXFileUpload":
        raise DexFormatError(f"root element is {root.tag!r}, expected DEXFileUpload")
    values: dict[str, list] = {entry[3]: [] for entry in _SECTIONS.values()}
    others: list[str] = []
    for section in root:
        if not isinstance(section.tag, str):
            continue
        if section.tag in _OTHER_SECTIONS:
            others.append(section.tag)
            continue
        if section.tag not in _SECTIONS:
            raise DexFormatError(f"unexpected section {section.tag!r}")
        tag, spec, cls, attr = _SECTIONS[section.tag]
        bucket = values[attr]
        for position, element in enumerate(section, start=1):
            if not isinstance(element.tag, str):
                continue
            if element.tag != tag:
                raise DexFormatError(f"{section.tag}: unexpected element {element.tag}")
            bucket.append(
                _record(element, spec, cls, f"{section.tag}/{tag}[{position}]")
            )
    return DexDocument(other_sections=others, **values)


def read_bytes(data: bytes) -> DexDocument:
    """Parse and map DEX file content."""
    return document_from_tree(parse_xml(data))


def read_file(path: str | Path) -> DexDocument:
    """Parse and map the DEX file at ``path``."""
    return document_from_tree(parse_xml(Path(path)))
