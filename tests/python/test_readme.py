"""The README's snippets for reading the tables run as written, in a folder holding `output/`
(a run on the seeds) and `parts/` (the same with --parts)."""
import os
import re
import shutil

import pytest

from conftest import REPO, SHARED, thidua


def snippets(language: str) -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Reading the tables", 1)[1].split("\n### ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    work = tmp_path_factory.mktemp("readme")
    thidua("extract", str(SHARED / "seeds"), "--out", str(work / "output"), "--quiet")
    thidua("extract", str(SHARED / "seeds"), "--out", str(work / "parts"), "--parts", "--quiet")
    return work


def needs(snippet: str) -> list[str]:
    return re.findall(r"^(?:import|from) (\w+)", snippet, flags=re.M)


@pytest.mark.parametrize("index", range(4))
def test_python_snippet_runs(folder, index, monkeypatch):
    code = snippets("python")[index]
    for module in needs(code):
        pytest.importorskip(module)
    if "pyspark" in needs(code) and not shutil.which("java"):
        pytest.skip("Spark needs a Java runtime")
    monkeypatch.chdir(folder)
    scope: dict = {}
    exec(compile(code, f"README snippet {index}", "exec"), scope)
    if "per_year" in scope:
        assert scope["per_year"].sum() > 0
    if "covered" in scope:
        assert scope["covered"].height > 0


def test_every_tool_has_its_snippet():
    python = snippets("python")
    assert [needs(s)[0] for s in python] == ["duckdb", "pandas", "polars", "pyspark"]
    assert len(snippets("r")) == 1


@pytest.mark.skipif(not shutil.which("Rscript"), reason="no R here")
def test_r_snippet_runs(folder):
    import subprocess

    code = snippets("r")[0]
    probe = subprocess.run(["Rscript", "-e", "library(arrow)"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("the R arrow package is not installed")
    subprocess.run(["Rscript", "-e", code], cwd=folder, check=True, env=os.environ)


def section_snippets(heading: str) -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_python_package_example_runs_as_written(monkeypatch):
    thidua = pytest.importorskip("thidua")
    monkeypatch.chdir(REPO)
    scope: dict = {}
    exec(compile(section_snippets("From Python")[0], "README From Python", "exec"), scope)
    awards = scope["tables"]["awards"]
    assert awards.filter(awards["doc_id"] == scope["tables"]["documents"]["doc_id"][0])["count"].to_list() == [12, 54]
    docs = scope["tables"]["documents"]
    assert docs["encoding"].to_list()[1].startswith("tcvn3")
    assert docs["n_awards"][1] > 0
    assert thidua.extract.__doc__


def test_spark_example_runs_as_written(folder, monkeypatch):
    pytest.importorskip("thidua")
    pytest.importorskip("pyspark")
    if not shutil.which("java"):
        pytest.skip("Spark needs a Java runtime")
    # In `folder`: Spark resolves relative paths against the folder its JVM started in.
    shutil.copy(SHARED / "district" / "daksong-dev.jsonl", folder / "archive.jsonl")
    monkeypatch.chdir(folder)
    scope: dict = {}
    exec(compile(section_snippets("On a cluster")[0], "README On a cluster", "exec"), scope)
    assert scope["tables"]["awards"].count() == 17
    assert scope["tables"]["documents"].count() == 17
