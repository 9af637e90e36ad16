"""glossary build PATH... : documents in, glossary out."""

import argparse

HELP = "extract terms from Dutch documents into the glossary, with contexts and translations"
EPILOG = """\
PATH may be files or folders (searched recursively for .txt .md .html .docx .pdf).
Re-running on the same documents changes nothing; new documents are added and the
terms re-ranked over the whole corpus. Decisions you made (approved, rejected, typed
translations, notes) are never overwritten. Ctrl-C stops a build cleanly (exit 130): the
documents read so far are kept, the terms stay as they were, and `glossary build` with no
PATH (or with the same ones) finishes the extraction.

examples:
  glossary build data/corpus
  glossary --db news.db build articles/ --no-translate
  glossary build                  finish an interrupted build
"""


def register(sub) -> None:
    p = sub.add_parser("build", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="document files or folders (none: finish an interrupted build)")
    p.add_argument("--no-translate", action="store_true", help="store terms untranslated")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json
    import sys

    from glossary.build import INSTALL_HINT, build

    def report(message: str) -> None:
        print(f"glossary: {message}", file=sys.stderr)

    if not args.paths:
        from glossary.config import resolve_db_path
        from glossary.errors import UsageError

        if not resolve_db_path(args.db).exists():
            raise UsageError("give the documents to build from: glossary build PATH... (files or folders)")
    with open_glossary(create=bool(args.paths)) as g:
        if not args.paths and g.get_meta("extracted_corpus") == g.corpus_signature() and g.stats()["documents"]:
            print(f"nothing to do: the terms of every document in {g.path} are extracted "
                  "(give PATH... to add documents)", file=sys.stderr)
        summary = build(g, args.paths, translate=not args.no_translate, on_error=report)
        db_path = g.path
    if args.json:
        print(json.dumps({**summary.as_dict(), "db_path": str(db_path)}, ensure_ascii=False, indent=2))
    else:
        print(f"documents:  {summary.documents} ({summary.added} added, {summary.unchanged} unchanged"
              f"{f', {len(summary.failed)} failed' if summary.failed else ''})")
        print(f"terms:      {summary.terms}")
        print(f"translated: {summary.translated}")
        if args.no_translate:
            print("translation: skipped (--no-translate)")
        elif not summary.backends:
            print(f"translation: no backend available; terms stored untranslated. Install a model: {INSTALL_HINT}")
        else:
            print(f"translation: {', '.join(summary.backends)}")
            if "argos" not in summary.backends:
                from glossary.translate.models import MT_HINT, mt_stack_missing

                if mt_stack_missing():
                    print(f"             no machine translation: {MT_HINT}")
                else:
                    print(f"             no machine translation (no nl->en model); install one: {INSTALL_HINT}")
        print(f"seconds:    {summary.seconds:.1f}")
        print(f"database:   {db_path}")
    return 1 if summary.failed else 0
