"""A .docx rendered by LibreOffice, and the PDF read back by poppler (tests and previews).

``docx_to_pdf`` runs ``soffice --headless --convert-to pdf`` in a fresh temporary profile (so
runs in parallel never share one), with a timeout, and with fontconfig told our fallbacks for
the official fonts (``fontconfig/60-dangjian-cjk.conf``). ``make office`` installs LibreOffice
and poppler-utils.
"""
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

FONTCONFIG = Path(__file__).resolve().parent / "fontconfig" / "60-dangjian-cjk.conf"
SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")
TIMEOUT = 180
CJK_FONT = re.compile(r"CJK|Song|Hei|Kai|Fang|Ming|GB2312|[\u4e00-\u9fff]", re.IGNORECASE)


class OfficeMissing(RuntimeError):
    """LibreOffice or poppler is not installed."""


class ConversionFailed(RuntimeError):
    pass


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise OfficeMissing(f"{name} is not installed: run `make office` "
                            "(Debian: libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk)")
    return path


def fontconfig_file(directory: Path) -> Path:
    """A fonts.conf: the system's, then our fallbacks for the official fonts."""
    conf = directory / "fonts.conf"
    system = f'<include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>' if SYSTEM_FONTCONFIG.exists() else ""
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>{system}<include>{FONTCONFIG}</include>"
        f"<cachedir>{directory / 'fccache'}</cachedir></fontconfig>\n", encoding="utf-8")
    return conf


def docx_to_pdf(data: bytes, *, timeout: int = TIMEOUT) -> bytes:
    return docx_to_pdf_many({"document": data}, timeout=timeout)["document"]


def docx_to_pdf_many(documents: Mapping[str, bytes], *, timeout: int = TIMEOUT) -> dict[str, bytes]:
    """Several documents in one LibreOffice run (its start-up is most of the time)."""
    soffice = _tool("soffice")
    with tempfile.TemporaryDirectory(prefix="dangjian-office-") as tmp:
        tmp = Path(tmp)
        names = {}
        for index, (key, data) in enumerate(documents.items()):
            path = tmp / f"d{index}.docx"
            path.write_bytes(data)
            names[key] = path
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(tmp)), "HOME": str(tmp)}
        command = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(tmp / "out"),
                   *map(str, names.values())]
        # A session of its own: on a timeout the whole group goes (soffice starts soffice.bin).
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   cwd=tmp, start_new_session=True)
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(f"LibreOffice took more than {timeout} s") from error
        result = {}
        for key, path in names.items():
            pdf = tmp / "out" / f"{path.stem}.pdf"
            if not pdf.exists():
                raise ConversionFailed(f"LibreOffice made no PDF of {key} (exit {process.returncode}): "
                                       f"{err.decode(errors='replace')[-500:]}")
            result[key] = pdf.read_bytes()
        return result


def _poppler(tool, pdf: bytes, *args) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        done = subprocess.run([_tool(tool), *args, file.name, *(["-"] if tool == "pdftotext" else [])],
                              capture_output=True, timeout=60, check=True)
    return done.stdout.decode("utf-8", errors="replace")


def pdf_image_count(pdf: bytes) -> int:
    """How many pictures the PDF draws (pdfimages -list; soft masks not counted)."""
    lines = _poppler("pdfimages", pdf, "-list").splitlines()[2:]
    return sum(1 for line in lines if len(line.split()) > 2 and line.split()[2] == "image")


def pdf_text(pdf: bytes, *, first: int | None = None, last: int | None = None, layout=False) -> str:
    args = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    return _poppler("pdftotext", pdf, "-enc", "UTF-8", *(["-layout"] if layout else []), *args)


def pdf_pages(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext ends every page with a form feed)."""
    pages = pdf_text(pdf).split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@dataclass(frozen=True)
class PdfFont:
    name: str
    type: str
    embedded: bool

    @property
    def cjk(self) -> bool:
        return bool(CJK_FONT.search(self.name))


def pdf_fonts(pdf: bytes) -> list[PdfFont]:
    """pdffonts' table: name, type and whether the font is embedded."""
    lines = _poppler("pdffonts", pdf).splitlines()
    fonts = []
    for line in lines[2:]:
        # Columns: name, type (may hold spaces), encoding, emb, sub, uni, object, ID.
        parts = line.split()
        if len(parts) < 7:
            continue
        fonts.append(PdfFont(name=parts[0], type=" ".join(parts[1:-6]), embedded=parts[-5] == "yes"))
    return fonts


def first_pages(pdf: bytes, headings: Sequence[str], *, start: int = 1) -> list[int | None]:
    """The page (1-based) where each heading stands alone on a line, searching in order from
    ``start``, each after the page of the one before (a booklet's entries each begin a page, so
    two entries of the same name are told apart): the entries' real pages for its contents."""
    def bare(text):       # pdftotext puts spaces around Latin digits in Chinese text
        return re.sub(r"\s+", "", text)

    pages = [{bare(line) for line in text.splitlines()} for text in pdf_pages(pdf)]
    found, page = [], start
    for heading in headings:
        hit = next((n for n in range(page, len(pages) + 1) if bare(heading) in pages[n - 1]), None)
        found.append(hit)
        if hit:
            page = hit + 1
    return found
