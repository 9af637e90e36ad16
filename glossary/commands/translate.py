"""glossary translate : propose English translations for the glossary's terms, offline."""

HELP = "propose English translations (offline MT model, dictionaries, translation memories)"

EPILOG = """\
examples:
  glossary translate                      untranslated terms, every available backend
  glossary translate --all --backend argos
  glossary translate --backend dictionary --backend tm

Machine translations are stored as candidates with their source, model/resource and score;
approved and human-entered translations are never changed.
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("translate", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--missing", dest="only_missing", action="store_true", default=True,
                       help="only terms without a translation (default)")
    which.add_argument("--all", dest="only_missing", action="store_false", help="every term")
    p.add_argument("--backend", action="append", choices=["argos", "dictionary", "tm"],
                   help="use only this backend (repeatable; default: every available one)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def why_unavailable(name: str) -> str:
    """Why backend ``name`` cannot run: the MT extra missing, else the backend's own reason."""
    from glossary.translate import _why_unavailable
    from glossary.translate.models import MT_HINT, find_model, mt_stack_missing

    if name == "argos" and mt_stack_missing():
        return MT_HINT
    if name == "argos" and find_model("nl", "en") is None:
        return _why_unavailable(name)
    return _why_unavailable(name)


def run(args, open_glossary) -> int:
    import json

    from glossary.build import unavailable_resources
    from glossary.errors import GlossaryError
    from glossary.progress import progress_bar
    from glossary.translate import available_backends, translate_glossary

    with open_glossary(create=False) as g:
        if args.backend:  # asked for by name: not having it is an error, not a quiet skip
            available = available_backends(g)
            for name in dict.fromkeys(args.backend):
                if name not in available:
                    raise GlossaryError(f"the {name} backend is not available: {why_unavailable(name)}")
        vanished = unavailable_resources(g)
        if vanished and (not args.backend or "dictionary" in args.backend):
            raise GlossaryError(vanished[0])
        if not args.backend and not available_backends(g):
            print("no translation backend available:")
            for name in ("argos", "dictionary", "tm"):
                print(f"  {name}: {why_unavailable(name)}")
            return 1
        with progress_bar("Translating", None) as advance:
            summary = translate_glossary(g, only_missing=args.only_missing, backends=args.backend, progress=advance)
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    print(f"terms: {summary['terms']} ({'untranslated only' if args.only_missing else 'all'})")
    for name, info in summary["backends"].items():
        if "skipped" in info:
            print(f"  {name}: skipped ({info['skipped']})")
            continue
        extra = ""
        if name == "argos":
            extra = f", model {info.get('model')} {info.get('version')}, {info.get('sentences', 0)} context sentences"
        elif name == "dictionary":
            extra = (f", {info.get('terms_found', 0)} terms with a suggestion, {info.get('composed', 0)} composed,"
                     f" {info.get('weak', 0)} weak")
        elif name == "tm":
            extra = f", {info.get('segments', 0)} aligned segments"
        print(f"  {name}: {info.get('candidates', 0)} candidates{extra} ({info.get('seconds', 0)} s)")
    weak = f" ({summary['weak']} of them weak: listed, not suggested)" if summary.get("weak") else ""
    print(f"candidates stored: {summary['candidates']}{weak} in {summary['seconds']} s")
    return 0
