"""The method's default interview guide, seeded into every new municipality in German and English.

Both languages are seeded whatever the municipality's language, because interviews with the
city's IT partners or international staff are sometimes held in English. The structure is the
one `services.guide_install` reads and `selectors.guide_structure` writes, so the firm's
template library can keep guides as JSON.
"""

DEFAULT_GUIDES: list[dict] = [
    {
        "title": "Interviewleitfaden Phase 1 (Standard)",
        "language": "de",
        "description": (
            "Leitfaden für die qualitativen Interviews mit Verantwortlichen der Verwaltung. "
            "Dauer etwa 60 Minuten. Vor Beginn die Einwilligung zur Mitschrift einholen und "
            "erklären, dass Zitate ohne Namensnennung verwendet werden, sofern nicht anders "
            "vereinbart."
        ),
        "questions": [
            {
                "result_topic": "status_quo",
                "text": "Welche Verwaltungsleistungen Ihres Bereichs sind heute schon digital "
                "verfügbar, und wie werden sie genutzt?",
            },
            {
                "result_topic": "status_quo",
                "text": "Mit welchen Fachverfahren und Werkzeugen arbeiten Sie täglich? Wo gibt "
                "es noch Papier oder Medienbrüche?",
            },
            {
                "result_topic": "status_quo",
                "text": "Welche Digitalisierungsprojekte laufen gerade oder wurden in den "
                "letzten Jahren abgeschlossen?",
            },
            {
                "result_topic": "needs",
                "text": "Was würde Ihre Arbeit oder die der Bürgerinnen und Bürger am "
                "spürbarsten erleichtern?",
            },
            {
                "result_topic": "needs",
                "text": "Welche Unterstützung brauchen Sie von der IT, der Leitung oder "
                "externen Partnern?",
            },
            {
                "result_topic": "competences",
                "text": "Wie schätzen Sie die digitalen Kompetenzen in Ihrem Team ein? Wer sind "
                "die treibenden Kräfte?",
            },
            {
                "result_topic": "competences",
                "text": "Welche Fortbildungen gab es bisher, und was fehlt?",
            },
            {
                "result_topic": "processes",
                "text": "Beschreiben Sie einen typischen Vorgang von Antrag bis Bescheid. Wo "
                "entstehen Wartezeiten?",
            },
            {
                "result_topic": "processes",
                "text": "Wie arbeiten Sie mit anderen Ämtern, dem Kreis oder dem "
                "IT-Dienstleister zusammen?",
            },
            {
                "result_topic": "challenges",
                "text": "Was hat Digitalisierungsvorhaben bisher gebremst?",
            },
            {
                "result_topic": "challenges",
                "text": "Welche Risiken sehen Sie, wenn die Verwaltung in den nächsten fünf "
                "Jahren nicht digitaler wird?",
            },
        ],
    },
    {
        "title": "Phase 1 interview guide (standard)",
        "language": "en",
        "description": (
            "Guide for the qualitative interviews with responsible persons of the "
            "administration. About 60 minutes. Ask for consent to take notes before starting and "
            "explain that quotes are used without names unless agreed otherwise."
        ),
        "questions": [
            {
                "result_topic": "status_quo",
                "text": "Which services of your area are already available digitally, and how "
                "are they used?",
            },
            {
                "result_topic": "status_quo",
                "text": "Which specialist applications and tools do you use every day? Where is "
                "there still paper or a media break?",
            },
            {
                "result_topic": "status_quo",
                "text": "Which digitization projects are running now or were completed in "
                "recent years?",
            },
            {
                "result_topic": "needs",
                "text": "What would make your work, or the citizens' dealings with you, "
                "noticeably easier?",
            },
            {
                "result_topic": "needs",
                "text": "What support do you need from IT, management or external partners?",
            },
            {
                "result_topic": "competences",
                "text": "How do you rate the digital skills in your team? Who drives change?",
            },
            {
                "result_topic": "competences",
                "text": "Which training has there been so far, and what is missing?",
            },
            {
                "result_topic": "processes",
                "text": "Describe a typical case from application to decision. Where do delays "
                "arise?",
            },
            {
                "result_topic": "processes",
                "text": "How do you work with other departments, the county or the IT service "
                "provider?",
            },
            {
                "result_topic": "challenges",
                "text": "What has held digitization projects back so far?",
            },
            {
                "result_topic": "challenges",
                "text": "Which risks do you see if the administration does not become more "
                "digital in the next five years?",
            },
        ],
    },
]
