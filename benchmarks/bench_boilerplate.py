"""Boilerplate trimming of pasted web text, measured on public extraction test pages.

    .venv/bin/python benchmarks/bench_boilerplate.py                  # P/R/F1, worst pages
    .venv/bin/python benchmarks/bench_boilerplate.py --show PAGE      # one page: what was cut and kept

Development set: the news and blog pages that trafilatura 1.0.0 ships as test data (`tests/cache/*.html`
in its source distribution, fetched once with `pip download` into benchmarks/.cache/, not committed).
Each page is rendered to text as a browser's select-all + copy gives it (block elements on their own
lines, scripts/styles/forms' hidden parts left out, images without their alt text): the "pasted" text.
The reference body is what trafilatura extracts from the page's markup (a *silver* standard: the issue
measured trafilatura at F1 0.96 against gold bodies on news pages), and trafilatura's own test assertions
(`realworld_tests.py`: sentences that must be kept, boilerplate that must go) are checked as gold snippets.

Measures, bag of words (lower-cased `\\w+` tokens, multiset) against the reference: precision = shared /
kept, recall = shared / reference, F1; micro-averaged over pages, and untrimmed as the baseline. A page
where trimming loses more than a third of the reference's words counts as "article cut".
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
import tarfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import html as lxml_html

from annotator.io.boilerplate import trim_boilerplate

CACHE = Path(__file__).parent / ".cache"
SDIST = "trafilatura==1.0.0"
_WORD = re.compile(r"\w+")
_HIDDEN = {"script", "style", "noscript", "template", "head", "svg", "iframe", "select", "option", "button", "input",
           "textarea", "form", "canvas", "video", "audio", "object", "embed", "map"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt",
          "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
          "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot",
          "tr", "ul", "caption", "center", "menu"}


def fetch_pages() -> tuple[list[Path], dict[str, tuple[list[str], list[str]]]]:
    """The test pages (downloaded once), and trafilatura's kept/cut sentences per page file."""
    folder = CACHE / "trafilatura-1.0.0"
    if not folder.exists():
        CACHE.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        SDIST, "-d", str(CACHE)], check=True)
        with tarfile.open(CACHE / "trafilatura-1.0.0.tar.gz") as archive:
            archive.extractall(CACHE, filter="data")
    pages = sorted((folder / "tests" / "cache").glob("*.html"))
    return pages, _snippets(folder / "tests" / "realworld_tests.py")


def _snippets(tests: Path) -> dict[str, tuple[list[str], list[str]]]:
    """file name -> (must be kept, must be cut), from `assert 'x' in result and 'y' not in result` lines."""
    source = tests.read_text(encoding="utf-8")
    mock = ast.literal_eval(source[source.index("{", source.index("MOCK_PAGES")) : source.index("}", source.index("MOCK_PAGES")) + 1])
    found: dict[str, tuple[list[str], list[str]]] = {}
    current = None
    for line in source.splitlines():
        url = re.search(r"load_mock_page\('([^']+)'", line)
        if url:
            current = mock.get(url.group(1))
            continue
        if current and line.strip().startswith("assert"):
            kept, cut = found.setdefault(current, ([], []))
            for text, negated in re.findall(r"""['"]([^'"]{12,})['"] (not )?in result""", line):
                (cut if negated else kept).append(text)
    return found


def browser_copy(page: bytes) -> str:
    """The page's text as select-all + copy gives it (an approximation without CSS)."""
    root = lxml_html.document_fromstring(page)
    out: list[str] = []

    def walk(element: lxml_html.HtmlElement) -> None:
        if not isinstance(element.tag, str):  # a comment or processing instruction: never shown
            out.append(_tail(element))
            return
        tag = element.tag
        if tag in _HIDDEN or element.get("hidden") is not None or "display:none" in (element.get("style") or "").replace(" ", ""):
            out.append(_tail(element))
            return
        block = tag in _BLOCK
        if block or tag == "br":
            out.append("\n")
        out.append(_text(element.text))
        for child in element:
            walk(child)
        if block:
            out.append("\n")
        elif tag in ("td", "th"):
            out.append("\t")
        out.append(_tail(element))

    walk(root)
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line) + "\n"


def _text(value: str | None) -> str:
    return re.sub(r"\s+", " ", value) if value else ""


def _tail(element: lxml_html.HtmlElement) -> str:
    return _text(element.tail)


def reference(page: bytes) -> str:
    import trafilatura

    return trafilatura.extract(page, include_comments=False, include_tables=True) or ""


@dataclass
class Score:
    shared: int = 0
    kept: int = 0
    gold: int = 0

    def add(self, kept: str, gold: str) -> Score:
        k, g = Counter(_WORD.findall(kept.lower())), Counter(_WORD.findall(gold.lower()))
        page = Score(sum((k & g).values()), sum(k.values()), sum(g.values()))
        self.shared, self.kept, self.gold = self.shared + page.shared, self.kept + page.kept, self.gold + page.gold
        return page

    @property
    def precision(self) -> float:
        return self.shared / self.kept if self.kept else 1.0

    @property
    def recall(self) -> float:
        return self.shared / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="PAGE", help="print one page's trimmed text and its cuts")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst pages to list")
    args = parser.parse_args()
    pages, snippets = fetch_pages()
    untrimmed, trimmed = Score(), Score()
    rows = []
    kept_snippets = cut_snippets = kept_total = cut_total = 0
    for path in pages:
        data = path.read_bytes()
        gold = reference(data)
        if len(_WORD.findall(gold)) < 50:
            continue  # no article body to measure against
        pasted = browser_copy(data)
        result = trim_boilerplate(pasted).text
        if args.show and args.show in path.name:
            print(result)
            print("---- cut:")
            for cut in trim_boilerplate(pasted).removed:
                print(f"[{cut.reason}] {pasted[cut.start:cut.end].strip()[:200]}")
        before = untrimmed.add(pasted, gold)
        after = trimmed.add(result, gold)
        rows.append((after.f1, after.precision, after.recall, before.precision, path.name))
        kept, cut = snippets.get(path.name, ([], []))
        kept_total += len(kept)
        kept_snippets += sum(s in result for s in kept if s in pasted)
        cut_total += sum(s in pasted for s in cut)
        cut_snippets += sum(s in pasted and s not in result for s in cut)
    print(f"{len(rows)} pages with an article body ({sum(len(k) for k, _ in snippets.values())} gold snippets)")
    print(f"{'':12}{'precision':>10}{'recall':>8}{'F1':>7}")
    for name, score in (("untrimmed", untrimmed), ("trimmed", trimmed)):
        print(f"{name:12}{score.precision:10.3f}{score.recall:8.3f}{score.f1:7.3f}")
    print(f"gold snippets that must stay, kept: {kept_snippets}/{kept_total}; "
          f"boilerplate snippets in the pasted text, cut: {cut_snippets}/{cut_total}")
    cut_article = [r for r in rows if r[2] < 0.67]
    print(f"pages whose article was cut (recall < 0.67): {len(cut_article)}")
    print(f"worst {args.worst} pages by F1 (F1, P, R, untrimmed P):")
    for f1, p, r, p0, name in sorted(rows)[: args.worst]:
        print(f"  {f1:.3f} {p:.3f} {r:.3f} {p0:.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
