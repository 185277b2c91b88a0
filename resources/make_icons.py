"""Render CoachDesk's icon from its SVG source into every file that needs it.

    uv run python resources/make_icons.py

reads ``resources/icons/coachdesk.svg`` and writes

* ``coachdesk/resources/icons/coachdesk-N.png`` for N in 16, 24, 32, 48, 64, 128, 256
  and 512: the app loads these itself (window and About box), so they live inside the
  package and travel with it (source tree, wheel, PyInstaller bundle); the Linux
  ``.desktop`` install uses them too;
* ``resources/icons/coachdesk.ico`` (Windows: the executable's icon), PNG entries
  16-256;
* ``resources/icons/coachdesk.icns`` (macOS: the app bundle's icon), PNG entries
  16-512 and their @2x variants.

Qt's own renderer (QtSvg, part of PySide6-Essentials) draws the PNGs; the ICO and
ICNS containers are simple enough to write here, so no imaging library is needed.
Run it again after changing the SVG and commit what it writes: the output is the
same bytes for the same SVG and Qt version.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "coachdesk.svg"
PNG_DIR = ROOT / "coachdesk" / "resources" / "icons"
ICO = ROOT / "resources" / "icons" / "coachdesk.ico"
ICNS = ROOT / "resources" / "icons" / "coachdesk.icns"

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by the pixel size of the image they hold.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16 pt @2x
    (b"ic12", 64),  # 32 pt @2x
    (b"ic13", 256),  # 128 pt @2x
    (b"ic14", 512),  # 256 pt @2x
)


def png_path(size: int) -> Path:
    return PNG_DIR / f"coachdesk-{size}.png"


def render_pngs(source: Path = SOURCE) -> dict[int, bytes]:
    """Draw the SVG at every size; return the PNG bytes by size."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {source}")
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.convertToFormat(QImage.Format.Format_ARGB32).save(buffer, "PNG"):
            raise SystemExit(f"cannot encode the {size} px PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose entries are PNG images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(ICO_SIZES))
    offset = len(header) + 16 * len(ICO_SIZES)
    directory, payload = b"", b""
    for size in ICO_SIZES:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        payload += data
        offset += len(data)
    return header + directory + payload


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns: a 'icns' header, then one (type, length, PNG) element per size."""
    elements = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(elements)) + elements


def main() -> int:
    pngs = render_pngs()
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    for size, data in pngs.items():
        png_path(size).write_bytes(data)
    ICO.write_bytes(ico_bytes(pngs))
    ICNS.write_bytes(icns_bytes(pngs))
    for path in [*map(png_path, SIZES), ICO, ICNS]:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
