"""The language deploylint speaks: gettext catalogs, ``--lang``, the ``lang`` setting, the locale.

Human text is written in English in the code and marked for extraction (Babel):

- ``_("{group} admits {source} on {ports}").format(group=..., ...)``: translated now, in the
  language of the run; placeholders are named so a translator can reorder them;
- ``ngettext("{n} finding", "{n} findings", n).format(n=n)``: plural forms from the catalog;
- ``N_("...")``: a text kept in English (rule docs, summaries) and translated where it is
  shown, with ``_(text)``;
- :func:`guide`: a guide section as the guide names it ("guide 3.1", 「3.1 インフラストラクチャ設定」).

The language is ``--lang``, else the settings file's ``lang``, else the locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``: the first set; ``ja*`` is Japanese), else English. Machine formats
(rule IDs, names, JSON keys, SARIF structure, exit codes) never change with it.

Catalogs: ``locale/<lang>/LC_MESSAGES/deploylint.po`` is the source (in the repository);
the wheel carries the ``.mo`` compiled at build time (``hatch_build.py``). In a source
checkout a missing or older ``.mo`` is compiled from the ``.po`` in memory with Babel.
"""

from __future__ import annotations

import gettext as _gettext
import io
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path

DOMAIN = "deploylint"
LANGS = ("en", "ja")
LOCALE_DIR = Path(__file__).parent / "locale"

_state = {"lang": "en", "chosen": ""}  # chosen: "flag" once --lang has set the language
# translations a policy pack gives (`message: {en: ..., ja: ...}`): lang -> English -> text
_extra: dict[str, dict[str, str]] = {}


class LanguageError(ValueError):
    """An unknown ``--lang`` or ``lang`` value."""


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def parse(value: str, where: str = "--lang") -> str:
    lang = value.strip().lower().replace("-", "_").split("_")[0]
    if lang not in LANGS:
        raise LanguageError(
            f"{where}: unknown language {value!r}; choose one of {', '.join(LANGS)}"
        )
    return lang


def set_language(lang: str, *, chosen: str = "") -> None:
    """Speak ``lang`` from now on; ``chosen="flag"`` (``--lang``) outranks the settings file."""
    _state["lang"] = parse(lang)
    if chosen:
        _state["chosen"] = chosen


def use_setting(lang: str | None) -> None:
    """The settings file's ``lang``: used unless ``--lang`` chose."""
    if lang and _state["chosen"] != "flag":
        set_language(parse(lang, "lang"))


def reset(environ: Mapping[str, str] | None = None) -> None:
    """Back to the locale's language, nothing chosen (a new run)."""
    _state["lang"] = from_locale(environ)
    _state["chosen"] = ""


@contextmanager
def kept() -> Iterator[None]:
    """The language of the run inside, as it was after: a CLI run in-process (a test's, an
    embedding program's) leaves the caller's language as it found it."""
    saved = dict(_state)
    try:
        yield
    finally:
        _state.update(saved)


def chosen_by_flag() -> bool:
    return _state["chosen"] == "flag"


def language() -> str:
    return _state["lang"]


def lang_from_argv(argv: list[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` among the arguments, before they are parsed (so that a
    usage error is already in that language)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The catalog of ``lang``; English is the code's own text."""
    if lang == "en":
        return _gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime):
        compiled = compile_po(po)  # a source checkout: the .po is the truth
        if compiled is not None:
            return _gettext.GNUTranslations(io.BytesIO(compiled))
    if mo.is_file():
        with mo.open("rb") as fp:
            return _gettext.GNUTranslations(fp)
    sys.stderr.write(
        f"deploylint: warning: no {lang} catalog ({mo}); speaking English "
        "(build the package, or install Babel to compile the .po)\n"
    )
    return _gettext.NullTranslations()


def compile_po(po: Path) -> bytes | None:
    """The ``.mo`` bytes of a ``.po`` (fuzzy entries left out), or None without Babel."""
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po
    except ImportError:
        return None
    with po.open("rb") as fp:
        catalog = read_po(fp, locale=po.parent.parent.name, domain=DOMAIN)
    for message in list(catalog):  # an untranslated plural is not a translation
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(forms):
            catalog.delete(message.id, message.context)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def add_translation(lang: str, message: str, text: str) -> None:
    """A translation that is not in the catalog (a policy pack's own rule texts)."""
    _extra.setdefault(lang, {})[message] = text


def _(message: str) -> str:
    """``message`` in the language of the run."""
    lang = _state["lang"]
    if lang == "en" or not message:
        return message
    own = _extra.get(lang, {}).get(message)
    return own if own is not None else translations(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The plural form for ``n`` in the language of the run (format ``{n}`` yourself)."""
    if _state["lang"] == "en":
        return singular if n == 1 else plural
    return translations(_state["lang"]).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def join(items: list[str] | tuple[str, ...]) -> str:
    """A list for people: ``a, b`` in English, ``a、b`` in Japanese."""
    return _(", ").join(items)


_SEVERITIES = {
    "critical": N_("critical"),
    "error": N_("error"),
    "warning": N_("warning"),
    "info": N_("info"),
}


def severity_label(severity: object) -> str:
    """A severity for people (the summary); reports keep the label itself (``error``)."""
    label = str(getattr(severity, "label", severity))
    return _(_SEVERITIES.get(label, label))


# The guide's sections as the guide titles them (deployment-guide.ja.md).
GUIDE_SECTIONS = {
    "1.1": "目的",
    "1.2": "対象読者",
    "2": "デプロイメント概要",
    "2.1": "デプロイメント構成",
    "3": "環境準備",
    "3.1": "インフラストラクチャ設定",
    "4": "デプロイメント手順",
    "4.1": "デプロイメントプロセス",
    "5": "設定管理",
    "5.1": "環境設定",
    "6": "監視とログ",
    "6.1": "監視設定",
}


def guide(section: str) -> str:
    """A guide section: ``guide 3.1`` in English, ``ガイド「3.1 インフラストラクチャ設定」`` in
    Japanese (the guide's own title). Messages write ``({guide})``."""
    if _state["lang"] == "en":
        return f"guide {section}"
    title = GUIDE_SECTIONS.get(section)
    return f"ガイド「{section} {title}」" if title else f"ガイド {section}"


def guides(*sections: str) -> str:
    """Several sections: ``guide 3.1, 6.1`` / ``ガイド「3.1 インフラストラクチャ設定」「6.1 監視設定」``."""
    if _state["lang"] == "en":
        return "guide " + ", ".join(sections)
    return "ガイド" + "".join(
        f"「{s} {GUIDE_SECTIONS[s]}」" if s in GUIDE_SECTIONS else f"「{s}」" for s in sections
    )


def guide_refs(text: str) -> str:
    """Every ``guide N.N`` in a text written for English (a reference list) as :func:`guide`."""
    if _state["lang"] == "en":
        return text
    import re

    return re.sub(
        r"\bguide (\d(?:\.\d)?(?:, \d\.\d)*)\b",
        lambda m: guides(*m.group(1).split(", ")),
        text,
    )


def cells(text: str) -> int:
    """Terminal cells: East Asian wide and fullwidth characters take two."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def ljust(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal cells (``str.ljust`` counts characters)."""
    return text + " " * max(width - cells(text), 0)


def msg(message: str, **values: object) -> str:
    """``_(message).format(**values)``: a finding's message in one call (named placeholders,
    so a translator may reorder them)."""
    return _(message).format(**values)


reset()
