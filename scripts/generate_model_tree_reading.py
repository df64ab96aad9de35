#!/usr/bin/env python3
"""Writes Sources/BCF/Model/ModelTreeReading.generated.swift: for every model struct whose Decodable
conformance is synthesized, an `init(node:path:)` that reads the same keys, in the same order, straight
from the model tree. Run it after adding or changing a stored property of a typed model:

    python3 scripts/generate_model_tree_reading.py

With --print it writes the file's text to standard output instead (the tests compare it with the file).
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "Sources/BCF/Model/PlanningReturn.swift", ROOT / "Sources/BCF/Model/QuarterlyReturn.swift"]
OUT = ROOT / "Sources/BCF/Model/ModelTreeReading.generated.swift"

STRUCT = re.compile(r"^public struct (\w+)(<[^>]*>)?: ([^{]*)\{")
PROPERTY = re.compile(r"^    public var (\w+): ([^{=]+?)\s*$")


def structs(text):
    """Each top-level struct: name, generic clause, stored properties, and whether it decodes itself."""
    found = []
    current = None
    for line in text.splitlines():
        match = STRUCT.match(line)
        if match:
            current = {"name": match.group(1), "generic": match.group(2), "properties": [], "custom": False}
            found.append(current)
            continue
        if current is None:
            continue
        if line == "}":
            current = None
            continue
        if "init(from decoder" in line:
            current["custom"] = True
        prop = PROPERTY.match(line)
        if prop:
            current["properties"].append((prop.group(1), prop.group(2).strip()))
    return found


def main():
    lines = [
        "// Made by scripts/generate_model_tree_reading.py from the model types: do not edit by hand.",
        "// Each init reads the keys its type's synthesized `init(from:)` reads, in the same order.",
        "",
    ]
    for source in SOURCES:
        for struct in structs(source.read_text()):
            if struct["custom"] or struct["generic"]:
                continue
            lines.append(f"extension {struct['name']}: ModelTreeReadable {{")
            lines.append("    init(node: ModelNode, path: ModelPath) throws {")
            lines.append("        guard var fields = ModelFields(node, path: path) else {")
            lines.append("            self = try .readGenerally(node, path: path)")
            lines.append("            return")
            lines.append("        }")
            # Through the memberwise init, so that no property is first set to nil and then replaced.
            arguments = []
            for name, swift_type in struct["properties"]:
                kind = "optional" if swift_type.endswith("?") else "required"
                arguments.append(f"            {name}: fields.{kind}(\"{name}\")")
            lines.append("        try self.init(")
            lines.append(",\n".join(arguments))
            lines.append("        )")
            lines.append("    }")
            lines.append("}")
            lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    if "--print" in sys.argv[1:]:
        sys.stdout.write(text)
    else:
        OUT.write_text(text)


if __name__ == "__main__":
    main()
