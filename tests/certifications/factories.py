"""Small factory functions for certification tests: each makes one valid object."""

import itertools

from certifications.models import Certification, DomainWeight, Fact, Provider, RoleFit, SkillDomain, SourceLink

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
        "summary": f"What certification {n} proves.",
        "is_published": True,
    }
    values.update(fields)
    return Certification.objects.create(**values)


def make_source(certification, **fields):
    n = next(_seq)
    values = {"label": f"Source {n}", "url": f"https://source{n}.example/exam-guide"}
    values.update(fields)
    return SourceLink.objects.create(certification=certification, **values)


def make_fact(certification, kind=Fact.Kind.PRICE, value="USD 150", source=None, **fields):
    source = source or make_source(certification)
    return Fact.objects.create(certification=certification, kind=kind, value=value, source=source, **fields)


def make_domain(certification, name=None, weight=None, areas=(), order=0, source=None):
    """A domain; ``weight`` (min, max) adds one source's weight for it."""
    domain = SkillDomain.objects.create(certification=certification, name=name or f"Domain {next(_seq)}", order=order)
    domain.skill_areas.set(areas)
    if weight:
        make_weight(domain, *weight, source=source)
    return domain


def make_weight(domain, weight_min, weight_max, source=None, **fields):
    source = source or make_source(domain.certification)
    return DomainWeight.objects.create(
        domain=domain, weight_min=weight_min, weight_max=weight_max, source=source, **fields
    )


def make_fit(role, certification, kind=RoleFit.Kind.ALTERNATIVE, **fields):
    values = {"rationale": f"Why {certification.short_name} helps a {role.name}.", "order": 0}
    values.update(fields)
    return RoleFit.objects.create(role=role, certification=certification, kind=kind, **values)
