from datetime import date
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from dangjian.reports.review import annual_review_docx
from dangjian.reports.scope import CITY, scope_user


class Command(BaseCommand):
    help = ("Write the annual review (年度工作综述) of a year for the city, a zone or a unit as .docx, "
            "with the committee admin's rights over that scope.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=date.today().year - 1)
        parser.add_argument("--scope", default=CITY, help="city, a zone's name or a unit's name (or short name)")
        parser.add_argument("-o", "--output", default="review.docx")

    def handle(self, *, year, scope, output, **options):
        try:
            picked = scope_user(scope)
        except ObjectDoesNotExist as error:
            raise CommandError(str(error)) from error
        data = annual_review_docx(picked.user, year, picked.name)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes")
