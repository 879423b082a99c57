from django.db import models


class Document(models.Model):
    """Test-only aggregate: a document owned by an agency that goes draft → submitted → accepted."""

    title = models.CharField("title", max_length=100)
    status = models.CharField("status", max_length=20, default="draft")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title
