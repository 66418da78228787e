"""Who a release's emails come from and whom a reply reaches (DESIGN: sender identity).

The issuer's sender name and address, else the installation's address (DEFAULT_FROM_EMAIL)
under the issuer's names; replies to the issuer's press-office mailbox, else the release's first
media-enquiry contact. A release a PR agency drafted comes from the agency instead where the
issuer allows it (Issuer.agency_sends_in_own_name) and the agency has a sender address."""

from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings

from contacts.models import Organisation, organisation_of
from releases.models import Release


@dataclass(frozen=True)
class Sender:
    name: str
    address: str
    reply_to: str  # "" when no one is named

    @property
    def domain(self) -> str:
        return self.address.rpartition("@")[2].lower()


def release_drafting_agency(release: Release) -> Organisation | None:
    """The PR agency that drafted the release: its author's, when that agency is assigned to
    the release; None for a release the in-house team wrote."""
    author = release.created_by
    organisation = organisation_of(author) if author is not None else None
    if organisation is None or organisation.kind != Organisation.Kind.AGENCY:
        return None
    return organisation if release.agencies.filter(pk=organisation.pk).exists() else None


def release_sender(release: Release, *, enquiry_emails: list[str] | None = None) -> Sender:
    """The sender of the release's emails. `enquiry_emails`: the release's media-enquiry
    contacts' addresses in order, when the caller has them (read here otherwise)."""
    issuer = release.issuer
    if issuer.agency_sends_in_own_name:
        agency = release_drafting_agency(release)
        if agency is not None and agency.sender_email:
            return Sender(
                name=agency.sender_name(),
                address=agency.sender_email,
                reply_to=agency.reply_to_email or agency.sender_email,
            )
    if enquiry_emails is None:
        links = release.enquiry_links.select_related("pr_contact").order_by("order", "pk")
        enquiry_emails = [link.pr_contact.email for link in links if link.pr_contact.email]
    return Sender(
        name=issuer.sender_name(),
        address=issuer.sender_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        reply_to=issuer.reply_to_email or (enquiry_emails[0] if enquiry_emails else ""),
    )
