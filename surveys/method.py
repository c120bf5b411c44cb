"""The method's built-in survey: "digital change readiness", in German and English.

A plain structure in the exchange format of `surveys.services.library` (the format the firm's
template library stores as JSON). It is installed as a template survey into every new
municipality; consultants copy it and adapt the copy.

Topics are named by their English name in `taxonomy.method`; installing matches them against the
municipality's topics in either language and otherwise keeps the dimension only.
"""

TARGET_GROUPS = [
    ("employees", "Beschäftigte", "Employees"),
    ("citizens", "Bürgerinnen und Bürger", "Citizens"),
    ("companies", "Unternehmen", "Companies"),
    ("associations", "Vereine und Verbände", "Associations"),
]

EMPLOYEES = ["employees"]
OUTSIDE = ["citizens", "companies", "associations"]


def _t(de: str, en: str) -> dict[str, str]:
    return {"de": de, "en": en}


def _likert(key: str, de: str, en: str, **extra) -> dict:
    return {"key": key, "kind": "likert", "text": _t(de, en), "required": False, **extra}


def _rows(*rows: tuple[str, str, str, str]) -> list[dict]:
    return [{"key": key, "label": _t(de, en), "topic": topic} for key, topic, de, en in rows]


READINESS_TEMPLATE: dict = {
    "format": 1,
    "instrument": _t("Digitale Veränderungsbereitschaft", "Digital change readiness"),
    "title": _t("Digitale Veränderungsbereitschaft", "Digital change readiness"),
    "intro": _t(
        "Wie digital ist unsere Stadt heute, und wohin soll es gehen? Ihre Antworten helfen, "
        "die digitale Zukunft der Verwaltung gemeinsam zu gestalten. Die Befragung dauert etwa "
        "zehn Minuten und ist anonym: Ihre Antworten lassen sich nicht mit Ihrer Person "
        "verbinden.",
        "How digital is our town today, and where should it go? Your answers help us shape "
        "the digital future of the administration together. The survey takes about ten minutes "
        "and is anonymous: your answers cannot be linked to you.",
    ),
    "primary_language": "de",
    "translated": True,
    "sections": [
        {
            "title": _t("Über Sie", "About you"),
            "intro": _t(
                "Einige Angaben, damit wir die Ergebnisse nach Gruppen auswerten können.",
                "A few details so that we can look at the results by group.",
            ),
            "questions": [
                {
                    "key": "tenure",
                    "kind": "single",
                    "text": _t(
                        "Wie lange arbeiten Sie schon für die Stadtverwaltung?",
                        "How long have you worked for the town administration?",
                    ),
                    "groups": EMPLOYEES,
                    "options": [
                        _t("Weniger als 2 Jahre", "Less than 2 years"),
                        _t("2 bis 10 Jahre", "2 to 10 years"),
                        _t("Mehr als 10 Jahre", "More than 10 years"),
                    ],
                },
                {
                    "key": "age-band",
                    "kind": "single",
                    "text": _t("Wie alt sind Sie?", "How old are you?"),
                    "groups": ["citizens"],
                    "options": [
                        _t("Unter 30", "Under 30"),
                        _t("30 bis 49", "30 to 49"),
                        _t("50 bis 64", "50 to 64"),
                        _t("65 und älter", "65 or older"),
                    ],
                },
                {
                    "key": "company-size",
                    "kind": "single",
                    "text": _t(
                        "Wie viele Menschen arbeiten in Ihrem Unternehmen?",
                        "How many people work in your company?",
                    ),
                    "groups": ["companies"],
                    "options": [
                        _t("1 bis 9", "1 to 9"),
                        _t("10 bis 49", "10 to 49"),
                        _t("50 und mehr", "50 or more"),
                    ],
                },
                {
                    "key": "channels",
                    "kind": "multiple",
                    "text": _t(
                        "Wie erledigen Sie Anliegen bei der Stadt heute meistens?",
                        "How do you usually deal with the town today?",
                    ),
                    "help": _t("Mehrere Antworten möglich.", "Choose all that apply."),
                    "groups": OUTSIDE,
                    "allow_other": True,
                    "options": [
                        _t("Persönlich im Rathaus", "In person at the town hall"),
                        _t("Per Telefon", "By phone"),
                        _t("Per E-Mail", "By e-mail"),
                        _t("Über Online-Dienste der Stadt", "Through the town's online services"),
                        _t("Per Brief", "By letter"),
                    ],
                },
                {
                    # A follow-up: asked only of those who use the online services.
                    "key": "online-services-grade",
                    "kind": "rating",
                    "text": _t(
                        "Wie zufrieden sind Sie mit den Online-Diensten der Stadt?",
                        "How satisfied are you with the town's online services?",
                    ),
                    "help": _t(
                        "0 = gar nicht zufrieden, 10 = sehr zufrieden",
                        "0 = not at all satisfied, 10 = very satisfied",
                    ),
                    "groups": OUTSIDE,
                    "shown_if": {"question": "channels", "option": 3},
                    "dimension": "administration",
                },
                {
                    # A follow-up of several answers: those who still come, call or write.
                    "key": "offline-why",
                    "kind": "text",
                    "text": _t(
                        "Was hält Sie davon ab, Ihre Anliegen online zu erledigen?",
                        "What keeps you from dealing with the town online?",
                    ),
                    "groups": OUTSIDE,
                    "shown_if": {"question": "channels", "options": [0, 1, 4]},
                    "dimension": "society",
                },
                {
                    # A follow-up of a scale: what holds a lower grade back.
                    "key": "online-services-missing",
                    "kind": "text",
                    "text": _t(
                        "Was müsste sich ändern, damit Sie die Online-Dienste besser bewerten?",
                        "What would have to change for you to rate the online services higher?",
                    ),
                    "groups": OUTSIDE,
                    "shown_if": {"question": "online-services-grade", "from": 0, "to": 6},
                    "dimension": "administration",
                },
            ],
        },
        {
            "title": _t("Verwaltung", "Administration"),
            "intro": _t(
                "Wie weit ist die Verwaltung bei digitalen Abläufen?",
                "How far has the administration come with digital work?",
            ),
            "questions": [
                {
                    "key": "administration-today",
                    "kind": "matrix",
                    "text": _t(
                        "Wie sehr stimmen Sie diesen Aussagen über Ihre Arbeit zu?",
                        "How much do you agree with these statements about your work?",
                    ),
                    "groups": EMPLOYEES,
                    "dimension": "administration",
                    "rows": _rows(
                        (
                            "processes",
                            "Digital business processes",
                            "Meine wichtigsten Arbeitsabläufe laufen digital, ohne Medienbruch.",
                            "My main work processes run digitally, without printing and scanning.",
                        ),
                        (
                            "e-filing",
                            "Electronic filing",
                            "Ich finde Akten schnell in der elektronischen Akte.",
                            "I find files quickly in the electronic filing system.",
                        ),
                        (
                            "home-office",
                            "Home office",
                            "Ich kann von zu Hause genauso gut arbeiten wie im Büro.",
                            "I can work from home as well as in the office.",
                        ),
                        (
                            "apps",
                            "App strategies",
                            "Die Programme, die ich nutze, passen gut zusammen.",
                            "The software I use works well together.",
                        ),
                    ),
                },
                {
                    "key": "services-online",
                    "kind": "matrix",
                    "text": _t(
                        "Wie sehr stimmen Sie diesen Aussagen über die Stadt zu?",
                        "How much do you agree with these statements about the town?",
                    ),
                    "groups": OUTSIDE,
                    "dimension": "administration",
                    "rows": _rows(
                        (
                            "online-first",
                            "Digital business processes",
                            "Ich kann die meisten Anliegen online erledigen.",
                            "I can deal with most matters online.",
                        ),
                        (
                            "citizen-id",
                            "Citizen ID",
                            "Ich würde mich mit dem Online-Ausweis bei der Stadt anmelden.",
                            "I would sign in to the town's services with my online ID.",
                        ),
                        (
                            "status",
                            "Digital business processes",
                            "Ich weiß jederzeit, wie weit mein Antrag bearbeitet ist.",
                            "I always know how far my application has got.",
                        ),
                        (
                            "app",
                            "App strategies",
                            "Eine Stadt-App mit allen Diensten würde ich nutzen.",
                            "I would use a town app with all services.",
                        ),
                    ),
                },
            ],
        },
        {
            "title": _t("Infrastruktur", "Infrastructure"),
            "intro": _t(
                "Technik, Daten und ihr Zusammenspiel.",
                "Technology, data and how they work together.",
            ),
            "questions": [
                _likert(
                    "systems-connected",
                    "Die IT-Systeme der Verwaltung arbeiten gut zusammen.",
                    "The administration's IT systems work well together.",
                    topic="Interacting infrastructure",
                    groups=EMPLOYEES,
                ),
                _likert(
                    "data-use",
                    "Die Stadt nutzt ihre Daten, um bessere Entscheidungen zu treffen.",
                    "The town uses its data to make better decisions.",
                    topic="Data strategy",
                ),
                _likert(
                    "open-data",
                    "Die Stadt sollte ihre Daten offen zur Verfügung stellen.",
                    "The town should make its data openly available.",
                    topic="Data strategy",
                    groups=OUTSIDE,
                ),
                _likert(
                    "machine-learning",
                    "Ich kann mir vorstellen, dass Software mit künstlicher Intelligenz "
                    "Routinearbeit in der Verwaltung übernimmt.",
                    "I can imagine software with artificial intelligence taking over routine "
                    "work in the administration.",
                    topic="Use of machine learning",
                ),
                {
                    "key": "infrastructure-grade",
                    "kind": "rating",
                    "text": _t(
                        "Wie bewerten Sie die digitale Infrastruktur der Stadt insgesamt?",
                        "How do you rate the town's digital infrastructure overall?",
                    ),
                    "help": _t(
                        "0 = sehr schlecht, 10 = hervorragend",
                        "0 = very poor, 10 = excellent",
                    ),
                    "dimension": "infrastructure",
                },
            ],
        },
        {
            "title": _t("Gesellschaft", "Society"),
            "intro": _t(
                "Wie Digitalisierung unser Zusammenleben verändert.",
                "How digitalisation changes the way we live together.",
            ),
            "questions": [
                _likert(
                    "information-online",
                    "Ich informiere mich über Entscheidungen der Stadt vor allem online.",
                    "I mostly learn about the town's decisions online.",
                    topic="Information & decision-making behaviour",
                ),
                _likert(
                    "velocity",
                    "Die Stadt reagiert schnell genug auf neue digitale Entwicklungen.",
                    "The town reacts quickly enough to new digital developments.",
                    topic="Velocity",
                ),
                _likert(
                    "nobody-left-behind",
                    "Bei der Digitalisierung werden auch Menschen mitgenommen, die wenig "
                    "Erfahrung mit digitalen Medien haben.",
                    "Digitalisation also takes along people with little experience of digital "
                    "media.",
                    topic="Socio-technical change",
                ),
            ],
        },
        {
            "title": _t("Bereitschaft zur Veränderung", "Readiness for change"),
            "intro": _t(
                "Wie stehen Sie persönlich zur digitalen Veränderung?",
                "Where do you personally stand on digital change?",
            ),
            "questions": [
                _likert(
                    "ready-to-change",
                    "Ich bin bereit, gewohnte Arbeitsweisen für digitale zu ändern.",
                    "I am ready to change familiar ways of working for digital ones.",
                    counts_for_readiness=True,
                    groups=EMPLOYEES,
                    required=True,
                ),
                _likert(
                    "ready-to-use",
                    "Ich bin bereit, digitale Angebote der Stadt statt des Gangs ins Rathaus zu "
                    "nutzen.",
                    "I am ready to use the town's digital services instead of going to the town "
                    "hall.",
                    counts_for_readiness=True,
                    groups=OUTSIDE,
                    required=True,
                ),
                _likert(
                    "skills",
                    "Ich traue mir zu, neue digitale Werkzeuge schnell zu lernen.",
                    "I am confident I can learn new digital tools quickly.",
                    counts_for_readiness=True,
                ),
                _likert(
                    # A follow-up of an answer on the first page: new staff only.
                    "onboarding",
                    "Beim Einstieg wurde ich gut in die digitalen Werkzeuge der Stadt "
                    "eingearbeitet.",
                    "When I started, I was well introduced to the town's digital tools.",
                    groups=EMPLOYEES,
                    shown_if={"question": "tenure", "options": [0]},
                ),
                _likert(
                    "support",
                    "Bei Fragen zu digitalen Angeboten weiß ich, wo ich Unterstützung bekomme.",
                    "If I have questions about digital services, I know where to get help.",
                    counts_for_readiness=True,
                ),
                _likert(
                    "leadership",
                    "Die Führungskräfte unterstützen die digitale Veränderung sichtbar.",
                    "Managers visibly support digital change.",
                    counts_for_readiness=True,
                    groups=EMPLOYEES,
                ),
                {
                    "key": "readiness-overall",
                    "kind": "rating",
                    "text": _t(
                        "Wie bereit ist unsere Stadt insgesamt für die digitale Veränderung?",
                        "Overall, how ready is our town for digital change?",
                    ),
                    "help": _t(
                        "0 = gar nicht bereit, 10 = voll und ganz bereit",
                        "0 = not ready at all, 10 = completely ready",
                    ),
                    "counts_for_readiness": True,
                    "required": True,
                },
            ],
        },
        {
            "title": _t("Ideen und Herausforderungen", "Ideas and challenges"),
            "intro": _t(
                "Zum Schluss: Was sollte die Stadt anpacken?",
                "Finally: what should the town tackle?",
            ),
            "questions": [
                {
                    "key": "challenges",
                    "kind": "multiple",
                    "text": _t(
                        "Was bremst die Digitalisierung der Stadt am meisten?",
                        "What holds back the town's digitalisation most?",
                    ),
                    "allow_other": True,
                    "max_choices": 3,
                    "options": [
                        _t("Fehlendes Personal", "Lack of staff"),
                        _t("Fehlende digitale Kompetenzen", "Lack of digital skills"),
                        _t("Veraltete Technik", "Outdated technology"),
                        _t("Rechtliche Vorgaben", "Legal requirements"),
                        _t("Datenschutzbedenken", "Data protection concerns"),
                        _t("Fehlende Strategie", "No clear strategy"),
                    ],
                },
                {
                    "key": "ideas",
                    "kind": "text",
                    "text": _t(
                        "Welche Idee hätten Sie für eine digitalere Stadt?",
                        "What idea do you have for a more digital town?",
                    ),
                },
                {
                    "key": "challenge-text",
                    "kind": "text",
                    "text": _t(
                        "Welche Herausforderung sehen Sie, die wir nicht übersehen dürfen?",
                        "Which challenge do you see that we must not overlook?",
                    ),
                },
            ],
        },
    ],
}
