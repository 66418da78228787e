"""Who is on a distribution list: its static members plus every contact its saved rule matches,
each once. Rule criteria combine with AND; the values of one criterion with OR."""

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Beat, DistributionList, Language, MediaContact, Outlet
from tests.factories import (
    BeatFactory,
    DistributionListFactory,
    MediaContactFactory,
    OutletFactory,
)

pytestmark = pytest.mark.django_db


def emails_on(distribution_list: DistributionList) -> list[str]:
    return sorted(distribution_list.contacts().values_list("email", flat=True))


@pytest.fixture
def desks() -> dict[str, MediaContact]:
    """Five journalists: who covers what, in which language, at which kind of outlet."""
    tech = BeatFactory.create(slug="technology", name_en="Technology")
    finance = BeatFactory.create(slug="finance", name_en="Finance")
    sport = BeatFactory.create(slug="sport", name_en="Sport")
    newspaper = OutletFactory.create(kind=Outlet.Kind.NEWSPAPER)
    tv = OutletFactory.create(kind=Outlet.Kind.TV)
    online = OutletFactory.create(kind=Outlet.Kind.ONLINE)
    return {
        "tech_en_paper": MediaContactFactory.create(
            email="tech.en@example.com",
            beats=[tech, finance],
            preferred_language=Language.EN,
            outlet=newspaper,
        ),
        "tech_zh_tv": MediaContactFactory.create(
            email="tech.zh@example.com",
            beats=[tech],
            preferred_language=Language.ZH_HANT,
            outlet=tv,
        ),
        "finance_en_online": MediaContactFactory.create(
            email="finance.en@example.com",
            beats=[finance],
            preferred_language=Language.EN,
            outlet=online,
        ),
        "sport_zh_paper": MediaContactFactory.create(
            email="sport.zh@example.com",
            beats=[sport],
            preferred_language=Language.ZH_HANT,
            outlet=newspaper,
        ),
        "freelance_no_outlet": MediaContactFactory.create(
            email="freelance@newsroom.test", beats=[], outlet=None
        ),
    }


def test_it_holds_only_the_members_when_there_is_no_rule(desks: dict[str, MediaContact]) -> None:
    distribution_list = DistributionListFactory.create(
        members=[desks["sport_zh_paper"], desks["freelance_no_outlet"]]
    )
    assert emails_on(distribution_list) == ["freelance@newsroom.test", "sport.zh@example.com"]


def test_it_adds_rule_matches_to_the_members_each_once(desks: dict[str, MediaContact]) -> None:
    distribution_list = DistributionListFactory.create(
        # tech_en_paper is a member and matches both beats of the rule: still one entry.
        members=[desks["tech_en_paper"], desks["freelance_no_outlet"]],
        rule_beats=Beat.objects.filter(slug__in=["technology", "finance"]),
    )
    assert emails_on(distribution_list) == [
        "finance.en@example.com",
        "freelance@newsroom.test",
        "tech.en@example.com",
        "tech.zh@example.com",
    ]
    assert distribution_list.contacts().count() == 4


@pytest.mark.usefixtures("desks")
def test_it_matches_any_of_the_rules_beats() -> None:
    distribution_list = DistributionListFactory.create(
        rule_beats=Beat.objects.filter(slug__in=["finance", "sport"])
    )
    assert emails_on(distribution_list) == [
        "finance.en@example.com",
        "sport.zh@example.com",
        "tech.en@example.com",
    ]


@pytest.mark.usefixtures("desks")
def test_it_requires_every_criterion_of_the_rule() -> None:
    distribution_list = DistributionListFactory.create(
        rule_beats=Beat.objects.filter(slug="technology"), rule_languages=[Language.ZH_HANT]
    )
    assert emails_on(distribution_list) == ["tech.zh@example.com"]

    distribution_list.rule_languages = [Language.ZH_HANT, Language.EN]
    distribution_list.rule_outlet_kinds = [Outlet.Kind.NEWSPAPER]
    assert emails_on(distribution_list) == ["tech.en@example.com"]


@pytest.mark.usefixtures("desks")
def test_it_matches_any_of_the_rules_languages_or_outlet_kinds() -> None:
    by_language = DistributionListFactory.create(rule_languages=[Language.EN])
    # The freelancer reads both languages, so an English rule reaches them too.
    assert emails_on(by_language) == [
        "finance.en@example.com",
        "freelance@newsroom.test",
        "tech.en@example.com",
    ]

    by_kind = DistributionListFactory.create(rule_outlet_kinds=[Outlet.Kind.TV, Outlet.Kind.ONLINE])
    assert emails_on(by_kind) == ["finance.en@example.com", "tech.zh@example.com"]


def test_it_keeps_a_member_without_an_outlet_when_the_rule_names_outlet_kinds(
    desks: dict[str, MediaContact],
) -> None:
    distribution_list = DistributionListFactory.create(
        members=[desks["freelance_no_outlet"]], rule_outlet_kinds=[Outlet.Kind.TV]
    )
    assert emails_on(distribution_list) == ["freelance@newsroom.test", "tech.zh@example.com"]


@pytest.mark.usefixtures("desks")
def test_it_is_empty_with_no_members_and_no_rule() -> None:
    assert emails_on(DistributionListFactory.create()) == []


@pytest.mark.parametrize(
    ("rule", "field", "message"),
    [
        (
            {"rule_languages": ["en", "fr", "de"]},
            "rule_languages",
            "Unknown language(s): de, fr.",
        ),
        (
            {"rule_outlet_kinds": ["tv", "podcast"]},
            "rule_outlet_kinds",
            "Unknown outlet kind(s): podcast.",
        ),
    ],
)
def test_it_refuses_a_rule_naming_unknown_values(
    rule: dict[str, list[str]], field: str, message: str
) -> None:
    distribution_list = DistributionListFactory.build(**rule)
    with pytest.raises(ValidationError) as caught:
        distribution_list.clean()
    assert caught.value.message_dict == {field: [message]}


def test_it_accepts_a_rule_of_known_values() -> None:
    distribution_list = DistributionListFactory.build(
        rule_languages=[Language.EN, Language.BOTH],
        rule_outlet_kinds=[Outlet.Kind.WIRE, Outlet.Kind.TRADE],
    )
    distribution_list.clean()
