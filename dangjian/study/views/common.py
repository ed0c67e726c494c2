"""Small helpers shared by the study views."""
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.lib.paging import paginate, query_without_page  # noqa: F401  (re-exported)
from dangjian.lib.forms import add_service_errors, posted  # noqa: F401  (re-exported)


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
