"""`manage.py load_demo`: a fictional issuer, its PR agency, one embargoed bilingual release and a
media database of about 200 journalists, so the admin, the newsroom and a send have something to
show. Every person, phone number and address is made up; every email is on a reserved domain.

Idempotent: rows are found by their natural keys (slug, email, name) and brought back to the demo
values, so running it again leaves the same rows. All of it runs in one transaction."""

import os
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from audit.models import UserPreference
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
from releases.corrections import correction_start
from releases.models import (
    Asset,
    Boilerplate,
    BoilerplateVersion,
    Correction,
    EnquiryContact,
    Issuer,
    Release,
    ReleaseTemplate,
    ReleaseTemplateContact,
    ReleaseTemplateTranslation,
    ReleaseTranslation,
    sanitise_html,
)

DEMO_SOURCE = "Pressroom demo data"
DEMO_USERNAME = "demo"
DEMO_PASSWORD_DEFAULT = "pressroom-demo"  # noqa: S105 -- documented, for a local demo
CONTACT_COUNT = 200
TRUSTED_EDITOR_COUNT = 15
HKT = ZoneInfo("Asia/Hong_Kong")

# --- Who sends ------------------------------------------------------------------------------

IN_HOUSE = {
    "name_en": "Harbourfront Technology Park",
    "name_zh_hant": "海濱科技園",
    "kind": Organisation.Kind.IN_HOUSE,
    "website": "https://park.example.com",
}
AGENCY = {
    "name_en": "Lantern Bridge Communications",
    "name_zh_hant": "燈橋傳訊",
    "kind": Organisation.Kind.AGENCY,
    "website": "https://agency.example.com",
}
ISSUER_SLUG = "harbourfront-technology-park"


@dataclass(frozen=True)
class RoleUser:
    """A demo login for one role (the groups come from distribution/migrations/0003_roles.py)."""

    username: str
    group: str
    organisation: str  # "in_house" or "agency"
    language: str = ""  # the admin's language; "" follows the browser


ROLE_USERS = [
    RoleUser("officer", "In-house PR officer", "in_house"),
    RoleUser("approver", "In-house approver", "in_house", language="zh-hant"),
    RoleUser("agency", "Agency PR officer", "agency"),
    RoleUser("viewer", "Viewer", "in_house"),
]


def paragraphs(*texts: str) -> str:
    """HTML paragraphs, one per argument. No line breaks inside a paragraph: between Chinese
    characters a browser would show one as a space."""
    return "\n".join(f"<p>{text}</p>" for text in texts)


BOILERPLATE_EN = paragraphs(
    "Harbourfront Technology Park is Hong Kong's digital-technology hub and an accelerator for "
    "artificial intelligence. It helps businesses put digital and AI technology to work and "
    "supports the city's growth as an international centre for innovation and technology. The "
    "park is home to more than 2,200 companies, among them 5 listed companies and 7 unicorns; "
    "their founders come from 26 countries and regions, and park companies now do business in "
    "more than 35 markets.",
    "Its AI ecosystem is built around the city's largest AI supercomputing centre and an AI lab, "
    "shared by industry leaders and more than 400 AI and data-science start-ups. Start-ups at "
    "every stage also find funding, office space and a wide network of partners to help them "
    "grow at home and abroad.",
    'More at <a href="https://park.example.com">park.example.com</a>.',
)

BOILERPLATE_ZH_HANT = paragraphs(
    "海濱科技園是香港的數碼科技樞紐和人工智能加速器，協助企業應用數碼及人工智能技術，"
    "推動香港發展成為國際創新科技中心。園區現有逾 2,200 間企業，當中包括 5 間上市公司及 "
    "7 間獨角獸企業；企業創辦人來自 26 個國家及地區，園區公司的業務已遍及全球超過 35 個市場。",
    "科技園的人工智能生態圈以全港最大的人工智能超級運算中心及人工智能實驗室為核心，"
    "連同業界龍頭企業及逾 400 間人工智能與數據科學初創共同發展。處於不同階段的初創亦可在"
    "園區獲得資金、辦公空間及廣泛的夥伴網絡，在本地及海外市場茁壯成長。",
    '詳情請瀏覽 <a href="https://park.example.com">park.example.com</a>。',
)

# The boilerplate as revised a year later: version 2, what new releases take. The GII 2025
# release keeps version 1, the wording it went out with.
BOILERPLATE_EN_REVISED = paragraphs(
    "Harbourfront Technology Park is Hong Kong's home for digital technology and artificial "
    "intelligence. More than 2,300 companies work in the park, 8 of them unicorns, and its "
    "start-ups have reached customers in over 40 markets.",
    "The park runs the city's largest AI supercomputing centre, opens its AI lab to industry "
    "and offers start-ups funding, space and partners from their first prototype to their "
    "first listing.",
    'More at <a href="https://park.example.com">park.example.com</a>.',
)

BOILERPLATE_ZH_HANT_REVISED = paragraphs(
    "海濱科技園是香港的數碼科技及人工智能基地。園區現有逾 2,300 間企業，其中 8 間為獨角獸企業，"
    "園區初創的客戶已遍及超過 40 個市場。",
    "科技園營運全港最大的人工智能超級運算中心，向業界開放人工智能實驗室，"
    "並為初創由第一個原型到首次上市提供資金、空間及合作夥伴。",
    '詳情請瀏覽 <a href="https://park.example.com">park.example.com</a>。',
)

# The issuer's release template: what its officers start an award or ranking story from.
TEMPLATE_NAME = "Award or ranking"
TEMPLATE_TRANSLATIONS = {
    "en": {
        "headline": "[Who] named [award or ranking] by [organiser]",
        "subheadline": "[One line on why it matters for Hong Kong's innovation scene]",
        "body": paragraphs(
            "[Date] – [What was announced, by whom, and the figure that tells the story.]",
            "“[Quote from the park's chair or chief executive],” said [name, title].",
            "[Background: the programme, the judges, earlier results.]",
        ),
    },
    "zh-hant": {
        "headline": "［獲獎者］獲［主辦機構］頒發［獎項或排名］",
        "subheadline": "［一句說明此事對香港創科發展的意義］",
        "body": paragraphs(
            "［日期］－［公布內容、公布機構及最能說明成果的數字。］",
            "［姓名、職銜］表示：「［科技園主席或行政總裁的引言］」",
            "［背景：計劃、評審及過往成績。］",
        ),
    },
}

PR_CONTACTS = [
    {
        "organisation": "in_house",
        "email": "chan.taiman@park.example.com",
        "name_en": "Chan Tai-man",
        "name_zh_hant": "陳大文",
        "title_en": "Manager, Corporate Communications",
        "title_zh_hant": "企業傳訊經理",
        "phone": "(852) 5550 0101",
    },
    {
        "organisation": "agency",
        "email": "wong.siuming@agency.example.com",
        "name_en": "Wong Siu-ming",
        "name_zh_hant": "黃小明",
        "title_en": "Account Director",
        "title_zh_hant": "客戶總監",
        "phone": "(852) 5550 0202",
    },
]

# --- The release ----------------------------------------------------------------------------

RELEASE_SLUG = "gii-2025-innovation-cluster"
RELEASE_DATE = date(2025, 9, 1)
EMBARGO_UNTIL = datetime(2025, 9, 1, 10, 0, tzinfo=HKT)

TRANSLATIONS = {
    "en": {
        "headline": (
            "Shenzhen–Hong Kong–Guangzhou ranked first among the top 100 innovation clusters "
            "in the Global Innovation Index 2025"
        ),
        "subheadline": (
            "Harbourfront Technology Park to keep linking the mainland and the world "
            "for the Greater Bay Area's innovation hub"
        ),
        "body": paragraphs(
            "The World Intellectual Property Organization (WIPO) today published the cluster "
            "ranking of its Global Innovation Index 2025, and the Shenzhen–Hong Kong–Guangzhou "
            "cluster now stands first among the world's top 100 science and technology clusters. "
            "Harbourfront Technology Park welcomed the result and congratulated everyone behind "
            "it. This year the ranking counts venture-capital deals for the first time, and Hong "
            "Kong's strength as an international financial centre helps the cluster turn new "
            "ideas into working businesses.",
            "“Coming first in the Global Innovation Index 2025 shows how much Hong Kong matters "
            "to the country's innovation strategy,” said Dr Lee Ka-keung, Chairman of "
            "Harbourfront Technology Park. “As the city's digital-technology hub and AI "
            "accelerator, we will keep nurturing start-ups, drawing in talent and capital, and "
            "working with partners across the Greater Bay Area, so that more innovation travels "
            "from Hong Kong to the rest of the world.”",
            "The cluster ranking measures where world-class innovation is most concentrated, "
            "using three indicators: international patent applications filed under WIPO's Patent "
            "Cooperation Treaty (PCT), scientific articles published, and, new this year, "
            "venture-capital deals. After five years in second place, the Shenzhen–Hong "
            "Kong–Guangzhou cluster has moved to the top. Over the past five years it recorded "
            "2,292 patent applications, 3,775 scientific articles and 135 venture-capital deals "
            "per million people.",
            "The park's own start-ups have raised more than HK$44.3 billion in total. Its "
            "investor network of more than 210 investors has led to 96 deals worth "
            "HK$2.597 billion, and its venture fund has invested in 28 start-ups; together with "
            "co-investors, those investments total HK$1.94 billion (US$248 million), a leverage "
            "ratio of 1:9.",
        ),
    },
    "zh-hant": {
        "headline": "「深圳—香港—廣州」集群登上《2025 年全球創新指數》百強創新集群首位",
        "subheadline": "海濱科技園繼續擔當連接內地與國際的橋樑 助力大灣區國際科創中心發展",
        "body": paragraphs(
            "世界知識產權組織今天公布《2025 年全球創新指數》全球百強科技集群排名，"
            "「深圳—香港—廣州」集群位列全球第一。海濱科技園對此表示歡迎，並向各方致賀。"
            "今年的排名首次把風險資本交易納入評估，香港作為國際金融中心，"
            "有助集群把創新構思轉化為實際成果。",
            "海濱科技園主席李家強博士說：「集群登上《2025 年全球創新指數》首位，"
            "反映香港在國家創新發展中的重要角色。作為香港的數碼科技樞紐及人工智能加速器，"
            "我們會繼續培育初創、匯聚人才和資金，並與大灣區夥伴緊密合作，"
            "讓更多創新成果從香港走向世界。」",
            "集群排名以三項指標衡量世界級創新活動的集中程度：根據《專利合作條約》（PCT）"
            "提交的國際專利申請、科學論文發表，以及今年新增的風險資本交易。"
            "「深圳—香港—廣州」集群在過去五年均排名全球第二，今年升上榜首。過去五年，"
            "集群每百萬人有 2,292 宗專利申請、3,775 篇科學論文及 135 宗風險資本交易。",
            "園區初創至今累計融資超過 443 億港元。科技園的投資者網絡聯繫逾 210 個投資者，"
            "已促成 96 宗投資對接，總額達 25.97 億港元；旗下創投基金已投資 28 間初創企業，"
            "連同共同投資的總額達 19.4 億港元（2.48 億美元），引資比率為 1:9。",
        ),
    },
}

# A second, upcoming release: approved and embargoed until 10:00 HKT a few days from the day
# the demo is loaded, so an officer can try an advance copy and watch the embargo lift.
UPCOMING_SLUG = "investor-network-and-venture-fund"
UPCOMING_DAYS_AHEAD = 3
UPCOMING_TRANSLATIONS = {
    "en": {
        "headline": (
            "Park's investor network tops 210 investors as its venture fund backs 28 start-ups"
        ),
        "subheadline": "Co-investment brings the fund's portfolio to HK$1.94 billion",
        "body": paragraphs(
            "Harbourfront Technology Park today reported that its investor network now links "
            "more than 210 investors from the mainland and Asia-Pacific with the park's "
            "high-potential companies. Since the network began it has led to 96 deals worth "
            "HK$2.597 billion.",
            "The park's venture fund has invested in 28 start-ups. Together with co-investors, "
            "those investments total HK$1.94 billion (US$248 million), a leverage ratio of 1:9.",
            "“Capital follows good ideas, and our job is to make the introductions,” said "
            "Dr Lee Ka-keung, Chairman of Harbourfront Technology Park.",
        ),
    },
    "zh-hant": {
        "headline": "科技園投資者網絡逾 210 個投資者 創投基金已投資 28 間初創",
        "subheadline": "連同共同投資 基金投資總額達 19.4 億港元",
        "body": paragraphs(
            "海濱科技園今天公布，旗下投資者網絡現已聯繫逾 210 個來自內地及亞太區的投資者，"
            "與園區高潛力企業對接。網絡成立至今已促成 96 宗投資對接，總額達 25.97 億港元。",
            "科技園創投基金已投資 28 間初創企業，連同共同投資的總額達 19.4 億港元"
            "（2.48 億美元），引資比率為 1:9。",
            "海濱科技園主席李家強博士表示：「資金總會追隨好的構思，我們的工作就是促成對接。」",
        ),
    },
}

ASSETS = [
    {
        "kind": Asset.Kind.PHOTO,
        "caption_en": "High-resolution press photos",
        "caption_zh_hant": "高像素新聞圖片",
        "external_url": "https://drive.example.com/pressroom/gii-2025/press-photos",
    },
    {
        "kind": Asset.Kind.VIDEO,
        "caption_en": "Park photos and videos",
        "caption_zh_hant": "園區圖片及影片",
        "external_url": "https://drive.example.com/pressroom/park/photos-and-videos",
    },
]

# --- The media database ---------------------------------------------------------------------

BEATS = [
    ("technology", "Technology", "科技"),
    ("startups", "Startups", "初創企業"),
    ("finance", "Finance", "財經"),
    ("fintech", "Fintech", "金融科技"),
    ("ai", "Artificial intelligence", "人工智能"),
    ("property", "Property", "地產"),
    ("government", "Government and policy", "政府及政策"),
    ("business", "Business", "商業"),
    ("innovation", "Innovation and research", "創新及科研"),
]
RELEASE_TOPICS = {"technology", "innovation", "startups"}
TECH_DESK_BEATS = {"technology", "ai", "startups", "innovation"}
BUSINESS_DESK_BEATS = {"business", "finance", "fintech", "property"}


@dataclass(frozen=True)
class OutletSpec:
    slug: str
    name_en: str
    name_zh_hant: str
    kind: str
    language: str
    beats: tuple[str, ...]

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example.com"


OUTLETS = [
    OutletSpec(
        "harbour-daily", "Harbour Daily", "港灣日報", Outlet.Kind.NEWSPAPER, Language.ZH_HANT,
        ("business", "finance", "government", "technology", "property"),
    ),
    OutletSpec(
        "kowloon-courier", "The Kowloon Courier", "九龍信使報", Outlet.Kind.NEWSPAPER,
        Language.EN, ("business", "finance", "technology", "government", "property"),
    ),
    OutletSpec(
        "skyline-tv", "Skyline Television", "天際電視台", Outlet.Kind.TV, Language.BOTH,
        ("government", "business", "technology", "finance"),
    ),
    OutletSpec(
        "tidewave-radio", "Tidewave Radio", "潮聲電台", Outlet.Kind.RADIO, Language.ZH_HANT,
        ("government", "business", "finance", "technology"),
    ),
    OutletSpec(
        "neon-byte", "Neon Byte", "霓虹科技網", Outlet.Kind.ONLINE, Language.BOTH,
        ("technology", "ai", "startups", "innovation"),
    ),
    OutletSpec(
        "jade-ledger", "Jade Ledger Finance", "翠玉財經網", Outlet.Kind.ONLINE, Language.ZH_HANT,
        ("finance", "fintech", "business", "property"),
    ),
    OutletSpec(
        "eastline-news", "Eastline News Service", "東線通訊社", Outlet.Kind.WIRE, Language.EN,
        ("business", "finance", "technology", "government"),
    ),
    OutletSpec(
        "peak-business", "Peak Business Monthly", "山頂商業月刊", Outlet.Kind.MAGAZINE,
        Language.BOTH, ("business", "startups", "finance", "innovation"),
    ),
    OutletSpec(
        "fintech-ledger", "Fintech Ledger Weekly", "金融科技週報", Outlet.Kind.TRADE, Language.EN,
        ("fintech", "finance", "technology", "ai"),
    ),
    OutletSpec(
        "dim-sum-startups", "Dim Sum Startups", "點心創業", Outlet.Kind.BLOG, Language.BOTH,
        ("startups", "ai", "fintech", "technology"),
    ),
]  # fmt: skip

SURNAMES = [
    ("Chan", "陳"), ("Wong", "黃"), ("Lee", "李"), ("Cheung", "張"), ("Lau", "劉"), ("Ho", "何"),
    ("Ng", "吳"), ("Leung", "梁"), ("Tam", "譚"), ("Yip", "葉"), ("Chow", "周"), ("Lam", "林"),
    ("Tsang", "曾"), ("Kwok", "郭"), ("Fung", "馮"), ("Mak", "麥"), ("Yeung", "楊"), ("Siu", "蕭"),
    ("Law", "羅"), ("Choi", "蔡"), ("Tang", "鄧"), ("Cheng", "鄭"), ("Poon", "潘"), ("Ma", "馬"),
]  # fmt: skip
GIVEN_NAMES_EN = [
    "Alice", "Ben", "Carmen", "Daniel", "Elaine", "Felix", "Grace", "Henry", "Iris", "Jason",
    "Karen", "Kelvin", "Louisa", "Marcus", "Natalie", "Oscar", "Peggy", "Raymond", "Sharon",
    "Terence", "Vivian", "Winnie", "Yvonne", "Zoe", "Agnes", "Brian", "Cecilia", "Derek",
    "Eunice", "Gordon", "Hazel", "Ivan", "Joyce", "Kenneth", "Michelle", "Nelson", "Phoebe",
    "Queenie", "Stanley", "Tiffany",
]  # fmt: skip
GIVEN_NAMES_ZH = [
    "嘉欣", "家豪", "詠詩", "俊傑", "美玲", "志明", "雅琪", "偉強", "曉彤", "浩然", "綺雯",
    "子健", "佩珊", "國華", "穎琳", "振邦", "慧敏", "文軒", "凱琳", "建業", "思穎", "卓謙",
    "麗萍", "永康", "靜儀", "天佑", "樂怡", "立賢", "秀儀", "家樂",
]  # fmt: skip
SENIOR_TITLES = ["Editor-in-Chief", "Deputy Chief Editor"]
TITLES_BY_KIND: dict[str, list[str]] = {
    Outlet.Kind.NEWSPAPER: ["Reporter", "Senior Reporter", "Chief Reporter", "Business Editor",
                            "Technology Reporter", "Sub-editor", "Columnist"],
    Outlet.Kind.TV: ["Reporter", "Producer", "Senior Producer", "Assignment Editor", "News Anchor"],
    Outlet.Kind.RADIO: ["Reporter", "Producer", "Programme Host", "Assignment Editor"],
    Outlet.Kind.ONLINE: ["Reporter", "Writer", "Senior Writer", "Section Editor"],
    Outlet.Kind.WIRE: ["Correspondent", "Senior Correspondent", "Desk Editor", "Reporter"],
    Outlet.Kind.MAGAZINE: ["Writer", "Senior Writer", "Features Editor", "Contributing Editor"],
    Outlet.Kind.TRADE: ["Reporter", "Senior Writer", "Features Editor", "Contributing Editor"],
    Outlet.Kind.BLOG: ["Writer", "Contributor", "Section Editor"],
}  # fmt: skip
LANGUAGE_WEIGHTS: dict[str, tuple[list[str], list[int]]] = {
    Language.ZH_HANT: ([Language.ZH_HANT, Language.BOTH, Language.EN], [6, 3, 1]),
    Language.EN: ([Language.EN, Language.BOTH, Language.ZH_HANT], [6, 3, 1]),
    Language.BOTH: ([Language.ZH_HANT, Language.BOTH, Language.EN], [3, 4, 3]),
}
CONSENT_WEIGHTS = (
    [
        MediaContact.ConsentBasis.LEGITIMATE_INTEREST,
        MediaContact.ConsentBasis.CONSENT,
        MediaContact.ConsentBasis.CONTRACT,
    ],
    [7, 2, 1],
)
# A few contacts have left the list, so a demo send shows suppressed addresses being counted.
SUPPRESSED = {
    57: (MediaContact.Status.UNSUBSCRIBED, Suppression.Reason.UNSUBSCRIBE),
    118: (MediaContact.Status.UNSUBSCRIBED, Suppression.Reason.UNSUBSCRIBE),
    183: (MediaContact.Status.BOUNCED, Suppression.Reason.HARD_BOUNCE),
}


@dataclass(frozen=True)
class ContactSpec:
    email: str
    name_en: str
    name_zh_hant: str
    outlet: OutletSpec
    job_title: str
    beats: tuple[str, ...]
    preferred_language: str
    consent_basis: str
    status: str
    senior: bool


def demo_contacts() -> list[ContactSpec]:
    """The same CONTACT_COUNT made-up journalists every time: a seeded generator, no database."""
    rng = random.Random(2025)  # noqa: S311 -- demo names, not secrets
    taken: set[str] = set()
    specs = []
    for index in range(CONTACT_COUNT):
        outlet = OUTLETS[index % len(OUTLETS)]
        position = index // len(OUTLETS)  # the first two at each outlet run it
        given = rng.choice(GIVEN_NAMES_EN)
        surname, surname_zh = rng.choice(SURNAMES)
        given_zh = rng.choice(GIVEN_NAMES_ZH)
        local = f"{given}.{surname}".lower()
        email, suffix = f"{local}@{outlet.slug}.example.com", 2
        while email in taken:
            email, suffix = f"{local}{suffix}@{outlet.slug}.example.com", suffix + 1
        taken.add(email)
        senior = position < len(SENIOR_TITLES)
        title = SENIOR_TITLES[position] if senior else rng.choice(TITLES_BY_KIND[outlet.kind])
        beats = rng.sample(outlet.beats, rng.randint(1, 3))
        languages, language_weights = LANGUAGE_WEIGHTS[outlet.language]
        status = SUPPRESSED[index][0] if index in SUPPRESSED else MediaContact.Status.ACTIVE
        specs.append(
            ContactSpec(
                email=email,
                name_en=f"{given} {surname}",
                name_zh_hant=f"{surname_zh}{given_zh}",
                outlet=outlet,
                job_title=title,
                beats=tuple(sorted(beats)),
                preferred_language=rng.choices(languages, language_weights)[0],
                consent_basis=rng.choices(*CONSENT_WEIGHTS)[0],
                status=status,
                senior=senior,
            )
        )
    return specs


# --- Loaders, one per part; handle() runs them in one transaction ---------------------------


def load_demo_user(*, password: str) -> tuple[Any, bool]:
    """The superuser to log in with. An existing one keeps the password a person may have set."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        user = user_model.objects.create_superuser(
            username=DEMO_USERNAME, email="demo@example.com", password=password
        )
        return user, True
    user.is_staff = user.is_superuser = user.is_active = True
    user.save(update_fields=["is_staff", "is_superuser", "is_active"])
    return user, False


def load_role_users(
    *, password: str, in_house: Organisation, agency: Organisation
) -> list[tuple[Any, bool]]:
    """One staff user per role, in its organisation and group, and nothing more: an existing one
    keeps the password and admin language a person may have set, and is brought back to its
    role's group alone."""
    user_model = get_user_model()
    organisations = {"in_house": in_house, "agency": agency}
    users = []
    for spec in ROLE_USERS:
        user = user_model.objects.filter(username=spec.username).first()
        created = user is None
        if user is None:
            user = user_model.objects.create_user(
                username=spec.username, email=f"{spec.username}@example.com", password=password
            )
        user.is_staff = user.is_active = True
        user.is_superuser = False
        user.save(update_fields=["is_staff", "is_active", "is_superuser"])
        user.groups.set([Group.objects.get(name=spec.group)])
        user.user_permissions.set([])
        Membership.objects.update_or_create(
            user=user, defaults={"organisation": organisations[spec.organisation]}
        )
        # The language is the person's to change from the admin's header: set only once.
        language = spec.language if spec.language in dict(settings.LANGUAGES) else ""
        UserPreference.objects.get_or_create(user=user, defaults={"language": language})
        users.append((user, created))
    return users


def load_organisations() -> tuple[Organisation, Organisation]:
    in_house, _ = Organisation.objects.update_or_create(
        name_en=IN_HOUSE["name_en"], defaults=IN_HOUSE
    )
    agency, _ = Organisation.objects.update_or_create(name_en=AGENCY["name_en"], defaults=AGENCY)
    return in_house, agency


def load_pr_contacts(*, in_house: Organisation, agency: Organisation) -> list[PRContact]:
    organisations = {"in_house": in_house, "agency": agency}
    contacts = []
    for row in PR_CONTACTS:
        fields = {**row, "organisation": organisations[row["organisation"]]}
        contact, _ = PRContact.objects.update_or_create(email=row["email"], defaults=fields)
        contacts.append(contact)
    return contacts


def load_issuer(*, in_house: Organisation) -> Issuer:
    issuer, _ = Issuer.objects.update_or_create(
        slug=ISSUER_SLUG,
        defaults={
            "name_en": IN_HOUSE["name_en"],
            "name_zh_hant": IN_HOUSE["name_zh_hant"],
            "website": IN_HOUSE["website"],
            "organisation": in_house,
            "time_zone": "Asia/Hong_Kong",
        },
    )
    return issuer


def load_boilerplates(*, issuer: Issuer, by: Any) -> dict[int, dict[str, BoilerplateVersion]]:
    """Two versions of the issuer's boilerplate in each language, by number then language."""
    versions: dict[int, dict[str, BoilerplateVersion]] = {1: {}, 2: {}}
    wordings = {
        "en": [BOILERPLATE_EN, BOILERPLATE_EN_REVISED],
        "zh-hant": [BOILERPLATE_ZH_HANT, BOILERPLATE_ZH_HANT_REVISED],
    }
    for language, texts in wordings.items():
        boilerplate, _ = Boilerplate.objects.get_or_create(issuer=issuer, language=language)
        for number, text in enumerate(texts, start=1):
            versions[number][language], _ = BoilerplateVersion.objects.get_or_create(
                boilerplate=boilerplate,
                number=number,
                defaults={"text": sanitise_html(text), "created_by": by},
            )
    return versions


def load_release_template(*, issuer: Issuer, pr_contacts: list[PRContact]) -> ReleaseTemplate:
    template, _ = ReleaseTemplate.objects.update_or_create(
        issuer=issuer,
        name=TEMPLATE_NAME,
        defaults={"release_type": Release.ReleaseType.EMBARGOED},
    )
    for language, text in TEMPLATE_TRANSLATIONS.items():
        ReleaseTemplateTranslation.objects.update_or_create(
            template=template,
            language=language,
            defaults={**text, "body": sanitise_html(text["body"])},
        )
    for order, pr_contact in enumerate(pr_contacts):
        ReleaseTemplateContact.objects.update_or_create(
            template=template, pr_contact=pr_contact, defaults={"order": order}
        )
    return template


def load_release(
    *,
    issuer: Issuer,
    agency: Organisation,
    pr_contacts: list[PRContact],
    by: Any,
    boilerplates: dict[str, BoilerplateVersion],
) -> Release:
    """The GII 2025 release: published when its embargo lifted, 1 Sep 2025 10:00 HKT."""
    return _load_release(
        issuer=issuer,
        agency=agency,
        pr_contacts=pr_contacts,
        by=by,
        slug=RELEASE_SLUG,
        fields={
            "status": Release.Status.PUBLISHED,
            "published_at": EMBARGO_UNTIL,
            "release_type": Release.ReleaseType.EMBARGOED,
            "embargo_until": EMBARGO_UNTIL,
            "release_date": RELEASE_DATE,
        },
        translations=TRANSLATIONS,
        assets=ASSETS,
        boilerplates=boilerplates,
    )


def load_correction(*, release: Release, by: Any) -> Correction:
    """A correction of the published release, drafted and not yet submitted: the newsroom
    still shows the release as published until someone else approves it."""
    draft = correction_start(release=release, by=by)
    correction, _created = Correction.objects.update_or_create(
        release=release,
        note_en="The indicators now name the venture capital deals added this year.",
        defaults={
            "note_zh_hant": "已補充今年新增的風險資本交易量指標。",
            "created_by": by,
            **{
                f"{name}_{suffix}": getattr(draft, f"{name}_{suffix}")
                for name in ("headline", "subheadline", "body")
                for suffix in ("en", "zh_hant")
            },
        },
    )
    return correction


def load_upcoming_release(
    *,
    issuer: Issuer,
    agency: Organisation,
    pr_contacts: list[PRContact],
    by: Any,
    boilerplates: dict[str, BoilerplateVersion],
) -> Release:
    """Approved and under embargo until 10:00 HKT a few days ahead: ready for an advance copy."""
    day = timezone.localdate(timezone=HKT) + timedelta(days=UPCOMING_DAYS_AHEAD)
    embargo = datetime(day.year, day.month, day.day, 10, 0, tzinfo=HKT)
    return _load_release(
        issuer=issuer,
        agency=agency,
        pr_contacts=pr_contacts,
        by=by,
        slug=UPCOMING_SLUG,
        fields={
            "status": Release.Status.APPROVED,
            "published_at": None,
            "release_type": Release.ReleaseType.EMBARGOED,
            "embargo_until": embargo,
            "release_date": day,
        },
        translations=UPCOMING_TRANSLATIONS,
        assets=ASSETS[:1],
        boilerplates=boilerplates,
    )


def _load_release(
    *,
    issuer: Issuer,
    agency: Organisation,
    pr_contacts: list[PRContact],
    by: Any,
    slug: str,
    fields: dict[str, Any],
    translations: dict[str, dict[str, str]],
    assets: list[dict[str, Any]],
    boilerplates: dict[str, BoilerplateVersion],
) -> Release:
    # update_or_create does not call clean(), which refuses an embargo already in the past on a
    # new release; the demo release keeps its real date, 1 Sep 2025 10:00 HKT.
    fields = {**fields, "dateline_en": "Hong Kong", "dateline_zh_hant": "香港"}
    release, _ = Release.objects.update_or_create(
        issuer=issuer,
        slug=slug,
        defaults=fields,
        create_defaults={**fields, "created_by": by, "updated_by": by},
    )
    release.agencies.add(agency)
    release.topics.add(*Beat.objects.filter(slug__in=RELEASE_TOPICS))
    for language, text in translations.items():
        ReleaseTranslation.objects.update_or_create(
            release=release,
            language=language,
            defaults={
                "headline": text["headline"],
                "subheadline": text["subheadline"],
                "body": sanitise_html(text["body"]),
                "boilerplate_override": "",
                "boilerplate_version": boilerplates[language],
            },
        )
    for order, asset in enumerate(assets):
        Asset.objects.update_or_create(release=release, order=order, defaults={**asset, "file": ""})
    for order, pr_contact in enumerate(pr_contacts):
        EnquiryContact.objects.update_or_create(
            release=release, pr_contact=pr_contact, defaults={"order": order}
        )
    return release


def load_beats() -> dict[str, Beat]:
    beats = {}
    for slug, name_en, name_zh_hant in BEATS:
        beats[slug], _ = Beat.objects.update_or_create(
            slug=slug, defaults={"name_en": name_en, "name_zh_hant": name_zh_hant}
        )
    return beats


def load_outlets() -> dict[str, Outlet]:
    outlets = {}
    for spec in OUTLETS:
        outlets[spec.slug], _ = Outlet.objects.update_or_create(
            name_en=spec.name_en,
            defaults={
                "name_zh_hant": spec.name_zh_hant,
                "kind": spec.kind,
                "language": spec.language,
                "region": "Hong Kong",
                "website": spec.website,
            },
        )
    return outlets


def load_media_contacts(
    *, specs: list[ContactSpec], outlets: dict[str, Outlet], beats: dict[str, Beat]
) -> dict[str, int]:
    """Upsert the contacts in one statement; returns {email: pk}."""
    rows = [
        MediaContact(
            email=spec.email,
            name_en=spec.name_en,
            name_zh_hant=spec.name_zh_hant,
            outlet=outlets[spec.outlet.slug],
            job_title=spec.job_title,
            preferred_language=spec.preferred_language,
            consent_basis=spec.consent_basis,
            source=DEMO_SOURCE,
            status=spec.status,
        )
        for spec in specs
    ]
    # Status is left out of the update: a demo contact who unsubscribed or bounced while someone
    # tried the tool stays that way when the demo is loaded again.
    MediaContact.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["email"],
        update_fields=[
            "name_en",
            "name_zh_hant",
            "outlet",
            "job_title",
            "preferred_language",
            "consent_basis",
            "source",
        ],
    )
    pks = dict(
        MediaContact.objects.filter(email__in=[s.email for s in specs]).values_list("email", "pk")
    )
    for status in {s.status for s in specs} - {MediaContact.Status.ACTIVE}:
        emails = [s.email for s in specs if s.status == status]
        MediaContact.objects.filter(email__in=emails).update(status=status)
    through = MediaContact.beats.through
    through.objects.bulk_create(
        [
            through(mediacontact_id=pks[spec.email], beat_id=beats[slug].pk)
            for spec in specs
            for slug in spec.beats
        ],
        ignore_conflicts=True,
    )
    return pks


def load_suppressions(*, specs: list[ContactSpec]) -> None:
    reasons: dict[str, str] = {status: reason for status, reason in SUPPRESSED.values()}
    for spec in specs:
        if spec.status in reasons:
            Suppression.objects.get_or_create(
                email=spec.email,
                defaults={
                    "reason": reasons[spec.status],
                    "source": "demo",
                    "note": "Demo data: this contact left the list.",
                },
            )


def load_lists(
    *,
    in_house: Organisation,
    agency: Organisation,
    specs: list[ContactSpec],
    pks: dict[str, int],
    beats: dict[str, Beat],
) -> list[DistributionList]:
    trusted = [s for s in specs if s.senior and s.status == MediaContact.Status.ACTIVE]
    static_lists = [
        (
            "Technology desk",
            "科技版",
            "Reporters and editors covering technology, AI, start-ups and innovation.",
            False,
            [s for s in specs if TECH_DESK_BEATS & set(s.beats)],
        ),
        (
            "Business & finance desk",
            "財經版",
            "Reporters and editors covering business, finance, fintech and property.",
            False,
            [s for s in specs if BUSINESS_DESK_BEATS & set(s.beats)],
        ),
        (
            "Embargo-trusted editors",
            "可信守禁發的編輯",
            "Senior editors who have kept embargoes before: they may get advance copies.",
            True,
            trusted[:TRUSTED_EDITOR_COUNT],
        ),
    ]
    lists = []
    through = DistributionList.members.through
    for name, name_zh_hant, description, trusted_for_embargo, members in static_lists:
        distribution_list, _ = DistributionList.objects.update_or_create(
            owner=in_house,
            name=name,
            defaults={
                "name_zh_hant": name_zh_hant,
                "description": description,
                "trusted_for_embargo": trusted_for_embargo,
            },
        )
        through.objects.bulk_create(
            [
                through(distributionlist_id=distribution_list.pk, mediacontact_id=pks[s.email])
                for s in members
            ],
            ignore_conflicts=True,
        )
        lists.append(distribution_list)
    by_rule, _ = DistributionList.objects.update_or_create(
        owner=agency,
        name="Fintech writers (Chinese)",
        defaults={
            "name_zh_hant": "金融科技記者（中文）",
            "description": "Saved rule: everyone covering fintech who reads Chinese.",
            "trusted_for_embargo": False,
            "rule_languages": [Language.ZH_HANT.value, Language.BOTH.value],
            "rule_outlet_kinds": [],
        },
    )
    by_rule.rule_beats.set([beats["fintech"]])
    lists.append(by_rule)
    return lists


class Command(BaseCommand):
    help = (
        "Load fictional demo data: an issuer and its PR agency, an embargoed bilingual release, "
        "about 200 media contacts and distribution lists, a 'demo' superuser and one user per role "
        "('officer', 'approver', 'agency', 'viewer'), all with the password from DEMO_PASSWORD, "
        "default 'pressroom-demo'. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
        specs = demo_contacts()
        with transaction.atomic():
            user, user_created = load_demo_user(password=password)
            in_house, agency = load_organisations()
            # The demo officer works for the issuer's in-house team.
            Membership.objects.update_or_create(user=user, defaults={"organisation": in_house})
            role_users = load_role_users(password=password, in_house=in_house, agency=agency)
            pr_contacts = load_pr_contacts(in_house=in_house, agency=agency)
            issuer = load_issuer(in_house=in_house)
            # The published release keeps the first wording; the upcoming one has the second.
            boilerplates = load_boilerplates(issuer=issuer, by=user)
            template = load_release_template(issuer=issuer, pr_contacts=pr_contacts)
            beats = load_beats()
            release = load_release(
                issuer=issuer,
                agency=agency,
                pr_contacts=pr_contacts,
                by=user,
                boilerplates=boilerplates[1],
            )
            load_correction(release=release, by=user)
            upcoming = load_upcoming_release(
                issuer=issuer,
                agency=agency,
                pr_contacts=pr_contacts,
                by=user,
                boilerplates=boilerplates[2],
            )
            outlets = load_outlets()
            pks = load_media_contacts(specs=specs, outlets=outlets, beats=beats)
            load_suppressions(specs=specs)
            lists = load_lists(in_house=in_house, agency=agency, specs=specs, pks=pks, beats=beats)

        demo_contacts_qs = MediaContact.objects.filter(email__in=list(pks))
        suppressed = Suppression.objects.filter(email__in=list(pks)).count()
        user_note = (
            "created (password from DEMO_PASSWORD, default 'pressroom-demo')"
            if user_created
            else "already there, password unchanged"
        )
        self.stdout.write(
            "\n".join(
                [
                    "Demo data loaded.",
                    f"  issuer: {issuer.name_en}; agency: {agency.name_en}; "
                    f"PR contacts: {len(pr_contacts)}",
                    f"  release: {release.slug} ({release.translations.count()} translations, "
                    f"{release.assets.count()} assets, "
                    f"{release.enquiry_links.count()} enquiry contacts), "
                    f"published when its embargo lifted, {release.embargo_display()}",
                    f"  upcoming: {upcoming.slug}, approved, embargoed until "
                    f"{upcoming.embargo_display()}",
                    f"  release template: {template.name}; boilerplate: 2 versions per "
                    "language (the published release keeps version 1)",
                    f"  beats: {len(beats)}; outlets: {len(outlets)}; "
                    f"media contacts: {demo_contacts_qs.count()} ({suppressed} suppressed)",
                    "  distribution lists: "
                    + "; ".join(f"{dl.name} ({dl.contacts().count()})" for dl in lists),
                    f"  user '{user.get_username()}': {user_note}",
                    *(
                        f"  user '{role_user.get_username()}' "
                        f"({', '.join(role_user.groups.values_list('name', flat=True))}): "
                        + ("created, same password" if created else "already there")
                        for role_user, created in role_users
                    ),
                ]
            )
        )
