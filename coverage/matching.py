"""Which recent release a story covers, from the words it shares with the release, in either
language. A text becomes a set of features:

- English words (lower case, a plural's "s" dropped, common words left out);
- figures (digits, thousands separators removed): "HK$1.2 billion" gives 1.2, "2,000" 2000;
- names: runs of two or more capitalised words ("Global Innovation Index");
- Chinese (and any CJK) text as overlapping character pairs (bigrams): Chinese is not written
  with spaces, so "創新集群奪全球第一" gives 創新, 新集, 集群, 群奪, 奪全, 全球, 球第, 第一.

Each feature weighs by how rare it is among the releases (inverse document frequency), names
and figures half as much again. A story's score for a release is, for the release's best
language, the share of the weight of the release's headline and sub-headline features the
story carries, plus a quarter of the share of its body's names and figures. A story is
proposed for a release when the score reaches MATCH_THRESHOLD and it shares at least
MIN_SHARED features of the headline, for its best release (and any within MARGIN of it);
candidates come from an inverted index, so a story is
compared only with releases it shares a feature with."""

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import unescape

MATCH_THRESHOLD = 0.5
MARGIN = 0.05  # a story covers its best release, and others only as close to it as this
MIN_SHARED = 3
BODY_SHARE = 0.25
KEY_WEIGHT = 1.5  # names and figures
SELECTIVE, SELECTIVE_MIN = 0.1, 5  # a feature in more releases than this finds no candidates

_STOPWORDS = """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers him his how i if in into is it its
    itself just more most new news no nor not now of off on once only or other our out over
    own per said same say says she should so some such than that the their them then there
    these they this those through to today too under until up very was we were what when where
    which while who whom why will with would year years you your hong kong hk"""
STOPWORDS = frozenset(_STOPWORDS.split())
WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")
NAME = re.compile(r"(?:[A-Z][\w&'\-]*\s+){1,5}[A-Z][\w&'\-]*")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    return unescape(TAGS.sub(" ", text or ""))


def features(text: str) -> set[str]:
    text = plain(text)
    found: set[str] = set()
    for word in WORD.findall(text):
        word = word.lower().strip("'-")
        if len(word) < 3 or word in STOPWORDS:
            continue
        if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        found.add("w:" + word)
    found |= key_features(text)
    for run in CJK_RUN.findall(text):
        if len(run) == 1:
            found.add("c:" + run)
        found.update("c:" + run[i : i + 2] for i in range(len(run) - 1))
    return found


def key_features(text: str) -> set[str]:
    """Figures and names: what tells one story from another on the same subject."""
    found: set[str] = set()
    for figure in FIGURE.findall(text):
        digits = figure.replace(",", "")
        if len(digits.replace(".", "")) >= 2:
            found.add("n:" + digits.rstrip("0").rstrip(".") if "." in digits else "n:" + digits)
    for name in NAME.findall(text):
        words = [w for w in name.lower().split() if w not in STOPWORDS]
        if len(words) >= 2:
            found.add("e:" + " ".join(words))
    return found


@dataclass
class ReleaseText:
    """A release in one or more languages: (headline + sub-headline, body) per language."""

    release_id: int
    versions: list[tuple[str, str]]
    public_since: float = 0.0  # a POSIX time; stories published before it are not its coverage


@dataclass
class _Indexed:
    release_id: int
    heads: list[tuple[set[str], float]]  # per language: the features and their total weight
    body_keys: set[str]
    body_total: float
    public_since: float


@dataclass
class Match:
    release_id: int
    score: float
    shared: list[str]


@dataclass
class ReleaseIndex:
    releases: list[_Indexed] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    # feature -> positions of the releases that have it, for the features that tell releases
    # apart (in at most SELECTIVE of them): a story is scored only against releases it shares
    # one of those with, never against every release.
    postings: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, texts: Iterable[ReleaseText]) -> "ReleaseIndex":
        index = cls()
        holders: dict[str, list[int]] = defaultdict(list)
        made = []
        for text in texts:
            heads = [features(head) for head, _body in text.versions]
            body_keys = set().union(*(key_features(plain(body)) for _h, body in text.versions))
            made.append((text, heads, body_keys))
            for feature in set().union(*heads) | body_keys:
                holders[feature].append(len(made) - 1)
        count = len(made)
        for feature, positions in holders.items():
            idf = math.log((count + 1) / (len(positions) + 0.5)) + 1
            index.weights[feature] = idf * (KEY_WEIGHT if feature[0] in "ne" else 1.0)
            if len(positions) <= max(SELECTIVE_MIN, SELECTIVE * count):
                index.postings[feature] = positions
        weight = index.weights
        for text, heads, body_keys in made:
            index.releases.append(
                _Indexed(
                    release_id=text.release_id,
                    heads=[(head, sum(weight[f] for f in head)) for head in heads],
                    body_keys=body_keys,
                    body_total=sum(weight[f] for f in body_keys),
                    public_since=text.public_since,
                )
            )
        return index

    def match(self, text: str, *, published: float | None = None) -> list[Match]:
        """The releases the story covers, best first."""
        story = features(text)
        candidates: set[int] = set()
        for feature in story:
            candidates.update(self.postings.get(feature, ()))
        found = []
        for position in candidates:
            release = self.releases[position]
            if published is not None and published < release.public_since - 12 * 3600:
                continue  # published before the release was public: not its coverage
            result = self._score(release, story)
            if result is not None:
                found.append(result)
        found.sort(key=lambda m: -m.score)
        return [m for m in found if m.score >= found[0].score - MARGIN]

    def _score(self, release: _Indexed, story: set[str]) -> Match | None:
        weight = self.weights
        best, best_shared = 0.0, set()
        for head, total in release.heads:
            if not total:
                continue
            shared = head & story
            share = sum(weight[f] for f in shared) / total
            if share > best:
                best, best_shared = share, shared
        if len(best_shared) < MIN_SHARED:
            return None
        if release.body_total:
            body_shared = release.body_keys & story
            best += BODY_SHARE * sum(weight[f] for f in body_shared) / release.body_total
        if best < MATCH_THRESHOLD:
            return None
        return Match(release.release_id, round(best, 3), sorted(best_shared))
