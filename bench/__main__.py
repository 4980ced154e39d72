"""``python -m bench [scenario ...] [--quick] [--list]``: run benchmarks, print tables."""

from __future__ import annotations

import sys

from bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
