"""Decoding article bytes: byte-order marks, strict UTF-8, legacy code pages, newlines, bad input."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.errors import InputError
from annotator.io.decode import decode_bytes, implausible_words

BELARUSIAN = "Лукашэнка сустрэўся з амбасадарам ЗША ў Мінску. «Беларусь» — не Расія, сказаў ён."
RUSSIAN = "Президент Беларуси встретился с послом США."
WESTERN = "“Maximum pressure has not worked,” one EU diplomat said – café naïve résumé, Größe."


@pytest.mark.parametrize(("bom", "encoding"), [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_byte_order_mark_selects_the_encoding_and_is_removed(bom: bytes, encoding: str) -> None:
    text = BELARUSIAN + " 👍🏽 e\u0301"
    decoded = decode_bytes(bom + text.encode(encoding), path="a.txt")
    assert decoded.text == text
    assert decoded.encoding == encoding
    assert any("byte-order mark" in note for note in decoded.notes)


def test_a_feff_inside_the_text_is_kept() -> None:
    text = "before\ufeffafter"
    assert decode_bytes(codecs.BOM_UTF8 + text.encode(), path="a.txt").text == text


def test_strict_utf8_without_mark() -> None:
    text = BELARUSIAN + "\n" + WESTERN + " 👨‍👩‍👧"
    decoded = decode_bytes(text.encode("utf-8"), path="a.txt")
    assert (decoded.text, decoded.encoding, decoded.notes) == (text, "utf-8", ())


@pytest.mark.parametrize("text", [
    BELARUSIAN,
    RUSSIAN,
    "Лукашенко",          # one short word: a free guess calls this Shift-JIS
    "Привет, мир!",
    "Мінск",
    "ЛУКАШЕНКО",
    "«Беларусь» — №1",
])
def test_cp1251(text: str) -> None:
    decoded = decode_bytes(text.encode("cp1251"), path="ru.txt")
    assert decoded.text == text
    assert decoded.encoding == "cp1251"
    assert decoded.notes == ("not UTF-8; decoded as cp1251 (detected)",)


@pytest.mark.parametrize("text", [
    WESTERN,
    "He said “no” – and left.",   # only quotes and dash: cp1251 reads these bytes the same way
    "café",
    "naïve résumé — déjà vu",
    "Ça va? Très bien.",
    "Señor Núñez",
])
def test_cp1252_with_curly_quotes_and_accents(text: str) -> None:
    assert decode_bytes(text.encode("cp1252"), path="en.txt").text == text


@pytest.mark.parametrize("text", [RUSSIAN, "Привет, мир!", "Лукашенко", "Минск"])
def test_koi8_r(text: str) -> None:
    decoded = decode_bytes(text.encode("koi8_r"), path="koi.txt")
    assert (decoded.text, decoded.encoding) == (text, "koi8_r")


def test_a_long_text_in_another_code_page_uses_the_free_guess() -> None:
    text = "Łukaszenka spotkał się z ambasadorem. Białoruś jest krajem w Europie Wschodniej, a jej stolicą jest Mińsk."
    assert decode_bytes(text.encode("cp1250"), path="pl.txt").text == text


def test_declared_encoding_is_tried_before_detection() -> None:
    # "€5" alone is ambiguous (cp1251 reads it as "Ђ5"); a page's <meta charset> settles it
    assert decode_bytes("€5".encode("cp1252"), path="a.html", declared_encoding="windows-1252").text == "€5"
    assert decode_bytes(RUSSIAN.encode("cp1251"), path="a.html", declared_encoding="no-such-codec").text == RUSSIAN


@pytest.mark.parametrize(("raw", "expected"), [
    (b"a\r\nb\r\n", "a\nb\n"),
    (b"a\rb\r", "a\nb\n"),
    (b"a\r\n\r\nb\rc\n", "a\n\nb\nc\n"),
])
def test_crlf_and_cr_become_lf(raw: bytes, expected: str) -> None:
    decoded = decode_bytes(raw, path="a.txt")
    assert decoded.text == expected
    assert any("line ends" in note for note in decoded.notes)


def test_crlf_in_utf16_and_cp1251() -> None:
    assert decode_bytes(codecs.BOM_UTF16_LE + "а\r\nб".encode("utf-16-le"), path="a.txt").text == "а\nб"
    assert decode_bytes("Минск\r\nБеларусь\r\n".encode("cp1251"), path="a.txt").text == "Минск\nБеларусь\n"


def test_white_space_is_kept() -> None:
    text = "  leading\tand\u00a0inner  double  and trailing  \n\n"
    assert decode_bytes(text.encode(), path="a.txt").text == text


def test_no_unicode_normalisation() -> None:
    decomposed = "e\u0301 Ё\u0308"  # NFC would compose these
    assert decode_bytes(decomposed.encode(), path="a.txt").text == decomposed


@pytest.mark.parametrize(("raw", "reason"), [
    (b"", "empty"),
    (b"  \n\r\n\t", "white space"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "NUL"),
    ("plain text".encode("utf-16-le"), "NUL"),           # UTF-16 without a mark
    (codecs.BOM_UTF8 + b"bin\x00ary", "NUL"),    # a NUL character after a valid mark
    (codecs.BOM_UTF16_LE + b"\x00\xd8", "byte-order mark"),  # a lone surrogate
])
def test_bad_input_is_an_input_error_with_path_and_hint(raw: bytes, reason: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(raw, path="folder/bad.txt")
    assert info.value.path == "folder/bad.txt"
    assert reason in info.value.reason
    assert info.value.hint


def test_implausible_words_counts_mixed_scripts_symbols_and_case() -> None:
    # ASCII words read the same in every candidate encoding, so they never count ("iPhone")
    assert implausible_words("Мінск café №1 iPhone") == 0
    assert implausible_words("cafй spotka³ пРЕЗИДЕНТ ok") == 3


@given(st.text())
def test_utf8_round_trips_modulo_newlines(text: str) -> None:
    # A leading U+FEFF in UTF-8 is the byte-order mark: it cannot be told apart, and goes.
    expected = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not expected.strip() or "\x00" in text:
        with pytest.raises(InputError):
            decode_bytes(text.encode("utf-8"), path="p.txt")
        return
    assert decode_bytes(text.encode("utf-8"), path="p.txt").text == expected


@given(st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t),
       st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-8"]))
def test_marked_unicode_round_trips_modulo_newlines(text: str, encoding: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-8": codecs.BOM_UTF8}[encoding]
    decoded = decode_bytes(bom + text.encode(encoding), path="p.txt")
    assert decoded.text == text.replace("\r\n", "\n").replace("\r", "\n")
