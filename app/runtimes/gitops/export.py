"""Commit a variant's (or a deployment's) manifests to a git repository, for clusters that change only through git.

The folder `phoenix/<experiment>/<variant>/` is replaced as a whole by the new kustomization, in
one commit, on branch `phoenix/<experiment>` (mode `branch`, the default: review it as a pull
request) or on the repository's current branch (mode `folder`). The commit is written straight
into git's object store with dulwich, so exporting on a side branch never touches the checkout;
when the target branch *is* checked out, the folder's files and index entries are updated too, so
the working copy stays clean.

Idempotent: identical manifests give an identical tree and no new commit (the existing commit is
returned). Concurrent exports in one process are serialised per repository; the branch moves by
compare-and-set, so an export from another process in between is never overwritten.

If a remote is configured the branch is pushed after every export, also when nothing new was
committed, so a push that failed once is retried by exporting again. Blocking I/O: call it with
`asyncio.to_thread` from the event loop.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from dulwich import porcelain
from dulwich.errors import NotTreeError
from dulwich.index import index_entry_from_stat
from dulwich.object_store import commit_tree_changes, iter_tree_contents, tree_lookup_path
from dulwich.objects import Blob, Commit, Tree
from dulwich.repo import Repo

from app.runtimes.gitops.kustomize import kustomization_files, variant_folder
from app.runtimes.kubernetes.manifests import VariantManifests

ExportMode = Literal["branch", "folder"]
DEFAULT_AUTHOR = "Phoenix <phoenix@localhost>"
DEFAULT_BRANCH = b"main"
_FILE_MODE = 0o100644
_REF_ATTEMPTS = 5
_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


class GitOpsError(RuntimeError):
    """The export could not be committed (detached HEAD, a branch that keeps moving, ...)."""


class GitOpsPushError(GitOpsError):
    """The commit exists locally but the remote refused it or could not be reached."""

    def __init__(self, message: str, commit_id: str):
        super().__init__(message)
        self.commit_id = commit_id


@dataclass(frozen=True)
class GitOpsOptions:
    """Where and how to export: repository path, mode, optional remote (a name, URL or path), author."""

    repo_path: Path
    mode: ExportMode = "branch"
    remote: str | None = None
    author: str = DEFAULT_AUTHOR

    @classmethod
    def from_settings(cls, settings: Any) -> GitOpsOptions | None:
        """Options from the `PHOENIX_GITOPS_*` settings (`gitops_repo_path`, `gitops_mode`, `gitops_remote`,
        `gitops_author`); None when no repository is configured. Missing settings take the defaults."""
        repo_path = getattr(settings, "gitops_repo_path", None)
        if not repo_path:
            return None
        return cls(
            repo_path=Path(repo_path),
            mode=getattr(settings, "gitops_mode", None) or "branch",
            remote=getattr(settings, "gitops_remote", None) or None,
            author=getattr(settings, "gitops_author", None) or DEFAULT_AUTHOR,
        )


@dataclass(frozen=True)
class ExportResult:
    """What an export did: the commit the branch points at (None: the branch does not exist), and the files."""

    commit_id: str | None
    branch: str
    folder: str
    paths: tuple[str, ...]
    created: bool
    pushed: bool = False
    removed: tuple[str, ...] = field(default=())


def _lock(repo_path: Path) -> threading.Lock:
    key = str(repo_path.resolve())
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.Lock())


def _open_or_init(path: Path) -> Repo:
    """The repository at `path`; a new one (branch `main`) when there is none yet."""
    if (path / ".git").exists() or (path / "HEAD").is_file():
        return Repo(str(path))
    path.mkdir(parents=True, exist_ok=True)
    return Repo.init(str(path), default_branch=DEFAULT_BRANCH)


def _head_ref(repo: Repo) -> bytes:
    """The branch HEAD points at (it may not exist yet in a new repository)."""
    chain, _ = repo.refs.follow(b"HEAD")
    if len(chain) < 2 or not chain[-1].startswith(b"refs/heads/"):
        raise GitOpsError("HEAD is detached: folder mode needs a checked-out branch")
    return chain[-1]


def _resolve(repo: Repo, ref: bytes) -> bytes | None:
    """The commit `ref` points at; None when it does not exist (or HEAD's branch is unborn)."""
    try:
        return repo.refs[ref]
    except KeyError:
        return None


def _tree_files(repo: Repo, tree_id: bytes | None, folder: str) -> dict[str, bytes]:
    """`{path: blob id}` of every file under `folder` in the tree."""
    if tree_id is None:
        return {}
    try:
        _, folder_id = tree_lookup_path(repo.object_store.__getitem__, tree_id, folder.encode())
    except (KeyError, NotTreeError):
        return {}
    if not isinstance(repo.object_store[folder_id], Tree):
        return {folder: folder_id}
    return {f"{folder}/{e.path.decode()}": e.sha for e in iter_tree_contents(repo.object_store, folder_id)}


def _commit(repo: Repo, tree_id: bytes, parent: bytes | None, author: str, message: str) -> bytes:
    commit = Commit()
    commit.tree = tree_id
    commit.parents = [parent] if parent else []
    commit.author = commit.committer = author.encode("utf-8")
    commit.author_time = commit.commit_time = int(time.time())
    commit.author_timezone = commit.commit_timezone = 0
    commit.encoding = b"UTF-8"
    commit.message = message.encode("utf-8")
    repo.object_store.add_object(commit)
    return commit.id


def _sync_worktree(repo: Repo, ref: bytes, written: dict[str, Blob], removed: Sequence[str]) -> None:
    """Mirror the commit in the checkout when `ref` is the checked-out branch of a non-bare repository."""
    if repo.bare or repo.refs.follow(b"HEAD")[0][-1] != ref:
        return
    root = Path(repo.path)
    index = repo.open_index()
    for path in removed:
        (root / path).unlink(missing_ok=True)
        if path.encode() in index:
            del index[path.encode()]
    for path, blob in written.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.data)
        index[path.encode()] = index_entry_from_stat(os.stat(target), blob.id, mode=_FILE_MODE)
    index.write()


def _update_folder(
    repo: Repo, options: GitOpsOptions, ref: bytes, folder: str, files: dict[str, bytes], message: str
) -> tuple[bytes, bool, list[str]]:
    """Replace `folder` on `ref` with `files` (empty: delete it). (commit id, created, removed paths)."""
    for _ in range(_REF_ATTEMPTS):
        old = _resolve(repo, ref)
        head = _resolve(repo, b"HEAD")
        parent = old if old is not None else head
        base_tree = repo.object_store[parent].tree if parent is not None else None
        existing = _tree_files(repo, base_tree, folder)
        blobs = {f"{folder}/{name}": Blob.from_string(data) for name, data in files.items()}
        removed = sorted(set(existing) - set(blobs))
        for blob in blobs.values():
            repo.object_store.add_object(blob)
        changes = [(p.encode(), None, None) for p in removed]
        changes += [(p.encode(), _FILE_MODE, b.id) for p, b in sorted(blobs.items()) if existing.get(p) != b.id]
        if not changes and parent is not None:
            if old is None and not repo.refs.add_if_new(ref, parent):
                continue
            return parent, False, []
        start = repo.object_store[base_tree] if base_tree is not None else Tree()
        tree_id = commit_tree_changes(repo.object_store, start.copy(), changes)
        commit_id = _commit(repo, tree_id, parent, options.author, message)
        log = message.splitlines()[0].encode("utf-8")
        moved = (
            repo.refs.add_if_new(ref, commit_id, message=log)
            if old is None
            else repo.refs.set_if_equals(ref, old, commit_id, message=log)
        )
        if moved:
            _sync_worktree(repo, ref, blobs, removed)
            return commit_id, True, removed
    raise GitOpsError(f"{ref.decode()} kept moving during the export; try again")


def _push(options: GitOpsOptions, ref: bytes, commit_id: bytes) -> bool:
    if not options.remote:
        return False
    out, err = BytesIO(), BytesIO()
    try:
        result = porcelain.push(
            str(options.repo_path), options.remote, [ref + b":" + ref], outstream=out, errstream=err
        )
    except Exception as exc:  # dulwich raises transport-specific errors; the caller needs one type
        detail = err.getvalue().decode("utf-8", "replace").strip()
        raise GitOpsPushError(
            f"push of {ref.decode()} to {options.remote} failed: {exc} {detail}".strip(), commit_id.decode()
        ) from exc
    refused = {k: v for k, v in (getattr(result, "ref_status", None) or {}).items() if v is not None}
    if refused:
        raise GitOpsPushError(f"{options.remote} refused {ref.decode()}: {refused}", commit_id.decode())
    return True


def _target_ref(repo: Repo, options: GitOpsOptions, experiment: str) -> bytes:
    if options.mode == "folder":
        return _head_ref(repo)
    if options.mode != "branch":
        raise GitOpsError(f"unknown export mode {options.mode!r} (branch or folder)")
    return f"refs/heads/phoenix/{experiment}".encode()


def _message(manifests: VariantManifests, folder: str, paths: Sequence[str]) -> str:
    spec = manifests.pipeline["spec"]
    lines = [
        f"Deploy {manifests.experiment}/{manifests.variant}: {manifests.template} "
        f"(config {manifests.config_hash[:12]})",
        "",
        f"Experiment: {manifests.experiment} ({spec.get('experimentId', manifests.experiment)})",
        f"Variant: {manifests.variant} ({spec.get('role', '')})",
        f"Template: {manifests.template}",
        f"Namespace: {manifests.namespace}",
        f"Folder: {folder}/",
        f"Config-Hash: {manifests.config_hash}",
        "Objects: " + ", ".join(f"{o['kind']}/{o['metadata']['name']}" for o in manifests.objects),
        "Files: " + ", ".join(p.rsplit("/", 1)[-1] for p in paths),
    ]
    return "\n".join(lines) + "\n"


def export_manifests(manifests: VariantManifests, options: GitOpsOptions) -> ExportResult:
    """Commit `manifests` as the kustomization `phoenix/<experiment>/<variant>/`; push if a remote is set."""
    folder = variant_folder(manifests.experiment, manifests.variant)
    comment = (
        f"Phoenix pipeline {manifests.experiment}/{manifests.variant} ({manifests.template}), "
        f"config {manifests.config_hash}.\nRe-exporting replaces this folder."
    )
    files = kustomization_files(manifests.objects, comment=comment)
    paths = tuple(f"{folder}/{name}" for name in files)
    with _lock(options.repo_path), _open_or_init(options.repo_path) as repo:
        ref = _target_ref(repo, options, manifests.experiment)
        commit_id, created, removed = _update_folder(
            repo, options, ref, folder, files, _message(manifests, folder, paths)
        )
    pushed = _push(options, ref, commit_id)
    return ExportResult(
        commit_id.decode(), ref.decode().removeprefix("refs/heads/"), folder, paths, created, pushed, tuple(removed)
    )


def remove_export(experiment: str, variant: str, options: GitOpsOptions) -> ExportResult:
    """Commit the removal of `phoenix/<experiment>/<variant>/` (no commit when it is not there); push if set."""
    folder = variant_folder(experiment, variant)
    message = f"Remove {experiment}/{variant}\n\nExperiment: {experiment}\nVariant: {variant}\nFolder: {folder}/\n"
    with _lock(options.repo_path), _open_or_init(options.repo_path) as repo:
        ref = _target_ref(repo, options, experiment)
        if _resolve(repo, ref) is None:  # never exported (or the branch was deleted): nothing to remove
            return ExportResult(None, ref.decode().removeprefix("refs/heads/"), folder, (), False)
        commit_id, created, removed = _update_folder(repo, options, ref, folder, {}, message)
    pushed = _push(options, ref, commit_id)
    return ExportResult(
        commit_id.decode(), ref.decode().removeprefix("refs/heads/"), folder, (), created, pushed, tuple(removed)
    )
