"""The labelled fixture of `make bench-coverage`: releases and outlet feeds made from word
lists with a fixed seed, each feed item labelled with the release it covers (or none).

Per release: an organisation, a topic and figures, in English and Chinese. Per feed (half in
Chinese): 50 items, of which about one in eight covers a release (a journalist's headline: some
of the release's words, rewritten, the organisation, usually a figure, sometimes none), one in
eight is a near miss (the same organisation on another topic with other figures, or the same
topic from another organisation), and the rest is other news. No two releases share both
organisation and topic."""

import random
from dataclasses import dataclass, field

ORGS = [
    ("Cyberport", "數碼港"), ("Science Park", "科學園"), ("Airport Authority", "機管局"),
    ("Harbour Bank", "海港銀行"), ("Metro Rail", "港鐵"), ("Tourism Board", "旅遊發展局"),
    ("Trade Council", "貿易發展局"), ("Arts Hub", "藝術中心"), ("Port Operator", "港口營運商"),
    ("Green Power", "綠色電力"), ("Water Supplies", "水務署"), ("City University", "城市大學"),
    ("Ocean Park", "海洋公園"), ("Jockey Club", "賽馬會"), ("Housing Society", "房屋協會"),
    ("Stock Exchange", "交易所"), ("Film Archive", "電影資料館"), ("Heritage Trust", "文物信託"),
    ("Sports Institute", "體育學院"), ("Health Authority", "醫管局"),
]  # fmt: skip
TOPICS = [
    ("fintech accelerator", "金融科技加速器"), ("green bond", "綠色債券"),
    ("artificial intelligence lab", "人工智能實驗室"), ("startup fund", "初創基金"),
    ("carbon neutral plan", "碳中和計劃"), ("smart mobility trial", "智慧出行試驗"),
    ("cyber security centre", "網絡安全中心"), ("talent scholarship", "人才獎學金"),
    ("data centre campus", "數據中心園區"), ("biotech incubator", "生物科技培育計劃"),
    ("esports arena", "電競場館"), ("elderly care robot", "安老機械人"),
    ("solar rooftop scheme", "太陽能屋頂計劃"), ("cross-border payment link", "跨境支付連接"),
    ("quantum computing partnership", "量子運算合作"),
    ("marine conservation project", "海洋保育項目"),
]  # fmt: skip
ACTIONS = [
    ("launches", "推出"), ("expands", "擴展"), ("unveils", "公布"), ("opens", "開設"),
    ("announces", "宣布"), ("backs", "支持"),
]  # fmt: skip
REWRITES = ["debuts", "rolls out", "reveals", "kicks off", "bets on", "starts"]
OTHER_NEWS = [
    ("Typhoon signal raised as storm approaches", "颱風信號生效 風暴逼近"),
    ("Lawmakers debate budget measures", "議員辯論預算案措施"),
    ("Football club wins league title", "足球會奪聯賽冠軍"),
    ("Property prices ease for third month", "樓價連跌三個月"),
    ("Ferry services resume after fog", "大霧過後渡輪服務恢復"),
    ("New restaurant guide names top dim sum", "新飲食指南選出最佳點心"),
    ("Hospital waiting times under review", "醫院輪候時間檢討"),
    ("Marathon route changes announced", "馬拉松路線更改"),
    ("Exhibition of ink paintings opens", "水墨畫展覽開幕"),
    ("Weekend traffic diversions planned", "周末交通改道安排"),
]  # fmt: skip


@dataclass
class Release:
    number: int
    org: int
    topic: int
    amount: int  # HK$ million
    people: int  # a second figure: companies, places, jobs
    headline_en: str = ""
    headline_zh: str = ""
    body_en: str = ""
    body_zh: str = ""


@dataclass
class Item:
    title: str
    link: str
    summary: str
    covers: int | None  # the release's number, or None


@dataclass
class Fixture:
    releases: list[Release]
    feeds: list[list[Item]] = field(default_factory=list)

    @property
    def labelled(self) -> dict[str, int | None]:
        return {item.link: item.covers for feed in self.feeds for item in feed}


def build(*, releases: int = 200, feeds: int = 500, items: int = 50, seed: int = 18) -> Fixture:
    rng = random.Random(seed)
    pairs = [(o, t) for o in range(len(ORGS)) for t in range(len(TOPICS))]
    rng.shuffle(pairs)
    made = []
    for number, (org, topic) in enumerate(pairs[:releases]):
        release = Release(number, org, topic, rng.randint(12, 990) * 10, rng.randint(15, 900))
        (org_en, org_zh), (topic_en, topic_zh) = ORGS[org], TOPICS[topic]
        action_en, action_zh = ACTIONS[number % len(ACTIONS)]
        release.headline_en = (
            f"{org_en} {action_en} HK${release.amount} million {topic_en} for "
            f"{release.people} companies"
        )
        release.headline_zh = (
            f"{org_zh}{action_zh}{release.amount}百萬港元{topic_zh}　惠及{release.people}間企業"
        )
        release.body_en = (
            f"<p>{org_en} today {action_en} a {topic_en} worth HK${release.amount} million. "
            f"{release.people} companies will take part in the {org_en} {topic_en.title()} "
            "Programme.</p>"
        )
        release.body_zh = (
            f"<p>{org_zh}今日{action_zh}{topic_zh}，涉及{release.amount}百萬港元，"
            f"{release.people}間企業將參與。</p>"
        )
        made.append(release)
    fixture = Fixture(releases=made)
    for feed in range(feeds):
        chinese = feed % 2 == 1
        fixture.feeds.append([_item(rng, fixture, feed, k, chinese) for k in range(items)])
    return fixture


def _item(rng: random.Random, fixture: Fixture, feed: int, k: int, chinese: bool) -> Item:
    link = f"https://outlet{feed}.example.com/news/{feed}-{k}"
    roll = rng.random()
    release = rng.choice(fixture.releases)
    (org_en, org_zh), (topic_en, topic_zh) = ORGS[release.org], TOPICS[release.topic]
    if roll < 0.125:  # coverage of `release`, as a journalist rewrites it
        with_figure = rng.random() < 0.7
        with_summary = rng.random() < 0.7
        if chinese:
            figure = f"{release.amount}百萬元" if with_figure else ""
            topic = topic_zh[:-2] if rng.random() < 0.3 and len(topic_zh) > 4 else topic_zh
            title = f"{org_zh}{figure}{topic}{rng.choice(['登場', '出爐', '獲好評', '正式啟動'])}"
            summary = f"{org_zh}表示，{topic_zh}將惠及{release.people}間企業。"
        else:
            words = topic_en.split()
            kept = " ".join(words[: max(1, len(words) - rng.randint(0, 2))])
            org = org_en.split()[0] if rng.random() < 0.3 else org_en
            figure = f" worth HK${release.amount}m" if with_figure else ""
            title = f"{org} {rng.choice(REWRITES)} {kept}{figure}"
            summary = (
                f"The {topic_en} from {org_en} is set to help {release.people} firms, "
                "officials said."
            )
        return Item(title, link, summary if with_summary else "", release.number)
    if roll < 0.25:  # a near miss: same organisation, other topic, or same topic, other org
        if rng.random() < 0.5:
            other_topic = TOPICS[(release.topic + rng.randint(1, len(TOPICS) - 1)) % len(TOPICS)]
            org_pair, topic_pair = ORGS[release.org], other_topic
        else:
            other_org = ORGS[(release.org + rng.randint(1, len(ORGS) - 1)) % len(ORGS)]
            org_pair, topic_pair = other_org, TOPICS[release.topic]
        amount = rng.randint(12, 990) * 10
        if (org_pair, topic_pair) in {(ORGS[r.org], TOPICS[r.topic]) for r in fixture.releases}:
            # that pair is another release: this is coverage of it, not a near miss
            org_pair = ("Private Developer", "私人發展商")
        if chinese:
            title = f"{org_pair[1]}考慮{topic_pair[1]}"
            summary = f"消息指{org_pair[1]}研究{topic_pair[1]}，涉及{amount}百萬元。"
        else:
            title = f"{org_pair[0]} weighs {topic_pair[0]} plan"
            summary = f"{org_pair[0]} is studying a {topic_pair[0]} of HK${amount} million."
        return Item(title, link, summary, None)
    other_en, other_zh = rng.choice(OTHER_NEWS)
    return Item(other_zh if chinese else other_en, link, "", None)
