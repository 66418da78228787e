"""The email a journalist gets: the right language version with its headline, label ("For
immediate release" / 即時發布, or the embargo), dateline, body, signed asset links, media
enquiries, boilerplate and unsubscribe link; their name escaped in HTML; and MIME that any mail
program reads back to exactly what was rendered."""

import email
import email.policy
import re
from email.message import EmailMessage

import pytest
from django.conf import LazySettings, settings
from django.utils.module_loading import import_string

from distribution.models import Delivery, Send
from distribution.render import (
    ESPS_TAKING_METADATA,
    ESPS_TAKING_TRACK_CLICKS,
    Outgoing,
    Recipient,
    SendRenderer,
    message_date,
    variant_for,
)
from distribution.tokens import read_asset_token, read_unsubscribe_token
from pressroom.settings import _EMAIL_BACKENDS
from releases.models import Asset
from tests.distribution.officers import EMBARGO_HKT, NOW, approved_release
from tests.factories import AssetFactory, DeliveryFactory, PRContactFactory, SendFactory

pytestmark = pytest.mark.django_db

EN_HEADLINE = "Innovation cluster ranked first in the world"
ZH_HEADLINE = "創新集群奪全球第一"
ZH_EMBARGO = "禁止發布至 2025 年 9 月 1 日 10:00 HKT"


def a_send(kind: str = Send.Kind.IMMEDIATE) -> tuple[Send, list[Asset]]:
    release = approved_release()
    release.enquiry_links.all().delete()
    release.enquiry_links.create(
        pr_contact=PRContactFactory.create(
            name_en="Sam Wong", name_zh_hant="黃小姐", phone="+852 5550 1234"
        ),
        order=0,
    )
    assets = [
        AssetFactory.create(
            release=release, caption_en="The chairman speaks", caption_zh_hant="主席致辭", order=0
        ),
        AssetFactory.create(
            release=release, caption_en="The park at night", caption_zh_hant="園區夜景", order=1
        ),
    ]
    return SendFactory.create(release=release, kind=kind, status=Send.Status.SENDING), assets


def render(send: Send, variant: str, name: str = "Alex Chan") -> tuple[Outgoing, Delivery]:
    delivery = DeliveryFactory.create(send=send, language=variant)
    renderer = SendRenderer(send)
    outgoing = renderer.outgoing(
        Recipient(delivery_id=delivery.pk, email=delivery.email, name=name, variant=variant)
    )
    return outgoing, delivery


ENGLISH = [
    EN_HEADLINE,
    "Technology park welcomes the ranking",
    "HONG KONG, 1 September 2025",
    "The cluster was ranked first today.",
    "Photos and materials",
    "The chairman speaks",
    "Media enquiries",
    "Sam Wong",
    "+852 5550 1234",
    "About Harbour Technology Park",
    "Harbour Technology Park is a digital technology hub.",
    "Unsubscribe",
]
CHINESE = [
    ZH_HEADLINE,
    "科技園表示歡迎",
    "香港，2025 年 9 月 1 日",
    "創新集群今日榮登全球第一位。",
    "新聞圖片及資料",
    "主席致辭",
    "傳媒查詢",
    "黃小姐",
    "關於海港科技園",
    "海港科技園是數碼科技樞紐。",
    "取消訂閱",
]


@pytest.mark.parametrize(
    ("variant", "kind", "subject", "labels", "parts", "absent"),
    [
        pytest.param(
            "en", Send.Kind.IMMEDIATE, EN_HEADLINE, ["For immediate release"], ENGLISH,
            [ZH_HEADLINE, "即時發布"], id="English, immediate",
        ),
        pytest.param(
            "zh-hant", Send.Kind.IMMEDIATE, ZH_HEADLINE, ["即時發布"], CHINESE,
            [EN_HEADLINE, "For immediate release"], id="Chinese, immediate",
        ),
        pytest.param(
            "en", Send.Kind.ADVANCE, f"EMBARGOED UNTIL {EMBARGO_HKT}: {EN_HEADLINE}",
            [f"EMBARGOED UNTIL {EMBARGO_HKT}"], ENGLISH, ["For immediate release", ZH_EMBARGO],
            id="English, advance copy",
        ),
        pytest.param(
            "zh-hant", Send.Kind.ADVANCE, f"{ZH_EMBARGO}: {ZH_HEADLINE}", [ZH_EMBARGO], CHINESE,
            ["即時發布", "EMBARGOED"], id="Chinese, advance copy",
        ),
        pytest.param(
            "both", Send.Kind.IMMEDIATE, f"{ZH_HEADLINE} | {EN_HEADLINE}",
            ["即時發布", "For immediate release"], CHINESE + ENGLISH, ["EMBARGOED"],
            id="both, immediate",
        ),
        pytest.param(
            "both", Send.Kind.ADVANCE,
            f"{ZH_EMBARGO}: {ZH_HEADLINE} | EMBARGOED UNTIL {EMBARGO_HKT}: {EN_HEADLINE}",
            [ZH_EMBARGO, f"EMBARGOED UNTIL {EMBARGO_HKT}"], CHINESE + ENGLISH, ["即時發布"],
            id="both, advance copy",
        ),
    ],
)  # fmt: skip
def test_each_version_has_its_headline_label_dateline_and_blocks(
    variant: str, kind: str, subject: str, labels: list[str], parts: list[str], absent: list[str]
) -> None:
    send, _assets = a_send(kind)

    outgoing, _delivery = render(send, variant)

    assert outgoing.subject == subject
    for body in (outgoing.text, outgoing.html):
        for part in labels + parts:
            assert part in body, part
        for part in absent:
            assert part not in body, part


def test_chinese_comes_first_when_both_languages_are_sent() -> None:
    send, _assets = a_send()

    outgoing, _delivery = render(send, "both")

    for body in (outgoing.text, outgoing.html):
        assert body.index(ZH_HEADLINE) < body.index(EN_HEADLINE)


def links(body: str, kind: str) -> list[str]:
    return re.findall(re.escape(settings.SITE_URL) + f'/{kind}/([^/"<>\\s]+)/', body)


def test_asset_links_are_signed_for_this_delivery_and_asset() -> None:
    send, assets = a_send()

    outgoing, delivery = render(send, "en")

    for body in (outgoing.text, outgoing.html):
        tokens = links(body, "l")
        assert [read_asset_token(token) for token in tokens] == [
            (delivery.pk, asset.pk) for asset in assets
        ]
    assert "drive.example.com" not in outgoing.text + outgoing.html  # targets stay stored


def test_the_unsubscribe_link_names_this_delivery() -> None:
    send, _assets = a_send()

    outgoing, delivery = render(send, "zh-hant")

    [from_text] = links(outgoing.text, "u")
    [from_html] = links(outgoing.html, "u")
    assert from_text == from_html
    assert read_unsubscribe_token(from_text) == delivery.pk
    assert outgoing.headers["List-Unsubscribe"] == f"<{settings.SITE_URL}/u/{from_text}/>"


def test_each_recipient_gets_their_own_links_and_name_and_nothing_else_differs() -> None:
    send, _assets = a_send()
    renderer = SendRenderer(send)
    first, second = DeliveryFactory.create(send=send), DeliveryFactory.create(send=send)

    one = renderer.outgoing(Recipient(first.pk, first.email, "Alex Chan", "en"))
    two = renderer.outgoing(Recipient(second.pk, second.email, "Jo Lee", "en"))

    assert links(one.html, "l") != links(two.html, "l")

    def neutral(outgoing: Outgoing) -> str:
        body = re.sub(r"/(l|u)/[^/]+/", "/TOKEN/", outgoing.html)
        return body.replace(outgoing.recipient.name, "NAME")

    assert neutral(one) == neutral(two)


def test_the_recipient_name_is_escaped_in_html_and_kept_in_text() -> None:
    send, _assets = a_send()
    name = 'Lee <b onmouseover="x">Scoop</b> & Co'

    outgoing, _delivery = render(send, "en", name=name)

    assert "Lee &lt;b onmouseover=&quot;x&quot;&gt;Scoop&lt;/b&gt; &amp; Co" in outgoing.html
    assert "<b onmouseover" not in outgoing.html
    assert f"Sent to {name} by" in outgoing.text


def parse(outgoing: Outgoing, renderer: SendRenderer) -> EmailMessage:
    raw = outgoing.mime(from_header=renderer.from_header, date=message_date(NOW))
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.mark.parametrize(
    ("variant", "name", "kind", "display_name"),
    [
        ("en", 'Alex "Scoop" Chan', Send.Kind.IMMEDIATE, "Alex Scoop Chan"),
        ("zh-hant", "陳大文", Send.Kind.ADVANCE, "陳大文"),
        ("both", "Lee, 李記者", Send.Kind.ADVANCE, "Lee, 李記者"),
    ],
)
def test_the_mime_message_reads_back_to_what_was_rendered(
    variant: str, name: str, kind: str, display_name: str
) -> None:
    send, _assets = a_send(kind)
    delivery = DeliveryFactory.create(send=send, language=variant)
    renderer = SendRenderer(send)
    outgoing = renderer.outgoing(Recipient(delivery.pk, delivery.email, name, variant))

    message = parse(outgoing, renderer)

    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == outgoing.subject
    [to] = message["To"].addresses
    assert to.addr_spec == delivery.email
    assert to.display_name == display_name
    assert message["From"].addresses[0].addr_spec == "newsroom@pressroom.example.com"
    assert message["Date"].datetime == NOW
    assert message["Message-ID"] == f"<pressroom.{send.pk}.{delivery.pk}@pressroom.example.com>"
    assert message["Message-ID"] == delivery.message_id
    token = links(outgoing.text, "u")[0]
    assert message["List-Unsubscribe"] == f"<{settings.SITE_URL}/u/{token}/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None
    assert html is not None
    assert plain.get_content_charset() == "utf-8"
    assert html.get_content_charset() == "utf-8"
    assert plain.get_content() == outgoing.text
    assert html.get_content() == outgoing.html


def test_the_message_for_an_esp_carries_the_same_parts_and_our_ids(
    settings: LazySettings,
) -> None:
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    send, _assets = a_send()
    outgoing, delivery = render(send, "en")

    message = SendRenderer(send).email_message(outgoing)

    assert message.subject == outgoing.subject
    assert message.body == outgoing.text
    assert message.alternatives[0][0] == outgoing.html
    assert message.extra_headers["Message-ID"] == delivery.message_id
    assert message.metadata == {  # type: ignore[attr-defined]
        "delivery_id": str(delivery.pk),
        "send_id": str(send.pk),
    }


@pytest.mark.parametrize(
    ("preferred", "release_languages", "variant"),
    [
        ("en", ["en", "zh-hant"], "en"),
        ("zh-hant", ["en", "zh-hant"], "zh-hant"),
        ("both", ["en", "zh-hant"], "both"),
        ("both", ["en"], "en"),
        ("both", ["zh-hant"], "zh-hant"),
        ("zh-hant", ["en"], "en"),
        ("en", ["zh-hant"], "zh-hant"),
        ("en", ["zh-hans"], "zh-hans"),
        ("zh-hans", ["en", "zh-hant"], "zh-hant"),
    ],
)
def test_a_contact_gets_their_language_or_what_the_release_has(
    preferred: str, release_languages: list[str], variant: str
) -> None:
    assert variant_for(preferred, release_languages) == variant


# Made-up credentials: building an ESP's API payload reads them but calls no one.
ESP_CREDENTIALS: dict[str, dict[str, str]] = {
    "mailgun": {"api_key": "test"},
    "postmark": {"server_token": "test"},
    "brevo": {"api_key": "test"},
    "resend": {"api_key": "test"},
    "mailersend": {"api_token": "test"},
    "postal": {"api_key": "test", "api_url": "https://postal.example.com"},
    "sendgrid": {"api_key": "test"},
}
ANYMAIL_ESPS = sorted(
    name for name, path in _EMAIL_BACKENDS.items() if path.startswith("anymail.backends.")
)


@pytest.mark.parametrize("esp", ANYMAIL_ESPS)
def test_no_esp_pressroom_offers_is_asked_for_an_option_it_refuses(
    esp: str, settings: LazySettings
) -> None:
    settings.EMAIL_BACKEND = _EMAIL_BACKENDS[esp]
    send, _assets = a_send()
    outgoing, _delivery = render(send, "both", name="陳大文")
    backend = import_string(settings.EMAIL_BACKEND)(**ESP_CREDENTIALS.get(esp, {}))

    message = SendRenderer(send).email_message(outgoing)

    # anymail raises AnymailUnsupportedFeature here for an option the ESP refuses, which
    # would fail every message of every send.
    backend.build_message_payload(message, backend.send_defaults)
    # What it is asked where it can be: our ids, and not to rewrite our tracked links.
    takes_metadata = backend.esp_name in ESPS_TAKING_METADATA
    assert hasattr(message, "metadata") is takes_metadata
    takes_track_clicks = backend.esp_name in ESPS_TAKING_TRACK_CLICKS
    assert getattr(message, "track_clicks", None) is (False if takes_track_clicks else None)


@pytest.mark.parametrize(
    ("variant", "foot", "not_in_foot"),
    [
        ("zh-hant", ["發送給 李思穎。", "取消訂閱"], ["Sent to", "Unsubscribe"]),
        ("en", ["Sent to 李思穎 by", "Unsubscribe"], ["發送給", "取消訂閱"]),
        ("both", ["發送給 李思穎。", "Sent to 李思穎 by", "取消訂閱 Unsubscribe"], []),
    ],
)
def test_the_foot_is_in_the_emails_languages(
    variant: str, foot: list[str], not_in_foot: list[str]
) -> None:
    send, _assets = a_send()

    outgoing, _delivery = render(send, variant, name="李思穎")

    text_foot = outgoing.text.rsplit("\n--\n", 1)[1]
    html_foot = outgoing.html.rsplit("border-top:1px solid #e5e7eb;", 1)[1]
    for shown in (text_foot, html_foot):
        for words in foot:
            assert words in shown
        for words in not_in_foot:
            assert words not in shown
