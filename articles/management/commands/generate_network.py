"""``generate_network --clinics 20 --articles 10000 --locales en,es --seed 1``: a realistic
network of approved, published articles for benchmarks (see ``articles.generation``)."""

import time

from django.core.management.base import BaseCommand, CommandError

from articles.generation import generate_network


class Command(BaseCommand):
    help = "Generate clinics and approved, published articles (translations included) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--clinics", type=int, default=20)
        parser.add_argument("--articles", type=int, default=10_000)
        parser.add_argument("--locales", default="en,es", help="Comma-separated, from the configured languages.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--shared-share", type=float, default=0.4, help="Share of articles in the library.")

    def handle(self, *args, clinics, articles, locales, seed, shared_share, **options):
        if clinics < 1 or articles < 1 or not 0 <= shared_share <= 1:
            raise CommandError("--clinics and --articles must be at least 1, --shared-share between 0 and 1.")
        codes = [code.strip() for code in locales.split(",") if code.strip()]
        unknown = set(codes) - {"en", "es"}
        if unknown:
            raise CommandError(f"Unknown locale(s): {', '.join(sorted(unknown))}. Configured: en, es.")
        started = time.monotonic()
        result = generate_network(
            clinics=clinics,
            articles=articles,
            locales=codes,
            seed=seed,
            shared_share=shared_share,
            log=lambda line: self.stdout.write(line),
        )
        self.stdout.write(
            f"Generated {result.clinics} clinics and {result.articles} articles "
            f"({result.translations} translations) in {time.monotonic() - started:.0f} s."
        )
