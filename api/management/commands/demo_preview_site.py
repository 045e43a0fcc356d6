"""``demo_preview_site``: the demo clinics' preview websites, for ``make run``.

A clinic's real website implements preview mode itself (README: "Preview"). So that the admin's
Preview shows something on a fresh machine, this serves one small preview website for every
demo clinic, at ``http://127.0.0.1:3000/<clinic>/preview?token=...``: it reads the draft from
the preview API over HTTP with that clinic's preview key, exactly as a front-end would, and
renders it with a "Preview" banner, never cached, never indexed, framable by the admin only.
"""

import html
import json
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management.base import BaseCommand, CommandError

from api.models import FrontEndClient, FrontEndKey
from clinics.models import Clinic

DEMO_SITE_KEY = "Demo preview website key"


def preview_url_template(base_url: str, clinic_slug: str) -> str:
    return f"{base_url}/{clinic_slug}/preview?token={{token}}&kind={{kind}}&slug={{slug}}&id={{id}}&locale={{locale}}"


def text(value) -> str:
    return html.escape(str(value or ""))


def render_review(review: dict) -> str:
    if review.get("status") == "pending":
        return '<p class="review pending">Not yet medically reviewed: patients see this only once a reviewer approves it.</p>'
    by = review["reviewed_by"]
    return (
        f'<p class="review">Medically reviewed by {text(by["name"])}, {text(by["credentials"])} on '
        f"{text(review['reviewed_at'][:10])}; next review due {text(review['next_review_due'])}.</p>"
    )


def render_contact(contact: dict | None) -> str:
    if not contact:
        return ""
    address = contact["address"]
    booking = (
        f' · <a href="{text(contact["booking_url"])}">{text(contact["call_to_action"])}</a>'
        if contact.get("booking_url")
        else f" · {text(contact['call_to_action'])}"
    )
    return (
        f'<aside class="contact"><strong>{text(contact["phone"])}</strong> · {text(address["street_address"])}, '
        f"{text(address['locality'])}, {text(address['region'])} {text(address['postal_code'])}{booking}</aside>"
    )


def render_block(block: dict) -> str:
    kind, value = block["type"], block["value"]
    if kind == "heading":
        level = "h3" if value.get("level") == "h3" else "h2"
        return f"<{level}>{text(value['text'])}</{level}>"
    if kind in ("paragraph", "local_introduction"):
        css = ' class="local"' if kind == "local_introduction" else ""
        return f"<div{css}>{value}</div>"  # sanitised HTML from the API
    if kind == "bulleted_list":
        return "<ul>" + "".join(f"<li>{text(item)}</li>" for item in value) + "</ul>"
    if kind == "callout":
        return f'<div class="callout"><strong>{text(value["title"])}</strong>{value["text"]}</div>'
    if kind == "faq":
        return "".join(f"<h3>{text(item['question'])}</h3>{item['answer']}" for item in value)
    if kind == "image" and value.get("image"):
        image = value["image"]
        src = image["renditions"][-1]["url"] if image["renditions"] else ""
        return f'<figure><img src="{text(src)}" alt="{text(value["alt_text"])}"><figcaption>{text(value["caption"])}</figcaption></figure>'
    if kind == "contact":
        return f"<h2>{text(value['heading'])}</h2>{render_contact(value.get('contact'))}"
    return ""


def render_page(data: dict, *, clinic_name: str) -> str:
    preview = data["preview"]
    what = "unsaved changes" if preview["unsaved"] else f"revision {text(preview['revision'])}"
    state = text(preview["workflow_state"].replace("_", " "))
    until = text(preview["expires"][:16].replace("T", " "))
    banner = f'<p class="banner" role="note"><strong>Preview</strong> · {state} · {what} · until {until} UTC</p>'

    if preview["kind"] == "contact":
        main = f"<h1>Contact us</h1>{render_contact(data)}"
    elif preview["kind"] == "disclaimer":
        main = f"<h1>{text(data['title'])}</h1>{data['body']}{render_review(data['medical_review'])}"
    else:
        disclaimer = data.get("disclaimer")
        main = (
            f"<h1>{text(data['title'])}</h1><p class='summary'>{text(data['summary'])}</p>"
            f"{render_review(data['medical_review'])}"
            + "".join(render_block(block) for block in data["body"])
            + (f'<footer class="disclaimer">{disclaimer["body"]}</footer>' if disclaimer else "")
        )
    return f"""<!DOCTYPE html>
<html lang="{text(preview["locale"])}"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Preview: {text(data.get("title", clinic_name))}</title>
<style>body{{font-family:Georgia,serif;margin:0;color:#222}}header{{background:#24536b;color:#fff;padding:.75rem 1.25rem}}
main{{max-width:40rem;margin:0 auto;padding:1rem 1.25rem 3rem;line-height:1.55}}.banner{{background:#ffd54f;margin:0;padding:.5rem 1.25rem;font-family:sans-serif}}
.review{{color:#2e6b3a;font-size:.9rem}}.review.pending{{color:#a33}}.contact{{background:#eef4f7;padding:.75rem;margin:1rem 0}}
.callout{{border-left:4px solid #24536b;padding:.25rem .75rem;background:#f5f8fa}}.local{{border-left:4px solid #c98a00;padding-left:.75rem}}
img{{max-width:100%}}.disclaimer{{font-size:.85rem;color:#555;border-top:1px solid #ccc;margin-top:2rem}}</style></head>
<body>{banner}<header>{text(clinic_name)}</header><main>{main}</main></body></html>"""


def fetch_over_http(api: str):
    """Read a preview API path with a key, as a front-end does: (status, JSON)."""

    def fetch(path: str, key: str) -> tuple[int, dict]:
        request = urllib.request.Request(  # noqa: S310 - the platform's own API, http(s) checked at start
            f"{api}{path}", headers={"Authorization": f"Api-Key {key}", "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.load(error)
            except ValueError:
                return error.code, {}
        except (urllib.error.URLError, TimeoutError, ValueError):
            return 502, {"error": {"message": "The platform's API did not answer."}}

    return fetch


def preview_page(*, path: str, sites: dict[str, tuple[str, str]], fetch) -> tuple[int, str]:
    """The preview website's answer to one request path: the draft the token names, rendered."""
    url = urllib.parse.urlsplit(path)
    clinic_slug = url.path.strip("/").split("/")[0]
    query = dict(urllib.parse.parse_qsl(url.query))
    if clinic_slug not in sites or url.path.rstrip("/") != f"/{clinic_slug}/preview" or "token" not in query:
        return 404, "<p>Not a preview address.</p>"
    name, key = sites[clinic_slug]
    kind = query.get("kind", "article")
    if kind == "contact":
        api_path = "contact/"
    elif kind == "disclaimer":
        api_path = f"disclaimers/{urllib.parse.quote(query.get('id', ''), safe='')}/"
    else:
        api_path = f"articles/{urllib.parse.quote(query.get('slug', ''), safe='')}/"
    status, data = fetch(
        f"/api/v1/preview/clinics/{clinic_slug}/{api_path}?" + urllib.parse.urlencode({"token": query["token"]}), key
    )
    if status != 200:
        message = data.get("error", {}).get("message", "The preview could not be read.")
        return status, f"<p>{text(message)}</p>"
    return 200, render_page(data, clinic_name=name)


def demo_sites(*, base_url: str) -> dict[str, tuple[str, str]]:
    """A preview client (and a fresh key) for every clinic, pointing at this website."""
    sites = {}
    for clinic in Clinic.objects.order_by("name"):
        client, _ = FrontEndClient.objects.update_or_create(
            name=f"Demo {clinic.slug} preview website",
            clinic=clinic,
            kind=FrontEndClient.KIND_PREVIEW,
            defaults={"preview_url_template": preview_url_template(base_url, clinic.slug)},
        )
        client.keys.filter(name=DEMO_SITE_KEY).update(revoked=True)  # each start's key replaces the last one's
        _, key = FrontEndKey.objects.create_key(name=DEMO_SITE_KEY, client=client)
        sites[clinic.slug] = (clinic.name, key)
    return sites


class Command(BaseCommand):
    help = "Serve the demo clinics' preview websites (for make run), reading drafts from the preview API."

    def add_arguments(self, parser):
        parser.add_argument("--api", default="http://127.0.0.1:8000", help="Where the platform runs.")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=3000)

    def handle(self, *args, api, host, port, **options):
        api, base_url = api.rstrip("/"), f"http://{host}:{port}"
        if urllib.parse.urlsplit(api).scheme not in {"http", "https"}:
            raise CommandError("--api is the platform's http(s) address, e.g. http://127.0.0.1:8000.")
        sites = demo_sites(base_url=base_url)
        server = ThreadingHTTPServer((host, port), handler_for(api=api, sites=sites, fetch=fetch_over_http(api)))
        self.stdout.write(f"Demo preview websites on {base_url}/<clinic>/preview (framed by the admin's Preview).")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            server.server_close()


def admin_origins(api: str) -> list[str]:
    """The origins the admin may frame the preview from: the platform's, under either local name."""
    parts = urllib.parse.urlsplit(api)
    origins = [f"{parts.scheme}://{parts.netloc}"]
    if parts.hostname in {"127.0.0.1", "localhost"}:
        other = "localhost" if parts.hostname == "127.0.0.1" else "127.0.0.1"
        origins.append(f"{parts.scheme}://{other}" + (f":{parts.port}" if parts.port else ""))
    return origins


def handler_for(*, api: str, sites: dict[str, tuple[str, str]], fetch):
    class PreviewSite(BaseHTTPRequestHandler):
        def do_GET(self):
            status, body = preview_page(path=self.path, sites=sites, fetch=fetch)
            payload = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Robots-Tag", "noindex")
            self.send_header("Content-Security-Policy", f"frame-ancestors {' '.join(admin_origins(api))}")
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format, *args):  # quiet beside runserver
            pass

    return PreviewSite
