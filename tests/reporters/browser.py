"""Headless Chromium (the distribution's package) for the HTML report's tests, and a PNG
decoder on the standard library's zlib (no image library needed).

No browser driver: Chromium's own ``--screenshot`` and ``--dump-dom`` modes, a fresh
profile per launch, every background network feature off and every host name unresolvable,
so a report that tried to load anything would show it (the report's CSP forbids it too).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=http://127.0.0.1:9",
)


def chromium() -> str:
    """The Chromium binary; skipped with the reason when absent, failed when CI=true."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    reason = (
        "headless Chromium not found (apt-get install -y chromium): the HTML report's "
        "browser test did not run"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason + "; CI must run it (.ci/run installs chromium)")
    pytest.skip(reason)


def run(args: list[str], profile: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    profile.mkdir(parents=True, exist_ok=True)  # a fresh profile: nothing cached, no state
    command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, cwd=profile
    )


def screenshot(url: str, out: Path, profile: Path, size: tuple[int, int] = (1280, 1000)) -> None:
    result = run([f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", url], profile)
    assert out.is_file(), f"no screenshot: {result.stderr[-2000:]}"


def dump_dom(url: str, profile: Path) -> str:
    result = run(["--virtual-time-budget=2000", "--dump-dom", url], profile)
    assert result.returncode == 0 and result.stdout, result.stderr[-2000:]
    return result.stdout


@dataclass
class Image:
    width: int
    height: int
    pixels: list[tuple[int, int, int]]  # RGB, row by row

    def count(self, rgb: tuple[int, int, int], tolerance: int = 0) -> int:
        return sum(
            1
            for p in self.pixels
            if all(abs(a - b) <= tolerance for a, b in zip(p, rgb, strict=True))
        )


def read_png(data: bytes) -> Image:
    """Decode an 8-bit RGB or RGBA PNG (what Chromium writes): chunks, zlib, filters."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = depth = colour = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    channels = 4 if colour == 6 else 3
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        previous = line
    pixels = [(row[x], row[x + 1], row[x + 2]) for row in rows for x in range(0, stride, channels)]
    return Image(width, height, pixels)
