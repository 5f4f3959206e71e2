"""The site's icon in the municipality's colour, drawn here (no files from other hosts, no image library).

`/favicon.ico` (a PNG inside an ICO, which every current browser reads), the PNGs the web-app manifest
lists, and an SVG for browsers that prefer it. Three white dots (neighbours) on the primary colour.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

# Dots as (centre x, centre y, radius) in a 0..1 square.
_DOTS = ((0.5, 0.32, 0.14), (0.3, 0.66, 0.14), (0.7, 0.66, 0.14))
_CORNER = 0.18


def _rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return 0x1D, 0x5E, 0x91


def _inside_rounded_square(x: float, y: float) -> bool:
    cx = min(max(x, _CORNER), 1 - _CORNER)
    cy = min(max(y, _CORNER), 1 - _CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= _CORNER**2


def _pixel(x: float, y: float, rgb: tuple[int, int, int]) -> tuple[int, int, int, int]:
    if not _inside_rounded_square(x, y):
        return 0, 0, 0, 0
    for dx, dy, r in _DOTS:
        if (x - dx) ** 2 + (y - dy) ** 2 <= r * r:
            return 255, 255, 255, 255
    return (*rgb, 255)


@lru_cache(maxsize=8)
def icon_png(size: int, color: str) -> bytes:
    """A `size` x `size` RGBA PNG of the icon, 2x2 supersampled for smooth edges."""
    rgb = _rgb(color)
    rows = []
    for py in range(size):
        row = bytearray(b"\x00")  # filter type: none
        for px in range(size):
            samples = [
                _pixel((px + ox) / size, (py + oy) / size, rgb)
                for ox in (0.25, 0.75)
                for oy in (0.25, 0.75)
            ]
            row.extend(sum(s[i] for s in samples) // 4 for i in range(4))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


@lru_cache(maxsize=8)
def icon_ico(color: str) -> bytes:
    """A 32 x 32 favicon: an ICO directory with one PNG image."""
    png = icon_png(32, color)
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(png), 6 + 16)
    return directory + entry + png


def icon_svg(color: str) -> str:
    r, g, b = _rgb(color)
    dots = "".join(
        f'<circle cx="{dx * 100:g}" cy="{dy * 100:g}" r="{rad * 100:g}" fill="#fff"/>'
        for dx, dy, rad in _DOTS
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" rx="{_CORNER * 100:g}" fill="#{r:02x}{g:02x}{b:02x}"/>'
        f"{dots}</svg>"
    )
