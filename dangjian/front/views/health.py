from django.db import connection
from django.http import JsonResponse


def healthz(request):
    """200 after a database round-trip; 503 if the database does not answer.
    The answer names no software (database engine, versions): it is public."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
