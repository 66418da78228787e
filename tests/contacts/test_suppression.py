"""The suppression list: an address on it is never sent to, however it is spelt."""

import pytest

from contacts.models import Suppression
from tests.factories import SuppressionFactory

pytestmark = pytest.mark.django_db

Reason = Suppression.Reason


def test_it_suppresses_an_address_whatever_its_case_or_width() -> None:
    SuppressionFactory.create(email="Bounced.Reporter@Example.COM", reason=Reason.HARD_BOUNCE)

    assert Suppression.is_suppressed("bounced.reporter@example.com")
    assert Suppression.is_suppressed("  BOUNCED.REPORTER@example.com ")
    assert Suppression.is_suppressed("ｂｏｕｎｃｅｄ．ｒｅｐｏｒｔｅｒ＠ｅｘａｍｐｌｅ．ｃｏｍ")
    assert not Suppression.is_suppressed("other.reporter@example.com")


def test_it_finds_the_suppressed_among_many_addresses_in_few_queries(
    django_assert_max_num_queries: object,
) -> None:
    SuppressionFactory.create(email="bounced@example.com", reason=Reason.HARD_BOUNCE)
    SuppressionFactory.create(email="complained@example.com", reason=Reason.COMPLAINT)
    SuppressionFactory.create(email="left@newsroom.test", reason=Reason.UNSUBSCRIBE)
    SuppressionFactory.create(email="not-on-this-send@example.com", reason=Reason.MANUAL)

    # 2,500 addresses: more than one chunk of a thousand, with the suppressed ones spread out
    # and spelt as a spreadsheet would have them.
    emails = [f"reader{n}@example.com" for n in range(2500)]
    emails[10] = "BOUNCED@example.com"
    emails[1500] = " Complained@Example.com"
    emails[2499] = "ｌｅｆｔ＠ｎｅｗｓｒｏｏｍ．ｔｅｓｔ"

    with django_assert_max_num_queries(3):  # type: ignore[operator]
        found = Suppression.suppressed_among(emails)

    assert found == {
        "bounced@example.com": Reason.HARD_BOUNCE,
        "complained@example.com": Reason.COMPLAINT,
        "left@newsroom.test": Reason.UNSUBSCRIBE,
    }


def test_it_asks_the_database_nothing_for_no_addresses(
    django_assert_num_queries: object,
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert Suppression.suppressed_among([]) == {}


@pytest.mark.parametrize(
    ("reason", "liftable"),
    [
        (Reason.COMPLAINT, False),
        (Reason.MANUAL, True),
        (Reason.HARD_BOUNCE, True),
        (Reason.UNSUBSCRIBE, False),
    ],
)
def test_it_never_lifts_a_complaint_or_an_unsubscribe(reason: str, liftable: bool) -> None:
    assert SuppressionFactory.build(reason=reason).can_lift() is liftable
