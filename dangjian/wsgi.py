import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
application = get_wsgi_application()

# gunicorn and runserver import this module: neither serves under a DATA_KEY that does not
# match the data (settings.py has already refused missing or public keys).
from dangjian.orgs.datakey import data_key_verify_at_start  # noqa: E402

data_key_verify_at_start()
