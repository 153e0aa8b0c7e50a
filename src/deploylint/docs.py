"""Rule docs from one source (each rule's metadata): CLI views and docs/rules.md."""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Mapping
from typing import Any

from deploylint.i18n import N_, _, guide_refs, language
from deploylint.rules import all_rules
from deploylint.rules.rule import Rule

SECTIONS = (
    N_("What it does"),
    N_("Why is this bad?"),
    N_("Example"),
    N_("Use instead"),
    N_("Options"),
    N_("References"),
)
WHAT, WHY, EXAMPLE, USE_INSTEAD, OPTIONS, REFERENCES = SECTIONS
RULES, CATALOGUE = N_("Rules"), N_("Catalogue")


def source(rule: Rule) -> str:
    """Where a rule comes from: built-in, a plugin, or a policy pack."""
    return rule.origin or "built-in"


def _options(rule: Rule) -> list[str]:
    from deploylint.rules.policy import load_policy

    defaults = None if rule.origin.startswith("pack") else load_policy().options.get(rule.id)
    rows = []
    for name, field in rule.options.model_fields.items():
        value = getattr(defaults, name, None) if defaults is not None else None
        shown = json.dumps(value, ensure_ascii=False, default=str) if value is not None else "-"
        kind = _type_name(field.annotation)
        rows.append(
            _("- `{name}` ({type}, guide pack: `{value}`): {description}").format(
                name=name,
                type=kind,
                value=shown,
                description=_(field.description) if field.description else "",
            )
        )
    return rows


def _type_name(annotation: Any) -> str:
    text = typing.cast(str, getattr(annotation, "__name__", None) or str(annotation))
    return re.sub(r"\b(?:[a-z_][a-z0-9_]*\.)+([A-Za-z_]\w*)", r"\1", text)  # Bounds, not a.b.Bounds


_FIX_NOTE = {
    "none": "",
    "safe": " (`check --fix`)",
    "unsafe": " (`check --fix --unsafe-fixes`)",
    "safe and unsafe": N_(" (`check --fix`; some with `--unsafe-fixes`)"),
}


def rule_markdown(rule: Rule, level: int = 1) -> str:
    h = "#" * level
    d = rule.docs
    options = _options(rule)
    severity = _("Default severity: **{severity}**.").format(severity=rule.severity.label)
    origin = _(" From {origin}.").format(origin=rule.origin) if rule.origin else ""
    fix = _(" Fix: **{fix}**{note}.").format(
        fix=rule.fix, note=_(_FIX_NOTE[rule.fix]) if _FIX_NOTE[rule.fix] else ""
    )
    parts = [
        f"{h} {rule.id} {rule.name}\n",
        f"{_(rule.summary)}\n",
        severity + origin + fix + "\n",
        f"{h}# {_(WHAT)}\n\n{_(d.what)}\n",
        f"{h}# {_(WHY)}\n\n{_(d.why)}\n",
        f"{h}# {_(EXAMPLE)}\n\n```yaml\n{d.example.rstrip()}\n```\n",
        f"{h}# {_(USE_INSTEAD)}\n\n```yaml\n{d.use_instead.rstrip()}\n```\n",
        f"{h}# {_(OPTIONS)}\n\n" + ("\n".join(options) if options else _("None.")) + "\n",
        f"{h}# {_(REFERENCES)}\n\n" + "\n".join(f"- {guide_refs(r)}" for r in d.references) + "\n",
    ]
    return "\n".join(parts)


def rules_table(registry: Mapping[str, Rule] | None = None) -> str:
    """One line per rule: ID, name, severity, summary, and where it comes from when it is
    not built-in (a plugin or the policy pack in use)."""
    rules = list((registry or all_rules()).values())
    iw = max(len(r.id) for r in rules)
    width = max(len(r.name) for r in rules)
    lines = [f"{'ID':<{iw}}  {'name':<{width}}  {'severity':<8}  summary"]
    for r in rules:
        extra = f"  [{r.origin}]" if r.origin else ""
        lines.append(
            f"{r.id:<{iw}}  {r.name:<{width}}  {r.severity.label:<8}  {_(r.summary)}{extra}"
        )
    return "\n".join(lines) + "\n"


def rules_json(registry: Mapping[str, Rule] | None = None) -> str:
    return json.dumps(
        [
            {
                "id": r.id,
                "name": r.name,
                "severity": r.severity.label,
                "summary": _(r.summary),
                "fix": r.fix,
                "source": source(r),
            }
            for r in (registry or all_rules()).values()
        ],
        ensure_ascii=False,
        indent=2,
    )


CONVENTIONS = N_("""\
## Conventions

- **One mistake, one finding.** A rule that depends on a value another rule already
  rejects stays quiet about it: the root cause is reported once, where it is written.
  A zone DL104 rejects (`availability_zones: ['1a', '1b']`) gets no DL204 asking for
  subnets in it, and while an environment's zone list is being fixed DL204 does not call
  its subnets misplaced; zones of a region DL104 rejects are not judged one by one. The
  dependent rule stays quiet even when the rule that rejects the value is not selected.
  A file that does not parse is one DL001: rules do not report as missing what it may
  hold (its environment's alert channels, say) while it cannot be read.
- **At the line to edit.** A finding about an item of a list of mappings (a subnet, an
  inbound rule, a step) points at the offending key of that item (`az:` of the subnet),
  never at the item's dash; a missing item is reported at the list's key (`public:`).
- **Unknown is not wrong.** A well-formed value that deploylint's facts do not know (an
  instance type newer than the facts) is a warning that names the date the facts were
  taken; errors are for what AWS rejects or the guide forbids.
- **A rule that cannot evaluate says so.** Where facts are missing, a rule derives what
  the naming scheme gives and says it is an estimate, or reports an info finding
  "not checked: ...", never a silent pass.
""")


def rules_page() -> str:
    """docs/rules.md (docs/rules.ja.md in Japanese): every built-in rule in full, in the
    language of the run. Generated; a test keeps both current."""
    builtin = [r for r in all_rules().values() if not r.origin]
    command = "python -m deploylint.docs" + ("" if language() == "en" else f" --lang {language()}")
    head = (
        f"# {_(RULES)}\n\n"
        f"<!-- Generated by `{command}`; do not edit by hand. -->\n\n"
        + _(CONVENTIONS)
        + f"\n## {_(CATALOGUE)}\n\n"
        + _("| ID | name | severity | summary |")
        + "\n|----|------|----------|---------|\n"
    )
    rows = "".join(
        f"| [{r.id}](#{r.id.lower()}-{r.name}) | {r.name} | {r.severity.label} | {_(r.summary)} |\n"
        for r in builtin
    )
    body = "\n".join(rule_markdown(r, level=2) for r in builtin)
    return head + rows + "\n" + body


if __name__ == "__main__":
    import sys

    from deploylint.i18n import lang_from_argv, set_language

    set_language(lang_from_argv(sys.argv[1:]) or "en")
    sys.stdout.write(rules_page())
