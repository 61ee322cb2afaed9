"""The ``schemalint`` command: the same program as the Rust binary, run in-process."""

from __future__ import annotations

import signal
import sys
from typing import List, Optional

from . import _schemalint


def main(argv: Optional[List[str]] = None) -> int:
    """Run ``schemalint`` with ``argv`` (default: ``sys.argv[1:]``); returns its exit code."""
    args = sys.argv[1:] if argv is None else argv
    # Behave like the native binary: Ctrl-C ends the run at once (Python's handler would
    # only run after the Rust code returns).
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    sys.stderr.flush()
    return _schemalint.run_cli(["schemalint", *args])


def _entry_point() -> None:
    sys.exit(main())


if __name__ == "__main__":
    _entry_point()
