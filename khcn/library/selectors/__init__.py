"""Reads of the library, already restricted by ``record_policy``."""

from khcn.library.selectors.records import (
    FACETS,
    Facet,
    all_facets,
    collection_list,
    curator_queue,
    facets,
    file_for_download,
    record_for_page,
    record_search,
)

__all__ = [
    "FACETS",
    "Facet",
    "all_facets",
    "collection_list",
    "curator_queue",
    "facets",
    "file_for_download",
    "record_for_page",
    "record_search",
]
