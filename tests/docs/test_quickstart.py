"""docs/quickstart.md, followed literally: every command of its ```console blocks runs in bash from the
repository's root, in order, each in the environment the previous ones left (so `source
.venv/bin/activate` holds for the next commands), and prints what the page shows.

What the page shows: the lines after a `$ command` line up to the next command. A line `...` stands
for any number of lines, `...` inside a line for any text; trailing blanks are ignored (tables pad
their title lines).

What the test substitutes, and why (the page's words are otherwise run as they are):
- `make run` (terminal 1) starts `phoenix serve` through `tests.live_server` with the variables the
  page sets on that command, a temporary SQLite database and a free port, instead of the make
  target: the target would also install packages and build the console and the collector, and
  would serve the repository's own database on port 8080. What the target itself does is checked
  from its recipe (`make -n`): it prints the page's `Admin login:` line and execs `phoenix serve`.
- `PHOENIX_URL` points the commands at that server; its URL in their output is read as the page's
  `http://127.0.0.1:8080`. `XDG_CONFIG_HOME` is a temporary directory (the stored login), and
  `COLUMNS=120` is the terminal's width the page's tables assume.
- `phoenix login` reads the password from stdin; a terminal ends the hidden prompt line with the
  Enter you type, a pipe does not, so a newline is put after `password:`.
- `EXPERIMENT_ID` is replaced by the id `phoenix experiment run` printed, as the page asks the
  reader to do.
- The developer's `PHOENIX_*` variables and the virtualenv on `PATH` are removed first, so the
  page's own `source .venv/bin/activate` is what finds `phoenix`.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.simulation.helper import helper_supported
from tests.conftest import require_component
from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "quickstart.md"
DOC_URL = "http://127.0.0.1:8080"
COLUMNS = "120"
DEADLINE_SECONDS = 240  # the whole page; the experiment alone lasts 60 s plus deploying and analysis
EXPERIMENT_ID = re.compile(r"\b[0-9a-f]{32}\b")
CONSOLE_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.DOTALL | re.MULTILINE)


@dataclass
class Step:
    command: str
    expected: list[str]


def steps(text: str) -> list[Step]:
    """Every `$ command` of the page's console blocks with the output lines shown after it."""
    out: list[Step] = []
    for block in CONSOLE_BLOCK.findall(text):
        for line in block.splitlines():
            if line.startswith("$ "):
                out.append(Step(line[2:].strip(), []))
            else:
                assert out, f"output before any command in a console block: {line!r}"
                out[-1].expected.append(line)
    return out


def _line_matches(pattern: str, line: str) -> bool:
    """`line` is `pattern` with `...` as any text; runs of blanks count as one (a table pads cells)."""
    pattern, line = " ".join(pattern.split()), " ".join(line.split())
    regex = ".*".join(re.escape(part) for part in pattern.split("..."))
    return re.fullmatch(regex, line) is not None


def output_matches(expected: list[str], actual: list[str]) -> bool:
    """Whether `actual` is what `expected` shows: `...` lines take any number of lines."""
    expected = [line.rstrip() for line in expected]
    actual = [line.rstrip() for line in actual]
    while expected and not expected[-1]:
        expected.pop()
    while actual and not actual[-1]:
        actual.pop()
    memo: dict[tuple[int, int], bool] = {}

    def match(i: int, j: int) -> bool:
        if (i, j) not in memo:
            if i == len(expected):
                memo[i, j] = j == len(actual)
            elif expected[i] == "...":
                memo[i, j] = match(i + 1, j) or (j < len(actual) and match(i, j + 1))
            else:
                memo[i, j] = j < len(actual) and _line_matches(expected[i], actual[j]) and match(i + 1, j + 1)
        return memo[i, j]

    return match(0, 0)


def test_the_matcher_reads_the_page_as_described() -> None:
    assert output_matches(["a ... c", "...", "z"], ["a b c", "x", "y", "z   "])
    assert output_matches(["...", "b"], ["b"])
    assert not output_matches(["a", "b"], ["a", "b", "c"])
    assert not output_matches(["a ... c"], ["a b d"])
    assert output_matches(["│ x │ ...             │"], ["│ x │ 0.6905          │"])


def make_run_step(step: Step) -> dict[str, str]:
    """The variables the page sets on its `make run` command."""
    words = shlex.split(step.command)
    assert words[-2:] == ["make", "run"], f"the quick start must begin with `make run`: {step.command}"
    assignments = dict(word.split("=", 1) for word in words[:-2])
    assert all(name.startswith("PHOENIX_") for name in assignments), assignments
    return assignments


def check_make_run_recipe(step: Step, admin_password: str) -> None:
    """`make run` prints the page's `Admin login:` line and then execs `phoenix serve` (its recipe,
    without its prerequisites, which install and build)."""
    # As a user types it: not as a sub-make of `make test`, which would print "Entering directory".
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    recipe = subprocess.run(
        ["make", "-n", "-o", "setup", "-o", "frontend", "-o", "collector", "-o", "simhelpers", "-o", ".env", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert recipe.rstrip().endswith("exec .venv/bin/phoenix serve"), recipe
    echoed = re.search(r'echo "(Admin login: [^"]*)"', recipe)
    assert echoed, recipe
    printed = echoed.group(1).replace("$PHOENIX_ADMIN_PASSWORD", admin_password)
    assert output_matches(step.expected, [printed]), (step.expected, printed)


def _clean_environment(home: Path, url: str) -> dict[str, str]:
    venv_bin = str(ROOT / ".venv" / "bin")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PHOENIX_") and k != "VIRTUAL_ENV"}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p.rstrip("/") != venv_bin)
    env.update(PHOENIX_URL=url, XDG_CONFIG_HOME=str(home), COLUMNS=COLUMNS)
    return env


def _run(command: str, env: dict[str, str], state: Path, stdin: str | None, timeout: float) -> tuple[str, int]:
    """`command` in bash from the repository's root; the environment it leaves is written to `state`."""
    script = f'{command}\n__status=$?\nenv -0 > {shlex.quote(str(state))}\nexit "$__status"\n'
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=max(timeout, 1),
    )
    assert result.returncode == 0, f"`{command}` exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result.stdout, result.returncode


def _environment_left(state: Path) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in state.read_text().split("\0") if "=" in item)
    return dict(pairs)


def test_the_quick_start_does_what_it_says(tmp_path: Path) -> None:
    reason = helper_supported()
    if reason:
        require_component("the simulator's helper programs", reason)
    page = steps(DOC.read_text())
    server_env = make_run_step(page[0])
    deadline = time.monotonic() + DEADLINE_SECONDS
    server = LiveServer(database_url=f"sqlite+aiosqlite:///{tmp_path / 'phoenix.db'}", extra_env=server_env)
    check_make_run_recipe(page[0], server.admin_password)
    server.start()
    try:
        env = _clean_environment(tmp_path / "config", server.url)
        experiment_id: str | None = None
        for step in page[1:]:
            command = step.command
            if "EXPERIMENT_ID" in command:
                assert experiment_id, f"`{command}` before `phoenix experiment run` printed an id"
                command = command.replace("EXPERIMENT_ID", experiment_id)
            is_login = command.startswith("phoenix login")
            stdin = server.admin_password + "\n" if is_login else None
            stdout, _ = _run(command, env, tmp_path / "env", stdin, deadline - time.monotonic())
            env = _environment_left(tmp_path / "env")
            if is_login:
                stdout = stdout.replace("password:", "password:\n", 1)
            stdout = stdout.replace(server.url, DOC_URL)
            print(f"$ {step.command}\n{stdout}")
            if command.startswith("phoenix experiment run"):
                found = EXPERIMENT_ID.search(stdout)
                assert found, stdout
                experiment_id = found.group(0)
            assert output_matches(step.expected, stdout.splitlines()), (
                f"`{step.command}` printed\n{stdout}\nwhere docs/quickstart.md shows\n" + "\n".join(step.expected)
            )
    except BaseException:
        print(server.log_tail())
        raise
    finally:
        server.stop()


@pytest.mark.parametrize("path", ["examples/quickstart.yaml"])
def test_the_files_the_page_names_exist(path: str) -> None:
    assert path in DOC.read_text()
    assert (ROOT / path).is_file()
