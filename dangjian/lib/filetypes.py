"""Which files may be attached to a record: listed document and image types, checked by content.

An attachment is accepted only when its extension is on the list *and* its first bytes (for
zip-based Office files, the package's declared main part) say it is that kind of file. Pure:
no database, no storage; reads from a binary file object and puts it back at the start.

Accepted, with what the content must show:

- PDF (.pdf): ``%PDF-``
- Word, Excel, PowerPoint 97-2003 and WPS (.doc .xls .ppt .wps): the OLE compound-file
  signature ``D0 CF 11 E0 A1 B1 1A E1``
- Word, Excel, PowerPoint (.docx .xlsx .pptx): a zip whose ``[Content_Types].xml`` declares
  the document's main part (macro-enabled files declare another type and are refused)
- OFD, the national e-document format (.ofd): a zip holding ``OFD.xml``
- JPEG (.jpg .jpeg): ``FF D8 FF``; PNG (.png): ``89 50 4E 47 0D 0A 1A 0A``
"""
import zipfile

from django.utils.translation import gettext as _

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
PDF = b"%PDF-"
ZIP = b"PK\x03\x04"
OOXML_MAIN = {
    "docx": b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
CONTENT_TYPES_MAX = 1024 * 1024      # [Content_Types].xml is a few KB; more is not a real document

# extension -> the kind the content must be
EXTENSIONS = {
    "pdf": "pdf", "doc": "ole", "xls": "ole", "ppt": "ole", "wps": "ole",
    "docx": "docx", "xlsx": "xlsx", "pptx": "pptx", "ofd": "ofd",
    "jpg": "jpeg", "jpeg": "jpeg", "png": "png",
}
KIND_LABELS = {"pdf": "PDF", "ole": "Office/WPS", "docx": "Word", "xlsx": "Excel", "pptx": "PowerPoint",
               "ofd": "OFD", "jpeg": "JPG", "png": "PNG"}
ALLOWED_TEXT = "PDF、Word、Excel、PowerPoint、WPS、OFD、JPG、PNG"


def extension(name: str) -> str:
    """The lower-case extension of a file name, '' when it has none."""
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def _zip_kind(fileobj) -> str | None:
    try:
        with zipfile.ZipFile(fileobj) as package:
            names = set(package.namelist())
            if "OFD.xml" in names:
                return "ofd"
            info = package.getinfo("[Content_Types].xml") if "[Content_Types].xml" in names else None
            if info is None or info.file_size > CONTENT_TYPES_MAX:
                return None
            with package.open(info) as part:
                types = part.read(CONTENT_TYPES_MAX + 1)
    except Exception:       # any malformed, encrypted or truncated zip is simply not a document
        return None
    for kind, main in OOXML_MAIN.items():
        if main in types:
            return kind
    return None


def sniff(fileobj) -> str | None:
    """The kind of file the content shows (a key of KIND_LABELS), or None."""
    fileobj.seek(0)
    head = fileobj.read(8)
    try:
        if head.startswith(PDF):
            return "pdf"
        if head.startswith(OLE):
            return "ole"
        if head.startswith(JPEG):
            return "jpeg"
        if head.startswith(PNG):
            return "png"
        if head.startswith(ZIP):
            fileobj.seek(0)
            return _zip_kind(fileobj)
        return None
    finally:
        fileobj.seek(0)


def upload_error(name: str, fileobj, size: int, max_bytes: int) -> str | None:
    """Why this file may not be attached (a Chinese message), or None when it may."""
    wanted = EXTENSIONS.get(extension(name))
    if wanted is None:
        return _("附件“%(n)s”的类型不能上传。可上传：%(types)s。") % {"n": name, "types": ALLOWED_TEXT}
    if size > max_bytes:
        return _("附件“%(n)s”超过 %(mb)d MB") % {"n": name, "mb": max_bytes // (1024 * 1024)}
    if size == 0:
        return _("附件“%(n)s”是空文件") % {"n": name}
    if sniff(fileobj) != wanted:
        return _("附件“%(n)s”的内容不是 %(label)s 文件，与扩展名不符，未上传。") % {
            "n": name, "label": KIND_LABELS[wanted]}
    return None


IMAGE_EXTENSIONS = ("jpg", "jpeg", "png")


def image_upload_error(name: str, fileobj, size: int, max_bytes: int) -> str | None:
    """Why this file may not be shown as an image (a logo), or None when it may: JPG or PNG only,
    checked by content as every attachment is."""
    if extension(name) not in IMAGE_EXTENSIONS:
        return _("图片“%(n)s”的类型不能上传。可上传：JPG、PNG。") % {"n": name}
    return upload_error(name, fileobj, size, max_bytes)


def download_response(stored_file, filename, *, missing=None):
    """A stored upload, always as a download (octet-stream, ``attachment`` with the RFC 5987 file
    name), so no uploaded file is ever rendered by the browser as a page; 404 when there is no
    file or it has gone from disk."""
    from django.http import FileResponse, Http404
    from django.utils.translation import gettext as _

    if not stored_file:
        raise Http404
    try:
        stored = stored_file.open("rb")
    except FileNotFoundError:
        raise Http404(missing or _("附件文件已不存在。"))
    return FileResponse(stored, as_attachment=True, filename=filename, content_type="application/octet-stream")
