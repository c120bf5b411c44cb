import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from engagements.services import municipality_create


class Command(BaseCommand):
    help = "Provision a municipality: schema, domain, engagement with four phases, taxonomy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name")
        parser.add_argument("--slug", required=True, help="the address: <slug>.BASE_DOMAIN")
        parser.add_argument("--region", default="")
        parser.add_argument("--population", type=int)
        parser.add_argument("--language", choices=["de", "en"], default="de")
        parser.add_argument("--consultant", help="e-mail of a consultant to put on the engagement")

    def handle(self, *args, **options) -> None:
        consultant = None
        if options["consultant"]:
            consultant = User.objects.filter(email__iexact=options["consultant"]).first()
            if consultant is None:
                raise CommandError(f"No account with the e-mail {options['consultant']}.")
        started = time.perf_counter()
        try:
            municipality = municipality_create(
                name=options["name"],
                slug=options["slug"],
                region=options["region"],
                population=options["population"],
                language=options["language"],
                created_by=consultant,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        seconds = time.perf_counter() - started
        domain = municipality.get_primary_domain()
        self.stdout.write(
            self.style.SUCCESS(f"Created {municipality.name} at {domain} in {seconds:.2f} s.")
        )
