#!/usr/bin/env python3
"""Build a real Argos Translate package with *random* weights, for tests and benchmarks.

    python scripts/make_test_model.py --size tiny --out /tmp/nl_en_tiny.argosmodel
    python scripts/make_test_model.py --size base --out /tmp/nl_en_base.argosmodel

The package has exactly the layout of a published one: ``metadata.json``, a
``sentencepiece.model`` trained here on the project's own text (``data/corpus/``, plus the
repository's Markdown, plus ``wordfreq`` word lists so that a large vocabulary can be filled),
and a CTranslate2 ``model/`` directory written through CTranslate2's model-spec/converter API
(``TransformerSpec`` + ``Converter``). The weights are random: the translations it produces are
meaningless and must never be shown as real ones. ``tiny`` builds in seconds (tests); ``base``
has the shape of the published nl->en package (Transformer base: 6+6 layers, d_model 512, 8
heads, FFN 2048, shared vocabulary ~8,000) so that speed measurements are realistic.

A bias on the ``</s>`` logit makes the random decoder stop after a handful of tokens, as a
trained model does for short inputs (without it, every output would run to the length cap).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SIZES = {
    # layers (enc, dec), d_model, heads, ffn, vocabulary size
    "tiny": {"layers": (2, 2), "d_model": 64, "heads": 4, "ffn": 128, "vocab": 800, "words": 2000, "eos_bias": 1.5},
    "base": {"layers": (6, 6), "d_model": 512, "heads": 8, "ffn": 2048, "vocab": 8000, "words": 30_000, "eos_bias": 1.7},
}


def training_text(words_per_language: int = 30_000) -> list[str]:
    """Text for the sentencepiece model: the project's sample corpus, then word lists. Not the
    docs: a test model that changed whenever someone edited a README would make the MT tests
    depend on unrelated edits."""
    lines: list[str] = []
    sources = sorted((ROOT / "data" / "corpus").glob("*")) if (ROOT / "data" / "corpus").is_dir() else []
    for path in sources:
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        text = re.sub(r"<[^>]+>", " ", text)
        lines.extend(line.strip() for line in text.splitlines() if line.strip())
    try:  # word lists make a vocabulary of thousands of pieces possible on a small corpus
        import wordfreq

        for lang in ("nl", "en"):
            words = wordfreq.top_n_list(lang, words_per_language)
            rng = random.Random(lang)
            for start in range(0, len(words), 12):
                chunk = words[start:start + 12]
                rng.shuffle(chunk)
                lines.append(" ".join(chunk))
    except ImportError:
        pass
    if not lines:
        lines = ["de een het en van in is op dat te zijn met voor the a of and to in is for that"]
    return lines


def train_sentencepiece(lines: list[str], vocab_size: int, prefix: Path) -> list[str]:
    import sentencepiece as spm

    text_file = prefix.with_suffix(".txt")
    text_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spm.SentencePieceTrainer.train(
        input=str(text_file),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        unk_piece="<unk>",
        minloglevel=2,
        num_threads=2,
    )
    sp = spm.SentencePieceProcessor(model_file=str(prefix.with_suffix(".model")))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


class RandomTransformerConverter:
    """A CTranslate2 converter whose "checkpoint" is a random number generator."""

    def __new__(cls, *args, **kwargs):  # built lazily so that ctranslate2 is imported inside main()
        import ctranslate2

        class _Converter(ctranslate2.converters.Converter):
            def __init__(self, config: dict, vocabulary: list[str], seed: int):
                self.config = config
                self.vocabulary = vocabulary
                self.seed = seed

            def _load(self):
                return build_spec(self.config, self.vocabulary, self.seed)

        return _Converter(*args, **kwargs)


def build_spec(config: dict, vocabulary: list[str], seed: int):
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    d, ffn, vocab = config["d_model"], config["ffn"], len(vocabulary)
    spec = transformer_spec.TransformerSpec.from_config(config["layers"], config["heads"], pre_norm=True)

    def normal(*shape, scale=None):
        scale = scale if scale is not None else 1.0 / np.sqrt(shape[-1])
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    def fill(name: str, owner, attr: str):
        parts = name.split("/")
        if attr == "gamma":
            value = np.ones(d, dtype=np.float32)
        elif attr == "beta":
            value = np.zeros(d, dtype=np.float32)
        elif "embeddings" in name:
            value = normal(vocab, d, scale=1.0)
        elif name.endswith("projection/weight"):
            value = normal(vocab, d)
        elif "/ffn/linear_0" in name:
            value = normal(ffn, d)
        elif "/ffn/linear_1" in name:
            value = normal(d, ffn)
        elif "self_attention/linear_0" in name:
            value = normal(3 * d, d)
        elif "/attention/linear_1" in name and "self_attention" not in name:
            value = normal(2 * d, d)
        elif "attention/linear_" in name:
            value = normal(d, d)
        else:
            raise ValueError(f"no shape rule for {name} ({parts})")
        setattr(owner, attr, value)

    def visit(spec_obj, fn, prefix=""):
        for attr, value in list(vars(spec_obj).items()):
            if attr.startswith("_"):
                continue
            name = f"{prefix}/{attr}" if prefix else attr
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if hasattr(item, "__dict__"):
                        visit(item, fn, f"{prefix}/{attr}_{i}" if prefix else f"{attr}_{i}")
            elif (hasattr(value, "__dict__") and not isinstance(value, (str, bytes, int, float))
                  and type(value).__module__.startswith("ctranslate2")):
                visit(value, fn, name)
            elif value is None:
                fn(name, spec_obj, attr)

    visit(spec, fill)
    eos = vocabulary.index("</s>")
    bias = np.zeros(vocab, dtype=np.float32)
    bias[eos] = config["eos_bias"]
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    return spec


def build_package(size: str, out: Path, *, from_code: str = "nl", to_code: str = "en",
                  seed: int = 1234, version: str | None = None) -> Path:
    config = dict(SIZES[size])
    names = {"nl": "Dutch", "en": "English", "de": "German", "fr": "French"}
    version = version or f"0.0+random-{size}"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        top = tmp_path / f"translate-{from_code}_{to_code}-test-{size}"
        top.mkdir()
        pieces = train_sentencepiece(training_text(config["words"]), config["vocab"], tmp_path / "sentencepiece")
        shutil.copy(tmp_path / "sentencepiece.model", top / "sentencepiece.model")
        vocabulary = ["<blank>", "<s>", "</s>"] + [p for p in pieces if p not in ("<blank>", "<s>", "</s>")]
        converter = RandomTransformerConverter(config, vocabulary, seed)
        converter.convert(str(top / "model"), force=True)
        metadata = {
            "package_version": version,
            "argos_version": "1.9",
            "from_code": from_code,
            "from_name": names.get(from_code, from_code),
            "to_code": to_code,
            "to_name": names.get(to_code, to_code),
            "type": "translate",
            "code": f"translate-{from_code}_{to_code}",
            "links": [],
            "test_model": True,
        }
        (top / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
        (top / "README.md").write_text(
            f"# Test package {from_code}->{to_code} ({size})\n\nRandom weights, built by "
            "glossary's scripts/make_test_model.py for tests and benchmarks. Its output is "
            "meaningless.\n",
            encoding="utf-8",
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".part")
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(top.rglob("*")):
                zf.write(path, path.relative_to(tmp_path).as_posix())
        partial.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
    parser.add_argument("--out", required=True, type=Path, help="the .argosmodel file to write")
    parser.add_argument("--from", dest="from_code", default="nl")
    parser.add_argument("--to", dest="to_code", default="en")
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--version", default=None, help="package_version in metadata.json")
    args = parser.parse_args(argv)
    path = build_package(args.size, args.out, from_code=args.from_code, to_code=args.to_code,
                         seed=args.seed, version=args.version)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {args.size}, random weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
