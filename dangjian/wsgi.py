import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
application = get_wsgi_application()

# gunicorn and runserver import this module: neither serves under a DATA_KEY that does not
# match the data (settings.py has already refused missing or public keys).
from dangjian.orgs.datakey import data_key_verify_at_start  # noqa: E402

data_key_verify_at_start()

# The objects of a started process (modules, the URLconf and its views, the templates' tags)
# live as long as it does: frozen out of the garbage collector's view, its full collections, run
# while a page unpickles a cached picture or ranking (tens of thousands of objects), no longer walk
# them. At province scale this halved the division tables' median (251 -> 104 ms in process,
# bench/RESULTS.md). gunicorn imports this module in each worker.
import gc  # noqa: E402

from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns       # import every view now, not on the first request
gc.collect()
gc.freeze()
