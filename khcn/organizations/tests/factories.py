import factory

from khcn.core.text import collation_key
from khcn.organizations.choices import OrganizationKind
from khcn.organizations.models import Organization


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An agency row built directly (tests only; the application creates agencies through
    ``organization_create``)."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    name_sort = factory.LazyAttribute(lambda o: collation_key(o.name))
    kind = OrganizationKind.DEPARTMENT
