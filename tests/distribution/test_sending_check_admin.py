"""The PR officer's "Check sending configuration": a button on the sends list, a page that runs
the check on POST, and the same check shown on the send confirmation page, so a bad
configuration is seen the day before, not at the embargo. The configuration is the
installation's: viewers and agency officers may not run it."""

from collections.abc import Iterator

import pytest
from django.conf import LazySettings
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from distribution.esp_check import sending_check_forget
from distribution.models import Send
from tests.distribution.check_standins import Api, serving_api
from tests.distribution.officers import (
    agency_officer,
    alice,
    approved_release,
    client_for,
    newsroom_lists,
    not_staff,
    text_of,
    vera,
)
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

CHECK_URL = "admin:distribution_sending_check"
REFUSED = (401, {"ErrorCode": 10, "Message": "Bad or missing Server API token."})


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    sending_check_forget()
    yield
    sending_check_forget()


@pytest.fixture
def postmark(settings: LazySettings) -> Iterator[Api]:
    with serving_api() as api:
        settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
        settings.ANYMAIL = {
            "POSTMARK_SERVER_TOKEN": "server-token",
            "POSTMARK_API_URL": f"{api.url}/",
        }
        api.answers["/server"] = (200, {"ID": 1, "Name": "Newsroom"})
        yield api


def test_the_sends_list_offers_the_check_to_an_officer_who_may_send() -> None:
    url = reverse(CHECK_URL)
    changelist = reverse("admin:distribution_send_changelist")
    assert url in client_for(alice()).get(changelist).content.decode()
    assert url not in client_for(vera()).get(changelist).content.decode()


def test_pressing_check_says_the_credentials_were_refused(officer: Client, postmark: Api) -> None:
    postmark.answers["/server"] = REFUSED
    page = officer.get(reverse(CHECK_URL))
    assert page.status_code == 200
    assert "Postmark" in text_of(page.content.decode())
    assert postmark.asked == []  # looking at the page calls no one

    response = officer.post(reverse(CHECK_URL))
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert (
        "Postmark refused the credentials (HTTP 401): Bad or missing Server API token. "
        "Check ANYMAIL_POSTMARK_SERVER_TOKEN."
    ) in text
    assert "Fix this before the moment" in text
    assert len(postmark.asked) == 1


def test_pressing_check_says_all_is_well(officer: Client, postmark: Api) -> None:
    text = text_of(officer.post(reverse(CHECK_URL)).content.decode())
    assert "Postmark accepted the credentials." in text
    assert "Fix this before the moment" not in text


def test_the_check_reads_in_chinese(officer: Client, postmark: Api) -> None:
    postmark.answers["/server"] = REFUSED
    response = officer.post(reverse(CHECK_URL), headers={"accept-language": "zh-hant"})
    text = text_of(response.content.decode())
    assert "Postmark 拒絕了憑證（HTTP 401）" in text
    assert "檢查傳送設定" in text


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_an_in_house_officer_who_may_send_may_run_the_check(
    method: str, postmark: Api
) -> None:
    url = reverse(CHECK_URL)
    agency_user = agency_officer(AgencyFactory.create())
    # Even given the permission to send, an agency's officer may not read the installation's
    # sending configuration.
    agency_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="distribution", codename="add_send")
    )
    for user in (vera(), agency_user):
        assert getattr(client_for(user), method)(url).status_code == 403, user
    assert getattr(client_for(not_staff()), method)(url).status_code == 302  # not staff: log in
    assert postmark.asked == []


def test_posting_the_check_needs_the_csrf_token(postmark: Api) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice())
    assert client.post(reverse(CHECK_URL)).status_code == 403
    assert postmark.asked == []


def test_the_confirmation_page_shows_a_refused_configuration(
    officer: Client, postmark: Api
) -> None:
    postmark.answers["/server"] = REFUSED
    release = approved_release()
    desk, editors = newsroom_lists()
    url = reverse("admin:distribution_send_schedule", args=[release.pk])
    response = officer.post(url, {"lists": [desk.pk, editors.pk], "kind": Send.Kind.IMMEDIATE})
    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert 'name="confirm"' in response.content.decode()  # may still schedule it, knowing
    assert "Sending through Postmark" in text
    assert "Postmark refused the credentials (HTTP 401)" in text
    assert "Fix this before the moment: as it is, the send would stop at its first message." in text
    assert reverse(CHECK_URL) in response.content.decode()


def test_the_confirmation_page_shows_a_good_configuration_quietly(
    officer: Client, postmark: Api
) -> None:
    release = approved_release()
    desk, editors = newsroom_lists()
    url = reverse("admin:distribution_send_schedule", args=[release.pk])
    officer.post(url, {"lists": [desk.pk], "kind": Send.Kind.IMMEDIATE})
    response = officer.post(url, {"lists": [desk.pk, editors.pk], "kind": Send.Kind.IMMEDIATE})
    text = text_of(response.content.decode())
    assert "Postmark accepted the credentials." in text
    assert "Fix this before the moment" not in text
    assert len(postmark.asked) == 1  # kept a minute: the second confirmation page asked no one
