"""Make the bench database hold N times the sample content (copies named "(copy k)"), or remove them.

Used by bench/run.py for the search figure: `python bench/multiply_content.py 10`, then
`python bench/multiply_content.py --remove`. Copies are ordinary published rows, so they are
indexed and searched like the originals.
"""

import sys

import django

COPY = "-bench-copy-"


def multiply(factor):
    from django.db import transaction

    from certifications.models import Certification
    from newsletter.models import Issue
    from roles.models import FAQ, CuratedComparison, Role

    remove()
    with transaction.atomic():
        top = max((issue.number for issue in Issue.objects.all()), default=0)
        for k in range(1, factor):
            # The originals afresh each time: the copies below change the objects in place.
            roles = Role.objects.published().exclude(slug__contains=COPY).prefetch_related("roadmap_steps", "projects")
            certifications = Certification.objects.published().exclude(slug__contains=COPY)
            issues = Issue.objects.archived().exclude(title__contains="(copy ")
            faqs = FAQ.objects.filter(comparison__in=CuratedComparison.objects.live()).exclude(
                question__contains="(copy "
            )
            for role in roles:
                steps, projects = list(role.roadmap_steps.all()), list(role.projects.all())
                role.pk, role.slug, role.name = None, f"{role.slug[:60]}{COPY}{k}", f"{role.name} (copy {k})"[:80]
                role.parent = None
                role.display_order += 100 * k
                role.save()
                for step in steps:
                    step.pk, step.role = None, role
                    step.save()
                for project in projects:
                    project.pk, project.role = None, role
                    project.save()
            for cert in certifications:
                cert.pk, cert.slug = None, f"{cert.slug[:60]}{COPY}{k}"
                cert.name = f"{cert.name} (copy {k})"[:150]
                cert.exam_code = f"{cert.exam_code}-{k}" if cert.exam_code else ""
                cert.successor = None
                cert.retires_on = None  # copies stay current: status follows from the dates
                cert.save()
            for faq in faqs:
                faq.pk, faq.question = None, f"{faq.question} (copy {k})"[:200]
                faq.save()
            for issue in issues:
                top += 1
                issue.pk, issue.number, issue.title = None, top, f"{issue.title} (copy {k})"[:120]
                issue.save()


def remove():
    from certifications.models import Certification
    from newsletter.models import Issue
    from roles.models import FAQ, Role

    Role.objects.filter(slug__contains=COPY).delete()
    Certification.objects.filter(slug__contains=COPY).delete()
    FAQ.objects.filter(question__contains="(copy ").delete()
    Issue.objects.filter(title__contains="(copy ").delete()


if __name__ == "__main__":
    django.setup()
    if sys.argv[1:] == ["--remove"]:
        remove()
    else:
        multiply(int(sys.argv[1]))
