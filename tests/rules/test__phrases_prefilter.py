"""Vocabulary.names matches only the concepts whose phrases occur in the text (one pass over
the pack's phrases first): it names exactly what matching every concept phrase by phrase
names, on the guide's vocabulary, for texts made of its phrases, their neighbours and
negations, in both languages."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deploylint.rules._negation import clauses
from deploylint.rules._phrases import Vocabulary, _compact, prepare
from deploylint.rules.policy import load_policy

VOCABULARY = load_policy(None).vocabulary
PHRASES = sorted(
    {p.text.strip("*") for c in VOCABULARY.concepts.values() for p in (*c.any, *c.unless)}
    | {p.text.strip("*") for c in VOCABULARY.concepts.values() for g in c.all for p in g}
    | {p.text.strip("*") for p in VOCABULARY.negation}
)
WORDS = [*PHRASES, "the", "DB", "後", "前", "not", "しない", "s", "es", "-", " ", "、", "node"]


def plain(vocabulary: Vocabulary, text: str) -> frozenset[str]:
    """Every concept matched phrase by phrase (the matcher without its first pass)."""
    kept = [
        affirms
        for clause, affirms in clauses(text)
        if affirms and not any(p.within(prepare(clause)) for p in vocabulary.negation)
    ]
    if not kept:
        return frozenset()
    prepared = prepare(" | ".join(kept))
    return frozenset(k for k, c in vocabulary.concepts.items() if c.named_by(prepared))


def test_the_guide_vocabulary_has_phrases_to_combine() -> None:
    assert len(VOCABULARY.concepts) > 5 and len(PHRASES) > 50


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=6), st.sampled_from(["", " ", "の"]))
def test_names_are_those_of_matching_every_concept(words: list[str], glue: str) -> None:
    text = glue.join(words)
    assert VOCABULARY.names(text) == plain(VOCABULARY, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=5))
def test_a_phrase_is_compacted_as_a_text_is(words: list[str]) -> None:
    text = "*".join(words)
    assert _compact(text) == prepare(text).compact


def test_each_phrase_alone_names_what_it_named() -> None:
    named = 0
    for phrase in PHRASES:
        found = VOCABULARY.names(phrase)
        assert found == plain(VOCABULARY, phrase), phrase
        named += bool(found)
    assert named > len(PHRASES) // 3  # the comparison is not between empty sets
