from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def read(path: Path) -> str:
    # newline="" keeps CRLF exactly as in the file
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def zhclean(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """``python -m zhclean ARGS`` in a real process; the colour variables of the environment
    running the tests are left out (``env`` sets them where a test wants them)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "zhclean", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**environ, **env},
    )


@contextlib.contextmanager
def small_disk(tmp_path: Path, size: int = 512 * 1024) -> Iterator[tuple[Path, Callable[[], None] | None]]:
    """A folder where writing runs out of room: a ``size``-byte tmpfs where this machine lets
    the tests mount one (root), else a plain folder and a ``preexec_fn`` that limits the size
    of any file the process writes to half of ``size`` (``EFBIG`` instead of ``ENOSPC``: the
    same failing write)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = False
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get("ZHCLEAN_TEST_NO_MOUNT"):
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
        )
        mounted = done.returncode == 0
    if mounted:
        try:
            yield folder, None
        finally:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)
        return

    def limit() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, size // 2))

    yield folder, limit
