from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import Form

from .models import ImportKind


class UploadForm(Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Excel 文件（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
