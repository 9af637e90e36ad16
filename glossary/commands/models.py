"""glossary models : list, install and remove the offline MT models (Argos Translate packages)."""

HELP = "list, install or remove offline translation models (Argos Translate packages)"

EPILOG = """\
examples:
  glossary models list
  glossary models install nl en                     from the Argos package index (needs internet)
  glossary models install --from translate-nl_en.argosmodel   offline, from a downloaded file
  glossary models remove translate-nl_en-1_9

Models live where Argos Translate keeps them: $ARGOS_PACKAGES_DIR, else
$XDG_DATA_HOME/argos-translate/packages (~/.local/share/argos-translate/packages).
"""


def register(sub) -> None:
    import argparse

    p = sub.add_parser("models", help=HELP, description=HELP, epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    msub = p.add_subparsers(dest="models_command", metavar="ACTION")
    raw = argparse.RawDescriptionHelpFormatter

    def action(name: str, help: str, examples: str):
        return msub.add_parser(name, help=help, description=help, formatter_class=raw,
                               epilog="examples:\n" + examples)

    ls = action("list", "installed packages, direction, version",
                "  glossary models list\n  glossary models list --json\n")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    inst = action("install", "install from the package index or from a file",
                  "  glossary models install nl en                          (needs internet)\n"
                  "  glossary models install --from translate-nl_en.argosmodel   (offline)\n\n"
                  "Translating with a model needs the MT extra: pip install 'glossary[mt]'.\n")
    inst.add_argument("codes", nargs="*", metavar="LANG", help="source and target language (default: nl en)")
    inst.add_argument("--from", dest="from_file", metavar="FILE", help="install this .argosmodel file (offline)")
    rm = action("remove", "remove an installed package",
                "  glossary models remove translate-nl_en-1_9\n  glossary models remove nl-en\n")
    rm.add_argument("name", help="folder name from `glossary models list`, or a direction such as nl-en")
    p.set_defaults(func=run)


def run(args, open_glossary) -> int:
    from glossary.errors import UsageError
    from glossary.translate import models

    action = getattr(args, "models_command", None) or "list"
    if action == "list":
        installed = models.installed_models()
        if getattr(args, "json", False):
            import json

            print(json.dumps({"packages_dir": str(models.packages_dir()),
                              "models": [m.as_dict() for m in installed]}, indent=2))
            return 0
        if not installed:
            print(f"no models installed in {models.packages_dir()}")
            print("install one: `glossary models install nl en` (internet) or `glossary models install --from FILE`")
            return 0
        width = max(len(m.name) for m in installed)
        for m in installed:
            flag = "  (test model, random weights)" if m.test_model else ""
            print(f"{m.name:<{width}}  {m.direction:<8} {m.version}{flag}")
        print(f"({models.packages_dir()})")
        missing = models.mt_stack_missing()
        if missing:
            print(f"note: {models.MT_HINT}")
        return 0
    if action == "install":
        if args.from_file:
            if args.codes and len(args.codes) != 2:
                raise UsageError("give both languages (e.g. `nl en`) or none with --from")
            expect = tuple(args.codes) if args.codes else None
            info = models.install_from_file(args.from_file, expect=expect)
        else:
            codes = args.codes or ["nl", "en"]
            if len(codes) != 2:
                raise UsageError("give a source and a target language, e.g. `glossary models install nl en`")
            print(f"downloading the {codes[0]}->{codes[1]} model from {models.index_url()} ...")
            info = models.install_from_index(codes[0], codes[1])
        print(f"installed {info.name} ({info.direction}, version {info.version}) in {info.path.parent}")
        return 0
    if action == "remove":
        info = models.remove_model(args.name)
        print(f"removed {info.name} ({info.direction}, version {info.version})")
        return 0
    raise UsageError(f"unknown models action {action!r}")
