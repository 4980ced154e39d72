"""Bot-level Bot API methods: identity, updates, commands, webhook, files."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from fake_telegram.errors import CHAT_NOT_FOUND, bad_request, conflict
from fake_telegram.params import Params
from fake_telegram.state import TelegramState

Method = Callable[[TelegramState, Params], Awaitable[Any]]

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


async def get_me(state: TelegramState, params: Params) -> Any:
    """getMe."""
    return {
        **state.bot.to_api(),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(state: TelegramState, params: Params) -> Any:
    """getUpdates: long polling with offset confirmation and allowed_updates."""
    if state.webhook.url:
        raise conflict(
            "can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first"
        )
    allowed = params.get("allowed_updates")
    timeout = params.get("timeout")
    return await state.updates.get_updates(
        offset=params.get("offset"),
        limit=params.get("limit"),
        timeout=float(timeout) if isinstance(timeout, int) else 0.0,
        allowed=[str(a) for a in allowed] if isinstance(allowed, list) else None,
    )


def scope_key(state: TelegramState, scope: object) -> str:
    """Canonical key of a BotCommandScope (validated like Telegram)."""
    if scope is None:
        return '{"type": "default"}'
    if not isinstance(scope, dict) or scope.get("type") not in _SCOPES:
        raise bad_request("can't parse BotCommandScope: unsupported scope type")
    if scope["type"] in ("chat", "chat_administrators", "chat_member"):
        chat_id = scope.get("chat_id")
        if not isinstance(chat_id, int) or chat_id not in state.chats:
            raise bad_request(CHAT_NOT_FOUND)
    return json.dumps(scope, sort_keys=True)


def _language(params: Params) -> str:
    language = params.get("language_code")
    return language if isinstance(language, str) else ""


async def set_my_commands(state: TelegramState, params: Params) -> Any:
    """setMyCommands."""
    commands = params.get("commands")
    if not isinstance(commands, list):
        raise bad_request('parameter "commands" is required')
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    stored: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: Object expected")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str) or not _COMMAND.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        stored.append({"command": command, "description": description})
    key = (scope_key(state, params.get("scope")), _language(params))
    if stored:
        state.commands[key] = stored
    else:
        state.commands.pop(key, None)
    return True


async def get_my_commands(state: TelegramState, params: Params) -> Any:
    """getMyCommands: exactly the list stored for this scope and language."""
    return state.commands.get((scope_key(state, params.get("scope")), _language(params)), [])


async def delete_my_commands(state: TelegramState, params: Params) -> Any:
    """deleteMyCommands."""
    state.commands.pop((scope_key(state, params.get("scope")), _language(params)), None)
    return True


def _text_setter(kind: str, limit: int) -> tuple[Method, Method]:
    async def setter(state: TelegramState, params: Params) -> Any:
        value = params.get(kind)
        value = value if isinstance(value, str) else ""
        if len(value) > limit:
            raise bad_request(f"{kind.upper()}_INVALID")
        key = (kind, _language(params))
        if value:
            state.descriptions[key] = value
        else:
            state.descriptions.pop(key, None)
        return True

    async def getter(state: TelegramState, params: Params) -> Any:
        value = state.descriptions.get((kind, _language(params)))
        if value is None and kind == "name":
            value = state.bot.first_name
        return {kind: value or ""}

    return setter, getter


set_my_description, get_my_description = _text_setter("description", 512)
set_my_short_description, get_my_short_description = _text_setter("short_description", 120)
set_my_name, get_my_name = _text_setter("name", 64)


async def set_chat_menu_button(state: TelegramState, params: Params) -> Any:
    """setChatMenuButton (stored, not rendered)."""
    chat_id = params.get("chat_id")
    if chat_id is not None and chat_id not in state.chats:
        raise bad_request(CHAT_NOT_FOUND)
    button = params.get("menu_button")
    state.menu_buttons[chat_id if isinstance(chat_id, int) else None] = (
        button if isinstance(button, dict) else {"type": "default"}
    )
    return True


async def get_chat_menu_button(state: TelegramState, params: Params) -> Any:
    """getChatMenuButton."""
    chat_id = params.get("chat_id")
    key = chat_id if isinstance(chat_id, int) else None
    return state.menu_buttons.get(key, state.menu_buttons.get(None, {"type": "commands"}))


def _check_webhook_url(url: str) -> None:
    parts = urlsplit(url)
    host = parts.hostname or ""
    loopback = host == "localhost"
    with contextlib.suppress(ValueError):
        loopback = loopback or ipaddress.ip_address(host).is_loopback
    if parts.scheme == "http" and loopback:
        return  # the fake's concession: local test servers speak plain HTTP on any port
    if parts.scheme != "https":
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if (parts.port or 443) not in (80, 88, 443, 8443):
        raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")


async def set_webhook(state: TelegramState, params: Params) -> Any:
    """setWebhook; an empty url removes the webhook."""
    url = params.get("url")
    url = url.strip() if isinstance(url, str) else ""
    if url:
        _check_webhook_url(url)
    secret = params.get("secret_token")
    if isinstance(secret, str) and secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise bad_request("secret token contains unallowed characters")
    if params.get("drop_pending_updates"):
        state.updates.drop_pending()
    allowed = params.get("allowed_updates")
    state.webhook.url = url
    state.webhook.secret_token = secret if isinstance(secret, str) and secret else None
    max_connections = params.get("max_connections")
    state.webhook.max_connections = max_connections if isinstance(max_connections, int) else 40
    if isinstance(allowed, list):
        state.updates.set_allowed([str(a) for a in allowed])
        state.webhook.allowed_updates = [str(a) for a in allowed]
    return True


async def delete_webhook(state: TelegramState, params: Params) -> Any:
    """deleteWebhook."""
    if params.get("drop_pending_updates"):
        state.updates.drop_pending()
    state.webhook.url = ""
    state.webhook.secret_token = None
    return True


async def get_webhook_info(state: TelegramState, params: Params) -> Any:
    """getWebhookInfo."""
    info: dict[str, Any] = {
        "url": state.webhook.url,
        "has_custom_certificate": False,
        "pending_update_count": state.updates.pending_count,
    }
    if state.webhook.url:
        info["max_connections"] = state.webhook.max_connections
        if state.webhook.allowed_updates is not None:
            info["allowed_updates"] = state.webhook.allowed_updates
        if state.webhook.last_error_date is not None:
            info["last_error_date"] = state.webhook.last_error_date
            info["last_error_message"] = state.webhook.last_error_message
    return info


async def get_file(state: TelegramState, params: Params) -> Any:
    """getFile: the file_path to download from ``base_file_url``."""
    file_id = params.get("file_id")
    stored = state.files.get(file_id) if isinstance(file_id, str) else None
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.file_size,
        "file_path": stored.file_path,
    }


async def close(state: TelegramState, params: Params) -> Any:
    """close."""
    return True


async def log_out(state: TelegramState, params: Params) -> Any:
    """logOut: afterwards every request is 401, as the cloud API refuses a logged-out bot."""
    state.logged_out = True
    return True
