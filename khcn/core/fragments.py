"""Fragments of pages rendered (and values computed) once per change of what they show.

A fragment is cached under a key made of everything it depends on: the versions of the data
(``Plan.version``, ``Plan.data_version``… read with the page, in the same request), the day when
it depends on the date, the language, the query string that shapes it. A write that changes
the data raises a version in its own transaction, so a fragment is never served for data it
was not rendered from, whatever the cache backend and however many processes share it; old
entries simply age out. Fragments hold no user-specific content (no CSRF token, no link that
depends on who reads): what depends on the reader goes in the key or stays out of the fragment
(a form in a fragment carries a placeholder that the reader's token replaces once the fragment
is read: ``khcn.plans.templatetags.plans.due_entries``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

PREFIX = "khcn:fragment:"
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def fragment_key(name: str, parts: tuple[Hashable, ...]) -> str:
    """The cache key of fragment ``name`` for ``parts`` and the active language."""
    raw = repr((name, translation.get_language(), parts)).encode()
    return PREFIX + name + ":" + hashlib.sha256(raw).hexdigest()[:40]


def cached_value(name: str, parts: tuple[Hashable, ...], compute: Callable[[], Any]) -> Any:
    """What ``compute()`` gives (picklable, language-independent), from the cache when it was
    computed for the same ``parts``; the same rules as ``cached_fragment``."""
    seconds = settings.KHCN_FRAGMENT_SECONDS
    if not seconds:
        return compute()
    key = PREFIX + name + ":" + hashlib.sha256(repr((name, parts)).encode()).hexdigest()[:40]
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, seconds)
    return found


_MISSING = object()


def cached_values(
    name: str, parts: Mapping[K, tuple[Hashable, ...]], compute: Callable[[list[K]], Mapping[K, V]]
) -> dict[K, V]:
    """``cached_value`` for many things at once: ``parts`` maps each thing (a plan's id…) to
    what its value depends on; the values not cached are computed together by
    ``compute(missing things)`` (one batch of queries whatever their number) and cached
    each under its own key, so that a change to one thing recomputes that thing only."""
    seconds = settings.KHCN_FRAGMENT_SECONDS
    if not seconds:
        return dict(compute(list(parts)))
    keys = {
        thing: PREFIX + name + ":" + hashlib.sha256(repr((name, thing, part)).encode()).hexdigest()[:40]
        for thing, part in parts.items()
    }
    cached = cache.get_many(list(keys.values()))
    found = {thing: cached[key] for thing, key in keys.items() if key in cached}
    missing = [thing for thing in parts if thing not in found]
    if missing:
        computed = compute(missing)
        cache.set_many({keys[thing]: computed[thing] for thing in missing}, seconds)
        found.update((thing, computed[thing]) for thing in missing)
    return found


def cached_fragment(name: str, parts: tuple[Hashable, ...], render: Callable[[], str]) -> SafeString:
    """The HTML ``render()`` gives, from the cache when it was rendered for the same ``parts``
    (``KHCN_FRAGMENT_SECONDS``; 0 turns the cache off)."""
    seconds = settings.KHCN_FRAGMENT_SECONDS
    if not seconds:
        return mark_safe(render())  # noqa: S308 (rendered by a template, escaped there)
    key = fragment_key(name, parts)
    html: Any = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, str(html), seconds)
    return mark_safe(html)  # noqa: S308 (rendered by a template, escaped there)
