"""PDF from the same HTML the browser shows, typeset by WeasyPrint, byte-identical run to run.

Printing from a browser adds the browser's own header and footer (a US date, the file
path); WeasyPrint typesets the document's own print CSS instead: ``@page`` size and page
counters, repeated table headers, page-break rules.

Determinism: WeasyPrint writes no creation date and no file identifier unless asked. The
dates come only from the document's ``<meta name="dcterms.created">`` and
``dcterms.modified`` (the caller derives them from the books, e.g. the fiscal year end);
the identifier is a digest of the HTML, so the same document always gets the same bytes
and another document another identifier.

The same bytes on every machine: the typeface is shipped with the package
(``finsam_accounts/fonts/``, DejaVu Sans Condensed and its bold, and DejaVu Sans Mono and
its bold for the lists' pages, under the Bitstream Vera licence in ``fonts/LICENSE``) and
named through ``@font-face`` under family names no installed font has (``Finsam Sans``,
``Finsam Mono``), so fontconfig never substitutes a font of the machine. The embedded
fonts are always subset by fontTools (pinned in pyproject.toml):
WeasyPrint would otherwise use HarfBuzz's subsetter when the system library
``libharfbuzz-subset0`` happens to be installed, and the two write different bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from finsam_accounts.errors import ReportError, plain_error
from finsam_accounts.output import write_atomic

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "Finsam Sans"  # the print CSS names it first (templates/base.html, lista.html)
MONO_FAMILY = "Finsam Mono"  # the monospaced faces, for a document that names them
FONT_FACES = f"""
@font-face {{ font-family: "{FAMILY}"; font-weight: normal; font-style: normal;
  src: url("DejaVuSansCondensed.ttf"); }}
@font-face {{ font-family: "{FAMILY}"; font-weight: bold; font-style: normal;
  src: url("DejaVuSansCondensed-Bold.ttf"); }}
@font-face {{ font-family: "{MONO_FAMILY}"; font-weight: normal; font-style: normal;
  src: url("DejaVuSansMono.ttf"); }}
@font-face {{ font-family: "{MONO_FAMILY}"; font-weight: bold; font-style: normal;
  src: url("DejaVuSansMono-Bold.ttf"); }}
"""
TYPESETTING_PACKAGES = (
    "weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "tinyhtml5", "pyphen",
    "pillow", "finsam-accounts",
)


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


def cached(html: str, base_url: str | None = None) -> bytes | None:
    """The PDF of ``html`` from the user's cache, or None when it has not been typeset."""
    return _cached(_cache_key(html, base_url))


def store(html: str, data: bytes, base_url: str | None = None) -> None:
    """Keep the PDF of ``html`` made another way (render/list_pdf.py) in the same cache."""
    _store(_cache_key(html, base_url), data)


def is_pdf(data: bytes) -> bool:
    """Whole PDF bytes (not a file cut short)."""
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def _cache_key(html: str, base_url: str | None) -> str:
    """The document, this package's code and everything that typesets it."""
    parts = [html, base_url or "", typesetting_stack()]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def typesetting_stack() -> str:
    """This package's code digest, the shipped fonts, the typesetting packages' versions and
    the system libraries (pango, HarfBuzz) that lay the text out: a change in any of them
    may change the bytes, so a cached PDF made under another stack is not reused."""
    from importlib.metadata import PackageNotFoundError, version

    from finsam_accounts.cache import code_digest

    parts = [f"code={code_digest()}"]
    for font in sorted(FONTS.iterdir()):
        parts.append(f"{font.name}={hashlib.sha256(font.read_bytes()).hexdigest()}")
    for package in TYPESETTING_PACKAGES:
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=?")
    for library, function in (("pango-1.0", "pango_version_string"),
                              ("harfbuzz", "hb_version_string")):
        parts.append(f"{library}={_library_version(library, function)}")
    return "\n".join(parts)


def _library_version(library: str, function: str) -> str:
    """A system library's version string, or "?" when it cannot be read."""
    import ctypes
    import ctypes.util

    try:
        found = ctypes.util.find_library(library)
        if found is None:
            return "?"
        call = getattr(ctypes.CDLL(found), function)
        call.restype = ctypes.c_char_p
        return str(call().decode("ascii", "replace"))
    except (OSError, AttributeError):
        return "?"


def _cache_file(key: str) -> Path | None:
    from finsam_accounts.cache import unsafe, usable_dir

    folder = usable_dir()
    if folder is None or unsafe(folder / "pdf"):
        return None
    return folder / "pdf" / f"{key}.pdf"


def _cached(key: str) -> bytes | None:
    from finsam_accounts.cache import unsafe

    path = _cache_file(key)
    if path is None or unsafe(path):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data if is_pdf(data) else None


def _store(key: str, data: bytes) -> None:
    """Keep the bytes for the next run; any failure only means no reuse."""
    path = _cache_file(key)
    if path is None:
        return
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(path, data, 0o600)  # the user's private cache


WARM_UP = (f'<html><head><style>body {{ font-family: "{FAMILY}"; }}</style></head>'
           "<body><p>Årets resultat 1 234 567 <b>−89</b></p></body></html>")


def warm_up() -> None:
    """Load the typesetter and typeset a line in the shipped fonts, discarded (pango,
    fontconfig and the font files are then ready): done by a copy of the process while
    the command loads the books (render/pdf_parallel.py). Raises ReportError as
    :func:`pdf_bytes` does when there is no typesetter."""
    _typeset(WARM_UP, None)


def _typeset(html: str, base_url: str | None) -> bytes:
    try:
        import weasyprint  # heavy (pango through cffi): only loaded when a PDF is written
    except (ImportError, OSError) as error:
        raise ReportError([plain_error(
            f"PDF:en kan inte skrivas: WeasyPrint går inte att läsa in ({error}); "
            "kör bash scripts/setup-env, som installerar pango och typsnitten")]) from error

    from weasyprint.pdf import fonts as pdf_fonts
    from weasyprint.text.fonts import FontConfiguration

    from finsam_accounts.render import font_subset

    # Always fontTools' subsetter, whatever the machine has (see the module docstring),
    # without its reading the layout tables it drops (render/font_subset.py).
    pdf_fonts.harfbuzz_subset = None
    pdf_fonts.subset = font_subset.MODULE
    font_config = FontConfiguration()
    faces = weasyprint.CSS(
        string=FONT_FACES, base_url=FONTS.as_uri() + "/", font_config=font_config)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = weasyprint.HTML(string=html, base_url=base_url)
    with _font_dates_fixed():
        result = document.write_pdf(
            pdf_identifier=identifier, stylesheets=[faces], font_config=font_config)
    assert isinstance(result, bytes)  # write_pdf without a target returns the bytes
    return result


@contextlib.contextmanager
def _font_dates_fixed() -> Iterator[None]:
    """fontTools stamps the time of saving into a subset font's ``head`` table unless
    ``SOURCE_DATE_EPOCH`` is set (the reproducible-builds convention): while typesetting,
    it is set to the shipped font's own date, so the subset carries that date instead."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(_font_epoch())
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


@lru_cache(maxsize=1)
def _font_epoch() -> int:
    """The regular shipped font's modification date, in seconds since 1970."""
    from fontTools.misc.timeTools import epoch_diff
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / "DejaVuSansCondensed.ttf", lazy=True) as font:
        return int(font["head"].modified + epoch_diff)
