"""Decoding Bot API request parameters.

Clients send parameters as a query string, ``application/x-www-form-urlencoded``,
``multipart/form-data`` (file uploads) or a JSON body.  In form encodings every
value is a string: PTB JSON-encodes non-string values and sends strings raw, so
the type of a value is decided by the parameter's *name*, like the real server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fake_telegram.errors import ApiError, bad_request

Params = dict[str, Any]

INT_PARAMS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "max_connections",
        "reply_to_message_id",
        "message_thread_id",
        "user_id",
        "duration",
        "width",
        "height",
        "live_period",
        "heading",
        "proximity_alert_radius",
    }
)
CHAT_ID_PARAMS = frozenset({"chat_id", "from_chat_id"})
BOOL_PARAMS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "allow_paid_broadcast",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "show_caption_above_media",
        "disable_content_type_detection",
        "supports_streaming",
        "for_channels",
    }
)
FLOAT_PARAMS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "scope",
        "link_preview_options",
        "reply_parameters",
        "message_ids",
        "menu_button",
        "media",
        "rights",
    }
)
FILE_PARAMS = frozenset({"photo", "document", "thumbnail", "sticker", "certificate"})


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    data: bytes
    filename: str | None
    content_type: str | None

    def __repr__(self) -> str:
        return f"<file {self.filename!r} {len(self.data)} bytes>"


def _json_error(name: str) -> ApiError:
    if name == "reply_markup":
        return bad_request("can't parse reply keyboard markup JSON object")
    return bad_request(f"can't parse {name} JSON object")


def _to_int(name: str, value: object) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            pass
    raise bad_request(f'parameter "{name}" must be an Integer')


def _to_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() not in ("", "false", "0", "no", "off")
    return bool(value)


def decode_value(name: str, value: object) -> object:
    """Convert one raw parameter to the type the Bot API expects for ``name``."""
    if isinstance(value, UploadedFile):
        return value
    if name in JSON_PARAMS:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise _json_error(name) from None
        return value
    if name in CHAT_ID_PARAMS:
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.lstrip("-").isdigit():
                return int(stripped)
            return stripped
        return _to_int(name, value)
    if name in INT_PARAMS:
        return _to_int(name, value)
    if name in BOOL_PARAMS:
        return _to_bool(value)
    if name in FLOAT_PARAMS:
        try:
            return float(value) if isinstance(value, str | int | float) else float("nan")
        except ValueError:
            raise bad_request(f'parameter "{name}" must be a Float') from None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def decode_params(raw: dict[str, object]) -> Params:
    """Decode every parameter by name; files stay :class:`UploadedFile`."""
    return {name: decode_value(name, value) for name, value in raw.items()}


def resolve_attachments(params: Params) -> Params:
    """Replace ``attach://name`` references with the uploaded file parts."""
    resolved = dict(params)
    for name in FILE_PARAMS:
        value = params.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            part = params.get(value[len("attach://") :])
            if not isinstance(part, UploadedFile):
                raise bad_request(f"file {value} not found in the request")
            resolved[name] = part
    return resolved


def describe(params: Params) -> Params:
    """Params for the call journal: file bytes replaced by a short description."""
    return {k: repr(v) if isinstance(v, UploadedFile) else v for k, v in params.items()}
