"""The assessment's background task: refresh a scheme's stored results past their TTL
(results_cache), so that no page view waits for the recompute."""
from datetime import date

from django_tasks import task


@task()
def refresh_results(scheme_id: int, on: str):
    from . import results_cache
    from .models import Scheme

    scheme = Scheme.objects.filter(pk=scheme_id).first()
    if scheme is not None:
        results_cache.refresh(scheme, date.fromisoformat(on))
