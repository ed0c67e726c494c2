"""Metrics the platform cannot judge yet: shown as 缺项, counted as full marks (an item that
no department can verify counts full marks)."""
from django.utils.translation import gettext as _

from .registry import Measure, metric


@metric("three_ones", label=_("书记“三个一清单”推进"), inputs=("secretaries.three_ones_lists (not kept yet)",))
def three_ones(*, year, on, unit_ids, params):
    """G3: the secretaries' "三个一" lists do not exist on the platform yet."""
    missing = Measure(None, (_("书记“三个一清单”尚未建立，本项暂按满分计"),))
    return {unit_id: missing for unit_id in unit_ids}
