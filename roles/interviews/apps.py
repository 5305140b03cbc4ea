from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS


class InterviewsConfig(AppConfig):
    name = "roles.interviews"
    label = "interviews"
    verbose_name = "Interview preparation"
    group_permissions = {
        EDITORS: dict.fromkeys(("interviewguide", "interviewstage", "interviewquestion", "portfoliocriterion"), ALL)
    }

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
