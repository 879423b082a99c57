"""Test settings: the base settings, made fast and deterministic."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("KHCN_DEMO", "0")

from config.settings.base import *  # noqa: F403
from config.settings.base import INSTALLED_APPS, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
INSTALLED_APPS = [*INSTALLED_APPS, "khcn.core.tests.workflowapp"]
AXES_FAILURE_LIMIT = 5
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
KHCN_SITE_URL = "https://khcn.example.invalid"
# Deadlines are computed from the holidays library alone, whatever the environment adds.
KHCN_EXTRA_HOLIDAYS = []
KHCN_EXTRA_WORKING_DAYS = []
