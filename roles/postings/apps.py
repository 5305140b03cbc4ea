from django.apps import AppConfig

from careerhub.core.permissions import ALL, EDITORS


class PostingsConfig(AppConfig):
    name = "roles.postings"
    label = "postings"
    verbose_name = "Job-posting decoder"
    group_permissions = {EDITORS: dict.fromkeys(("phrase", "laneweight"), ALL)}

    def ready(self):
        from careerhub import cache

        # The reader is cached under the content generation, so an edit of a phrase or a weight
        # (or of a role, a skill level or a comparison cell it reads) gives it a new key at once.
        cache.watch(*self.get_models())
