"""The committed packaging files: desktop entry valid, icons of the sizes they claim, and
resources found through resource_path from a checkout."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from resources import ROOT as RESOURCES
from resources import resource_path

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"
ICONS = PACKAGING / "icons"
DESKTOP = PACKAGING / "npq-partner-desk.desktop"


def desktop_entry() -> dict[str, str]:
    lines = DESKTOP.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def test_desktop_entry_passes_desktop_file_validate() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate not installed (apt-get install desktop-file-utils)")
    result = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_desktop_entry_names_the_shipped_icon_and_the_executable() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"] == "npq-desk"  # install-linux.sh makes it absolute
    assert (ICONS / f"{entry['Icon']}-256.png").exists()


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_png_icons_have_their_size(size: int) -> None:
    image = QImage(str(ICONS / f"npq-partner-desk-{size}.png"))
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_ico_holds_png_images_up_to_256() -> None:
    data = (ICONS / "npq-partner-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data,
                                                                  6 + 16 * index)
        assert data[offset:offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_is_well_formed_with_a_1024_image() -> None:
    data = (ICONS / "npq-partner-desk.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    kinds, offset = [], 8
    while offset < len(data):
        kind, length = data[offset:offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        assert data[offset + 8:offset + 16] == b"\x89PNG\r\n\x1a\n"
        kinds.append(kind)
        offset += length
    assert offset == len(data)
    assert {b"ic07", b"ic08", b"ic09", b"ic10"} <= set(kinds)


def test_resource_path_reaches_every_kind_of_shipped_file() -> None:
    assert resource_path() == RESOURCES
    for parts in [("icons", "app.svg"), ("fonts", "DejaVuSans.ttf"),
                  ("fonts", "LICENSE-DejaVu.txt"), ("forms", "qa_visit.json"),
                  ("forms", "competencies.json")]:
        assert resource_path(*parts).is_file(), parts
