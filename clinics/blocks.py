"""Blocks for a clinic's contact details."""

from wagtail import blocks

WEEKDAYS = [
    ("monday", "Monday"),
    ("tuesday", "Tuesday"),
    ("wednesday", "Wednesday"),
    ("thursday", "Thursday"),
    ("friday", "Friday"),
    ("saturday", "Saturday"),
    ("sunday", "Sunday"),
]


class OpeningHoursBlock(blocks.StructBlock):
    """One day's opening hours; a day without a row is closed."""

    day = blocks.ChoiceBlock(choices=WEEKDAYS)
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock()
    note = blocks.CharBlock(required=False, max_length=120, help_text="e.g. 'by appointment only'")

    class Meta:
        icon = "time"

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned["opens"] >= cleaned["closes"]:
            raise blocks.StructBlockValidationError(
                block_errors={"closes": blocks.BlockValidationError("Closing time must be after opening time.")}
            )
        return cleaned

    def get_api_representation(self, value, context=None):
        return {
            "day": value["day"],
            "opens": value["opens"].strftime("%H:%M"),
            "closes": value["closes"].strftime("%H:%M"),
            "note": value["note"],
        }
