from django import template

register = template.Library()


@register.filter
def share(cell):
    """[met, total] -> '12/15 (80%)'; missing data stays visibly missing, never zero."""
    if not cell or not cell[1]:
        return "—"
    met, total = cell
    return f"{met}/{total}（{round(100 * met / total)}%）"


@register.filter
def percent(value):
    return "—" if value is None else f"{round(100 * value)}%"
