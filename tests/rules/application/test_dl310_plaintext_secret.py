"""DL310 plaintext-secret (src/deploylint/rules/application/dl310_plaintext_secret.py): secrets
recognised by their format, whatever the key (issue 17 §1; from test_dl310_formats.py), then
secrets by key, their messages and options (from test_dl3xx_config.py).

Every token below is made up here, of the provider's documented shape, from a seeded random
source (no real credential, and none written out whole in this file for scanners to find).
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from deploylint.rules._secrets import DETECTORS, detect, entropy
from tests.helpers import EXAMPLES, Lint, Messages, cli, rule_pack, write_files

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"


def rnd(alphabet: str, n: int, seed: int = 17) -> str:
    rng = random.Random(f"{seed}-{alphabet}-{n}")
    return "".join(rng.choice(alphabet) for _ in range(n))


def digits(n: int) -> str:
    return rnd(string.digits, n, n)


# (the provider's token, the kind the finding names)
TOKENS: list[tuple[str, str]] = [
    ("ghp_" + rnd(ALNUM, 36), "a GitHub token"),
    ("gho_" + rnd(ALNUM, 36, 2), "a GitHub token"),
    ("ghs_" + rnd(ALNUM, 36, 3), "a GitHub token"),
    ("ghu_" + rnd(ALNUM, 36, 4), "a GitHub token"),
    ("github_" + "pat_" + rnd(ALNUM + "_", 82), "a GitHub fine-grained personal access token"),
    ("xoxb-" + digits(12) + "-" + digits(13) + "-" + rnd(ALNUM, 24), "a Slack token"),
    (
        "xoxp-" + digits(11) + "-" + digits(12) + "-" + digits(13) + "-" + rnd(HEX, 32),
        "a Slack token",
    ),
    (
        "xapp-1-A" + rnd("ABCDEFGHJK0123456789", 10) + "-" + digits(13) + "-" + rnd(HEX, 64),
        "a Slack app-level token",
    ),
    ("sk_" + "live_" + rnd(ALNUM, 24), "a Stripe secret key"),
    ("rk_" + "live_" + rnd(ALNUM, 99, 5), "a Stripe secret key"),
    ("sk_" + "test_" + rnd(ALNUM, 24, 6), "a Stripe secret key"),
    ("whsec_" + rnd(ALNUM, 32), "a Stripe webhook signing secret"),
    ("SG." + rnd(URLSAFE, 22) + "." + rnd(URLSAFE, 43), "a SendGrid API key"),
    ("AKIA" + rnd(string.ascii_uppercase + "234567", 16), "an AWS access key id"),
    ("ASIA" + rnd(string.ascii_uppercase + "234567", 16, 7), "an AWS access key id"),
    ("AIza" + rnd(URLSAFE, 35), "a Google API key"),
    ("GOCSPX-" + rnd(URLSAFE, 28), "a Google OAuth client secret"),
    ("glpat-" + rnd(URLSAFE, 20), "a GitLab token"),
    ("glrt-" + rnd(URLSAFE, 20, 8), "a GitLab token"),
    ("npm_" + rnd(ALNUM, 36), "an npm access token"),
    ("pypi-" + "AgEIcHlwaS5vcmc" + rnd(URLSAFE, 120), "a PyPI upload token"),
    ("SK" + rnd(HEX, 32), "a Twilio API key"),
    ("key-" + rnd(HEX, 32, 9), "a Mailgun API key"),
    (
        "sk-proj-" + rnd(URLSAFE, 74) + "T3Blbk" + "FJ" + rnd(URLSAFE, 74, 10),
        "an OpenAI API key",
    ),
    ("sk-" + rnd(ALNUM, 20) + "T3Blbk" + "FJ" + rnd(ALNUM, 20, 11), "an OpenAI API key"),
    ("sk-ant-" + "api03-" + rnd(URLSAFE, 93) + "AA", "an Anthropic API key"),
    ("hf_" + rnd(string.ascii_letters, 34), "a Hugging Face token"),
    ("dop_v1_" + rnd(HEX, 64), "a DigitalOcean token"),
    ("dapi" + rnd(HEX, 32, 12), "a Databricks token"),
    ("glsa_" + rnd(ALNUM, 32) + "_" + rnd(HEX, 8), "a Grafana token"),
    ("hvs." + rnd(URLSAFE, 95), "a HashiCorp Vault token"),
    ("NRAK-" + rnd(string.ascii_uppercase + string.digits, 27), "a New Relic key"),
    ("shpat_" + rnd(HEX, 32, 13), "a Shopify access token"),
    ("dp.pt." + rnd(ALNUM, 43), "a Doppler token"),
    (digits(9) + ":AA" + rnd(URLSAFE, 33), "a Telegram bot token"),
    ("M" + rnd(ALNUM, 23) + "." + rnd(ALNUM, 6) + "." + rnd(URLSAFE, 27), "a Discord bot token"),
    (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + rnd(ALNUM, 60) + "." + rnd(URLSAFE, 43),
        "a JSON Web Token",
    ),
    ("Bearer " + rnd(ALNUM, 40, 14), "an Authorization header credential"),
    (
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey="
        + rnd(ALNUM + "+/", 86)
        + "==",
        "an Azure storage account key",
    ),
    ("-----BEGIN " + "OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n", "a PEM private key"),
    ("-----BEGIN " + "EC PRIVATE KEY-----\nMHcCAQEEI\n", "a PEM private key"),
    (
        "https://hooks.slack.com/"
        + "services/T"
        + rnd(HEX.upper(), 8)
        + "/B"
        + rnd(HEX.upper(), 10)
        + "/"
        + rnd(ALNUM, 24),
        "a chat webhook URL",
    ),
]


@pytest.mark.parametrize(("token", "kind"), TOKENS, ids=[k + "-" + t[:6] for t, k in TOKENS])
def test_a_token_under_an_ordinary_key(lint_messages: Messages, token: str, kind: str) -> None:
    # an ordinary key (not named like a secret): the format alone gives it away
    text = f"config:\n  integrations:\n    notify: {token!r}\n"
    if "\n" in token:
        text = "config:\n  integrations:\n    notify: |\n" + "".join(
            f"      {line}\n" for line in token.splitlines()
        )
    found = lint_messages({"a.yaml": text}, "--select", "DL310")
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL310", "error")
    assert message.startswith(f"config.integrations.notify holds {kind}"), message
    # the message names the kind, never the secret: at most a 4-character prefix
    body = token.split("\n")[0][-12:]
    assert body not in message


@pytest.mark.parametrize(
    "where",
    [
        "monitoring:\n  alerts:\n    channels:\n      email: {t}\n",  # a channel
        "config:\n  hooks: [https://example.org, {t}]\n",  # in a list
        "config:\n  clone_url: 'https://x-access-token:{t}@github.com/acme/app.git'\n",
        "config:\n  command: 'curl -H \"Authorization: token {t}\" https://api.github.com'\n",
        "config:\n  env: GITHUB_TOKEN={t}\n",
    ],
)
def test_a_token_inside_any_string(lint_messages: Messages, where: str) -> None:
    token = "ghp_" + rnd(ALNUM, 36, 99)
    found = lint_messages({"a.yaml": where.format(t=token)}, "--select", "DL310")
    assert [(r, "a GitHub token" in m) for r, _, m in found] == [("DL310", True)]
    assert token[4:] not in found[0][2]


@pytest.mark.parametrize(
    "value",
    [
        # the placeholders and documentation keys: no finding
        "xoxb-your-token",
        "xoxb-YOUR-BOT-TOKEN",
        "AKIA" + "IOSFODNN7EXAMPLE",  # AWS's documented example key id
        "ghp_" + "x" * 36,
        "ghp_" + "<your-token>",
        "sk_" + "live_" + "0" * 24,
        "sk_" + "live_" + "abcdefghijklmnopqrstuvwx",
        "SG." + "your_sendgrid_key.here",
        "AIza" + "SyEXAMPLE-example-EXAMPLE-example-123",
        "Bearer ${API_TOKEN}",
        "-----BEGIN " + "PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
        # look alike, are not secrets
        "sha256:" + rnd(HEX, 64),  # an image digest
        "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/db-AbCdEf",
        "https://hooks.slack.com",  # no path: no webhook
        "DISK_TASK_SKIP",
        "Basic auth for staging only",
        "dataset-management-production-api",
        "key-rotation-policy-2024",
        "550e8400-e29b-41d4-a716-446655440000",  # a bare UUID
    ],
)
def test_placeholders_and_look_alikes_pass(lint: Lint, value: str) -> None:
    if "\n" in value:
        text = "config:\n  tls:\n    notes: |\n" + "".join(
            f"      {line}\n" for line in value.splitlines()
        )
    else:
        text = f"config:\n  integrations:\n    notify: {value!r}\n"
    assert lint({"a.yaml": text}, "--select", "DL310") == []


@pytest.mark.parametrize(
    "text",
    [
        # today's correct silence under secret-like keys (issue 17 §1)
        "config:\n  database:\n    secret_name: prod/db/password\n",
        "config:\n  auth:\n    password_min_length: 12\n",
        "config:\n  auth:\n    token_url: https://auth.acme.co.jp/oauth2/token\n",
        "config:\n  auth:\n    token_ttl: 3600\n",
        "config:\n  database:\n    password: ${DB_PASSWORD}\n",
        "config:\n  slack:\n    token: ${SLACK_BOT_TOKEN}\n",
        "config:\n  github:\n    token: '{{resolve:secretsmanager:prod/github:SecretString:token}}'\n",
        # placeholders under a secret-named key
        "config:\n  slack:\n    bot_token: <your-slack-bot-token>\n",
        "config:\n  stripe:\n    api_key: YOUR_STRIPE_KEY\n",
        # a provider's key with something that is not its credential
        "config:\n  datadog:\n    site: datadoghq.com\n    service: dataset-api\n",
        "config:\n  twilio:\n    account_sid: AC" + rnd(HEX, 32) + "\n",
        "config:\n  datadog:\n    dashboard_url: https://app.datadoghq.com/dashboard/abc-123\n",
        "config:\n  pagerduty:\n    service: dataset-production\n",
        "monitoring:\n  channels:\n    pagerduty: dataset-management-production-service-2024\n",
        "monitoring:\n  channels:\n    pagerduty: PD_Dataset_Production_2024\n",
        "config:\n  sentry:\n    release: v2024.12.06-build.1842\n",
    ],
)
def test_no_finding_on_non_secrets(lint: Lint, text: str) -> None:
    assert lint({"a.yaml": text}, "--select", "DL310") == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # shapes with no marker of their own: hex keys, under a key naming the provider
        ("config:\n  datadog:\n    app: " + rnd(HEX, 40) + "\n", "a key or token for Datadog"),
        ("config:\n  mailgun:\n    signing: " + rnd(HEX, 32) + "\n", "a key or token for Mailgun"),
        ("config:\n  twilio:\n    auth: " + rnd(HEX, 32, 3) + "\n", "a key or token for Twilio"),
        ("config:\n  dd_app: " + rnd(HEX, 40, 4) + "\n", "a key or token for Datadog"),
        (
            "config:\n  heroku:\n    auth: "
            + rnd(HEX, 8)
            + "-"
            + rnd(HEX, 4)
            + "-"
            + rnd(HEX, 4, 2)
            + "-"
            + rnd(HEX, 4, 3)
            + "-"
            + rnd(HEX, 12)
            + "\n",
            "a key or token for Heroku",
        ),
        ("config:\n  algolia:\n    admin: " + rnd(ALNUM, 32) + "\n", "a key or token for Algolia"),
        (
            "monitoring:\n  pagerduty:\n    routing: " + rnd(HEX, 32, 5) + "\n",
            "a key or token for PagerDuty",
        ),
        # a format wins over the key's name: the finding says what it is
        (
            "config:\n  slack:\n    bot_token: xoxb-"
            + digits(11)
            + "-"
            + digits(12)
            + "-"
            + rnd(ALNUM, 24)
            + "\n",
            "a Slack token",
        ),
    ],
)
def test_provider_keys_by_context(lint_messages: Messages, text: str, kind: str) -> None:
    [(rule, _, message)] = lint_messages({"a.yaml": text}, "--select", "DL310")
    assert rule == "DL310" and f"holds {kind} in plain text" in message


def test_every_detector_is_tested() -> None:
    kinds = {k for _, k in TOKENS}
    tested = {d.kind for d in DETECTORS if any(d.kind.startswith(k) for k in kinds)}
    # the detectors this file exercises by a token of their own, and they all find theirs
    assert len(tested) >= 30
    for token, kind in TOKENS:
        found = detect(token)
        assert found is not None and found.startswith(kind), (token[:8], found)


def test_examples_hold_no_token_shapes() -> None:
    # every string of the shipped examples passes the gate without a finding
    for path in EXAMPLES.rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert detect(line.strip()) is None, (path, line)


def test_entropy() -> None:
    assert entropy("") == 0.0
    assert entropy("aaaa") == 0.0
    assert entropy("abcd") == 2.0


# --- by key, messages, options (from test_dl3xx_config.py) --------------------

AWS_KEY = "AKIA" + "Q7RZ2M4KXWJH5TNB"  # a made-up key id of the real shape, split for scanners


PEM = "-----BEGIN " + "RSA PRIVATE KEY-----"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("config:\n  database:\n    pool_size: 20\n", []),
        ("config:\n  database:\n    password: ${DB_PASSWORD}\n", []),
        ("config:\n  database:\n    password: $DB_PASSWORD\n", []),
        (
            "config:\n  database:\n"
            "    password: arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db-AbCdEf\n",
            [],
        ),
        ("config:\n  database:\n    password: ssm:/prod/db/password\n", []),
        ("config:\n  database:\n    password: '{{resolve:ssm-secure:/prod/db:1}}'\n", []),
        ("config:\n  database:\n    password: ''\n", []),
        ("config:\n  database:\n    password: '********'\n", []),
        ("config:\n  database:\n    secret_name: prod/db\n", []),  # names a secret
        ("config:\n  auth:\n    token_url: https://auth.acme.co.jp/token\n", []),
        ("config:\n  auth:\n    token_ttl: 3600\n", []),
        ("config:\n  database:\n    password: hunter2-prod-db\n", [(3, 15)]),
        ("config:\n  database:\n    DB_PASSWORD: 123456\n", [(3, 18)]),
        ("config:\n  auth:\n    clientSecret: s3cr3t-v4lue\n", [(3, 19)]),
        ("config:\n  payments:\n    api_key: sk_live_abcdefgh\n", [(3, 14)]),
        ("config:\n  auth:\n    api_tokens: [tok-aaaa, tok-bbbb]\n", [(3, 18), (3, 28)]),
        (f"config:\n  aws:\n    access_key_id: {AWS_KEY}\n", [(3, 20)]),  # by its value
        (f"monitoring:\n  alerts:\n    channels:\n      email: {AWS_KEY}\n", [(4, 14)]),
        (f"config:\n  tls:\n    cert: |\n      {PEM}\n      MIIE\n", [(3, 11)]),
    ],
)
def test_dl310_positions(lint: Lint, text: str, expected: list[tuple[int, int]]) -> None:
    rows = lint({"a.yaml": text}, "--select", "DL310")
    assert rows == [("a.yaml", line, col, "DL310") for line, col in expected]


SLACK_HOOK = "https://hooks.slack.com/services/" + "T04Q7RZ2M/B05KXWJH5TN/q8Vd3LmZr2WcYp7XbN4hKfTs"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # secrets in values, whatever the key (issue 9)
        (f"monitoring:\n  alerts:\n    channels:\n      slack: {SLACK_HOOK}\n", "a chat webhook"),
        (
            "config:\n  database:\n    url: postgresql://app:S3cret@db.internal/app\n",
            "a password in a URL",
        ),
        ("config:\n  cache:\n    url: redis://:hunter2@cache.internal:6379/0\n", "a password"),
        (f"config:\n  notes: {AWS_KEY}\n", "an AWS access key id"),
        (f"config:\n  tls: |\n    {PEM}\n    MIIE\n", "a PEM private key"),
        # not secrets: a reference, a mask, no password, a user only, a channel name
        ("config:\n  database:\n    url: postgresql://app:${DB_PASSWORD}@db/app\n", None),
        ("config:\n  database:\n    url: postgresql://app:****@db/app\n", None),
        ("config:\n  database:\n    url: postgresql://app@db.internal/app\n", None),
        ("config:\n  docs: https://user@example.org/path\n", None),
        ("monitoring:\n  alerts:\n    channels:\n      slack: '#alerts-prod'\n", None),
    ],
)
def test_dl310_secrets_in_values_whatever_the_key(
    lint_messages: Messages, text: str, kind: str | None
) -> None:
    found = lint_messages({"a.yaml": text}, "--select", "DL310")
    if kind is None:
        assert found == []
        return
    [(rule, severity, message)] = found
    assert (rule, severity) == ("DL310", "error")
    assert f"holds {kind}" in message
    assert "S3cret" not in message and "hunter2" not in message and "q8Vd3L" not in message


def test_dl310_message_never_shows_the_secret(lint_messages: Messages) -> None:
    text = f"config:\n  database:\n    password: hunter2-prod-db\n  aws:\n    id: x{AWS_KEY}\n"
    found = lint_messages({"a.yaml": text}, "--select", "DL310")
    assert [(r, s) for r, s, _ in found] == [("DL310", "error")] * 2
    password, key = (m for _, _, m in found)
    assert "config.database.password holds a secret in plain text" in password
    assert "starts 'hun', 15 characters" in password  # 15 // 4 = 3 characters shown
    assert "hunter2" not in password and "prod-db" not in password
    assert "${VAR}" in password and "arn:aws:secretsmanager:" in password
    assert "guide 5.1" in password
    assert "config.aws.id holds an AWS access key id in plain text" in key
    assert AWS_KEY not in key and "Q7RZ" not in key and "21 characters" in key


def test_dl310_short_secret_shows_less(lint_messages: Messages) -> None:
    text = "config:\n  database:\n    password: abcdefg\n"
    [(_, _, message)] = lint_messages({"a.yaml": text}, "--select", "DL310")
    assert "(starts 'a', 7 characters)" in message and "abcd" not in message


def test_dl310_allowed_references_option(lint: Lint, tmp_path: Path) -> None:
    files = {"a.yaml": "config:\n  database:\n    password: vault:secret/data/db#password\n"}
    assert lint(files, "--select", "DL310") == [("a.yaml", 3, 15, "DL310")]
    extra, path = rule_pack(tmp_path, "DL310", "allowed_references: ['vault:.+']")
    assert lint({**files, **extra}, "--select", "DL310", "--policy", path) == []
    # the list replaces the defaults: ${VAR} is no longer a known reference
    files = {"a.yaml": "config:\n  database:\n    password: ${DB_PASSWORD}\n"}
    rows = lint({**files, **extra}, "--select", "DL310", "--policy", path)
    assert rows == [("a.yaml", 3, 15, "DL310")]


def test_dl310_bad_reference_pattern_is_a_policy_error(tmp_path: Path) -> None:
    extra, path = rule_pack(tmp_path, "DL310", "allowed_references: ['(unclosed']")
    write_files(tmp_path, {"a.yaml": "config: {}\n", **extra})
    result = cli(["check", "--no-config", "--policy", path, str(tmp_path)])
    assert result.exit_code == 2
    assert "DL310" in result.stderr and "not a regular expression" in result.stderr
