"""The one exception the parser raises: ``PlanParseError(code, message)``.

``code`` is a stable English identifier for programs (tests, the API, the review screen);
``message`` is the user's message, translated with Django's ``gettext`` into the active
language (Vietnamese by default). Nothing is saved when it is raised.
"""

from __future__ import annotations

from django.utils.translation import gettext as _


class PlanParseError(Exception):
    """A file or text that cannot be read as a plan, with a stable ``code`` and a message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"PlanParseError({self.code!r}, {self.message!r})"


def empty_error() -> PlanParseError:
    return PlanParseError("empty", _("The file is empty: there is no text to read."))


def too_large_error(size: int, limit: int) -> PlanParseError:
    mb = 1024 * 1024
    return PlanParseError(
        "too_large",
        _("The file is %(size)s MB; the limit is %(limit)s MB.")
        % {"size": f"{size / mb:.1f}", "limit": f"{limit / mb:g}"},
    )


def binary_error() -> PlanParseError:
    return PlanParseError(
        "binary",
        _("The file is not text, a Word document (.docx) or a PDF, and could not be read."),
    )


def old_word_error() -> PlanParseError:
    return PlanParseError(
        "unsupported",
        _("Old Word documents (.doc) cannot be read. Save the file as .docx and upload it again."),
    )


def bad_docx_error() -> PlanParseError:
    return PlanParseError("bad_docx", _("The Word document is damaged or is not a .docx file."))


def bad_pdf_error() -> PlanParseError:
    return PlanParseError("bad_pdf", _("The PDF file is damaged and could not be read."))


def encrypted_pdf_error() -> PlanParseError:
    return PlanParseError("encrypted_pdf", _("The PDF file is protected by a password."))


def no_text_layer_error() -> PlanParseError:
    return PlanParseError(
        "no_text_layer",
        _(
            "The PDF has no text layer (it is probably a scan). Upload the Word document, or run the PDF "
            "through text recognition (OCR) first."
        ),
    )


def no_structure_error() -> PlanParseError:
    return PlanParseError(
        "no_structure",
        _(
            "No plan structure was found: no numbered sections (I., 1., a), …), no task table and no "
            "assignment of an agency."
        ),
    )
