"""Check the sending configuration before the moment: one harmless call to the configured ESP
(or an SMTP login) says what is wrong (settings missing, credentials refused, the From domain
not verified, the host unreachable) or that all is well; nothing is sent."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import LazySettings

from distribution.esp_check import Level, SendingCheck, sending_check, sending_check_forget
from tests.distribution.check_standins import Api, SmtpServer, serving_api, serving_smtp
from tests.distribution.conftest import free_port

DOMAIN = "pressroom.example.com"  # DEFAULT_FROM_EMAIL's domain
SENDER = f"newsroom@{DOMAIN}"


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    sending_check_forget()
    yield
    sending_check_forget()


@pytest.fixture
def api() -> Iterator[Api]:
    with serving_api() as stand_in:
        yield stand_in


def said(check: SendingCheck) -> str:
    return " | ".join(str(finding) for finding in check.findings)


def errors(check: SendingCheck) -> list[str]:
    return [str(finding) for finding in check.findings if finding.level == Level.ERROR]


# --- Postmark ---------------------------------------------------------------------------------


def postmark(settings: LazySettings, url: str, **more: str) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {
        "POSTMARK_SERVER_TOKEN": "server-token",
        "POSTMARK_API_URL": f"{url}/",
        **more,
    }


POSTMARK_SERVER = (200, {"ID": 1, "Name": "Newsroom", "ApiTokens": ["server-token"]})


def test_postmark_accepting_the_token_is_a_good_configuration(
    settings: LazySettings, api: Api
) -> None:
    postmark(settings, api.url)
    api.answers["/server"] = POSTMARK_SERVER
    check = sending_check()
    assert check.ok
    assert check.service == "Postmark"
    assert "Postmark accepted the credentials." in said(check)
    assert "ANYMAIL_POSTMARK_ACCOUNT_TOKEN" in said(check)  # how to check the domain too
    assert api.asked[0][1]["x-postmark-server-token"] == "server-token"


def test_postmark_refusing_the_server_token_is_reported(settings: LazySettings, api: Api) -> None:
    postmark(settings, api.url)
    api.answers["/server"] = (401, {"ErrorCode": 10, "Message": "Bad or missing Server API token."})
    check = sending_check()
    assert not check.ok
    assert errors(check) == [
        "Postmark refused the credentials (HTTP 401): Bad or missing Server API token. "
        "Check ANYMAIL_POSTMARK_SERVER_TOKEN."
    ]


def test_postmark_with_the_from_domain_unverified_is_reported(
    settings: LazySettings, api: Api
) -> None:
    postmark(settings, api.url, POSTMARK_ACCOUNT_TOKEN="account-token")
    api.answers["/server"] = POSTMARK_SERVER
    api.answers["/domains?count=500&offset=0"] = (
        200,
        {"TotalCount": 1, "Domains": [{"Name": DOMAIN, "DKIMVerified": False, "ID": 3}]},
    )
    api.answers["/senders?count=500&offset=0"] = (200, {"TotalCount": 0, "SenderSignatures": []})
    check = sending_check()
    assert not check.ok
    assert errors(check) == [
        f"Postmark has not verified the From domain {DOMAIN} (DKIM): every message would be "
        "refused. Finish the domain's DNS records in Postmark's dashboard."
    ]


def test_postmark_with_the_from_domain_verified_is_good(settings: LazySettings, api: Api) -> None:
    postmark(settings, api.url, POSTMARK_ACCOUNT_TOKEN="account-token")
    api.answers["/server"] = POSTMARK_SERVER
    api.answers["/domains?count=500&offset=0"] = (
        200,
        {"TotalCount": 1, "Domains": [{"Name": DOMAIN, "DKIMVerified": True, "ID": 3}]},
    )
    check = sending_check()
    assert check.level == Level.OK
    assert f"Postmark has verified the From domain {DOMAIN}." in said(check)


def test_postmark_unreachable_is_reported(settings: LazySettings) -> None:
    postmark(settings, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    check = sending_check()
    [error] = errors(check)
    assert error.startswith("Could not reach Postmark (ConnectionRefusedError")
    assert "check the host, the network and the firewall" in error


def test_an_answer_too_long_to_be_the_api_is_not_read_to_the_end(
    settings: LazySettings, api: Api
) -> None:
    postmark(settings, api.url)
    api.answers["/server"] = (200, {"Name": "x" * (400 * 1024)})  # not Postmark: a big page
    assert errors(sending_check()) == [
        "Postmark answered with more than 256 KB, or too slowly: is the address of its API right?"
    ]


def test_an_answer_of_an_unexpected_shape_is_reported_not_raised(
    settings: LazySettings, api: Api
) -> None:
    postmark(settings, api.url, POSTMARK_ACCOUNT_TOKEN="account-token")
    api.answers["/server"] = POSTMARK_SERVER
    api.answers["/domains?count=500&offset=0"] = (200, ["not", "an", "object"])
    [error] = errors(sending_check())
    assert error.startswith("Postmark gave an answer the check could not read (AttributeError")


def test_postmark_without_its_token_says_the_setting_is_missing(settings: LazySettings) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {}
    [error] = errors(sending_check())
    assert error.startswith("The sending settings are missing or wrong:")
    assert "POSTMARK_SERVER_TOKEN" in error


# --- Amazon SES -------------------------------------------------------------------------------


@pytest.fixture
def ses(settings: LazySettings, api: Api, monkeypatch: pytest.MonkeyPatch) -> Api:
    settings.EMAIL_BACKEND = "anymail.backends.amazon_ses.EmailBackend"
    settings.ANYMAIL = {
        "AMAZON_SES_CLIENT_PARAMS": {"endpoint_url": api.url, "region_name": "ap-east-1"}
    }
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    api.answers["/v2/email/account"] = (
        200,
        {"ProductionAccessEnabled": True, "SendingEnabled": True, "EnforcementStatus": "HEALTHY"},
    )
    return api


def identity(verified: bool) -> tuple[int, dict[str, Any]]:
    status = "SUCCESS" if verified else "PENDING"
    return 200, {
        "IdentityType": "DOMAIN",
        "VerifiedForSendingStatus": verified,
        "VerificationStatus": status,
    }


NOT_FOUND = (404, {"__type": "NotFoundException", "message": "Email identity does not exist."})


def test_ses_with_the_domain_verified_is_a_good_configuration(ses: Api) -> None:
    ses.answers[f"/v2/email/identities/{DOMAIN}"] = identity(verified=True)
    check = sending_check()
    assert check.level == Level.OK, said(check)
    assert check.service == "Amazon SES"
    assert said(check) == (
        f"Amazon SES accepted the credentials. | Amazon SES has verified the From domain {DOMAIN}."
    )
    assert "AKIAIOSFODNN7EXAMPLE" in ses.asked[0][1]["authorization"]  # a signed request


def test_ses_refusing_the_credentials_is_reported(ses: Api) -> None:
    ses.answers["/v2/email/account"] = (
        403,
        {
            "__type": "UnrecognizedClientException",
            "message": "The security token included in the request is invalid.",
        },
    )
    assert errors(sending_check()) == [
        "Amazon SES refused the credentials (HTTP 403): UnrecognizedClientException: The security "
        "token included in the request is invalid. Check AWS_ACCESS_KEY_ID / "
        "AWS_SECRET_ACCESS_KEY."
    ]


def test_ses_with_the_domain_not_yet_verified_is_reported(ses: Api) -> None:
    ses.answers[f"/v2/email/identities/{DOMAIN}"] = identity(verified=False)
    assert errors(sending_check()) == [
        f"Amazon SES has not verified the From domain {DOMAIN} (PENDING): every message would be "
        "refused. Finish the domain's DNS records in Amazon SES's dashboard."
    ]


def test_ses_without_the_domain_or_address_is_reported(ses: Api) -> None:
    ses.answers[f"/v2/email/identities/{DOMAIN}"] = NOT_FOUND
    ses.answers[f"/v2/email/identities/{SENDER}"] = NOT_FOUND
    [error] = errors(sending_check())
    assert error.startswith(f"Amazon SES has no sending domain {DOMAIN} in this account")


def test_ses_with_only_the_from_address_verified_is_good(ses: Api) -> None:
    ses.answers[f"/v2/email/identities/{DOMAIN}"] = NOT_FOUND
    ses.answers[f"/v2/email/identities/{SENDER}"] = identity(verified=True)
    check = sending_check()
    assert check.ok, said(check)
    assert f"Amazon SES has verified the From domain {SENDER}." in said(check)


def test_ses_in_the_sandbox_is_reported(ses: Api) -> None:
    ses.answers["/v2/email/account"] = (
        200,
        {"ProductionAccessEnabled": False, "SendingEnabled": True},
    )
    ses.answers[f"/v2/email/identities/{DOMAIN}"] = identity(verified=True)
    [error] = errors(sending_check())
    assert error.startswith("This Amazon SES account is in the sandbox")


def test_ses_unreachable_is_reported(ses: Api, settings: LazySettings) -> None:
    settings.ANYMAIL = {
        "AMAZON_SES_CLIENT_PARAMS": {
            "endpoint_url": f"http://127.0.0.1:{free_port()}",
            "region_name": "ap-east-1",
        }
    }
    [error] = errors(sending_check())
    assert error.startswith("Could not reach Amazon SES (ConnectionRefusedError")


def test_ses_without_credentials_says_they_are_missing(
    ses: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    [error] = errors(sending_check())
    assert error.startswith("Amazon SES settings are missing (Unable to locate credentials)")


# --- SMTP -------------------------------------------------------------------------------------


@pytest.fixture
def smtp(settings: LazySettings) -> Iterator[SmtpServer]:
    with serving_smtp() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = server.host
        settings.EMAIL_PORT = server.port
        settings.EMAIL_HOST_USER = server.username
        settings.EMAIL_HOST_PASSWORD = server.password
        settings.EMAIL_USE_TLS = False
        yield server


def test_smtp_accepting_the_login_and_the_sender_is_good(smtp: SmtpServer) -> None:
    check = sending_check()
    assert check.level == Level.OK, said(check)
    assert check.service == f"SMTP 127.0.0.1:{smtp.port}"
    assert said(check) == (
        "The mail server accepted the username and password. | "
        f"The mail server accepts mail from {SENDER}."
    )
    assert smtp.mail_from == [SENDER]
    assert smtp.received == []  # nothing sent


def test_smtp_refusing_the_password_is_reported(smtp: SmtpServer, settings: LazySettings) -> None:
    settings.EMAIL_HOST_PASSWORD = "wrong-password"
    assert errors(sending_check()) == [
        "The mail server refused the username and password (535 5.7.8 Authentication "
        "credentials invalid). Check EMAIL_HOST_USER and EMAIL_HOST_PASSWORD."
    ]


def test_smtp_refusing_the_sender_is_reported(smtp: SmtpServer) -> None:
    smtp.refused_senders = {SENDER}
    assert errors(sending_check()) == [
        f"The mail server refused the sender {SENDER} "
        "(550 5.7.1 Sender address not allowed for this user)."
    ]


def test_smtp_unreachable_is_reported(settings: LazySettings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    check = sending_check()
    [error] = errors(check)
    assert error.startswith(f"Could not reach SMTP 127.0.0.1:{settings.EMAIL_PORT} (")
    assert "Connection refused" in error


# --- Mailgun, Brevo, Resend -------------------------------------------------------------------


def test_mailgun_says_whether_the_sending_domain_is_active(
    settings: LazySettings, api: Api
) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
    settings.ANYMAIL = {"MAILGUN_API_KEY": "key", "MAILGUN_API_URL": f"{api.url}/v3"}
    path = f"/v3/domains/{DOMAIN}"
    api.answers[path] = (200, {"domain": {"name": DOMAIN, "state": "active"}})
    assert sending_check().level == Level.OK
    api.answers[path] = (200, {"domain": {"name": DOMAIN, "state": "unverified"}})
    assert errors(sending_check())[0].startswith(
        f"Mailgun has not verified the From domain {DOMAIN} (unverified)"
    )
    api.answers[path] = (401, {"message": "Invalid private key"})
    assert errors(sending_check())[0].startswith(
        "Mailgun refused the credentials (HTTP 401): Invalid private key."
    )


def test_brevo_says_whether_the_domain_is_authenticated(settings: LazySettings, api: Api) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    settings.ANYMAIL = {"BREVO_API_KEY": "key", "BREVO_API_URL": f"{api.url}/v3/"}
    api.answers["/v3/account"] = (200, {"email": "team@pressroom.example.com"})
    api.answers["/v3/senders"] = (200, {"senders": []})
    domain = {"domain_name": DOMAIN, "authenticated": True, "verified": True}
    api.answers["/v3/senders/domains"] = (200, {"domains": [domain]})
    assert sending_check().level == Level.OK
    api.answers["/v3/senders/domains"] = (200, {"domains": [{**domain, "authenticated": False}]})
    assert errors(sending_check())[0].startswith(f"Brevo has not verified the From domain {DOMAIN}")
    api.answers["/v3/account"] = (401, {"code": "unauthorized", "message": "Key not found"})
    assert errors(sending_check())[0].startswith("Brevo refused the credentials (HTTP 401)")


def test_resend_says_whether_the_domain_is_verified(settings: LazySettings, api: Api) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.resend.EmailBackend"
    settings.ANYMAIL = {"RESEND_API_KEY": "key", "RESEND_API_URL": f"{api.url}/"}
    api.answers["/domains"] = (200, {"data": [{"name": DOMAIN, "status": "verified"}]})
    assert sending_check().level == Level.OK
    api.answers["/domains"] = (200, {"data": [{"name": DOMAIN, "status": "failed"}]})
    assert errors(sending_check())[0].startswith(
        f"Resend has not verified the From domain {DOMAIN} (failed)"
    )
    api.answers["/domains"] = (
        401,
        {"statusCode": 401, "message": "API key is invalid", "name": "validation_error"},
    )
    assert errors(sending_check())[0].startswith("Resend refused the credentials (HTTP 401)")


# --- MailerSend, Postal ----------------------------------------------------------------------


def test_mailersend_says_whether_the_domain_is_verified(settings: LazySettings, api: Api) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.mailersend.EmailBackend"
    settings.ANYMAIL = {"MAILERSEND_API_TOKEN": "token", "MAILERSEND_API_URL": f"{api.url}/v1/"}
    api.answers["/v1/domains"] = (200, {"data": [{"name": DOMAIN, "is_verified": True}]})
    assert sending_check().level == Level.OK
    assert api.asked[-1][1]["authorization"] == "Bearer token"
    api.answers["/v1/domains"] = (200, {"data": [{"name": DOMAIN, "is_verified": False}]})
    assert errors(sending_check())[0].startswith("MailerSend has not verified the From domain")
    api.answers["/v1/domains"] = (401, {"message": "Unauthenticated."})
    assert errors(sending_check())[0].startswith("MailerSend refused the credentials (HTTP 401)")


def test_postal_is_not_checked_and_says_how_to_find_out(settings: LazySettings) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.postal.EmailBackend"
    settings.ANYMAIL = {"POSTAL_API_KEY": "key", "POSTAL_API_URL": "https://postal.example.com"}
    check = sending_check()
    assert check.level == Level.NOTE
    assert "send a test to yourself from a release's preview" in said(check)


# --- The embedded outbox ----------------------------------------------------------------------


def test_the_outbox_says_messages_stay_on_this_machine(settings: LazySettings) -> None:
    settings.EMAIL_BACKEND = "distribution.outbox.EmailBackend"
    check = sending_check()
    assert check.level == Level.WARNING
    assert said(check).startswith("Email stays on this machine: the outbox keeps every message")
