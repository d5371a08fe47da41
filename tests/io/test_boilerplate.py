"""Boilerplate trimming: the sample articles keep their body and lose the web page around it."""

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.types import content_hash
from annotator.io.boilerplate import AFTER_BODY, BEFORE_BODY, classify_line, trim_boilerplate

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
JOURNAL = "000_930e5b2224e201f2.txt"
GUARDIAN = "001_1dcc0197d90df6f0.txt"
PARLIAMENT = "003_5641a4217a450233.txt"

# Passages a coder would mark (shared/corpus/README.md) and lines that open and close each body.
KEPT = {
    JOURNAL: [
        "How Europe's last dictator figures in the thawing of US-Russian relations",
        "The authoritarian Belarusian leader was sworn in this week to begin his seventh term",
        "“Trump’s team automatically considers everything Biden did to be wrong",
        "New image\nThis approach isn’t entirely new.",
        "Sasha Romanova is a Belarusian journalist now living in Ireland.",
    ],
    GUARDIAN: [
        "‘His drug is power’: Lukashenko reaches out to the west",
        "At the presidential palace in Minsk, Europe’s longest-serving leader smiled broadly",
        "“Maximum pressure has not worked,” one EU diplomat said.",
        "“Rapprochement with Lukashenko has its limits – he knows how to play this game inside out.”",
    ],
    PARLIAMENT: [
        "In a quiet but consequential shift, Belarusian strongman Alexander Lukashenko",
        "the EU must continue isolating “a regime that for four years already has helped Russia "
        "prosecute its war of aggression against Ukraine.”",
        "the EU’s refusal to engage with Minsk risks strategic short-sightedness",
        "“Let’s call it good cop, bad cop,” said Franak Viačorka",
        "“We advise them to continue,” Viačorka told The Parliament",
    ],
}
CUT = {
    JOURNAL: [
        "Support from readers like you keeps The Journal open.",
        "please contribute what you can",
        "Press Service via AP",
        "AP Photo",
        "\nAdvertisement\n",
        "Screenshot from Mario Nawfal's interview",
        "Readers like you are keeping these stories free for everyone",
        "Government to go into preparation overdrive",  # a "related stories" headline
        "2 hrs ago",
        "Your Cookies. Your Choice.",
        "partners can use this purpose",
        "have your say",
    ],
    GUARDIAN: [
        "Get all your news in one place.",
        "Photograph: Sergei Guneyev/AP",
        "Sign up to read this article",
        "Already a member? Sign in here",
        "Related Stories",
        "Download the app",
    ],
    PARLIAMENT: [
        "Sign up to The Parliament's weekly newsletter",
        "Subscribe for free here.",
    ],
}


def _demo(name: str) -> str:
    return (DEMO / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(KEPT))
def test_sample_bodies_survive_and_boilerplate_goes(name: str) -> None:
    trimmed = trim_boilerplate(_demo(name))
    for passage in KEPT[name]:
        assert passage in trimmed.text
    for boilerplate in CUT[name]:
        assert boilerplate not in trimmed.text


@pytest.mark.parametrize("name", sorted(KEPT))
def test_cuts_account_for_every_removed_character(name: str) -> None:
    text = _demo(name)
    trimmed = trim_boilerplate(text)
    rebuilt, position = [], 0
    for start, end, reason in trimmed.removed:
        assert position <= start < end <= len(text) and reason
        rebuilt.append(text[position:start])
        position = end
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == trimmed.text
    record = trimmed.record()
    assert record["removed_chars"] == len(text) - len(trimmed.text)
    assert record["original_sha256"] == content_hash(text)
    assert record["removed"] == [list(cut) for cut in trimmed.removed]


def test_kept_lines_are_whole_lines_of_the_original() -> None:
    text = _demo(GUARDIAN)
    original_lines = set(text.split("\n"))
    assert all(line in original_lines for line in trim_boilerplate(text).text.split("\n"))


def test_reasons_name_what_was_cut() -> None:
    trimmed = trim_boilerplate(_demo(JOURNAL))
    reasons = [cut.reason for cut in trimmed.removed]
    assert reasons[0] == f"{BEFORE_BODY} (subscription appeal, image caption or photo credit)"
    assert reasons[-1].startswith(AFTER_BODY) and "cookie notice" in reasons[-1]
    assert "advertisement marker" in reasons and "image caption or photo credit" in reasons
    cut = trimmed.removed[reasons.index("advertisement marker")]
    assert _demo(JOURNAL)[cut.start:cut.end] == "Advertisement\n"


def test_a_mid_article_newsletter_plug_does_not_cut_the_article_in_two() -> None:
    first = "".join(f"Paragraph {i} of the first half says something about Minsk.\n\n" for i in range(4))
    second = "".join(f"Paragraph {i} of the second half says something about Brussels.\n\n" for i in range(3))
    plug = "Sign up to our Europe newsletter\n\n"
    trimmed = trim_boilerplate(first + plug + second + "Related Stories\nSome other headline\n")
    assert trimmed.text == first + second.rstrip("\n") + "\n"


def test_a_short_stretch_between_appeals_is_not_body() -> None:
    text = ("Support from readers like you keeps us going.\nWe need you. It is that simple, really.\n"
            "Support independent journalism today.\n" + "A sentence of the article body is here.\n" * 5)
    assert trim_boilerplate(text).text == "A sentence of the article body is here.\n" * 5


def test_blank_lines_around_a_cut_are_not_left_doubled_or_dangling() -> None:
    body = "First paragraph of the article is here.\n\nSecond paragraph of the article is here.\n"
    text = "\n\nDownload the app\n\n" + body.replace("\n\nSecond", "\n\nAdvertisement\n\nSecond") + "\n\nhave your say\n\n"
    assert trim_boilerplate(text).text == body


def test_text_without_boilerplate_is_untouched() -> None:
    text = "\n  A headline\n\nA body with  double spaces,\ttabs and a trailing line.\n\n\n"
    trimmed = trim_boilerplate(text)
    assert (trimmed.text, trimmed.removed) == (text, [])


def test_nothing_left_when_all_is_boilerplate() -> None:
    trimmed = trim_boilerplate("Advertisement\nSign up to read this article\n")
    assert trimmed.text == ""
    assert trimmed.record()["removed_chars"] == len("Advertisement\nSign up to read this article\n")


@pytest.mark.parametrize("line", [
    "Nuland handed out cookies to protesters on the Maidan.",   # cookies, but no consent notice
    "The opposition newsletter reported the arrests.",
    "He told Reuters the talks would continue.",
    "Photographers were not allowed into the courtroom.",
    "Share prices in Minsk fell sharply.",
    "New image",
    "Opinion",
])
def test_article_lines_are_not_boilerplate(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize(("line", "reason"), [
    ("Support from readers like you keeps The Journal open.", "subscription appeal"),
    ("Sign up to The Parliament's weekly newsletter", "newsletter sign-up"),
    ("Sign up for the First Edition newsletter", "newsletter sign-up"),
    ("We use cookies to improve your experience on our website. Accept all", "cookie notice"),
    ("Related Stories", "related stories"),
    ("ADVERTISEMENT", "advertisement marker"),
    ("Lukashenko in Minsk. Photo: Reuters", "image caption or photo credit"),
    ("Share on Facebook Twitter WhatsApp", "share buttons"),
    ("Read more: EU extends sanctions on Belarus", "related-story link"),
])
def test_boilerplate_lines_are_recognised(line: str, reason: str) -> None:
    flagged = classify_line(line)
    assert flagged is not None and flagged[0] == reason


_PIECES = ["Advertisement", "Body sentence one is here for you.", "Related Stories", "\n", " ", "x", "Photo: AP", "é", "👍"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_trimmed_text_is_the_original_minus_the_cuts(text: str) -> None:
    trimmed = trim_boilerplate(text)
    pieces, position = [], 0
    for cut in trimmed.removed:
        assert position <= cut.start < cut.end <= len(text)
        pieces.append(text[position:cut.start])
        position = cut.end
    assert "".join(pieces) + text[position:] == trimmed.text
