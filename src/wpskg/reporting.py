"""Validation reports as text, JSON, JUnit XML and GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from .display import visible
from .errors import InputError, InputErrors
from .validate import VIOLATION, Problem, Report

FORMATS = ("text", "json", "junit", "github")


def text(report: Report, strict: bool = False) -> str:
    """A report a curator reads in a terminal (control characters of the data shown as escapes)."""
    lines = []
    for p in report.sorted():
        where = f"{p.where}: " if p.where else ""
        name = f"{p.focus} ({p.label})" if p.label else p.focus
        lines.append(f"{where}{p.severity}: {name}")
        if p.path:
            lines.append(f"    path: {p.path}")
        if p.value is not None:
            lines.append(f"    value: {p.value}")
        lines.append(f"    {p.message}")
    status = "conforms" if report.conforms(strict) else "does not conform"
    lines.append(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s): {status}")
    return visible("\n".join(lines) + "\n")


def as_json(report: Report, strict: bool = False) -> str:
    """A machine-readable report."""
    payload = {
        "conforms": report.conforms(strict),
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "problems": [
            {
                "severity": p.severity,
                "focus": p.focus,
                "label": p.label,
                "path": p.path,
                "value": p.value,
                "message": p.message,
                "file": p.file,
                "line": p.line,
                "source": p.source,
                "component": p.component,
            }
            for p in report.sorted()
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def junit(report: Report, strict: bool = False) -> str:
    """JUnit XML: one test case per problem, failures for violations (and warnings if strict)."""
    problems = report.sorted()
    failing = [p for p in problems if p.severity == "Violation" or (strict and p.severity == "Warning")]
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out.append(f'<testsuites name="wpskg validate" tests="{max(len(problems), 1)}" failures="{len(failing)}">')
    out.append(f'  <testsuite name="shapes" tests="{max(len(problems), 1)}" failures="{len(failing)}">')
    if not problems:
        out.append('    <testcase classname="wpskg.validate" name="graph conforms"/>')
    for p in problems:
        name = quoteattr(f"{p.focus} {p.path or ''}".strip())
        classname = quoteattr(p.file or "graph")
        out.append(f"    <testcase classname={classname} name={name}>")
        value = f" value={p.value}" if p.value is not None else ""
        body = escape(f"{p.where} {p.focus} {p.path or ''}{value}\n{p.message}")
        if p in failing:
            out.append(f"      <failure message={quoteattr(p.message)} type={quoteattr(p.severity)}>{body}</failure>")
        else:
            out.append(f"      <system-out>{escape(p.severity)}: {body}</system-out>")
        out.append("    </testcase>")
    out.append("  </testsuite>")
    out.append("</testsuites>")
    return visible("\n".join(out) + "\n")  # a control character is not XML 1.0


def _gh_escape(value: str, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github(report: Report, strict: bool = False) -> str:
    """GitHub Actions workflow commands (``::error file=…,line=…::message``)."""
    lines = []
    for p in report.sorted():
        level = "error" if p.severity == "Violation" or (strict and p.severity == "Warning") else "warning"
        props = []
        if p.file:
            props.append(f"file={_gh_escape(p.file, True)}")
        if p.line:
            props.append(f"line={p.line}")
        props.append(f"title={_gh_escape(f'{p.severity} on {p.focus}', True)}")
        detail = f"{p.focus}" + (f" {p.path}" if p.path else "") + (f" = {p.value}" if p.value is not None else "")
        lines.append(f"::{level} {','.join(props)}::{_gh_escape(f'{p.message} ({detail})')}")
    return visible("\n".join(lines) + ("\n" if lines else ""))


def render(report: Report, fmt: str, strict: bool = False) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    return {"text": text, "json": as_json, "junit": junit, "github": github}[fmt](report, strict)


def unreadable(error: InputError, relative: Callable[[str], str] = str) -> Report:
    """A report of input that could not be read (a Turtle syntax error, a mistake in ``dcat.ttl``): a
    violation at each place, so that CI's annotations and JUnit report show it as they show the
    data's problems (``validate --format github`` printed nothing, and wrote no JUnit file). Each file
    is named by ``relative`` (its path in the project)."""
    errors = error.errors if isinstance(error, InputErrors) else [error]
    return Report(
        [
            Problem(
                VIOLATION,
                relative(e.location.file) if e.location else "input",
                e.message,
                file=relative(e.location.file) if e.location else None,
                line=e.location.line if e.location else None,
                source="input",
                component="unreadable-input",
            )
            for e in errors
        ]
    )
