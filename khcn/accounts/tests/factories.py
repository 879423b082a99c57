import factory

from khcn.accounts.choices import COUNCIL_ROLES, Role
from khcn.accounts.models import Membership, User
from khcn.core.text import collation_key
from khcn.organizations.tests.factories import OrganizationFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    full_name_sort = factory.LazyAttribute(lambda o: collation_key(o.full_name))
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.AGENCY_REPORTER
    organization = factory.LazyAttribute(
        lambda o: (
            None
            if o.role in COUNCIL_ROLES or o.role in (Role.SYSADMIN, Role.APPLICANT)
            else OrganizationFactory()
        )
    )


def user_with_role(role: str, organization=None, council=None, **kwargs) -> User:
    """A user holding one membership with ``role`` (in a new agency if none is given)."""
    user = UserFactory(**kwargs)
    if role in COUNCIL_ROLES:
        from khcn.councils.models import Council

        council = council or Council.objects.create(name="Hội đồng thử", organization=OrganizationFactory())
        Membership.objects.create(user=user, role=role, council=council)
    elif role in (Role.SYSADMIN, Role.APPLICANT):
        Membership.objects.create(user=user, role=role, organization=organization)
    else:
        Membership.objects.create(user=user, role=role, organization=organization or OrganizationFactory())
    return user
