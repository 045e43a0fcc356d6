"""``python manage.py import_articles PATH... (--clinic SLUG | --shared) [--locale en] [--dry-run]``:
existing articles (plain text, Markdown or saved HTML pages) in as draft articles, never published,
with a report per file: title, blocks, the chrome stripped and the claims a reviewer would question.
Each file is imported on its own: a refused file leaves the others imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale, Page

from articles.importing import (
    ParsedArticle,
    UnreadableFile,
    claims_of,
    existing_draft_for,
    import_article,
    parse_article_file,
    refusal_to_update,
    slug_for,
)
from articles.models import library_for
from clinics.models import Clinic


class Command(BaseCommand):
    help = "Import article files as draft articles of a clinic or of the shared library (never published)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--clinic", metavar="SLUG", help="Import into this clinic's own articles.")
        where.add_argument("--shared", action="store_true", help="Import into the network's shared library.")
        parser.add_argument("--locale", default="en", help="The articles' language code (default: en).")
        parser.add_argument("--dry-run", action="store_true", help="Parse and report; write nothing.")

    def handle(self, *args, paths, clinic, shared, locale, dry_run, **options):
        language = Locale.objects.filter(language_code=locale).first()
        if language is None:
            raise CommandError(f"Unknown locale {locale!r}.")
        parent = self.parent_for(clinic_slug=clinic, locale=language)
        refused = 0
        for name in paths:
            self.stdout.write(self.style.MIGRATE_HEADING(name))
            try:
                parsed = parse_article_file(path=Path(name))
                self.report(parsed=parsed, parent=parent, locale=language, dry_run=dry_run, source_name=Path(name).name)
            except (UnreadableFile, OSError) as error:
                refused += 1
                self.stdout.write(self.style.ERROR(f"  refused: {error}"))
            except Exception as error:  # a validation error of one file must not stop the others
                refused += 1
                self.stdout.write(self.style.ERROR(f"  refused: {type(error).__name__}: {error}"))
        done = len(paths) - refused
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{done} of {len(paths)} files {verb} as drafts; {refused} refused.")
        if refused:
            raise CommandError(f"{refused} of {len(paths)} files were refused; see the report above.")

    def parent_for(self, *, clinic_slug: str | None, locale: Locale) -> Page:
        if clinic_slug is None:
            library = library_for(locale=locale)
            if library is None:
                raise CommandError(f"The shared library has no page in {locale.get_display_name()}.")
            return library
        clinic = Clinic.objects.filter(slug=clinic_slug).select_related("site__root_page").first()
        if clinic is None:
            known = ", ".join(Clinic.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(f"Unknown clinic {clinic_slug!r}. Clinics: {known}.")
        if clinic.site is None:
            raise CommandError(f"{clinic} has no site and home page yet.")
        home = clinic.site.root_page.get_translation_or_none(locale)
        if home is None:
            raise CommandError(f"{clinic} has no home page in {locale.get_display_name()}.")
        return home

    def report(self, *, parsed: ParsedArticle, parent: Page, locale: Locale, dry_run: bool, source_name: str) -> None:
        if dry_run:
            existing = existing_draft_for(parsed=parsed, parent=parent, source_name=source_name)
            refusal = existing and refusal_to_update(existing=existing, source_name=source_name, user=None)
            if refusal:
                raise UnreadableFile(refusal)
            action = f"would update draft #{existing.pk}" if existing else "would create a draft"
        else:
            result = import_article(parsed=parsed, parent=parent, locale=locale, source_name=source_name)
            action = "created draft" if result.created else "updated draft"
            action = f"{action} #{result.page.pk} (revision {result.revision.pk}), not published"
        self.stdout.write(self.style.SUCCESS(f"  {action} under {parent.title!r}"))
        self.stdout.write(f"  title: {parsed.title}")
        self.stdout.write(f"  slug: {slug_for(parsed=parsed, source_name=source_name)}")
        self.stdout.write(f"  summary (from the opening; rewrite it): {parsed.summary}")
        counts = ", ".join(f"{kind} {count}" for kind, count in sorted(parsed.block_counts.items()))
        self.stdout.write(f"  blocks: {counts}")
        self.stdout.write(f"  stripped ({len(parsed.stripped)}):")
        for line in parsed.stripped:
            self.stdout.write(f"    - {line}")
        claims = claims_of(parsed=parsed, locale=locale)
        self.stdout.write(f"  claim flags ({len(claims.flags)} sentences, {len(claims.page_flags)} page):")
        for page_flag in claims.page_flags:
            self.stdout.write(f"    [{page_flag.severity}] page: {page_flag.category}: {page_flag.why}")
        for flag in claims.flags:
            self.stdout.write(f"    [{flag.severity}] {flag.category}: {flag.sentence}")
