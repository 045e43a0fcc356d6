"""``python manage.py check_claims PATH... [--format json] [--language en]``: the claims a medical
reviewer would question in article files (plain text, Markdown or HTML), before import."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from articles.claims import check_text
from articles.claims.checker import classifier
from articles.claims.sentences import LANGUAGES, text_of_html
from articles.importing import read_text_file


def readable_text(path: Path) -> str:
    """The file's text (an HTML page's text, tags dropped), or ``UnreadableFile`` saying why.
    Not the importer's main-content extraction: a page checked before import is checked whole."""
    text = read_text_file(path=path)
    if path.suffix.lower() in {".html", ".htm"}:
        text = text_of_html(text)
    return text


class Command(BaseCommand):
    help = "Print the sentences of article files that a medical reviewer would question, and why."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--language", choices=LANGUAGES, default="en")

    def handle(self, *args, paths, format, language, **options):
        if classifier() is None:
            self.stderr.write(self.style.WARNING("The classifier could not be trained: the rules' flags only."))
        results = []
        for name in paths:
            path = Path(name)
            try:
                report = check_text(readable_text(path), language=language)
            except (ValueError, OSError) as error:
                results.append({"path": name, "error": str(error)})
                continue
            results.append({"path": name, **report.as_json()})
        if format == "json":
            self.stdout.write(json.dumps({"files": results}, indent=2, ensure_ascii=False))
            return
        for result in results:
            self.stdout.write(self.style.MIGRATE_HEADING(result["path"]))
            if "error" in result:
                self.stdout.write(self.style.ERROR(f"  refused: {result['error']}"))
                continue
            for flag in result["page_flags"]:
                self.stdout.write(f"  [{flag['severity']}] page: {flag['category']}: {flag['explanation']}")
            for flag in result["flags"]:
                self.stdout.write(f"  [{flag['severity']}] {flag['category']} ({flag['rule']}): {flag['sentence']}")
                self.stdout.write(f"      why: {flag['explanation']}")
            if not result["flags"] and not result["page_flags"]:
                self.stdout.write("  no flags")
