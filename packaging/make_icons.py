"""Render the application icon (resources/icons/benefitdesk.svg) for every platform.

    python packaging/make_icons.py

Writes the Linux hicolor icons (packaging/linux/share/icons/hicolor/: PNGs and the SVG), the Windows
``.ico`` and the macOS ``.icns`` (packaging/icons/), and a stamp holding the SVG's
SHA-256 that tests/test_packaging.py compares with the SVG, so a changed SVG without
re-rendered icons fails the build instead of shipping stale icons.

Every size is rendered from the SVG by Qt (PySide6 is installed anyway), not scaled
down from one big bitmap, so the 16 px icon is as sharp as the 512 px one. Pillow
(the ``packaging`` extra) only packs the renders into ``.ico`` and ``.icns``.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "benefitdesk.svg"
HICOLOR = ROOT / "packaging" / "linux" / "share" / "icons" / "hicolor"
ICONS = ROOT / "packaging" / "icons"
STAMP = ICONS / "benefitdesk.svg.sha256"
NAME = "benefitdesk"

LINUX_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def svg_digest(svg: Path = SVG) -> str:
    return hashlib.sha256(svg.read_bytes()).hexdigest()


def stamp_text(svg: Path = SVG) -> str:
    return f"{svg_digest(svg)}  {svg.relative_to(ROOT).as_posix()}\n"


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of ``svg`` rendered at each size (square, transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    pngs = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def pack(pngs: dict[int, bytes], sizes: tuple[int, ...], target: Path, fmt: str) -> None:
    """Pack exact-size renders into an .ico or .icns file with Pillow."""
    from io import BytesIO

    from PIL import Image

    images = [Image.open(BytesIO(pngs[s])).convert("RGBA") for s in sorted(sizes)]
    largest = images[-1]
    options: dict[str, object] = {"append_images": images[:-1]}
    if fmt == "ICO":
        options["sizes"] = [(s, s) for s in sizes]
    largest.save(target, format=fmt, **options)


def main() -> int:
    pngs = render_pngs(SVG, tuple(sorted({*LINUX_SIZES, *ICO_SIZES, *ICNS_SIZES})))
    for size in LINUX_SIZES:
        folder = HICOLOR / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{NAME}.png").write_bytes(pngs[size])
    scalable = HICOLOR / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SVG, scalable / f"{NAME}.svg")
    ICONS.mkdir(parents=True, exist_ok=True)
    pack(pngs, ICO_SIZES, ICONS / f"{NAME}.ico", "ICO")
    pack(pngs, ICNS_SIZES, ICONS / f"{NAME}.icns", "ICNS")
    STAMP.write_text(stamp_text(), encoding="utf-8")
    print(f"make_icons: {len(LINUX_SIZES)} PNGs, {NAME}.ico and {NAME}.icns from {SVG.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
