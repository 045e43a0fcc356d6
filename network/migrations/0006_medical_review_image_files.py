import json

from django.db import migrations, models
from wagtail.utils.file import hash_filelike


def image_ids_in(content: dict) -> set[int]:
    """Ids of the image blocks in a revision's stored body (a JSON string or a list)."""
    body = content.get("body")
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return set()
    if not isinstance(body, list):
        return set()
    return {
        block["value"]["image"]
        for block in body
        if isinstance(block, dict) and block.get("type") == "image" and isinstance(block.get("value"), dict)
        and isinstance(block["value"].get("image"), int)
    }


def fingerprint_approved_images(apps, schema_editor):
    """Approvals made before images were fingerprinted cover the files as they are now."""
    MedicalReview = apps.get_model("network", "MedicalReview")
    Image = apps.get_model("wagtailimages", "Image")
    hashes: dict[int, str | None] = {}

    def hash_of(image_id: int) -> str | None:
        if image_id not in hashes:
            image = Image.objects.filter(pk=image_id).first()
            hashes[image_id] = None
            if image is not None:
                try:
                    with image.file.open("rb") as f:
                        hashes[image_id] = hash_filelike(f)
                except OSError:
                    pass
                if hashes[image_id] and image.file_hash != hashes[image_id]:
                    Image.objects.filter(pk=image_id).update(file_hash=hashes[image_id])
        return hashes[image_id]

    for review in MedicalReview.objects.filter(decision="approved").select_related("revision").iterator():
        ids = image_ids_in(review.revision.content or {})
        files = {str(pk): hash_of(pk) for pk in ids}
        files = {pk: digest for pk, digest in files.items() if digest}
        if files:
            MedicalReview.objects.filter(pk=review.pk).update(image_files=files)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_live_review"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="medicalreview",
            name="image_files",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text="The SHA-1 of each image file the approved revision shows, by image id: the pictures as approved.",
            ),
        ),
        migrations.RunPython(fingerprint_approved_images, migrations.RunPython.noop),
    ]
