"""Small helpers shared by the study views."""
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.lib.paging import paginate, query_without_page  # noqa: F401  (re-exported)
from dangjian.lib.forms import add_service_errors, posted  # noqa: F401  (re-exported)

from ..forms import UnitChoiceForm


def service_form_view(request, *, form, obj, fields, create, update, template, context, success_url):
    """A create-or-edit page whose form checks shapes and whose service writes (and audits)."""
    if request.method == "POST":
        if form.is_valid():
            data = {f: form.cleaned_data[f] for f in fields}
            try:
                obj = create(**data) if obj is None else update(obj, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(success_url(obj))
        return render(request, template, context | {"form": form}, status=400)
    return render(request, template, context | {"form": form})


def this_year():
    return date.today().year


def chosen_unit(request, units, unit=None):
    """Step one of the unit-first picker: (the picker form, the chosen unit or None).

    The unit comes from ``?unit=`` (a forged one is the picker's error), else ``unit`` (a posted
    form's), else the only unit in ``units``. Always two queries at most, whatever the scope."""
    if request.GET.get("unit"):
        form = UnitChoiceForm(request.GET, units=units)
        return form, (form.cleaned_data["unit"] if form.is_valid() else None)
    if unit is None:
        only = list(units[:2])
        unit = only[0] if len(only) == 1 else None
    return UnitChoiceForm(initial={"unit": unit.pk if unit else None}, units=units), unit


def picker_status(context):
    """400 when the page was asked for a unit outside the user's scope."""
    form = context.get("unit_form")
    return 400 if form is not None and form.errors else 200
