"""Django's own messages that its Vietnamese catalogue does not translate, marked here so that
the project's catalogue (``locale/vi``, searched before Django's) does.

Django 5.2 changed some msgids its translators have not caught up with (the password-length
error now reads ``%d``, its catalogue still has ``%(min_length)d``), and a few messages were
never translated. Each one listed here can reach a KHCN page: the password change form and its
validators (``AUTH_PASSWORD_VALIDATORS``), the username check, any text field. The msgids must
be Django's, letter for letter; ``khcn/core/tests/test_translations.py`` checks that Django
still uses each of them and that it reads in Vietnamese.

Nothing imports this module at run time: the strings only need to be extracted.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    # django.core.validators.ProhibitNullCharactersValidator (every form CharField)
    gettext_noop("Null characters are not allowed."),
    # django.contrib.auth.validators.ASCIIUsernameValidator
    gettext_noop(
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters."
    ),
)

PLURAL_MESSAGES = (
    # django.contrib.auth.password_validation.MinimumLengthValidator.get_error_message
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
)
