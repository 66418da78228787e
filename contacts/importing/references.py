"""The beats and distribution lists a contact file names: found, or kept to create."""

from django.utils.text import slugify
from django.utils.translation import gettext

from contacts.importing.columns import name_key
from contacts.models import (
    Beat,
    DistributionList,
    Organisation,
    StaffUser,
)
from contacts.resources import (
    is_chinese,
    split_lists,
    unneutralise,
)


class Beats:
    def __init__(self) -> None:
        self.by_name: dict[str, int] = {}
        self.slugs: set[str] = set()
        for pk, slug, name_en, name_zh_hant in Beat.objects.values_list(
            "pk", "slug", "name_en", "name_zh_hant"
        ):
            self.slugs.add(slug)
            for name in (slug, name_en, name_zh_hant):
                if name:
                    self.by_name.setdefault(name_key(name), pk)
        self.new: dict[str, str] = {}  # key -> name as first written
        self.new_pks: dict[str, int] = {}

    def resolve(self, name: str) -> int | str:
        """A known beat's pk, or the key of one to create."""
        key = name_key(name)
        pk = self.by_name.get(key)
        if pk is not None:
            return pk
        self.new.setdefault(key, name)
        return key

    def keep(self, used: set[str]) -> None:
        """Forget the new names no imported row ended up using (rows found invalid later)."""
        self.new = {key: value for key, value in self.new.items() if key in used}

    def create(self) -> None:
        beats = []
        for name in self.new.values():
            base = slugify(name)[:40] or "beat"
            slug, suffix = base, 2
            while slug in self.slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            self.slugs.add(slug)
            beats.append(
                Beat(
                    slug=slug,
                    name_en=name[:100],
                    name_zh_hant=name[:100] if is_chinese(name) else "",
                )
            )
        for key, beat in zip(self.new, Beat.objects.bulk_create(beats), strict=True):
            self.new_pks[key] = beat.pk

    def pk_of(self, ref: int | str) -> int:
        return ref if isinstance(ref, int) else self.new_pks[ref]


class Lists:
    """The lists the importer may fill, by name; names it does not have become new lists of the
    importer's organisation."""

    def __init__(self, user: StaffUser, organisation: Organisation | None) -> None:
        self.organisation = organisation
        self.names: dict[int, str] = {}
        candidates: dict[str, list[tuple[int, int]]] = {}
        for pk, name, owner_id in DistributionList.objects.editable_by(user).values_list(
            "pk", "name", "owner_id"
        ):
            self.names[pk] = name
            candidates.setdefault(name_key(name), []).append((pk, owner_id))
        self.candidates = candidates
        self.new: dict[str, str] = {}
        self.new_pks: dict[str, int] = {}

    def resolve(self, name: str) -> tuple[int | str | None, str]:
        """(pk or key of a list to create, "") or (None, why the name cannot be used)."""
        key = name_key(name)
        found = self.candidates.get(key, [])
        if len(found) > 1 and self.organisation is not None:
            found = [item for item in found if item[1] == self.organisation.pk] or found
        if len(found) == 1:
            return found[0][0], ""
        if found:
            return None, gettext(
                "“%(name)s” is the name of lists of several organisations: choose the list on "
                "the import page instead"
            ) % {"name": name}
        if self.organisation is None:
            return None, gettext(
                "unknown list “%(name)s” (you belong to no organisation, so Pressroom cannot "
                "create it)"
            ) % {"name": name}
        self.new.setdefault(key, name[:200])
        return key, ""

    def keep(self, used: set[str]) -> None:
        """Forget the new names no imported row ended up using (rows found invalid later)."""
        self.new = {key: value for key, value in self.new.items() if key in used}

    def create(self) -> None:
        if not self.new:
            return
        assert self.organisation is not None
        created = DistributionList.objects.bulk_create(
            [DistributionList(owner=self.organisation, name=name) for name in self.new.values()]
        )
        for key, distribution_list in zip(self.new, created, strict=True):
            self.new_pks[key] = distribution_list.pk
            self.names[distribution_list.pk] = distribution_list.name

    def pk_of(self, ref: int | str) -> int:
        return ref if isinstance(ref, int) else self.new_pks[ref]

    def name_of(self, ref: int | str) -> str:
        return self.names[ref] if isinstance(ref, int) else self.new[ref]


def resolve_lists(lists: "Lists", text: str) -> tuple[list[int | str], str]:
    refs: list[int | str] = []
    for name in split_lists(unneutralise(text.strip())):
        ref, problem = lists.resolve(name)
        if ref is None:
            return [], problem
        refs.append(ref)
    return refs, ""
