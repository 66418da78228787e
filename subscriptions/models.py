"""People who asked the newsroom for new releases by email: kept apart from the media contacts
(a subscriber is not a journalist unless a person makes them one), mailed only once they have
confirmed their address (double opt-in), and only releases that became public after that."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from contacts.models import Beat, NormalisedEmailField
from distribution.models import Send
from releases.models import Release


class Subscriber(models.Model):
    class Language(models.TextChoices):
        EN = "en", _("English")
        ZH_HANT = "zh-hant", _("Traditional Chinese")
        BOTH = "both", _("Both")

    email = NormalisedEmailField(unique=True, verbose_name=_("email"))
    language = models.CharField(
        max_length=10, choices=Language.choices, default=Language.BOTH, verbose_name=_("language")
    )
    # None chosen: every release.
    topics = models.ManyToManyField(
        Beat, blank=True, related_name="subscribers", verbose_name=_("topics")
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    confirmation_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("confirmation sent at")
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("confirmed at"))
    unsubscribed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("unsubscribed at"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email


class Announcement(models.Model):
    """The one send of a release to the subscribers: the unique release makes it once."""

    release = models.OneToOneField(
        Release, on_delete=models.CASCADE, related_name="+", verbose_name=_("release")
    )
    send = models.OneToOneField(
        Send, on_delete=models.CASCADE, related_name="+", verbose_name=_("send")
    )

    class Meta:
        verbose_name = _("announcement to subscribers")
        verbose_name_plural = _("announcements to subscribers")

    def __str__(self) -> str:
        return str(self.release)
