"""The package works from an installed wheel, not only from a source checkout.

Builds the wheel from a copy of the sources, unpacks it into a fresh virtual environment
(whose only other path is the test environment's site-packages, for the dependencies) and
writes the annual report from there: the specification and the HTML templates must be
package data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_writes_the_annual_report(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "finsam_accounts", source / "finsam_accounts",
                    ignore=shutil.ignore_patterns("__pycache__"))
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        check=True, capture_output=True,
    )
    (wheel,) = wheels.glob("finsam_accounts-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True, capture_output=True, text=True,
    ).stdout.strip())
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    out = work / "rapport"
    result = subprocess.run(
        [str(python), "-c",
         "import finsam_accounts, sys; from finsam_accounts.cli import main; "
         "print(finsam_accounts.__file__, file=sys.stderr); sys.exit(main(sys.argv[1:]))",
         "arsredovisning", "2019", "--ledger", str(ROOT / "ledger" / "main.beancount"),
         "--out", str(out)],
        cwd=work, capture_output=True, text=True,
        env={**os.environ, "FINSAM_CACHE": "0"},  # typeset by the installed copy
    )
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stderr  # the installed copy, not the checkout
    html = (out / "arsredovisning.html").read_text(encoding="utf-8")
    assert "Verksamhetens intäkter SAMO" in html and "11&nbsp;577&nbsp;559" in html.replace(
        "\u00a0", "&nbsp;")
    assert (out / "arsredovisning.html").read_bytes() == (
        ROOT / "reports" / "2019" / "arsredovisning.html"
    ).read_bytes()
    # The typeface ships in the wheel: the PDF is the committed one, byte for byte.
    assert (out / "arsredovisning.pdf").read_bytes() == (
        ROOT / "reports" / "2019" / "arsredovisning.pdf"
    ).read_bytes()
