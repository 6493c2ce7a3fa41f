"""GitOps export: commits read back with dulwich, idempotency, both modes, and a push to a local bare repository."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from dulwich import porcelain
from dulwich.object_store import iter_tree_contents
from dulwich.objects import Blob, Commit
from dulwich.repo import Repo

from app.core.config import Settings
from app.runtimes.gitops.export import (
    DEFAULT_AUTHOR,
    GitOpsError,
    GitOpsOptions,
    GitOpsPushError,
    export_manifests,
    remove_export,
)
from app.runtimes.gitops.kustomize import variant_folder
from tests.runtimes.conftest import BuildVariant

BRANCH = b"refs/heads/phoenix/topk-vs-baseline"
FOLDER = "phoenix/topk-vs-baseline/candidate"


def _files(repo: Repo, commit_id: str | bytes, folder: str = "") -> dict[str, bytes]:
    """`{path: content}` of every file in the commit's tree under `folder`."""
    commit = repo[commit_id.encode() if isinstance(commit_id, str) else commit_id]
    assert isinstance(commit, Commit)
    out = {}
    for entry in iter_tree_contents(repo.object_store, commit.tree):
        path = entry.path.decode()
        if path.startswith(folder):
            blob = repo[entry.sha]
            assert isinstance(blob, Blob)
            out[path] = blob.data
    return out


def _history(repo: Repo, ref: bytes) -> list[bytes]:
    return [entry.commit.id for entry in repo.get_walker(include=[repo.refs[ref]])]


def _repo_with_a_commit(path: Path) -> Repo:
    repo = Repo.init(str(path), mkdir=True, default_branch=b"main")
    (path / "README.md").write_text("cluster config\n")
    porcelain.add(repo, [str(path / "README.md")])
    porcelain.commit(repo, message=b"initial", author=b"Ops <ops@example.com>", committer=b"Ops <ops@example.com>")
    return repo


def test_export_initialises_the_repository_and_commits_the_kustomization(
    tmp_path: Path, build_variant: BuildVariant
) -> None:
    manifests = build_variant()
    options = GitOpsOptions(repo_path=tmp_path / "gitops", author="Phoenix Bot <bot@example.com>")
    result = export_manifests(manifests, options)
    assert result.created and result.branch == "phoenix/topk-vs-baseline" and result.folder == FOLDER
    repo = Repo(str(tmp_path / "gitops"))
    assert repo.refs[BRANCH].decode() == result.commit_id
    commit = repo[result.commit_id.encode()]
    assert commit.author == commit.committer == b"Phoenix Bot <bot@example.com>"
    message = commit.message.decode()
    assert "topk-vs-baseline/candidate" in message.splitlines()[0]
    assert manifests.config_hash in message and "process-topk-v1" in message

    files = _files(repo, result.commit_id)
    assert sorted(files) == sorted(result.paths)
    kustomization = yaml.safe_load(files[f"{FOLDER}/kustomization.yaml"])
    assert kustomization["kind"] == "Kustomization"
    listed = [f"{FOLDER}/{name}" for name in kustomization["resources"]]
    assert sorted([*listed, f"{FOLDER}/kustomization.yaml"]) == sorted(files)
    assert [yaml.safe_load(files[p]) for p in listed] == manifests.objects


def test_reexport_of_identical_manifests_makes_no_commit(tmp_path: Path, build_variant: BuildVariant) -> None:
    options = GitOpsOptions(repo_path=tmp_path / "gitops")
    first = export_manifests(build_variant(), options)
    again = export_manifests(build_variant(), options)
    assert not again.created and again.commit_id == first.commit_id and again.paths == first.paths
    assert len(_history(Repo(str(tmp_path / "gitops")), BRANCH)) == 1


def test_a_changed_config_is_a_new_commit_on_top(tmp_path: Path, build_variant: BuildVariant) -> None:
    options = GitOpsOptions(repo_path=tmp_path / "gitops")
    first = export_manifests(build_variant(parameters={"collection_interval": "10s"}), options)
    second = export_manifests(build_variant(parameters={"collection_interval": "30s"}), options)
    assert second.created and second.commit_id != first.commit_id
    repo = Repo(str(tmp_path / "gitops"))
    assert repo[second.commit_id.encode()].parents == [first.commit_id.encode()]
    assert b"30s" in _files(repo, second.commit_id)[f"{FOLDER}/configmap.yaml"]


def test_branch_mode_forks_from_head_and_leaves_the_checkout_alone(tmp_path: Path, build_variant: BuildVariant) -> None:
    repo = _repo_with_a_commit(tmp_path / "gitops")
    main_before = repo.refs[b"refs/heads/main"]
    result = export_manifests(build_variant(), GitOpsOptions(repo_path=tmp_path / "gitops"))
    assert repo.refs[b"refs/heads/main"] == main_before
    assert repo[result.commit_id.encode()].parents == [main_before]
    assert "README.md" in _files(repo, result.commit_id)
    assert not (tmp_path / "gitops" / "phoenix").exists()
    status = porcelain.status(repo)
    assert not any(status.staged.values()) and not status.unstaged


def test_folder_mode_commits_on_the_current_branch_and_updates_the_checkout(
    tmp_path: Path, build_variant: BuildVariant
) -> None:
    repo = _repo_with_a_commit(tmp_path / "gitops")
    options = GitOpsOptions(repo_path=tmp_path / "gitops", mode="folder")
    result = export_manifests(build_variant(), options)
    assert result.branch == "main" and repo.refs[b"refs/heads/main"].decode() == result.commit_id
    for path in result.paths:
        assert (tmp_path / "gitops" / path).read_bytes() == _files(repo, result.commit_id)[path]
    status = porcelain.status(repo)
    assert not any(status.staged.values()) and not status.unstaged and not status.untracked
    assert not export_manifests(build_variant(), options).created


def test_the_folder_is_replaced_as_a_whole(tmp_path: Path, build_variant: BuildVariant) -> None:
    repo = _repo_with_a_commit(tmp_path / "gitops")
    stale = tmp_path / "gitops" / FOLDER / "old-secret-notes.yaml"
    stale.parent.mkdir(parents=True)
    stale.write_text("kind: Leftover\n")
    porcelain.add(repo, [str(stale)])
    porcelain.commit(repo, message=b"hand edit", author=b"Ops <ops@example.com>", committer=b"Ops <ops@example.com>")
    result = export_manifests(build_variant(), GitOpsOptions(repo_path=tmp_path / "gitops", mode="folder"))
    assert result.removed == (f"{FOLDER}/old-secret-notes.yaml",)
    assert f"{FOLDER}/old-secret-notes.yaml" not in _files(repo, result.commit_id)
    assert not stale.exists()


def test_remove_export_deletes_the_folder_once(tmp_path: Path, build_variant: BuildVariant) -> None:
    options = GitOpsOptions(repo_path=tmp_path / "gitops")
    assert remove_export("topk-vs-baseline", "candidate", options).commit_id is None
    exported = export_manifests(build_variant(), options)
    removed = remove_export("topk-vs-baseline", "candidate", options)
    assert removed.created and set(removed.removed) == set(exported.paths)
    repo = Repo(str(tmp_path / "gitops"))
    assert _files(repo, removed.commit_id, FOLDER) == {}
    assert not remove_export("topk-vs-baseline", "candidate", options).created


def test_push_to_a_local_bare_repository(tmp_path: Path, build_variant: BuildVariant) -> None:
    remote = Repo.init_bare(str(tmp_path / "remote.git"), mkdir=True)
    options = GitOpsOptions(repo_path=tmp_path / "gitops", remote=str(tmp_path / "remote.git"))
    first = export_manifests(build_variant(), options)
    assert first.pushed
    assert remote.refs[BRANCH].decode() == first.commit_id
    assert _files(remote, first.commit_id) == _files(Repo(str(tmp_path / "gitops")), first.commit_id)
    again = export_manifests(build_variant(), options)
    assert again.pushed and not again.created and remote.refs[BRANCH].decode() == first.commit_id


def test_no_remote_means_no_push(tmp_path: Path, build_variant: BuildVariant) -> None:
    assert export_manifests(build_variant(), GitOpsOptions(repo_path=tmp_path / "gitops")).pushed is False


def test_an_unreachable_remote_raises_after_committing(tmp_path: Path, build_variant: BuildVariant) -> None:
    options = GitOpsOptions(repo_path=tmp_path / "gitops", remote=str(tmp_path / "missing.git"))
    with pytest.raises(GitOpsPushError) as caught:
        export_manifests(build_variant(), options)
    repo = Repo(str(tmp_path / "gitops"))
    assert repo.refs[BRANCH].decode() == caught.value.commit_id


def test_folder_mode_needs_a_branch(tmp_path: Path, build_variant: BuildVariant) -> None:
    repo = _repo_with_a_commit(tmp_path / "gitops")
    repo.refs.remove_if_equals(b"HEAD", None)
    repo.refs[b"HEAD"] = repo.refs[b"refs/heads/main"]  # detached
    with pytest.raises(GitOpsError, match="detached"):
        export_manifests(build_variant(), GitOpsOptions(repo_path=tmp_path / "gitops", mode="folder"))


def test_options_from_settings() -> None:
    assert GitOpsOptions.from_settings(Settings(env="dev")) is None
    configured = SimpleNamespace(
        gitops_repo_path="/srv/gitops", gitops_mode="folder", gitops_remote="origin", gitops_author=None
    )
    options = GitOpsOptions.from_settings(configured)
    assert options == GitOpsOptions(Path("/srv/gitops"), "folder", "origin", DEFAULT_AUTHOR)


@pytest.mark.parametrize("name", ["..", "a/b", "", "-x", "x" * 64])
def test_folder_names_cannot_escape(name: str) -> None:
    with pytest.raises(ValueError):
        variant_folder("exp", name)
    with pytest.raises(ValueError):
        variant_folder(name, "candidate")
