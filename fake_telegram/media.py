"""Uploaded files: storage, ids, image sizes and the JSON Telegram returns for them."""

from __future__ import annotations

import mimetypes
import secrets
import struct
from dataclasses import dataclass, field
from typing import Any

from fake_telegram.errors import bad_request

# Telegram keeps a few downscaled copies of every photo; these are the box sizes.
_THUMBNAIL_BOXES = (90, 320, 800)
_MAX_PHOTO_SIDE = 2560


@dataclass
class StoredFile:
    """A file the fake knows: uploaded by the bot or sent by a user."""

    file_id: str
    file_unique_id: str
    data: bytes
    kind: str  # "photo", "document", "sticker"
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None
    file_path: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def file_size(self) -> int:
        """Size in bytes."""
        return len(self.data)


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, JPEG, GIF or WebP image, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + int(length)
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


class FileStore:
    """All files by file_id, with Telegram-like opaque ids."""

    def __init__(self) -> None:
        self._files: dict[str, StoredFile] = {}
        self._counter = 0

    def get(self, file_id: str) -> StoredFile | None:
        """The file with this id (or one of its photo sizes), if the fake issued it."""
        found = self._files.get(file_id)
        if found is None and "_" in file_id:
            base, _, box = file_id.rpartition("_")
            if box.isdigit() and int(box) in _THUMBNAIL_BOXES:
                found = self._files.get(base)
        return found

    def add(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        size: tuple[int, int] | None = None,
    ) -> StoredFile:
        """Store bytes under fresh ids."""
        self._counter += 1
        prefix = {"photo": "AgACAgI", "document": "BQACAgI", "sticker": "CAACAgI"}.get(
            kind, "BAACAgI"
        )
        folder = {"photo": "photos", "document": "documents", "sticker": "stickers"}.get(
            kind, "files"
        )
        extension = ""
        if file_name and "." in file_name:
            extension = file_name[file_name.rfind(".") :]
        elif kind == "photo":
            extension = ".jpg"
        stored = StoredFile(
            file_id=f"{prefix}{secrets.token_urlsafe(24)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(8)}",
            data=data,
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
            width=size[0] if size else None,
            height=size[1] if size else None,
            file_path=f"{folder}/file_{self._counter}{extension}",
        )
        self._files[stored.file_id] = stored
        return stored

    def by_path(self, file_path: str) -> StoredFile | None:
        """Look a file up by the ``file_path`` getFile returned."""
        for stored in self._files.values():
            if stored.file_path == file_path:
                return stored
        return None


def store_photo(files: FileStore, data: bytes) -> StoredFile:
    """Validate an uploaded photo like Telegram and store it."""
    if not data:
        raise bad_request("file must be non-empty")
    size = image_size(data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = size
    if (
        width <= 0
        or height <= 0
        or width + height > 10000
        or max(width, height) > 20 * min(width, height)
    ):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return files.add(data, "photo", mime_type="image/jpeg", size=size)


def store_document(
    files: FileStore, data: bytes, file_name: str | None, mime_type: str | None
) -> StoredFile:
    """Store an uploaded document, guessing the MIME type from its name if needed."""
    if not data:
        raise bad_request("file must be non-empty")
    if not mime_type or mime_type == "application/octet-stream":
        guessed = mimetypes.guess_type(file_name or "", strict=False)[0]
        mime_type = guessed or mime_type or "application/octet-stream"
    return files.add(data, "document", file_name=file_name, mime_type=mime_type)


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    """``Message.photo``: downscaled copies plus the full size, smallest first.

    Every size shares the stored bytes; only the dimensions differ.
    """
    width, height = stored.width or 1, stored.height or 1
    scale = min(1.0, _MAX_PHOTO_SIDE / max(width, height))
    full = (max(1, round(width * scale)), max(1, round(height * scale)))
    sizes: list[dict[str, Any]] = []
    for box in _THUMBNAIL_BOXES:
        if max(full) <= box:
            break
        factor = box / max(full)
        sizes.append(
            {
                "file_id": f"{stored.file_id}_{box}",
                "file_unique_id": f"{stored.file_unique_id}{box}",
                "file_size": max(1, stored.file_size * box // max(full)),
                "width": max(1, round(full[0] * factor)),
                "height": max(1, round(full[1] * factor)),
            }
        )
    sizes.append(
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "width": full[0],
            "height": full[1],
        }
    )
    return sizes


def document_json(stored: StoredFile) -> dict[str, Any]:
    """``Message.document``."""
    result: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
    }
    if stored.file_name:
        result["file_name"] = stored.file_name
    if stored.mime_type:
        result["mime_type"] = stored.mime_type
    return result
