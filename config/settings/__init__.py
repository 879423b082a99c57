"""Settings entry point: base settings driven by environment variables."""

from config.settings.base import *  # noqa: F403
