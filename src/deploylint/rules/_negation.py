"""Negation by form, in Japanese and English: what a step's text does *not* do (DL501-DL504).

A text is cut into clauses (at punctuation and at conjunctions: and, but, then, before,
が, けど, てから ...; a parenthesis stays in its clause: DBスナップショット（なし）). A negation removes what it negates, and the concepts are read from
what is left, so ``Snapshot the database without downtime`` is still a snapshot while
``Deploy without a database snapshot`` is none.

Japanese negates by the verb's form, whatever the verb: the negative auxiliary on a kana
stem (取ら\\ **ない**, 行わ\\ **ない**, 作成し\\ **ません**, 取ら\\ **なかった**), the
classical 〜\\ **ず** / 〜\\ **ずに**, 〜\\ **なし** / **無し** after a noun, and the prefixes
**未**\\ 〜 (未実施, 未取得) and **不**\\ 〜 on a verbal noun (不要, 不実施). A clause-final
form negates its clause; 〜ずに, 〜ないで, 〜なしで, 〜ことなく negate what comes before
them in the clause (取らずに進める: the taking, not the going on). English negates by
words: not, n't, cannot, never, no longer, none, nothing, neither/nor negate their clause;
``without`` and ``no`` negate what follows them in the clause.

What looks negative and is not is read first and set aside: obligations
(取得しなければならない, 〜ないといけない), double negatives (忘れずに, 欠かさず, 漏れなく,
don't forget, without fail), nominalised or conditional clauses inside a positive act
(エラーがないことを確認, 問題ないか確認, 失われないように, ない場合), and words that
only look like forms (必ず, まず, はず, ずつ, わずか, 未満, 不具合, no later than).

Patterns over the script suffice: the negative auxiliary always follows a kana stem, so no
morphological analyser (and no dictionary of 50 MB) is needed. A team adds its own
negating words (見送り, skip*) with the vocabulary's ``negation:`` list: each negates the
clause it is in.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The patterns run on NFKC-normalised, casefolded text (no IGNORECASE: with the kanji
# range, it makes compiling a pattern 20 ms slower).
_KANA = "\u3041-\u3096"  # hiragana
_KANJI = "\u4e00-\u9fff"

# Read as positive before anything else: removed from the text.
_NOT_NEGATIONS = re.compile(
    "|".join(
        (
            # obligations: しなければならない, しないといけない, しなくてはならない
            r"(?:なければ|なくては|なくちゃ|ないと)(?:ならない|なりません|ならず|いけない|いけません|だめ|ダメ)",
            r"ざるを得ない|ざるをえない",
            # double negatives and adverbs that only look negative
            r"忘れずに|忘れず|欠かさずに|欠かさず|漏れなく|もれなく|漏らさず|残らず|抜かりなく"
            r"|滞りなく|問題なく|間違いなく|必ず|ずつ|わずか|いずれ|ずっと",
            r"(?:^|(?<=[^" + _KANA + r"]))まず",  # 'first': まずDBのスナップショット
            r"はず",  # 'should be': 取得済みのはず
            # nominalised and conditional clauses inside another act
            r"(?:ない|なかった|ません)(?=こと(?:を|の|が|も)|か(?:を|の|どうか|確認|チェック|$)"
            r"|よう|場合|限り|とき|時)",
            r"なければ|なくても|ないなら",
            # English
            r"\b(?:do not|don't|don’t|never|not) forget\b|\bwithout fail\b|\bnot only\b"
            r"|\bno (?:later|more|less|sooner) than\b|\bno matter\b|\bnot (?:more|less) than\b",
        )
    ),
)

# Where a clause ends: punctuation, line breaks and conjunctions.
_CLAUSES = re.compile(
    r"[、。,;；.!?！？\n]+"
    r"|\s+(?:and|but|then|so|while|before|after|once|until|because|when|if|unless|except)\s+"
    r"|(?<=[" + _KANA + r"])(?:てから|でから|た後に?|たあとに?|つつ)"
    r"|(?<=[るたすだ])(?:が|けど|けれど(?:も)?)(?=.)"
    r"|(?:(?<=ます|です|ない)|(?<=ません))(?:が|けど|けれど(?:も)?)",
)

# Negate what comes before them in the clause (Japanese adverbial forms).
_BACKWARD = re.compile(
    r"(?<=[" + _KANA + r"])(?:ずに|ないで|ないまま|なくて|ず(?=[^" + _KANA + r"]))"
    r"|(?:なしで|無しで|なしに|抜きで|ことなく|ことなしに)"
)
# Negate the whole clause.
_CLAUSE = re.compile(
    r"(?<=[" + _KANA + r"])(?:ない|なかった|ません|ず)"
    r"(?=$|[\s)）」』\]】]|[よねわ]|です|でした|予定|方針|もの|こと[とに])"
    r"|(?:(?<=[^" + _KANA + r"])|(?<=[はもが])|^)(?:なし|無し)"
    r"|未(?![満来知明熟])[" + _KANJI + r"]"
    r"|不(?:要|必要|実施|実行|使用|採用|可|許可|作成|取得|適用|対応)"
    r"|\b(?:not|cannot|never|none|nothing|neither|nor|no longer)\b|n['’]t\b",
)
# Negate what follows them in the clause (or the clause, when nothing follows).
_FORWARD = re.compile(r"\b(?:without|w/o|no)\b(?!-)")  # not no-downtime


def _split(text: str) -> list[str]:
    return [c for c in _CLAUSES.split(text) if c and c.strip()]


def _affirms(clause: str) -> str:
    """What ``clause`` still says once its negations are removed ('' for nothing)."""
    if _CLAUSE.search(clause):
        return ""
    forward = _FORWARD.search(clause)
    if forward is None:
        return clause
    if not clause[forward.end() :].strip():
        return ""
    return clause[: forward.start()]


@lru_cache(maxsize=16384)
def clauses(text: str) -> tuple[tuple[str, str], ...]:
    """``text`` cut into clauses: (the clause, what it affirms: '' when it is negated).

    A Japanese adverbial negation (取らずに) ends a clause of its own, negated."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = _NOT_NEGATIONS.sub(" ", norm)
    out: list[tuple[str, str]] = []
    for clause in _split(norm):
        rest = clause
        while (m := _BACKWARD.search(rest)) is not None:
            out.append((rest[: m.end()], ""))
            rest = rest[m.end() :]
        if rest.strip():
            out.append((rest, _affirms(rest)))
    return tuple(out)
