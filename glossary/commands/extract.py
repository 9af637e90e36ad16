"""glossary extract PATH... : the ranked term list, without touching the database."""

import argparse

HELP = "list the terms of documents, best first (no database writes)"
EPILOG = """\
Prints every term above the extractor's own threshold, best first (the threshold adapts
to how dense in terms the documents are).
Formats: lines (the headword: base form, e.g. kredietscore for kredietscores), tsv (term,
score, kind, frequency, documents, variants, forms) or json (also "forms").
--forms prints, in lines format, every surface form met in the documents instead of the
headword, one per line, each once (what term-extraction evaluations such as TermEval score).

examples:
  glossary extract data/corpus --limit 20
  glossary extract article.html --format tsv > terms.tsv
  glossary extract data/corpus --forms > forms.txt
"""


def register(sub) -> None:
    p = sub.add_parser("extract", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="document files or folders")
    p.add_argument("--format", choices=["lines", "tsv", "json"], default="lines")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N terms")
    p.add_argument("--forms", action="store_true",
                   help="lines format: print every surface form of each term (as found in the text), not the headword")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    import json
    import sys

    from glossary.errors import InputError
    from glossary.extract import extract
    from glossary.ingest import iter_paths, read_document

    if args.forms and args.format != "lines":
        print("glossary: --forms is for --format lines (tsv and json always include the forms)", file=sys.stderr)
        return 2
    texts, failed = [], 0
    for path, error in iter_paths(args.paths):
        try:
            if error:
                raise error
            texts.append(read_document(path).text)
        except InputError as exc:
            print(f"glossary: {exc}", file=sys.stderr)
            failed += 1
    if texts:
        terms = extract(texts).terms
        if args.limit is not None:
            terms = terms[: max(args.limit, 0)]
        if args.format == "json":
            print(json.dumps([
                {"term": t.term, "lemma": t.lemma, "kind": t.kind, "score": round(t.score, 4),
                 "frequency": t.frequency, "documents": t.doc_count, "variants": t.variants, "parts": t.parts,
                 "forms": t.forms}
                for t in terms], ensure_ascii=False, indent=2))
        elif args.format == "tsv":
            print("term\tscore\tkind\tfrequency\tdocuments\tvariants\tforms")
            for t in terms:
                print(f"{t.term}\t{t.score:.4f}\t{t.kind}\t{t.frequency}\t{t.doc_count}\t{' | '.join(t.variants)}"
                      f"\t{' | '.join(t.forms)}")
        elif args.forms:
            seen: set[str] = set()
            for t in terms:
                for form in t.forms:
                    if form not in seen:
                        seen.add(form)
                        print(form)
        else:
            for t in terms:
                print(t.term)
    return 1 if failed else 0
