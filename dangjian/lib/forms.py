"""What every form of ours shares: clean text, bounded numbers and dates, service errors.

Every form derives from ``Form`` or ``ModelForm`` here (the admin's through ``with_clean_text``),
so no form stores a bidirectional override or a control character (``lib/text.py``), an
integer the database cannot hold, or a date in year 1. Each form still sets the sane bounds of
its own fields (``count_field``, ``BoundedDateField``); the mixin is the net under them.
"""
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import any_date_error
from .text import clean_text

MAX_COUNT = 100_000            # people at one event, places on a course or at a base
DB_INT_MAX = 2**31 - 1         # PostgreSQL's integer, the column type of every count
KEY_LIMIT = 2**63              # no primary key reaches it; SQLite cannot even bind a larger number


def add_service_errors(form, exc):
    """Put a service's ValidationError on the form: per field where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def posted(request):
    """The POST to bind a form to, or None on a GET: an empty POST is still a POST (and gets
    the form's errors and a 400), where ``request.POST or None`` would show a blank form."""
    return request.POST if request.method == "POST" else None


def _clean_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    return value


def clean_form_data(data, *, skip=()):
    """A copy of a form's data (QueryDict, MultiValueDict or dict) with every text value
    cleaned, except those under the keys in ``skip`` (passwords are kept as typed)."""
    if hasattr(data, "lists"):
        cleaned = data.copy()
        for key, values in list(cleaned.lists()):
            if key not in skip:
                cleaned.setlist(key, [_clean_value(v) for v in values])
        return cleaned
    return {key: value if key in skip else _clean_value(value) for key, value in data.items()}


def _date_net(value):
    message = any_date_error(value) if value is not None else None
    if message:
        raise ValidationError(message, code="date_bounds")


class CleanTextMixin:
    """Cleans the bound data before the fields read it, and puts a net under numbers and dates."""

    def full_clean(self):
        if self.is_bound and not getattr(self, "_cleaned_text", False):
            secrets = {self.add_prefix(name) for name, field in self.fields.items()
                       if isinstance(field.widget, forms.PasswordInput)}
            self.data = clean_form_data(self.data, skip=secrets)
            for field in self.fields.values():
                _add_net(field)
            self._cleaned_text = True
        super().full_clean()
        if self.is_bound:   # the errors are kept; a re-rendered widget must not look the number up
            keys = {self.add_prefix(n) for n, f in self.fields.items() if _integer_keyed(f)}
            self.data = _without_unusable_keys(self.data, keys)


def _oversized_key(value):
    try:
        return abs(int(str(value).strip())) >= KEY_LIMIT
    except ValueError:
        return False          # not a number at all: Django refuses it as an invalid choice


def _integer_keyed(field):
    if not isinstance(field, forms.ModelChoiceField):
        return False
    pk = field.queryset.model._meta.pk
    return field.to_field_name in (None, pk.name, pk.attname) and isinstance(pk, models.IntegerField)


def _usable_key(value):
    try:
        return abs(int(str(value).strip())) < KEY_LIMIT
    except ValueError:
        return False


def _without_unusable_keys(data, keys):
    """``data`` without the values of ``keys`` that are no key at all (the admin's autocomplete
    widget looks its selected values up when it renders, and fails on them)."""
    if all(_usable_key(v) or v == "" for k in keys if k in data for v in _values(data, k)):
        return data
    data = data.copy()
    for k in keys & set(data):
        kept = [v for v in _values(data, k) if _usable_key(v) or v == ""]
        if hasattr(data, "setlist"):
            data.setlist(k, kept)
        else:
            data[k] = kept
    return data


def _values(data, key):
    if hasattr(data, "getlist"):
        return data.getlist(key)
    value = data[key]
    return value if isinstance(value, (list, tuple)) else [value]


def _guard_keys(field):
    """A choice of rows refuses a number no key can have before it reaches the database
    (Django passes it on, and SQLite raises OverflowError: a 500)."""
    clean = field.clean

    def guarded(value):
        values = value if isinstance(value, (list, tuple)) else [value]
        bad = next((v for v in values if _oversized_key(v)), None)
        if bad is not None:
            raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": str(bad)[:20]})
        return clean(value)

    field.clean = guarded


def _add_net(field):
    if _integer_keyed(field):
        _guard_keys(field)
    elif isinstance(field, forms.IntegerField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(DB_INT_MAX))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-DB_INT_MAX - 1))
    elif isinstance(field, forms.DateField) and not isinstance(field, BoundedDateField):
        field.validators.append(_date_net)


class Form(CleanTextMixin, forms.Form):
    pass


class ModelForm(CleanTextMixin, forms.ModelForm):
    pass


def with_clean_text(form_class):
    """``form_class`` with the mixin (for forms built by others, such as the admin's)."""
    if issubclass(form_class, CleanTextMixin):
        return form_class
    return type(form_class.__name__, (CleanTextMixin, form_class), {"__module__": form_class.__module__})


def count_field(label, *, min_value=0, max_value=MAX_COUNT, required=False, **kwargs):
    """A number of people or places: a whole number within sane bounds."""
    return forms.IntegerField(label=label, min_value=min_value, max_value=max_value, required=required,
                              **kwargs)


class BoundedDateField(forms.DateField):
    """A date checked by a rule of ``lib/dates.py`` (``rule(value, today=...)`` → message or None)."""

    def __init__(self, *, rule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None:
            message = self.rule(value, today=date.today())
            if message:
                raise ValidationError(message, code="date_bounds")
