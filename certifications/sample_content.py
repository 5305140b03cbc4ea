"""Loads the certification sample content. Creates what is missing; never overwrites a row that exists.

Runs after the roles loader: role fits look roles up by slug and skip any role that is not there.
"""

from decimal import Decimal

from roles.models import Role

from . import sample_data as data
from .models import Certification, Provider, RoleFit, SkillDomain, SourceLink

FACT_FIELDS = [
    "exam_title",
    "status_note",
    "retirement_date",
    "price_note",
    "duration_minutes",
    "question_note",
    "passing_score",
    "languages",
    "validity_months",
    "renewal",
    "recommended_experience",
    "official_url",
    "domains_as_of",
    "domains_note",
]


def load(log):
    providers = {}
    for item in data.PROVIDERS:
        providers[item["slug"]], created = Provider.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "url": item["url"]}
        )
        log.count("provider", created)

    certifications, created_slugs = {}, set()
    for item in data.CERTIFICATIONS:
        certification, created = Certification.objects.get_or_create(
            slug=item["slug"], defaults=_defaults(item, providers[item["provider"]])
        )
        certifications[item["slug"]] = certification
        log.count("certification", created)
        if created:
            created_slugs.add(item["slug"])
            # Domains and sources belong to the certification as first written; an editor's later
            # changes to them are left alone.
            for order, (name, low, high) in enumerate(item.get("domains", []), start=1):
                SkillDomain.objects.create(
                    certification=certification, name=name, weight_min=low, weight_max=high, order=order
                )
            for source in item["sources"]:
                SourceLink.objects.create(
                    certification=certification,
                    label=source["label"],
                    url=source["url"],
                    supports=source["supports"],
                    is_official=source.get("is_official", False),
                    source_date=source.get("source_date", ""),
                    seen_on=data.COLLECTED,
                )

    # Successors point at other certifications, so they are linked once all exist, and only on the
    # run that created the retired one (a successor cleared by an editor stays cleared).
    for item in data.CERTIFICATIONS:
        certification = certifications[item["slug"]]
        if item.get("successor") and item["slug"] in created_slugs:
            certification.successor = certifications[item["successor"]]
            certification.save(update_fields=["successor", "updated_at"])

    roles = Role.objects.in_bulk([*data.ROLE_FITS], field_name="slug")
    for role_slug, fits in data.ROLE_FITS.items():
        role = roles.get(role_slug)
        if role is None:
            continue
        has_primary = RoleFit.objects.filter(role=role, kind=RoleFit.Kind.PRIMARY).exists()
        for order, (certification_slug, kind, rationale) in enumerate(fits, start=1):
            certification = certifications[certification_slug]
            if RoleFit.objects.filter(role=role, certification=certification).exists():
                log.count("role fit", False)
                continue
            if kind == RoleFit.Kind.PRIMARY and has_primary:
                # An editor already chose this role's primary certification: keep their choice.
                log.count("role fit", False)
                continue
            RoleFit.objects.create(role=role, certification=certification, kind=kind, rationale=rationale, order=order)
            log.count("role fit", True)


def _defaults(item, provider):
    values = {
        "provider": provider,
        "name": item["name"],
        "exam_code": item.get("exam_code", ""),
        "level": item["level"],
        "status": item["status"],
        "summary": item["summary"],
        "description": item["description"],
        "facts_verified_on": data.COLLECTED,
        "is_published": True,
    }
    values.update({name: item[name] for name in FACT_FIELDS if name in item})
    if "price" in item:
        values["price"], values["currency"] = Decimal(item["price"]), "USD"
    if "questions" in item:
        values["questions_min"], values["questions_max"] = item["questions"]
    return values
