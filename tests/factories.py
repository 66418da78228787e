"""Factories for every model. Defaults make a valid row with the fewest other rows; pass what a
test is about. Email addresses are on reserved domains only (example.com, *.test), and no demo
person is a real one."""

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from factory.django import DjangoModelFactory

from contacts.models import (
    Beat,
    DistributionList,
    Language,
    MediaContact,
    Membership,
    Organisation,
    Outlet,
    PRContact,
    Suppression,
)
from distribution.models import AssetClick, Delivery, DeliveryEvent, Send
from events.models import Event
from releases.models import (
    Asset,
    Boilerplate,
    BoilerplateVersion,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseTemplate,
    ReleaseTemplateContact,
    ReleaseTemplateTranslation,
    ReleaseTranslation,
)

User = get_user_model()


class UserFactory(DjangoModelFactory[Any]):
    username = factory.Sequence(lambda n: f"officer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = "Pat"
    last_name = factory.Sequence(lambda n: f"Officer {n}")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True

    class Meta:
        model = User
        django_get_or_create = ("username",)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    """The issuer's own comms team by default; `AgencyFactory` for a PR consultancy."""

    name_en = factory.Sequence(lambda n: f"Harbour Technology Park Corporate Communications {n}")
    name_zh_hant = factory.Sequence(lambda n: f"海港科技園企業傳訊部 {n}")
    kind = Organisation.Kind.IN_HOUSE
    website = "https://harbour-tech.example.com"

    class Meta:
        model = Organisation


class AgencyFactory(OrganisationFactory):
    name_en = factory.Sequence(lambda n: f"Lantern Public Relations {n}")
    name_zh_hant = factory.Sequence(lambda n: f"燈籠公關 {n}")
    kind = Organisation.Kind.AGENCY
    website = "https://lantern-pr.example.com"


class PRContactFactory(DjangoModelFactory[PRContact]):
    organisation = factory.SubFactory(OrganisationFactory)
    name_en = factory.Sequence(lambda n: f"Sam Officer {n}")
    name_zh_hant = factory.Sequence(lambda n: f"陳主任 {n}")
    title_en = "Manager, Corporate Communications"
    title_zh_hant = "企業傳訊經理"
    phone = "+852 5550 0000"
    email = factory.Sequence(lambda n: f"pr-officer{n}@example.com")

    class Meta:
        model = PRContact


class BeatFactory(DjangoModelFactory[Beat]):
    slug = factory.Sequence(lambda n: f"beat-{n}")
    name_en = factory.Sequence(lambda n: f"Beat {n}")
    name_zh_hant = factory.Sequence(lambda n: f"範疇 {n}")

    class Meta:
        model = Beat
        django_get_or_create = ("slug",)


class OutletFactory(DjangoModelFactory[Outlet]):
    name_en = factory.Sequence(lambda n: f"Harbour Daily {n}")
    name_zh_hant = factory.Sequence(lambda n: f"海港日報 {n}")
    kind = Outlet.Kind.NEWSPAPER
    language = Language.BOTH
    website = factory.Sequence(lambda n: f"https://daily{n}.example.com")

    class Meta:
        model = Outlet


class MediaContactFactory(DjangoModelFactory[MediaContact]):
    """A working journalist at an outlet. `beats=[...]` sets what they cover."""

    name_en = factory.Sequence(lambda n: f"Alex Reporter {n}")
    name_zh_hant = factory.Sequence(lambda n: f"李記者 {n}")
    email = factory.Sequence(lambda n: f"reporter{n}@example.com")
    outlet = factory.SubFactory(OutletFactory)
    job_title = "Technology reporter"
    preferred_language = Language.BOTH

    class Meta:
        model = MediaContact
        skip_postgeneration_save = True

    @factory.post_generation
    def beats(self, create: bool, extracted: Iterable[Beat] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.beats.set(extracted)


class DistributionListFactory(DjangoModelFactory[DistributionList]):
    """A list owned by the in-house team. `members=[...]` and `rule_beats=[...]` fill it."""

    name = factory.Sequence(lambda n: f"Technology desks {n}")
    owner = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = DistributionList
        skip_postgeneration_save = True

    @factory.post_generation
    def members(
        self, create: bool, extracted: Iterable[MediaContact] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            self.members.set(extracted)

    @factory.post_generation
    def rule_beats(self, create: bool, extracted: Iterable[Beat] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.rule_beats.set(extracted)


class SuppressionFactory(DjangoModelFactory[Suppression]):
    email = factory.Sequence(lambda n: f"suppressed{n}@newsroom.test")
    reason = Suppression.Reason.MANUAL
    source = "test"

    class Meta:
        model = Suppression


class IssuerFactory(DjangoModelFactory[Issuer]):
    name_en = factory.Sequence(lambda n: f"Harbour Technology Park {n}")
    name_zh_hant = factory.Sequence(lambda n: f"海港科技園 {n}")
    slug = factory.Sequence(lambda n: f"harbour-tech-{n}")
    website = "https://harbour-tech.example.com"
    organisation = factory.SubFactory(OrganisationFactory)
    time_zone = "Asia/Hong_Kong"

    class Meta:
        model = Issuer

    # Version 1 of the issuer's boilerplate in each language ("" for none); not model fields.
    boilerplate_en = "<p>Harbour Technology Park is a digital technology hub.</p>"
    boilerplate_zh_hant = "<p>海港科技園是數碼科技樞紐。</p>"

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("boilerplate_en")
        kwargs.pop("boilerplate_zh_hant")
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        texts = {"en": kwargs.pop("boilerplate_en"), "zh-hant": kwargs.pop("boilerplate_zh_hant")}
        issuer = super()._create(model_class, *args, **kwargs)
        for language, text in texts.items():
            if text:
                boilerplate = Boilerplate.objects.create(issuer=issuer, language=language)
                BoilerplateVersion.objects.create(boilerplate=boilerplate, number=1, text=text)
        return issuer


class ReleaseFactory(DjangoModelFactory[Release]):
    """A draft for immediate release with no translation. Traits:
    `embargoed=True` (embargo one day after now; pass `embargo_until` to choose),
    `bilingual=True` (an English and a Traditional Chinese translation)."""

    issuer = factory.SubFactory(IssuerFactory)
    slug = factory.Sequence(lambda n: f"innovation-cluster-ranked-first-{n}")
    status = Release.Status.DRAFT
    release_type = Release.ReleaseType.IMMEDIATE
    embargo_until = None

    class Meta:
        model = Release
        skip_postgeneration_save = True

    class Params:
        embargoed = factory.Trait(
            release_type=Release.ReleaseType.EMBARGOED,
            embargo_until=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        bilingual = factory.Trait(
            english=factory.RelatedFactory(
                "tests.factories.ReleaseTranslationFactory", factory_related_name="release"
            ),
            chinese=factory.RelatedFactory(
                "tests.factories.ReleaseTranslationFactory",
                factory_related_name="release",
                zh_hant=True,
            ),
        )


class ReleaseTranslationFactory(DjangoModelFactory[ReleaseTranslation]):
    """English by default; `zh_hant=True` for the Traditional Chinese version."""

    release = factory.SubFactory(ReleaseFactory)
    language = "en"
    headline = "Innovation cluster ranked first in the world"
    subheadline = "Technology park welcomes the ranking"
    body = "<p>Hong Kong, 1 September 2025 – The cluster was ranked first today.</p>"

    class Meta:
        model = ReleaseTranslation

    class Params:
        zh_hant = factory.Trait(
            language="zh-hant",
            headline="創新集群奪全球第一",
            subheadline="科技園表示歡迎",
            body="<p>香港，2025 年 9 月 1 日 - 創新集群今日榮登全球第一位。</p>",
        )


class AssetFactory(DjangoModelFactory[Asset]):
    """An asset kept on a cloud drive (an external link), as most releases link their photos."""

    release = factory.SubFactory(ReleaseFactory)
    kind = Asset.Kind.PHOTO
    caption_en = factory.Sequence(lambda n: f"Photo {n}: the chairman speaks")
    caption_zh_hant = factory.Sequence(lambda n: f"相片 {n}：主席致辭")
    external_url = factory.Sequence(lambda n: f"https://drive.example.com/photos/{n}")
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Asset


class EnquiryContactFactory(DjangoModelFactory[EnquiryContact]):
    release = factory.SubFactory(ReleaseFactory)
    pr_contact = factory.SubFactory(PRContactFactory)
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = EnquiryContact


class SendFactory(DjangoModelFactory[Send]):
    """A draft "for immediate release" send. `lists=[...]` chooses the distribution lists."""

    release = factory.SubFactory(ReleaseFactory)
    kind = Send.Kind.IMMEDIATE
    status = Send.Status.DRAFT

    class Meta:
        model = Send
        skip_postgeneration_save = True

    @factory.post_generation
    def lists(
        self, create: bool, extracted: Iterable[DistributionList] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            self.lists.set(extracted)


class DeliveryFactory(DjangoModelFactory[Delivery]):
    send = factory.SubFactory(SendFactory)
    contact = factory.SubFactory(MediaContactFactory)
    email = factory.LazyAttribute(
        lambda d: d.contact.email if d.contact else f"reader{d.send.pk}@example.com"
    )
    language = "en"
    status = Delivery.Status.QUEUED

    class Meta:
        model = Delivery


class DeliveryEventFactory(DjangoModelFactory[DeliveryEvent]):
    delivery = factory.SubFactory(DeliveryFactory)
    event_id = factory.Sequence(lambda n: f"event-{n}")
    event_type = "delivered"
    esp_name = "test"
    occurred_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = DeliveryEvent


class AssetClickFactory(DjangoModelFactory[AssetClick]):
    """A click on an asset of the release the delivery was for."""

    delivery = factory.SubFactory(DeliveryFactory)
    asset = factory.SubFactory(
        AssetFactory, release=factory.SelfAttribute("..delivery.send.release")
    )
    send = factory.SelfAttribute("delivery.send")
    outlet = factory.LazyAttribute(
        lambda c: c.delivery.contact.outlet if c.delivery.contact else None
    )
    clicked_at = factory.LazyFunction(timezone.now)
    user_agent = "Mozilla/5.0 (Macintosh) Safari/605.1.15"

    class Meta:
        model = AssetClick


class UploadedPhotoFactory(AssetFactory):
    """A photo uploaded to the asset store (a real 1600 x 1067 JPEG under a random folder), as
    opposed to a cloud-drive link. Pass `file__color` or `file__filename` to vary it."""

    external_url = factory.Sequence(lambda n: "")  # no link: the file is the asset
    file = factory.django.ImageField(filename="chairman.jpg", width=1600, height=1067, color="teal")


class PublicReleaseFactory(ReleaseFactory):
    """A bilingual release published with no embargo: public from the moment it exists."""

    status = Release.Status.PUBLISHED
    bilingual = True


class MembershipFactory(DjangoModelFactory[Membership]):
    """A staff user working for an organisation: the in-house team unless `organisation` says."""

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    class Meta:
        model = Membership


class ReleaseTemplateFactory(DjangoModelFactory[ReleaseTemplate]):
    """An issuer's template with a skeleton in English and Traditional Chinese."""

    issuer = factory.SubFactory(IssuerFactory)
    name = factory.Sequence(lambda n: f"Award or ranking {n}")
    release_type = Release.ReleaseType.IMMEDIATE

    class Meta:
        model = ReleaseTemplate
        skip_postgeneration_save = True

    english = factory.RelatedFactory(
        "tests.factories.ReleaseTemplateTranslationFactory", factory_related_name="template"
    )
    chinese = factory.RelatedFactory(
        "tests.factories.ReleaseTemplateTranslationFactory",
        factory_related_name="template",
        language="zh-hant",
        headline="［獲獎者］獲頒［獎項］",
        subheadline="［一句說明意義］",
        body="<p>［日期］－［公布內容］</p>",
    )


class ReleaseTemplateTranslationFactory(DjangoModelFactory[ReleaseTemplateTranslation]):
    template = factory.SubFactory(ReleaseTemplateFactory)
    language = "en"
    headline = "[Who] named [award] by [organiser]"
    subheadline = "[Why it matters]"
    body = "<p>[Date] – [What was announced]</p>"

    class Meta:
        model = ReleaseTemplateTranslation


class ReleaseTemplateContactFactory(DjangoModelFactory[ReleaseTemplateContact]):
    template = factory.SubFactory(ReleaseTemplateFactory)
    pr_contact = factory.SubFactory(PRContactFactory)
    order = 0

    class Meta:
        model = ReleaseTemplateContact


class EventFactory(DjangoModelFactory[Event]):
    """A press conference a week ahead, in both languages, with the seed release's facts."""

    issuer = factory.SubFactory(IssuerFactory)
    kind = Event.Kind.PRESS_CONFERENCE
    title_en = "Global Innovation Index 2025 briefing"
    title_zh_hant = "《2025年全球創新指數》簡報會"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=1))
    venue_name_en = "Cyberport 1, Function Room"
    venue_name_zh_hant = "數碼港一座 多用途活動室"

    class Meta:
        model = Event
