"""Forms of the brand pages: shapes only; the services decide."""
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.dates import past_date_error
from dangjian.lib.forms import BoundedDateField, Form

from .models import HonourLevel
from .services import FIRST_YEAR

TEXTAREA = {"rows": 4}


class BrandForm(Form):
    name = forms.CharField(label=_("品牌名称"), max_length=100)
    meaning = forms.CharField(label=_("品牌内涵"), max_length=2000, widget=forms.Textarea(attrs=TEXTAREA),
                              help_text=_("品牌的核心理念和内容，如“党旗红、志愿橙、智慧金、活力绿、廉洁蓝”。"))
    elements = forms.CharField(label=_("品牌元素与标识说明"), max_length=2000, required=False,
                               widget=forms.Textarea(attrs=TEXTAREA))
    history = forms.CharField(label=_("品牌沿革"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs=TEXTAREA))
    logo = forms.FileField(label=_("品牌标识（JPG、PNG，可不上传）"), required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["remove_logo"] = forms.BooleanField(label=_("删除现有标识"), required=False)


class HonourForm(Form):
    title = forms.CharField(label=_("荣誉名称"), max_length=100, help_text=_("如：首届全国机关党建优秀品牌"))
    awarded_by = forms.CharField(label=_("授予单位"), max_length=100)
    level = forms.ChoiceField(label=_("级别"), choices=HonourLevel.choices)
    awarded_on = BoundedDateField(label=_("授予日期"), rule=past_date_error,
                                  widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))


class BrandCaseForm(Form):
    title = forms.CharField(label=_("案例标题"), max_length=150)
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=2100, initial=lambda: date.today().year)
    text = forms.CharField(label=_("案例内容"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    file = forms.FileField(label=_("附件（可不上传）"), required=False)
