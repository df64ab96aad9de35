#!/usr/bin/env python3
"""Writes Sources/BCF/Definition/BuiltInDefinitionFiles.swift: every definition (Templates/*.yaml, *.yml)
and list (Templates/lists/*.csv) as a Swift string, keyed by its path inside Templates/, so that the BCF
library carries the tool's own definitions wherever a program built with it is copied.
scripts/make-templates.sh runs it; DefinitionLocationTests fails when the file differs from Templates/."""
import os
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
templates = os.path.join(root, "Templates")
output = os.path.join(root, "Sources", "BCF", "Definition", "BuiltInDefinitionFiles.swift")


def literal(text):
    """A Swift string literal holding `text` exactly: every character outside printable ASCII, and the
    quote and backslash, written as an escape."""
    out = ['"']
    for char in text:
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif " " <= char <= "~":
            out.append(char)
        else:
            out.append("\\u{%x}" % ord(char))
    out.append('"')
    return "".join(out)


paths = [name for name in os.listdir(templates) if name.endswith((".yaml", ".yml"))]
lists = os.path.join(templates, "lists")
if os.path.isdir(lists):
    paths += ["lists/" + name for name in os.listdir(lists) if name.endswith(".csv")]
lines = ["// Written by scripts/embed-definitions.py from Templates/: edit Templates/ and run scripts/make-templates.sh,",
         "// not this file.", "", "extension BuiltInDefinitions {", "    static let files: [String: String] = ["]
for path in sorted(paths):
    with open(os.path.join(templates, path), "rb") as handle:
        data = handle.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        sys.exit(f"error: Templates/{path} is not UTF-8 text")
    lines.append(f"        {literal(path)}: {literal(text)},")
if not paths:
    lines.append("        :")
lines += ["    ]", "}", ""]
with open(output, "w", encoding="utf-8", newline="\n") as handle:
    handle.write("\n".join(lines))
print(os.path.relpath(output, root))
