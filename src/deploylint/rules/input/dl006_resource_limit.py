"""DL006 resource-limit: The file stays within size, depth and expansion limits."""

from deploylint.findings.finding import Severity
from deploylint.i18n import N_
from deploylint.rules.rule import Docs, Rule

RULE = Rule(
    id="DL006",
    name="resource-limit",
    severity=Severity.ERROR,
    summary=N_("The file stays within size, depth and expansion limits."),
    docs=Docs(
        what=N_(
            "Reports a file that is too large, nests too deep, expands too many aliases (billion laughs) or holds an absurdly long number. Checked while parsing, before anything large is built; the file is not checked further."
        ),
        why=N_(
            "Such a file is either an accident or an attack on whatever loads it: it can exhaust the memory or the time of the deploy pipeline."
        ),
        example="a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n# ... nine more levels\n",
        use_instead="a: [x, x, x]\n",
        references=("deploylint settings: limits",),
    ),
)
