"""Model management: install from file and from an index (local HTTP server on 127.0.0.1),
list, remove, and refusal of corrupt, foreign and wrong-language packages (nothing half-installed)."""

from __future__ import annotations

import http.server
import json
import threading
import zipfile
from pathlib import Path

import pytest

from glossary.errors import GlossaryError, InputError
from tests.test_translate import argos_dir, tiny_package  # noqa: F401 - fixtures

pytestmark = pytest.mark.slow  # make test-fast leaves these out


def _rewrite(src: Path, dst: Path, change) -> Path:
    """Copy an .argosmodel, passing each member through ``change(name, data) -> data | None``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = change(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item.filename, data)
    return dst


def _left_behind(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def test_install_list_remove(tiny_package, argos_dir, capsys):
    from glossary.cli import main
    from glossary.translate import models

    assert models.installed_models() == [] and models.find_model() is None
    assert main(["models", "install", "--from", str(tiny_package)]) == 0
    found = models.find_model("nl", "en")
    assert found is not None and found.path.parent == argos_dir
    assert found.test_model and found.version.startswith("0.0+random")
    assert (found.model_dir / "model.bin").is_file()
    capsys.readouterr()
    assert main(["models", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["packages_dir"] == str(argos_dir)
    assert [(m["name"], m["direction"]) for m in listed["models"]] == [(found.name, "nl->en")]
    # argostranslate's own package functions see the same package
    from argostranslate.package import get_installed_packages

    pkgs = get_installed_packages(path=[argos_dir])
    assert [(p.from_code, p.to_code, p.package_version) for p in pkgs] == [("nl", "en", found.version)]
    # reinstalling replaces it in place
    assert models.install_from_file(tiny_package).name == found.name
    assert _left_behind(argos_dir) == [found.name]
    assert main(["models", "remove", "nl-en"]) == 0
    assert models.installed_models() == []


@pytest.mark.parametrize("case", ["not-zip", "truncated", "foreign-zip", "no-model", "bad-model", "bad-json", "zip-slip"])
def test_bad_packages_are_refused_cleanly(case, tiny_package, argos_dir, tmp_path, capsys):
    from glossary.cli import main
    from glossary.translate.models import install_from_file

    bad = tmp_path / "bad.argosmodel"
    if case == "not-zip":
        bad.write_text("this is not a model")
    elif case == "truncated":
        data = tiny_package.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif case == "foreign-zip":
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("photos/cat.jpg", b"\xff\xd8\xff")
    elif case == "no-model":
        _rewrite(tiny_package, bad, lambda n, d: None if n.endswith("model.bin") else d)
    elif case == "bad-model":
        _rewrite(tiny_package, bad, lambda n, d: b"garbage" * 10 if n.endswith("model.bin") else d)
    elif case == "bad-json":
        _rewrite(tiny_package, bad, lambda n, d: b"{nope" if n.endswith("metadata.json") else d)
    elif case == "zip-slip":
        _rewrite(tiny_package, bad, lambda n, d: d)
        with zipfile.ZipFile(bad, "a") as zf:
            zf.writestr("../evil.txt", "x")
    with pytest.raises(InputError):
        install_from_file(bad)
    assert _left_behind(argos_dir) == []
    assert not (tmp_path / "evil.txt").exists()
    assert main(["models", "install", "--from", str(bad)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("glossary: error:") and "\n" not in err


def test_wrong_language_pair(tiny_package, argos_dir, tmp_path):
    from glossary.translate.models import find_model, install_from_file

    def to_german(name, data):
        if name.endswith("metadata.json"):
            meta = json.loads(data)
            meta.update(from_code="de", from_name="German")
            return json.dumps(meta).encode()
        return data

    de_en = _rewrite(tiny_package, tmp_path / "de_en.argosmodel", to_german)
    with pytest.raises(InputError, match="de->en, not nl->en"):
        install_from_file(de_en, expect=("nl", "en"))
    assert _left_behind(argos_dir) == []
    install_from_file(de_en)  # without an expectation it is a valid de->en package
    assert find_model("nl", "en") is None and find_model("de", "en") is not None


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture
def package_server(tmp_path, tiny_package):
    """A local package index on 127.0.0.1 serving index.json and the package file."""
    root = tmp_path / "index"
    root.mkdir()
    (root / "nl_en.argosmodel").write_bytes(tiny_package.read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: _Handler(*a, directory=str(root)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    meta = {"package_version": "9.9", "argos_version": "1.9", "from_code": "nl", "from_name": "Dutch",
            "to_code": "en", "to_name": "English", "type": "translate", "links": [base + "nl_en.argosmodel"]}
    other = {**meta, "from_code": "en", "to_code": "fr", "links": [base + "missing.argosmodel"]}
    (root / "index.json").write_text(json.dumps([other, meta]))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


def test_install_from_index(package_server, argos_dir, monkeypatch, capsys):
    from glossary.cli import main
    from glossary.translate.models import find_model

    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", package_server)
    assert main(["models", "install", "nl", "en"]) == 0
    assert find_model("nl", "en") is not None
    # a pair the index does not have, and a link that 404s: one-line errors, nothing installed
    assert main(["models", "install", "nl", "fr"]) == 1
    assert "no nl->fr model" in capsys.readouterr().err
    assert main(["models", "install", "en", "fr"]) == 1
    assert "download" in capsys.readouterr().err
    assert len(_left_behind(argos_dir)) == 1


def test_install_offline_message(argos_dir, monkeypatch):
    import socket

    from glossary.translate.models import install_from_index

    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{port}/")
    with pytest.raises(GlossaryError, match="offline.*--from FILE"):
        install_from_index("nl", "en")
    assert _left_behind(argos_dir) == []
