"""glossary pretranslate DOC... --output OUT : documents pre-translated for a CAT tool."""

import argparse

from glossary.translate.decoding import DEFAULT_BEAM, DEFAULT_METHOD, MAX_BEAM, METHODS

HELP = "pre-translate documents for a CAT tool (XLIFF 1.2) with the approved glossary enforced"
EPILOG = """\
Reads .txt, .md, .docx, .html and .pdf documents as `glossary build` does, splits them into
sentence segments (paragraphs kept) and writes one file for your CAT tool (OmegaT, memoQ,
Trados, Poedit...). Every segment carries a note with the glossary terms it contains (Dutch ->
approved English; candidates marked as not approved) and the terminology QA result.

With an nl->en Argos model installed (`glossary models install nl en`, or `--from FILE`), each
segment also gets a machine translation marked needs-review-translation in which the approved
English of every approved term found (any variant or inflected form) is enforced; candidates
are never forced. Without a model the XLIFF has the Dutch sources and the notes only.

formats (--format, else from the suffix of OUT; default xliff):
  xliff   XLIFF 1.2: one trans-unit per segment, <mrk mtype="term"> on enforced English
  tmx     TMX 1.4: Dutch/English segment pairs (needs a model)
  txt/md  the English text alone, paragraph by paragraph (needs a model)

examples:
  glossary pretranslate artikel.docx --output artikel.xlf
  glossary pretranslate docs/ --output project.xlf --json
  glossary pretranslate artikel.md --output artikel.en.md
  glossary pretranslate artikel.txt --output artikel.xlf --store   also keep the segment translations
  glossary pretranslate artikel.txt -o artikel.xlf --method prefix   the model continues after the term
  glossary pretranslate artikel.txt -o artikel.xlf --beam 1          greedy decoding (see below)
  glossary check artikel.xlf        terminology QA of the (post-edited) XLIFF

enforcement (--method): replace (default) puts each missing approved English where the model
rendered the term (attention alignment), in one decoding; prefix then lets the model write the
rest of the sentence after the forced English (constrained decoding: a second decoding of
those segments, about 1.5x the CPU time). Both guarantee every approved English is in the target.
--beam N: the beam size (default 4, as Argos Translate). A smaller beam does less work per
decoding step but can translate worse; with the random-weight test models it writes longer
outputs and is not faster (docs/pretranslate.md, "Measured figures").

The output is written to a temporary file next to OUT and renamed: an interrupted run leaves
OUT as it was. Exit status: 0 done, 1 unreadable input or no model for txt/md/tmx, 2 usage error.
"""


def register(sub) -> None:
    p = sub.add_parser("pretranslate", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("documents", nargs="+", metavar="DOC", help="documents or folders (as for build)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    p.add_argument("--format", choices=["xliff", "tmx", "txt", "md"],
                   help="output format (default: from OUT's suffix, else xliff)")
    p.add_argument("--method", choices=METHODS, default=DEFAULT_METHOD,
                   help="how approved terms are enforced: replace = put the English in place of the "
                        "attention-aligned words (default, one decoding), prefix = constrained decoding of the "
                        "rest of the sentence after the English (a second decoding)")
    p.add_argument("--beam", type=_beam_size, default=DEFAULT_BEAM, metavar="N",
                   help=f"beam size of the MT decoding, 1-{MAX_BEAM} (default {DEFAULT_BEAM}, as Argos Translate; 1 = greedy)")
    model = p.add_mutually_exclusive_group()
    model.add_argument("--model", metavar="NAME",
                       help="installed package to use (folder name from `glossary models list`); default: the newest nl->en")
    model.add_argument("--no-mt", action="store_true", help="no machine translation: sources and glossary notes only")
    p.add_argument("--store", action="store_true",
                   help="add each segment's translation to the glossary's sentence translations (TUI contexts, TMX export)")
    p.add_argument("--json", action="store_true", help="print a JSON summary")
    p.set_defaults(func=run)


def _beam_size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_BEAM:
        raise argparse.ArgumentTypeError(f"beam size must be a whole number from 1 to {MAX_BEAM}, not {text!r}")
    return value


def _output_format(args) -> str:
    from pathlib import Path

    from glossary.pretranslate import SUFFIX_FORMATS

    if args.format:
        return args.format
    return SUFFIX_FORMATS.get(Path(args.output).suffix.lower()) or "xliff"


def _choose_model(args):
    from glossary.errors import InputError
    from glossary.translate.models import find_model, installed_models

    if args.no_mt:
        return None, None
    if args.model:
        matches = [m for m in installed_models() if m.name == args.model]
        if not matches:
            known = ", ".join(m.name for m in installed_models()) or "none installed"
            raise InputError(f"no installed model {args.model!r} (installed: {known})")
        model = matches[0]
        if (model.from_code, model.to_code) != ("nl", "en"):
            raise InputError(f"model {model.name} translates {model.direction}; pretranslate needs nl->en")
        return model, None
    found = find_model("nl", "en")
    if found is None:
        others = [m.direction for m in installed_models()]
        why = "no nl->en model installed" + (f" (installed: {', '.join(others)})" if others else "")
        return None, why
    return found, None


def _check_paths(out, inputs, db_path):
    import os
    from pathlib import Path

    from glossary.errors import UsageError

    out = Path(out)
    if out.is_dir():
        raise UsageError(f"{out} is a folder: --output takes a file name")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"cannot write {out}: folder {parent} does not exist")
    target = os.path.realpath(out)
    if db_path is not None and target == os.path.realpath(db_path):
        raise UsageError(f"{out} is the glossary database: choose another --output")
    for doc in inputs:
        if target == os.path.realpath(doc.path):
            raise UsageError(f"{out} is one of the input documents: choose another --output")


def _write_output(path, write) -> None:
    """Call ``write(binary_stream)`` on a temporary file beside ``path``, then rename it
    (``glossary.files.write_atomically``); an error is one line."""
    from pathlib import Path

    from glossary.errors import InputError
    from glossary.files import write_atomically

    path = Path(path)
    try:
        write_atomically(path, write)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def run(args, open_glossary) -> int:
    import json
    import sys

    from glossary.errors import InputError
    from glossary.pretranslate import pretranslate, read_documents, render_text
    from glossary.progress import progress_bar

    fmt = _output_format(args)
    documents = read_documents(args.documents)
    model, why = _choose_model(args)
    if model is None and fmt != "xliff":
        reason = "--no-mt was given" if args.no_mt else (why or "no nl->en model")
        raise InputError(f"--format {fmt} needs machine translation, but {reason}; use --format xliff "
                         "for sources and glossary notes, or install a model: glossary models install nl en")
    if args.store and model is None:
        raise InputError("--store needs machine translation (no nl->en model in use)")
    with open_glossary(create=False, readonly=not args.store) as g:
        _check_paths(args.output, documents, getattr(g, "path", None))
        translator = None
        if model is not None:
            from glossary.translate.argos import ArgosTranslator

            try:
                translator = ArgosTranslator(model)
            except Exception as exc:  # a package CTranslate2 cannot load
                raise InputError(f"cannot load model {model.name}: {' '.join(str(exc).split())[:200]}") from None
        total = sum(len(d.text) for d in documents)
        with progress_bar("Pre-translating", None, enabled=None if total > 20_000 else False) as advance:
            result = pretranslate(g, documents, model=model, method=args.method, beam=args.beam,
                                  store=args.store, progress=advance, translator=translator)
    summary = result.summary()
    segments = result.segments()
    if not segments:
        raise InputError("no text segments in the documents")

    note = None
    if model is not None and model.test_model:
        note = (f"MT by {model.name} {model.version} (beam {args.beam}): a TEST MODEL with random weights; its "
                "output is meaningless (the glossary terms in it are enforced all the same)")
    elif model is not None:
        note = (f"MT by {model.name} {model.version} (beam {args.beam}); approved glossary terms enforced "
                f"({args.method})")

    def write(fh):
        if fmt == "xliff":
            from glossary.formats import xliff

            xliff.write(result.documents, fh, note=note)
        elif fmt == "tmx":
            _write_tmx(result, fh)
        else:
            fh.write(render_text(result, markdown=fmt == "md").encode("utf-8"))

    _write_output(args.output, write)
    summary.update({"output": str(args.output), "format": fmt})
    if model is None and not args.no_mt:
        print(f"note: {why}: {args.output} has the Dutch sources and glossary notes only "
              "(glossary models install nl en, or --from FILE.argosmodel offline)", file=sys.stderr)
    if model is not None and model.test_model:
        print(f"note: {model.name} is a test model with random weights: its translations are meaningless",
              file=sys.stderr)
    for doc in result.documents:
        if not any(s.terms for s in doc.segments):
            print(f"note: {doc.name}: no glossary terms found", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    enforced = summary["enforcement"]
    line = (f"wrote {args.output} ({fmt}): {summary['segments']} segments in {summary['paragraphs']} paragraphs "
            f"of {summary['documents']} document{'s' if summary['documents'] != 1 else ''}")
    print(line)
    if model is not None:
        print(f"approved terms enforced: {summary['terms_enforced']}/{summary['approved_occurrences']} "
              f"(model's own {enforced['kept']}, constrained decoding {enforced['forced']}, "
              f"replaced {enforced['replaced']}); QA issues: {summary['qa_issues']}")
    else:
        print(f"approved term occurrences noted: {summary['approved_occurrences']}; no machine translation")
    if summary["candidates_noted"]:
        print(f"candidates noted (not approved, not enforced): {summary['candidates_noted']}")
    if args.store:
        print(f"sentence translations stored: {summary['stored']}")
    return 0


def _write_tmx(result, fh) -> None:
    from glossary.formats import tmx
    from glossary.formats.model import Context, Entry

    entries = [Entry(term=doc.name, contexts=[Context(text=s.source, document=doc.name, translation=s.target)
                                              for s in doc.segments if s.target])
               for doc in result.documents]
    tmx.write(entries, fh)
