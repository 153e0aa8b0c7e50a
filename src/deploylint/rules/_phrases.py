"""The phrase matcher behind the pack's ``vocabulary:`` (the DL5xx rules' step names).

A concept is named by a text when the text is not negated, names none of the concept's
``unless`` phrases (acts that are not the concept: restore, レビュー, check …), and either
contains one of its ``any`` phrases or, for each group of ``all``, one phrase of that group,
in any order (an object: DB, RDS …; an act: snapshot, バックアップ …).

Matching ignores case, width, spaces and punctuation. A phrase that starts or ends with a
Latin letter or digit matches whole words at that end (``no`` is not in ``node``); a plural
``s``/``es`` after it still matches, a trailing ``*`` matches any word ending
(``migrat*``) and a leading one any word start (``*cpu*`` in ``HighCPUAlarm``). Japanese
phrases match anywhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from deploylint.i18n import _
from deploylint.rules._negation import clauses

NEGATION = "negation"  # the vocabulary entry that is not a concept: phrases that negate a text

_SEPARATORS = re.compile(r"[\s\-_.,、。・:：;；/\\|()（）「」『』\[\]【】{}<>'\"`!?！？~]+")


class VocabularyError(ValueError):
    """A ``vocabulary:`` entry that cannot be used; the message names the entry."""


def _word(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True)
class Text:
    """A text in matching form: no separators, and where each removed separator was."""

    compact: str
    bounds: frozenset[int]  # indexes of ``compact`` that a separator preceded


@lru_cache(maxsize=8192)
def prepare(text: str) -> Text:
    norm = unicodedata.normalize("NFKC", text).casefold()
    compact: list[str] = []
    bounds: set[int] = set()
    size = 0
    for part in _SEPARATORS.split(norm):
        if not part:
            continue
        if size:
            bounds.add(size)
        compact.append(part)
        size += len(part)
    return Text("".join(compact), frozenset(bounds))


def _compact(text: str) -> str:
    """``prepare(text).compact`` without the separators' places (a pack's phrase needs
    none: the guide's 761 phrases are made at each start)."""
    return "".join(_SEPARATORS.split(unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True)
class Phrase:
    text: str  # as written in the pack
    body: str  # compact form
    word_start: bool
    word_end: bool  # False for a trailing ``*`` or a non-Latin last character

    @classmethod
    def of(cls, text: str) -> Phrase:
        stripped = text.strip()
        prefix, suffix = stripped.endswith("*"), stripped.startswith("*")
        body = _compact(stripped.strip("*"))
        return cls(text, body, not suffix and _word(body[:1]), not prefix and _word(body[-1:]))

    def within(self, text: Text) -> bool:
        s, body, n = text.compact, self.body, len(text.compact)
        i = s.find(body)
        while i >= 0:
            j = i + len(body)
            start_ok = not self.word_start or i == 0 or i in text.bounds or not _word(s[i - 1])
            if start_ok and (not self.word_end or _ends_word(s, j, text.bounds, n)):
                return True
            i = s.find(body, i + 1)
        return False


def _ends_word(s: str, j: int, bounds: frozenset[int], n: int) -> bool:
    """Whether a word may end at ``j``: nothing Latin follows, save a plural s/es."""
    for k in (j, j + 1, j + 2):
        if k == n or k in bounds or not _word(s[k]):
            return k == j or s[j:k] in ("s", "es")
    return False


@dataclass(frozen=True)
class Concept:
    any: tuple[Phrase, ...] = ()
    all: tuple[tuple[Phrase, ...], ...] = ()
    unless: tuple[Phrase, ...] = ()

    @cached_property
    def naming_bodies(self) -> frozenset[str]:
        """The compact forms of the phrases that can name the concept (`any`, `all`)."""
        return frozenset(p.body for p in (*self.any, *(p for g in self.all for p in g)))

    def named_by(self, text: Text) -> bool:
        if any(p.within(text) for p in self.unless):
            return False
        if any(p.within(text) for p in self.any):
            return True
        return bool(self.all) and all(any(p.within(text) for p in g) for g in self.all)

    def examples(self) -> str:
        """How the concept is written, for messages: a phrase or one phrase per group."""
        groups = ""
        if self.all:
            shown = [" / ".join(repr(p.text) for p in g[:2]) for g in self.all]
            groups = _("a phrase with {groups}").format(groups=_(" and ").join(shown))
        if not self.any:
            return groups
        phrases = [p.text for p in self.any]
        picked = [*phrases[:1], *[p for p in phrases[1:] if p.isascii()][:1]]
        found = _("e.g. {phrases}").format(phrases=", ".join(repr(p) for p in picked))
        return (
            _("{examples}, or {groups}").format(examples=found, groups=groups) if groups else found
        )


@dataclass(frozen=True)
class Vocabulary:
    concepts: dict[str, Concept]
    negation: tuple[Phrase, ...] = ()

    def names(self, text: str) -> frozenset[str]:
        """The concepts ``text`` names in what it does not negate (:mod:`._negation`: by
        form; a clause holding one of the ``negation`` phrases is negated too)."""
        kept = [
            affirms
            for clause, affirms in clauses(text)
            if affirms and not any(p.within(prepare(clause)) for p in self.negation)
        ]
        if not kept:
            return frozenset()
        prepared = prepare(" | ".join(kept))
        # a concept none of whose `any` or `all` phrases occurs in the text at all cannot
        # be named by it: one pass over the pack's phrases finds those that occur, and only
        # their concepts are matched phrase by phrase (a check's step names name few)
        present = frozenset(b for b in self._bodies if b in prepared.compact)
        return frozenset(
            k
            for k, c in self.concepts.items()
            if not c.naming_bodies.isdisjoint(present) and c.named_by(prepared)
        )

    @cached_property
    def _bodies(self) -> frozenset[str]:
        return frozenset(b for c in self.concepts.values() for b in c.naming_bodies)


def _phrases(where: str, value: Any) -> tuple[Phrase, ...]:
    if not isinstance(value, list) or not value:
        raise VocabularyError(f"{where}: expected a non-empty list of phrases")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            raise VocabularyError(f"{where}[{i}]: expected a phrase (text), found {item!r}")
        phrase = Phrase.of(str(item))
        if not phrase.body:
            raise VocabularyError(f"{where}[{i}]: {item!r} has no letters to match")
        out.append(phrase)
    return tuple(out)


_KEYS = ("any", "all", "unless")


def parse_vocabulary(raw: Any) -> Vocabulary:
    """Validate the pack's ``vocabulary:``: per concept a list of phrases (any of which names
    it) or a mapping of ``any``, ``all`` (a list of groups), ``unless``; and ``negation``."""
    if raw is None:
        return Vocabulary({})
    if not isinstance(raw, dict):
        raise VocabularyError("vocabulary: expected a mapping of concept -> phrases")
    concepts: dict[str, Concept] = {}
    negation: tuple[Phrase, ...] = ()
    for name, spec in raw.items():
        where = f"vocabulary.{name}"
        if name == NEGATION:
            negation = _phrases(where, spec)
            continue
        if isinstance(spec, list):
            concepts[str(name)] = Concept(any=_phrases(where, spec))
            continue
        if not isinstance(spec, dict):
            raise VocabularyError(
                f"{where}: expected a list of phrases or a mapping with any, all, unless"
            )
        unknown = [k for k in spec if k not in _KEYS]
        if unknown:
            raise VocabularyError(
                f"{where}: unknown key {unknown[0]!r}; expected any, all or unless"
            )
        if not spec.get("any") and not spec.get("all"):
            raise VocabularyError(f"{where}: needs `any` (phrases) or `all` (groups of phrases)")
        groups = spec.get("all") or []
        if not isinstance(groups, list):
            raise VocabularyError(f"{where}.all: expected a list of groups (lists of phrases)")
        concepts[str(name)] = Concept(
            any=_phrases(f"{where}.any", spec["any"]) if spec.get("any") else (),
            all=tuple(_phrases(f"{where}.all[{i}]", g) for i, g in enumerate(groups)),
            unless=_phrases(f"{where}.unless", spec["unless"]) if "unless" in spec else (),
        )
    return Vocabulary(concepts, negation)
