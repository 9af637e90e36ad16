"""The README's Python API examples (and docs/scripting.md's) run as written."""

import re
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def python_blocks(path: Path, section: str | None = None) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if section:
        start = text.index(section)
        end = text.find("\n## ", start + len(section))
        text = text[start : end if end > 0 else len(text)]
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_api_examples_run(tmp_path, monkeypatch):
    blocks = python_blocks(ROOT / "README.md", "## Python API")
    assert blocks, "the README has a Python API example"
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GLOSSARY_DB", raising=False)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme_example"})
    assert (tmp_path / "demo-api.db").exists()


def test_scripting_doc_examples_run(tmp_path, monkeypatch):
    path = ROOT / "docs" / "scripting.md"
    assert path.exists(), "docs/scripting.md (the Python API guide) is missing"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GLOSSARY_DB", str(tmp_path / "env.db"))
    for block in python_blocks(path):
        exec(compile(block, "docs/scripting.md", "exec"), {"__name__": "doc_example"})


def test_package_exports():
    import glossary

    assert glossary.Glossary.__name__ == "Glossary"
    for name in ("lookup", "search", "search_terms", "annotate", "check", "add_term", "approve",
                 "set_translation", "add_translation"):
        assert callable(getattr(glossary.Glossary, name))
