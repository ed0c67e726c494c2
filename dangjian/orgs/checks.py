"""System checks of the registry's data (tag ``database``: ``manage.py check --database default``)."""
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.database)
def data_key_matches_the_data(app_configs=None, databases=None, **kwargs):
    from .datakey import data_key_mismatch

    errors = []
    for alias in databases or ():
        try:
            problem = data_key_mismatch(using=alias)
        except DatabaseError as exc:
            errors.append(Error(f"DATA_KEY 无法核对：数据库无法访问 / DATA_KEY not checked: {exc}",
                                id="orgs.E002"))
            continue
        if problem:
            errors.append(Error(problem, id="orgs.E001"))
    return errors
