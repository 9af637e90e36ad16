"""Argos Translate model packages: where they live, list, install (file or index), remove.

Packages live where Argos Translate keeps them, so that ``argos-translate`` and this tool share
them: ``$ARGOS_PACKAGES_DIR``, else ``ARGOS_PACKAGES_DIR`` in Argos' ``settings.json``
(``$XDG_CONFIG_HOME/argos-translate``), else ``$XDG_DATA_HOME/argos-translate/packages``
(``~/.local/share/argos-translate/packages``). The directory is worked out on every call
(Argos' own ``settings`` module reads it once at import), so tests can point it elsewhere.

Listing and :func:`find_model` read ``metadata.json`` directly: they import neither
``argostranslate`` nor ``ctranslate2`` (``available_backends`` must stay cheap). Installing
validates the whole package in a staging directory beside the final one and moves it into
place in one rename: a corrupt, foreign or wrong-language file leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from glossary.errors import GlossaryError, InputError

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
#: Issue 16: limits checked before a package is unpacked (a 3.4 MB zip bomb used to unpack into
#: 2 GiB). The published nl->en packages are ~100 MB unpacked, at a ratio of about 1.1.
MAX_MODEL_BYTES = 2 * 1024 ** 3
MAX_MODEL_MEMBERS = 1000
MAX_COMPRESSION_RATIO = 50
#: metadata.json is a few hundred bytes; anything beyond this is not a package's metadata
MAX_METADATA_BYTES = 256 * 1024
#: the modules translating with a model needs (the `mt` extra: argostranslate brings them)
MT_MODULES = ("ctranslate2", "sentencepiece")
MT_HINT = ("machine translation needs the MT extra: pip install 'glossary[mt]' "
           "(install torch==2.13.0 first: the CPU build)")
DOWNLOAD_TIMEOUT_S = 60
OFFLINE_HINT = (
    "on a machine with internet run `glossary models install nl en` (or download the "
    ".argosmodel file), copy the file here and run `glossary models install --from FILE`"
)


@dataclass(frozen=True)
class ModelInfo:
    name: str  # directory name, what `models remove` takes
    path: Path
    from_code: str
    to_code: str
    version: str
    type: str = "translate"
    test_model: bool = False  # built by scripts/make_test_model.py (random weights)

    @property
    def direction(self) -> str:
        return f"{self.from_code}->{self.to_code}"

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["path"] = str(self.path)
        data["direction"] = self.direction
        return data


def _home() -> Path:
    if "SNAP" in os.environ and os.environ.get("SNAP_USER_DATA"):
        return Path(os.environ["SNAP_USER_DATA"])
    return Path.home()


def _argos_setting(key: str) -> str | None:
    value = os.environ.get(key)
    if value:
        return value
    config = Path(os.environ.get("XDG_CONFIG_HOME") or _home() / ".config") / "argos-translate" / "settings.json"
    try:
        data = json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return str(value) if value else None


def packages_dir() -> Path:
    """Where Argos Translate keeps installed packages (not created here)."""
    configured = _argos_setting("ARGOS_PACKAGES_DIR")
    if configured:
        return Path(configured).expanduser()
    data = Path(os.environ.get("XDG_DATA_HOME") or _home() / ".local" / "share")
    return data / "argos-translate" / "packages"


def index_url() -> str:
    """The package index (Argos' ``ARGOS_PACKAGE_INDEX`` setting: a base URL or an index.json)."""
    base = _argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    if base.endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


def mt_stack_missing() -> str | None:
    """The first module machine translation needs that is not installed, else None (cheap:
    nothing is imported)."""
    import importlib.util

    for name in MT_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except (ImportError, ValueError):
            return name
    return None


def parse_metadata(raw: bytes | str) -> dict | None:
    """A package's metadata.json, parsed with bounds: at most MAX_METADATA_BYTES, no nesting
    deep enough to exhaust the parser (RecursionError), a JSON object; else None."""
    if len(raw) > MAX_METADATA_BYTES:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _read_metadata(directory: Path) -> dict | None:
    path = directory / "metadata.json"
    try:
        if path.stat().st_size > MAX_METADATA_BYTES:
            return None
        return parse_metadata(path.read_bytes())
    except OSError:
        return None


def _info(directory: Path, meta: dict) -> ModelInfo:
    return ModelInfo(
        name=directory.name,
        path=directory,
        from_code=str(meta.get("from_code") or ""),
        to_code=str(meta.get("to_code") or ""),
        version=str(meta.get("package_version") or ""),
        type=str(meta.get("type") or "translate"),
        test_model=bool(meta.get("test_model")),
    )


def installed_models() -> list[ModelInfo]:
    """Installed translation packages (cheap: reads metadata.json files only)."""
    root = packages_dir()
    if not root.is_dir():
        return []
    out = []
    for directory in sorted(root.iterdir()):
        if not directory.is_dir() or directory.name.startswith("."):
            continue
        meta = _read_metadata(directory)
        if meta is None:
            continue
        out.append(_info(directory, meta))
    return out


def _version_key(version: str):
    try:
        from packaging.version import Version

        return (1, Version(version))
    except Exception:  # noqa: BLE001 - any unparsable version sorts first
        return (0, version)


def find_model(from_code: str = "nl", to_code: str = "en") -> ModelInfo | None:
    """The newest installed translate package for the direction whose model directory exists."""
    matches = [
        m for m in installed_models()
        if m.type == "translate" and m.from_code == from_code and m.to_code == to_code
        and (m.model_dir / "model.bin").is_file()
        and ((m.path / "sentencepiece.model").is_file() or (m.path / "bpe.model").is_file())
    ]
    if matches and mt_stack_missing():  # a model, but nothing to run it with: see MT_HINT
        return None
    if not matches:
        return None
    return max(matches, key=lambda m: _version_key(m.version))


# -- installing -------------------------------------------------------------------------------


def _check_archive(path: Path) -> tuple[str, dict]:
    """Validate an .argosmodel zip without extracting it: returns (top directory, metadata)."""
    from glossary.ingest import require_regular_file

    require_regular_file(path)  # missing, a folder, a symlink loop, a FIFO (would block)
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path} is not an Argos model package (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as zf:
            _check_sizes(path, zf)
            names = zf.namelist()
            tops = set()
            for name in names:
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts or "\\" in name:
                    raise InputError(f"{path} is not a safe Argos model package (member {name!r})")
                tops.add(pure.parts[0])
            if len(tops) != 1:
                raise InputError(f"{path} is not an Argos model package (expected one top-level folder)")
            top = tops.pop()
            if f"{top}/metadata.json" not in names:
                raise InputError(f"{path} is not an Argos model package (no metadata.json)")
            meta = parse_metadata(zf.read(f"{top}/metadata.json"))
            if meta is None:
                raise InputError(f"{path}: metadata.json is not a (reasonably small) JSON object")
            if (meta.get("type") or "translate") != "translate":
                raise InputError(f"{path} is an Argos {meta.get('type')!r} package, not a translation model")
            if not meta.get("from_code") or not meta.get("to_code"):
                raise InputError(f"{path}: metadata.json names no from_code/to_code")
            if f"{top}/model/model.bin" not in names:
                raise InputError(f"{path} has no CTranslate2 model (model/model.bin missing)")
            if f"{top}/sentencepiece.model" not in names and f"{top}/bpe.model" not in names:
                raise InputError(f"{path} has no tokenizer (sentencepiece.model or bpe.model)")
            bad = zf.testzip()
            if bad is not None:
                raise InputError(f"{path} is corrupt (bad CRC in {bad})")
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path} is a corrupt zip archive ({exc})") from None
    return top, meta


def _check_sizes(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse a zip bomb before anything is unpacked: too many members, too much in total,
    or a member compressed far beyond what model weights compress."""
    infos = zf.infolist()
    if len(infos) > MAX_MODEL_MEMBERS:
        raise InputError(f"{path} has {len(infos):,} files; an Argos model package has a handful")
    total = sum(info.file_size for info in infos)
    if total > MAX_MODEL_BYTES:
        raise InputError(f"{path} unpacks to {total:,} bytes (the limit is {MAX_MODEL_BYTES:,}); refusing it")
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"{path}: {info.filename} has a compression ratio of {info.file_size // max(info.compress_size, 1):,}:1 "
                f"(the limit is {MAX_COMPRESSION_RATIO}:1); refusing a possible zip bomb"
            )


def _verify_extracted(directory: Path) -> None:
    """Load tokenizer and model once, so a package that cannot translate is refused."""
    sp_model = directory / "sentencepiece.model"
    if sp_model.is_file():
        import sentencepiece as spm

        try:
            spm.SentencePieceProcessor(model_file=str(sp_model))
        except Exception as exc:  # noqa: BLE001 - sentencepiece raises RuntimeError/OSError
            raise InputError(f"the package's sentencepiece.model cannot be loaded ({str(exc).splitlines()[0]})") from None
    import ctranslate2

    try:
        ctranslate2.Translator(str(directory / "model"), device="cpu", compute_type="auto")
    except Exception as exc:  # noqa: BLE001
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"the package's CTranslate2 model cannot be loaded ({message})") from None


def install_from_file(path: str | Path, *, expect: tuple[str, str] | None = None, verify: bool = True) -> ModelInfo:
    """Install an ``.argosmodel`` file. ``expect=(from, to)`` refuses another language pair.

    Nothing is left behind when the file is refused. An installed package with the same folder
    name is replaced (only after the new one has been validated).
    """
    path = Path(path).expanduser()
    top, meta = _check_archive(path)
    if verify and mt_stack_missing():
        raise GlossaryError(f"cannot install {path}: {MT_HINT}")
    if expect and (meta.get("from_code"), meta.get("to_code")) != tuple(expect):
        raise InputError(
            f"{path} translates {meta.get('from_code')}->{meta.get('to_code')}, not {expect[0]}->{expect[1]}"
        )
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    try:
        try:
            with zipfile.ZipFile(path) as zf:
                _extract_bounded(zf, staging, path)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise InputError(f"{path} could not be unpacked ({exc})") from None
        new_dir = staging / top
        if verify:
            _verify_extracted(new_dir)
        target = root / top
        old = None
        if target.exists():
            old = root / f".replaced-{top}-{os.getpid()}"
            target.rename(old)
        try:
            new_dir.rename(target)
        except OSError:
            if old is not None:
                old.rename(target)
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return _info(target, meta)


def _extract_bounded(zf: zipfile.ZipFile, dest: Path, path: Path) -> None:
    """Unpack every member, counting the bytes actually written: a member whose header
    understates its size is stopped at the stated size (zipfile checks it) and the total at
    MAX_MODEL_BYTES."""
    written = 0
    for info in zf.infolist():
        target = dest / info.filename
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(info) as src, open(target, "wb") as out:
            while True:
                chunk = src.read(1024 * 1024)
                if not chunk:
                    break
                written += len(chunk)
                if written > MAX_MODEL_BYTES:
                    raise InputError(f"{path} unpacks to more than {MAX_MODEL_BYTES:,} bytes; refusing it")
                out.write(chunk)


def _fetch(url: str, timeout: float = DOWNLOAD_TIMEOUT_S) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked by caller
        return response.read()


def available_packages(url: str | None = None) -> list:
    """The package index as ``argostranslate.package.AvailablePackage`` objects."""
    url = url or index_url()
    if not url.startswith(("http://", "https://", "file:")):
        raise GlossaryError(f"unsupported package index address {url}")
    try:
        data = json.loads(_fetch(url, timeout=20).decode("utf-8"))
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        reason = getattr(exc, "reason", exc)
        raise GlossaryError(f"cannot reach the Argos package index {url} ({reason}); offline? {OFFLINE_HINT}") from None
    except ValueError:
        raise GlossaryError(f"the Argos package index {url} is not valid JSON") from None
    if not isinstance(data, list):
        raise GlossaryError(f"the Argos package index {url} is not a list of packages")
    from argostranslate.package import AvailablePackage

    return [AvailablePackage(item) for item in data if isinstance(item, dict)]


def install_from_index(from_code: str = "nl", to_code: str = "en", *, url: str | None = None) -> ModelInfo:
    """Download the package for ``from_code -> to_code`` from the index and install it."""
    packages = [
        p for p in available_packages(url)
        if p.type == "translate" and p.from_code == from_code and p.to_code == to_code
    ]
    if not packages:
        raise GlossaryError(f"the Argos package index has no {from_code}->{to_code} model")
    best = max(packages, key=lambda p: _version_key(p.package_version))
    from argostranslate.package import argospm_package_name

    links = [link for link in best.links if str(link).startswith(("http://", "https://"))]
    if not links:
        raise GlossaryError(f"the index entry for {from_code}->{to_code} has no download link")
    with tempfile.TemporaryDirectory(prefix="glossary-download-") as tmp:
        target = Path(tmp) / f"{argospm_package_name(best)}.argosmodel"
        errors = []
        for link in links:
            try:
                target.write_bytes(_fetch(link))
                break
            except (urllib.error.URLError, OSError, TimeoutError) as exc:
                errors.append(f"{link}: {getattr(exc, 'reason', exc)}")
        else:
            raise GlossaryError(f"download of the {from_code}->{to_code} model failed ({'; '.join(errors)}); {OFFLINE_HINT}")
        return install_from_file(target, expect=(from_code, to_code))


def remove_model(name: str) -> ModelInfo:
    """Remove an installed package by folder name, package code or direction (``nl-en``)."""
    models = installed_models()
    wanted = name.strip().replace("->", "-").replace("_", "-")
    matches = [m for m in models if m.name == name] or [
        m for m in models
        if f"{m.from_code}-{m.to_code}" == wanted or f"translate-{m.from_code}-{m.to_code}" == wanted
    ]
    if not matches:
        known = ", ".join(m.name for m in models) or "none installed"
        raise GlossaryError(f"no installed model {name!r} (installed: {known})")
    if len(matches) > 1:
        raise GlossaryError(f"{name!r} matches several models: {', '.join(m.name for m in matches)}; give the folder name")
    model = matches[0]
    shutil.rmtree(model.path)
    return model
