"""DL503 environment-checks: pre-deployment checks resources, security groups, certificates."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, join
from deploylint.rules._steps import PhaseOptions, label, missing_in_phase
from deploylint.rules.rule import Context, Docs, Rule, Violation


class EnvironmentChecksOptions(PhaseOptions):
    checks: list[str] = Field(
        description=N_("Vocabulary concepts pre_deployment must name (one step or action each)")
    )


def check(ctx: Context[EnvironmentChecksOptions]) -> Iterator[Violation]:
    if ctx.config.deployment is None:
        return
    wanted = join([label(c) for c in ctx.options.checks])
    yield from missing_in_phase(
        ctx,
        "pre_deployment",
        ctx.options.checks,
        _("expected checks before deploying: {wanted}").format(wanted=wanted),
        ctx.options.step,
    )


RULE = Rule(
    id="DL503",
    name="environment-checks",
    severity=Severity.WARNING,
    summary=N_("Pre-deployment checks resource usage, security groups and certificate expiry."),
    options=EnvironmentChecksOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks that `deployment.pre_deployment` names each environment check of the "
                "policy (guide: resource usage, security groups, certificate expiry) in a step "
                "name or action, matched through the policy vocabulary in Japanese or English. A missing item is reported at the checks step (環境チェック), else at the phase's `steps:` key."
            )
        ),
        why=(
            N_(
                "These are the failures a deployment cannot fix on its way: a cluster or "
                "database already near its limits falls over under the rolling update's extra "
                "tasks, a changed security group blocks the new tasks, and a certificate that "
                "expires during the release window takes the site down with it."
            )
        ),
        example=(
            "deployment:\n"
            "  pre_deployment:\n"
            "    steps:\n"
            "      - name: 環境チェック\n"
            "        actions: [リソース使用状況の確認]\n"
        ),
        use_instead=(
            "deployment:\n"
            "  pre_deployment:\n"
            "    steps:\n"
            "      - name: 環境チェック\n"
            "        actions:\n"
            "          - リソース使用状況の確認\n"
            "          - セキュリティグループの確認\n"
            "          - 証明書の有効期限確認\n"
        ),
        references=(
            "guide 4.1",
            "ACM certificate expiry events: https://docs.aws.amazon.com/acm/latest/userguide/acm-bestpractices.html",
        ),
    ),
)
