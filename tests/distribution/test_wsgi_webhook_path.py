"""The application gunicorn serves: ESP webhooks take a short path (no session, user, language
or messages middleware), every other request the whole stack."""

from typing import Any

import pytest

from distribution.models import DeliveryEvent
from tests.distribution import esp_payloads as esp
from tests.distribution.tracking_helpers import LATER, a_sent_delivery, deliver, post
from tests.wsgi_client import wsgi_request

pytestmark = [pytest.mark.django_db]


@pytest.mark.usefixtures("tracking")
def test_a_webhook_is_answered_with_a_length_no_cookie_and_the_security_headers() -> None:
    delivery = a_sent_delivery()

    answer = post(esp.postmark(delivery, "Delivery", LATER))

    assert answer.status_code == 200
    assert answer["Content-Length"] == str(len(answer.content))  # no chunked encoding
    assert answer["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware still runs
    assert answer.cookies == []
    assert "vary" not in answer.headers  # nothing about it depends on a session or language


@pytest.mark.usefixtures("tracking")
def test_a_webhook_through_the_short_path_is_stored_and_applied() -> None:
    delivery = a_sent_delivery()

    assert deliver(esp.brevo(delivery, "delivered", LATER)) == [200]

    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert DeliveryEvent.objects.filter(delivery=delivery).count() == 1


@pytest.mark.usefixtures("tracking")
def test_an_unknown_url_under_the_webhook_prefix_is_a_plain_404() -> None:
    answer = wsgi_request("POST", "/anymail/nosuchesp/tracking/", b"{}", content_type="text/json")

    assert answer.status_code == 404
    assert answer.content == b"No webhook here."


def test_other_pages_go_through_the_whole_stack(settings: Any) -> None:
    answer = wsgi_request("GET", "/admin/login/")

    assert answer.status_code == 200
    assert answer["X-Frame-Options"] == "DENY"  # clickjacking middleware
    assert any(cookie.startswith("csrftoken=") for cookie in answer.cookies)
    assert "Cookie" in answer["Vary"]
