"""Typed arguments of ``senders.php`` ``add``/``chg``: the operator registrations asked
for (:class:`SenderRegistration`) and the supporting document (:class:`SenderDocument`).

Both validate when built and raise :class:`~aiosmsc.errors.ValidationError` naming the
parameter, so nothing is sent with a bad value.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import attrs

from ..errors import ValidationError
from .extra_params import extra_params

__all__ = ["DOCUMENT_PART", "MAX_DOCUMENT_BYTES", "SenderDocument", "SenderRegistration"]

#: Largest document the service accepts (§9.1: 3 MB).
MAX_DOCUMENT_BYTES = 3 * 1024 * 1024
#: Name of the multipart part carrying the document (the official library's ``file0``).
DOCUMENT_PART = "file0"

# §9.1 lists jpg, tif, pdf, png, zip and rar; jpeg/tiff are the same formats.
_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "pdf": "application/pdf",
    "png": "image/png",
    "zip": "application/zip",
    "rar": "application/vnd.rar",
}


def _one_line(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{name} must be a non-empty string, got {value!r}")
    return value


@attrs.frozen(slots=True, kw_only=True)
class SenderRegistration:
    """Which registrations to ask for when adding or changing a sender name (§9.2).

    Each flag is the wire parameter of the same name: ``mts_step``, ``mega_step``,
    ``bee_step``, ``motiv_step``, ``tele2_step``, ``sber_step``, ``winmob_step`` and
    ``volnamob_step`` register a paid name with that operator; ``tele2`` and ``motiv``
    register on the free-names tariff; ``mega_int``, ``motiv_int`` and ``mts_int`` enable
    the replacement with a common name; ``mega`` and ``mts`` are the older free
    registrations. ``ua_reg`` (national rate) and ``ua_int`` (international rate) register
    for Ukraine and need ``fio``, ``site``, ``email``, ``address``, ``desc`` and ``subj``
    (``inn`` optional); ``by_reg`` registers for Belarus and needs ``by_fio``, ``by_inn``,
    ``by_address`` and ``by_ocup``. ``params`` passes further requisites as written.
    """

    FLAGS: ClassVar[tuple[str, ...]] = (
        "mts_step",
        "sber_step",
        "tele2",
        "motiv",
        "mega_step",
        "bee_step",
        "motiv_step",
        "winmob_step",
        "volnamob_step",
        "tele2_step",
        "mega_int",
        "motiv_int",
        "mts_int",
        "mega",
        "mts",
        "ua_reg",
        "ua_int",
        "by_reg",
    )
    UKRAINE_FIELDS: ClassVar[tuple[str, ...]] = ("fio", "site", "email", "address", "desc", "subj")
    BELARUS_FIELDS: ClassVar[tuple[str, ...]] = ("by_fio", "by_inn", "by_address", "by_ocup")

    mts_step: bool = False
    sber_step: bool = False
    tele2: bool = False
    motiv: bool = False
    mega_step: bool = False
    bee_step: bool = False
    motiv_step: bool = False
    winmob_step: bool = False
    volnamob_step: bool = False
    tele2_step: bool = False
    mega_int: bool = False
    motiv_int: bool = False
    mts_int: bool = False
    mega: bool = False
    mts: bool = False
    ua_reg: bool = False
    ua_int: bool = False
    by_reg: bool = False
    fio: str | None = None
    inn: str | None = None
    site: str | None = None
    email: str | None = None
    address: str | None = None
    desc: str | None = None
    subj: str | None = None
    by_fio: str | None = None
    by_inn: str | None = None
    by_address: str | None = None
    by_ocup: str | None = None
    params: Mapping[str, str | int] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        for name in self.FLAGS:
            value = getattr(self, name)
            if not isinstance(value, (bool, int)) or int(value) not in (0, 1):
                raise ValidationError(f"{name} must be True or False, got {value!r}")
        for name in (*self.UKRAINE_FIELDS, "inn", *self.BELARUS_FIELDS):
            _one_line(getattr(self, name), name)
        if self.ua_reg or self.ua_int:
            self._require(self.UKRAINE_FIELDS, "ua_reg" if self.ua_reg else "ua_int")
        if self.by_reg:
            self._require(self.BELARUS_FIELDS, "by_reg")
        self._extra()  # checked now, not when sent

    def _require(self, names: tuple[str, ...], flag: str) -> None:
        missing = [name for name in names if getattr(self, name) is None]
        if missing:
            raise ValidationError(f"{flag} needs {', '.join(missing)}")

    @property
    def requested(self) -> tuple[str, ...]:
        """The flags that are switched on, in wire order."""
        return tuple(name for name in self.FLAGS if getattr(self, name))

    def wire(self) -> dict[str, str]:
        """The wire parameters: ``<flag>=1`` for each flag on, then the requisites."""
        wire = {name: "1" for name in self.requested}
        for name in (*self.UKRAINE_FIELDS, "inn", *self.BELARUS_FIELDS):
            value = getattr(self, name)
            if value is not None:
                wire[name] = value
        wire.update(self._extra())
        return wire

    def _extra(self) -> dict[str, str]:
        taken = attrs.fields_dict(type(self)).keys() | _SELECTORS
        return extra_params(self.params, typed=taken)


# Parameters the senders operations set themselves.
_SELECTORS = frozenset(
    {"get", "add", "chg", "del", "send_code", "check_code", "sender", "id", "cmt"}
    | {"code", "doc_info", "mail", "name", "all", "operators"}
)


@attrs.frozen(slots=True)
class SenderDocument:
    """A supporting document for the operators (trademark or domain certificate): jpg,
    tif, pdf, png, zip or rar, at most 3 MB (§9.1). Sent as a multipart upload."""

    filename: str
    content: bytes = attrs.field(repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.filename, str) or not self.filename.strip():
            raise ValidationError("document: the file name must be a non-empty string")
        if any(ch in self.filename for ch in '\r\n"'):
            raise ValidationError(f"document: unusable file name {self.filename!r}")
        if self.extension not in _CONTENT_TYPES:
            allowed = ", ".join(sorted(_CONTENT_TYPES))
            raise ValidationError(
                f"document: {self.filename!r} is not one of the accepted types ({allowed})"
            )
        if not isinstance(self.content, bytes) or not self.content:
            raise ValidationError("document: the content must be non-empty bytes")
        if len(self.content) > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                f"document: {len(self.content)} bytes exceeds the {MAX_DOCUMENT_BYTES}-byte limit"
            )

    @property
    def extension(self) -> str:
        """The file name's extension, lower-cased, without the dot."""
        return self.filename.rpartition(".")[2].lower() if "." in self.filename else ""

    @property
    def content_type(self) -> str:
        """The media type sent with the upload."""
        return _CONTENT_TYPES[self.extension]

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> SenderDocument:
        """Read a document from a file (its size is checked before it is read)."""
        file = Path(path)
        try:
            size = file.stat().st_size
        except OSError as exc:
            raise ValidationError(f"document: cannot read {str(file)!r}: {exc}") from None
        if size > MAX_DOCUMENT_BYTES:
            raise ValidationError(
                f"document: {size} bytes exceeds the {MAX_DOCUMENT_BYTES}-byte limit"
            )
        return cls(file.name, file.read_bytes())

    @classmethod
    def coerce(
        cls, value: SenderDocument | tuple[str, bytes] | str | os.PathLike[str]
    ) -> SenderDocument:
        """A document from itself, a ``(filename, bytes)`` pair, or a path."""
        if isinstance(value, SenderDocument):
            return value
        if isinstance(value, tuple):
            if len(value) != 2:
                raise ValidationError("document must be a (filename, bytes) pair")
            return cls(value[0], value[1])
        if isinstance(value, (str, os.PathLike)):
            return cls.from_path(value)
        raise ValidationError(
            f"document must be a SenderDocument, a (filename, bytes) pair or a path, got {value!r}"
        )

    def part(self) -> tuple[str, bytes, str]:
        """The multipart part: (file name, content, content type)."""
        return (self.filename, self.content, self.content_type)
