"""Boilerplate trimming on hand-made pages: each rule's reason, and the article never cut for a sidebar."""

from pathlib import Path

import pytest

from annotator.io.boilerplate import (
    AFTER_BODY,
    BEFORE_BODY,
    COMMENTS_REASON,
    classify_line,
    trim_boilerplate,
)

# The sample articles as they came, before the demo copies in resources/demo were tidied by hand.
RAW = Path(__file__).parent / "data" / "pasted"

ARTICLE = "".join(
    f"Paragraph {i} of the article reports what the minister said about the sanctions on Minsk today.\n"
    for i in range(6))
HEADLINE = "Lukashenko reaches out to the west as sanctions bite\n"
MENU = "".join(f"{item}\n" for item in ("Home", "World", "Politics", "Business", "Culture", "Sport", "Opinion"))
# Headline links of a sidebar: long, some ending in ")" or "!" like sentences, few function words.
SIDEBAR = ("Popular Posts\n" + "".join(f"{title}\n" for title in (
    "Trump Lukashenko Summit Rumours Denied By Kremlin Spokesman (Video)",
    "Minsk Potash Exports Surge Despite European Union Sanctions Package (Updated)",
    "Belarus Opposition Leader Tsikhanouskaya Meets German Chancellor In Berlin!",
    "Ten Photos From Minsk Independence Day Parade 2025 (Gallery)",
    "Polish Border Closure Hits Chinese Freight Trains Through Belarus (Analysis)")))


def _kept_and_reasons(text: str) -> tuple[str, list[str]]:
    trimmed = trim_boilerplate(text)
    return trimmed.text, [cut.reason for cut in trimmed.removed]


@pytest.mark.parametrize(("line", "reason"), [
    ("Read more", "teaser link"),
    ("weiterlesen 5 Minuten", "teaser link"),
    ("Tags: Belarus, sanctions, EU", "tags, share or author box"),
    ("Share this article", "tags, share or author box"),
    ("« Previous post", "tags, share or author box"),
    ("About the author", "tags, share or author box"),
    ("© 2025 Guardian News & Media Limited. All rights reserved.", "copyright or legal notice"),
    ("36 Comments", "comments section"),
    ("Comments (35)", "comments section"),
    ("Leave a Reply", "comments section"),
    ("Anna 19. Juni 2018 um 15:28 Uhr - Antworten", "comment"),
    ("Ben says:", "comment"),
    ("You might also like", "related stories"),
    ("Most Popular", "related stories"),
    ("Alexander Lukashenko has ruled Belarus since 1994. Photograph: Sergei Guneyev/AP", "image caption or photo credit"),
    ("Lukashenko at a rally in Minsk. EPA", "image caption or photo credit"),
    ("Please consider supporting our newsroom with a monthly payment.", "subscription appeal"),
    ("Guter Journalismus kostet Geld.", "subscription appeal"),
    ("We and our 161 partners store and access personal data.", "cookie notice"),
    ("4 Min Read", "related-story link"),
])
def test_each_rule_names_its_reason(line: str, reason: str) -> None:
    flagged = classify_line(line)
    assert flagged is not None and flagged[0] == reason


@pytest.mark.parametrize("line", [
    "The comments of the minister were not reported.",  # "comments" inside prose
    "Reply from Brussels came within hours, officials said.",
    "He told the court that the picture was taken in 2020 by an AP photographer in Minsk during the protests.",
    "Tags were attached to every parcel at the border.",
])
def test_prose_that_mentions_rule_words_is_not_boilerplate(line: str) -> None:
    assert classify_line(line) is None


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_sidebar_of_headline_links_never_takes_the_article_s_place(where: str) -> None:
    text = MENU + (SIDEBAR + HEADLINE + ARTICLE if where == "before" else HEADLINE + ARTICLE + SIDEBAR)
    kept, _ = _kept_and_reasons(text)
    assert HEADLINE + ARTICLE in kept
    assert "Popular Posts" not in kept and "Potash Exports" not in kept and "Politics" not in kept


def test_a_sidebar_with_more_prose_than_a_short_article_does_not_win() -> None:
    sidebar = "Editor's picks\n" + "".join(
        f"Story {i}: the long summary of another story about the region is written here.\n" for i in range(3))
    short_article = "".join(f"Paragraph {i} of a short report says the talks in Minsk went on.\n" for i in range(4))
    kept, _ = _kept_and_reasons(MENU + HEADLINE + short_article + "Share this article\n" + sidebar)
    assert HEADLINE + short_article in kept


def test_reader_comments_after_the_article_are_cut_but_a_comment_count_in_the_byline_is_no_boundary() -> None:
    comments = "".join(f"Reader{i} 19. Juni 2018 um 15:{10 + i} Uhr - Antworten\n"
                       f"I think the author is wrong about the sanctions and the talks, and here is why it matters.\n"
                       for i in range(8))
    text = MENU + HEADLINE + "By Anna Novak\n54 Comments\n" + ARTICLE + "36 Comments\n" + comments
    kept, reasons = _kept_and_reasons(text)
    assert HEADLINE in kept and ARTICLE in kept and "Reader" not in kept and "author is wrong" not in kept
    assert any(reason.startswith(f"{AFTER_BODY}: {COMMENTS_REASON}") for reason in reasons)


def test_the_next_article_of_an_endless_page_is_cut() -> None:
    teasers = "".join(f"Neue Rechte\nAnother headline number {i}\nA summary of that story is cut off mid…\n"
                      f"weiterlesen 5 Minuten\n" for i in range(4))
    second = "".join(f"Sentence {i} of the next article, which the reader did not paste for this one.\n"
                     for i in range(12))
    kept, _ = _kept_and_reasons(MENU + HEADLINE + ARTICLE + teasers + "von Marcus\n18. June 2019\n" + second)
    assert HEADLINE + ARTICLE in kept and "next article" not in kept


def test_a_mid_article_related_link_and_ad_do_not_cut_the_article() -> None:
    middle = "Related Coverage\nFactbox: Key winners at the awards\nAdvertisement\n"
    kept, reasons = _kept_and_reasons(MENU + HEADLINE + ARTICLE + middle + ARTICLE.replace("Paragraph", "Part"))
    assert ARTICLE in kept and ARTICLE.replace("Paragraph", "Part") in kept
    assert "advertisement marker" in reasons


def test_a_list_at_the_article_s_edge_stays_with_it() -> None:
    ingredients = "Ingredients:\n300 g flour\n1 tsp baking powder\n200 g sugar\nAlmond flakes\n1 egg\nMethod:\n"
    method = "".join(f"Step {i}: mix all the ingredients in a bowl and knead them into a smooth dough.\n"
                     for i in range(5))
    kept, _ = _kept_and_reasons(MENU + "Almond biscuits\n" + ingredients + method + "Leave a comment\nArchive\n")
    assert ingredients + method in kept and "Archive" not in kept


def test_a_signature_after_the_last_paragraph_stays() -> None:
    kept, _ = _kept_and_reasons(MENU + HEADLINE + ARTICLE + "x Franzi\nRelated Posts\nOther story\n")
    assert kept.endswith(ARTICLE + "x Franzi\n")


def test_a_page_without_prose_is_kept_but_for_its_rule_lines() -> None:
    lyrics = "".join(f"line {i} of the song\nla la la {i}\n" for i in range(40))
    text = "Advertisement\n" + lyrics + "Support us: please contribute what you can to keep this site going.\n"
    kept, reasons = _kept_and_reasons(text)
    assert kept == lyrics and set(reasons) == {"advertisement marker", "subscription appeal"}


def test_alt_text_before_a_caption_goes_with_it() -> None:
    photo = "Alexander Lukashenko\nAlexander Lukashenko has ruled Belarus since 1994. Photograph: Sergei Guneyev/AP\n"
    half = ARTICLE.index("Paragraph 3")
    kept, reasons = _kept_and_reasons(MENU + HEADLINE + ARTICLE[:half] + photo + ARTICLE[half:])
    assert "Alexander Lukashenko\n" not in kept and ARTICLE in kept
    assert reasons.count("image caption or photo credit") == 1  # alt line and caption: one cut


def test_raw_sample_articles_lose_outlet_lines_kickers_and_alt_text() -> None:
    guardian = (RAW / "001_1dcc0197d90df6f0.txt").read_text(encoding="utf-8")
    kept, reasons = _kept_and_reasons(guardian)
    assert "The Guardian - UK" not in kept and "World\n" not in kept and "\nAlexander Lukashenko\n" not in kept
    assert kept.startswith("Pjotr Sauer in Minsk\n\n‘His drug is power’: Lukashenko reaches out to the west\n")
    assert kept.rstrip().endswith("he knows how to play this game inside out.”")
    assert reasons[0].startswith(BEFORE_BODY) and "app promotion" in reasons[0]
    journal = (RAW / "000_930e5b2224e201f2.txt").read_text(encoding="utf-8")
    kept, _ = _kept_and_reasons(journal)
    assert kept.startswith("Lukashenko How Europe's last dictator figures in the thawing of US-Russian relations\n")
    assert "Opinion\n" not in kept and "Lukashenko poses with" not in kept
    assert kept.rstrip().endswith("Sasha Romanova is a Belarusian journalist now living in Ireland.")
    parliament = (RAW / "003_5641a4217a450233.txt").read_text(encoding="utf-8")
    kept, _ = _kept_and_reasons(parliament)
    assert kept.startswith("In a quiet but consequential shift") and "Sign up to The Parliament" not in kept
    assert "“We advise them to continue,” Viačorka told The Parliament" in kept
