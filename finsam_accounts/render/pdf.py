"""PDF from the same HTML the browser shows, typeset by WeasyPrint, byte-identical run to run.

Printing from a browser adds the browser's own header and footer (a US date, the file
path); WeasyPrint typesets the document's own print CSS instead: ``@page`` size and page
counters, repeated table headers, page-break rules.

Determinism: WeasyPrint writes no creation date and no file identifier unless asked. The
dates come only from the document's ``<meta name="dcterms.created">`` and
``dcterms.modified`` (the caller derives them from the books, e.g. the fiscal year end);
the identifier is a digest of the HTML, so the same document always gets the same bytes
and another document another identifier. Fonts are resolved by fontconfig on the machine
(``scripts/setup-env`` installs the DejaVu fonts the print CSS names).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from finsam_accounts.errors import ReportError, plain_error


def pdf_bytes(html: str, base_url: str | None = None) -> bytes:
    """The PDF of an HTML document, with a fixed identifier derived from the HTML.

    The typesetting is the slowest step of a report run; the same HTML (with the same
    typesetter versions) always gives the same bytes, so they are kept in the user's cache
    folder (:func:`finsam_accounts.cache.cache_dir`, never beside the books) and reused.
    Raises ReportError when the typesetter cannot load (pango missing on the machine)."""
    key = _cache_key(html, base_url)
    cached = _cached(key)
    if cached is not None:
        return cached
    result = _typeset(html, base_url)
    _store(key, result)
    return result


def _cache_key(html: str, base_url: str | None) -> str:
    from importlib.metadata import PackageNotFoundError, version

    parts = [html, base_url or ""]
    for package in ("weasyprint", "pydyf", "finsam-accounts"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=?")
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _cache_file(key: str) -> Path | None:
    from finsam_accounts.cache import cache_dir

    folder = cache_dir()
    return None if folder is None else folder / "pdf" / f"{key}.pdf"


def _cached(key: str) -> bytes | None:
    path = _cache_file(key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") else None


def _store(key: str, data: bytes) -> None:
    """Keep the bytes for the next run; any failure only means no reuse."""
    path = _cache_file(key)
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".pdf-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as output:
                output.write(data)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _typeset(html: str, base_url: str | None) -> bytes:
    try:
        import weasyprint  # heavy (pango through cffi): only loaded when a PDF is written
    except (ImportError, OSError) as error:
        raise ReportError([plain_error(
            f"PDF:en kan inte skrivas: WeasyPrint går inte att läsa in ({error}); "
            "kör bash scripts/setup-env, som installerar pango och typsnitten")]) from error

    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = weasyprint.HTML(string=html, base_url=base_url)
    result = document.write_pdf(pdf_identifier=identifier)
    assert isinstance(result, bytes)  # write_pdf without a target returns the bytes
    return result


def write_pdf(html: str, path: Path, base_url: str | None = None) -> None:
    """Write the PDF of ``html`` to ``path`` atomically (a temporary file beside it)."""
    path = Path(path)
    data = pdf_bytes(html, base_url)
    handle, temporary = tempfile.mkstemp(prefix=".finsam-", suffix=".pdf", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is for reading
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
