"""Which models the search box covers, and how to turn one object into an index entry.

Each app registers its models in its own ``search.py`` (imported by ``SearchConfig.ready()``
through ``autodiscover_modules("search")``)::

    from khcn.search.registry import register

    register(
        Organization,
        title=lambda org: org.name,
        body=lambda org: " · ".join([org.short_name, *(a.name for a in org.aliases.all())]),
        url=lambda org: org.get_absolute_url(),
        policy=organization_policy,
        queryset=lambda: Organization.objects.prefetch_related("aliases"),
        label=_("Agency"),
    )

See ``docs/search.md`` for the contract of each argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Model, QuerySet
from django.utils.text import capfirst

_INTEGER_PK_FIELDS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField)


class VisibilityPolicy(Protocol):
    """The part of ``khcn.core.permissions.Policy`` the search facade relies on."""

    def visible(self, user: Any, qs: QuerySet[Any], action: str = "view") -> QuerySet[Any]: ...


@dataclass(frozen=True)
class Registration:
    """How one model is indexed, shown and permission-filtered."""

    model: type[Model]
    title: Callable[[Any], str]
    body: Callable[[Any], str]
    url: Callable[[Any], str]
    policy: VisibilityPolicy
    queryset: Callable[[], QuerySet[Any]] | None = None
    label: Any = None
    label_plural: Any = None
    shown: Callable[[], QuerySet[Any]] | None = None

    @property
    def model_label(self) -> str:
        """``app_label.model_name``, as used by ``manage.py search_rebuild --model``."""
        return self.model._meta.label_lower

    @property
    def type_label(self) -> str:
        """The human label shown next to each hit ("Agency", "User")."""
        return str(capfirst(self.label if self.label is not None else self.model._meta.verbose_name))

    @property
    def group_label(self) -> str:
        """The heading of this type's group of hits ("Agencies", "Plans")."""
        plural = self.label_plural if self.label_plural is not None else self.model._meta.verbose_name_plural
        return str(capfirst(plural))

    def shown_queryset(self) -> QuerySet[Any]:
        """Where the search page loads its hits from (before ``policy.visible``): ``shown``, or
        the default manager. Keep it to one query (``select_related``, ``defer``; no prefetch)."""
        if self.shown is not None:
            return self.shown()
        return self.model._default_manager.all()

    def get_queryset(self) -> QuerySet[Any]:
        """The objects to index, with the relations ``title``/``body`` need pre-loaded."""
        if self.queryset is not None:
            return self.queryset()
        return self.model._default_manager.all()


_registry: dict[type[Model], Registration] = {}


def register(
    model: type[Model],
    *,
    title: Callable[[Any], str],
    body: Callable[[Any], str],
    url: Callable[[Any], str],
    policy: VisibilityPolicy,
    queryset: Callable[[], QuerySet[Any]] | None = None,
    label: Any = None,
    label_plural: Any = None,
    shown: Callable[[], QuerySet[Any]] | None = None,
) -> Registration:
    """Make ``model`` searchable.

    ``title``, ``body`` and ``url`` turn one object into text (they run at index time for
    title and body, and at display time for url — keep ``url`` free of database queries).
    ``policy.visible(user, qs)`` decides which objects a user may find. ``queryset`` returns
    the objects to index with ``select_related``/``prefetch_related`` for what ``body``
    reads. ``label`` is the type name shown next to each hit (default: the verbose name),
    ``label_plural`` the heading of the type's group of hits (default: the plural verbose name).
    ``shown`` returns the queryset the hits are loaded from for display (default: the default
    manager; e.g. one that defers large columns). The model must have an integer primary key.
    """
    model = model._meta.concrete_model or model
    if model in _registry:
        raise ImproperlyConfigured(f"{model._meta.label} is already registered for search.")
    if not isinstance(model._meta.pk, _INTEGER_PK_FIELDS):
        raise ImproperlyConfigured(f"{model._meta.label}: search needs an integer primary key.")
    if not callable(getattr(policy, "visible", None)):
        raise ImproperlyConfigured(f"{model._meta.label}: the search policy needs a visible() method.")
    registration = Registration(
        model=model,
        title=title,
        body=body,
        url=url,
        policy=policy,
        queryset=queryset,
        label=label,
        label_plural=label_plural,
        shown=shown,
    )
    _registry[model] = registration
    return registration


def unregister(model: type[Model]) -> None:
    """Forget ``model`` (tests; an app that stops being searchable). Its entries stay until
    the next full ``rebuild()``, and are never shown meanwhile."""
    _registry.pop(model._meta.concrete_model or model, None)


def get_registration(model_or_obj: type[Model] | Model) -> Registration | None:
    """The registration of a model (or of an object's model), or None."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return _registry.get(model._meta.concrete_model or model)


def registrations() -> Iterator[Registration]:
    """Every registration, in registration order."""
    return iter(list(_registry.values()))


def is_registered(model: type[Model]) -> bool:
    return get_registration(model) is not None
