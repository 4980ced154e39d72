"""The signature of a handler for a plain message (kept for ``bot.handlers.wins``' import).

Routing messages to open questions lives in ``bot.handlers.questions``; import from there.
"""

from __future__ import annotations

from bot.handlers.questions import Fallback

__all__ = ["Fallback"]
