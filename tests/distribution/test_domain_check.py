"""The sending-domain check against a DNS server on loopback (dnslib) serving zones written
here, never the internet: a domain with SPF, DKIM and DMARC is ready; one with nothing is told
exactly what to add; one whose SPF names another service and has no DKIM key is not ready;
two SPF records are one too many; DNS that does not answer is a warning, not an error page."""

import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from dnslib.server import DNSServer
from dnslib.zoneresolver import ZoneResolver

from contacts.models import Organisation
from distribution.domain_check import Level, bulk_warning, domain_check, remember
from releases.models import Issuer, Release
from releases.sender import release_sender
from tests.distribution.conftest import free_port
from tests.factories import IssuerFactory, OrganisationFactory, ReleaseFactory
from tests.personas import persona

ZONE = """
good.example.com. 300 IN TXT "v=spf1 include:spf.mtasv.net ~all"
20250901pm._domainkey.good.example.com. 300 IN TXT "k=rsa; p=MIGfMA0GCSqGSIb3DQEB"
_dmarc.good.example.com. 300 IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@good.example.com"
other.example.com. 300 IN TXT "v=spf1 include:_spf.mail.example.net ~all"
_dmarc.other.example.com. 300 IN TXT "v=DMARC1; p=none"
twice.example.com. 300 IN TXT "v=spf1 include:spf.mtasv.net ~all"
twice.example.com. 300 IN TXT "v=spf1 include:mailgun.org ~all"
"""


@pytest.fixture
def dns(settings: Any) -> Iterator[None]:
    port = free_port()
    server = DNSServer(ZoneResolver(textwrap.dedent(ZONE)), port=port, address="127.0.0.1")
    server.start_thread()
    settings.DNS_NAMESERVERS = [f"127.0.0.1:{port}"]
    settings.DNS_TIMEOUT = 2.0
    try:
        yield
    finally:
        server.stop()


def levels(domain: str, selectors: list[str] | None = None) -> list[tuple[Level, str]]:
    check = domain_check(domain, esp_name="Postmark", selectors=selectors or ["20250901pm"])
    return [(finding.level, finding.text) for finding in check.findings]


@pytest.mark.usefixtures("dns")
def test_a_domain_with_spf_dkim_and_dmarc_is_ready() -> None:
    check = domain_check("good.example.com", esp_name="Postmark", selectors=["20250901pm"])
    assert check.aligned
    assert [finding.level for finding in check.findings] == [Level.OK] * 3
    assert "20250901pm._domainkey.good.example.com" in check.findings[1].text


@pytest.mark.usefixtures("dns")
def test_a_bare_domain_is_told_exactly_what_to_add() -> None:
    check = domain_check("bare.example.com", esp_name="Postmark", selectors=["20250901pm"])
    assert not check.aligned
    spf, dkim, dmarc = (finding.text for finding in check.findings)
    assert "“v=spf1 include:spf.mtasv.net ~all”" in spf
    assert "20250901pm._domainkey.bare.example.com" in dkim
    assert "_dmarc.bare.example.com" in dmarc
    assert "v=DMARC1; p=none" in dmarc


@pytest.mark.usefixtures("dns")
def test_an_spf_naming_another_service_and_no_dkim_key_is_not_ready() -> None:
    found = levels("other.example.com")
    assert found[0] == (
        Level.WARNING,
        "The SPF record “v=spf1 include:_spf.mail.example.net ~all” does not name Postmark: "
        "add include:spf.mtasv.net.",
    )
    assert found[1][0] == Level.ERROR  # no key: DMARC cannot pass
    assert found[2] == (Level.OK, "DMARC: “v=DMARC1; p=none”.")


@pytest.mark.usefixtures("dns")
def test_two_spf_records_are_one_too_many() -> None:
    assert levels("twice.example.com")[0] == (
        Level.ERROR,
        "twice.example.com has 2 SPF records, and receivers then ignore them all: merge them "
        "into one.",
    )


@pytest.mark.usefixtures("dns")
def test_without_known_selectors_dkim_is_not_guessed() -> None:
    check = domain_check("good.example.com", esp_name="Amazon SES", selectors=[])
    assert check.findings[1].level == Level.WARNING
    assert "DKIM_SELECTORS" in check.findings[1].text


def test_dns_that_does_not_answer_is_a_warning(settings: Any) -> None:
    settings.DNS_NAMESERVERS = [f"127.0.0.1:{free_port()}"]  # nothing listens there
    settings.DNS_TIMEOUT = 0.3
    check = domain_check("good.example.com", esp_name="Postmark", selectors=["x"])
    assert [finding.level for finding in check.findings] == [Level.WARNING]
    assert "DNS did not answer" in check.findings[0].text


@pytest.mark.django_db
@pytest.mark.usefixtures("dns")
def test_the_in_house_officer_checks_each_issuers_domain_and_an_agency_may_not(
    settings: Any,
) -> None:
    settings.DKIM_SELECTORS = ["20250901pm"]
    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    IssuerFactory.create(name_en="Harbourfront Technology Park",
                         sender_email="press@good.example.com")  # fmt: skip
    IssuerFactory.create(name_en="Kowloon Science Hub")  # the installation's address
    officer = Client()
    officer.force_login(persona("alice"))
    page = officer.post("/admin/distribution/send/sending-domains/").content.decode()
    good = page[page.index('data-domain="good.example.com"') :]
    assert "Ready: DMARC can pass for mail from this domain." in good[: good.index("</div>")]
    assert 'data-domain="pressroom.example.com"' in page  # the installation's own address
    assert "lantern-pr.example.com" not in page  # no issuer lets agencies send as themselves
    OrganisationFactory.create(
        kind=Organisation.Kind.AGENCY,
        name_en="Lantern PR",
        sender_email="newsroom@lantern-pr.example.com",
    )
    Issuer.objects.filter(name_en="Kowloon Science Hub").update(agency_sends_in_own_name=True)
    page = officer.get("/admin/distribution/send/sending-domains/").content.decode()
    section = page[page.index('data-domain="lantern-pr.example.com"') :]
    assert "Lantern PR" in section[: section.index("</div>")]
    agency = Client()
    agency.force_login(persona("charlie"))
    assert agency.get("/admin/distribution/send/sending-domains/").status_code == 403


@pytest.mark.django_db
@pytest.mark.usefixtures("dns")
def test_the_confirmation_of_a_bulk_send_says_what_the_last_check_of_its_domain_found() -> None:
    issuer = IssuerFactory.create(sender_email="press@other.example.com")
    release = ReleaseFactory.create(issuer=issuer)

    def warning(recipients: int) -> str:
        return bulk_warning(release_sender(release).domain, recipients)

    assert warning(5000) == ""  # not a bulk send
    assert "whose DNS has not been checked this week" in warning(5001)
    remember(domain_check("other.example.com", esp_name="Postmark", selectors=["x"]))
    assert "other.example.com, which is not ready for bulk mail" in warning(8000)
    Issuer.objects.filter(pk=issuer.pk).update(sender_email="press@good.example.com")
    release.refresh_from_db()
    remember(domain_check("good.example.com", esp_name="Postmark", selectors=["20250901pm"]))
    assert warning(8000) == ""
    # Drafted by an agency that sends in its own name: the agency's domain is the one checked.
    Issuer.objects.filter(pk=issuer.pk).update(agency_sends_in_own_name=True)
    agency = OrganisationFactory.create(
        kind=Organisation.Kind.AGENCY, sender_email="newsroom@other.example.com"
    )
    Release.objects.filter(pk=release.pk).update(created_by=persona("charlie", agency))
    release.refresh_from_db()
    release.agencies.add(agency)
    assert "other.example.com, which is not ready for bulk mail" in warning(8000)
