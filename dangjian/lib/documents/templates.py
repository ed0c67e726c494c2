"""Documents from docxtpl templates the committee can edit in Word.

A template is looked for first in ``settings.DOCUMENT_TEMPLATES_DIR`` (env
``DOCUMENT_TEMPLATES_DIR``), where the committee drops its edited copy, then among the defaults
shipped in ``templates/`` (made by ``python -m dangjian.lib.documents.skeletons``).

Templates are rendered in Jinja's sandbox with undefined names refused, so a misspelt field
gives a clear message instead of a silently empty number. Every failure is a ``TemplateError``
whose text is a Chinese sentence fit to show the user.
"""
import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from zipfile import BadZipFile

import jinja2
from django.conf import settings
from django.utils.translation import gettext as _
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2.sandbox import SandboxedEnvironment

DEFAULTS = Path(__file__).resolve().parent / "templates"
NAME = re.compile(r"^[a-z0-9_]+\.docx$")


class TemplateError(Exception):
    """``str(error)`` is a Chinese message for the user; the cause is chained for the log."""


@dataclass(frozen=True)
class TemplateImage:
    """A picture for the context: PNG or JPEG bytes, ``width_mm`` wide in the document."""
    data: bytes
    width_mm: float = 150


def override_dir() -> Path | None:
    value = getattr(settings, "DOCUMENT_TEMPLATES_DIR", "") or ""
    return Path(value) if str(value).strip() else None


def template_path(name: str) -> Path:
    if not NAME.match(name):
        raise TemplateError(_("文档模板名称“%(name)s”无效。") % {"name": name})
    directory = override_dir()
    if directory is not None and (directory / name).is_file():
        return directory / name
    if (DEFAULTS / name).is_file():
        return DEFAULTS / name
    raise TemplateError(_("找不到文档模板“%(name)s”。") % {"name": name})


def _images(value, template):
    """TemplateImage values anywhere in the context become docxtpl InlineImages."""
    if isinstance(value, TemplateImage):
        return InlineImage(template, BytesIO(value.data), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {key: _images(item, template) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_images(item, template) for item in value]
    return value


def _environment():
    return SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)


def render(name: str, context: dict) -> bytes:
    """The template ``name`` filled with ``context``, as .docx bytes."""
    path = template_path(name)
    label = {"name": name, "where": _("默认的") if path.parent == DEFAULTS else _("委员会上传的")}
    try:
        template = DocxTemplate(str(path))
        template.render(_images(context, template), jinja_env=_environment(), autoescape=True)
        buffer = BytesIO()
        template.save(buffer)
    except (BadZipFile, PackageNotFoundError, KeyError) as error:
        raise TemplateError(_("%(where)s文档模板“%(name)s”不是有效的 Word（.docx）文件。") % label) from error
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(_("%(where)s文档模板“%(name)s”的占位符写法有误，请检查 {{ }} 与 {%% %%} "
                              "是否成对（技术信息：%(detail)s）。")
                            % {**label, "detail": error.message}) from error
    except jinja2.UndefinedError as error:
        # "'issuer' is undefined" or "'dict object' has no attribute 'issuer'": the last name.
        names = re.findall(r"'([^']+)'", error.message or "")
        raise TemplateError(_("%(where)s文档模板“%(name)s”引用了不存在的字段“%(field)s”。")
                            % {**label, "field": names[-1] if names else "?"}) from error
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(_("%(where)s文档模板“%(name)s”含有不允许的表达式。") % label) from error
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as error:
        raise TemplateError(_("%(where)s文档模板“%(name)s”无法生成文档（%(detail)s）。")
                            % {**label, "detail": type(error).__name__}) from error
    return buffer.getvalue()
