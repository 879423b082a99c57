from django.conf import settings
from django.db import models


class Document(models.Model):
    """Test-only aggregate: a document its owner submits and a reviewer accepts or returns
    (draft → submitted → accepted). It knows no domain app, like the engine it tests."""

    title = models.CharField("title", max_length=100)
    status = models.CharField("status", max_length=20, default="draft")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title
