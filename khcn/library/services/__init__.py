"""Writes of the library, each atomic, checked by the policies and audited:

- ``records``: collections, records (description, authors, fields, organisations, access),
  their files (checked by content; their text read in the background), the deposit workflow;
- ``deposit``: the results of S&T tasks deposited when their results are registered.

Import from the package: ``from khcn.library import services; services.record_create(…)``.
"""

from khcn.library.services.deposit import connect, deposit_task_results
from khcn.library.services.records import (
    FILE_KINDS,
    RECORD_FIELDS,
    collection_create,
    file_add,
    record_create,
    record_edit,
    record_step,
)

__all__ = [
    "FILE_KINDS",
    "RECORD_FIELDS",
    "collection_create",
    "connect",
    "deposit_task_results",
    "file_add",
    "record_create",
    "record_edit",
    "record_step",
]
