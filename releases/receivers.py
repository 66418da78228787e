"""A PR contact is edited on its own page, but it is part of every release that names it in
"Media enquiries": an approved or scheduled release whose contact changed goes back to review,
as any other edit after approval does (Release.content_hash covers the contact as shown).

A translation saved or deleted rebuilds its release's search row (releases/search.py), in the
same transaction: what the newsroom finds is what was saved."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext

from audit.middleware import current_request
from contacts.models import PRContact
from contacts.scoping import PR_CONTACT_EDIT_GUARDS
from releases import workflow
from releases.models import Release, ReleaseTranslation
from releases.search import search_index_update


@receiver(post_save, sender=PRContact, dispatch_uid="pressroom.pr_contact_changed")
def pr_contact_changed(sender: Any, instance: PRContact, created: bool, **kwargs: Any) -> None:
    if created:
        return
    request = current_request.get()
    by = getattr(request, "user", None) if request is not None else None
    approved = Release.objects.filter(
        enquiry_links__pr_contact=instance,
        status__in=[Release.Status.APPROVED, Release.Status.SCHEDULED],
    ).distinct()
    for release in approved:
        workflow.release_content_changed(release=release, by=by, request=request)


def scheduled_release_problem(user: Any, contact: PRContact) -> str | None:
    """A contact named on a scheduled release: changing it sends that release back to review,
    which stops its send, so only those who may cancel sends may change it."""
    if user.has_perm("distribution.change_send"):
        return None
    named = Release.objects.filter(
        enquiry_links__pr_contact=contact, status=Release.Status.SCHEDULED
    )
    if not named.exists():
        return None
    return gettext(
        "This contact is named on a scheduled release: changing it would stop that release's "
        "send until it is approved again. Ask the in-house team to change it."
    )


PR_CONTACT_EDIT_GUARDS.append(scheduled_release_problem)


@receiver(post_save, sender=ReleaseTranslation, dispatch_uid="pressroom.translation_indexed")
def translation_indexed(sender: Any, instance: ReleaseTranslation, **kwargs: Any) -> None:
    search_index_update([instance.release_id])


@receiver(post_delete, sender=ReleaseTranslation, dispatch_uid="pressroom.translation_unindexed")
def translation_unindexed(sender: Any, instance: ReleaseTranslation, **kwargs: Any) -> None:
    search_index_update([instance.release_id], add=False)
