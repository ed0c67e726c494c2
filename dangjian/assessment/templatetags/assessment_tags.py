"""Small helpers of the assessment templates: points as shown, a division table's and the
ledger's rows written in one pass."""
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from dangjian.assessment.rules import shown
from dangjian.lib.links import url_maker

register = template.Library()


@register.filter
def pts(value):
    """Points at two decimals, as the score card and the tables show them; "—" for none."""
    return "—" if value is None else shown(value)


@register.simple_tag
def division_rows(rows, scheme):
    """A division table's <tr>s in one pass: a province's 1,820 units took over a second through
    the template's per-row tags (a URL, six translated labels); the HTML is the template's."""
    card = url_maker("assessment:card")
    rank, unit, score, grade, veto, missing = (escape(gettext(label)) for label in (
        "名次", "单位", "得分", "等次", "一票否决", "缺项"))
    tie = f' <span class="tie">{escape(gettext("（并列）"))}</span>'
    parts = []
    for row in rows:
        vetoed = f'<span class="veto">{escape(row.veto_label)}</span>' if row.veto_label else "—"
        parts.append(
            f'<tr><td data-label="{rank}">{row.rank or "—"}{tie if row.tied else ""}</td>\n'
            f'<td data-label="{unit}"><a href="{card(row.body.pk)}?scheme={scheme.pk}">{escape(str(row.body))}</a></td>\n'
            f'<td data-label="{score}">{pts(row.score)}</td><td data-label="{grade}">{escape(row.grade_label) or "—"}</td>\n'
            f'<td data-label="{veto}">{vetoed}</td>\n'
            f'<td data-label="{missing}">{row.missing}</td></tr>')
    return mark_safe("".join(parts))


@register.simple_tag
def ledger_rows(entries):
    """The ledger page's <tr>s in one pass (nine translated labels and filters per row through the
    template took most of the page's time); the HTML is the template's."""
    day, body, indicator, department, points, severity, fact, ref, status = (escape(gettext(label)) for label in (
        "发生日期", "考核对象", "指标", "考核部门", "分值", "情形", "事实", "案件/文号", "状态"))
    reversal, reversed_, valid = (escape(gettext(label)) for label in ("冲销", "已冲销", "有效"))
    parts = []
    for e in entries:
        state = reversal if e.reverses_id else reversed_ if e.is_reversed else valid
        parts.append(
            f'<tr><td data-label="{day}">{e.occurred_on:%Y-%m-%d}</td>\n'
            f'<td data-label="{body}">{escape(str(e.body))}</td><td data-label="{indicator}">'
            f'{escape(e.indicator.code)} {escape(e.indicator.name)}</td>\n'
            f'<td data-label="{department}">{escape(e.department.name)}</td><td data-label="{points}">{pts(e.points)}</td>\n'
            f'<td data-label="{severity}">{escape(e.severity_label or "—")}</td><td data-label="{fact}">{escape(e.fact)}</td>\n'
            f'<td data-label="{ref}">{escape(e.case_ref or "—")}</td>\n'
            f'<td data-label="{status}">{state}</td></tr>\n')
    return mark_safe("".join(parts))
