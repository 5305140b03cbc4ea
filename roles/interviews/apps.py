from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "roles.interviews"
    label = "interviews"
    verbose_name = "Interview preparation"

    def ready(self):
        from careerhub import cache

        cache.watch(*self.get_models())  # every model here is public content
