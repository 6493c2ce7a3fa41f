"""A small Dockerfile linter with hadolint's rules that matter for Phoenix's image (codes as hadolint's).

No Docker engine or hadolint binary is needed: the Dockerfile is parsed here (continuation lines
joined, comments dropped) into stages of instructions, and each rule is a function from the parsed
file to findings. `lint(text)` runs them all.
"""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str  # upper case: FROM, RUN, COPY, ...
    arguments: str

    def flags(self) -> dict[str, str]:
        """`--name=value` options before the instruction's arguments (COPY --from=..., ...)."""
        found = {}
        for word in self.arguments.split():
            if not word.startswith("--"):
                break
            name, _, value = word[2:].partition("=")
            found[name] = value
        return found

    def exec_form(self) -> list[str] | None:
        """The JSON-array form's words (CMD ["a", "b"]), or None for the shell form."""
        text = self.arguments.strip()
        if not text.startswith("["):
            return None
        try:
            words = json.loads(text)
        except ValueError:
            return None
        return words if isinstance(words, list) and all(isinstance(w, str) for w in words) else None


@dataclass
class Stage:
    image: str
    alias: str | None
    line: int
    instructions: list[Instruction] = field(default_factory=list)

    def of(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]


@dataclass(frozen=True)
class Finding:
    code: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.code} {self.message}"


def parse(text: str) -> list[Stage]:
    """The stages of a Dockerfile; instructions before the first FROM (ARG) are ignored."""
    stages: list[Stage] = []
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        pending = ""
        instruction = Instruction(start, keyword.upper(), arguments.strip())
        if instruction.keyword == "FROM":
            words = [w for w in instruction.arguments.split() if not w.startswith("--")]
            alias = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            stages.append(Stage(words[0], alias, start))
        elif stages:
            stages[-1].instructions.append(instruction)
    return stages


def _runs(stages: list[Stage]) -> list[Instruction]:
    return [i for stage in stages for i in stage.of("RUN")]


def _says_yes(option: str) -> bool:
    """-y, --yes, --assume-yes, -qq (which implies -y) or a combination such as -yq."""
    if option in ("--yes", "--assume-yes", "-qq", "-q=2"):
        return True
    return option.startswith("-") and not option.startswith("--") and "y" in option


def _commands(run: Instruction) -> list[list[str]]:
    """The simple commands of a shell-form RUN (split on &&, ||, ; and |)."""
    script = re.sub(r"(&&|\|\||;|\|)", " \n ", run.arguments)
    commands = []
    for piece in script.split("\n"):
        try:
            words = shlex.split(piece)
        except ValueError:
            words = piece.split()
        if words:
            commands.append(words)
    return commands


# -- the rules ---------------------------------------------------------------------------------------
def pinned_base_images(stages: list[Stage]) -> list[Finding]:
    """DL3006/DL3007: every base image names a tag (or digest), and the tag is not `latest`."""
    findings, aliases = [], set()
    for stage in stages:
        image = stage.image
        if image in aliases or image == "scratch" or image.startswith("$") or "@sha256:" in image:
            pass  # a stage above, no image, a build argument or a digest: nothing to pin
        elif ":" not in image.rsplit("/", 1)[-1]:
            findings.append(Finding("DL3006", stage.line, f"{image}: tag the base image explicitly"))
        elif image.rsplit(":", 1)[1] == "latest":
            findings.append(Finding("DL3007", stage.line, f"{image}: `latest` is not a version; pin one"))
        if stage.alias:
            aliases.add(stage.alias)
    return findings


def apt_get_installs_are_lean(stages: list[Stage]) -> list[Finding]:
    """DL3014/DL3015/DL3009: `apt-get install -y --no-install-recommends`, after an `apt-get update`
    in the same RUN, which also removes /var/lib/apt/lists."""
    findings = []
    for run in _runs(stages):
        commands = _commands(run)
        installs = [c for c in commands if c[:2] == ["apt-get", "install"]]
        if not installs:
            continue
        for install in installs:
            if not any(_says_yes(word) for word in install):
                findings.append(Finding("DL3014", run.line, "apt-get install needs -y (builds are not interactive)"))
            if "--no-install-recommends" not in install:
                findings.append(Finding("DL3015", run.line, "apt-get install needs --no-install-recommends"))
        if not any(c[:2] == ["apt-get", "update"] for c in commands):
            findings.append(Finding("DL3009", run.line, "run apt-get update in the same RUN as apt-get install"))
        if not any(c[:2] == ["rm", "-rf"] and "/var/lib/apt/lists/*" in c for c in commands):
            findings.append(Finding("DL3009", run.line, "remove /var/lib/apt/lists/* in the RUN that installs"))
    return findings


def pip_installs_keep_no_cache(stages: list[Stage]) -> list[Finding]:
    """DL3042: `pip install --no-cache-dir`."""
    return [
        Finding("DL3042", run.line, "pip install needs --no-cache-dir")
        for run in _runs(stages)
        for command in _commands(run)
        if command[:2] == ["pip", "install"] and "--no-cache-dir" not in command
    ]


def copy_not_add(stages: list[Stage]) -> list[Finding]:
    """DL3020: COPY files; ADD fetches URLs and unpacks archives behind the reader's back."""
    return [Finding("DL3020", i.line, "use COPY instead of ADD") for s in stages for i in s.of("ADD")]


def copy_from_earlier_stages(stages: list[Stage]) -> list[Finding]:
    """DL3022: `COPY --from=` names a stage defined above (or a pinned image)."""
    findings, aliases = [], set()
    for stage in stages:
        for copy in stage.of("COPY"):
            source = copy.flags().get("from")
            if source is not None and source not in aliases and ":" not in source:
                findings.append(Finding("DL3022", copy.line, f"COPY --from={source}: no stage of that name above"))
        if stage.alias:
            aliases.add(stage.alias)
    return findings


def absolute_workdirs(stages: list[Stage]) -> list[Finding]:
    """DL3000: WORKDIR is an absolute path."""
    return [
        Finding("DL3000", i.line, f"WORKDIR {i.arguments}: use an absolute path")
        for s in stages
        for i in s.of("WORKDIR")
        if not i.arguments.startswith(("/", "$"))
    ]


def no_cd_sudo_or_maintainer(stages: list[Stage]) -> list[Finding]:
    """DL3003 (WORKDIR, not `cd`), DL3004 (no sudo), DL4000 (MAINTAINER is deprecated)."""
    findings = []
    for run in _runs(stages):
        for command in _commands(run):
            if command[0] == "cd":
                findings.append(Finding("DL3003", run.line, "use WORKDIR to switch directories"))
            if command[0] == "sudo":
                findings.append(Finding("DL3004", run.line, "do not use sudo: RUN already runs as the USER"))
    findings += [Finding("DL4000", i.line, "MAINTAINER is deprecated") for s in stages for i in s.of("MAINTAINER")]
    return findings


def pipes_fail_the_build(stages: list[Stage]) -> list[Finding]:
    """DL4006: a RUN with a pipe sets `-o pipefail` (SHELL or `set -o pipefail`), or a failing first
    command passes unnoticed."""
    findings = []
    for stage in stages:
        pipefail = False
        for instruction in stage.instructions:
            if instruction.keyword == "SHELL" and "pipefail" in instruction.arguments:
                pipefail = True
            piped = instruction.keyword == "RUN" and re.search(r"[^|]\|[^|]", instruction.arguments)
            if piped and not (pipefail or "set -o pipefail" in instruction.arguments):
                findings.append(Finding("DL4006", instruction.line, "set -o pipefail before a pipe"))
    return findings


def exec_form_commands(stages: list[Stage]) -> list[Finding]:
    """DL3025: CMD and ENTRYPOINT in JSON (exec) form, so signals reach the program, not a shell."""
    return [
        Finding("DL3025", i.line, f"{i.keyword}: use the JSON (exec) form")
        for s in stages
        for i in s.instructions
        if i.keyword in ("CMD", "ENTRYPOINT") and i.exec_form() is None
    ]


def runs_as_non_root(stages: list[Stage]) -> list[Finding]:
    """DL3002: the image's last USER is not root, and is set before CMD and ENTRYPOINT."""
    if not stages:
        return [Finding("DL3061", 1, "no FROM: not a Dockerfile")]
    final = stages[-1]
    users = final.of("USER")
    if not users:
        return [Finding("DL3002", final.line, "the final stage sets no USER: the container would run as root")]
    last = users[-1]
    if last.arguments.split(":")[0] in ("root", "0"):
        return [Finding("DL3002", last.line, "the last USER is root")]
    starts = [i for i in final.instructions if i.keyword in ("CMD", "ENTRYPOINT")]
    return [Finding("DL3002", i.line, f"{i.keyword} comes before USER") for i in starts if i.line < last.line]


def has_healthcheck(stages: list[Stage]) -> list[Finding]:
    """PH001 (Phoenix's own): the final stage says how to tell the server is healthy, in exec form."""
    if not stages:
        return []
    checks = stages[-1].of("HEALTHCHECK")
    if not checks or checks[-1].arguments.upper() == "NONE":
        return [Finding("PH001", stages[-1].line, "the final stage has no HEALTHCHECK")]
    command = re.match(r"(?:--\S+\s+)*CMD\s+(.*)", checks[-1].arguments, re.DOTALL)
    if command is None or Instruction(checks[-1].line, "CMD", command[1]).exec_form() is None:
        return [Finding("PH001", checks[-1].line, "HEALTHCHECK needs a CMD in the JSON (exec) form")]
    return []


RULES: list[Callable[[list[Stage]], list[Finding]]] = [
    pinned_base_images,
    apt_get_installs_are_lean,
    pip_installs_keep_no_cache,
    copy_not_add,
    copy_from_earlier_stages,
    absolute_workdirs,
    no_cd_sudo_or_maintainer,
    pipes_fail_the_build,
    exec_form_commands,
    runs_as_non_root,
    has_healthcheck,
]


def lint(text: str) -> list[Finding]:
    """Every rule's findings for the Dockerfile `text`."""
    stages = parse(text)
    return [finding for rule in RULES for finding in rule(stages)]
