#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings.

Usage: check-potfiles.py [SOURCE_ROOT]

Fails (exit status 1) when a source file holds translatable strings but is
not listed in po/POTFILES.in (nor in the optional po/POTFILES.skip), or when
POTFILES.in names a file that does not exist.  A file that is listed but has
no translatable strings is only reported, since it does no harm.
"""

import re
import sys
from pathlib import Path

# gettext calls as xgettext's GLib preset knows them; GNU style puts a
# space before the parenthesis, so allow whitespace.
C_GETTEXT = re.compile(
    r"(?<![\w])(?:_|N_|C_|NC_|Q_|gettext|ngettext|g_dgettext|g_dngettext|"
    r"g_dpgettext2?|dcgettext|dngettext)\s*\("
)
UI_TRANSLATABLE = re.compile(r"""translatable\s*=\s*["'](?:yes|true|1)["']""")
GSCHEMA_TRANSLATABLE = re.compile(r"<(?:summary|description)\b|l10n\s*=")
DESKTOP_TRANSLATABLE = re.compile(r"^(?:Name|GenericName|Comment|Keywords)\s*=", re.M)
METAINFO_TRANSLATABLE = re.compile(r"<(?:name|summary|description|caption)\b")


def strip_c_comments_and_strings(text):
    """Blank out comments, string/char literal contents and preprocessor lines.

    Keeps the gettext markers themselves (they sit outside literals), so a
    "_(" inside a string or a comment, or the definition of a gettext macro,
    is not mistaken for a call.
    """
    out = []
    i = 0
    n = len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if at_line_start and c in " \t":
            out.append(c)
            i += 1
            continue
        if at_line_start and c == "#":
            # Skip the whole preprocessor directive, including continuations.
            while i < n and text[i] != "\n":
                if text[i] == "\\" and i + 1 < n and text[i + 1] == "\n":
                    i += 2
                    continue
                i += 1
            continue
        at_line_start = c == "\n"
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("\n" * text.count("\n", i, end))
            i = end
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if c in "\"'":
            quote = c
            out.append(quote)
            i += 1
            while i < n and text[i] != quote and text[i] != "\n":
                i += 2 if text[i] == "\\" else 1
            out.append(quote)
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def has_translatable(path):
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        print(f"warning: cannot read {path}: {exc}", file=sys.stderr)
        return False
    name = path.name
    if name.endswith((".c", ".h")):
        return bool(C_GETTEXT.search(strip_c_comments_and_strings(text)))
    if name.endswith(".ui"):
        return bool(UI_TRANSLATABLE.search(text))
    if name.endswith(".gschema.xml"):
        return bool(GSCHEMA_TRANSLATABLE.search(text))
    if ".desktop" in name:
        return bool(DESKTOP_TRANSLATABLE.search(text))
    if ".metainfo.xml" in name or ".appdata.xml" in name:
        return bool(METAINFO_TRANSLATABLE.search(text))
    return False


def candidate_files(root):
    patterns = [
        ("app", "**/*.c"),
        ("app", "**/*.h"),
        ("ui", "**/*.ui"),
        ("data", "*.desktop.in"),
        ("data", "*.metainfo.xml.in"),
        ("data", "*.appdata.xml.in"),
        ("data", "*.gschema.xml"),
    ]
    found = set()
    for folder, pattern in patterns:
        base = root / folder
        if base.is_dir():
            found.update(p for p in base.glob(pattern) if p.is_file())
    return sorted(found)


def read_list(path):
    """Entries of a POTFILES-style file, minus comments and [type: ...] tags."""
    entries = []
    if not path.exists():
        return entries
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^\[[^\]]*\]\s*", "", line)
        entries.append((lineno, line))
    return entries


def main(argv):
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parent.parent)
    root = root.resolve()
    potfiles_in = root / "po" / "POTFILES.in"
    if not potfiles_in.exists():
        print(f"error: {potfiles_in} does not exist", file=sys.stderr)
        return 1

    listed = read_list(potfiles_in)
    skipped = {entry for _, entry in read_list(root / "po" / "POTFILES.skip")}
    listed_set = {entry for _, entry in listed}

    failed = False

    missing_on_disk = [(n, e) for n, e in listed if not (root / e).is_file()]
    if missing_on_disk:
        failed = True
        print("po/POTFILES.in names files that do not exist:")
        for lineno, entry in missing_on_disk:
            print(f"  po/POTFILES.in:{lineno}: {entry}")

    unlisted = []
    for path in candidate_files(root):
        rel = path.relative_to(root).as_posix()
        if rel in listed_set or rel in skipped:
            continue
        if has_translatable(path):
            unlisted.append(rel)
    if unlisted:
        failed = True
        print("Files with translatable strings missing from po/POTFILES.in:")
        for rel in unlisted:
            print(f"  {rel}")

    for lineno, entry in listed:
        path = root / entry
        if path.is_file() and not has_translatable(path):
            print(f"note: po/POTFILES.in:{lineno}: {entry} has no translatable strings")

    if failed:
        return 1
    print(f"po/POTFILES.in is complete ({len(listed)} files).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
