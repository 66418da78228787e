"""People and a release for the admin tests of sending: the personas of tests/personas.py as
plain calls (alice sends, vera only looks), and someone who is not staff at all."""

from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.test import Client

from contacts.models import DistributionList, Language, MediaContact, Suppression
from releases.models import Release
from tests.factories import (
    DistributionListFactory,
    EnquiryContactFactory,
    MediaContactFactory,
    MembershipFactory,
    ReleaseFactory,
    ReleaseTranslationFactory,
    SuppressionFactory,
    UserFactory,
)
from tests.personas import persona

NOW = datetime(2025, 8, 30, 4, 0, tzinfo=UTC)  # Saturday 30 Aug 2025 12:00 HKT
EMBARGO = datetime(2025, 9, 1, 2, 0, tzinfo=UTC)  # Monday 1 Sep 2025 10:00 HKT
EMBARGO_HKT = "1 Sep 2025 10:00 HKT"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def alice() -> Any:
    """The in-house PR officer (tests/personas.py), of no organisation: she sees every
    release."""
    return persona("alice")


def vera() -> Any:
    """The viewer: reads releases and sends, sends nothing."""
    return persona("vera")


def staff_with(username: str, permissions: list[str]) -> Any:
    """A staff user with exactly these permissions ("app_label.codename"): for the few tests of
    one permission, never under a persona's name."""
    user = UserFactory.create(username=username, is_staff=True)
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def sender() -> Any:
    """Staff who schedule, watch and stop sends but approve nothing: no role is made so (an
    in-house officer approves others' work), but the permission can be taken away."""
    return staff_with(
        "sam",
        [
            "distribution.add_send", "distribution.view_send", "distribution.change_send",
            "distribution.view_delivery", "pressroom.view_release", "pressroom.change_release",
        ],
    )  # fmt: skip


def sends_reader() -> Any:
    """Staff who read sends and their figures but not who received them (no permission on
    deliveries): no role is made so, a permission can be taken away."""
    return staff_with("reader", ["distribution.view_send", "pressroom.view_release"])


def not_staff() -> Any:
    """Someone with an account who is not staff: the admin asks them to log in."""
    return UserFactory.create(username="notstaff", is_staff=False)


def approved_release(*, languages: tuple[str, ...] = ("en", "zh-hant"), **kwargs: Any) -> Release:
    """An approved release under embargo until 1 Sep 2025 10:00 HKT, dated that day."""
    fields: dict[str, Any] = {
        "status": Release.Status.APPROVED,
        "release_type": Release.ReleaseType.EMBARGOED,
        "embargo_until": EMBARGO,
        "release_date": date(2025, 9, 1),
    }
    fields.update(kwargs)
    release = ReleaseFactory.create(**fields)
    for language in languages:
        ReleaseTranslationFactory.create(release=release, zh_hant=language == "zh-hant")
    EnquiryContactFactory.create(release=release)
    return release


def contacts(count: int, *, language: str = Language.EN, **kwargs: Any) -> list[MediaContact]:
    return [MediaContactFactory.create(preferred_language=language, **kwargs) for _ in range(count)]


def suppressed(count: int, reason: str) -> list[MediaContact]:
    people = contacts(count)
    for person in people:
        SuppressionFactory.create(email=person.email, reason=reason)
    return people


def a_list(name: str, members: list[MediaContact], *, trusted: bool = False) -> DistributionList:
    return DistributionListFactory.create(name=name, members=members, trusted_for_embargo=trusted)


def newsroom_lists() -> tuple[DistributionList, DistributionList]:
    """ "Technology desk": 3 English readers, 2 Chinese readers, 1 reader of both, 2 who
    unsubscribed (suppressed), 1 marked do-not-contact. "Trusted editors": 2 English readers,
    one of them also on the technology desk."""
    english = contacts(3)
    chinese = contacts(2, language=Language.ZH_HANT)
    both = contacts(1, language=Language.BOTH)
    gone = suppressed(2, Suppression.Reason.UNSUBSCRIBE)
    do_not_contact = contacts(1, status=MediaContact.Status.DO_NOT_CONTACT)
    desk = a_list("Technology desk", english + chinese + both + gone + do_not_contact)
    editors = a_list("Trusted editors", [english[0], *contacts(1)], trusted=True)
    return desk, editors


class _Tables(HTMLParser):
    """Rows of cell texts of the table with a given id."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = 0
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside += 1
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in {"td", "th"}:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.inside:
            self.inside -= 1
        elif self.inside and tag in {"td", "th"} and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table(page: str, table_id: str) -> list[list[str]]:
    parser = _Tables(table_id)
    parser.feed(page)
    return parser.rows


class _Attribute(HTMLParser):
    def __init__(self, tag: str, name: str) -> None:
        super().__init__()
        self.tag, self.name = tag, name
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        value = dict(attrs).get(self.name)
        if tag == self.tag and value is not None:
            self.values.append(value)


def attribute(page: str, tag: str, name: str) -> list[str]:
    """Every value of attribute `name` on `tag` elements, unescaped as a browser reads it."""
    parser = _Attribute(tag, name)
    parser.feed(page)
    return parser.values


_BLOCKS = {"p", "div", "li", "ul", "dt", "dd", "dl", "td", "th", "tr", "table", "br", "h1", "h2",
           "h3", "pre", "label", "input", "button", "form", "fieldset"}  # fmt: skip


def text_of(page: str) -> str:
    """The page's text as a reader sees it: tags dropped, whitespace collapsed."""

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in {"script", "style"}:
                self.skip += 1
            if tag in _BLOCKS:
                self.parts.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if tag in {"script", "style"} and self.skip:
                self.skip -= 1
            if tag in _BLOCKS:
                self.parts.append(" ")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def agency_officer(agency: Any) -> Any:
    """An officer of `agency` in the agency role: sees only the releases assigned to it."""
    user = UserFactory.create(username=f"officer-of-{agency.pk}")
    user.groups.add(Group.objects.get(name="Agency PR officer"))
    MembershipFactory.create(user=user, organisation=agency)
    return user
