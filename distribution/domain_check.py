"""The sending domain's DNS, checked as mailbox providers will: SPF (one record, naming the ESP),
DKIM (a key at a selector the ESP signs with) and DMARC (a policy at `_dmarc`), and whether
DMARC can pass for mail From this domain (aligned through DKIM, which every ESP here signs as
the From domain once its records are published). Gmail and Yahoo require all three of anyone
who sends 5,000 messages a day to their users. Each finding says in words what to add.

DNS is asked with dnspython, each query bounded by DNS_TIMEOUT seconds; DNS_NAMESERVERS points
it at given servers (tests: one on loopback), else the system's resolver is used."""

from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from enum import StrEnum
from typing import Any

import dns.exception
import dns.resolver
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext

from distribution.models import SendingDomain

# Per ESP (anymail's esp_name): what its SPF include is, and the DKIM selectors it signs with
# where they are fixed. Amazon SES, Postmark and Postal make selectors per domain: give them in
# DKIM_SELECTORS.
SPF_INCLUDES = {
    "Amazon SES": "amazonses.com",
    "Mailgun": "mailgun.org",
    "Postmark": "spf.mtasv.net",
    "Brevo": "spf.brevo.com",
    "Resend": "amazonses.com",
    "MailerSend": "_spf.mlsend.com",
}
DKIM_SELECTORS = {
    "Mailgun": ["pic", "k1", "mx", "smtp"],
    "Brevo": ["brevo1", "brevo2", "mail"],
    "Resend": ["resend"],
    "MailerSend": ["mlsend", "mlsend2"],
}
BULK_SENDER_DAILY = 5000
REMEMBERED_FOR = timedelta(days=7)  # what the confirmation page goes by: the last check


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    level: Level
    text: str


@dataclass(frozen=True)
class DomainCheck:
    domain: str
    findings: tuple[Finding, ...]

    @property
    def aligned(self) -> bool:
        """Whether DMARC can pass for mail From this domain: a DMARC record and a DKIM key."""
        return not any(f.level == Level.ERROR for f in self.findings)


def _resolver() -> dns.resolver.Resolver:
    nameservers = settings.DNS_NAMESERVERS
    resolver = dns.resolver.Resolver(configure=not nameservers)
    if nameservers:
        host, _, port = nameservers[0].rpartition(":")
        resolver.nameservers = [host]
        resolver.port = int(port)
    resolver.lifetime = settings.DNS_TIMEOUT
    resolver.timeout = settings.DNS_TIMEOUT
    return resolver


class _Unreachable(Exception):
    pass


def _txt(resolver: dns.resolver.Resolver, name: str) -> list[str]:
    """The TXT strings at `name` ([] when there are none); _Unreachable when DNS does not
    answer."""
    try:
        answer = resolver.resolve(name, "TXT")
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.NoNameservers):
        return []
    except (dns.exception.Timeout, OSError) as error:
        raise _Unreachable(str(error)) from error
    return [b"".join(record.strings).decode(errors="replace") for record in answer]


def domain_check(domain: str, *, esp_name: str | None, selectors: list[str]) -> DomainCheck:
    """What the domain's DNS says, as findings in words."""
    resolver = _resolver()
    try:
        findings = [
            *_spf(resolver, domain, esp_name),
            *_dkim(resolver, domain, selectors or DKIM_SELECTORS.get(esp_name or "", [])),
            *_dmarc(resolver, domain),
        ]
    except _Unreachable as error:
        findings = [
            Finding(Level.WARNING, gettext("DNS did not answer (%(error)s): try again.")
                    % {"error": error})
        ]  # fmt: skip
    return DomainCheck(domain, tuple(findings))


def _spf(resolver: dns.resolver.Resolver, domain: str, esp_name: str | None) -> list[Finding]:
    records = [r for r in _txt(resolver, domain) if r.lower().startswith("v=spf1")]
    include = SPF_INCLUDES.get(esp_name or "")
    suggestion = f"v=spf1 include:{include} ~all" if include else "v=spf1 include:… ~all"
    if not records:
        return [Finding(Level.ERROR, gettext(
            "No SPF record on %(domain)s: add a TXT record “%(record)s”."
        ) % {"domain": domain, "record": suggestion})]  # fmt: skip
    if len(records) > 1:
        return [Finding(Level.ERROR, gettext(
            "%(domain)s has %(count)s SPF records, and receivers then ignore them all: merge "
            "them into one."
        ) % {"domain": domain, "count": len(records)})]  # fmt: skip
    if include and f"include:{include}" not in records[0].lower():
        return [Finding(Level.WARNING, gettext(
            "The SPF record “%(record)s” does not name %(esp)s: add include:%(include)s."
        ) % {"record": records[0], "esp": esp_name, "include": include})]  # fmt: skip
    return [Finding(Level.OK, gettext("SPF: “%(record)s”.") % {"record": records[0]})]


def _dkim(resolver: dns.resolver.Resolver, domain: str, selectors: list[str]) -> list[Finding]:
    if not selectors:
        return [Finding(Level.WARNING, gettext(
            "DKIM not checked: set DKIM_SELECTORS to the selectors your email service gave you "
            "for %(domain)s."
        ) % {"domain": domain})]  # fmt: skip
    for selector in selectors:
        keys = [r for r in _txt(resolver, f"{selector}._domainkey.{domain}") if "p=" in r]
        if keys:
            return [Finding(Level.OK, gettext(
                "DKIM: a key at %(selector)s._domainkey.%(domain)s; mail signed with it passes "
                "DMARC for %(domain)s."
            ) % {"selector": selector, "domain": domain})]  # fmt: skip
    names = ", ".join(f"{selector}._domainkey.{domain}" for selector in selectors)
    return [Finding(Level.ERROR, gettext(
        "No DKIM key at %(names)s: publish the DKIM record your email service gives for "
        "%(domain)s, or DMARC cannot pass for mail from it."
    ) % {"names": names, "domain": domain})]  # fmt: skip


def _dmarc(resolver: dns.resolver.Resolver, domain: str) -> list[Finding]:
    records = [r for r in _txt(resolver, f"_dmarc.{domain}") if r.lower().startswith("v=dmarc1")]
    if not records:
        return [Finding(Level.ERROR, gettext(
            "No DMARC record: add a TXT record at _dmarc.%(domain)s, e.g. “v=DMARC1; p=none; "
            "rua=mailto:dmarc@%(domain)s”. Gmail and Yahoo require one of anyone sending "
            "%(bulk)s messages a day."
        ) % {"domain": domain, "bulk": f"{BULK_SENDER_DAILY:,}"})]  # fmt: skip
    if len(records) > 1:
        return [Finding(Level.ERROR, gettext(
            "_dmarc.%(domain)s has %(count)s DMARC records: keep one."
        ) % {"domain": domain, "count": len(records)})]  # fmt: skip
    return [Finding(Level.OK, gettext("DMARC: “%(record)s”.") % {"record": records[0]})]


def sender_domain(sender: Any) -> str:
    """The domain an issuer's or an agency's emails come from (its sender address, else the
    installation's)."""
    address = sender.sender_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return str(address).rpartition("@")[2].lower()


def remember(check: DomainCheck) -> None:
    SendingDomain.objects.update_or_create(
        domain=check.domain, defaults={"ready": check.aligned, "checked_at": timezone.now()}
    )


def bulk_warning(domain: str, recipients: int) -> str:
    """For a send of more than BULK_SENDER_DAILY messages, what the last check of the sending
    domain said, if it was not "ready" ("" when it was, or the send is smaller). The page never
    asks DNS itself: the check is a button of its own."""
    if recipients <= BULK_SENDER_DAILY:
        return ""
    last = SendingDomain.objects.filter(
        domain=domain, checked_at__gte=timezone.now() - REMEMBERED_FOR
    ).first()
    aligned = last.ready if last is not None else None
    if aligned is None:
        return gettext(
            "%(count)s messages from %(domain)s, whose DNS has not been checked this week: run "
            "“Check sending domains” first, or mailbox providers may refuse a bulk sender "
            "without SPF, DKIM and DMARC."
        ) % {"count": f"{recipients:,}", "domain": domain}
    if not aligned:
        return gettext(
            "%(count)s messages from %(domain)s, which is not ready for bulk mail (SPF, DKIM, "
            "DMARC): see “Check sending domains” for what to add."
        ) % {"count": f"{recipients:,}", "domain": domain}
    return ""
