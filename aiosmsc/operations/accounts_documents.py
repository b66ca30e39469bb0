"""``documents.php``: create an invoice, download an invoice or an act.

A download may come back as the file itself (a PDF) rather than an API reply. Bodies
that start like a known file type, or hold NUL bytes, are returned as bytes in a
:class:`~aiosmsc.models.accounts.DocumentFile`; errors are still recognised.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs
from typing_extensions import Self, TypedDict, Unpack

from ..decoder.converter import structure
from ..decoder.document import Document
from ..decoder.records import Layout, one_record
from ..errors import ValidationError
from ..models.accounts import DocumentFile, Invoice
from .base import Operation, Reply
from .fields import FieldTable
from .options import accept
from .params import amount_param, text_param

__all__ = [
    "CreateInvoice",
    "DocumentLookup",
    "FileReply",
    "GetAct",
    "GetInvoice",
    "InvoiceOptions",
    "sniff_file",
    "user_id_param",
]


class InvoiceOptions(TypedDict, total=False):
    """What an invoice (``smsc.documents.create_invoice``) says besides its sum."""

    #: What is paid for.
    service: str | None
    #: The sub-client (by login) the invoice is made out for.
    user: str | None
    #: The sub-client (by id) the invoice is made out for; not with ``user``.
    user_id: int | str | None


class DocumentLookup(TypedDict, total=False):
    """How ``get_invoice``/``get_act`` find a document besides its id."""

    #: The document's number (instead of its id).
    num: str | int | None
    #: The sub-client the document belongs to.
    user: str | None


_INVOICE_LAYOUTS = (
    Layout(
        ("id", "num", "sum", "date"),
        numeric=frozenset({"sum"}),
        short_ok=True,
        surplus="more",
    ),
)
# (leading bytes, content type, file name extension)
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"PK\x03\x04", "application/zip", ".zip"),
    (b"{\\rtf", "application/rtf", ".rtf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", ".doc"),
    (b"\x89PNG", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
_LINK_KEYS = ("link", "url", "file", "href")


def sniff_file(body: bytes) -> tuple[str, str] | None:
    """``(content type, extension)`` of a body that is a file rather than a reply."""
    head = body.lstrip()[:64]
    for signature, content_type, extension in _SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "text/html", ".html"
    if b"\x00" in body[:4096]:
        return "application/octet-stream", ".bin"
    return None


@attrs.frozen(slots=True)
class FileReply(Reply[DocumentFile]):
    """A reply that may be a file: bytes come back as they are, a reply is decoded."""

    stem: str = attrs.field(kw_only=True)

    def decode(self, body: bytes | str, fmt: int | None) -> DocumentFile:
        raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        found = sniff_file(raw)
        if found is not None:
            content_type, extension = found
            return DocumentFile(
                content=raw, filename=self.stem + extension, content_type=content_type
            )
        return Reply.decode(self, body, fmt)


def _document_build(stem: str) -> Callable[[Document], DocumentFile]:
    def build(document: Document) -> DocumentFile:
        if document.kind == "text":
            first = document.value[0]
            if len(document.value) == 1 and first.lower().startswith(("http://", "https://")):
                return DocumentFile(link=first)
            if "=" not in first:
                # Neither a reply nor a known file type: hand the body over as it is.
                raw = document.raw
                content = raw.encode("utf-8") if isinstance(raw, str) else raw
                return DocumentFile(
                    content=content, filename=stem + ".txt", content_type="text/plain"
                )
        record = one_record(document)
        link = next((record.pop(key) for key in _LINK_KEYS if record.get(key)), None)
        return DocumentFile(link=None if link is None else str(link), extra=record)

    return build


def user_id_param(value: int | str, *, name: str = "user_id") -> str:
    """A sub-client id: a whole number, as an int or a string."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(f"{name} must be an integer or a string, got {value!r}")
    text = str(value).strip()
    if not text.isdigit():
        raise ValidationError(f"{name} must be a number, got {value!r}")
    return text


def _number(value: str | int, *, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValidationError(f"{name} must be a string or an integer, got {value!r}")
    return text_param(str(value), name=name, max_length=100)


_SHORT = functools.partial(text_param, max_length=100)
_INVOICE_FIELDS = FieldTable(
    InvoiceOptions,
    {
        "service": functools.partial(text_param, max_length=500),
        "user": _SHORT,
        "user_id": user_id_param,
    },
)
_LOOKUP_FIELDS = FieldTable(DocumentLookup, {"num": _number, "user": _SHORT})


def _stem(kind: str, params: Mapping[str, Any]) -> str:
    label = str(params.get("num") or params.get("id") or "").strip()
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in label)
    return f"{kind}-{safe}" if safe else kind


@attrs.frozen(slots=True)
class CreateInvoice(Operation[Invoice]):
    """Create an invoice for ``sum`` (``documents.php?add_account=1``). Not idempotent."""

    name = "documents.create_invoice"
    script = "documents"
    idempotent = False

    wire: Mapping[str, str]

    @classmethod
    def build(cls, sum: Decimal | int | str, **options: Unpack[InvoiceOptions]) -> CreateInvoice:
        """A positive ``sum``; ``service`` names what is paid for; ``user``/``user_id``
        make the invoice out for a sub-client."""
        accept(options, InvoiceOptions, where=f"{cls.name}()")
        if options.get("user") is not None and options.get("user_id") is not None:
            raise ValidationError("give user or user_id, not both")
        wire = {"add_account": "1", "sum": amount_param(sum, name="sum")}
        return cls({**wire, **_INVOICE_FIELDS.write(options)})

    def params(self) -> dict[str, str]:
        return dict(self.wire)

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[Invoice]:
        def build(document: Document) -> Invoice:
            record = one_record(document, _INVOICE_LAYOUTS)
            if record.get("result") and not record.get("id"):
                record.setdefault("id", record.pop("result"))
            return structure(record, Invoice)

        return Reply(cls.name, cls.script, build)


@attrs.frozen(slots=True)
class GetInvoice(Operation[DocumentFile]):
    """Download an invoice by ``id`` or ``num`` (``documents.php?get_account=1``)."""

    name = "documents.get_invoice"
    script = "documents"
    selector = "get_account"
    kind = "invoice"

    wire: Mapping[str, str]

    @classmethod
    def build(cls, id: str | int | None = None, **lookup: Unpack[DocumentLookup]) -> Self:
        """Exactly one of ``id`` and ``num``."""
        accept(lookup, DocumentLookup, where=f"{cls.name}()")
        if (id is None) == (lookup.get("num") is None):
            raise ValidationError("give exactly one of id= and num=")
        wire = {} if id is None else {"id": _number(id, name="id")}
        return cls({**wire, **_LOOKUP_FIELDS.write(lookup)})

    def params(self) -> dict[str, str]:
        return {self.selector: "1", **self.wire}

    @classmethod
    def reply_for(cls, params: Mapping[str, Any]) -> Reply[DocumentFile]:
        stem = _stem(cls.kind, params)
        return FileReply(cls.name, cls.script, _document_build(stem), stem=stem)


@attrs.frozen(slots=True)
class GetAct(GetInvoice):
    """Download an act (of completed work) by ``id`` or ``num``
    (``documents.php?get_act=1``)."""

    name = "documents.get_act"
    selector = "get_act"
    kind = "act"
