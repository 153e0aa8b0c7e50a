"""``deploylint test [PACK]``: policy authors test their rules, as ``opa test`` does.

For every rule of the resolved pack (built-in, plugin and the pack's own):

- its docs ``example`` must give a finding of that rule, and its ``use_instead`` must not;
  an example may hold several files, each after a ``# path/name.yaml`` line;
- fixture folders beside the pack, ``<pack dir>/tests/<RULE>/fire/`` and ``.../pass/``:
  every ``*.yaml`` file there is a config set of its own, every sub-folder one config set
  of several files; each ``fire`` set must give a finding of the rule, each ``pass`` set
  none.

A rule whose example is not a config (it needs live state or a baseline) and that has no
fixtures is reported as not testable, with the reason. ``check`` never reads a pack's
fixtures (:func:`deploylint.rules.policy.fixture_folder`). Each case runs the real engine on real files in a
temporary folder, with only the rule under test selected.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from deploylint.i18n import N_, _, msg, ngettext
from deploylint.rules.policy import Policy, fixture_folder, load_policy
from deploylint.rules.rule import Rule
from deploylint.settings import Settings

# Built-in rules whose docs example is not a config this runner can check; each has a
# reason (translated where it is shown). A rule listed here that gains fixtures
# (data/policy/tests/<RULE>/) is tested.
NOT_TESTABLE: dict[str, str] = {
    "DL006": N_(
        "its example would have to exceed a resource limit; tests/cli/test_hostile.py covers it"
    ),
    "DL011": N_(
        "its example is a baseline entry, not a config; tests/findings/test_baseline.py covers it"
    ),
    "DL901": N_("it compares declared config with live state (drift); tests/live covers it"),
    "DL902": N_("it compares declared config with live state (drift); tests/live covers it"),
    "DL903": N_("it reports live state the config does not declare (drift); tests/live covers it"),
    "DL904": N_("it reports live state that could not be read (drift); tests/live covers it"),
    "DL905": N_(
        "it reports several live resources claiming one declared name (live binding); "
        "tests/live covers it"
    ),
}
# Built-in rules whose docs example is a fragment or needs several files: their fixtures
# (data/policy/tests/<RULE>/) are tested instead of the example.
FIXTURES_INSTEAD: dict[str, str] = {
    "DL004": N_("its example is a fragment of infrastructure.monitoring"),
    "DL008": N_("its example needs the architecture file beside the scoped file"),
    "DL010": N_("its use_instead needs the file it extends"),
    "DL109": N_("its example needs several files (a base and an environment's file)"),
    "DL206": N_("its use_instead names a group (alb) the fragment does not show"),
}
_FILE_HEADER = re.compile(r"^#\s*([\w.-]+(?:/[\w.-]+)*\.ya?ml)\b.*$")


@dataclass
class Case:
    name: str  # "example", "use_instead", "fire/open-5432.yaml"
    fire: bool
    ok: bool
    detail: str = ""


@dataclass
class Outcome:
    rule: Rule
    cases: list[Case] = field(default_factory=list)
    skipped: str | None = None  # not testable: why (in the language of the run)

    @property
    def passed(self) -> bool:
        return self.skipped is None and all(c.ok for c in self.cases)

    def failure(self) -> str:
        """What failed: each failed case's name (``example``, ``fire/x.yaml``) and why."""
        return _("; ").join(f"{c.name}: {c.detail}" for c in self.cases if not c.ok)

    def line(self) -> str:
        """One line for people; PASS, FAIL and SKIP stay (a token a log search finds), the
        words around them follow the language."""
        head = f"{self.rule.id} {self.rule.name}"
        if self.skipped is not None:
            return msg(
                "SKIP {rule}: not testable this way: {reason}", rule=head, reason=self.skipped
            )
        if self.passed:
            n = len(self.cases)
            return ngettext("PASS {rule} ({n} case)", "PASS {rule} ({n} cases)", n).format(
                rule=head, n=n
            )
        return msg("FAIL {rule}: {failure}", rule=head, failure=self.failure())


def run(settings: Settings, only: Iterable[str] = ()) -> list[Outcome]:
    """Test every rule of the pack ``settings.policy`` names (or those in ``only``)."""
    policy = load_policy(settings.policy)
    folders = [fixture_folder(settings.policy)]
    if fixture_folder(None) not in folders:
        folders.append(fixture_folder(None))  # the built-in rules' own fixtures
    wanted = set(only)
    outcomes = []
    for rule_id, rule in policy.registry().items():
        if wanted and not any(rule_id.startswith(w) for w in wanted):
            continue
        own = folders if not rule.origin else folders[:1]
        outcomes.append(_test_rule(rule, policy, settings, [f / rule_id for f in own]))
    return outcomes


def _test_rule(rule: Rule, policy: Policy, settings: Settings, fixtures: list[Path]) -> Outcome:
    outcome = Outcome(rule)
    if rule.id not in policy.enabled:
        outcome.skipped = _("the pack turns it off (enabled: false)")
        return outcome
    sets = [s for folder in fixtures for s in _fixture_sets(folder)]
    reason = NOT_TESTABLE.get(rule.id) if not rule.origin else None
    instead = FIXTURES_INSTEAD.get(rule.id) if not rule.origin else None
    if instead is not None and not sets:
        where = _(" or ").join(str(f) for f in fixtures)
        detail = msg("none in {where} ({reason})", where=where, reason=_(instead))
        outcome.cases.append(Case("fixtures", True, False, detail))
    elif reason is None and instead is None:
        for name, text, fire in (
            ("example", rule.docs.example, True),
            ("use_instead", rule.docs.use_instead, False),
        ):
            outcome.cases.append(_case(rule, settings, name, _files(text), fire))
    elif not sets:
        outcome.skipped = _(reason) if reason is not None else None
        return outcome
    for name, files, fire in sets:
        outcome.cases.append(_case(rule, settings, name, files, fire))
    return outcome


def _files(text: str) -> dict[str, str]:
    """An example's files: one ``example.yaml``, or one per ``# path/name.yaml`` line."""
    files: dict[str, list[str]] = {}
    current = "example.yaml"
    for line in text.splitlines(keepends=True):
        header = _FILE_HEADER.match(line.strip())
        if header and not (header[1].startswith("/") or ".." in header[1].split("/")):
            current = header[1]
            files.setdefault(current, [])
            continue
        files.setdefault(current, []).append(line)
    return {name: "".join(lines) for name, lines in files.items() if "".join(lines).strip()}


def _fixture_sets(folder: Path) -> Iterator[tuple[str, dict[str, str], bool]]:
    for kind in ("fire", "pass"):
        base = folder / kind
        if not base.is_dir():
            continue
        for entry in sorted(base.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_file() and entry.suffix in (".yaml", ".yml"):
                files = {entry.name: entry.read_text(encoding="utf-8")}
            elif entry.is_dir():
                files = {
                    p.relative_to(entry).as_posix(): p.read_text(encoding="utf-8")
                    for p in sorted(entry.rglob("*"))
                    if p.is_file() and p.suffix in (".yaml", ".yml", ".json")
                }
            else:
                continue
            yield f"{kind}/{entry.name}", files, kind == "fire"


def _case(rule: Rule, settings: Settings, name: str, files: dict[str, str], fire: bool) -> Case:
    from deploylint.findings.engine import check
    from deploylint.sources.files import UsageError

    if not files:
        return Case(name, fire, False, _("empty: nothing to check"))
    with tempfile.TemporaryDirectory(prefix="deploylint-test-") as tmp:
        root = Path(tmp)
        # the config root; every file of a case is a config, whatever its keys (a rule's
        # example may be a fragment): the include names each one, which reads it as one
        included = tuple(f"set/{relative}" for relative in files)
        (root / ".deploylint.yaml").write_text(
            json.dumps({"include": list(included)}) + "\n", encoding="utf-8"
        )
        for relative, text in files.items():
            target = root / "set" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        one = replace(  # the pack and its options count; which files a repo reads does not
            settings,
            select=(rule.id,),
            ignore=(),
            baseline=None,
            jobs=1,
            # every file of a case is a config, whatever its keys (a rule's example may be a
            # fragment): the include names each one, which reads it as a config
            include=included,
            exclude=(),
            per_path_ignores={},
            base=root.resolve(),
            flags=None,  # these settings are the case's: no settings file is looked up
        )
        try:
            report = check([str(root / "set")], one)
        except UsageError as exc:
            return Case(name, fire, False, msg("not a config set ({reason})", reason=exc))
    hits = [f for f in report.findings if f.rule == rule.id]
    if fire and not hits:
        return Case(name, fire, False, msg("gives no {rule} finding (it must)", rule=rule.id))
    if not fire and hits:
        detail = msg(
            "gives a {rule} finding (it must not): line {line}: {finding}",
            rule=rule.id,
            line=hits[0].line,
            finding=hits[0].message,
        )
        return Case(name, fire, False, detail)
    return Case(name, fire, True)


def summary(outcomes: list[Outcome]) -> str:
    passed = sum(o.passed for o in outcomes)
    skipped = sum(o.skipped is not None for o in outcomes)
    failed = len(outcomes) - passed - skipped
    n = len(outcomes)
    rules = ngettext("{n} rule", "{n} rules", n).format(n=n)
    return msg(
        "{rules}: {passed} passed, {failed} failed, {skipped} not testable this way",
        rules=rules,
        passed=passed,
        failed=failed,
        skipped=skipped,
    )


def junit(outcomes: list[Outcome], pack: str) -> str:
    """The outcomes as JUnit XML: one test case per rule. The structure, names and counts
    never change with the language; the ``message`` of a skip or failure follows it."""
    from xml.sax.saxutils import quoteattr

    failed = sum(not o.passed and o.skipped is None for o in outcomes)
    skipped = sum(o.skipped is not None for o in outcomes)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name={quoteattr("deploylint test")} tests="{len(outcomes)}" '
        f'failures="{failed}" skipped="{skipped}">',
        f'  <testsuite name={quoteattr(pack)} tests="{len(outcomes)}" failures="{failed}" '
        f'skipped="{skipped}">',
    ]
    for o in outcomes:
        attrs = f"classname={quoteattr(pack)} name={quoteattr(f'{o.rule.id} {o.rule.name}')}"
        if o.skipped is not None:
            lines.append(f"    <testcase {attrs}><skipped message={quoteattr(o.skipped)}/>")
            lines.append("    </testcase>")
        elif o.passed:
            lines.append(f"    <testcase {attrs}/>")
        else:
            message = o.failure()
            lines.append(f"    <testcase {attrs}><failure message={quoteattr(message)}/>")
            lines.append("    </testcase>")
    lines += ["  </testsuite>", "</testsuites>", ""]
    return "\n".join(lines)
