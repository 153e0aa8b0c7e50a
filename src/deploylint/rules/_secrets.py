"""Secrets recognised by their format (DL310), whatever the key that holds them.

Each detector is a provider's documented token shape: a literal marker (``ghp_``,
``xoxb-``, ``sk_live_``, ``AKIA``, ``-----BEGIN``) and the pattern around it. The formats
follow the providers' documentation and gitleaks' rule list (config/gitleaks.toml, read
2026-12) as a catalogue of ~150 token shapes; deploylint keeps those a config file can
hold and that identify themselves (a marker no ordinary word has), and recognises the
shapes without a marker (Datadog, Mailgun, Twilio keys: hex strings) only under a key that
names the provider.

Speed: one combined regular expression of every marker (:data:`_GATE`) is the only test
most values see; the detectors' patterns run on the few values that hold a marker, and
each distinct text is examined once (:func:`detect` is cached).

False positives: a match is no secret when its body is too uniform to be random (Shannon
entropy below the detector's floor: ``xoxb-0000000000-…``), counts up (``abcdefgh``,
``12345678``), or carries a placeholder word (``EXAMPLE``, ``your``, ``xxxx``,
``dummy``, ``<token>``): documentation keys such as AWS's ``AKIAIOSFODNN7EXAMPLE`` pass.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from deploylint.i18n import N_


@dataclass(frozen=True)
class Detector:
    kind: str  # what the finding calls it: "a GitHub personal access token"
    markers: tuple[str, ...]  # literal text, one of which every match contains
    source: str  # the pattern; group "body" (else the whole match) is the random part
    entropy: float = 3.0  # minimum Shannon entropy of the body, bits per character

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Compiled on first use: most runs meet no marker and compile none (13 ms)."""
        return re.compile(self.source)


def _d(kind: str, markers: str, pattern: str, entropy: float = 3.0) -> Detector:
    return Detector(kind, tuple(markers.split()), pattern, entropy)


# The end of a token: nothing of its alphabet follows.
_END = r"(?![A-Za-z0-9_-])"
_START = r"(?<![A-Za-z0-9_-])"


def _p(kind: str, marker: str, body: str, entropy: float = 3.0, start: bool = False) -> Detector:
    """A token that is ``marker`` (letters, digits, ``_-~``: no regex syntax) then ``body``
    (the random part), nothing of its alphabet after it (nor before it, with ``start``)."""
    return _d(kind, marker, f"{_START if start else ''}{marker}(?P<body>{body}){_END}", entropy)


DETECTORS: tuple[Detector, ...] = (
    # --- keys and key material ------------------------------------------------------
    _d(
        N_("a PEM private key"),
        "PRIVATE",
        r"-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY-----(?P<body>[\s\S]{0,200})",
        0.0,
    ),
    _d(N_("a PGP private key"), "PGP", r"-----BEGIN PGP PRIVATE KEY BLOCK-----", 0.0),
    _d(N_("an age secret key"), "AGE-SECRET-KEY-1", r"AGE-SECRET-KEY-1(?P<body>[0-9A-Z]{58})"),
    # AWS access key ids: IAM User Guide, "Understanding unique ID prefixes"
    _d(
        N_("an AWS access key id"),
        "AKIA ASIA ABIA ACCA A3T",
        r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])(?P<body>[A-Z0-9]{16})(?![A-Z0-9])",
        2.5,
    ),
    _d(
        N_("an Azure storage account key"),
        "AccountKey=",
        r"AccountKey=(?P<body>[A-Za-z0-9+/]{80,90}={0,2})",
    ),
    _d(
        N_("an Azure AD client secret"),
        "Q~",
        rf"{_START}(?P<body>[A-Za-z0-9_~.]{{3}}\dQ~[A-Za-z0-9_~.-]{{31,34}}){_END}",
    ),
    _p(N_("a Google API key"), "AIza", r"[A-Za-z0-9_-]{35}", start=True),
    _p(N_("a Google OAuth client secret"), "GOCSPX-", r"[A-Za-z0-9_-]{28}"),
    _p(N_("an Alibaba Cloud AccessKey id"), "LTAI", r"[A-Za-z0-9]{20}", start=True),
    # --- source hosting and package registries --------------------------------------
    _d(
        N_("a GitHub token"),
        "ghp_ gho_ ghu_ ghs_ ghr_",
        rf"{_START}gh[pousr]_(?P<body>[A-Za-z0-9]{{36,251}}){_END}",
    ),
    _d(
        N_("a GitHub fine-grained personal access token"),
        "github_pat_",
        r"github_pat_(?P<body>[A-Za-z0-9_]{82})(?![A-Za-z0-9_])",
    ),
    _d(
        N_("a GitLab token"),
        "glpat- gldt- glrt- glcbt- glft- glimt- glagent- gloas- glsoat- glffct- glptt-",
        r"gl(?:pat|dt|rt|cbt|ft|imt|agent|oas|soat|ffct|ptt)-(?P<body>[A-Za-z0-9_.-]{20,300})"
        + _END,
    ),
    _p(N_("a GitLab runner registration token"), "GR1348941", r"[A-Za-z0-9_-]{20}"),
    _p(N_("an npm access token"), "npm_", r"[A-Za-z0-9]{36}", start=True),
    _d(
        N_("a PyPI upload token"),
        "pypi-AgE",
        r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)(?P<body>[A-Za-z0-9_-]{50,})",
    ),
    _p(N_("a RubyGems API key"), "rubygems_", r"[a-f0-9]{48}"),
    _p(N_("a JFrog Artifactory API key"), "AKCp", r"[A-Za-z0-9]{69}", start=True),
    _p(N_("a Clojars token"), "CLOJARS_", r"[A-Za-z0-9]{60}"),
    _p(N_("an Atlassian API token"), "ATATT3", r"[A-Za-z0-9_=-]{186}"),
    _p(N_("a Postman API key"), "PMAK-", r"[a-f0-9]{24}-[a-f0-9]{34}"),
    # --- chat, mail and messaging ------------------------------------------------------
    _d(
        N_("a Slack token"),
        "xoxb- xoxp- xoxa- xoxo- xoxs- xoxr- xoxe",
        r"(?:xox(?:e\.xox[bp]|[bpose])-(?P<body>\d+-[A-Za-z0-9-]{8,})"
        r"|xox[ar]-(?:\d-)?[A-Za-z0-9]{8,48})" + _END,
    ),
    _d(
        N_("a Slack app-level token"),
        "xapp-",
        rf"xapp-\d-(?P<body>[A-Z0-9]+-\d+-[a-z0-9]+){_END}",
    ),
    _d(
        N_("a SendGrid API key"),
        "SG.",
        rf"{_START}SG\.(?P<body>[A-Za-z0-9_-]{{16,32}}\.[A-Za-z0-9_-]{{16,64}}){_END}",
    ),
    _p(N_("a Brevo (Sendinblue) API key"), "xkeysib-", r"[a-f0-9]{64}-[A-Za-z0-9]{16}"),
    _d(
        N_("a Telegram bot token"),
        ":AA",
        rf"(?<![0-9])[0-9]{{8,10}}:(?P<body>AA[A-Za-z0-9_-]{{33}}){_END}",
    ),
    _d(
        N_("a Discord bot token"),
        ".",
        r"(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9]{23,25}\.(?P<body>[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})"
        + _END,
        3.5,
    ),
    _d(
        N_("a Twilio API key"),
        "SK",
        r"(?<![A-Za-z0-9])SK(?P<body>[0-9a-f]{32})(?![A-Za-z0-9])",
    ),
    _p(N_("a Mailgun API key"), "key-", r"[0-9a-f]{32}", start=True),
    # Chat webhook URLs: whoever has the URL can post (the path is the credential). Slack
    # "Sending messages using incoming webhooks"; Discord "Intro to Webhooks"; Microsoft
    # Teams incoming webhooks; Google Chat incoming webhooks.
    _d(
        N_("a chat webhook URL (whoever has it can post)"),
        "hooks.slack.com discord.com/api/webhooks discordapp.com/api/webhooks "
        "webhook.office.com chat.googleapis.com",
        r"https://(?:hooks\.slack\.com/(?:services|workflows|triggers)/(?P<body>[A-Za-z0-9/_-]{8,})"
        r"|(?:discord|discordapp)\.com/api/webhooks/[0-9]+/[A-Za-z0-9_-]+"
        r"|[A-Za-z0-9.-]+\.webhook\.office\.com/webhookb2/\S+"
        r"|chat\.googleapis\.com/v1/spaces/[^/\s]+/messages\?\S*(?:key|token)=\S+)",
        0.0,
    ),
    # --- payments and commerce ---------------------------------------------------------
    _d(
        N_("a Stripe secret key"),
        "sk_live_ sk_test_ sk_prod_ rk_live_ rk_test_ rk_prod_",
        rf"{_START}[rs]k_(?:live|test|prod)_(?P<body>[A-Za-z0-9]{{10,247}}){_END}",
    ),
    _p(N_("a Stripe webhook signing secret"), "whsec_", r"[A-Za-z0-9+/=]{24,}", start=True),
    _d(
        N_("a Square access token"),
        "sq0atp- sq0csp- EAAA",
        rf"{_START}(?:sq0atp-|sq0csp-|EAAA)(?P<body>[A-Za-z0-9_-]{{22,60}}){_END}",
    ),
    _d(
        N_("a Shopify access token"),
        "shpat_ shpca_ shppa_ shpss_",
        rf"shp(?:at|ca|pa|ss)_(?P<body>[a-fA-F0-9]{{32}}){_END}",
    ),
    _d(
        N_("a Shippo API token"),
        "shippo_",
        rf"shippo_(?:live|test)_(?P<body>[a-fA-F0-9]{{40}}){_END}",
    ),
    _d(
        N_("an EasyPost API key"),
        "EZAK EZTK",
        rf"{_START}EZ[AT]K(?P<body>[A-Za-z0-9]{{54}}){_END}",
    ),
    _d(
        N_("a Duffel API token"),
        "duffel_",
        rf"duffel_(?:test|live)_(?P<body>[A-Za-z0-9_=-]{{43}}){_END}",
    ),
    _d(
        N_("a Flutterwave secret key"),
        "FLWSECK",
        r"FLWSECK(?:_TEST)?-(?P<body>[a-hA-H0-9]{12,32})(?:-X)?" + _END,
    ),
    # --- AI services -------------------------------------------------------------------
    _d(
        N_("an OpenAI API key"),
        "T3BlbkFJ sk-proj- sk-svcacct- sk-admin-",
        r"sk-(?:(?:proj|svcacct|admin)-(?P<body>[A-Za-z0-9_-]{40,})"
        r"|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})" + _END,
    ),
    _d(
        N_("an Anthropic API key"),
        "sk-ant-",
        rf"sk-ant-(?:api|admin)\d\d-(?P<body>[A-Za-z0-9_-]{{80,}}){_END}",
    ),
    _d(
        N_("a Hugging Face token"),
        "hf_ api_org_",
        rf"{_START}(?:hf|api_org)_(?P<body>[A-Za-z]{{34}}){_END}",
    ),
    _p(N_("a Perplexity API key"), "pplx-", r"[A-Za-z0-9]{48}"),
    # --- cloud, infrastructure and operations -----------------------------------------
    _d(
        N_("a DigitalOcean token"),
        "dop_v1_ doo_v1_ dor_v1_",
        rf"do[opr]_v1_(?P<body>[a-f0-9]{{64}}){_END}",
    ),
    _d(N_("a Databricks token"), "dapi", rf"{_START}dapi(?P<body>[a-f0-9]{{32}})(?:-\d)?{_END}"),
    _d(
        N_("a Doppler token"),
        "dp.pt. dp.st. dp.ct. dp.sa. dp.scim. dp.audit.",
        rf"dp\.(?:pt|st|ct|sa|scim|audit)\.(?P<body>[A-Za-z0-9]{{40,44}}){_END}",
    ),
    _d(
        N_("a Dynatrace API token"),
        "dt0c01.",
        rf"dt0c01\.(?P<body>[A-Za-z0-9]{{24}}\.[A-Za-z0-9]{{64}}){_END}",
    ),
    _d(
        N_("a Grafana token"),
        "glc_ glsa_ eyJrIjoi",
        r"(?:glc_(?P<body>[A-Za-z0-9+/]{32,400}={0,3})|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}"
        r"|eyJrIjoi[A-Za-z0-9]{70,400}={0,3})" + _END,
    ),
    _d(
        N_("a HashiCorp Terraform Cloud token"),
        ".atlasv1.",
        rf"[A-Za-z0-9]{{14}}\.atlasv1\.(?P<body>[A-Za-z0-9_=-]{{60,70}}){_END}",
    ),
    _d(
        N_("a HashiCorp Vault token"),
        "hvs. hvb. hvr.",
        rf"{_START}hv[sbr]\.(?P<body>[A-Za-z0-9_-]{{24,300}}){_END}",
        3.5,
    ),
    _p(N_("a Heroku API key"), "HRKU-AA", r"[A-Za-z0-9_-]{58}"),
    _d(
        N_("a Fly.io token"),
        "fo1_ fm1a_ fm1r_ fm2_",
        r"(?:fo1_(?P<body>[A-Za-z0-9_-]{43})|fm(?:1[ar]|2)_[A-Za-z0-9+/]{100,}={0,3})" + _END,
    ),
    _p(N_("a Pulumi access token"), "pul-", r"[a-f0-9]{40}", start=True),
    _d(
        N_("a PlanetScale token or password"),
        "pscale_tkn_ pscale_oauth_ pscale_pw_",
        rf"pscale_(?:tkn|oauth|pw)_(?P<body>[A-Za-z0-9_=.-]{{32,64}}){_END}",
    ),
    _p(N_("an Infracost API key"), "ico-", r"[A-Za-z0-9]{32}", start=True),
    _p(N_("a Prefect API key"), "pnu_", r"[A-Za-z0-9]{36}", start=True),
    _p(N_("a Scalingo API token"), "tk-us-", r"[A-Za-z0-9_-]{48}"),
    _p(N_("an OpenShift user token"), "sha256~", r"[A-Za-z0-9_-]{43}", 3.5),
    _d(
        N_("a New Relic key"),
        "NRAK- NRII- NRJS-",
        rf"NR(?:AK-(?P<body>[A-Z0-9]{{27}})|II-[A-Za-z0-9_-]{{32}}|JS-[a-f0-9]{{19}}){_END}",
    ),
    _d(
        N_("a Sentry token"),
        "sntrys_ sntryu_",
        r"sntry(?:u_(?P<body>[a-f0-9]{64})|s_eyJ[A-Za-z0-9+/=_]{60,})" + _END,
    ),
    _p(N_("a Linear API key"), "lin_api_", r"[A-Za-z0-9]{40}"),
    _p(N_("a Notion API token"), "ntn_", r"[0-9]{11}[A-Za-z0-9]{35}", start=True),
    _p(N_("a ReadMe API key"), "rdme_", r"[a-z0-9]{70}"),
    _p(N_("a Frame.io API token"), "fio-u-", r"[A-Za-z0-9_=-]{64}"),
    _d(
        N_("a 1Password service account token"),
        "ops_eyJ",
        r"ops_eyJ(?P<body>[A-Za-z0-9+/]{250,}={0,3})",
    ),
    _d(
        N_("a Mapbox secret token"),
        "sk.eyJ",
        rf"{_START}sk\.eyJ(?P<body>[A-Za-z0-9_-]{{30,}}\.[A-Za-z0-9_-]{{20,}}){_END}",
    ),
    _d(
        N_("a Facebook access token"),
        "EAAC EAAM",
        rf"{_START}EAA[CM](?P<body>[A-Za-z0-9]{{100,}}){_END}",
    ),
    # --- generic bearer credentials ----------------------------------------------------
    _d(
        N_("a JSON Web Token (a bearer credential)"),
        "eyJ",
        r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ(?P<body>[A-Za-z0-9_-]{10,})"
        r"\.[A-Za-z0-9_-]{10,}" + _END,
    ),
    _d(
        N_("an Authorization header credential"),
        "Bearer Basic bearer basic",
        r"(?:Bearer|Basic|bearer|basic)\s+(?P<body>[A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])",
        3.5,
    ),
)


def _trie(words: list[str]) -> str:
    """One regular expression for many literal words, branching on shared prefixes: at
    each position only the branch of its first character is tried (4x faster than a flat
    alternation of 130 words)."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + emit(sub) for c, sub in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


_GATE = re.compile(_trie(sorted({m for d in DETECTORS for m in d.markers if m != "."})))
SHORTEST = 13  # no detector matches less: xoxa- and 8 characters

# Words that mark an example, not a credential (matched case-insensitively in the match).
# This and _DOCUMENTATION are compiled by re on first use (re caches them): most files hold
# no candidate secret.
_PLACEHOLDERS = (
    r"(?i)example|your|xxxx|placeholder|changeme|change_me|dummy|sample|redacted|secret_here"
    r"|token_here|insert|replace|<|>|\.\.\.|…|\*\*\*"
)
_RUNS = ("abcdefgh", "bcdefghi", "12345678", "23456789", "01234567")


# A value written to show where a secret goes: <your-token>, YOUR_API_KEY, xxxx, EXAMPLE.
_DOCUMENTATION = (
    r"(?i)(?:^|[^a-z])your(?:[^a-z]|$)|example|xxxx|placeholder|dummy|redacted|^<[^<>]*>$"
)


def documentation_value(text: str) -> bool:
    """Whether a value under a secret-named key is a placeholder, not a secret."""
    return re.search(_DOCUMENTATION, text) is not None


def entropy(text: str) -> float:
    """Shannon entropy of ``text``, bits per character."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def placeholder(match: str, body: str, floor: float) -> bool:
    """Whether a token-shaped text is an example rather than a credential."""
    if re.search(_PLACEHOLDERS, match):
        return True
    lowered = body.lower()
    if any(run in lowered for run in _RUNS):
        return True
    return entropy(body) < floor


def _scan(detector: Detector, text: str) -> bool:
    for match in detector.pattern.finditer(text):
        body = match.group("body") if "body" in detector.pattern.groupindex else None
        body = body or match.group(0)
        if not placeholder(match.group(0), body, detector.entropy):
            return True
    return False


@lru_cache(maxsize=65536)
def detect(text: str) -> str | None:
    """The kind of secret ``text`` holds by its format, or None. The cheap gate first:
    most values hold no marker at all and cost one regular-expression search."""
    if len(text) < SHORTEST:
        return None
    gated = _GATE.search(text) is not None
    dotted = len(text) >= 59 and "." in text
    if not gated and not dotted:
        return None
    for detector in DETECTORS:
        if detector.markers == (".",):
            if not dotted:
                continue
        elif not gated or not any(m in text for m in detector.markers):
            continue
        if _scan(detector, text):
            return detector.kind
    return None


# --- shapes without a marker, under a key that names the provider -------------------

PROVIDERS: dict[str, str] = {
    "datadog": "Datadog",
    "dd": "Datadog",
    "mailgun": "Mailgun",
    "twilio": "Twilio",
    "sendgrid": "SendGrid",
    "newrelic": "New Relic",
    "sentry": "Sentry",
    "heroku": "Heroku",
    "algolia": "Algolia",
    "okta": "Okta",
    "auth0": "Auth0",
    "cloudflare": "Cloudflare",
    "fastly": "Fastly",
    "pagerduty": "PagerDuty",
    "opsgenie": "Opsgenie",
    "bugsnag": "Bugsnag",
    "rollbar": "Rollbar",
    "launchdarkly": "LaunchDarkly",
    "segment": "Segment",
    "hubspot": "HubSpot",
    "intercom": "Intercom",
    "mailchimp": "Mailchimp",
    "postmark": "Postmark",
    "sparkpost": "SparkPost",
    "pusher": "Pusher",
    "mapbox": "Mapbox",
    "bitbucket": "Bitbucket",
    "jira": "Jira",
    "confluence": "Confluence",
    "atlassian": "Atlassian",
    "circleci": "CircleCI",
    "travis": "Travis CI",
    "netlify": "Netlify",
    "vercel": "Vercel",
    "dropbox": "Dropbox",
    "twitter": "Twitter",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
    "plaid": "Plaid",
    "paypal": "PayPal",
    "braintree": "Braintree",
    "adyen": "Adyen",
}
# A key-shaped value: hex (groups joined by '-': a UUID, Mailgun's hex-hex-hex), or one
# run of base64 characters mixing upper case, lower case and digits. Names built of words
# (dataset-production-service-2024, #alerts-prod) are neither.
_HEX_KEY = re.compile(r"(?:[0-9a-f]{8,}(?:-[0-9a-f]{4,}){0,4}|[0-9A-F]{8,}(?:-[0-9A-F]{4,}){0,4})")
_TOKEN_KEY = re.compile(r"(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])(?=[^0-9]*[0-9])[A-Za-z0-9+/=]{20,200}")


@lru_cache(maxsize=65536)
def provider_key(text: str) -> bool:
    """Whether a value under a key naming a provider has the shape of its key (hex, a UUID,
    a random base64 run): ``datadog: {app: 3f2b…}``, ``pagerduty: {routing: …}``."""
    if _HEX_KEY.fullmatch(text):
        body = text.replace("-", "")
        return len(body) >= 20 and not placeholder(text, body, 3.0)
    if _TOKEN_KEY.fullmatch(text):
        return not placeholder(text, text, 3.5)
    return False
