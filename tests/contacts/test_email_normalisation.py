"""One spelling per mailbox: an address typed with capitals, stray spaces or a Chinese input
method's full-width characters is the same media contact as its plain spelling."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contacts.models import MediaContact, normalise_email
from tests.factories import MediaContactFactory, OutletFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Reporter@Example.COM", "reporter@example.com"),
        ("  reporter@example.com\t\n", "reporter@example.com"),
        # Full-width letters, full stop and at sign, as a Chinese input method types them.
        ("  Ｊｏｈｎ．Ｄｏｅ＠Ｅｘａｍｐｌｅ．ＣＯＭ ", "john.doe@example.com"),
        # The ideographic space U+3000 is whitespace once NFKC has folded it.
        ("\u3000ｊｏｈｎ＠ｅｘａｍｐｌｅ．ｃｏｍ\u3000", "john@example.com"),
        # The ideographic full stop 。 a Chinese input method types is read as a dot,
        # full-width or half-width.
        ("john@example。com", "john@example.com"),
        ("john@example｡com", "john@example.com"),
        ("", ""),
    ],
)
def test_it_normalises_an_address(typed: str, stored: str) -> None:
    assert normalise_email(typed) == stored


def test_an_address_typed_with_an_ideographic_full_stop_is_the_same_mailbox() -> None:
    MediaContactFactory.create(email="john@example.com", outlet=None)
    typed = MediaContactFactory.build(email="John@Example。com", outlet=None)
    with pytest.raises(ValidationError) as caught:
        typed.full_clean()
    assert "already belongs to media contact" in caught.value.message_dict["email"][0]


def test_it_stores_the_address_normalised() -> None:
    contact = MediaContactFactory.create(email="Reporter@Example.COM ")
    contact.refresh_from_db()
    assert contact.email == "reporter@example.com"


def test_it_finds_a_contact_whatever_the_spelling() -> None:
    contact = MediaContactFactory.create(email="Reporter@Example.COM ")
    assert MediaContact.objects.get(email="REPORTER@example.com") == contact
    assert (
        MediaContact.objects.filter(email="ｒｅｐｏｒｔｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ").get()
        == contact
    )
    assert MediaContact.objects.filter(email__in=[" Reporter@example.com"]).get() == contact


def test_the_database_refuses_a_second_contact_differing_only_in_case() -> None:
    MediaContactFactory.create(email="reporter@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaContactFactory.create(email="REPORTER@Example.com")
    assert MediaContact.objects.count() == 1


def test_it_names_the_contact_who_already_has_the_address() -> None:
    existing = MediaContactFactory.create(
        name_en="Chris Wong",
        email="chris.wong@example.com",
        outlet=OutletFactory.create(name_en="Harbour Business Daily"),
    )
    second = MediaContactFactory.build(
        name_en="C. Wong", email="Chris.Wong@EXAMPLE.com ", outlet=None
    )

    with pytest.raises(ValidationError) as caught:
        second.full_clean()

    assert caught.value.message_dict == {
        "email": [
            "chris.wong@example.com already belongs to media contact “Chris Wong” "
            f"at Harbour Business Daily (#{existing.pk})."
        ]
    }


def test_it_lets_a_contact_keep_its_own_address_when_edited() -> None:
    contact = MediaContactFactory.create(email="chris.wong@example.com")
    contact.email = "Chris.Wong@Example.com"
    contact.job_title = "Technology editor"
    contact.full_clean()
    contact.save()
    contact.refresh_from_db()
    assert contact.email == "chris.wong@example.com"
