"""Services of the media database."""

import logging

from django.db import transaction

from contacts.models import MediaContact, Suppression

logger = logging.getLogger(__name__)

# The contact status a suppression of each reason sets, and lifting it undoes.
MARKED_BY = {
    Suppression.Reason.HARD_BOUNCE: MediaContact.Status.BOUNCED,
    Suppression.Reason.MANUAL: None,
}


def suppression_lift(*, suppression: Suppression, by: object | None = None) -> bool:
    """Take an address off the suppression list so later sends reach it again, and make its
    media contact active again if the suppression had marked it (a hard bounce marks it
    bounced). Only what `Suppression.can_lift` allows: a complaint or an unsubscribe is the
    recipient's own word and stays. False if it may not be lifted (or is already gone)."""
    if not suppression.can_lift():
        return False
    with transaction.atomic():
        deleted, _ = Suppression.objects.filter(
            pk=suppression.pk, reason__in=list(MARKED_BY)
        ).delete()
        marked = MARKED_BY.get(Suppression.Reason(suppression.reason))
        if deleted and marked is not None:
            MediaContact.objects.filter(email=suppression.email, status=marked).update(
                status=MediaContact.Status.ACTIVE
            )
    if deleted:
        logger.info(
            "suppression of %s (%s) lifted by %s", suppression.email, suppression.reason, by
        )
    return bool(deleted)
