"""Boilerplate trimming of pasted web text, measured on public extraction test pages.

    .venv/bin/python benchmarks/bench_boilerplate.py                  # P/R/F1, snippets, worst pages, speed
    .venv/bin/python benchmarks/bench_boilerplate.py --show PAGE      # one page: what was kept and cut

Pages: the 110 web pages (news, blogs, shops; mostly German, some English and French) that trafilatura
1.0.0 ships as test data (`tests/cache/*.html` in its source distribution, fetched once with `pip download`
into benchmarks/.cache/, not committed); pages whose reference has fewer than 50 words are left out.
Each page is rendered to text as a browser's select-all + copy gives it: lxml parses the markup, scripts,
styles, forms, media and `hidden`/`display:none` elements are dropped, block elements (p, div, li, h1-h6,
tr, …) start and end a line, table cells are tab-separated, white space inside a line is collapsed,
empty lines are dropped, images contribute nothing (no alt text). That is the "pasted" text. (A real
browser also drops what CSS hides, so real pasted text is usually cleaner than this.)

Gold and silver:
- *gold snippets* (benchmarks/data/trafilatura_eval): sentences trafilatura's authors chose for 84 pages
  that an extraction must keep (`with`) or must not (`without`); counted where they occur in the pasted
  text.
- *silver body*: trafilatura's extraction of the page's markup (without comments) — a stand-in for a gold
  body, checked against the snippets: "validated" pages are those whose silver body keeps every `with`
  snippet and none of the `without` ones that occur in the pasted text.
Bag of words (lower-cased `\\w+` tokens, multiset) against the silver body: precision = shared / kept,
recall = shared / silver; micro-averaged over pages (macro: mean of the pages' figures), with untrimmed
text as the baseline. Recall cannot reach 1: some of the silver's words are not in the pasted text at all
(alt texts, hidden elements), so "recall of reachable" divides by the untrimmed recall. A page whose
trimmed recall is below 0.67 counts as "article cut".

Held out: the pages of a third of the sites (sha256 of the file name's first two labels, mod 3 == 0) were
not looked at while the rules were written; they are reported on their own.
Speed: trimming time per page (min of 3 runs over all pages) against a raw baseline measured in the same
run (splitting the page into lines and words, which any line-based trimmer must do).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tarfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html as lxml_html

from annotator.io.boilerplate import trim_boilerplate

CACHE = Path(__file__).parent / ".cache"
SNIPPETS = Path(__file__).parent / "data" / "trafilatura_eval" / "snippets.json"
SDIST = "trafilatura==1.0.0"
MIN_REFERENCE_WORDS = 50
_WORD = re.compile(r"\w+")
_HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "select", "option", "button", "input",
           "textarea", "form", "canvas", "video", "audio", "object", "embed", "map"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
          "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
          "tr", "ul", "caption", "center", "menu"}


def fetch_pages() -> list[Path]:
    """The test pages of trafilatura's source distribution (downloaded and unpacked once)."""
    folder = CACHE / "trafilatura-1.0.0"
    if not folder.exists():
        CACHE.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        SDIST, "-d", str(CACHE)], check=True)
        with tarfile.open(CACHE / "trafilatura-1.0.0.tar.gz") as archive:
            archive.extractall(CACHE, filter="data")
    return [page for page in sorted((folder / "tests" / "cache").glob("*.html")) if "exotic" not in page.name]


def browser_copy(page: bytes) -> str:
    """The page's text as select-all + copy gives it (an approximation without CSS; module docstring)."""
    out: list[str] = []

    def walk(element: lxml_html.HtmlElement) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction: never shown
            out.append(_text(element.tail))
            return
        style = (element.get("style") or "").replace(" ", "")
        if element.tag in _HIDDEN or element.get("hidden") is not None or "display:none" in style:
            out.append(_text(element.tail))
            return
        block = element.tag in _BLOCK
        if block or element.tag == "br":
            out.append("\n")
        out.append(_text(element.text))
        for child in element:
            walk(child)
        if block:
            out.append("\n")
        elif element.tag in ("td", "th"):
            out.append("\t")
        out.append(_text(element.tail))

    walk(lxml_html.document_fromstring(page))
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line) + "\n"


def _text(value: str | None) -> str:
    return re.sub(r"\s+", " ", value) if value else ""


def silver_body(page: bytes) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False, include_tables=True) or ""


def held_out(name: str) -> bool:
    site = ".".join(name.split(".")[:2])
    return int(hashlib.sha256(site.encode()).hexdigest(), 16) % 3 == 0


@dataclass
class Score:
    """Bag-of-words counts summed over pages, and each page's (precision, recall)."""

    shared: int = 0
    kept: int = 0
    gold: int = 0
    pages: list[tuple[float, float]] = field(default_factory=list)

    def add(self, kept: str, gold: str) -> tuple[float, float]:
        k, g = Counter(_WORD.findall(kept.lower())), Counter(_WORD.findall(gold.lower()))
        shared, n_kept, n_gold = sum((k & g).values()), sum(k.values()), sum(g.values())
        self.shared, self.kept, self.gold = self.shared + shared, self.kept + n_kept, self.gold + n_gold
        page = (shared / n_kept if n_kept else 1.0, shared / n_gold if n_gold else 1.0)
        self.pages.append(page)
        return page

    def figures(self) -> tuple[float, float, float, float, float]:
        """Micro precision, recall, F1 and macro precision, recall."""
        p = self.shared / self.kept if self.kept else 1.0
        r = self.shared / self.gold if self.gold else 1.0
        n = len(self.pages) or 1
        return p, r, _f1(p, r), sum(x for x, _ in self.pages) / n, sum(y for _, y in self.pages) / n


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Group:
    """The figures of one set of pages."""

    untrimmed: Score = field(default_factory=Score)
    trimmed: Score = field(default_factory=Score)
    snippets: Counter[str] = field(default_factory=Counter)
    rows: list[tuple[float, float, float, str]] = field(default_factory=list)


def measure(path: Path, snippets: dict[str, dict[str, list[str]]], groups: dict[str, Group]) -> None:
    data = path.read_bytes()
    silver, pasted = silver_body(data), browser_copy(data)
    if len(_WORD.findall(silver)) < MIN_REFERENCE_WORDS:
        return
    kept = trim_boilerplate(pasted).text
    gold = snippets.get(path.name, {"with": [], "without": []})
    keep = [s for s in gold["with"] if s in pasted]
    drop = [s for s in gold["without"] if s in pasted]
    validated = bool(keep or drop) and all(s in silver for s in keep) and not any(s in silver for s in drop)
    names = ["all", "held out" if held_out(path.name) else "development"] + (["validated"] if validated else [])
    for name in names:
        group = groups.setdefault(name, Group())
        group.untrimmed.add(pasted, silver)
        p, r = group.trimmed.add(kept, silver)
        group.rows.append((_f1(p, r), p, r, path.name))
        group.snippets.update({"with": len(keep), "with kept": sum(s in kept for s in keep),
                               "without": len(drop), "without cut": sum(s not in kept for s in drop)})


def report(name: str, group: Group, worst: int) -> None:
    print(f"\n{name}: {len(group.rows)} pages")
    print(f"  {'':10}{'P':>7}{'R':>7}{'F1':>7}{'macro P':>9}{'macro R':>9}")
    for label, score in (("untrimmed", group.untrimmed), ("trimmed", group.trimmed)):
        print(f"  {label:10}" + "".join(f"{x:7.3f}" for x in score.figures()[:3])
              + "".join(f"{x:9.3f}" for x in score.figures()[3:]))
    reachable = group.trimmed.figures()[1] / group.untrimmed.figures()[1]
    s = group.snippets
    print(f"  recall of reachable words {reachable:.3f}; gold snippets kept {s['with kept']}/{s['with']}, "
          f"boilerplate snippets cut {s['without cut']}/{s['without']}")
    cut = sorted(row for row in group.rows if row[2] < 0.67)
    print(f"  article cut (R < 0.67): {len(cut)} {[row[3] for row in cut]}")
    print(f"  worst {worst} by F1 (F1 P R):")
    for f1, p, r, page in sorted(group.rows)[:worst]:
        print(f"    {f1:.3f} {p:.3f} {r:.3f}  {page}")


def speed(pages: list[Path]) -> None:
    texts = [browser_copy(path.read_bytes()) for path in pages]

    def raw() -> None:
        for text in texts:
            [_WORD.findall(line.lower()) for line in text.split("\n")]

    def trim() -> None:
        for text in texts:
            trim_boilerplate(text)

    timings = {}
    for label, run in (("raw", raw), ("trim", trim)):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            run()
            runs.append(time.perf_counter() - start)
        timings[label] = min(runs)
    per_page = timings["trim"] / len(texts)
    mean_chars = sum(map(len, texts)) / len(texts)
    print(f"\nspeed: {per_page * 1000:.2f} ms per page (mean {mean_chars:,.0f} characters), "
          f"{timings['trim'] / timings['raw']:.1f}x the raw line/word split; 10,000 such articles: "
          f"{per_page * 10_000:.1f} s")


def show(path: Path) -> None:
    pasted = browser_copy(path.read_bytes())
    trimmed = trim_boilerplate(pasted)
    print(trimmed.text)
    print("---- cut:")
    for cut in trimmed.removed:
        print(f"[{cut.reason}] {pasted[cut.start:cut.end].strip()[:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="PAGE", help="print one page's trimmed text and its cuts")
    parser.add_argument("--worst", type=int, default=8, help="how many of the worst pages to list per group")
    args = parser.parse_args()
    pages = fetch_pages()
    if args.show:
        for path in pages:
            if args.show in path.name:
                show(path)
        return 0
    snippets = json.loads(SNIPPETS.read_text(encoding="utf-8"))["pages"]
    groups: dict[str, Group] = {}
    for path in pages:
        measure(path, snippets, groups)
    for name in ("all", "development", "held out", "validated"):
        report(name, groups[name], args.worst)
    speed(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
