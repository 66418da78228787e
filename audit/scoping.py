"""Which audit entries a staff user reads. An entry about a release, or anything that belongs
to one (a send, an embargo update, a template or boilerplate of an issuer), carries the
release's headline and reviewers' words: it is shown only to those who see that object in its
own admin. The apps that own those objects register their rule here (`register`); audit
imports none of them. Entries about anything else (logins, imports, permissions) follow the
audit log's own permission."""

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from audit.models import AuditEntry

# model -> rule(user, queryset of that model) -> the rows the user may see
Rule = Callable[[Any, QuerySet[Any]], QuerySet[Any]]
_RULES: dict[type[models.Model], Rule] = {}


def register(model: type[models.Model], rule: Rule) -> None:
    _RULES[model] = rule


def entries_visible_to(user: Any, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    if getattr(user, "is_superuser", False):
        return entries
    for model, rule in _RULES.items():
        visible_ids = (
            rule(user, model._default_manager.all())
            .annotate(audit_object_id=Cast("pk", CharField()))
            .values("audit_object_id")
        )
        kind = ContentType.objects.get_for_model(model)
        entries = entries.exclude(Q(content_type=kind) & ~Q(object_id__in=visible_ids))
    return entries
