from django import template

register = template.Library()


@register.filter
def change_text(value):
    """One audit change as text: ``[old, new]`` pairs as "old → new", anything else as is."""
    if isinstance(value, (list, tuple)) and len(value) == 2:
        old, new = ("∅" if v is None else v for v in value)
        return f"{old} → {new}"
    return value
