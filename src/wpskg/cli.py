"""The ``wpskg`` command line: it parses arguments and calls the library."""

from __future__ import annotations

import argparse
import math
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import InputError, ParameterError, QuerySyntaxError, WpskgError

if TYPE_CHECKING:
    from .project import Project
    from .store import Graph


def _params(pairs: Sequence[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param takes KEY=VALUE, not {pair!r}")
        key = key.strip()
        if not value.strip():  # -p country=$COUNTRY with the variable unset: not "any country"
            raise ParameterError(f"--param {key}= has no value; give one, or leave the parameter out")
        if key in out:
            raise ParameterError(f"--param {key} is given twice ({out[key]!r} and {value!r}); give it once")
        out[key] = value
    return out


def _seconds(text: str) -> float:
    """An argument that must be a number of seconds above 0."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _whole(text: str) -> int:
    """An argument that must be a whole number, 0 or more."""
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, got {text!r}")
    return int(text)


def _base_url(text: str) -> str:
    """A download base URL: http(s), with a host, no query or fragment (see export.check_base_url)."""
    from .export import check_base_url

    return _url(check_base_url, text)


def _endpoint_url(text: str) -> str:
    """A SPARQL endpoint URL: http(s), with a host, no query or fragment (see export.check_endpoint_url)."""
    from .export import check_endpoint_url

    return _url(check_endpoint_url, text)


def _url(check: Callable[[str], str], text: str) -> str:
    try:
        return check(text)
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(re.sub(r"^--[a-z-]+ must be", "expected", str(exc))) from None


def _port(text: str) -> int:
    """A TCP port: a whole number from 0 (any free port) to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return value


def _check_output(output: str | None, project: Project | None) -> None:
    """Refuse ``--output FILE`` in a missing folder, or in a folder the project is read from."""
    if output is None:
        return
    if not output.strip():  # --output "$REPORT" with the variable unset: not stdout
        raise ParameterError("--output needs a file name")
    folder = Path(output).parent
    if not folder.is_dir():  # a mistyped folder is an error, as in a shell redirection, not a new folder
        what = "is not a folder" if folder.exists() else "does not exist: create it first"
        raise ParameterError(f"{output}: cannot write: {folder} {what}")
    if project is not None:
        project.check_output(output)


def _project_if_any(explicit: str | None) -> Project | None:
    """The data project here (or ``--project``), or None where there is none."""
    from .project import Project

    try:
        return Project.locate(explicit)
    except WpskgError:
        return None


def _project_or_stock(explicit: str | None, quiet: bool = False) -> Project:
    """The data project here (or ``--project``), else, where there is none at all, wpskg's own
    stored queries and vocabularies (for a stored query on a remote endpoint, or the list of
    queries). A half-made project is an error, never a reason to read another's data; ``quiet``
    drops the warning that an editable install uses its checkout's data."""
    from .project import NoProject, Project, ProjectFallback

    with warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore", ProjectFallback)
        try:
            return Project.locate(explicit)
        except NoProject:
            return Project.stock()


def cmd_init(args: argparse.Namespace) -> int:
    from .project import shown, stock_root
    from .scaffold import init, ontology_version

    made = init(Path(args.folder))
    version = ontology_version(stock_root() or made)
    print(f"made the data project {shown(made)} (ontology {version}): put your source texts in sources/, list them")
    print("in sources/CATALOG.md, write their facts in instances/<file stem>/, and run `wpskg validate`.")
    print("Before you publish, replace the .example placeholders of dcat.ttl and choose its licence.")
    return 0


def cmd_dcat_template(args: argparse.Namespace) -> int:
    from .dcat import template

    _write(template(), None)
    return 0


def cmd_country(args: argparse.Namespace) -> int:
    from .iso_countries import turtle

    _write(turtle(args.codes), None)
    return 0


def _write(text: str, output: str | None) -> None:
    """``text`` to ``--output FILE`` (atomically; checked by :func:`_check_output` before the work) or stdout."""
    if output is not None:
        from . import atomic

        atomic.write_text(Path(output), text)
    else:
        sys.stdout.write(text)


def cmd_build(args: argparse.Namespace) -> int:
    from . import reporting
    from .build import build
    from .project import Project, shown

    project = Project.locate(args.project)
    result = build(
        project,
        Path(args.out) if args.out else None,
        engine=args.engine,
        strict=args.strict,
        cache=not args.no_cache,
    )
    if result.report.warnings:
        sys.stderr.write(reporting.render(result.report, "text"))
    print(
        f"built {shown(result.files[0])}: {len(result.graph)} triples "
        f"({len(result.report.warnings)} warning(s)) in {result.timings['total_s']:.1f} s"
    )
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from . import reporting
    from .project import Project
    from .validate import validate

    project = Project.locate(args.project)
    _check_output(args.output, project)
    try:
        report = validate(project, [Path(f) for f in args.files], engine=args.engine)
    except InputError as error:
        if args.format != "text":  # CI reads the report: the unreadable input is in it too
            unread = reporting.unreadable(error, lambda file: project.relative(project.root / file))
            _write(reporting.render(unread, args.format, args.strict), args.output)
        raise  # and on stderr, exit 2
    _write(reporting.render(report, args.format, args.strict), args.output)
    return 0 if report.conforms(args.strict) else 1


def _local_graph(args: argparse.Namespace, project: Project):
    from .snapshot import query_graph

    return query_graph(project, cache=not args.no_cache)


def cmd_query(args: argparse.Namespace) -> int:
    from . import results
    from .project import Project
    from .queries import load_queries, run, unknown_query

    project = _project_or_stock(args.project) if args.endpoint else Project.locate(args.project)
    queries = load_queries(project.query_dir)
    if args.name is None:
        raise ParameterError(f"name a stored query: {', '.join(queries)} (wpskg queries lists what each answers)")
    if args.name not in queries:
        raise unknown_query(args.name, queries)
    stored = queries[args.name]
    params = _params(args.param)
    _check_output(args.output, project)
    if args.endpoint:
        from . import remote

        variables, rows = remote.run_stored(
            stored,
            args.endpoint,
            params,
            timeout=args.timeout,
            max_rows=args.max_rows,
            limit=args.limit,
            offset=args.offset,
        )
        note = remote.empty_answer_note(args.endpoint, timeout=args.timeout) if not rows and not args.offset else None
        if note:
            sys.stderr.write(f"warning: {note}\n")
    else:
        run_ = run(
            stored,
            _local_graph(args, project),
            params,
            timeout=args.timeout,
            max_rows=args.max_rows,
            limit=args.limit,
            offset=args.offset,
        )
        variables, rows = run_.result.variables, run_.result.rows
    _write(results.render(variables, rows, args.format), args.output)
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from .queries import describe, load_queries, unknown_query

    project = _project_or_stock(args.project)
    stored = load_queries(project.query_dir)
    if args.name is not None:
        if args.name not in stored:
            raise unknown_query(args.name, stored)
        print(describe(stored[args.name]))
        return 0
    for q in stored.values():
        print(describe(q, full=False))
    print("\nwpskg queries NAME describes a query: what each row is, and its columns.")
    return 0


def cmd_sparql(args: argparse.Namespace) -> int:
    import pyoxigraph as ox

    from . import results
    from .project import Project
    from .sparql_guard import ANSWER_KIND, check_query, for_local_store, query_form, token_spans
    from .store import run_query

    if args.file and args.query:
        raise ParameterError("give a query or --file FILE, not both")
    if args.file == "-":
        from .loaders import decode

        text = decode(sys.stdin.buffer.read(), "<stdin>")
    elif args.file:
        from .queries import read_query_text

        text = read_query_text(args.file)
    elif args.query:
        text = args.query
    else:
        raise ParameterError("give a query, or --file FILE")
    if args.endpoint:  # no project needed; one found is still kept safe from --output
        project = _project_if_any(args.project) if args.output is not None else None
    else:
        project = Project.locate(args.project)
    _check_output(args.output, project)
    try:
        spans = token_spans(text)  # once, for the checks and the form
        check_query(text, spans)
        kind = ANSWER_KIND[query_form(text, spans)]
        if kind == "graph" and args.format != "table":
            raise ParameterError(
                f"--format {args.format} is for SELECT and ASK answers; a CONSTRUCT or DESCRIBE answers in Turtle"
            )
        if args.endpoint:
            from . import remote

            try:  # the project's ontology, only for the warnings: a folder that is half a project is no matter here
                where = _project_or_stock(args.project, quiet=True)
            except WpskgError:
                if args.project is not None:
                    raise
                where = None
            _warn_undeclared(text, None, where)
            variables, rows = remote.run_text(text, args.endpoint, timeout=args.timeout, max_rows=args.max_rows)
        else:
            graph = _local_graph(args, project)
            _warn_undeclared(text, graph, project)
            result = run_query(graph, for_local_store(text, spans), timeout=args.timeout, max_rows=args.max_rows)
            kind, variables = result.kind, result.variables
            rows = result.triples if kind == "graph" else result.rows
            if kind == "boolean":  # as an endpoint gives it
                rows = [[ox.Literal(str(result.boolean).lower())]]
    except QuerySyntaxError as exc:
        raise exc.located(args.file) if args.file else exc from None
    # the same output for the same answer, whether the graph is local or at an endpoint
    if kind == "boolean":
        out = results.boolean(rows[0][0].value == "true", args.format)
    elif kind == "graph":
        from .dumpers import turtle

        out = turtle.dumps([ox.Triple(*t) for t in rows])
    else:
        out = results.render(variables, rows, args.format)
    _write(out, args.output)
    return 0


def _warn_undeclared(text: str, graph: Graph | None, project: Project | None) -> None:
    """A warning for each ``wps:`` term of an ad-hoc query that the ontology (of ``graph``, else of
    the project or wpskg's own) does not declare: such a query answers nothing, and says nothing."""
    from .project import Project
    from .store import Graph as Store
    from .validate import declared_terms, undeclared_terms

    if graph is None:
        try:
            where = project or Project.stock()
            graph = Store()
            graph.load_files(where.ontology_files, where)
        except WpskgError:  # the query goes to the endpoint all the same: a local ontology is only for the warning
            return
    declared = declared_terms(graph)
    for term in undeclared_terms(text, declared):
        hint = f": did you mean {term.meant}?" if term.meant else ""
        line = text.count("\n", 0, term.offset) + 1
        warnings.warn(
            f"line {line}: the ontology does not declare wps:{term.local}, so it matches nothing{hint}", stacklevel=2
        )


def cmd_push(args: argparse.Namespace) -> int:
    from . import remote
    from .project import Project
    from .snapshot import query_graph

    graph = query_graph(Project.locate(args.project), cache=False)  # not a snapshot: literals as written
    count = remote.push(graph, args.endpoint, args.graph, timeout=args.timeout)
    target = remote.public_url(args.endpoint) + (f" (graph {args.graph})" if args.graph else "")
    print(f"pushed {count} triples to {target}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from . import reporting
    from .export import export
    from .project import Project

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    result = export(
        Project.locate(args.project),
        Path(args.out),
        formats,
        base_url=args.base_url,
        endpoint=args.sparql_endpoint,
        tables=args.tables,
        validate=not args.no_check,
        strict=args.strict,
        engine=args.engine,
    )
    for note in result.notes:
        sys.stderr.write(f"warning: {note}\n")
    if result.report is None:
        sys.stderr.write("warning: the graph was exported without validating it (--no-check)\n")
    elif result.report.warnings:
        sys.stderr.write(reporting.render(result.report, "text"))
    for path in result.files:
        print(path)
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    from .docs import write_docs
    from .project import Project

    for path in write_docs(Project.locate(args.project), Path(args.out)):
        print(path)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .project import Project
    from .serve import run

    run(
        Project.locate(args.project),
        host=args.host,
        port=args.port,
        base_url=args.base_url,
        timeout=args.timeout,
        max_rows=args.max_rows,
        max_workers=args.workers,
        warm=args.warm,
        page_size=args.page_size,
        answer_budget=args.answer_cache * 1024 * 1024,
        max_answer_bytes=args.max_answer_size * 1024 * 1024 if args.max_answer_size else None,
    )
    return 0


class _Version(argparse.Action):
    """``--version``: wpskg's version and the version of the ontology it comes with (read only when asked)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from .project import stock_root
        from .scaffold import ontology_version

        root = stock_root()
        ontology = ontology_version(root) if root is not None else None
        sys.stdout.write(f"wpskg {__version__}" + (f" (ontology {ontology})" if ontology else "") + "\n")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The argument parser of the ``wpskg`` command."""
    from .export import DEFAULT_FORMATS, FORMAT_ORDER
    from .results import FORMATS as RESULT_FORMATS
    from .store import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT
    from .validate import DEFAULT_ENGINE

    answer_format = "the answer's format (default: table, or a record per row when the columns do not fit)"

    top = argparse.ArgumentParser(prog="wpskg", description="Women, Peace and Security knowledge graph.")
    top.add_argument("--version", action=_Version, nargs=0, help="show wpskg's version and its ontology's, and exit")
    project_help = (
        "the data project (default: the current folder, or one above it, that is one; else, for an editable "
        "install, its checkout's data)"
    )
    # before the command (wpskg --project DIR query ...) or after it; the one after it wins
    top.add_argument("--project", metavar="DIR", help=project_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", metavar="DIR", default=argparse.SUPPRESS, help=project_help)
    sub = top.add_subparsers(dest="command", required=True)

    def snapshot_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--no-cache",
            action="store_true",
            help="load the project and infer, and neither read nor keep its store snapshot (.wpskg-cache/)",
        )

    def engine_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--engine",
            default=DEFAULT_ENGINE,
            choices=["pyshacl", "compiled"],
            help="SHACL engine: compiled (SPARQL on the store, the default) or pyshacl (the reference)",
        )

    def limits(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--timeout", type=_seconds, default=DEFAULT_TIMEOUT, help="time limit in seconds (default: %(default)s)"
        )
        p.add_argument(
            "--max-rows",
            type=_positive_int,
            default=DEFAULT_MAX_ROWS,
            help="row cap: more rows is an error, never a cut answer (default: %(default)s)",
        )
        p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout")

    p = sub.add_parser("init", help="make a new data project with wpskg's ontology, shapes and queries")
    p.add_argument("folder", metavar="DIR", help="the project's folder: a new one, or an empty one (.)")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "country",
        help="print the concept of a country that the code list lacks, to add to ontology/vocab/ in Turtle",
        description="Print, in Turtle, the concept of each country (ISO 3166-1 alpha-2 code) as "
        "ontology/vocab/countries.ttl writes its own, with its English, Dutch and French names: "
        "wpskg country IE >> ontology/vocab/countries-extra.ttl",
    )
    p.add_argument("codes", nargs="+", metavar="CODE", help="ISO 3166-1 alpha-2 codes (IE, UA)")
    p.set_defaults(func=cmd_country)

    p = sub.add_parser(
        "dcat-template",
        help="print a dcat.ttl (portal settings) with placeholders to replace",
        description="Print the dcat.ttl that wpskg init writes, for a project that has none: "
        "wpskg dcat-template > dcat.ttl, then replace its .example placeholders with your own.",
    )
    p.set_defaults(func=cmd_dcat_template)

    p = sub.add_parser("build", parents=[common], help="load, infer, validate and write dist/wpskg.ttl")
    p.add_argument("--out", metavar="DIR", help="output folder (default: dist/)")
    p.add_argument("--strict", action="store_true", help="warnings fail the build too")
    engine_option(p)
    snapshot_option(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("validate", parents=[common], help="validate the instances, or FILEs merged with them")
    p.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="RDF files to check (Turtle, JSON-LD, N-Triples or RDF/XML), merged with the project's instances "
        "(default: the instances alone)",
    )
    p.add_argument(
        "--format",
        default="text",
        choices=["text", "json", "junit", "github"],
        help="the report: text, JSON, JUnit XML for CI, or GitHub Actions annotations (default: %(default)s)",
    )
    p.add_argument("--strict", action="store_true", help="warnings fail the run too")
    engine_option(p)
    p.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", parents=[common], help="run a stored query")
    p.add_argument("name", nargs="?", help="the stored query (wpskg queries lists them)")
    p.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter of the query, repeatable (wpskg queries lists them: country=ML, theme=gbv)",
    )
    p.add_argument("--limit", type=int, metavar="N", help="at most N rows (one page)")
    p.add_argument("--offset", type=int, default=0, metavar="M", help="skip the first M rows")
    p.add_argument("--format", default="table", choices=RESULT_FORMATS, help=answer_format)
    p.add_argument(
        "--endpoint", metavar="URL", help="run on a remote SPARQL 1.1 endpoint (parameter values are looked up there)"
    )
    snapshot_option(p)
    limits(p)
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("queries", parents=[common], help="list the stored queries, or describe one")
    p.add_argument("name", nargs="?", help="describe this query: its rows, parameters and columns")
    p.set_defaults(func=cmd_queries)

    p = sub.add_parser("sparql", parents=[common], help="run an ad-hoc read-only SPARQL query")
    p.add_argument("query", nargs="?", help="the SPARQL text (or give --file)")
    p.add_argument("--file", "-f", metavar="FILE", help="read the SPARQL text from FILE (- for standard input)")
    p.add_argument("--format", default="table", choices=RESULT_FORMATS, help=answer_format)
    p.add_argument("--endpoint", metavar="URL", help="run on a remote SPARQL 1.1 endpoint")
    snapshot_option(p)
    limits(p)
    p.set_defaults(func=cmd_sparql)

    p = sub.add_parser("push", parents=[common], help="upload the graph to a SPARQL Graph Store Protocol endpoint")
    p.add_argument(
        "--endpoint", required=True, metavar="URL", help="the Graph Store Protocol URL (the graph is replaced with PUT)"
    )
    p.add_argument("--graph", metavar="IRI", help="target named graph (default graph if omitted)")
    p.add_argument("--timeout", type=_seconds, default=60.0, help="time limit of the upload in seconds")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser("export", parents=[common], help="write the graph and DCAT-AP metadata for open-data portals")
    p.add_argument(
        "--format",
        default=",".join(DEFAULT_FORMATS),
        metavar="LIST",
        help=f"comma-separated graph formats to write, of {', '.join(FORMAT_ORDER)} (default: %(default)s)",
    )
    p.add_argument(
        "--out",
        required=True,
        metavar="DIR",
        help="the folder to write, replaced atomically; files the export does not write are kept",
    )
    p.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="where the files will be published: the download URLs of the DCAT distributions; required with a "
        "dcat.ttl (a publisher's files are on its own server), else https://w3id.org/wpskg/dist/",
    )
    p.add_argument(
        "--sparql-endpoint",
        type=_endpoint_url,
        metavar="URL",
        help="the public URL of the SPARQL endpoint that serves the graph (wpskg serve's /sparql): the catalogue "
        "describes it as a dcat:DataService",
    )
    p.add_argument(
        "--tables",
        action="store_true",
        help="also write each stored query's answer (the queries that need no parameter) as a CSV table with "
        "CSV on the Web metadata, a distribution of the graph in the catalogue",
    )
    p.add_argument(
        "--no-check",
        action="store_true",
        help="publish without validating first (by default a graph with violations is not exported)",
    )
    p.add_argument("--strict", action="store_true", help="warnings stop the export too")
    engine_option(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("docs", parents=[common], help="write an HTML reference of the ontology")
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write index.html to")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("serve", parents=[common], help="serve SPARQL, the stored queries and linked-data pages")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_port, default=8000, help="port to listen on; 0 picks a free one (default: 8000)")
    p.add_argument(
        "--base-url",
        default=None,
        help="public URL the pages and resource IRIs are served under, behind a proxy (default: http://HOST:PORT/)",
    )
    p.add_argument(
        "--timeout", type=_seconds, default=10.0, help="time limit of each query in seconds (default: %(default)g)"
    )
    p.add_argument(
        "--max-rows", type=_positive_int, default=10_000, help="row cap of each query (default: %(default)s)"
    )
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=None,
        metavar="N",
        help="queries that run at once, each in a forked worker process (default: twice the cores, 4 to 16)",
    )
    p.add_argument(
        "--no-warm",
        dest="warm",
        action="store_false",
        help="do not fork and warm two idle query workers at start: saves about 0.8 GB each at a million "
        "triples, but their first queries run slower",
    )
    p.add_argument(
        "--page-size",
        type=_positive_int,
        default=None,
        metavar="N",
        help="rows a page of the plans, actors, fundings, resolutions and funders pages (default: 200)",
    )
    p.add_argument(
        "--answer-cache",
        type=_whole,
        default=128,
        metavar="MIB",
        help="keep recent answers of the API and the SPARQL endpoint, up to MIB mebibytes in all, and tag "
        "them for HTTP caches (ETag, If-None-Match); 0 keeps none (default: %(default)s)",
    )
    p.add_argument(
        "--max-answer-size",
        type=_whole,
        default=64,
        metavar="MIB",
        help="size cap of each answer, in mebibytes of SPARQL TSV or N-Triples: a larger one is a 422 error, "
        "never a cut answer; 0 for no cap (default: %(default)s)",
    )
    p.set_defaults(func=cmd_serve)

    try:
        from . import synth

        synth.add_cli(sub)
    except (ImportError, AttributeError):
        pass
    return top


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int, *_: object) -> None:
    """A warning on the command line: one line, as the errors are, without the source line."""
    sys.stderr.write(f"wpskg: warning: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        args = parser().parse_args(argv)  # imports most of wpskg: a Ctrl-C may come here
        from . import netguard  # no outbound sockets but loopback, --endpoint and serve --host

        netguard.install_for_cli(args)
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return int(args.func(args) or 0)
    except WpskgError as exc:
        sys.stderr.write(exc.details() + f"wpskg: {exc}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("wpskg: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
