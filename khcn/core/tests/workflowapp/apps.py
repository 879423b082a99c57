from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    """A test-only app whose one model exercises the workflow engine and policy helpers."""

    name = "khcn.core.tests.workflowapp"
    label = "workflowapp"
