from django.core.management import call_command
from django.core.management.base import BaseCommand

from engagements.services import public_site_ensure, template_schema_ensure_current


class Command(BaseCommand):
    help = (
        "Migrate everything in order: the public schema, the template schema new municipalities "
        "are cloned from, then every municipality."
    )

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=verbosity)
        public_site_ensure()
        template_schema_ensure_current()
        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("All schemas are migrated."))
