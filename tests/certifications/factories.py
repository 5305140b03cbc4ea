"""Small factory functions for certification tests: each makes one valid object."""

import datetime
import itertools
from decimal import Decimal

from certifications.models import Certification, Provider, RoleFit, SkillDomain, SourceLink

_seq = itertools.count(1)


def make_provider(**fields):
    n = next(_seq)
    values = {"name": f"Provider {n}", "slug": f"provider-{n}", "url": f"https://provider{n}.example/"}
    values.update(fields)
    return Provider.objects.create(**values)


def make_certification(provider=None, **fields):
    n = next(_seq)
    values = {
        "provider": provider or make_provider(),
        "name": f"Certification {n}",
        "slug": f"certification-{n}",
        "exam_code": f"EX-{n}",
        "level": Certification.Level.ASSOCIATE,
        "status": Certification.Status.ACTIVE,
        "summary": f"What certification {n} proves.",
        "price": Decimal("150"),
        "currency": "USD",
        "duration_minutes": 90,
        "facts_verified_on": datetime.date(2026, 11, 1),
        "is_published": True,
    }
    if fields.get("status") in (Certification.Status.RETIRING, Certification.Status.RETIRED):
        values["retirement_date"] = datetime.date(2026, 6, 30)
    values.update(fields)
    return Certification.objects.create(**values)


def make_domain(certification, name=None, weight_min=20, weight_max=25, order=0):
    return SkillDomain.objects.create(
        certification=certification,
        name=name or f"Domain {next(_seq)}",
        weight_min=weight_min,
        weight_max=weight_max,
        order=order,
    )


def make_source(certification, **fields):
    values = {
        "label": "example.com",
        "url": "https://example.com/",
        "supports": "Price and exam length",
        "seen_on": datetime.date(2026, 11, 1),
    }
    values.update(fields)
    return SourceLink.objects.create(certification=certification, **values)


def make_fit(role, certification, kind=RoleFit.Kind.ALTERNATIVE, **fields):
    values = {"rationale": f"Why {certification.short_name} helps a {role.name}.", "order": 0}
    values.update(fields)
    return RoleFit.objects.create(role=role, certification=certification, kind=kind, **values)
