"""Articles in the shapes clinics' websites give them (our own short texts, not the samples')."""

BLANK_LINE_PARAGRAPHS = """Understanding Ketamine Infusions for Low Mood

What happens at a first visit?

A clinician asks about your history and current medicines before any infusion is planned. The visit takes about an hour.

Who can have an infusion?

Not everyone is a candidate. People with some heart conditions may be advised against it.
"""

ONE_LINE_PER_PARAGRAPH = """Ketamine and Chronic Pain: An Overview
Chronic pain can affect sleep, mood and work. Some patients ask whether ketamine could be part of their care.
How infusions are given
Infusions are given in a clinic over several sessions. A nurse monitors blood pressure during each one.
Questions to ask your doctor
Ask about the number of sessions, costs, and what to do if you feel unwell afterwards.
Contact Example Valley Clinic today to book a consultation with our team."""

SITE_CHROME_AT_END = """Spravato or IV Ketamine: Comparing the Options
Two forms of ketamine-based treatment are offered in clinics. They differ in how they are given.
Nasal spray
The nasal spray is taken under supervision and patients stay for observation afterwards.
Intravenous infusion
An infusion is given through a small needle in the arm over about forty minutes.
Share
Tweet
Facebook
Tags: ketamine, depression, spravato
You Might Also Enjoy...
Five Questions About Your First Infusion
How Sleep Affects Mood
What Is Treatment-Resistant Depression?
"""

LABEL_AND_BULLETS = """Blog
Preparing for Your Infusion Appointment
A little preparation can make the day easier. Here is what our nurses suggest.
What to bring
• A list of your current medicines
• Someone to drive you home
• Comfortable clothes
On the day
1. Do not eat for a few hours before the appointment.
2. Arrive ten minutes early.
Name
Email
Submit
Recent Posts
Why Follow-Up Visits Matter
"""

MARKDOWN = """# Talking to Family About Treatment

Telling the people close to you about a new treatment can feel hard. Start with what you know.

## Keep it simple

- Say what the treatment is
- Say how often you go
- Say how they can help

Call us today if you would like a leaflet for your family.
"""

PARAGRAPH = (
    "Ketamine has been used in hospitals as an anaesthetic for decades, and clinics now give it at far lower "
    "doses for some mood conditions, always with a clinician watching over each session from start to end."
)

HTML_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Infusion Aftercare | Example Clinic</title></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/services">Services</a></li>
<li><a href="/blog">Blog</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<main><article>
<h1>Looking After Yourself After an Infusion</h1>
<p>{PARAGRAPH}</p>
<h2>What should I avoid afterwards?</h2>
<p>{PARAGRAPH} Plan a quiet evening and do not drive until the next day.</p>
<ul><li>Rest at home</li><li>Drink water</li><li>Keep your phone nearby</li></ul>
<div class="share-buttons">Share <a href="https://facebook.example.com">Facebook</a>
<a href="https://twitter.example.com">Tweet</a></div>
</article></main>
<aside><h3>Recent posts</h3><ul><li><a href="/blog/a">A Post About Sleep</a></li></ul></aside>
<footer><p>Copyright 2026 Example Clinic. 555-0100. <a href="/privacy">Privacy policy</a></p></footer>
</body></html>
"""
