import time

from django.core.management.base import BaseCommand

from engagements.summaries import summaries_rebuild


class Command(BaseCommand):
    help = "Rebuild every municipality's portfolio summary, due items and benchmark figures."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        count = summaries_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} summaries rebuilt in {time.perf_counter() - started:.1f} s."
            )
        )
