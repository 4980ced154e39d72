"""``python -m bot.healthcheck``: is the bot in this container healthy? Docker's HEALTHCHECK.

It asks the bot's own ``GET /healthz`` and exits 0 on 200, 1 otherwise (503, no answer in
time, nothing listening), printing the verdict or the reason: ``docker inspect`` shows it.
The image has no curl, and which port serves ``/healthz`` depends on the mode: ``PORT``
behind a webhook (``WEBHOOK_URL`` set), ``METRICS_PORT`` when polling. Where neither serves it
(polling without ``METRICS_PORT``) there is nothing to ask, and the check passes saying so,
rather than marking a working bot unhealthy.

The settings are read from the environment, as Docker and compose pass them; only the standard
library is imported, since this runs every 30 seconds.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

TIMEOUT = 8.0
"""Seconds to wait for ``/healthz`` (the bot gives the database 5 s to answer)."""

HEALTHY, UNHEALTHY = 0, 1
"""Exit codes, as Docker reads them."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the check found.

    Attributes:
        code: The exit code (:data:`HEALTHY` or :data:`UNHEALTHY`).
        line: One line for the person reading ``docker inspect``.
    """

    code: int
    line: str


def healthz_url(environ: Mapping[str, str]) -> str | None:
    """Where this machine's bot serves ``/healthz``, from its settings; ``None``: nowhere."""
    webhook = bool(environ.get("WEBHOOK_URL", "").strip())
    port = environ.get("PORT", "8080") if webhook else environ.get("METRICS_PORT", "")
    if not port.strip():
        return None
    listen = environ.get("WEBHOOK_LISTEN", "").strip() or "0.0.0.0"
    # Listening on every address: ask over loopback, which is one of them.
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(listen, listen)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port.strip()}/healthz"


def check(environ: Mapping[str, str], *, timeout: float = TIMEOUT) -> Verdict:
    """Ask the bot's ``/healthz`` once."""
    url = healthz_url(environ)
    if url is None:
        return Verdict(HEALTHY, "not checked: polling without METRICS_PORT serves no /healthz")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return Verdict(HEALTHY, _summary(response.read()))
    except urllib.error.HTTPError as error:
        return Verdict(UNHEALTHY, f"{error.code}: {_summary(error.read())}")
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return Verdict(UNHEALTHY, f"no answer from {url}: {reason}")


def _summary(body: bytes) -> str:
    """The status and problems of a ``/healthz`` body, or the body itself if it is not JSON."""
    try:
        health = json.loads(body)
    except ValueError:
        return body.decode("utf-8", "replace")[:200]
    if not isinstance(health, dict):
        return str(health)[:200]
    problems = health.get("problems") or []
    return "; ".join([str(health.get("status", "?")), *map(str, problems)])


def main() -> int:
    """Check once and print the verdict; returns the exit code."""
    verdict = check(os.environ)
    print(verdict.line)
    return verdict.code


if __name__ == "__main__":
    sys.exit(main())
