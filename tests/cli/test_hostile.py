"""Hostile input through a real ``python -m deploylint`` process.

Every case must end within 10 s, in bounded memory (the process runs under a 512 MiB
address-space limit), with exit code 0, 1 or 2, no traceback, nothing executed and nothing
from outside the config root printed. Big inputs are generated in tmp_path at test time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import valid_sarif

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, symlinks and rlimits")

TIMEOUT = 10
MEMORY = 512 * 1024 * 1024
CANARY = f"canary-{uuid.uuid4().hex}"  # set in the child's environment: must never be printed


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str], seconds: float) -> None:
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.seconds = seconds

    @property
    def data(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.stdout)
        return parsed

    def rows(self, root: Path | None = None) -> list[tuple[str, int, int, str]]:
        return sorted(
            (
                os.path.relpath(f["file"], root) if root else f["file"],
                f["line"],
                f["column"],
                f["rule"],
            )
            for f in self.data["findings"]
        )


def deploylint(*args: str, cwd: Path | None = None) -> Run:
    """``python -m deploylint check --no-config ARGS`` with the hostile-input guarantees."""
    env = {**os.environ, "DEPLOYLINT_CANARY": CANARY, "NO_COLOR": "1"}
    env.pop("DEPLOYLINT_DEBUG", None)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "deploylint", "check", "--no-config", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_memory,
    )
    run = Run(proc, time.monotonic() - started)
    assert run.code in (0, 1, 2), run.stderr
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream
        assert CANARY not in stream
        assert "root:x:0:0" not in stream
    assert "internal error" not in run.stderr
    assert run.seconds < TIMEOUT
    return run


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


Writer = Callable[[Path], None]


# --- resource limits: DL006 quickly and in bounded memory -----------------------------


def billion_laughs(path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, cur in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 10) + "]")
    lines.append("config: {cache: *i}")
    path.write_text("\n".join(lines) + "\n")


def deep_brackets(path: Path) -> None:
    path.write_text("config: " + "[" * 100_000 + "]" * 100_000 + "\n")


def deep_braces(path: Path) -> None:
    path.write_text("config: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n")


def deep_blocks(path: Path) -> None:
    path.write_text("".join(" " * i + "- \n" for i in range(0, 2000, 2)))


def many_nodes(path: Path) -> None:
    path.write_text("x: [" + "1," * 200_000 + "1]\n")  # 400 KB, 200,001 nodes


def long_integer(path: Path) -> None:
    path.write_text("config:\n  cache:\n    max_connections: " + "9" * 6000 + "\n")


def long_hex(path: Path) -> None:
    path.write_text("config:\n  application:\n    api:\n      workers: 0x" + "f" * 6000 + "\n")


def long_line(path: Path) -> None:
    path.write_text("config:\n  application:\n    api:\n      host: " + "x" * 5_000_000 + "\n")


def fifty_megabytes(path: Path) -> None:
    line = "# " + "x" * 1021 + "\n"
    with path.open("w") as handle:
        handle.write("config:\n")
        for _ in range(50 * 1024):
            handle.write(line)


@pytest.mark.parametrize(
    ("make", "row", "message"),
    [
        (billion_laughs, (5, 36), "more than 100000 nodes (aliases included)"),
        (deep_brackets, (1, 72), "nesting deeper than 64 levels"),
        (deep_braces, (1, 261), "nesting deeper than 64 levels"),
        (deep_blocks, (65, 129), "nesting deeper than 64 levels"),
        (many_nodes, (1, 200_001), "more than 100000 nodes"),
        (long_integer, (3, 22), "number with 6,000 characters is longer than the 64-character"),
        (long_hex, (4, 16), "number with 6,002 characters is longer than the 64-character"),
        (long_line, (1, 1), "file is 5,000,045 bytes, over the 1,048,576-byte limit"),
        (fifty_megabytes, (1, 1), "file is 52,428,808 bytes, over the 1,048,576-byte limit"),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_a_resource_limit_ends_in_dl006(
    tmp_path: Path, make: Writer, row: tuple[int, int], message: str
) -> None:
    make(tmp_path / "app.yaml")
    write(tmp_path / "ok.yaml", "config:\n  cache: {timeout: soon}\n")  # still checked
    run = deploylint("--format", "json", "--select", "DL0", str(tmp_path))
    assert run.code == 1
    assert run.rows(tmp_path) == [("app.yaml", *row, "DL006"), ("ok.yaml", 2, 20, "DL002")]
    [finding] = [f for f in run.data["findings"] if f["rule"] == "DL006"]
    assert message in finding["message"]
    assert len(run.stdout) < 10_000  # nothing of the input is echoed


def test_a_huge_number_in_a_string_is_no_crash(tmp_path: Path) -> None:
    write(tmp_path / "app.yaml", f"config:\n  cache:\n    timeout: '{'9' * 400}'\n")
    write(tmp_path / "ok.yaml", "config:\n  search: {number_of_shards: x}\n")
    run = deploylint("--format", "json", "--select", "DL0", str(tmp_path))
    assert run.code == 1
    assert [(r[0], r[3]) for r in run.rows(tmp_path)] == [
        ("app.yaml", "DL002"),
        ("ok.yaml", "DL002"),
    ]


def test_a_long_key_is_not_echoed_whole(tmp_path: Path) -> None:
    write(tmp_path / "app.yaml", f"config:\n  ? {'k' * 900_000}\n  : 1\n")
    for fmt in ("json", "text"):
        run = deploylint("--format", fmt, "--select", "DL0", str(tmp_path))
        assert run.code == 0  # DL004 is a warning
        assert "DL004" in run.stdout
        assert len(run.stdout) < 5_000


# --- unsafe YAML: reported, never constructed -----------------------------------------


def test_object_building_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path.parent / f"{tmp_path.name}-pwned"
    root = tmp_path / "cfg"
    write(
        root / "app.yaml",
        f"""
        config:
          application:
            api:
              host: !!python/object/apply:os.system ["touch {marker}"]
              port: !!python/object/apply:subprocess.check_call [["touch", "{marker}"]]
              workers: !!python/name:os.system
              timeout: !!python/object/new:os.system ["touch {marker}"]
          cache: !foo {{timeout: 5}}
        """,
    )
    write(root / "app.json", f'{{"config": !!python/object/apply:os.system ["touch {marker}"]}}\n')
    run = deploylint("--format", "json", str(root))
    assert not marker.exists()
    assert run.code == 1
    assert run.rows(root) == [
        ("app.json", 1, 12, "DL001"),  # a .json file is strict JSON: a tag is not JSON
        ("app.yaml", 4, 13, "DL005"),
        ("app.yaml", 5, 13, "DL005"),
        ("app.yaml", 6, 16, "DL005"),
        ("app.yaml", 7, 16, "DL005"),
        ("app.yaml", 8, 10, "DL005"),
    ]


def test_duplicate_keys_are_reported_not_merged(tmp_path: Path) -> None:
    write(tmp_path / "app.yaml", "config:\n  cache: {timeout: 5}\nconfig:\n  cache: {timeout: x}\n")
    run = deploylint("--format", "json", "--select", "DL0", str(tmp_path))
    assert run.rows(tmp_path) == [("app.yaml", 3, 1, "DL003")]
    assert run.code == 1


# --- encodings and degenerate files ---------------------------------------------------


ODD_FILES = [
    ("bad-utf8.yaml", b"config:\n  cache: {timeout: caf\xe9}\n", [(2, 23, "DL001")]),
    ("utf16.yaml", "config:\n  cache: {timeout: x}\n".encode("utf-16"), [(2, 20, "DL002")]),
    ("utf16.json", '{"config": {"cache": 5}}'.encode("utf-16"), [(1, 22, "DL002")]),
    ("utf8-bom.yaml", b"\xef\xbb\xbfconfig:\n  cache: {timeout: x}\n", [(2, 20, "DL002")]),
    ("empty.yaml", b"", None),  # None: not a config (issue 14 §2), said so, never a pass
    ("comments.yaml", b"# nothing here\n\n# at all\n", None),
    ("nul.yaml", b"\x00\x00\x00\x00", [(1, 1, "DL001")]),
    ("scalar.yaml", b"just a string\n", None),
    ("list.yaml", b"- config\n- monitoring\n", None),
    ("binary.yaml", bytes(range(256)) * 4, [(2, 118, "DL001")]),
]


@pytest.mark.parametrize(("name", "raw", "rows"), ODD_FILES, ids=[c[0] for c in ODD_FILES])
def test_odd_encodings_and_shapes_give_a_clear_finding_or_nothing(
    tmp_path: Path, name: str, raw: bytes, rows: list[tuple[int, int, str]] | None
) -> None:
    (tmp_path / name).write_bytes(raw)
    run = deploylint("--format", "json", "--select", "DL0", str(tmp_path))
    if rows is None:  # not a config: the run has nothing to check, and says why
        assert run.code == 2
        assert f"no config files: 1 file skipped ({tmp_path / name}: not a deploylint config" in (
            run.stderr
        )
        return
    assert run.rows(tmp_path) == [(name, *row) for row in rows]
    assert run.code == (1 if rows else 0)
    text = deploylint("--format", "text", "--select", "DL0", str(tmp_path))
    assert text.code == run.code
    assert text.stdout.endswith(" in 1 file.\n")


# --- config sets: walking ---------------------------------------------------------------


def test_fifos_symlink_loops_and_hidden_folders_are_never_followed(tmp_path: Path) -> None:
    root = tmp_path / "cfg"
    write(root / "app.yaml", "config:\n  cache: {timeout: soon}\n")
    write(root / ".hidden" / "broken.yaml", "config: [\n")
    write(root / "sub" / ".git" / "broken.yml", "config: [\n")
    os.mkfifo(root / "fifo.yaml")  # opening it for reading would block forever
    os.mkfifo(root / "sub" / "pipe.json")
    os.symlink("loop-b.yaml", root / "loop-a.yaml")
    os.symlink("loop-a.yaml", root / "loop-b.yaml")
    os.symlink("self.yml", root / "self.yml")
    os.symlink("..", root / "sub" / "up")  # a folder loop
    os.symlink(str(root), root / "sub" / "again")
    os.symlink("/etc/passwd", root / "passwd.yaml")  # out of the root
    os.symlink("/proc/self/environ", root / "environ.yaml")
    os.symlink("app.yaml", root / "alias.yaml")  # inside the root: followed
    run = deploylint("--format", "json", "--select", "DL0", str(root))
    assert run.code == 1
    assert run.rows(root) == [("alias.yaml", 2, 20, "DL002"), ("app.yaml", 2, 20, "DL002")]
    assert run.data["summary"]["files"] == 2
    assert run.seconds < 5


def test_a_fifo_named_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.yaml")
    run = deploylint(str(tmp_path / "fifo.yaml"))
    assert run.code == 2
    assert run.stdout == ""
    assert run.stderr == f"deploylint: not a file or folder: {tmp_path / 'fifo.yaml'}\n"


def test_extending_a_fifo_inside_the_root_does_not_open_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "base.yaml.pipe")
    write(tmp_path / "app.yaml", "extends: base.yaml.pipe\n")
    run = deploylint("--format", "json", "--select", "DL0", str(tmp_path))
    assert run.rows(tmp_path) == [("base.yaml.pipe", 1, 1, "DL001")]
    assert "not a regular file; not read" in run.stdout


# --- extends: never outside the root ----------------------------------------------------


@pytest.fixture
def escaping_set(tmp_path: Path) -> Path:
    """A config root whose files extend things outside it (which hold secrets)."""
    outside = tmp_path / "etc" / "passwd"
    write(outside, f"root:x:0:0:{CANARY}:/root:/bin/bash\nconfig: {{cache: {{timeout: 1}}}}\n")
    write(tmp_path / "secret.yaml", f"config: {{cache: {{timeout: '{CANARY}'}}}}\n")
    root = tmp_path / "a" / "cfg"
    deep = "../" * (len(root.parts) + 2)
    write(
        root / "app.yaml",
        """
        architecture:
          environments:
            production: {region: ap-northeast-1}
        """,
    )
    write(root / "environ.yaml", "extends: /proc/self/environ\n")
    write(root / "passwd.yaml", "extends: ../../etc/passwd\n")
    write(root / "real-passwd.yaml", f"extends: {deep}etc/passwd\n")
    write(root / "proc.yaml", f"extends: {deep}proc/self/environ\n")
    write(root / "list.yaml", "extends: [app.yaml, ../../secret.yaml]\n")
    write(root / "home.yaml", "extends: ~/.ssh/id_rsa\n")
    os.symlink("/proc/self/environ", root / "link-environ")
    os.symlink(tmp_path / "secret.yaml", root / "link-secret")
    write(root / "via-link.yaml", "extends: link-environ\n")
    write(root / "via-link2.yaml", "extends: link-secret\n")
    return root


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "github"])
def test_extends_outside_the_root_is_dl010_and_never_read(escaping_set: Path, fmt: str) -> None:
    run = deploylint("--format", fmt, "--select", "DL0", str(escaping_set))
    assert run.code == 1
    assert run.stderr == ""
    assert run.stdout.count("DL010") >= 8
    assert "bin/bash" not in run.stdout
    if fmt == "sarif":
        valid_sarif(run.stdout)


def test_extends_outside_the_root_rows(escaping_set: Path) -> None:
    run = deploylint("--format", "json", "--select", "DL0", str(escaping_set))
    assert run.rows(escaping_set) == [
        ("environ.yaml", 1, 10, "DL010"),
        ("home.yaml", 1, 10, "DL010"),
        ("list.yaml", 1, 21, "DL010"),
        ("passwd.yaml", 1, 10, "DL010"),
        ("proc.yaml", 1, 10, "DL010"),
        ("real-passwd.yaml", 1, 10, "DL010"),
        ("via-link.yaml", 1, 10, "DL010"),
        ("via-link2.yaml", 1, 10, "DL010"),
    ]
    messages = {os.path.basename(f["file"]): f["message"] for f in run.data["findings"]}
    assert "is an absolute path" in messages["environ.yaml"]
    assert "points outside the config root" in messages["passwd.yaml"]
    assert "points outside the config root" in messages["via-link.yaml"]


def test_extends_cycles_end(tmp_path: Path) -> None:
    for i in range(50):
        write(
            tmp_path / f"f{i:02}.yaml",
            f"extends: [f{(i + 1) % 50:02}.yaml, f{(i + 7) % 50:02}.yaml]\n",
        )
    run = deploylint("--format", "json", "--select", "DL0", str(tmp_path))
    assert run.code == 1
    assert {f["rule"] for f in run.data["findings"]} == {"DL010"}
    assert all("extends forms a cycle" in f["message"] for f in run.data["findings"])
