"""The site's URLs plus a stand-in for the appeals page, to check that the score card links to
it once it exists (the appeals pages live in their own branch)."""
from django.http import HttpResponse
from django.urls import include, path

from dangjian.urls import urlpatterns as site

appeals = ([path("open/<int:pk>/", lambda request, pk: HttpResponse(), name="open")], "appeals")
urlpatterns = [*site, path("appeals/", include(appeals))]
