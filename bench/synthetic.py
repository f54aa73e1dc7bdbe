"""Synthetic explainers for benchmarks, in any languages among de, en, fr, es and it.

``write_project(target, pages, languages)`` starts from what ``explainer init`` writes
(:func:`explainer.scaffold.init.plan_init`: mkdocs.yml, home and sources pages, Makefile …), adds
the synthetic pages to init's navigation, and writes a source article in the source language
(``languages[0]``), its cleaning rules, a bibliography and ``pages`` pages per language: four
sections each with varied headings, single and grouped citations, quotes of varied passages of the
article (kept in the source language beside their translation), numbers, dates, a list, a table and
cross-page links. Every language has its own paragraph template with numbers and dates written the
way that locale writes them (``26. November 2024`` / ``November 26, 2024`` / ``26 novembre 2024`` /
``26 de noviembre de 2024``; ``1,5`` / ``1.5``; ``150 Milliarden`` / ``150 billion`` / ``150
milliards`` / ``150 mil millones`` / ``150 miliardi``), so a correct project has no parity finding:
``explainer check`` reports 0 problems. Then ``explainer ingest`` and ``explainer sync --all
--all-languages`` write the parsed article and the lock. Nothing of this site is copied, and the
output is the same for the same ``pages`` and ``languages``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import random
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from explainer.cli.main import main as explainer
from explainer.lang.l10n import text as l10n_text
from explainer.scaffold.init import GENERATOR_ROOT, plan_init

LANGUAGES = ("de", "en", "fr", "es", "it")
MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "en": "January February March April May June July August September October November December",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
}
GROUP = {"de": ".", "en": ",", "fr": "\u202f", "es": ".", "it": "."}  # CLDR's thousands separators
DECIMAL = {"de": ",", "en": ".", "fr": ",", "es": ",", "it": ","}


def date(lang: str, day: int, month: int, year: int) -> str:
    """A date as running text in ``lang`` writes it (the first of the month as an ordinal where usual)."""
    name = MONTHS[lang].split()[month - 1]
    return {"de": f"{day}. {name} {year}", "en": f"{name} {day}, {year}",
            "fr": f"{'1er' if day == 1 else day} {name} {year}", "es": f"{day} de {name} de {year}",
            "it": f"{'1º' if day == 1 else day} {name} {year}"}[lang]


def grouped(lang: str, number: int) -> str:
    """``12345`` as ``12.345``, ``12,345`` or ``12 345``."""
    return f"{number:,}".replace(",", GROUP[lang])


def decimal(lang: str, whole: int, tenths: int) -> str:
    return f"{whole}{DECIMAL[lang]}{tenths}"


# The article's sentences per language (the same facts in each), and the passage of each that pages quote.
ARTICLE = {
    "de": [("Die Gruppe veröffentlichte am 26. November 2024 einen offenen Brief auf der Plattform.",
            "einen offenen Brief"),
           ("Nach etwa drei Stunden wurde der Zugang wieder gesperrt, berichten die Beteiligten.",
            "Nach etwa drei Stunden"),
           ("Das Unternehmen ist nach eigenen Angaben 150 Milliarden US-Dollar wert.", "150 Milliarden US-Dollar wert"),
           ("Hunderte Künstlerinnen und Künstler hätten unbezahlte Arbeit geleistet.", "unbezahlte Arbeit geleistet"),
           ("Die Videos hatten eine Auflösung von bis zu 1080p und eine Länge von zehn Sekunden.", "bis zu 1080p"),
           ("Eine Analyse des Codes deutet auf eine schnellere Variante des Modells hin.",
            "eine schnellere Variante des Modells")],
    "en": [("On November 26, 2024, the group published an open letter on the platform.", "an open letter"),
           ("After about three hours access was blocked again, the participants report.", "After about three hours"),
           ("By its own account the company is worth 150 billion US dollars.", "worth 150 billion US dollars"),
           ("Hundreds of artists had done unpaid work, they said.", "done unpaid work"),
           ("The videos had a resolution of up to 1080p and were ten seconds long.", "up to 1080p"),
           ("An analysis of the code points to a faster variant of the model.", "a faster variant of the model")],
    "fr": [("Le 26 novembre 2024, le groupe a publié une lettre ouverte sur la plateforme.", "une lettre ouverte"),
           ("Après environ trois heures, l’accès a de nouveau été bloqué, selon les participants.",
            "Après environ trois heures"),
           ("Selon ses propres chiffres, l’entreprise vaut 150 milliards de dollars américains.",
            "vaut 150 milliards de dollars"),
           ("Des centaines d’artistes auraient fourni un travail non rémunéré.", "un travail non rémunéré"),
           ("Les vidéos avaient une résolution allant jusqu’à 1080p et duraient dix secondes.", "jusqu’à 1080p"),
           ("Une analyse du code indique une variante plus rapide du modèle.", "une variante plus rapide du modèle")],
    "es": [("El 26 de noviembre de 2024, el grupo publicó una carta abierta en la plataforma.", "una carta abierta"),
           ("Después de unas tres horas se volvió a bloquear el acceso, según los participantes.",
            "Después de unas tres horas"),
           ("Según sus propios datos, la empresa vale 150 mil millones de dólares estadounidenses.",
            "vale 150 mil millones de dólares"),
           ("Cientos de artistas habrían realizado un trabajo no remunerado.", "un trabajo no remunerado"),
           ("Los vídeos tenían una resolución de hasta 1080p y duraban diez segundos.", "hasta 1080p"),
           ("Un análisis del código apunta a una variante más rápida del modelo.", "una variante más rápida del modelo")],
    "it": [("Il 26 novembre 2024 il gruppo ha pubblicato una lettera aperta sulla piattaforma.", "una lettera aperta"),
           ("Dopo circa tre ore l’accesso è stato di nuovo bloccato, riferiscono i partecipanti.", "Dopo circa tre ore"),
           ("Secondo i propri dati, l’azienda vale 150 miliardi di dollari statunitensi.", "vale 150 miliardi di dollari"),
           ("Centinaia di artisti avrebbero svolto lavoro non retribuito.", "lavoro non retribuito"),
           ("I video avevano una risoluzione fino a 1080p e duravano dieci secondi.", "fino a 1080p"),
           ("Un’analisi del codice indica una variante più veloce del modello.", "una variante più veloce del modello")],
}
WORDS = {  # per language: article title, date label, page title, description, table header, headings
    "de": ("Ein synthetischer Artikel über ein Leak", "Freigegeben:", "Seite {n}", "Seite {n} der Synthese.",
           "| Wert | Quelle |", ["Was geschah", "Die Reaktion", "Hintergrund", "Offene Fragen", "Zahlen und Daten",
                                "Stimmen"], "Synthetische Erklärseite", "Bericht"),
    "en": ("A synthetic article about a leak", "Published:", "Page {n}", "Page {n} of the synthesis.",
           "| Value | Source |", ["What happened", "The response", "Background", "Open questions", "Figures and dates",
                                 "Voices"], "Synthetic explainer", "Report"),
    "fr": ("Un article synthétique sur une fuite", "Publié le :", "Page {n}", "Page {n} de la synthèse.",
           "| Valeur | Source |", ["Ce qui s’est passé", "La réaction", "Contexte", "Questions ouvertes",
                                  "Chiffres et dates", "Voix"], "Explication synthétique", "Rapport"),
    "es": ("Un artículo sintético sobre una filtración", "Publicado:", "Página {n}", "Página {n} de la síntesis.",
           "| Valor | Fuente |", ["Qué pasó", "La reacción", "Contexto", "Preguntas abiertas", "Cifras y fechas",
                                 "Voces"], "Explicación sintética", "Informe"),
    "it": ("Un articolo sintetico su una fuga", "Pubblicato:", "Pagina {n}", "Pagina {n} della sintesi.",
           "| Valore | Fonte |", ["Cosa è successo", "La reazione", "Contesto", "Domande aperte", "Cifre e date",
                                 "Voci"], "Spiegazione sintetica", "Rapporto"),
}
_LIST = {
    "de": "- Eine Einordnung des Verlags {n2} [@source-{cite2}].\n"
          "- Eine zweite Stimme, zitiert nach zwei Quellen [@source-{cite}; @source-{cite2}].",
    "en": "- An assessment by publisher {n2} [@source-{cite2}].\n"
          "- A second voice, quoted after two sources [@source-{cite}; @source-{cite2}].",
    "fr": "- Une analyse de l’éditeur {n2} [@source-{cite2}].\n"
          "- Une deuxième voix, citée d’après deux sources [@source-{cite}; @source-{cite2}].",
    "es": "- Una valoración de la editorial {n2} [@source-{cite2}].\n"
          "- Una segunda voz, citada según dos fuentes [@source-{cite}; @source-{cite2}].",
    "it": "- Una valutazione dell’editore {n2} [@source-{cite2}].\n"
          "- Una seconda voce, citata da due fonti [@source-{cite}; @source-{cite2}].",
}
PARAGRAPH = {lang: body + "\n\n" + _LIST[lang] for lang, body in {
    "de": "Am {date} meldete die Quelle {n} neue Fälle, insgesamt {big} Milliarden US-Dollar, {count} Beteiligte "
          "und einen Anteil von {dec} Prozent [@source-{cite}]. Laut dem Artikel ging es um {quote} "
          "[@article, \"{passage}\"]. Mehr steht unter [{other_heading}](page-{other}.md#{other_id}).",
    "en": "On {date}, source {n} reported new cases, {big} billion US dollars in total, {count} people involved "
          "and a share of {dec} per cent [@source-{cite}]. According to the article it was about {quote} "
          "[@article, \"{passage}\"]. More is under [{other_heading}](page-{other}.md#{other_id}).",
    "fr": "Le {date}, la source {n} a signalé de nouveaux cas, au total {big} milliards de dollars américains, "
          "{count} personnes concernées et une part de {dec} pour cent [@source-{cite}]. Selon l’article, il "
          "s’agissait de {quote} [@article, \"{passage}\"]. La suite se trouve sous "
          "[{other_heading}](page-{other}.md#{other_id}).",
    "es": "El {date}, la fuente {n} informó de nuevos casos, en total {big} mil millones de dólares "
          "estadounidenses, {count} personas afectadas y una cuota del {dec} por ciento [@source-{cite}]. Según el "
          "artículo, se trataba de {quote} [@article, \"{passage}\"]. Hay más en "
          "[{other_heading}](page-{other}.md#{other_id}).",
    "it": "Il {date} la fonte {n} ha segnalato nuovi casi, in totale {big} miliardi di dollari statunitensi, "
          "{count} persone coinvolte e una quota del {dec} per cento [@source-{cite}]. Secondo l’articolo si "
          "trattava di {quote} [@article, \"{passage}\"]. Altro si trova in "
          "[{other_heading}](page-{other}.md#{other_id}).",
}.items()}


def _heading(k: int, lang: str) -> tuple[str, str]:
    """Section ``k``'s heading text in ``lang`` and its ID (the same in every language)."""
    return f"{WORDS[lang][5][k % 6]} ({k})", f"{WORDS['en'][5][k % 6].lower().replace(' ', '-')}-{k}"


def _article(lang: str) -> str:
    lines = [WORDS[lang][0], "", WORDS[lang][1], date(lang, 26, 11, 2024), ""]
    lines += [sentence for sentence, _ in ARTICLE[lang]]
    return "\n".join(lines) + "\n"


def _quoted(passage: str, lang: str) -> str:
    return l10n_text(lang, "open_quote") + passage + l10n_text(lang, "close_quote")


def _page(number: int, pages: int, lang: str, source: str, sections: int, works: int) -> str:
    rng = random.Random()
    title = WORDS[lang][2].format(n=number)
    body = [f"---\ntitle: {title}\ndescription: {WORDS[lang][3].format(n=number)}\n---\n",
            f"# {title} {{#page-{number}}}\n"]
    for k in range(sections):
        rng.seed(number * 1000 + k)  # the same values in every language
        which = rng.randrange(len(ARTICLE[source]))
        passage = ARTICLE[source][which][1]
        quote = _quoted(passage, source)  # the original's words, in the source language's marks
        if lang != source:
            quote += f" ({ARTICLE[lang][which][1]})"  # and what they mean, in this language's words
        other_heading, other_id = _heading(rng.randrange(sections), lang)
        n = rng.randint(2, 999)
        values = {"date": date(lang, 1 + (number + k) % 28, 1 + (number * 7 + k) % 12, 2024), "n": n,
                  "n2": rng.randint(2, 999), "big": rng.randint(1, 300), "count": grouped(lang, rng.randint(1000, 99999)),
                  "dec": decimal(lang, rng.randint(1, 99), rng.randint(1, 9)), "cite": (number * sections + k) % works,
                  "cite2": rng.randrange(works), "quote": quote, "passage": passage, "other": (number + 1) % pages,
                  "other_heading": other_heading, "other_id": other_id}
        heading, section_id = _heading(k, lang)
        body.append(f"## {heading} {{#{section_id}}}\n\n{PARAGRAPH[lang].format(**values)}\n")
        if k == 0:
            body.append(f"{WORDS[lang][4]}\n|---|---|\n| {n} | [@source-{values['cite']}] |\n")
    return "\n".join(body)


def write_project(target: Path, pages: int, languages: Sequence[str] = ("de", "en"), sections: int = 4,
                  works: int = 40) -> Path:
    """Write a complete explainer with ``pages`` pages in every language (plus init's home and sources
    pages), ingested and synced; ``languages[0]`` is the source language."""
    languages = tuple(languages)
    unknown = [lang for lang in languages if lang not in LANGUAGES]
    if unknown or not languages:
        raise ValueError(f"languages must be among {', '.join(LANGUAGES)}, not {unknown or 'none'}")
    source = languages[0]
    works = max(1, min(works, pages * sections))  # every entry cited (one nobody cites is a finding)
    if target.exists():
        shutil.rmtree(target)
    plan = plan_init(languages, {lang: WORDS[lang][6] for lang in languages}, str(GENERATOR_ROOT))
    files = dict(plan.files)
    nav = "".join(f"  - page-{number}.md\n" for number in range(pages))
    files["mkdocs.yml"] = re.sub(r"(\nnav:\n  - .*: index\.md\n)", lambda m: m.group(1) + nav, files["mkdocs.yml"],
                                 count=1)
    article = _article(source)
    files["sources/articles/article.txt"] = article
    files["sources/articles.yml"] = (
        "articles:\n  - id: article\n    file: articles/article.txt\n"
        f"    sha256: {hashlib.sha256(article.encode()).hexdigest()}\n    url: https://example.org/article\n"
        f"    title: \"{WORDS[source][0]}\"\n    trans_title: null\n    publisher: Example Press\n"
        f"    date: 2024-11-26\n    authors: null\n    language: {source}\n    accessed: null\n    notes: null\n")
    files["sources/cleaning.yml"] = (f"rules: []\njoin_lines: false\ndate_labels: [\"{WORDS[source][1]}\"]\n"
                                     "bibliography_labels: []\n")
    files["sources/bibliography.yml"] = "entries:\n" + "".join(
        f"  - id: source-{i}\n    url: https://host{i % 5}.example.org/news/report-{i}\n"
        f"    title: {WORDS[languages[i % len(languages)]][7]} {i}\n    trans_title: null\n"
        f"    publisher: Publisher {i}\n    date: 2024-11-{1 + i % 28:02d}\n    language: {languages[i % len(languages)]}\n"
        "    accessed: null\n    archive_url: null\n    archive_date: null\n    url_status: live\n"
        "    listed_in: []\n    same_as: null\n    notes: null\n" for i in range(works))
    for lang in languages:
        for number in range(pages):
            files[f"docs/{lang}/page-{number}.md"] = _page(number, pages, lang, source, sections, works)
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if rel in plan.executable:
            path.chmod(0o755)
    for command in (["ingest"], ["sync", "--all", "--all-languages"]):
        output = io.StringIO()
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            status = explainer(["--root", str(target), *command])
        if status:
            raise SystemExit(f"explainer {' '.join(command)} failed in {target}:\n{output.getvalue()[-3000:]}")
    return target
