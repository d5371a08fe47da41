"""Reading articles from .txt, .html and .csv files, and expanding folders into files to import."""

import codecs
import csv
import io
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.io.articles import MAX_TITLE_CHARS, iter_article_files, read_articles

DATA = Path(__file__).parent / "data"
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
CORPUS = Path("/work/shared/corpus")
BELARUSIAN = "Лукашэнка сустрэўся з амбасадарам ЗША ў Мінску.\n«Беларусь» — не Расія, сказаў ён.\n"
RUSSIAN = "Президент Беларуси встретился с послом США.\nЭто первая встреча за годы.\n"  # KOI8-R has no ў, і, «»


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Records (and refuses) every attempt to resolve a name or open a connection."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access during import")
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def test_the_network_guard_sees_a_fetch(network_attempts: list[object]) -> None:
    import trafilatura
    trafilatura.fetch_url("https://herald.example.org/")
    assert network_attempts


# --- .txt ---------------------------------------------------------------------------------------

def test_txt_is_one_article_whole_with_its_first_line_as_title(tmp_path: Path) -> None:
    text = "\n  Headline here  \n\nBody  with\tspacing.\n\n"
    [doc] = read_articles(_write(tmp_path, "story.txt", text))
    assert doc.text == text
    assert doc.title == "Headline here"
    assert doc.meta == {"source_file": "story.txt", "encoding": "utf-8"}
    assert (doc.outlet, doc.url, doc.date, doc.language) == (None, None, None, None)


@pytest.mark.parametrize(("data", "encoding"), [
    (BELARUSIAN.encode("cp1251"), "cp1251"),
    ("“Maximum pressure has not worked,” one EU diplomat said – naïve.\n".encode("cp1252"), "cp1252"),
    (RUSSIAN.encode("koi8_r"), "koi8_r"),
    (codecs.BOM_UTF16_LE + BELARUSIAN.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF8 + BELARUSIAN.encode("utf-8"), "utf-8"),
])
def test_txt_in_each_encoding(tmp_path: Path, data: bytes, encoding: str) -> None:
    [doc] = read_articles(_write(tmp_path, "a.txt", data))
    expected = data.decode(encoding).removeprefix("\ufeff")
    assert doc.text == expected
    assert doc.meta["encoding"] == encoding


def test_txt_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    [doc] = read_articles(_write(tmp_path, "a.txt", "Title\r\n\r\nOne.\rTwo.\r\n".encode("cp1251")))
    assert doc.text == "Title\n\nOne.\nTwo.\n"


def test_a_long_first_line_is_cut_for_the_title_only(tmp_path: Path) -> None:
    line = "word " * 100
    [doc] = read_articles(_write(tmp_path, "a.txt", line))
    assert doc.text == line
    assert doc.title is not None and doc.title.endswith("…") and len(doc.title) <= MAX_TITLE_CHARS + 1
    assert line.startswith(doc.title[:-1])


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty"), (b"\x00\x01\x02binary", "NUL"), (b" \n\n", "white space")])
def test_bad_txt_is_an_input_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(InputError, match=reason) as info:
        read_articles(path)
    assert info.value.path == str(path)


@pytest.mark.parametrize("folder", [DEMO, CORPUS])
def test_the_sample_articles_are_read_exactly(folder: Path) -> None:
    if not folder.exists():
        pytest.skip(f"{folder} is not on this machine")
    files = iter_article_files([folder])
    assert [f.name for f in files] == ["000_930e5b2224e201f2.txt", "001_1dcc0197d90df6f0.txt", "003_5641a4217a450233.txt"]
    for path in files:
        [doc] = read_articles(path)
        assert doc.text == path.read_text(encoding="utf-8")
        assert doc.meta == {"source_file": path.name, "encoding": "utf-8"}


# --- boilerplate trimming at import ---------------------------------------------------------------

def test_trimming_cuts_to_the_body_and_records_it() -> None:
    path = DEMO / "000_930e5b2224e201f2.txt"
    original = path.read_text(encoding="utf-8")
    [doc] = read_articles(path, trim_boilerplate=True)
    record = doc.meta["boilerplate_trimmed"]
    assert "Support from readers like you" not in doc.text and "Your Cookies" not in doc.text
    assert "Sasha Romanova is a Belarusian journalist now living in Ireland." in doc.text
    assert record["removed_chars"] == len(original) - len(doc.text) > 0
    assert all(original[start:end] for start, end, _ in record["removed"])
    # the headline after the rubric "Opinion", not the subscription appeal nor the rubric
    assert doc.title == "How Europe's last dictator figures in the thawing of US-Russian relations"


@pytest.mark.parametrize(("name", "title"), [
    ("001_1dcc0197d90df6f0.txt", "‘His drug is power’: Lukashenko reaches out to the west"),
    ("003_5641a4217a450233.txt", "EU sanctions at odds with Trump’s thaw"),
])
def test_demo_titles_skip_outlets_bylines_and_prose(name: str, title: str) -> None:
    [doc] = read_articles(DEMO / name, trim_boilerplate=True)
    assert doc.title == title


def test_trimming_that_would_leave_nothing_fails_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no text") as info:
        read_articles(_write(tmp_path, "a.txt", "Advertisement\nRelated Stories\n"), trim_boilerplate=True)
    assert "without boilerplate trimming" in (info.value.hint or "")


# --- .html ----------------------------------------------------------------------------------------

def test_html_main_text_and_metadata_without_network(network_attempts: list[object]) -> None:
    [doc] = read_articles(DATA / "news_page.html")
    assert doc.title == "Belarus frees prisoners as US eases sanctions"
    assert doc.outlet == "The Example Herald"
    assert doc.url == "https://herald.example.org/world/2025/09/belarus-prisoners"
    assert doc.date == "2025-09-12"
    assert doc.language == "en"
    assert doc.meta["author"] == "Jane Doe" and doc.meta["source_file"] == "news_page.html"
    assert "“Maximum pressure has not worked,” one EU diplomat said" in doc.text
    assert "Мінск, not Brussels, sets the price." in doc.text
    for boilerplate in ("We use cookies", "Related stories", "Poland reopens border", "All rights reserved", "Home"):
        assert boilerplate not in doc.text
    assert network_attempts == []


def test_html_in_cp1251_with_a_declared_charset(tmp_path: Path, network_attempts: list[object]) -> None:
    page = (DATA / "news_page.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="windows-1251"')
    page = page.replace("“", '"').replace("”", '"').replace("—", "-")  # keep to what cp1251 can hold
    [doc] = read_articles(_write(tmp_path, "page.htm", page.encode("cp1251")))
    assert "Мінск, not Brussels" in doc.text
    assert doc.meta["encoding"] == "cp1251"
    assert network_attempts == []


def test_html_that_is_only_a_url_is_not_fetched(tmp_path: Path, network_attempts: list[object]) -> None:
    url = "https://herald.example.org/world/2025/09/belarus-prisoners"
    [doc] = read_articles(_write(tmp_path, "link.html", url))
    assert doc.text.strip() == url
    assert network_attempts == []


def test_an_html_fragment_is_read_as_a_page_body(tmp_path: Path, network_attempts: list[object]) -> None:
    fragment = "<p>Only one paragraph of article text here, long enough to be a real sentence.</p>"
    [doc] = read_articles(_write(tmp_path, "body.html", fragment))
    assert doc.text == "Only one paragraph of article text here, long enough to be a real sentence."
    assert network_attempts == []


def test_html_without_article_text_is_an_input_error(tmp_path: Path, network_attempts: list[object]) -> None:
    page = "<html><head><title>Gallery</title><script>var a = 1;</script></head><body><img src='a.jpg'></body></html>"
    with pytest.raises(InputError, match="no article text"):
        read_articles(_write(tmp_path, "gallery.html", page))
    assert network_attempts == []


# --- .csv -----------------------------------------------------------------------------------------

def test_csv_one_article_per_row_with_metadata_columns(tmp_path: Path) -> None:
    csv_text = ('id,Title,text,source,url,date,language,topic,empty\r\n'
                '7,First,"Line one.\r\nLine two, with a comma and ""quotes"".",Nasha Niva,https://nn.by/1,2025-01-02,be,sanctions,\r\n'
                '8, Second ,  Leading and trailing spaces stay.  ,,,,,,\r\n')
    first, second = read_articles(_write(tmp_path, "articles.csv", csv_text))
    assert first.text == 'Line one.\nLine two, with a comma and "quotes".'
    assert (first.title, first.outlet, first.url, first.date, first.language) == ("First", "Nasha Niva", "https://nn.by/1", "2025-01-02", "be")
    assert first.meta == {"source_file": "articles.csv", "encoding": "utf-8", "source_line": 2, "id": "7", "topic": "sanctions"}
    assert second.text == "  Leading and trailing spaces stay.  "
    assert (second.title, second.outlet) == ("Second", None)
    assert second.meta["source_line"] == 4  # the first record spans lines 2-3


def test_csv_outlet_column_wins_over_source(tmp_path: Path) -> None:
    [doc] = read_articles(_write(tmp_path, "a.csv", "text;outlet;source\nBody.;Zerkalo;scraper-3\n"))
    assert doc.outlet == "Zerkalo" and doc.meta["source"] == "scraper-3"


def test_csv_in_cp1251_with_an_unnamed_index_column(tmp_path: Path) -> None:
    data = (",text,title\n0,\"" + BELARUSIAN + "\",Мінск\n").encode("cp1251")
    [doc] = read_articles(_write(tmp_path, "a.csv", data))
    assert (doc.text, doc.title, doc.meta["column_1"], doc.meta["encoding"]) == (BELARUSIAN, "Мінск", "0", "cp1251")


def test_csv_takes_articles_longer_than_the_csv_module_default(tmp_path: Path) -> None:
    long_text = "Минск. " * 40_000
    [doc] = read_articles(_write(tmp_path, "a.csv", f'text\n"{long_text}"\n'))
    assert doc.text == long_text


def test_csv_rows_are_trimmed_one_by_one(tmp_path: Path) -> None:
    body = "This sentence belongs to the article body itself."
    [doc] = read_articles(_write(tmp_path, "a.csv", f'text\n"Advertisement\n{body}\nRelated Stories\nOther"\n'),
                          trim_boilerplate=True)
    assert doc.text == body + "\n"
    assert doc.meta["boilerplate_trimmed"]["removed_chars"] == len("Advertisement\nRelated Stories\nOther")


@pytest.mark.parametrize(("csv_text", "line", "reason"), [
    ("title,body\nA,B\n", 1, "no 'text' column"),
    ("text,Text\nA,B\n", 1, "more than once"),
    ("text,source_file\nA,B\n", 1, "reserved"),
    ('text,title\n"multi\nline",ok\nonly one field\nfine,ok\n', 4, "1 fields where the header has 2"),
    ("text,title\nA,B,C\n", 2, "3 fields"),
    ("text,title\n ,B\n", 2, "empty"),
    ('text,title\n"unclosed,B\n', 2, "not valid CSV"),
])
def test_bad_csv_fails_the_whole_file_with_a_line(tmp_path: Path, csv_text: str, line: int, reason: str) -> None:
    path = _write(tmp_path, "bad.csv", csv_text)
    with pytest.raises(InputError, match=reason) as info:
        read_articles(path)
    assert (info.value.path, info.value.line) == (str(path), line)
    assert str(path) in str(info.value)


def test_several_bad_csv_rows_are_listed_together(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_articles(_write(tmp_path, "bad.csv", "text,title\nok,1\nbad\n,3\nok,4\n"))
    assert "line 3: 1 fields" in info.value.reason and "line 4: the text is empty" in info.value.reason


@pytest.mark.parametrize("csv_text", ["", "text,title\n"])
def test_csv_without_rows_is_an_input_error(tmp_path: Path, csv_text: str) -> None:
    with pytest.raises(InputError):
        read_articles(_write(tmp_path, "a.csv", csv_text))


# --- files and folders ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["notes.docx", "records.jsonl", "README"])
def test_other_files_are_refused_by_read_articles(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="cannot import"):
        read_articles(_write(tmp_path, name, "text"))


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_articles(tmp_path / "gone.txt")


def test_folders_expand_recursively_sorted_without_hidden_or_unsupported_files(tmp_path: Path) -> None:
    for name in ["b.txt", "a.HTML", "c.csv", "d.jsonl", "e.pdf", ".hidden.txt", "sub/z.htm", "sub/a.txt",
                 ".git/x.txt", "sub/.cache/y.txt", "sub/deeper/k.txt"]:
        path = tmp_path / "corpus" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    explicit = _write(tmp_path, "extra.pdf", "x")
    found = iter_article_files([tmp_path / "corpus", explicit, tmp_path / "corpus" / "b.txt", tmp_path / "missing.txt"])
    names = [str(p.relative_to(tmp_path)) for p in found]
    assert names == ["corpus/a.HTML", "corpus/b.txt", "corpus/c.csv", "corpus/d.jsonl", "corpus/sub/a.txt",
                     "corpus/sub/z.htm", "corpus/sub/deeper/k.txt", "extra.pdf", "missing.txt"]


def test_reading_txt_and_csv_does_not_load_trafilatura(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "Some text.")
    _write(tmp_path, "b.csv", "text\nSome text.\n")
    script = ("import sys; from pathlib import Path; from annotator.io.articles import read_articles; "
              f"[read_articles(p) for p in Path({str(tmp_path)!r}).iterdir()]; "
              "assert 'trafilatura' not in sys.modules, 'trafilatura was imported'")
    subprocess.run([sys.executable, "-c", script], check=True)


@settings(max_examples=60, deadline=None)
@given(st.text().filter(lambda t: t.strip() and "\x00" not in t), st.sampled_from(["utf-8", "utf-16"]))
def test_any_csv_cell_round_trips_modulo_newlines(text: str, encoding: str) -> None:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["id", "text"], ["1", text]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "a.csv")
        path.write_bytes(buffer.getvalue().encode(encoding))  # Python's utf-16 codec writes a byte-order mark
        [doc] = read_articles(path)
    assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")
