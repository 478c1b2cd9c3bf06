#!/usr/bin/env python3
"""Writes README.md from its parts, so that each reference has one source.

README.md = scripts/readme/head.md (what PatchBay is, quick start, how it
works, configuration with the `serve` settings table read from
`patchbay serve --help`, the command line) + docs/mappings.md with
docs/verification.md in place of its Verification subsection + docs/operations.md
+ docs/postgres.md + scripts/readme/tail.md. Edit those files, not README.md,
then run:

    swift build --product patchbay && scripts/readme/assemble.py [PATCHBAY_BINARY]
"""
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
head = open(os.path.join(here, "head.md")).read()

# Serve settings table from `patchbay serve --help`.
binary = sys.argv[1] if len(sys.argv) > 1 else root + "/.build/debug/patchbay"
help_text = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True).stdout
opts = help_text.split("OPTIONS:")[1]
entries = re.split(r"\n  (?=--)", "\n" + opts)
rows = []
for e in entries:
    e = " ".join(e.split())
    m = re.match(r"(--[\w-]+)(?: <[^>]+>)? (.*)", e)
    if not m or m.group(1) in ("--config", "--help"):
        continue
    flag, desc = m.group(1), m.group(2)
    env = re.search(r"\[env: (\w+)\]", desc)
    desc = re.sub(r"\s*\[env: \w+\]", "", desc)
    default = re.search(r"\(default:? ([^)]*)\)", desc)
    d = default.group(1) if default else "—"
    desc = re.sub(r"\s*\(default:? [^)]*\)", "", desc)
    rows.append(f"| `{flag}` | `{env.group(1) if env else ''}` | {d} | {desc} |")
head = head.replace("SERVE_SETTINGS_TABLE", "\n".join(rows))

def shift_headings(text, shift):
    out, fenced = [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#+ ", line):
            line = "#" * shift + line
        out.append(line)
    return "\n".join(out)

def relink(text):
    """Links relative to docs/ made relative to the repository root."""
    return re.sub(r"\]\((?!https?:|#|/)([^)]+)\)", r"](docs/\1)", text)

def section(path, drop_title=True, shift=1):
    text = relink(open(os.path.join(root, path)).read())
    if drop_title:
        text = re.sub(r"\A# [^\n]*\n", "", text)
    if shift:
        text = shift_headings(text, shift)
    return text.strip() + "\n"

mappings = relink(open(os.path.join(root, "docs/mappings.md")).read())
mappings = re.sub(r"\A# [^\n]*\n", "", mappings)
# The verify reference replaces the mapping doc's short Verification subsection.
verification = section("docs/verification.md", shift=2)
mappings = re.sub(r"### Verification\n.*?(?=\n### )", "### Verification: the `verify` section\n" + verification, mappings, flags=re.S)
mappings = re.sub(r"\n## CLI\n.*\Z", "\n", mappings, flags=re.S)   # the CLI reference is in the head
mappings = shift_headings(mappings, 1)

parts = [head, "\n## Mapping files\n" + mappings.strip() + "\n"]
for title, path in [("Operations", "docs/operations.md"), ("Several instances on PostgreSQL", "docs/postgres.md")]:
    if os.path.exists(os.path.join(root, path)):
        parts.append(f"\n## {title}\n" + section(path))
parts.append(open(os.path.join(here, "tail.md")).read())
readme = "".join(parts).replace("(#verification)", "(#verification-the-verify-section)")
open(os.path.join(root, "README.md"), "w").write(readme)
print("README.md:", sum(p.count("\n") for p in parts), "lines")
