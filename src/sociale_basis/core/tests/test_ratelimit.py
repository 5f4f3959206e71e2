"""Posting limits per account and per address: the Dutch 429 page with Retry-After, nothing saved."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from sociale_basis.accounts.models import User
from sociale_basis.core.ratelimit import RateLimited, RateLimitMiddleware, rate_limit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _request(user=None, ip="192.0.2.1"):
    request = RequestFactory().post("/iets/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


def test_an_account_is_refused_after_its_limit_and_another_account_is_not():
    one = User.objects.create_user(email="een@example.nl", password="x" * 14)
    two = User.objects.create_user(email="twee@example.nl", password="x" * 14)
    for _ in range(3):
        rate_limit(_request(one), "test.post", per_hour=3)
    with pytest.raises(RateLimited) as caught:
        rate_limit(_request(one), "test.post", per_hour=3)
    assert 0 < caught.value.retry_after <= 3601
    rate_limit(_request(two), "test.post", per_hour=3)  # the same address, another account


def test_an_address_is_refused_after_its_limit_without_an_account():
    for _ in range(2):
        rate_limit(_request(), "test.anon", per_hour=2)
    with pytest.raises(RateLimited):
        rate_limit(_request(), "test.anon", per_hour=2)
    rate_limit(_request(ip="192.0.2.99"), "test.anon", per_hour=2)


def test_the_limit_can_be_configured_per_action(settings):
    settings.POST_LIMITS = {"test.configured": 1}
    rate_limit(_request(), "test.configured", per_hour=50)
    with pytest.raises(RateLimited):
        rate_limit(_request(), "test.configured", per_hour=50)


def test_the_refusal_is_a_dutch_429_page_with_retry_after():
    request = _request()
    response = RateLimitMiddleware(lambda r: HttpResponse()).process_exception(
        request, RateLimited("test", 600)
    )
    assert response.status_code == 429 and response["Retry-After"] == "600"
    assert "probeer het over 10 minuten opnieuw" in response.content.decode()
