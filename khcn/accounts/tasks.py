"""Background jobs of accounts (django-tasks): the e-mails of self-registration, queued after
the transaction that registered the applicant commits (``services.applicant_register``). The
job takes the account's id, not the link: the link is signed when the mail is written."""

from __future__ import annotations

from django_tasks import task

from khcn.accounts import services


@task()
def send_registration_email(user_id: int, mail: str, language: str) -> bool:
    return services.registration_email_send(user_id=user_id, mail=mail, language=language)
