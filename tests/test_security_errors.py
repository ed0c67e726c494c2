"""The Chinese 500 page: the operation did not complete and nothing was written."""
import pytest
from django.test import Client
from django.urls import include, path

from .factories import make_user


def _boom(request):
    raise RuntimeError("a fault no one foresaw")


urlpatterns = [
    path("boom/", _boom),
    path("", include("dangjian.urls")),
]


@pytest.mark.urls(__name__)
def test_an_unforeseen_fault_answers_the_chinese_500_page(db):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("someone"))
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "操作未完成" in html and "没有写入任何数据" in html
    assert "Server Error" not in html and "RuntimeError" not in html and "a fault" not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.urls(__name__)
def test_the_500_page_needs_no_signed_in_user(client, db):
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500 and "操作未完成" in response.content.decode()
