"""Demo clinics and their contact blocks. Names and places are the clinics' own; every phone
number, address, e-mail and link here is fictional (555-01xx numbers, example.com)."""

WEEKDAY_HOURS = [
    {"day": day, "opens": "08:00", "closes": "17:00", "note": ""}
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday")
]

CLINICS = [
    {
        "slug": "peoria",
        "name": "Advanced Wellness and Pain",
        "city": "Peoria",
        "state": "AZ",
        "time_zone": "America/Phoenix",
        "locales": ["en"],
        "frontend_base_url": "https://peoria.example.com",
        "contact": {
            "en": {
                "phone": "(623) 555-0101",
                "email": "care@peoria.example.com",
                "street_address": "100 Example Parkway, Suite 1",
                "address_locality": "Peoria",
                "address_region": "AZ",
                "postal_code": "85345",
                "booking_url": "https://peoria.example.com/book/",
                "call_to_action": "Request a consultation",
            }
        },
    },
    {
        "slug": "phoenix",
        "name": "Ahwatukee Ketamine Clinic",
        "city": "Phoenix",
        "state": "AZ",
        "time_zone": "America/Phoenix",
        "locales": ["en", "es"],
        "frontend_base_url": "https://ahwatukee.example.com",
        "contact": {
            "en": {
                "phone": "(480) 555-0102",
                "email": "hello@ahwatukee.example.com",
                "street_address": "200 Example Road, Suite 2",
                "address_locality": "Phoenix",
                "address_region": "AZ",
                "postal_code": "85044",
                "booking_url": "https://ahwatukee.example.com/book/",
                "call_to_action": "Book a consultation",
            },
            "es": {
                "phone": "(480) 555-0112",
                "email": "hola@ahwatukee.example.com",
                "street_address": "200 Example Road, Suite 2",
                "address_locality": "Phoenix",
                "address_region": "AZ",
                "postal_code": "85044",
                "booking_url": "https://ahwatukee.example.com/es/reservar/",
                "call_to_action": "Reserve una consulta",
            },
        },
    },
    {
        "slug": "fayetteville",
        "name": "Iconic Infusions, PLLC",
        "city": "Fayetteville",
        "state": "NC",
        "time_zone": "America/New_York",
        "locales": ["en"],
        "frontend_base_url": "https://fayetteville.example.com",
        "contact": {
            "en": {
                "phone": "(910) 555-0103",
                "email": "frontdesk@fayetteville.example.com",
                "street_address": "300 Example Street",
                "address_locality": "Fayetteville",
                "address_region": "NC",
                "postal_code": "28301",
                "booking_url": "https://fayetteville.example.com/appointments/",
                "call_to_action": "Schedule a consultation",
            }
        },
    },
    {
        "slug": "tempe",
        "name": "Interpersonal Advanced Treatment",
        "city": "Tempe",
        "state": "AZ",
        "time_zone": "America/Phoenix",
        "locales": ["en"],
        "frontend_base_url": "https://tempe.example.com",
        "contact": {
            "en": {
                "phone": "(480) 555-0104",
                "email": "team@tempe.example.com",
                "street_address": "400 Example Boulevard, Unit 4",
                "address_locality": "Tempe",
                "address_region": "AZ",
                "postal_code": "85281",
                "booking_url": "https://tempe.example.com/contact/",
                "call_to_action": "Ask about an evaluation",
            }
        },
    },
]
