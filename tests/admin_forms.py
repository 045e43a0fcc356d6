"""Form data as the Wagtail admin's own forms submit it, for tests that drive the real views."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def article_form_data(*, title: str, slug: str, summary: str = "A short summary.", body=None, **extra) -> dict:
    body = (
        body
        if body is not None
        else [
            ("heading", {"text": "Heading", "level": "h2"}),
            ("paragraph", rich_text("<p>Careful, reviewed text.</p>")),
            ("contact", {"heading": "Talk to us"}),
        ]
    )
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": summary,
            "body": streamfield(body),
            "tags": "",
            "seo_title": "",
            "search_description": "",
            "comments": inline_formset([]),
            **extra,
        }
    )
