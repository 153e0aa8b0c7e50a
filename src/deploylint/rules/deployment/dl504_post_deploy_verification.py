"""DL504 post-deploy-verification: post-deployment verifies the release and arms alarms."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from deploylint.findings.finding import Severity
from deploylint.i18n import N_, _, join
from deploylint.rules._steps import PhaseOptions, label, missing_in_phase
from deploylint.rules.rule import Context, Docs, Rule, Violation


class PostDeployVerificationOptions(PhaseOptions):
    verifications: list[str] = Field(
        description=N_("Vocabulary concepts post_deployment must name (one step or action each)")
    )


def check(ctx: Context[PostDeployVerificationOptions]) -> Iterator[Violation]:
    if ctx.config.deployment is None:
        return
    wanted = join([label(c) for c in ctx.options.verifications])
    yield from missing_in_phase(
        ctx,
        "post_deployment",
        ctx.options.verifications,
        _("expected after deploying: {wanted}").format(wanted=wanted),
        ctx.options.step,
    )


RULE = Rule(
    id="DL504",
    name="post-deploy-verification",
    severity=Severity.WARNING,
    summary=N_(
        "Post-deployment verifies the app, performance and logs, enables alarms, and checks "
        "log collection and metrics."
    ),
    options=PostDeployVerificationOptions,
    check=check,
    fix="unsafe",
    docs=Docs(
        what=(
            N_(
                "Checks that `deployment.post_deployment` names each verification of the policy "
                "(guide: application behaviour, performance, logs, enabling alarms, log collection, "
                "metrics) in a step name or action, matched through the policy vocabulary in "
                "Japanese or English (`ログ収集の確認`, `Verify log collection`, `メトリクスの確認`, "
                "`Check the CloudWatch metrics`); a negated action (`メトリクスの確認は省略`, "
                "`Don't check the metrics`) names nothing. A missing item is reported at the "
                "verification step (検証), else at the phase's `steps:` key."
            )
        ),
        why=(
            N_(
                "A health check only proves the process answers. Without looking at behaviour, "
                "latency and error logs, a broken release is found by users; and alarms left "
                "disabled from the maintenance window mean nobody is paged when it breaks at night. "
                "A task that no longer ships its logs, or a metric that stopped arriving, leaves "
                "those alarms blind: checking that logs and metrics still arrive is what makes "
                "the monitoring work after a release."
            )
        ),
        example=(
            "deployment:\n"
            "  post_deployment:\n"
            "    steps:\n"
            "      - name: 検証\n"
            "        actions: [アプリケーションの動作確認]\n"
        ),
        use_instead=(
            "deployment:\n"
            "  post_deployment:\n"
            "    steps:\n"
            "      - name: 検証\n"
            "        actions: [アプリケーションの動作確認, パフォーマンスの確認, ログの確認]\n"
            "      - name: 監視設定\n"
            "        actions: [アラームの有効化, ログ収集の確認, メトリクスの確認]\n"
        ),
        references=(
            "guide 4.1",
            "CloudWatch alarm actions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_EnableAlarmActions.html",
        ),
    ),
)
