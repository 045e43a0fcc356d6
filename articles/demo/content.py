"""Demo content for load_demo_network: written for the demo, reviewed-style patient education; not medical advice."""

CATEGORIES = [
    {"slug": "treatment", "name": "Treatment", "name_es": "Tratamiento"},
    {"slug": "getting-started", "name": "Getting started", "name_es": "Primeros pasos"},
    {"slug": "safety", "name": "Safety", "name_es": "Seguridad"},
    {"slug": "research", "name": "Research", "name_es": "Investigación"},
    {"slug": "chronic-pain", "name": "Chronic pain", "name_es": "Dolor crónico"},
    {"slug": "costs-insurance", "name": "Costs and insurance", "name_es": "Costos y seguro médico"},
    {"slug": "your-visit", "name": "Your visit", "name_es": "Su visita"},
]

DISCLAIMER = {
    "en": {
        "title": "Medical disclaimer",
        "body": (
            "<p>This article is general health information. It is not medical advice, and it does not "
            "replace a visit with a licensed clinician. Please talk with your own doctor or care team "
            "before you start, stop or change any treatment.</p>"
            "<p>Ketamine is approved by the U.S. Food and Drug Administration (FDA) as an anesthetic. "
            "Using ketamine to treat depression, other mood conditions or chronic pain is off-label, which "
            "means it has not been FDA-approved for those uses. Esketamine (Spravato) nasal spray is a "
            "related medicine that is FDA-approved for adults with treatment-resistant depression, "
            "used with an oral antidepressant (and, since 2025, also on its own).</p>"
            "<p>Every person is different. Some people feel better after treatment and some do not. "
            "Your care team can help you understand the possible benefits and risks for you.</p>"
            "<p>If you are in crisis or thinking about hurting yourself, call or text <b>988</b> to reach "
            "the Suicide &amp; Crisis Lifeline. If you are in immediate danger or have a medical "
            "emergency, call <b>911</b>.</p>"
        ),
    },
    "es": {
        "title": "Aviso médico",
        "body": (
            "<p>Este artículo ofrece información general de salud. No es un consejo médico y no sustituye "
            "una consulta con un profesional de la salud autorizado. Hable con su médico o su equipo de "
            "atención antes de empezar, suspender o cambiar cualquier tratamiento.</p>"
            "<p>La ketamina está aprobada por la Administración de Alimentos y Medicamentos de EE. UU. "
            "(FDA) como anestésico. Su uso para tratar la depresión, otros trastornos del estado de ánimo "
            "o el dolor crónico es un uso fuera de indicación (<i>off-label</i>), es decir, no está aprobado "
            "por la FDA para esos fines. La esketamina (Spravato) en aerosol nasal es un medicamento "
            "relacionado que sí está aprobado por la FDA para adultos con depresión resistente al "
            "tratamiento, junto con un antidepresivo oral (y, desde 2025, también por sí sola).</p>"
            "<p>Cada persona es distinta. Algunas personas se sienten mejor después del tratamiento y otras "
            "no. Su equipo de atención puede ayudarle a entender los posibles beneficios y riesgos en su "
            "caso.</p>"
            "<p>Si está en crisis o piensa en hacerse daño, llame o envíe un mensaje de texto al <b>988</b> "
            "(Línea de Prevención del Suicidio y Crisis; marque 988 y presione 2 para español). Si corre "
            "peligro inmediato o tiene una emergencia médica, llame al <b>911</b>.</p>"
        ),
    },
}

SHARED_ARTICLES = [
    # -----------------------------------------------------------------------
    {
        "slug": "what-is-ketamine-infusion-therapy",
        "title": "What Is Ketamine Infusion Therapy?",
        "summary": (
            "A plain-language look at what ketamine infusion therapy is, how an infusion works, "
            "and what questions to ask before deciding whether it may fit into your care."
        ),
        "seo_title": "What Is Ketamine Infusion Therapy?",
        "search_description": (
            "Learn what ketamine infusion therapy is, how an IV infusion works, who it may be considered "
            "for, and why a medical evaluation comes first."
        ),
        "categories": ["treatment", "getting-started"],
        "tags": ["ketamine", "depression", "iv-infusion"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>If you have lived with depression that has not eased after trying several "
                    "treatments, you may have heard about ketamine. This article explains what ketamine "
                    "infusion therapy is, what happens during a visit, and what is still being learned. "
                    "It is meant to help you prepare good questions for your care team.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "What ketamine is", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Ketamine is a medicine that has been used for decades to put people to sleep for "
                    "surgery. The FDA approved it for that purpose. At much lower doses, researchers have "
                    "studied ketamine for depression and for some kinds of long-lasting pain.</p>"
                    "<p>Using IV ketamine for depression is <b>off-label</b>. That means the FDA has not "
                    "approved it for this use, even though doctors may prescribe it when they believe it "
                    "is medically appropriate. A related medicine, <b>esketamine (Spravato)</b>, is a nasal "
                    "spray that <i>is</i> FDA-approved for adults with treatment-resistant depression, "
                    "used along with an oral antidepressant (and, since 2025, also on its own).</p>"
                ),
            },
            {"type": "heading", "value": {"text": "How an infusion works", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>An infusion means the medicine goes slowly into a vein through a thin tube, "
                    "usually in your arm. For depression, an infusion often lasts about 40 minutes, but "
                    "your clinician decides the dose and timing. You rest in a reclining chair while staff "
                    "check your blood pressure, heart rate and oxygen level.</p>"
                    "<p>Many people feel dreamy, floaty or detached from their body during the infusion. "
                    "Sounds and colors may seem different. This is called dissociation. It usually fades "
                    "within an hour or two after the infusion ends. You will need someone to drive you "
                    "home, and you should not drive until the next day.</p>"
                ),
            },
            {
                "type": "bulleted_list",
                "value": [
                    "Adults with depression that has not improved enough after trying other treatments",
                    "Some people with certain long-lasting pain conditions",
                    "Only after a full medical and mental health evaluation",
                    "Usually as one part of a larger care plan, not as a stand-alone fix",
                ],
            },
            {"type": "heading", "value": {"text": "How it might help, and what is still unknown", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Most common antidepressants act on brain chemicals like serotonin. Ketamine acts on "
                    "a different chemical messenger called glutamate. Scientists are still learning exactly "
                    "how this affects mood.</p>"
                    "<p>In studies, some people noticed their depression lift within hours or days. Others "
                    "noticed little or no change. When ketamine does help, the effect of a single infusion "
                    "often fades, so clinics usually talk about a series of infusions and a plan for what "
                    "comes next. Results vary from person to person, and no one can promise how you will "
                    "respond.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "Is this the same as recreational ketamine?",
                        "answer": (
                            "<p>No. In a clinic, the medicine comes from a pharmacy, the dose is measured for "
                            "you, and trained staff watch you the whole time. Ketamine used outside of "
                            "medical care carries serious risks, including misuse and bladder damage.</p>"
                        ),
                    },
                    {
                        "question": "Will I be asleep during the infusion?",
                        "answer": (
                            "<p>Usually not. The doses used for depression are much lower than the doses "
                            "used for surgery. Most people stay awake but feel relaxed or dreamlike.</p>"
                        ),
                    },
                    {
                        "question": "How many infusions will I need?",
                        "answer": (
                            "<p>It depends on you. Many clinics start with several infusions over a few "
                            "weeks and then check how you are doing. Your clinician will talk with you "
                            "about whether more treatment makes sense.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
        "translations": {
            "es": {
                "slug": "what-is-ketamine-infusion-therapy",
                "title": "¿Qué es la terapia de infusión de ketamina?",
                "summary": (
                    "Una explicación sencilla de qué es la terapia de infusión de ketamina, cómo es una "
                    "infusión y qué preguntas hacer antes de decidir si podría formar parte de su atención."
                ),
                "seo_title": "¿Qué es la terapia de infusión de ketamina?",
                "search_description": (
                    "Conozca qué es la terapia de infusión de ketamina, cómo funciona, para quién podría "
                    "considerarse y por qué primero se necesita una evaluación médica."
                ),
                "body": [
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>Si ha vivido con una depresión que no mejora después de probar varios "
                            "tratamientos, es posible que haya oído hablar de la ketamina. En este artículo "
                            "le explicamos qué es la terapia de infusión de ketamina, qué sucede durante una "
                            "visita y qué se sigue investigando. La idea es ayudarle a preparar buenas "
                            "preguntas para su equipo de atención.</p>"
                        ),
                    },
                    {"type": "heading", "value": {"text": "¿Qué es la ketamina?", "level": "h2"}},
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>La ketamina es un medicamento que se ha usado durante décadas como anestesia "
                            "en cirugías. La FDA la aprobó para ese fin. En dosis mucho más bajas, los "
                            "investigadores la han estudiado para la depresión y para algunos tipos de dolor "
                            "de larga duración.</p>"
                            "<p>El uso de ketamina intravenosa para la depresión es <b>fuera de indicación</b> "
                            "(<i>off-label</i>). Esto quiere decir que la FDA no la ha aprobado para ese uso, "
                            "aunque un médico puede recetarla si considera que es apropiada. Un medicamento "
                            "relacionado, la <b>esketamina (Spravato)</b>, es un aerosol nasal que <i>sí</i> "
                            "está aprobado por la FDA para adultos con depresión resistente al tratamiento, "
                            "junto con un antidepresivo oral (y, desde 2025, también por sí solo).</p>"
                        ),
                    },
                    {"type": "heading", "value": {"text": "¿Cómo es una infusión?", "level": "h2"}},
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>En una infusión, el medicamento entra poco a poco en una vena a través de un "
                            "tubo delgado, por lo general en el brazo. Para la depresión, una infusión suele "
                            "durar unos 40 minutos, pero es su médico quien decide la dosis y el tiempo. "
                            "Usted descansa en un sillón reclinable mientras el personal vigila su presión "
                            "arterial, su ritmo cardíaco y su nivel de oxígeno.</p>"
                            "<p>Muchas personas se sienten como en un sueño, flotando o algo desconectadas de "
                            "su cuerpo durante la infusión. Los sonidos y los colores pueden parecer "
                            "distintos. A esto se le llama disociación, y normalmente desaparece una o dos "
                            "horas después de terminar. Necesitará que alguien le lleve a casa, y no debe "
                            "manejar hasta el día siguiente.</p>"
                        ),
                    },
                    {
                        "type": "bulleted_list",
                        "value": [
                            "Adultos con depresión que no ha mejorado lo suficiente con otros tratamientos",
                            "Algunas personas con ciertos tipos de dolor de larga duración",
                            "Solo después de una evaluación médica y de salud mental completa",
                            "Por lo general, como una parte de un plan de atención más amplio, no como solución única",
                        ],
                    },
                    {
                        "type": "heading",
                        "value": {"text": "Cómo podría ayudar y lo que aún no se sabe", "level": "h2"},
                    },
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>La mayoría de los antidepresivos comunes actúan sobre sustancias del cerebro "
                            "como la serotonina. La ketamina actúa sobre otro mensajero químico llamado "
                            "glutamato. Los científicos todavía están aprendiendo cómo influye esto en el "
                            "estado de ánimo.</p>"
                            "<p>En los estudios, algunas personas notaron que su depresión se aliviaba en "
                            "cuestión de horas o días. Otras notaron poco o ningún cambio. Cuando la ketamina "
                            "ayuda, el efecto de una sola infusión suele disminuir con el tiempo, por eso las "
                            "clínicas suelen hablar de una serie de infusiones y de un plan para después. Los "
                            "resultados varían de una persona a otra, y nadie puede prometerle cómo va a "
                            "responder.</p>"
                        ),
                    },
                    {
                        "type": "callout",
                        "value": {
                            "tone": "important",
                            "title": "Si está en crisis, busque ayuda ahora",
                            "text": (
                                "<p>El tratamiento con ketamina no es atención de emergencia. Si piensa en el suicidio o no se "
                                "siente a salvo, llame o envíe un mensaje de texto al <b>988</b> para comunicarse con la "
                                '<a href="https://988lifeline.org">Línea 988 de Prevención del Suicidio y Crisis</a>, '
                                "a cualquier hora. Para español, marque 988 y presione 2. Si usted u otra persona corre "
                                "peligro inmediato, llame al <b>911</b>.</p>"
                            ),
                        },
                    },
                    {
                        "type": "faq",
                        "value": [
                            {
                                "question": "¿Es lo mismo que la ketamina de uso recreativo?",
                                "answer": (
                                    "<p>No. En la clínica, el medicamento viene de una farmacia, la dosis se "
                                    "calcula para usted y el personal capacitado le acompaña todo el tiempo. "
                                    "La ketamina que se usa fuera de la atención médica tiene riesgos serios, "
                                    "como el abuso y daños a la vejiga.</p>"
                                ),
                            },
                            {
                                "question": "¿Voy a estar dormido durante la infusión?",
                                "answer": (
                                    "<p>Por lo general, no. Las dosis para la depresión son mucho más bajas "
                                    "que las de una cirugía. La mayoría de las personas siguen despiertas, "
                                    "pero se sienten relajadas o como en un sueño.</p>"
                                ),
                            },
                            {
                                "question": "¿Cuántas infusiones voy a necesitar?",
                                "answer": (
                                    "<p>Depende de cada persona. Muchas clínicas empiezan con varias "
                                    "infusiones a lo largo de unas semanas y luego revisan cómo se siente. "
                                    "Su médico hablará con usted sobre si tiene sentido continuar.</p>"
                                ),
                            },
                        ],
                    },
                    {"type": "contact", "value": {"heading": "Hable con nuestro equipo"}},
                ],
            }
        },
    },
    # -----------------------------------------------------------------------
    {
        "slug": "esketamine-vs-iv-ketamine",
        "title": "Esketamine (Spravato) and IV Ketamine: How They Compare",
        "summary": (
            "Esketamine nasal spray and IV ketamine are related but not the same. Here is how they differ "
            "in FDA status, how they are given, monitoring and insurance coverage."
        ),
        "seo_title": "Esketamine (Spravato) vs. IV Ketamine",
        "search_description": (
            "Compare esketamine (Spravato) nasal spray and IV ketamine: FDA approval, how each is given, "
            "safety monitoring and what to ask your clinician."
        ),
        "categories": ["treatment"],
        "tags": ["esketamine", "spravato", "ketamine"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    '<p>People often use the word "ketamine" for two different treatments: a nasal spray '
                    "called esketamine (brand name Spravato) and ketamine given through an IV. They are "
                    "related medicines, but they are used in different ways and have a different legal "
                    "status. Knowing the difference can help you have a clearer talk with your care team.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Two forms of a related medicine", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Ketamine is made of two mirror-image versions of the same molecule, a bit like a left "
                    "hand and a right hand. Esketamine is one of those two versions, made into a nasal spray. "
                    "Because they are so closely related, they cause many of the same effects, such as "
                    "feeling dreamy or detached for a short time.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Key differences", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    "FDA status: Esketamine (Spravato) is FDA-approved for adults with treatment-resistant "
                    "depression. IV ketamine is FDA-approved as an anesthetic; using it for depression is off-label.",
                    "How it is given: You spray esketamine into your own nose while staff watch. IV ketamine "
                    "is given slowly into a vein by a trained clinician.",
                    "Dose: Esketamine comes in set doses described on its label. IV ketamine doses are "
                    "usually based on body weight and adjusted by your clinician.",
                    "Monitoring: Esketamine must be given in a certified health care setting, with at least "
                    "two hours of observation afterward. IV ketamine is also monitored during and after the infusion.",
                    "Insurance: Esketamine is more often covered, usually with prior approval. IV ketamine "
                    "for depression is often not covered because it is off-label.",
                ],
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>The FDA first approved esketamine in 2019 for treatment-resistant depression, to be "
                    "used together with an oral antidepressant. It was later approved, also with an oral "
                    "antidepressant, for adults with major depression who have suicidal thoughts or actions. "
                    "In 2025 the FDA also approved using it on its own for treatment-resistant depression. "
                    "Because of safety concerns, it is only available through a special FDA safety program. "
                    "You can read the FDA's original "
                    '<a href="https://www.fda.gov/news-events/press-announcements/fda-approves-new-nasal-spray-medication-treatment-resistant-depression-available-only-certified">announcement</a> '
                    "for background.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Which one might be right for me?", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>There is no single answer. Few studies have compared the two directly, so we cannot "
                    "say one works better for everyone. Your clinician may think about your health history, "
                    "your other medicines, how you have responded to past treatments, your schedule and what "
                    "your insurance covers. It is fine to ask why one option is being suggested over the "
                    "other.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "Can I drive home after an esketamine treatment?",
                        "answer": (
                            "<p>No. The label says you should not drive or use heavy machinery until the "
                            "next day, after a restful night of sleep. The same advice applies after IV "
                            "ketamine. Plan for a ride home.</p>"
                        ),
                    },
                    {
                        "question": "Can I switch from one to the other?",
                        "answer": (
                            "<p>Sometimes. If one option is not working well for you, or coverage changes, "
                            "talk with your clinician. They can review whether a change is safe and "
                            "reasonable for you.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
    # -----------------------------------------------------------------------
    {
        "slug": "preparing-for-your-first-infusion",
        "title": "Preparing for Your First Ketamine Infusion",
        "summary": (
            "Practical steps to get ready for your first ketamine infusion, from the evaluation visit to "
            "arranging a ride home and resting afterward."
        ),
        "seo_title": "Preparing for Your First Ketamine Infusion",
        "search_description": (
            "What to do before, during and after your first ketamine infusion: eating and drinking, "
            "medicines, what to bring and why you need a ride home."
        ),
        "categories": ["getting-started"],
        "tags": ["first-visit", "ketamine", "preparation"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Feeling a little nervous before your first infusion is normal. Knowing what to expect "
                    "can make the day easier. The steps below are general. Always follow the instructions "
                    "your own clinic gives you, since they are based on your health.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Before the day of your infusion", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Before any infusion, you will have an evaluation. A clinician will ask about your "
                    "mood, your medical history, past treatments and all the medicines and supplements you "
                    "take. They will check your blood pressure and may ask for records from your other "
                    "doctors.</p>"
                    "<p>Some medicines, such as certain sleep or anxiety medicines, may change how ketamine "
                    "works or how you feel during an infusion. <b>Do not stop or change any medicine on your "
                    "own.</b> Your care team will tell you if anything should be adjusted and how.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "On the day of your infusion", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    "Follow your clinic's rules about eating and drinking. Many clinics ask you to stop eating "
                    "several hours before your visit.",
                    "Take your usual medicines unless your care team told you otherwise.",
                    "Arrange for a responsible adult to drive you home.",
                    "Wear comfortable, loose clothes with sleeves that roll up easily.",
                    "Bring a current list of your medicines and any questions you have.",
                    "If your clinic allows it, bring headphones, calming music or an eye mask.",
                ],
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>When you arrive, staff will check your vital signs and place a small IV line in your "
                    "arm. During the infusion you will rest in a quiet room. You might feel floaty, sleepy or "
                    "a bit disconnected. Staff stay close by and check on you. If you feel uneasy or sick to "
                    "your stomach, tell them. They can often help by slowing the infusion or giving "
                    "medicine for nausea.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "warning",
                    "title": "For the rest of the day",
                    "text": (
                        "<p>Do not drive, ride a bike or use machines until the next day after a full "
                        "night of sleep. Avoid alcohol, and put off big decisions or signing important "
                        "papers until tomorrow.</p>"
                    ),
                },
            },
            {"type": "heading", "value": {"text": "After you go home", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Plan a quiet rest of the day. Start with a light meal if you feel hungry. Some people "
                    "feel tired or have a mild headache. It can help to write down how your mood, sleep and "
                    "energy change over the next few days, so you can share this at your next visit. If "
                    "something worries you, contact the clinic.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
        "translations": {
            "es": {
                "slug": "preparing-for-your-first-infusion",
                "title": "Cómo prepararse para su primera infusión de ketamina",
                "summary": (
                    "Pasos prácticos para prepararse para su primera infusión de ketamina, desde la "
                    "evaluación hasta conseguir quién le lleve a casa y descansar después."
                ),
                "seo_title": "Cómo prepararse para su primera infusión",
                "search_description": (
                    "Qué hacer antes, durante y después de su primera infusión de ketamina: comida, "
                    "medicamentos, qué llevar y por qué necesita quién le lleve a casa."
                ),
                "body": [
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>Es normal sentirse un poco nervioso antes de la primera infusión. Saber qué "
                            "esperar puede hacer que el día sea más fácil. Los pasos de abajo son generales. "
                            "Siga siempre las indicaciones de su clínica, ya que se basan en su estado de "
                            "salud.</p>"
                        ),
                    },
                    {"type": "heading", "value": {"text": "Antes del día de la infusión", "level": "h2"}},
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>Antes de cualquier infusión, le harán una evaluación. Un profesional le "
                            "preguntará sobre su estado de ánimo, su historial médico, los tratamientos que ha "
                            "probado y todos los medicamentos y suplementos que toma. Le medirán la presión "
                            "arterial y quizás le pidan expedientes de sus otros médicos.</p>"
                            "<p>Algunos medicamentos, como ciertos medicamentos para dormir o para la "
                            "ansiedad, pueden cambiar el efecto de la ketamina o cómo se siente durante la "
                            "infusión. <b>No deje ni cambie ningún medicamento por su cuenta.</b> Su equipo "
                            "de atención le dirá si hay que ajustar algo y cómo hacerlo.</p>"
                        ),
                    },
                    {"type": "heading", "value": {"text": "El día de la infusión", "level": "h2"}},
                    {
                        "type": "bulleted_list",
                        "value": [
                            "Siga las reglas de su clínica sobre comer y beber. Muchas clínicas piden dejar "
                            "de comer varias horas antes de la cita.",
                            "Tome sus medicamentos de siempre, a menos que su equipo le haya indicado otra cosa.",
                            "Pida a un adulto de confianza que le lleve a casa.",
                            "Use ropa cómoda y holgada, con mangas fáciles de subir.",
                            "Traiga una lista actualizada de sus medicamentos y las preguntas que tenga.",
                            "Si la clínica lo permite, traiga audífonos, música tranquila o un antifaz.",
                        ],
                    },
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>Al llegar, el personal revisará sus signos vitales y le pondrá una pequeña vía "
                            "intravenosa en el brazo. Durante la infusión, usted descansará en un cuarto "
                            "tranquilo. Es posible que se sienta flotando, con sueño o algo desconectado. El "
                            "personal se queda cerca y le revisa con frecuencia. Si se siente incómodo o con "
                            "náuseas, dígalo. Muchas veces pueden ayudarle haciendo más lenta la infusión o "
                            "dándole un medicamento para las náuseas.</p>"
                        ),
                    },
                    {
                        "type": "callout",
                        "value": {
                            "tone": "warning",
                            "title": "Durante el resto del día",
                            "text": (
                                "<p>No maneje, no ande en bicicleta y no use maquinaria hasta el día "
                                "siguiente, después de una noche completa de sueño. Evite el alcohol y deje "
                                "para mañana las decisiones grandes o la firma de documentos "
                                "importantes.</p>"
                            ),
                        },
                    },
                    {"type": "heading", "value": {"text": "Al regresar a casa", "level": "h2"}},
                    {
                        "type": "paragraph",
                        "value": (
                            "<p>Planee descansar el resto del día. Si tiene hambre, empiece con una comida "
                            "ligera. Algunas personas se sienten cansadas o tienen un leve dolor de cabeza. "
                            "Puede ser útil anotar cómo cambian su ánimo, su sueño y su energía en los "
                            "próximos días, para comentarlo en su siguiente cita. Si algo le preocupa, "
                            "comuníquese con la clínica.</p>"
                        ),
                    },
                    {
                        "type": "callout",
                        "value": {
                            "tone": "important",
                            "title": "Si está en crisis, busque ayuda ahora",
                            "text": (
                                "<p>El tratamiento con ketamina no es atención de emergencia. Si piensa en el suicidio o no se "
                                "siente a salvo, llame o envíe un mensaje de texto al <b>988</b> para comunicarse con la "
                                '<a href="https://988lifeline.org">Línea 988 de Prevención del Suicidio y Crisis</a>, '
                                "a cualquier hora. Para español, marque 988 y presione 2. Si usted u otra persona corre "
                                "peligro inmediato, llame al <b>911</b>.</p>"
                            ),
                        },
                    },
                    {"type": "contact", "value": {"heading": "Hable con nuestro equipo"}},
                ],
            }
        },
    },
    # -----------------------------------------------------------------------
    {
        "slug": "side-effects-and-safety-monitoring",
        "title": "Ketamine Side Effects and How We Monitor Your Safety",
        "summary": (
            "Learn about common short-term side effects of ketamine, what longer-term questions remain, "
            "and how clinic staff watch over you during and after each infusion."
        ),
        "seo_title": "Ketamine Side Effects and Safety Monitoring",
        "search_description": (
            "Common short-term side effects of ketamine infusions, longer-term concerns, and how your "
            "care team monitors you during and after treatment."
        ),
        "categories": ["safety"],
        "tags": ["side-effects", "safety", "ketamine"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Like every medicine, ketamine can cause side effects. Most people have some effects "
                    "during an infusion, and most of these are short-lived. Knowing what is common, and what "
                    "is not, can help you feel more prepared and know when to speak up.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Common short-term effects", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    'Feeling detached, dreamy or "outside" your body (dissociation)',
                    "A rise in blood pressure and heart rate",
                    "Nausea, and sometimes vomiting",
                    "Dizziness or sleepiness",
                    "Blurry or double vision",
                    "Headache",
                    "Feeling anxious, confused or overwhelmed for a short time",
                ],
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>These effects usually start during the infusion and fade within a few hours after it "
                    "ends. Tell the staff how you feel. They can often slow or pause the infusion, give "
                    "medicine for nausea, or simply stay with you and help you through an uncomfortable "
                    "moment.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "How we monitor you", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Your blood pressure is checked before the infusion starts. If it is too high, the "
                    "infusion may be delayed. During treatment, staff watch your blood pressure, heart rate "
                    "and oxygen level and check on how you are feeling. After the infusion, you stay to "
                    "recover until you are alert and steady on your feet. You go home only with a "
                    "responsible adult.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Longer-term questions", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Most of what is known about long-term harm comes from people who used ketamine often "
                    "and in high amounts outside of medical care. In those cases, ketamine has been linked to "
                    "bladder and urinary problems, liver problems and trouble with memory. Ketamine is also a "
                    "controlled substance because it can be misused.</p>"
                    "<p>Clinics use lower doses on a planned schedule, but research on repeated treatment over "
                    "many months is still limited. Tell your care team right away if you notice pain when "
                    "you urinate, needing to urinate often, or blood in your urine.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "warning",
                    "title": "When to get emergency care",
                    "text": (
                        "<p>After you leave the clinic, call <b>911</b> if you have chest pain, trouble "
                        "breathing, a sudden severe headache, fainting, or weakness or numbness on one side "
                        "of your body.</p>"
                    ),
                },
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "Is dissociation harmful?",
                        "answer": (
                            "<p>For most people it is an expected, temporary effect and not a sign that "
                            "something has gone wrong. It can feel strange or even unpleasant. Staff are "
                            "there to help, and you can talk afterward about what you experienced.</p>"
                        ),
                    },
                    {
                        "question": "Can ketamine be addictive?",
                        "answer": (
                            "<p>Ketamine can be misused, and some people develop problems with it. That is "
                            "one reason it is only given in a supervised setting and never sent home with "
                            "you from an infusion clinic. Please tell your clinician about any past or "
                            "current substance use so they can plan safely with you.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
    # -----------------------------------------------------------------------
    {
        "slug": "who-may-not-be-a-good-candidate",
        "title": "Who May Not Be a Good Candidate for Ketamine Treatment",
        "summary": (
            "Ketamine is not a good fit for everyone. Learn which health conditions may rule out or delay "
            "treatment, and why a full evaluation matters."
        ),
        "seo_title": "Who May Not Be a Good Candidate for Ketamine",
        "search_description": (
            "Health conditions that may make ketamine treatment unsafe or need extra care, such as high "
            "blood pressure, heart problems, psychosis or pregnancy."
        ),
        "categories": ["safety", "getting-started"],
        "tags": ["screening", "safety", "contraindications"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Ketamine treatment is not right for everyone. Before your first infusion, a clinician "
                    "reviews your health to make sure the possible benefits outweigh the risks for you. "
                    'Sometimes the answer is "not yet" or "not this treatment." That decision is made to '
                    "protect your safety.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Conditions that may rule out or delay treatment", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    "High blood pressure that is not well controlled",
                    "Certain heart or blood vessel conditions, such as a recent heart attack, an aneurysm, or "
                    "past bleeding in the brain",
                    "A history of psychosis, such as schizophrenia, or times when you saw or heard things "
                    "others did not",
                    "Pregnancy, breastfeeding, or planning to become pregnant soon",
                    "Current or past problems with alcohol or drug use, including ketamine",
                    "Serious liver disease",
                    "A past serious reaction to ketamine or a similar medicine",
                ],
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>Having one of these does not always mean you can never have ketamine. Some conditions "
                    "can be treated first. For example, your primary care doctor may help bring your blood "
                    "pressure under better control. In other cases, your clinician may decide that another "
                    "treatment is a safer choice.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Why sharing your full history helps", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>It can feel hard to talk about things like past drug use or unusual experiences. Your "
                    "care team asks about these things to keep you safe, not to judge you. Please also share "
                    "every medicine, supplement and over-the-counter product you take, and any plans for "
                    "pregnancy.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "If ketamine is not a fit", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>There are many other ways to treat depression and chronic pain. These can include "
                    "different medicines, talk therapy, brain stimulation treatments and other specialist "
                    "care. The "
                    '<a href="https://www.nimh.nih.gov/health/topics/depression">National Institute of Mental Health</a> '
                    "has clear information about depression treatments. Your clinician can help you find a "
                    "next step that fits your needs.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "I take blood pressure medicine. Can I still have ketamine?",
                        "answer": (
                            "<p>Possibly. What matters most is whether your blood pressure is well controlled. "
                            "Your clinician will check it at your evaluation and before each infusion.</p>"
                        ),
                    },
                    {
                        "question": "I am not sure if something in my history matters. Should I mention it?",
                        "answer": (
                            "<p>Yes. When in doubt, share it. Your clinician can decide whether it is "
                            "important for your care.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
    # -----------------------------------------------------------------------
    {
        "slug": "what-research-says-about-ketamine-for-depression",
        "title": "What the Research Says About Ketamine for Depression",
        "summary": (
            "A balanced look at what studies have found about ketamine for depression, what is still "
            "unknown, and how to keep your expectations realistic."
        ),
        "seo_title": "Ketamine for Depression: What Research Says",
        "search_description": (
            "What studies have found about ketamine and esketamine for depression, the questions that "
            "remain open, and how to read research news with care."
        ),
        "categories": ["research"],
        "tags": ["research", "depression", "ketamine"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>News stories about ketamine can sound very hopeful. Research is encouraging in some "
                    "ways, but it also has limits. This article gives a balanced summary so you can make "
                    "informed choices with your care team.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "What studies have found", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Over about the last twenty years, researchers have run controlled studies of low-dose "
                    "IV ketamine in people with depression that did not improve with other treatments. In "
                    "many of these studies, some people felt their symptoms ease within hours to days. That "
                    "is faster than most standard antidepressants, which often take several weeks. However, "
                    "not everyone improved, and for many people the benefit of a single infusion faded "
                    "within days to a couple of weeks.</p>"
                    "<p>Larger studies of esketamine nasal spray led the FDA to approve it for "
                    "treatment-resistant depression. A large study published in 2023 compared IV ketamine "
                    "with electroconvulsive therapy (ECT) in adults with treatment-resistant depression "
                    "who did not have psychosis. In that study, ketamine was found to be no worse than "
                    "ECT over the study period. Results like these are useful, but they do not tell us "
                    "how any one person will respond.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "What we still do not know", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    "How long benefits last, and how best to keep them going",
                    "The best number of infusions and how far apart they should be",
                    "How safe repeated treatment is over many months or years",
                    "Who is most likely to benefit, and who is not",
                    "How ketamine compares with other treatments for different groups of people",
                ],
            },
            {
                "type": "callout",
                "value": {
                    "tone": "info",
                    "title": "Reading about studies",
                    "text": (
                        "<p>A study result describes what happened on average in a group of people under "
                        "careful conditions. Your own experience may be different. Be cautious about any "
                        "source that promises fast or lasting results for everyone.</p>"
                    ),
                },
            },
            {"type": "heading", "value": {"text": "What this means for you", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Ketamine may be one option to discuss if other treatments have not helped enough. It "
                    "works best as part of a full care plan. Before starting, ask your clinician how you will "
                    "both know whether it is helping, what happens if it is not, and what the plan is for "
                    "ongoing care. Keeping simple notes on your mood and sleep can make these conversations "
                    "easier. For general information on depression and its treatments, see the "
                    '<a href="https://www.nimh.nih.gov/health/topics/depression">National Institute of Mental Health</a>.</p>'
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
    # -----------------------------------------------------------------------
    {
        "slug": "ketamine-and-chronic-pain",
        "title": "Ketamine and Chronic Pain: What to Know",
        "summary": (
            "Low-dose ketamine infusions are sometimes used off-label for certain chronic pain conditions. "
            "Here is what the evidence suggests and how pain infusions may differ."
        ),
        "seo_title": "Ketamine for Chronic Pain: What to Know",
        "search_description": (
            "How low-dose ketamine infusions are used off-label for some chronic pain conditions, what "
            "the evidence shows, and questions to ask your care team."
        ),
        "categories": ["chronic-pain", "treatment"],
        "tags": ["chronic-pain", "ketamine", "crps"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Hospitals have used ketamine for many years to help manage pain around surgery. Some "
                    "pain specialists also use low-dose ketamine infusions for certain chronic, or "
                    "long-lasting, pain conditions. This use is off-label, meaning the FDA has not approved "
                    "ketamine for chronic pain.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Which kinds of pain have been studied", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>The most research has been done in complex regional pain syndrome (CRPS), a condition "
                    "that causes lasting pain, often in an arm or leg after an injury. There is also some "
                    "research in other kinds of nerve pain. For conditions like fibromyalgia or long-term "
                    "back pain, results have been mixed or limited.</p>"
                    "<p>Pain specialist groups have reviewed this research. Overall, they describe the "
                    "evidence as modest, and stronger for some conditions than others. That is why a careful "
                    "evaluation matters.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "How pain infusions may differ", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Infusions for pain are often longer than those for depression, and the dose may be "
                    "different. Some plans use several infusions over a few days or weeks. Your clinic "
                    "should work with your pain specialist or primary care doctor so your treatment fits "
                    "with the rest of your care.</p>"
                ),
            },
            {
                "type": "bulleted_list",
                "value": [
                    "Your pain diagnosis and how long you have had it",
                    "All pain medicines you take, including opioids",
                    "What you hope to improve, such as sleep, walking or daily tasks",
                    "Other treatments you use, like physical therapy or nerve blocks",
                ],
            },
            {
                "type": "callout",
                "value": {
                    "tone": "info",
                    "title": "Part of a plan, not a replacement",
                    "text": (
                        "<p>Ketamine is usually one tool among several. Movement, physical therapy, sleep "
                        "support and mental health care often play a big role in living well with chronic "
                        "pain.</p>"
                    ),
                },
            },
            {"type": "heading", "value": {"text": "Pain and mood are connected", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Living with pain every day can wear down your mood, and low mood can make pain feel "
                    "worse. Many people deal with both. If you notice signs of depression, such as losing "
                    "interest in things you used to enjoy, let your care team know.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "Will I be able to stop my other pain medicines?",
                        "answer": (
                            "<p>Do not stop any medicine on your own. Some people may be able to lower "
                            "certain medicines over time, but that decision should be made with the "
                            "clinician who prescribes them.</p>"
                        ),
                    },
                    {
                        "question": "How long does pain relief last?",
                        "answer": (
                            "<p>It varies a lot. Some people notice relief that lasts a while, some notice a "
                            "short benefit, and some notice no change. Your team will help track how you "
                            "respond.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
    # -----------------------------------------------------------------------
    {
        "slug": "ketamine-therapy-and-ongoing-care",
        "title": "Ketamine, Therapy and Ongoing Care",
        "summary": (
            "Ketamine treatment tends to work best as part of a wider plan. Learn how therapy, daily habits "
            "and follow-up visits can support your progress."
        ),
        "seo_title": "Ketamine, Therapy and Ongoing Care",
        "search_description": (
            "How talk therapy, healthy routines, follow-up visits and a safety plan can fit together with "
            "ketamine treatment for depression."
        ),
        "categories": ["treatment"],
        "tags": ["therapy", "aftercare", "depression"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Ketamine is not meant to work alone. Most clinics see it as one part of a broader care "
                    "plan that may include talk therapy, other medicines and regular check-ins. This article "
                    "covers ways to support your well-being between and after infusions.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Why therapy still matters", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Some people say that in the days after an infusion, they feel more open to new ways "
                    "of thinking. A therapist can help you use that time to work on coping skills, "
                    "relationships and goals. Researchers are still studying how best to combine ketamine "
                    "with therapy, but staying connected to mental health care is a good idea either "
                    "way.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Ways to support your progress", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    "Keep your appointments with your therapist, psychiatrist or primary care doctor",
                    "Write a few lines each day about your mood, sleep and energy",
                    "Aim for regular sleep, meals and some gentle movement",
                    "Stay in touch with people you trust",
                    "Avoid alcohol and recreational drugs, which can affect your mood and your safety",
                ],
            },
            {
                "type": "paragraph",
                "value": (
                    '<p>Here is a made-up example. "Dana" (a fictional patient) noticed her mood lift a '
                    "little after her first few infusions. With her therapist, she used that window to "
                    "start short daily walks and to reconnect with a friend. When her mood dipped again "
                    "weeks later, her notes helped her and her clinician spot the change early and adjust "
                    "the plan. Not everyone has this kind of experience, and that is okay too.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Planning for what comes next", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>For some people, the benefit of ketamine fades over time. Your clinician may talk with "
                    "you about occasional follow-up infusions, other treatments, or both. These decisions "
                    "are made together and reviewed over time. It also helps to make a written safety plan "
                    "with your care team that lists warning signs, coping steps and people to contact.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "Should I stop my antidepressant once I start ketamine?",
                        "answer": (
                            "<p>No, not on your own. Stopping some medicines suddenly can cause withdrawal "
                            "symptoms or make depression worse. Talk with the clinician who prescribes "
                            "them before making any change.</p>"
                        ),
                    },
                    {
                        "question": "Do I need a therapist to have ketamine treatment?",
                        "answer": (
                            "<p>Clinics have different rules. Many strongly encourage ongoing mental health "
                            "care, and some require it. If you do not have a therapist, ask your care team "
                            "for help finding one.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
    # -----------------------------------------------------------------------
    {
        "slug": "understanding-insurance-and-costs",
        "title": "Understanding Insurance and Costs for Ketamine Treatment",
        "summary": (
            "Coverage for ketamine-based treatment varies widely. Learn why, what questions to ask, and "
            "how to plan for costs before you begin."
        ),
        "seo_title": "Ketamine Treatment: Insurance and Costs",
        "search_description": (
            "Why insurance coverage differs for esketamine and IV ketamine, questions to ask your plan, "
            "and ways to plan for out-of-pocket costs."
        ),
        "categories": ["costs-insurance"],
        "tags": ["insurance", "costs", "spravato"],
        "body": [
            {
                "type": "paragraph",
                "value": (
                    "<p>Cost is a real concern for many people thinking about ketamine-based treatment. "
                    "Coverage depends on the type of treatment, your diagnosis and your insurance plan. "
                    "Asking the right questions early can help you avoid surprises.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Why coverage differs", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Esketamine (Spravato) nasal spray is FDA-approved for treatment-resistant depression, "
                    "so many insurance plans cover it. Most plans require prior approval first, which means "
                    "your clinician sends paperwork showing why you need it.</p>"
                    "<p>IV ketamine for depression is off-label. Because of this, many insurance plans do not "
                    "cover it, and patients often pay out of pocket. Coverage for ketamine used for some pain "
                    "conditions varies by plan.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Questions to ask", "level": "h2"}},
            {
                "type": "bulleted_list",
                "value": [
                    "Does my plan cover this treatment for my diagnosis?",
                    "Is prior approval needed, and who handles it?",
                    "What will I owe for the evaluation, each treatment and follow-up visits?",
                    "Can I get a detailed receipt to send to my insurance for possible reimbursement?",
                    "Can I use a health savings account (HSA) or flexible spending account (FSA)?",
                ],
            },
            {
                "type": "paragraph",
                "value": (
                    "<p>If you are paying on your own or do not have insurance, federal rules give you the "
                    "right to ask for a written good faith estimate of expected charges before your care. "
                    "Some clinics also offer payment plans. Ask what each price includes, such as the "
                    "evaluation, monitoring and recovery time.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Planning for the long run", "level": "h3"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Treatment is often more than a single visit. A first series of treatments may be "
                    "followed by check-ins and, for some people, occasional follow-up treatments. When you "
                    "plan your budget, ask about the likely cost of the whole first series, not just one "
                    "visit, and what follow-up care might cost later. Keep copies of your receipts and any "
                    "letters from your insurance plan in one place. If your coverage changes, let your "
                    "clinic know early so you can talk through your options together.</p>"
                ),
            },
            {
                "type": "callout",
                "value": {
                    "tone": "info",
                    "title": "Compare carefully",
                    "text": (
                        "<p>A lower price is not always a better value. Make sure any clinic you consider "
                        "does a full medical evaluation, monitors you during treatment, and works with your "
                        "other clinicians.</p>"
                    ),
                },
            },
            {
                "type": "callout",
                "value": {
                    "tone": "important",
                    "title": "If you are in crisis, get help now",
                    "text": (
                        "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                        "call or text <b>988</b> to reach the "
                        '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                        "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                    ),
                },
            },
            {
                "type": "faq",
                "value": [
                    {
                        "question": "Why does my plan cover the nasal spray but not IV ketamine?",
                        "answer": (
                            "<p>Insurance plans often cover treatments that are FDA-approved for a specific "
                            "condition. Esketamine has that approval for treatment-resistant depression; IV "
                            "ketamine does not.</p>"
                        ),
                    },
                    {
                        "question": "Does it cost anything to contact 988?",
                        "answer": (
                            "<p>No. The 988 Suicide &amp; Crisis Lifeline is free and confidential. Cost "
                            "should never keep you from getting help in a crisis.</p>"
                        ),
                    },
                ],
            },
            {"type": "contact", "value": {"heading": "Talk to our team"}},
        ],
    },
]


CLINIC_ARTICLES = {
    # -----------------------------------------------------------------------
    "peoria": [
        {
            "slug": "planning-your-visit-to-our-peoria-clinic",
            "title": "Planning Your Visit to Our Peoria Clinic",
            "summary": (
                "Practical tips for your visit to Advanced Wellness and Pain in Peoria, Arizona, whether you "
                "are coming for mood care or chronic pain care."
            ),
            "seo_title": "Planning Your Visit to Our Peoria Clinic",
            "search_description": (
                "What to bring, how to plan your ride home and what to expect at Advanced Wellness and Pain "
                "in Peoria, Arizona, for mood or chronic pain care."
            ),
            "categories": ["your-visit", "chronic-pain"],
            "tags": ["peoria", "first-visit", "chronic-pain"],
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>At Advanced Wellness and Pain in Peoria, Arizona, we see people for certain mood "
                        "conditions and for some types of chronic pain. Every treatment plan starts with an "
                        "evaluation. This page covers the practical side of your visit so the day goes "
                        "smoothly.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "Before you arrive", "level": "h2"}},
                {
                    "type": "bulleted_list",
                    "value": [
                        "Follow the eating and drinking instructions we give you",
                        "Bring a list of all your medicines and supplements",
                        "Bring your insurance card and photo ID",
                        "Wear loose, comfortable clothing and bring a light sweater, since rooms can feel cool",
                        "Plan to arrive a little early so you have time to settle in",
                    ],
                },
                {"type": "heading", "value": {"text": "Getting here and getting home", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>After an infusion, you cannot drive until the next day. Please arrange for a "
                        "responsible adult to pick you up and take you home. Riding home alone in a taxi or "
                        "rideshare is usually not allowed, so check with us before your visit if finding a "
                        "ride is hard. We can talk through options with you.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "warning",
                        "title": "Summer heat in the Valley",
                        "text": (
                            "<p>Arizona summers can be very hot. If you have been asked to limit food or "
                            "drink before your visit, avoid spending time outdoors in the heat beforehand, "
                            "and ask us when it is okay to start drinking fluids again. Your driver is "
                            "welcome to wait somewhere cool.</p>"
                        ),
                    },
                },
                {"type": "heading", "value": {"text": "If you are coming for pain care", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Ketamine for chronic pain is off-label, and the evidence is stronger for some "
                        "conditions than others. To help us plan, please bring or send records from your "
                        "pain specialist, recent imaging reports, and a list of the pain treatments you have "
                        "tried. Tell us which daily activities your pain affects most. Results vary, and we "
                        "will review with you how you respond over time.</p>"
                        "<p>Please keep taking your usual pain medicines unless the clinician who prescribes "
                        "them tells you otherwise. We are glad to coordinate with your pain specialist or "
                        "primary care doctor when you give us written permission.</p>"
                    ),
                },
                {
                    "type": "faq",
                    "value": [
                        {
                            "question": "How long will I be at the clinic?",
                            "answer": (
                                "<p>Plan for a few hours in total. That includes check-in, vital signs, the "
                                "infusion itself and recovery time afterward. Infusions for pain can take "
                                "longer than infusions for mood. We will give you a time estimate when you "
                                "book.</p>"
                            ),
                        },
                        {
                            "question": "Can my driver wait for me?",
                            "answer": (
                                "<p>Yes. Your driver can wait at the clinic or leave and come back. Either way, "
                                "we will ask them to be ready when you are cleared to go home.</p>"
                            ),
                        },
                    ],
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "If you are in crisis, get help now",
                        "text": (
                            "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                            "call or text <b>988</b> to reach the "
                            '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                            "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                        ),
                    },
                },
                {"type": "contact", "value": {"heading": "Talk to our team"}},
            ],
        },
    ],
    # -----------------------------------------------------------------------
    "phoenix": [
        {
            "slug": "your-first-visit-to-ahwatukee-ketamine-clinic",
            "title": "Your First Visit to Ahwatukee Ketamine Clinic",
            "summary": (
                "What to expect at your first visits to Ahwatukee Ketamine Clinic in Phoenix, from the "
                "consultation to infusion day and the ride home."
            ),
            "seo_title": "Your First Visit to Ahwatukee Ketamine Clinic",
            "search_description": (
                "What to expect at Ahwatukee Ketamine Clinic in Phoenix: your consultation, infusion day, "
                "what to bring and why you need a ride home."
            ),
            "categories": ["your-visit", "getting-started"],
            "tags": ["phoenix", "ahwatukee", "first-visit"],
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Welcome to Ahwatukee Ketamine Clinic in Phoenix. Starting a new treatment can "
                        "bring up questions and nerves. This page walks you through your first visits so you "
                        "know what to expect. This page is also available in Spanish.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "Your first appointment: the consultation", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Your first visit is a consultation, not an infusion. A clinician will talk with "
                        "you about your mood, your health history, past treatments and current medicines. "
                        "They will explain that IV ketamine for depression is off-label, and how it differs "
                        "from esketamine (Spravato), which is FDA-approved for treatment-resistant "
                        "depression. Together you will decide whether ketamine makes sense for you, or "
                        "whether another path may be safer.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "Infusion day", "level": "h2"}},
                {
                    "type": "bulleted_list",
                    "value": [
                        "Follow the eating and drinking instructions we give you",
                        "Bring your medicine list and photo ID",
                        "Wear comfortable clothes with sleeves that roll up easily",
                        "Bring headphones or an eye mask if you like",
                        "Have a responsible adult ready to drive you home",
                    ],
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>During your infusion you will rest in a private, quiet room. We can dim the "
                        "lights and offer a blanket. A staff member checks your blood pressure, heart rate "
                        "and oxygen and is nearby the whole time. After the infusion, you rest until you "
                        "are alert and steady.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "After your visit", "level": "h3"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Plan a quiet rest of the day at home. Over the next few days, jot down any changes "
                        "in your mood, sleep and energy, and bring your notes to your next visit. Some people "
                        "notice a change after a few treatments, and others do not. We will review your "
                        "progress with you and talk openly about whether to continue.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "warning",
                        "title": "You will need a ride home",
                        "text": (
                            "<p>Ketamine affects your coordination and judgment for several hours. Do not "
                            "drive until the next day after a full night of sleep. Please plan for a "
                            "responsible adult to take you home.</p>"
                        ),
                    },
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "If you are in crisis, get help now",
                        "text": (
                            "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                            "call or text <b>988</b> to reach the "
                            '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                            "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                        ),
                    },
                },
                {
                    "type": "faq",
                    "value": [
                        {
                            "question": "Can a family member come with me?",
                            "answer": (
                                "<p>Yes, a family member or friend can come to your visit and can wait for "
                                "you. Ask us about our current guidelines for having a support person in "
                                "the room.</p>"
                            ),
                        },
                        {
                            "question": "Do I need a referral?",
                            "answer": (
                                "<p>Not always, but records from your current doctor or therapist help us "
                                "understand your history. With your written permission, we can also keep "
                                "them updated on your care.</p>"
                            ),
                        },
                    ],
                },
                {"type": "contact", "value": {"heading": "Talk to our team"}},
            ],
            "translations": {
                "es": {
                    "slug": "your-first-visit-to-ahwatukee-ketamine-clinic",
                    "title": "Su primera visita a Ahwatukee Ketamine Clinic",
                    "summary": (
                        "Qué esperar en sus primeras visitas a Ahwatukee Ketamine Clinic en Phoenix, desde "
                        "la consulta hasta el día de la infusión y el regreso a casa."
                    ),
                    "seo_title": "Su primera visita a Ahwatukee Ketamine Clinic",
                    "search_description": (
                        "Qué esperar en Ahwatukee Ketamine Clinic en Phoenix: la consulta, el día de la "
                        "infusión, qué traer y por qué necesita quién le lleve a casa."
                    ),
                    "body": [
                        {
                            "type": "paragraph",
                            "value": (
                                "<p>Le damos la bienvenida a Ahwatukee Ketamine Clinic en Phoenix. Empezar un "
                                "tratamiento nuevo puede traer dudas y nervios. En esta página le explicamos "
                                "sus primeras visitas para que sepa qué esperar. Si prefiere recibir "
                                "información en español, díganos y haremos lo posible por apoyarle.</p>"
                            ),
                        },
                        {
                            "type": "heading",
                            "value": {"text": "Su primera cita: la consulta", "level": "h2"},
                        },
                        {
                            "type": "paragraph",
                            "value": (
                                "<p>Su primera visita es una consulta, no una infusión. Un profesional hablará "
                                "con usted sobre su estado de ánimo, su historial de salud, los tratamientos "
                                "que ha probado y los medicamentos que toma. Le explicará que el uso de "
                                "ketamina intravenosa para la depresión es fuera de indicación "
                                "(<i>off-label</i>) y en qué se diferencia de la esketamina (Spravato), que "
                                "sí está aprobada por la FDA para la depresión resistente al tratamiento. "
                                "Juntos decidirán si la ketamina tiene sentido para usted o si otro camino "
                                "podría ser más seguro.</p>"
                            ),
                        },
                        {"type": "heading", "value": {"text": "El día de la infusión", "level": "h2"}},
                        {
                            "type": "bulleted_list",
                            "value": [
                                "Siga las indicaciones que le demos sobre comer y beber",
                                "Traiga su lista de medicamentos y una identificación con foto",
                                "Use ropa cómoda, con mangas fáciles de subir",
                                "Si lo desea, traiga audífonos o un antifaz",
                                "Tenga listo a un adulto de confianza que le lleve a casa",
                            ],
                        },
                        {
                            "type": "paragraph",
                            "value": (
                                "<p>Durante la infusión, usted descansará en un cuarto privado y tranquilo. "
                                "Podemos bajar la luz y ofrecerle una cobija. Un miembro del personal revisa "
                                "su presión arterial, su ritmo cardíaco y su oxígeno, y está cerca todo el "
                                "tiempo. Al terminar, usted descansa hasta sentirse alerta y estable.</p>"
                            ),
                        },
                        {"type": "heading", "value": {"text": "Después de su visita", "level": "h3"}},
                        {
                            "type": "paragraph",
                            "value": (
                                "<p>Planee descansar tranquilamente en casa el resto del día. En los días "
                                "siguientes, anote los cambios que note en su ánimo, su sueño y su energía, y "
                                "traiga sus notas a la próxima cita. Algunas personas notan un cambio después "
                                "de algunos tratamientos y otras no. Revisaremos su avance con usted y "
                                "hablaremos con franqueza sobre si conviene continuar.</p>"
                            ),
                        },
                        {
                            "type": "callout",
                            "value": {
                                "tone": "warning",
                                "title": "Necesitará quién le lleve a casa",
                                "text": (
                                    "<p>La ketamina afecta la coordinación y el juicio durante varias horas. "
                                    "No maneje hasta el día siguiente, después de una noche completa de "
                                    "sueño. Planee que un adulto de confianza le lleve a casa.</p>"
                                ),
                            },
                        },
                        {
                            "type": "callout",
                            "value": {
                                "tone": "important",
                                "title": "Si está en crisis, busque ayuda ahora",
                                "text": (
                                    "<p>El tratamiento con ketamina no es atención de emergencia. Si piensa en el suicidio o no se "
                                    "siente a salvo, llame o envíe un mensaje de texto al <b>988</b> para comunicarse con la "
                                    '<a href="https://988lifeline.org">Línea 988 de Prevención del Suicidio y Crisis</a>, '
                                    "a cualquier hora. Para español, marque 988 y presione 2. Si usted u otra persona corre "
                                    "peligro inmediato, llame al <b>911</b>.</p>"
                                ),
                            },
                        },
                        {
                            "type": "faq",
                            "value": [
                                {
                                    "question": "¿Puede acompañarme un familiar?",
                                    "answer": (
                                        "<p>Sí, un familiar o amigo puede venir a su cita y esperarle. "
                                        "Pregúntenos cuáles son nuestras normas actuales para que una persona "
                                        "de apoyo esté con usted en el cuarto.</p>"
                                    ),
                                },
                                {
                                    "question": "¿Necesito una referencia médica?",
                                    "answer": (
                                        "<p>No siempre, pero los expedientes de su médico o terapeuta nos "
                                        "ayudan a entender su historial. Con su permiso por escrito, también "
                                        "podemos mantenerles al tanto de su atención.</p>"
                                    ),
                                },
                            ],
                        },
                        {"type": "contact", "value": {"heading": "Hable con nuestro equipo"}},
                    ],
                }
            },
        },
    ],
    # -----------------------------------------------------------------------
    "fayetteville": [
        {
            "slug": "what-to-expect-at-iconic-infusions-fayetteville",
            "title": "What to Expect at Iconic Infusions in Fayetteville",
            "summary": (
                "A practical guide to your visit at Iconic Infusions in Fayetteville, North Carolina, "
                "including notes for service members, veterans and military families."
            ),
            "seo_title": "What to Expect at Iconic Infusions, Fayetteville",
            "search_description": (
                "Plan your visit to Iconic Infusions in Fayetteville, NC: what to bring, your ride home, and "
                "tips for veterans and military families."
            ),
            "categories": ["your-visit"],
            "tags": ["fayetteville", "first-visit", "veterans"],
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>At Iconic Infusions in Fayetteville, North Carolina, we want your visit to feel "
                        "calm and well organized. Before any treatment, you will have an evaluation to see "
                        "whether ketamine is a safe and reasonable option for you. This page explains what "
                        "to plan for.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "Planning your visit", "level": "h2"}},
                {
                    "type": "bulleted_list",
                    "value": [
                        "Follow the eating and drinking instructions we give you",
                        "Bring your medicine list, photo ID and insurance information",
                        "Wear comfortable clothes with sleeves that roll up easily",
                        "Arrange for a responsible adult to drive you home",
                    ],
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Most of your time here is spent resting. During the infusion, staff check your "
                        "blood pressure, heart rate and oxygen. After it ends, you stay until you are alert "
                        "and steady. Because ketamine affects coordination and judgment, you should not "
                        "drive until the next day.</p>"
                    ),
                },
                {
                    "type": "heading",
                    "value": {"text": "For service members, veterans and military families", "level": "h2"},
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Many people in our community have ties to the military. If you use TRICARE or VA "
                        "benefits, coverage for ketamine-based treatment varies, so check with your plan and "
                        "with us before you schedule. If you are on active duty, talk with your military "
                        "health care team first, since some treatments may affect duty status. We are happy "
                        "to coordinate with your other clinicians when you give written permission.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "Crisis support, including for veterans",
                        "text": (
                            "<p>If you are thinking about suicide or feel unsafe, call or text <b>988</b> "
                            'to reach the <a href="https://988lifeline.org">988 Suicide &amp; Crisis '
                            "Lifeline</a>. Veterans, service members and their families can dial 988 and "
                            "then press 1 to reach the "
                            '<a href="https://www.veteranscrisisline.net">Veterans Crisis Line</a>. In an '
                            "emergency, call <b>911</b>.</p>"
                        ),
                    },
                },
                {"type": "heading", "value": {"text": "Setting realistic expectations", "level": "h3"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>IV ketamine for depression is off-label. Some people notice a change after a few "
                        "treatments, and others do not. We will check in with you regularly and talk openly "
                        "about whether treatment is helping and what your next steps could be. Ketamine "
                        "works best as one part of a wider plan that may include therapy, other medicines "
                        "and support from the people around you.</p>"
                    ),
                },
                {
                    "type": "faq",
                    "value": [
                        {
                            "question": "How long does a visit take?",
                            "answer": (
                                "<p>Plan for a few hours, including check-in, the infusion and time to recover "
                                "afterward. Your first consultation is a separate visit and does not include "
                                "an infusion.</p>"
                            ),
                        },
                        {
                            "question": "Can my spouse or a friend stay with me?",
                            "answer": (
                                "<p>A support person is welcome to come along and wait for you. Ask us about "
                                "our current guidelines for having someone in the treatment room.</p>"
                            ),
                        },
                        {
                            "question": "Can you share updates with my VA or military clinician?",
                            "answer": (
                                "<p>Yes, if you give us written permission. Keeping all of your clinicians "
                                "informed can make your care safer and better connected.</p>"
                            ),
                        },
                    ],
                },
                {"type": "contact", "value": {"heading": "Talk to our team"}},
            ],
        },
    ],
    # -----------------------------------------------------------------------
    "tempe": [
        {
            "slug": "coordinating-care-with-your-therapist-in-tempe",
            "title": "Coordinating Ketamine Care With Your Therapist",
            "summary": (
                "At Interpersonal Advanced Treatment in Tempe, we encourage close teamwork with your "
                "therapist. Here is how that works and how to plan your visit."
            ),
            "seo_title": "Coordinating Ketamine Care With Your Therapist",
            "search_description": (
                "How Interpersonal Advanced Treatment in Tempe, AZ, works with your therapist during ketamine "
                "treatment, plus tips for planning your visit."
            ),
            "categories": ["your-visit", "treatment"],
            "tags": ["tempe", "therapy", "aftercare"],
            "body": [
                {
                    "type": "paragraph",
                    "value": (
                        "<p>At Interpersonal Advanced Treatment in Tempe, Arizona, we believe ketamine care "
                        "works best when it is connected to the rest of your mental health care. If you "
                        "already see a therapist, we would like to work alongside them. If you do not, we can "
                        "help you think about options.</p>"
                    ),
                },
                {"type": "heading", "value": {"text": "Working with your current therapist", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>With your written permission, we can share updates with your therapist, such as "
                        "your treatment schedule and how you are responding. You choose what is shared, and "
                        "you can change your mind at any time. Many people find it helpful to book a therapy "
                        "session within a few days after an infusion.</p>"
                    ),
                },
                {
                    "type": "bulleted_list",
                    "value": [
                        "The dates of your infusions",
                        "Changes you notice in mood, sleep or energy",
                        "Thoughts or memories that came up during treatment",
                        "Any worries about side effects or next steps",
                    ],
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "info",
                        "title": "Keep your other care going",
                        "text": (
                            "<p>Please keep seeing your prescriber and therapist while you receive ketamine. "
                            "Do not stop any medicine without talking to the clinician who prescribes it.</p>"
                        ),
                    },
                },
                {"type": "heading", "value": {"text": "Planning your visit in Tempe", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Traffic in Tempe can be heavy near the university and during big events, so allow "
                        "extra travel time. Follow the eating and drinking instructions we give you, and "
                        "bring your medicine list. A responsible adult must drive you home, since you should "
                        "not drive until the next day. Remember that IV ketamine for depression is off-label, "
                        "and results vary from person to person.</p>"
                    ),
                },
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Your first visit is a consultation. We will ask about your mood, your health "
                        "history and the people who support you, including your therapist if you have one. "
                        "If ketamine does not seem like a safe or good fit, we will say so and help you think "
                        "about other options. If it does, we will plan your schedule together and set a time "
                        "to check how things are going.</p>"
                    ),
                },
                {
                    "type": "callout",
                    "value": {
                        "tone": "important",
                        "title": "If you are in crisis, get help now",
                        "text": (
                            "<p>Ketamine treatment is not emergency care. If you are thinking about suicide or feel unsafe, "
                            "call or text <b>988</b> to reach the "
                            '<a href="https://988lifeline.org">988 Suicide &amp; Crisis Lifeline</a> any time, day or night. '
                            "If you or someone else is in immediate danger, call <b>911</b>.</p>"
                        ),
                    },
                },
                {
                    "type": "faq",
                    "value": [
                        {
                            "question": "I am a college student. Can I still use campus counseling?",
                            "answer": (
                                "<p>Yes. Campus counseling can be a helpful part of your support. With your "
                                "permission, we can coordinate with your counselor too.</p>"
                            ),
                        },
                        {
                            "question": "What if I do not want my therapist to know?",
                            "answer": (
                                "<p>That is your choice, and we will respect it. We may gently explain why "
                                "sharing can help, but we will not share your information without your "
                                "permission, except where the law requires it.</p>"
                            ),
                        },
                    ],
                },
                {"type": "contact", "value": {"heading": "Talk to our team"}},
            ],
        },
    ],
}

# Shared articles whose approval the demo dates back, so that front-end developers see every
# review status (`?reviewed_status=due_soon` and `overdue`): days from today to the next review.
REVIEW_DUE_IN_DAYS = {
    "understanding-insurance-and-costs": 14,  # due soon (within the default 30 days)
    "what-research-says-about-ketamine-for-depression": -10,  # overdue, still served by default
}

# Phoenix adapts two shared articles without forking them: it pins one to the top of its lists,
# and writes its own introduction and call to action around another, in both its languages
# (approved in medical review like every medical text).
CLINIC_OVERRIDES = {
    "phoenix": {
        "pinned": ["understanding-insurance-and-costs"],
        "local_texts": {
            "preparing-for-your-first-infusion": {
                "en": {
                    "introduction": "<p>At Ahwatukee Ketamine Clinic, every first visit starts with a "
                    "conversation with our medical team about your history and your goals. Below, what to expect on "
                    "the day of your first infusion.</p>",
                    "call_to_action": "Book a first conversation with our medical team",
                },
                "es": {
                    "introduction": "<p>En Ahwatukee Ketamine Clinic, cada primera visita empieza con una "
                    "conversación con nuestro equipo médico sobre su historia y sus metas. A continuación, qué "
                    "esperar el día de su primera infusión.</p>",
                    "call_to_action": "Reserve una primera conversación con nuestro equipo médico",
                },
            }
        },
    }
}
