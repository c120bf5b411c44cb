"""Demo analysis: Musterstadt mid-way through Phase 1; Eichhorst and Beispielhausen with a
finished analysis (Eichhorst's waits for its lead's sign-off)."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from phases.models import Phase
from taxonomy.models import Topic

from . import services
from .models import Document, Finding, Interview, InterviewGuide
from .sample_files import docx_bytes, odt_bytes, pdf_bytes, xlsx_bytes

CONSULTANT = "berater@wegweiser.example"

# (title, kind, file name, builder, reviewed: (summary, relevance, topic codes) or None)
MUSTERSTADT_DOCUMENTS = [
    (
        "Digitalstrategie Musterstadt 2030",
        "strategy",
        "Digitalstrategie_2030.pdf",
        lambda: pdf_bytes(
            "Digitalstrategie Musterstadt 2030",
            [
                "1. Leitbild: Die Verwaltung ist bis 2030 digital erreichbar.",
                "2. Handlungsfelder: Online-Dienste, E-Akte, Infrastruktur, Kompetenzen.",
                "3. Umsetzung: jährlicher Maßnahmenplan, Budget im Haushalt.",
            ],
        ),
        (
            "Strategie von 2021 mit klarem Leitbild und fünf Handlungsfeldern. Maßnahmen sind "
            "benannt, aber ohne Verantwortliche und Zeitplan; ein Monitoring fehlt.",
            3,
            ["A0", "A1", "I1"],
        ),
    ),
    (
        "IT-Rahmenplan 2024–2026",
        "it_plan",
        "IT-Rahmenplan.docx",
        lambda: docx_bytes(
            "IT-Rahmenplan 2024–2026",
            [
                "Ausgangslage: 14 Fachverfahren, drei davon ohne Schnittstelle.",
                "Ziel: Ablösung des Rechenzentrumsvertrags 2026, Ausbau WLAN in allen Gebäuden.",
            ],
        ),
        (
            "Beschreibt die IT-Landschaft und geplante Investitionen. Schnittstellen zwischen "
            "Fachverfahren sind als größte Baustelle genannt.",
            3,
            ["I0", "I4"],
        ),
    ),
    (
        "Organigramm der Stadtverwaltung",
        "org_chart",
        "Organigramm.pdf",
        lambda: pdf_bytes(
            "Organigramm Stadtverwaltung Musterstadt",
            [
                "Bürgermeister",
                "Dezernat I: Hauptamt, Kämmerei, IT",
                "Dezernat II: Bürgeramt, Ordnungsamt, Standesamt",
                "Dezernat III: Bauamt, Stadtplanung, Umwelt",
            ],
        ),
        ("IT ist als Sachgebiet im Hauptamt angesiedelt, ohne eigene Stabsstelle.", 2, ["S3"]),
    ),
    (
        "Ratsbeschluss Teilnahme am Digitalisierungsprogramm",
        "council_decision",
        "Ratsbeschluss_2025-034.pdf",
        lambda: pdf_bytes(
            "Beschluss 2025/034 des Rates der Stadt Musterstadt",
            [
                "Der Rat beschließt die Teilnahme am Digitalisierungsprogramm.",
                "Die Verwaltung berichtet halbjährlich im Hauptausschuss.",
            ],
        ),
        ("Politischer Auftrag mit Berichtspflicht; stärkt die Legitimation des Vorhabens.", 2, []),
    ),
    (
        "Stellenübersicht IT und Organisation",
        "report",
        "Stellenuebersicht.xlsx",
        lambda: xlsx_bytes(
            [
                ["Bereich", "Stellen", "davon unbesetzt"],
                ["IT-Betrieb", 4, 1],
                ["Organisation", 2, 1],
                ["Digitalisierung", 1, 0],
            ]
        ),
        (
            "Sieben Stellen für IT und Organisation, zwei davon unbesetzt. Kaum Kapazität für "
            "Projekte neben dem Betrieb.",
            3,
            ["S3", "A0"],
        ),
    ),
    (
        "Geschäftsbericht Bürgeramt 2024",
        "report",
        "Geschaeftsbericht_Buergeramt.pdf",
        lambda: pdf_bytes(
            "Geschäftsbericht Bürgeramt 2024",
            [
                "Vorsprachen: 38.400, davon 62 % mit Termin.",
                "Wartezeit ohne Termin im Mittel 47 Minuten.",
                "Online-Terminbuchung seit März 2024.",
            ],
        ),
        None,
    ),
    (
        "Dienstvereinbarung mobiles Arbeiten",
        "other",
        "DV_mobiles_Arbeiten.odt",
        lambda: odt_bytes(
            "Dienstvereinbarung mobiles Arbeiten",
            ["Bis zu zwei Tage pro Woche mobil.", "Ausstattung mit Notebook auf Antrag."],
        ),
        None,
    ),
    (
        "Präsentation Klausurtagung Verwaltungsspitze",
        "other",
        "Klausurtagung.pdf",
        lambda: pdf_bytes(
            "Klausurtagung der Verwaltungsspitze",
            ["Ziele: schneller, bürgernäher, attraktiver Arbeitgeber."],
        ),
        None,
    ),
]

# (name, role, department, days ago (None: planned, days ahead), notes by question index)
MUSTERSTADT_INTERVIEWS = [
    (
        "Petra Hansen",
        "Amtsleiterin",
        "Bürgeramt",
        40,
        {
            0: "Terminbuchung online, sonst fast alles vor Ort. Wohnsitzanmeldung nur mit Termin.",
            1: "Einwohnerfachverfahren, Outlook, viel Excel. Formulare werden ausgedruckt.",
            3: "Online-Anträge mit Bezahlung, damit Bürger nicht zweimal kommen müssen.",
            7: "Antrag kommt per Post, wird gescannt, ausgedruckt, abgezeichnet. Bis zu drei "
            "Wochen.",
            9: "Jedes Projekt hängt an der IT mit vier Leuten.",
        },
    ),
    (
        "Dr. Martin Krüger",
        "Leiter",
        "Hauptamt",
        38,
        {
            0: "Strategie ist da, gelebt wird sie wenig. Die E-Akte ist pilotiert im Hauptamt.",
            2: "E-Akte-Pilot, Ratsinformationssystem, WLAN im Rathaus.",
            4: "Wir brauchen eine Stelle, die Digitalisierung koordiniert.",
            8: "Mit dem Kreis klappt es gut, mit dem Rechenzentrum schleppend.",
            10: "Wir verlieren Bewerberinnen, wenn wir wie 1995 arbeiten.",
        },
    ),
    (
        "Sabine Wolf",
        "Sachgebietsleiterin IT",
        "Hauptamt",
        35,
        {
            1: "14 Fachverfahren, drei ohne Schnittstelle. Viele Insellösungen.",
            4: "Zeit. Wir sind zu viert und machen vor allem Betrieb.",
            5: "Die Kolleginnen sind offen, aber es fehlt Grundwissen zu Datenschutz.",
            9: "Beschaffung dauert ewig, Vergaberecht und Haushalt.",
        },
    ),
    (
        "Thomas Becker",
        "Amtsleiter",
        "Bauamt",
        31,
        {
            0: "Bauanträge kommen zu 90 % auf Papier, Pläne in Rollen.",
            3: "Digitaler Bauantrag über das Landesportal, endlich.",
            7: "Ein Bauantrag wandert durch sechs Stellen. Jede macht Kopien.",
            9: "Die Kollegen fürchten, dass am Bildschirm Pläne nicht lesbar sind.",
        },
    ),
    (
        "Aylin Demir",
        "Personalrätin",
        "Personalrat",
        28,
        {
            5: "Viele Ältere trauen sich wenig zu. Fortbildung gibt es nur auf Nachfrage.",
            6: "Schulungen zur E-Akte wären wichtig, bevor sie kommt.",
            10: "Angst vor Überwachung und Arbeitsverdichtung muss ernst genommen werden.",
        },
    ),
    (
        "Jürgen Schmidt",
        "Kämmerer",
        "Kämmerei",
        24,
        {
            1: "Finanzsoftware ist modern, E-Rechnung kommt.",
            4: "Klare Prioritäten, sonst kann ich kein Budget geben.",
            10: "Ohne Einsparungen durch Digitalisierung wird der Haushalt eng.",
        },
    ),
    (
        "Claudia Neumann",
        "Leiterin",
        "Ordnungsamt",
        20,
        {
            0: "Gewerbeanmeldung online, Rest analog.",
            3: "Mobile Geräte für den Außendienst, Knöllchen werden noch handschriftlich notiert.",
            7: "Daten werden doppelt erfasst: Außendienst, dann Büro.",
        },
    ),
    (
        "Frank Hoffmann",
        "Leiter Stadtplanung",
        "Stadtplanung",
        15,
        {
            1: "GIS ist gut, aber nur drei Leute können es bedienen.",
            3: "Offene Geodaten für Bürger und Unternehmen.",
            8: "Daten liegen beim Kreis und bei uns doppelt.",
        },
    ),
    (
        "Lena Richter",
        "Digitallotsin",
        "Standesamt",
        9,
        {
            5: "Ich bin Digitallotsin, aber ohne Zeitkontingent.",
            6: "Ein Netzwerk der Lotsinnen und Lotsen würde helfen.",
            9: "Jede Abteilung macht ihr eigenes Ding.",
        },
    ),
    ("Markus Weber", "Leiter", "Schulverwaltung", None, {}),
    ("Ingrid Fischer", "Leiterin", "Soziales", None, {}),
    ("Oliver Braun", "Geschäftsführer", "Stadtwerke", None, {}),
]

# (statement, result topic, topic code, kind, source, quote, attributed, key)
# source: ("i", interview index, question index) | ("d", document index) | ("o", detail)
MUSTERSTADT_FINDINGS = [
    (
        "Online-Dienste beschränken sich auf die Terminbuchung",
        "status_quo",
        "A0",
        "weakness",
        ("i", 0, 0),
        "Online geht bei uns eigentlich nur der Termin.",
        False,
        True,
    ),
    (
        "Anträge werden gescannt und wieder ausgedruckt",
        "processes",
        "A1",
        "weakness",
        ("i", 0, 7),
        "Wir scannen, drucken aus und zeichnen ab.",
        False,
        True,
    ),
    (
        "Online-Anträge mit Bezahlfunktion gewünscht",
        "needs",
        "A0",
        "need",
        ("i", 0, 3),
        "",
        False,
        False,
    ),
    (
        "IT-Kapazität bremst jedes Projekt",
        "challenges",
        "S3",
        "risk",
        ("i", 0, 9),
        "Jedes Projekt hängt an der IT mit vier Leuten.",
        True,
        True,
    ),
    (
        "Digitalstrategie vorhanden, aber wenig gelebt",
        "status_quo",
        "S0",
        "weakness",
        ("i", 1, 0),
        "",
        False,
        True,
    ),
    ("E-Akte im Hauptamt pilotiert", "status_quo", "A1", "strength", ("i", 1, 2), "", False, False),
    (
        "Koordinierende Stelle für Digitalisierung fehlt",
        "needs",
        "S3",
        "need",
        ("i", 1, 4),
        "Wir brauchen jemanden, der den Hut aufhat.",
        False,
        True,
    ),
    (
        "Zusammenarbeit mit dem Kreis funktioniert",
        "processes",
        "I0",
        "strength",
        ("i", 1, 8),
        "",
        False,
        False,
    ),
    (
        "Arbeitgeberattraktivität leidet unter analoger Arbeit",
        "challenges",
        "S2",
        "risk",
        ("i", 1, 10),
        "Wir verlieren Bewerberinnen, wenn wir wie 1995 arbeiten.",
        True,
        True,
    ),
    (
        "Fachverfahren ohne Schnittstellen, viele Insellösungen",
        "status_quo",
        "I0",
        "weakness",
        ("i", 2, 1),
        "",
        False,
        True,
    ),
    (
        "IT-Team fast nur im Betrieb gebunden",
        "competences",
        "S3",
        "weakness",
        ("i", 2, 4),
        "",
        False,
        False,
    ),
    (
        "Grundwissen Datenschutz fehlt",
        "competences",
        "I1",
        "weakness",
        ("i", 2, 5),
        "",
        False,
        False,
    ),
    (
        "Beschaffung und Vergabe dauern zu lange",
        "challenges",
        "I4",
        "risk",
        ("i", 2, 9),
        "",
        False,
        False,
    ),
    (
        "Bauanträge fast nur auf Papier",
        "status_quo",
        "A0",
        "weakness",
        ("i", 3, 0),
        "Pläne kommen bei uns noch in Rollen.",
        False,
        False,
    ),
    (
        "Digitaler Bauantrag über das Landesportal gewünscht",
        "needs",
        "A3",
        "idea",
        ("i", 3, 3),
        "",
        False,
        True,
    ),
    (
        "Bauantrag durchläuft sechs Stellen mit Kopien",
        "processes",
        "A0",
        "weakness",
        ("i", 3, 7),
        "",
        False,
        False,
    ),
    (
        "Fortbildung nur auf Nachfrage",
        "competences",
        "S3",
        "weakness",
        ("i", 4, 5),
        "Fortbildung gibt es, wenn man laut genug fragt.",
        False,
        False,
    ),
    ("Schulungen vor Einführung der E-Akte", "needs", "A1", "need", ("i", 4, 6), "", False, False),
    (
        "Sorge vor Überwachung und Arbeitsverdichtung",
        "challenges",
        "S3",
        "risk",
        ("i", 4, 10),
        "",
        False,
        True,
    ),
    ("E-Rechnung wird eingeführt", "status_quo", "A0", "strength", ("i", 5, 1), "", False, False),
    (
        "Klare Prioritäten als Voraussetzung für Budget",
        "needs",
        "S0",
        "need",
        ("i", 5, 4),
        "Ohne Prioritäten kann ich kein Geld geben.",
        True,
        False,
    ),
    ("Mobile Geräte für den Außendienst", "needs", "S1", "idea", ("i", 6, 3), "", False, False),
    (
        "Doppelte Datenerfassung zwischen Außendienst und Büro",
        "processes",
        "I1",
        "weakness",
        ("i", 6, 7),
        "",
        False,
        False,
    ),
    (
        "GIS-Wissen liegt bei drei Personen",
        "competences",
        "I2",
        "risk",
        ("i", 7, 1),
        "",
        False,
        False,
    ),
    ("Offene Geodaten bereitstellen", "needs", "I1", "idea", ("i", 7, 3), "", False, False),
    (
        "Digitallotsen ohne Zeitkontingent",
        "competences",
        "S3",
        "weakness",
        ("i", 8, 5),
        "Ich bin Lotsin, aber nur nach Feierabend.",
        False,
        True,
    ),
    (
        "Strategie ohne Verantwortliche und Monitoring",
        "challenges",
        "S0",
        "weakness",
        ("d", 0),
        "",
        False,
        True,
    ),
    (
        "Drei Fachverfahren ohne Schnittstelle",
        "status_quo",
        "I0",
        "weakness",
        ("d", 1),
        "",
        False,
        False,
    ),
    (
        "Zwei von sieben IT-Stellen unbesetzt",
        "competences",
        "S3",
        "risk",
        ("d", 4),
        "",
        False,
        True,
    ),
    (
        "Ratsbeschluss gibt politischen Rückhalt",
        "status_quo",
        None,
        "strength",
        ("d", 3),
        "",
        False,
        False,
    ),
    (
        "WLAN fehlt in Außenstellen",
        "status_quo",
        "I0",
        "weakness",
        ("o", "Begehung der Außenstellen"),
        "",
        False,
        False,
    ),
]

# topic code: (level, rationale, finding indexes)
MUSTERSTADT_RATINGS = {
    "A0": (2, "Erste Online-Dienste (Termin, Gewerbe), Kernprozesse analog.", [0, 13, 15, 19]),
    "A1": (2, "E-Akte im Pilot, sonst Papier mit Medienbrüchen.", [1, 5, 17]),
    "A2": (1, "Online-Ausweisfunktion wird nicht genutzt.", []),
    "A3": (1, "Keine App-Strategie; Landesportal nicht angebunden.", [14]),
    "A4": (3, "Dienstvereinbarung mobiles Arbeiten, Ausstattung auf Antrag.", []),
    "I0": (2, "Insellösungen, fehlende Schnittstellen, WLAN-Lücken.", [9, 27, 30]),
    "I1": (1, "Keine Datenstrategie; doppelte Erfassung.", [22, 24]),
    "I2": (2, "GIS vorhanden, Wissen bei wenigen.", [23]),
    "S0": (2, "Strategie vorhanden, aber nicht handlungsleitend.", [4, 20, 26]),
    "S3": (2, "Offenheit vorhanden, aber keine Kapazitäten und Strukturen.", [6, 10, 16, 25, 28]),
}

BEISPIELHAUSEN_DOCUMENTS = [
    (
        "Digitalisierungskonzept Beispielhausen",
        "strategy",
        "Digitalisierungskonzept.pdf",
        lambda: pdf_bytes(
            "Digitalisierungskonzept Beispielhausen",
            ["Ziele, Maßnahmen und Verantwortliche für 2025–2028."],
        ),
        ("Schlankes Konzept mit Verantwortlichen je Maßnahme.", 3, ["A0", "S0"]),
    ),
    (
        "IT-Dienstleistungsvertrag Kommunalservice",
        "it_plan",
        "IT-Vertrag.docx",
        lambda: docx_bytes("IT-Dienstleistungsvertrag", ["Leistungsschein Betrieb und Support."]),
        ("Betrieb vollständig ausgelagert; Projekte nach Aufwand.", 2, ["I0"]),
    ),
    (
        "Organigramm Gemeindeverwaltung",
        "org_chart",
        "Organigramm.pdf",
        lambda: pdf_bytes("Organigramm", ["Bürgermeisterin", "Hauptamt", "Bauamt", "Kasse"]),
        ("Kleine Verwaltung mit 58 Beschäftigten, kurze Wege.", 1, ["S3"]),
    ),
    (
        "Kennzahlen Bürgerservice",
        "report",
        "Kennzahlen.xlsx",
        lambda: xlsx_bytes([["Leistung", "Fälle"], ["Meldewesen", 2100], ["Gewerbe", 180]]),
        ("Fallzahlen zeigen, wo Online-Dienste am meisten entlasten.", 2, ["A0"]),
    ),
]

BEISPIELHAUSEN_INTERVIEWS = [
    (
        "Anna Bürgermeister",
        "Bürgermeisterin",
        "Verwaltungsspitze",
        120,
        {0: "Wir sind klein, aber schnell.", 10: "Ohne Digitalisierung keine Nachwuchskräfte."},
    ),
    (
        "Peter Lang",
        "Hauptamtsleiter",
        "Hauptamt",
        115,
        {1: "Alles beim Kommunalservice, wir haben kaum eigene IT.", 4: "Ein eigener Admin."},
    ),
    (
        "Monika Vogel",
        "Sachbearbeiterin",
        "Bürgerbüro",
        112,
        {3: "Online-Meldebescheinigung.", 7: "Viele Rückfragen per Telefon."},
    ),
    (
        "Stefan Klein",
        "Bauamtsleiter",
        "Bauamt",
        110,
        {0: "Bauanträge digital über das Landesportal seit 2024."},
    ),
    ("Julia Sommer", "Kassenleiterin", "Kasse", 108, {1: "E-Rechnung läuft, Zahlungen online."}),
    (
        "Heinz Albers",
        "Vorsitzender",
        "Personalrat",
        105,
        {5: "Die Jüngeren ziehen die Älteren mit.", 10: "Schulungen zu spät angesetzt."},
    ),
]

BEISPIELHAUSEN_FINDINGS = [
    (
        "Kurze Wege und schnelle Entscheidungen",
        "status_quo",
        "S2",
        "strength",
        ("i", 0, 0),
        "Wir sind klein, aber schnell.",
        True,
        True,
    ),
    (
        "Digitalisierung als Hebel für Nachwuchsgewinnung",
        "challenges",
        "S3",
        "risk",
        ("i", 0, 10),
        "",
        False,
        True,
    ),
    (
        "Kaum eigene IT-Kompetenz, alles ausgelagert",
        "competences",
        "I0",
        "weakness",
        ("i", 1, 1),
        "",
        False,
        True,
    ),
    ("Eigene Administration gewünscht", "needs", "I0", "need", ("i", 1, 4), "", False, False),
    ("Online-Meldebescheinigung gewünscht", "needs", "A0", "need", ("i", 2, 3), "", False, False),
    (
        "Viele telefonische Rückfragen",
        "processes",
        "A0",
        "weakness",
        ("i", 2, 7),
        "Das Telefon steht nicht still.",
        False,
        False,
    ),
    (
        "Digitaler Bauantrag eingeführt",
        "status_quo",
        "A0",
        "strength",
        ("i", 3, 0),
        "",
        False,
        True,
    ),
    (
        "E-Rechnung und Online-Zahlung in Betrieb",
        "status_quo",
        "A1",
        "strength",
        ("i", 4, 1),
        "",
        False,
        False,
    ),
    (
        "Junge Beschäftigte unterstützen Ältere",
        "competences",
        "S3",
        "strength",
        ("i", 5, 5),
        "Die Jüngeren ziehen die Älteren mit.",
        False,
        True,
    ),
    ("Schulungen kommen zu spät", "challenges", "S3", "weakness", ("i", 5, 10), "", False, False),
    (
        "Konzept mit klaren Verantwortlichkeiten",
        "status_quo",
        "S0",
        "strength",
        ("d", 0),
        "",
        False,
        True,
    ),
    ("Abhängigkeit vom IT-Dienstleister", "challenges", "I0", "risk", ("d", 1), "", False, True),
    ("Meldewesen mit höchsten Fallzahlen", "needs", "A0", "need", ("d", 3), "", False, False),
    (
        "Keine Datenstrategie",
        "challenges",
        "I1",
        "weakness",
        ("o", "Workshop Hauptamt"),
        "",
        False,
        False,
    ),
]

BEISPIELHAUSEN_RATINGS = {
    "A0": (3, "Bauantrag digital, Meldewesen noch analog.", [4, 5, 6, 12]),
    "A1": (3, "E-Rechnung und Kasse digital, E-Akte geplant.", [7]),
    "A2": (1, "Nicht genutzt.", []),
    "A3": (1, "Keine eigene App, Landesportal genügt.", []),
    "A4": (2, "Mobiles Arbeiten im Einzelfall.", []),
    "I0": (2, "Betrieb ausgelagert, keine eigene Kompetenz.", [2, 3, 11]),
    "I1": (1, "Keine Datenstrategie.", [13]),
    "I2": (1, "Keine Mediendatenbank.", []),
    "I3": (1, "Kein Thema.", []),
    "I4": (2, "Entscheidungen schnell, Technik träge.", []),
    "S0": (3, "Konzept mit Verantwortlichen.", [10]),
    "S1": (1, "Keine vernetzten Objekte.", []),
    "S2": (4, "Kurze Wege, schnelle Entscheidungen.", [0]),
    "S3": (3, "Offene Belegschaft, Schulungen zu spät.", [1, 8, 9]),
}


EICHHORST_DOCUMENTS = [
    (
        "Leitbild Eichhorst 2035",
        "strategy",
        "Leitbild-2035.pdf",
        lambda: pdf_bytes(
            "Leitbild Eichhorst 2035",
            ["Wachsende Stadt im Berliner Umland: Wohnen, Arbeiten, Zusammenhalt."],
        ),
        ("Nennt Digitalisierung als Querschnittsziel, ohne Maßnahmen oder Zuständige.", 2, ["S0"]),
    ),
    (
        "IT-Rahmenvertrag Kommunaler IT-Verbund Ost",
        "it_plan",
        "IT-Rahmenvertrag.docx",
        lambda: docx_bytes("IT-Rahmenvertrag", ["Hosting, Netz und Arbeitsplatzbetreuung."]),
        ("Betrieb beim Verbund; die Fachverfahren wählt jedes Amt selbst.", 3, ["I0", "I1"]),
    ),
    (
        "Stellenplan und Organigramm 2026",
        "org_chart",
        "Organigramm-2026.pdf",
        lambda: pdf_bytes("Organigramm 2026", ["Bürgermeister", "Hauptamt", "Bauamt", "IT"]),
        ("320 Arbeitsplätze, zwei IT-Stellen, niemand koordiniert die Digitalisierung.", 2, ["S3"]),
    ),
    (
        "Bürgerumfrage 2025 (Auszug)",
        "report",
        "Buergerumfrage-2025.xlsx",
        lambda: xlsx_bytes(
            [
                ["Frage", "Zustimmung"],
                ["Mehr Leistungen online", "67 %"],
                ["Infos über Social Media", "58 %"],
            ]
        ),
        (
            "Zwei Drittel wünschen mehr Online-Leistungen; Infos kommen über soziale Medien.",
            3,
            ["S0", "A0"],
        ),
    ),
]

EICHHORST_INTERVIEWS = [
    (
        "Katrin Weidner",
        "Hauptamtsleiterin",
        "Hauptamt",
        49,
        {
            0: "Kita-Anmeldung und Hundesteuer gehen online, sonst ist vieles auf Papier.",
            4: "Wir brauchen jemanden, der das koordiniert. Nebenbei geht das nicht.",
            9: "Jedes Amt hat eigene Projekte gestartet, niemand hat den Überblick.",
        },
    ),
    (
        "Ralf Dietrich",
        "Leiter IT",
        "Zentrale Dienste",
        45,
        {
            1: "Zwölf Fachverfahren, kaum Schnittstellen; vieles wird doppelt erfasst.",
            8: "Der Verbund betreibt die Server; wir sind zwei Stellen für 320 Arbeitsplätze.",
            10: "Ohne Datenstrategie kaufen wir weiter Insellösungen.",
        },
    ),
    (
        "Nadine Kowalski",
        "Sachgebietsleiterin",
        "Bürgerservice",
        42,
        {
            0: "Seit die Termine online buchbar sind, hat sich die Schlange halbiert.",
            3: "Viele Pendler fragen nach Leistungen am Abend. Online wäre die Lösung.",
            7: "Ummeldung: Termin, Papierformular, Abgleich im Fachverfahren, Ablage im Ordner.",
        },
    ),
    (
        "Uwe Hartmann",
        "Amtsleiter",
        "Bauamt",
        38,
        {
            2: "Bauanträge kommen seit dem Frühjahr digital über das Landesportal.",
            6: "Schulung gab es nur einmal, vom Hersteller.",
            7: "Die Stellungnahmen der Fachämter laufen noch per Hauspost.",
        },
    ),
    (
        "Sevgi Aydın",
        "Vorsitzende",
        "Personalrat",
        35,
        {
            4: "Mobiles Arbeiten soll bleiben. Dafür brauchen wir Laptops statt Desktop-PCs.",
            5: "Die Bereitschaft ist da, aber viele fühlen sich allein gelassen.",
            9: "Neue Software kam oft ohne Einweisung.",
        },
    ),
    (
        "Frank Lehmann",
        "Amtsleiter",
        "Ordnungsamt",
        31,
        {
            1: "Ein Bußgeldverfahren hat drei Medienbrüche.",
            3: "Außendienst mit Tablet statt Block.",
        },
    ),
]

EICHHORST_FINDINGS = [
    (
        "Online-Terminbuchung halbiert die Wartezeit im Bürgerservice",
        "status_quo",
        "A0",
        "strength",
        ("i", 2, 0),
        "Seit die Termine online buchbar sind, hat sich die Schlange halbiert.",
        False,
        True,
    ),
    (
        "Nur wenige Leistungen vollständig online",
        "status_quo",
        "A0",
        "weakness",
        ("i", 0, 0),
        "",
        False,
        True,
    ),
    (
        "Zwölf Fachverfahren ohne Schnittstellen, Daten werden doppelt erfasst",
        "processes",
        "I0",
        "weakness",
        ("i", 1, 1),
        "Vieles wird doppelt erfasst.",
        False,
        True,
    ),
    (
        "Stellungnahmen im Bauverfahren per Hauspost",
        "processes",
        "A1",
        "weakness",
        ("i", 3, 7),
        "",
        False,
        False,
    ),
    (
        "Digitaler Bauantrag über das Landesportal",
        "status_quo",
        "A0",
        "strength",
        ("i", 3, 2),
        "",
        False,
        False,
    ),
    (
        "Niemand koordiniert die Digitalisierung",
        "needs",
        "S0",
        "need",
        ("i", 0, 4),
        "Nebenbei geht das nicht.",
        False,
        True,
    ),
    (
        "Insellösungen ohne gemeinsame Linie",
        "challenges",
        "I1",
        "risk",
        ("i", 1, 10),
        "",
        False,
        True,
    ),
    (
        "Pendlerinnen und Pendler brauchen Leistungen außerhalb der Öffnungszeiten",
        "needs",
        "A0",
        "need",
        ("i", 2, 3),
        "",
        False,
        True,
    ),
    (
        "Hohe Bereitschaft zur Veränderung, aber wenig Begleitung",
        "competences",
        "S3",
        "weakness",
        ("i", 4, 5),
        "Die Bereitschaft ist da, aber viele fühlen sich allein gelassen.",
        False,
        True,
    ),
    (
        "Mobiles Arbeiten braucht mobile Geräte",
        "needs",
        "A4",
        "need",
        ("i", 4, 4),
        "",
        False,
        False,
    ),
    (
        "Neue Software ohne Schulung eingeführt",
        "challenges",
        "S3",
        "weakness",
        ("i", 4, 9),
        "",
        False,
        False,
    ),
    ("Außendienst arbeitet auf Papier", "processes", "A3", "need", ("i", 5, 3), "", False, False),
    (
        "Leitbild ohne digitale Maßnahmen",
        "status_quo",
        "S0",
        "weakness",
        ("d", 0),
        "",
        False,
        False,
    ),
    (
        "IT-Betrieb beim Verbund ist verlässlich",
        "competences",
        "I0",
        "strength",
        ("d", 1),
        "",
        False,
        False,
    ),
    (
        "Die Bürgerschaft informiert sich vor allem über soziale Medien",
        "needs",
        "S0",
        "need",
        ("d", 3),
        "",
        False,
        False,
    ),
    (
        "Zwei IT-Stellen für 320 Arbeitsplätze",
        "competences",
        "I0",
        "risk",
        ("d", 2),
        "",
        False,
        False,
    ),
]

EICHHORST_RATINGS = {
    "A0": (2, "Terminbuchung und Bauantrag online, sonst Papier.", [0, 1, 4, 7]),
    "A1": (1, "Keine E-Akte; Stellungnahmen per Hauspost.", [3]),
    "A2": (2, "Online-Ausweis nur über das Landesportal.", []),
    "A3": (1, "Keine App; der Außendienst arbeitet auf Papier.", [11]),
    "A4": (3, "Mobiles Arbeiten üblich, Geräte fehlen.", [9]),
    "I0": (2, "Verlässlicher Betrieb, Fachverfahren ohne Schnittstellen.", [2, 13, 15]),
    "I1": (1, "Keine Datenstrategie, Insellösungen.", [6]),
    "I2": (1, "Keine Mediendatenbank.", []),
    "I3": (1, "Kein Thema.", []),
    "I4": (2, "Projekte laufen nebeneinander her.", []),
    "S0": (2, "Leitbild ohne Maßnahmen; Bürgerschaft informiert sich online.", [5, 12, 14]),
    "S1": (1, "Keine vernetzten Objekte.", []),
    "S2": (2, "Die Stadt wächst schneller als ihre Verwaltung.", []),
    "S3": (3, "Hohe Bereitschaft, zu wenig Begleitung und Schulung.", [8, 10]),
}


def _topic(code: str | None) -> Topic | None:
    if code is None:
        return None
    key = {"A": "administration", "I": "infrastructure", "S": "society"}[code[0]]
    return Topic.objects.filter(dimension__key=key, position=int(code[1:])).first()


@contextmanager
def before_the_sign_off() -> Iterator[None]:
    """Write an analysis that was done before Phase 1 went to review (the demo's, a test's):
    the phase is put back to active while its findings and ratings are written, then left
    as it was."""
    phase = Phase.objects.get(number=1)
    Phase.objects.filter(pk=phase.pk).update(state=Phase.State.ACTIVE)
    try:
        yield
    finally:
        Phase.objects.filter(pk=phase.pk).update(state=phase.state)


def _seed(users, documents_spec, interviews_spec, findings_spec, ratings_spec) -> None:
    with before_the_sign_off():
        _analysis_seed(users, documents_spec, interviews_spec, findings_spec, ratings_spec)


def _analysis_seed(users, documents_spec, interviews_spec, findings_spec, ratings_spec) -> None:
    consultant = users.get(CONSULTANT)
    today = timezone.localdate()
    guide = InterviewGuide.objects.filter(language="de").order_by("pk").first()
    documents = []
    for title, kind, name, build, review in documents_spec:
        document = services.document_upload(
            upload=SimpleUploadedFile(name, build()), title=title, kind=kind, actor=consultant
        )
        if review is not None:
            summary, relevance, codes = review
            services.document_review(
                document=document,
                summary=summary,
                relevance=relevance,
                topics=[t for t in map(_topic, codes) if t is not None],
                actor=consultant,
            )
        documents.append(document)
    interviews = []
    for name, role, department, days_ago, notes in interviews_spec:
        done = days_ago is not None
        interview = services.interview_save(
            interview=Interview(
                interviewee_name=name,
                interviewee_role=role,
                department=department,
                held_on=today - timedelta(days=days_ago) if done else today + timedelta(days=7),
                interviewer=consultant,
                guide=guide,
                state=Interview.State.DONE if done else Interview.State.PLANNED,
                consent_given=done,
                consent_note="Mündlich zu Beginn: Mitschrift und anonyme Zitate" if done else "",
            ),
            actor=consultant,
        )
        note_list = list(interview.notes.order_by("position"))
        if notes:
            services.interview_notes_save(
                interview=interview,
                texts={note_list[index].pk: text for index, text in notes.items()},
                mark_done=False,
                actor=consultant,
            )
        interviews.append((interview, note_list))
    findings = []
    for statement, result_topic, code, kind, source, quote, attributed, key in findings_spec:
        finding = Finding(
            statement=statement,
            result_topic=result_topic,
            topic=_topic(code),
            kind=kind,
            quote=quote,
            quote_attributed=attributed,
            is_key=key,
            source={"i": "interview", "d": "document", "o": "other"}[source[0]],
        )
        if source[0] == "i":
            finding.interview, note_list = interviews[source[1]]
            finding.note = note_list[source[2]]
        elif source[0] == "d":
            finding.document = documents[source[1]]
        else:
            finding.source_detail = source[1]
        findings.append(services.finding_save(finding=finding, actor=consultant))
    for code, (level, rationale, indexes) in ratings_spec.items():
        topic = _topic(code)
        if topic is not None:
            services.maturity_rate(
                topic=topic,
                level=level,
                rationale=rationale,
                findings=[findings[i] for i in indexes],
                actor=consultant,
            )


def seed(municipality, users) -> None:
    if not InterviewGuide.objects.exists():
        # Municipalities provisioned before the guides were part of provisioning.
        services.guides_seed()
    if Document.objects.exists() or Interview.objects.exists():
        return
    if municipality.slug == "musterstadt":
        _seed(
            users,
            MUSTERSTADT_DOCUMENTS,
            MUSTERSTADT_INTERVIEWS,
            MUSTERSTADT_FINDINGS,
            MUSTERSTADT_RATINGS,
        )
    elif municipality.slug == "beispielhausen":
        _seed(
            users,
            BEISPIELHAUSEN_DOCUMENTS,
            BEISPIELHAUSEN_INTERVIEWS,
            BEISPIELHAUSEN_FINDINGS,
            BEISPIELHAUSEN_RATINGS,
        )
    elif municipality.slug == "eichhorst":
        _seed(
            users, EICHHORST_DOCUMENTS, EICHHORST_INTERVIEWS, EICHHORST_FINDINGS, EICHHORST_RATINGS
        )
