"""What the MT benchmarks (mt.py, pretranslate.py) share: the model/document arguments, a
private Argos package folder, and the base-shaped stand-in model built by
scripts/make_test_model.py (random weights) or a given .argosmodel, installed."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def add_model_arguments(parser, *, docs_help: str) -> None:
    parser.add_argument("--package", type=Path, help="an .argosmodel to use instead of building the base one")
    parser.add_argument("--size", default="base", choices=["tiny", "base"])
    parser.add_argument("--docs", type=Path, help=docs_help)
    parser.add_argument("--shared", type=Path,
                        default=Path(os.environ.get("GLOSSARY_SHARED") or ROOT.parent / "shared"))


def prepare(args, prefix: str):
    """``(tmp folder, documents, installed model info)``: the seeds (else data/corpus), Argos'
    folders inside ``tmp``, and the package installed there."""
    docs = args.docs
    if docs is None:
        seeds = args.shared / "seeds"
        if seeds.is_dir() and any(seeds.iterdir()):
            docs = seeds
        else:
            print(f"note: {seeds} absent; using data/corpus")
            docs = ROOT / "data" / "corpus"
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["ARGOS_PACKAGES_DIR"] = str(tmp / "packages")
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ.setdefault(name, str(tmp / name.lower().replace("_home", "").replace("xdg_", "xdg-")))
    os.environ["ARGOS_CHUNK_TYPE"] = "MINISBD"

    from glossary.translate import models

    package = args.package
    if package is None:
        sys.path.insert(0, str(ROOT / "scripts"))
        from make_test_model import build_package

        t = time.perf_counter()
        package = build_package(args.size, tmp / f"nl_en_{args.size}.argosmodel")
        print(f"built {package.name} in {time.perf_counter() - t:.1f} s")
    info = models.install_from_file(package, expect=("nl", "en"))
    return tmp, docs, info
