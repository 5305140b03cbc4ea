"""Loads the certification sample content from certifications/content/*.toml.

Creates what is missing and never overwrites a row that exists. Runs after the roles loader: role
fits and domain mappings look roles and skill areas up by slug and skip any that are not there.
"""

from django.db.models import Exists, OuterRef

from careerhub.core import content
from roles.models import Role, SkillArea

from .models import Certification, DomainWeight, Fact, Provider, RoleFit, SkillDomain, SourceLink

DATE_FIELDS = ["beta_from", "available_target", "available_from", "retires_on", "domains_as_of"]
# What the research recorded for each fact and weight: the quotation and when it was checked against its page.
CHECK_FIELDS = ["quotation", "checked_on", "checked_by"]
TEXT_FIELDS = ["exam_code", "exam_title", "description", "domains_note"]


def load(log):
    providers = {}
    for item in content.read(__file__, "providers")["providers"]:
        providers[item["slug"]], created = Provider.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "url": item["url"],
                "entry_level_name": item.get("entry_level_name", "Foundational"),
            },
        )
        log.count("provider", created)

    items = content.read_all(__file__, "certifications")
    areas = SkillArea.objects.in_bulk(field_name="slug")
    certifications, created_slugs = {}, set()
    for item in items:
        certification, created = Certification.objects.get_or_create(
            slug=item["slug"], defaults=_defaults(item, providers[item["provider"]])
        )
        certifications[item["slug"]] = certification
        log.count("certification", created)
        if created:
            created_slugs.add(item["slug"])
        # Sources, facts and domains belong to the certification as first written: they are added only
        # to a certification that has no facts yet (new, or written before facts had sources).
        if not certification.facts.exists():
            _load_claims(certification, item, areas, log)

    # Successors point at other certifications, so they are linked once all exist, and only on the
    # run that created the retired one (a successor cleared by an editor stays cleared).
    for item in items:
        if item.get("successor") and item["slug"] in created_slugs:
            certification = certifications[item["slug"]]
            certification.successor = certifications[item["successor"]]
            certification.save(update_fields=["successor", "updated_at"])

    fits = content.read(__file__, "role_fits")["fits"]
    roles = Role.objects.in_bulk({fit["role"] for fit in fits}, field_name="slug")
    primaries = set(
        Role.objects.filter(Exists(RoleFit.objects.filter(role=OuterRef("pk"), kind=RoleFit.Kind.PRIMARY))).values_list(
            "slug", flat=True
        )
    )
    for order, fit in enumerate(fits, start=1):
        role, certification = roles.get(fit["role"]), certifications[fit["certification"]]
        if role is None or RoleFit.objects.filter(role=role, certification=certification).exists():
            log.count("role fit", False)
            continue
        if fit["kind"] == RoleFit.Kind.PRIMARY and fit["role"] in primaries:
            # An editor already chose this role's primary certification: keep their choice.
            log.count("role fit", False)
            continue
        RoleFit.objects.create(
            role=role,
            certification=certification,
            kind=fit["kind"],
            from_sources=fit.get("from_sources", False),
            rationale=fit["rationale"],
            order=order,
        )
        log.count("role fit", True)


def _defaults(item, provider):
    values = {
        "provider": provider,
        "name": item["name"],
        "level": item["level"],
        "summary": item["summary"],
        "is_published": True,
    }
    values.update({name: item[name] for name in TEXT_FIELDS if name in item})
    values.update({name: item[name] for name in DATE_FIELDS if name in item})
    return values


def _load_claims(certification, item, areas, log):
    sources = {}
    for order, source in enumerate(item["sources"]):
        sources[source["key"]], created = SourceLink.objects.get_or_create(
            certification=certification,
            url=source["url"],
            defaults={
                "kind": source.get("kind", SourceLink.Kind.THIRD_PARTY),
                "label": source["label"],
                "source_date": source.get("source_date", ""),
                "order": order,
            },
        )
        log.count("source", created)
    for fact in item.get("facts", []):
        _, created = Fact.objects.get_or_create(
            certification=certification,
            kind=fact["kind"],
            source=sources[fact["source"]],
            defaults={"value": fact["value"], **checks(fact)},
        )
        log.count("fact", created)
    for order, domain in enumerate(item.get("domains", []), start=1):
        row, created = SkillDomain.objects.get_or_create(
            certification=certification, name=domain["name"], defaults={"order": order}
        )
        if created:
            row.skill_areas.set([areas[slug] for slug in domain["areas"] if slug in areas])
        log.count("skill domain", created)
        for weight in domain.get("weights", []):
            _, created = DomainWeight.objects.get_or_create(
                domain=row,
                source=sources[weight["source"]],
                defaults={"weight_min": weight["min"], "weight_max": weight["max"], **checks(weight)},
            )
            log.count("domain weight", created)


def checks(claim):
    return {name: claim[name] for name in CHECK_FIELDS if name in claim}
