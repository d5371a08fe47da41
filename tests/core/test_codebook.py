"""The default codebook and its rules."""

import pytest

from annotator.core.codebook import (
    Codebook,
    Label,
    codebook_from_dict,
    default_codebook_path,
    load_codebook,
    validate,
)
from annotator.core.errors import InputError


def test_default_codebook_has_the_agreed_labels_and_options():
    book = load_codebook(default_codebook_path())
    assert [(x.name, x.key) for x in book.span_labels] == [("pro-engagement", "1"), ("pro-isolation", "2"), ("ambivalent", "3")]
    assert [x.name for x in book.stance_options] == ["pro-engagement", "pro-isolation", "ambivalent", "no-stance"]
    assert [a.name for a in book.attributes] == ["holder"]
    for label in book.span_labels:
        assert label.definition and label.include and label.exclude and len(label.examples) >= 2
    assert validate(book) == []


def test_demo_examples_are_quoted_from_the_corpus():
    """Every example quote (the part before its '(source)' note) occurs in the demo articles."""
    corpus = " ".join(p.read_text(encoding="utf-8") for p in default_codebook_path().parent.glob("demo/*.txt"))
    for label in load_codebook(default_codebook_path()).span_labels:
        for example in label.examples:
            quote = example.rsplit(" (", 1)[0]
            assert quote in corpus, quote


@pytest.mark.parametrize("key", ["F1", "Delete", "D", "N", "Escape"])
def test_command_keys_are_refused(key):
    book = Codebook(span_labels=(Label("a", key=key),))
    assert any("command key" in p for p in validate(book))


def test_clashing_keys_and_bad_colours_are_reported():
    book = Codebook(span_labels=(Label("a", key="1"), Label("b", key="1", colour="red")))
    problems = validate(book)
    assert any("already bound" in p for p in problems) and any("#rrggbb" in p for p in problems)


def test_ordered_scale_needs_values():
    with pytest.raises(InputError, match="no value"):
        codebook_from_dict({"stance": {"scale": "ordinal", "options": [{"name": "a", "value": 1}, {"name": "b"}]}})
