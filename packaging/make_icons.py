"""Make the app icon files from ``resources/icons/app.svg``: PNGs, a Windows .ico and a
macOS .icns, written to ``packaging/icons/`` (committed; run again after changing the SVG).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

Qt's own SVG renderer (QtSvg, already a dependency) draws each size, so no ImageMagick or
rsvg is needed on any platform. The .ico and .icns containers are written here directly:
both simply hold PNG images behind a small header, which every Windows since Vista and
every macOS since 10.7 reads.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "resources" / "icons" / "app.svg"
OUT = HERE / "icons"
NAME = "npq-partner-desk"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (the @2x types share sizes).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
              (b"ic09", 512), (b"ic10", 1024), (b"ic11", 32), (b"ic12", 64), (b"ic13", 256),
              (b"ic14", 512))


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file of PNG entries (ICONDIR, then one ICONDIRENTRY per size, then data)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = images[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
        blobs += blob
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns' + total length, then (type, length, PNG) elements."""
    body = b"".join(kind + struct.pack(">I", 8 + len(images[size])) + images[size]
                    for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    OUT.mkdir(exist_ok=True)
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    images = {size: render_png(renderer, size) for size in sizes}
    for size in PNG_SIZES:
        (OUT / f"{NAME}-{size}.png").write_bytes(images[size])
    (OUT / f"{NAME}.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    (OUT / f"{NAME}.icns").write_bytes(icns(images))
    print(f"make_icons: wrote {len(PNG_SIZES)} PNGs, {NAME}.ico and {NAME}.icns to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
