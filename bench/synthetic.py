"""Synthetic explainers for benchmarks: N pages × 2 languages with realistic headings, citations
(single and grouped), quotes of varied passages, numbers, lists, tables, cross-page links and a
bibliography. Deterministic for a given N."""

from __future__ import annotations

import hashlib
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ARTICLE_SENTENCES = [
    "Die Gruppe veröffentlichte am 26. November 2024 einen offenen Brief auf der Plattform.",
    "Nach etwa drei Stunden wurde der Zugang wieder gesperrt, berichten die Beteiligten.",
    "Das Unternehmen ist nach eigenen Angaben 150 Milliarden US-Dollar wert.",
    "Hunderte Künstlerinnen und Künstler hätten unbezahlte Arbeit geleistet.",
    "Die Videos hatten eine Auflösung von bis zu 1080p und eine Länge von zehn Sekunden.",
    "Eine Analyse des Codes deutet auf eine schnellere Variante des Modells hin.",
]
# Quotes the pages make from the article (exact passages), with the English gloss.
QUOTES = [("Nach etwa drei Stunden", "after about three hours"), ("einen offenen Brief", "an open letter"),
          ("150 Milliarden US-Dollar wert", "worth 150 billion US dollars"),
          ("unbezahlte Arbeit geleistet", "done unpaid work"),
          ("eine schnellere Variante des Modells", "a faster variant of the model"), ("bis zu 1080p", "up to 1080p")]
# Section headings: German, English, ID stem.
HEADINGS = [("Was geschah", "What happened", "what-happened"), ("Die Reaktion", "The response", "the-response"),
            ("Hintergrund", "Background", "background"), ("Offene Fragen", "Open questions", "open-questions"),
            ("Zahlen und Daten", "Figures and dates", "figures"), ("Stimmen", "Voices", "voices")]
DE_PARAGRAPH = ("Am {day}. November 2024 meldete die Quelle {n} neue Fälle, insgesamt {big} Milliarden US-Dollar "
                "und ein Anteil von {dec} Prozent [@source-{cite}]. Laut dem Artikel ging es um „{quote}“ "
                "[@article, \"{quote}\"]. Mehr steht unter [{other_heading}](page-{other}.md#{other_id}).\n\n"
                "- Eine Einordnung des Verlags {n2} [@source-{cite2}].\n"
                "- Eine zweite Stimme, zitiert nach zwei Quellen [@source-{cite}; @source-{cite2}].")
EN_PARAGRAPH = ("On November {day}, 2024, source {n} reported new cases, {big} billion US dollars in total and a "
                "share of {dec_en} per cent [@source-{cite}]. According to the article it was about „{quote}“ "
                "(“{gloss}”) [@article, \"{quote}\"]. More is under [{other_heading}](page-{other}.md#{other_id})."
                "\n\n- An assessment by publisher {n2} [@source-{cite2}].\n"
                "- A second voice, quoted after two sources [@source-{cite}; @source-{cite2}].")


def _heading(k: int, lang: str) -> tuple[str, str]:
    """Section ``k``'s heading text in ``lang`` and its ID (the same in both languages)."""
    de, en, stem = HEADINGS[k % len(HEADINGS)]
    return f"{de if lang == 'de' else en} ({k})", f"{stem}-{k}"


def _article() -> str:
    lines = ["Ein synthetischer Artikel über ein Leak", "", "Freigegeben:", "November 26, 2024", ""]
    lines += ARTICLE_SENTENCES
    return "\n".join(lines) + "\n"


def write_project(target: Path, pages: int, sections: int = 4, works: int = 40) -> Path:
    """Write a complete project (mkdocs.yml, scripts, sources, docs, lock) with ``pages`` page pairs."""
    rng = random.Random(pages)
    if target.exists():
        shutil.rmtree(target)
    (target / "sources/articles").mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "scripts", target / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "docs/assets", target / "docs/assets")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", target / "overrides")
    article = _article()
    (target / "sources/articles/article.txt").write_text(article, encoding="utf-8")
    digest = hashlib.sha256(article.encode()).hexdigest()
    (target / "sources/articles.yml").write_text(
        f"articles:\n  - id: article\n    file: articles/article.txt\n    sha256: {digest}\n"
        f"    url: https://example.org/article\n    title: Ein synthetischer Artikel\n    publisher: Beispiel\n"
        f"    date: 2024-11-26\n    language: de\n", encoding="utf-8")
    shutil.copy2(ROOT / "sources/cleaning.yml", target / "sources/cleaning.yml")
    entries = "".join(
        f"  - id: source-{i}\n    url: https://host{i % 5}.example.org/news/report-{i}\n    title: Bericht {i}\n"
        f"    publisher: Verlag {i}\n    date: 2024-11-{1 + i % 28:02d}\n    language: {'de' if i % 2 else 'en'}\n"
        f"    url_status: live\n    listed_in: []\n" for i in range(works))
    (target / "sources/bibliography.yml").write_text("entries:\n" + entries, encoding="utf-8")
    nav_de, nav_en = [], []
    for lang, template in (("de", DE_PARAGRAPH), ("en", EN_PARAGRAPH)):
        (target / "docs" / lang).mkdir(parents=True, exist_ok=True)
        for number in range(pages):
            title = f"Seite {number}" if lang == "de" else f"Page {number}"
            body = [f"---\ntitle: {title}\ndescription: {title} der Synthese.\n---\n", f"# {title} {{#page-{number}}}\n"]
            for k in range(sections):
                rng.seed(number * 1000 + k)  # the same values in both languages
                quote, gloss = QUOTES[rng.randrange(len(QUOTES))]
                other_k = rng.randrange(sections)
                values = {"day": 1 + (number + k) % 28, "n": rng.randint(2, 999), "n2": rng.randint(2, 999),
                          "big": rng.randint(1, 300), "dec": f"{rng.randint(1, 99)},{rng.randint(1, 9)}",
                          "cite": (number * sections + k) % works, "cite2": rng.randrange(works),
                          "quote": quote, "gloss": gloss, "other": (number + 1) % pages,
                          "other_heading": _heading(other_k, lang)[0], "other_id": _heading(other_k, lang)[1]}
                values["dec_en"] = values["dec"].replace(",", ".")
                heading, section_id = _heading(k, lang)
                body.append(f"## {heading} {{#{section_id}}}\n\n{template.format(**values)}\n")
                if k == 0:
                    body.append(f"| {'Wert' if lang == 'de' else 'Value'} | Quelle |\n|---|---|\n"
                                f"| {values['n']} | [@source-{values['cite']}] |\n")
            (target / "docs" / lang / f"page-{number}.md").write_text("\n".join(body), encoding="utf-8")
            (nav_de if lang == "de" else nav_en).append(f"page-{number}.md")
        index = ("---\ntitle: Start\ndescription: Start.\n---\n\n# Start {#home}\n\nÜberblick [@article].\n"
                 if lang == "de" else
                 "---\ntitle: Home\ndescription: Home.\n---\n\n# Home {#home}\n\nOverview [@article].\n")
        (target / "docs" / lang / "index.md").write_text(index, encoding="utf-8")
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    nav = "nav:\n  - index.md\n" + "".join(f"  - {p}\n" for p in nav_de)
    config = config[: config.index("nav:\n")] + nav + config[config.index("\nmarkdown_extensions:"):]
    config = config.replace("          nav_translations:", "          nav_translations_unused:")
    (target / "mkdocs.yml").write_text(_drop_nav_translations(config), encoding="utf-8")
    return target


def _drop_nav_translations(config: str) -> str:
    lines, out, skipping = config.split("\n"), [], False
    for line in lines:
        if line.strip() == "nav_translations_unused:":
            skipping = True
            continue
        if skipping and line.startswith("            "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)
