#!/usr/bin/env python3
"""The include graph the README promises, checked.

Every target includes headers from the repository root ("storage/store.h"), so the compiler
alone does not stop a stray include: SQLiteCpp and CLI11 headers are on the default include path,
and a project header of another folder always resolves. This check reads every source and header
of the folders below and fails, naming file:line and the forbidden edge, when a folder includes
a folder or a third-party library that ALLOWED does not give it.

It also checks ALLOWED against the CMake link graph (target_link_libraries of every target a
folder's CMakeLists.txt files define): ALLOWED may give a folder only what its targets link,
directly or through PUBLIC links, and every project library a folder's targets link must be in
ALLOWED (a new link is a new edge of the graph: write it here too, with the README's table).

    check_includes.py [--root DIR]   check a tree (default: the repository of this script)
    check_includes.py --self-test    check the check: a tree with forbidden edges must fail
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

# The one table of who may include whom: folder -> (project folders, third-party libraries).
# A folder always sees itself. Third-party names are the keys of THIRD_PARTY below.
ALLOWED = {
    "templates": (set(), set()),
    "forms": (set(), {"json", "date"}),
    "scoring": ({"forms"}, {"json", "boost"}),
    # Only storage talks SQL (SQLite and PostgreSQL).
    "storage": ({"forms", "scoring"}, {"json", "sqlite", "postgresql", "openssl"}),
    # The client workbook and CSV writers see forms and scoring, never storage.
    "exports": ({"forms", "scoring"}, {"json", "boost", "xlsxwriter", "icu"}),
    # The jobs both front ends do: storage through its interfaces and the export writers; no
    # SQL, no wx, no CLI11.
    # libzip and OpenSSL for field bundles (zip members and their SHA-256); libexif for photos'
    # capture times; libcurl for alerts' e-mail over SMTP (smtp.cpp).
    "services": ({"forms", "scoring", "storage", "exports"},
                 {"json", "boost", "zip", "openssl", "exif", "curl"}),
    # The command line: everything but the app; the only code with CLI11.
    "cli": ({"forms", "scoring", "storage", "services", "exports", "templates"},
            {"json", "boost", "cli11", "fmt", "xlsxwriter"}),
    # The desktop app: the only code that includes wx.
    "app": ({"forms", "scoring", "storage", "services", "exports", "templates"},
            {"json", "boost", "wx", "fmt", "xlsxwriter"}),
    # Benchmarks: the window-free ones see storage (and the review service, for the load of
    # many reviewers); the window one (bench_app_window) is a
    # program linked with the app's windows, like the GUI tests, so it may include app and wx.
    "bench": ({"forms", "scoring", "storage", "services", "templates", "app"},
              {"json", "boost", "wx"}),
}

# Third-party libraries by the start of their include path (checked in this order).
THIRD_PARTY = [
    ("wx/", "wx"),
    ("SQLiteCpp/", "sqlite"),
    ("sqlite3.h", "sqlite"),
    ("pqxx/", "postgresql"),
    ("libpq-fe.h", "postgresql"),
    ("CLI/", "cli11"),
    ("xlsxwriter.h", "xlsxwriter"),
    ("xlsxwriter/", "xlsxwriter"),
    ("unicode/", "icu"),
    ("openssl/", "openssl"),
    ("zip.h", "zip"),
    ("zipconf.h", "zip"),
    ("libexif/", "exif"),
    ("curl/", "curl"),
    ("fmt/", "fmt"),
    ("boost/", "boost"),
    ("nlohmann/", "json"),
    ("date/", "date"),
]

# CMake targets -> what they give: a project folder (its library) or a third-party library.
PROJECT_TARGETS = {
    "forms": "forms",
    "scoring": "scoring",
    "storage": "storage",
    "exports": "exports",
    "services": "services",
    "bundled_templates": "templates",
    "app_model": "app",
    "app_lib": "app",
}
THIRD_PARTY_TARGETS = {
    "vs_wx": "wx",
    "SQLiteCpp": "sqlite",
    "PkgConfig::PQXX": "postgresql",
    "CLI11::CLI11": "cli11",
    "PkgConfig::XLSXWRITER": "xlsxwriter",
    "PkgConfig::ICU_UC": "icu",
    "OpenSSL::Crypto": "openssl",
    "PkgConfig::LIBZIP": "zip",
    "PkgConfig::LIBEXIF": "exif",
    "CURL::libcurl": "curl",
    "fmt::fmt": "fmt",
    "Boost::headers": "boost",
    "Boost::math": "boost",
    "nlohmann_json::nlohmann_json": "json",
    "date::date": "date",
}

SOURCE_SUFFIXES = (".h", ".hpp", ".cpp", ".cc", ".ipp", ".cpp.in", ".h.in")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
# __has_include(<wx/…>) counts as an include of it.
HAS_INCLUDE = re.compile(r'__has_include\s*\(\s*([<"])([^">]+)[">]')


def third_party(path):
    for prefix, name in THIRD_PARTY:
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return name
    return None


def sources(root, folder):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(dirpath, name)


def folder_of(root, path):
    """The top-level folder of the repository that `path` lies in, or None."""
    rel = os.path.relpath(os.path.normpath(path), root)
    if rel.startswith(".."):
        return None
    return rel.split(os.sep)[0]


def check_includes(root):
    problems = []
    for folder, (folders, libraries) in sorted(ALLOWED.items()):
        for path in sources(root, folder):
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8", errors="replace") as f:
                lines = f.readlines()
            for number, line in enumerate(lines, 1):
                found = [m.groups() for m in [INCLUDE.match(line)] if m]
                found += HAS_INCLUDE.findall(line) if "__has_include" in line else []
                for kind, target in found:
                    library = third_party(target)
                    if library is not None:
                        if library not in libraries:
                            problems.append(f"{rel}:{number}: {folder} -> {library} "
                                            f"(#include {kind}{target}): not allowed")
                        continue
                    if kind == "<":
                        continue  # the standard library and the system's own headers
                    # "x.h" next to the file, else from the repository root ("storage/x.h").
                    beside = os.path.join(os.path.dirname(path), target)
                    where = beside if os.path.exists(beside) else os.path.join(root, target)
                    to = folder_of(root, where)
                    if to is None or to == folder:
                        continue
                    if to in ALLOWED and to not in folders:
                        problems.append(f'{rel}:{number}: {folder} -> {to} (#include "{target}"): '
                                        f"not allowed")
                    elif to not in ALLOWED:
                        problems.append(f'{rel}:{number}: {folder} -> {to} (#include "{target}"): '
                                        f"{to}/ is not a library")
    return problems


def cmake_files(root, folder):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, folder)):
        dirnames.sort()
        if "CMakeLists.txt" in filenames:
            yield os.path.join(dirpath, "CMakeLists.txt")


def strip_comments(text):
    text = re.sub(r"#\[(=*)\[.*?\]\1\]", "", text, flags=re.S)
    return re.sub(r"#[^\n]*", "", text)


def link_graph(root):
    """{target: (folder, {keyword: [linked targets]})} from every folder's CMakeLists.txt."""
    targets = {}
    for folder in ALLOWED:
        for path in cmake_files(root, folder):
            with open(path, encoding="utf-8") as f:
                text = strip_comments(f.read())
            for m in re.finditer(r"\badd_(?:library|executable)\s*\(\s*([A-Za-z0-9_.:-]+)", text):
                targets.setdefault(m.group(1), (folder, {}))
            for m in re.finditer(r"\btarget_link_libraries\s*\(([^)]*)\)", text):
                words = m.group(1).split()
                if not words:
                    continue
                name, keyword = words[0], "PUBLIC"  # the plain signature behaves as PUBLIC
                links = targets.setdefault(name, (folder, {}))[1]
                for word in words[1:]:
                    if word in ("PUBLIC", "PRIVATE", "INTERFACE"):
                        keyword = word
                    else:
                        links.setdefault(keyword, []).append(word)
    return targets


def reachable(targets, name, seen=None):
    """What target `name` may include from: its own links and its links' PUBLIC/INTERFACE ones."""
    seen = set() if seen is None else seen
    out = set()
    folder, links = targets.get(name, (None, {}))
    for keyword, words in links.items():
        for word in words:
            out.add(word)
            if word not in seen:
                seen.add(word)
                out |= public_closure(targets, word, seen)
    return out


def public_closure(targets, name, seen):
    out = set()
    _, links = targets.get(name, (None, {}))
    for keyword in ("PUBLIC", "INTERFACE"):
        for word in links.get(keyword, []):
            out.add(word)
            if word not in seen:
                seen.add(word)
                out |= public_closure(targets, word, seen)
    return out


def check_table(root):
    """ALLOWED against the link graph of CMake."""
    problems = []
    targets = link_graph(root)
    for folder, (folders, libraries) in sorted(ALLOWED.items()):
        own = [t for t, (f, _) in targets.items() if f == folder]
        if not own:
            problems.append(f"{folder}/CMakeLists.txt: no target found for the folder")
            continue
        gives_folders, gives_libraries, direct = set(), set(), set()
        for t in own:
            for word in reachable(targets, t):
                if word in PROJECT_TARGETS:
                    gives_folders.add(PROJECT_TARGETS[word])
                if word in THIRD_PARTY_TARGETS:
                    gives_libraries.add(THIRD_PARTY_TARGETS[word])
            for words in targets[t][1].values():
                direct |= {PROJECT_TARGETS[w] for w in words if w in PROJECT_TARGETS}
        gives_folders.discard(folder)
        direct.discard(folder)
        for f in sorted(folders - gives_folders):
            problems.append(f"ALLOWED gives {folder} -> {f}, which no target of {folder}/ links")
        for lib in sorted(libraries - gives_libraries):
            problems.append(f"ALLOWED gives {folder} -> {lib}, which no target of {folder}/ links")
        for f in sorted(direct - folders):
            problems.append(f"{folder}/ links {f}, but ALLOWED does not give {folder} -> {f} "
                            f"(add the edge to the table and the README, or drop the link)")
    return problems


def run(root):
    problems = check_table(root) + check_includes(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_includes: {len(problems)} forbidden edge(s); the allowed graph is ALLOWED "
              f"in {os.path.relpath(__file__, root) if __file__.startswith(root) else __file__}")
        return 1
    files = sum(1 for folder in ALLOWED for _ in sources(root, folder))
    print(f"check_includes: {files} files of {len(ALLOWED)} folders follow the allowed graph")
    return 0


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def self_test():
    """A tree that follows the graph passes; each forbidden edge added to it is named."""
    links = {
        "templates": "add_library(bundled_templates STATIC bundled.cpp)\n",
        "forms": "add_library(forms STATIC a.cpp)\ntarget_link_libraries(forms PUBLIC "
                 "nlohmann_json::nlohmann_json PRIVATE date::date)\n",
        "scoring": "add_library(scoring STATIC a.cpp)\n"
                   "target_link_libraries(scoring PUBLIC forms Boost::headers)\n",
        "storage": "add_library(storage STATIC a.cpp)\ntarget_link_libraries(storage PUBLIC forms "
                   "scoring PRIVATE SQLiteCpp OpenSSL::Crypto PkgConfig::PQXX)\n",
        "exports": "add_library(exports STATIC a.cpp)\ntarget_link_libraries(exports PUBLIC forms "
                   "scoring PkgConfig::XLSXWRITER PRIVATE PkgConfig::ICU_UC)\n",
        "services": "add_library(services STATIC a.cpp)\n"
                    "target_link_libraries(services PUBLIC storage scoring forms PRIVATE exports "
                    "OpenSSL::Crypto PkgConfig::LIBZIP PkgConfig::LIBEXIF CURL::libcurl)\n",
        "cli": "add_executable(visitscore-cli main.cpp)\ntarget_link_libraries(visitscore-cli "
               "PRIVATE services storage exports scoring forms bundled_templates CLI11::CLI11 "
               "fmt::fmt)\n",
        "app": "add_library(vs_wx INTERFACE)\nadd_library(app_lib STATIC a.cpp)\n"
               "target_link_libraries(app_lib PUBLIC services exports bundled_templates vs_wx "
               "PRIVATE fmt::fmt)\n",
        "bench": "add_executable(bench_app bench_app.cpp)\n"
                 "target_link_libraries(bench_app PRIVATE storage forms SQLiteCpp)\n"
                 "add_executable(bench_app_window w.cpp)\n"
                 "target_link_libraries(bench_app_window PRIVATE app_lib)\n",
    }
    good = {
        "forms/a.cpp": '#include "forms/a.h"\n#include <nlohmann/json.hpp>\n#include <vector>\n',
        "forms/a.h": "#pragma once\n",
        "scoring/a.cpp": '#include "forms/a.h"\n#include "scoring/a.h"\n',
        "scoring/a.h": "#pragma once\n#include <boost/math/distributions.hpp>\n",
        "storage/a.cpp": '#include "scoring/a.h"\n#include <SQLiteCpp/SQLiteCpp.h>\n',
        "exports/a.cpp": '#include "scoring/a.h"\n#include <xlsxwriter.h>\n',
        "services/a.cpp": '#include "storage/a.cpp"\n',
        "cli/main.cpp": '#include "services/a.cpp"\n#include <CLI/CLI.hpp>\n',
        "app/shell/a.cpp": '#include "app/shell/a.h"\n#include "a.h"\n#include <wx/frame.h>\n',
        "app/shell/a.h": "#pragma once\n",
        "bench/bench_app.cpp": '#include "storage/a.cpp"\n',
        "bench/w.cpp": '#include "app/shell/a.h"\n#include <wx/app.h>\n',
        "templates/bundled.cpp": '#include "templates/bundled.h"\n',
    }
    bad = [  # (file, line added, the edge the check must name)
        ("scoring/b.cpp", '#include "storage/a.cpp"', "scoring -> storage"),
        ("forms/c.h", "#include <wx/string.h>", "forms -> wx"),
        ("exports/b.cpp", '#include "storage/a.cpp"', "exports -> storage"),
        ("services/b.cpp", "#  include <sqlite3.h>", "services -> sqlite"),
        ("cli/b.cpp", "#include <wx/app.h>", "cli -> wx"),
        ("app/visits/b.cpp", "#include <CLI/CLI.hpp>", "app -> cli11"),
        ("storage/b.cpp", '#include "../exports/a.cpp"', "storage -> exports"),
        ("services/c.cpp", '#include "app/shell/a.h"', "services -> app"),
        ("bench/b.cpp", "#if __has_include(<pqxx/pqxx>)", "bench -> postgresql"),
    ]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for folder, text in links.items():
            write(tmp, f"{folder}/CMakeLists.txt", text)
        for rel, text in good.items():
            write(tmp, rel, text)
        ok = subprocess.run([sys.executable, __file__, "--root", tmp], capture_output=True,
                            text=True)
        if ok.returncode != 0:
            failures.append("a tree that follows the graph failed:\n" + ok.stdout)
        for rel, line, edge in bad:
            write(tmp, rel, line + "\n")
        out = subprocess.run([sys.executable, __file__, "--root", tmp], capture_output=True,
                             text=True)
        if out.returncode == 0:
            failures.append("a tree with forbidden includes passed")
        for rel, line, edge in bad:
            if f"{rel}:1: {edge} " not in out.stdout:
                failures.append(f"not named: {rel}:1: {edge}")
        named = [l for l in out.stdout.splitlines() if ": not allowed" in l]
        if len(named) != len(bad):
            failures.append(f"{len(named)} edges named for {len(bad)} forbidden:\n" + out.stdout)
        # The table against the link graph: a link the table lacks, an edge nothing links.
        write(tmp, "scoring/CMakeLists.txt", links["scoring"] + "target_link_libraries(scoring "
              "PRIVATE storage)\n")
        write(tmp, "exports/CMakeLists.txt", "add_library(exports STATIC a.cpp)\n"
              "target_link_libraries(exports PUBLIC forms scoring PkgConfig::XLSXWRITER)\n")
        out = subprocess.run([sys.executable, __file__, "--root", tmp], capture_output=True,
                             text=True)
        for expected in ("scoring/ links storage, but ALLOWED does not give scoring -> storage",
                         "ALLOWED gives exports -> icu, which no target of exports/ links"):
            if expected not in out.stdout:
                failures.append(f"not named: {expected}\n{out.stdout}")
    for f in failures:
        print("self-test:", f)
    print("check_includes self-test:", "FAILED" if failures else "passed")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(
        __file__))))
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    return run(os.path.abspath(args.root))


if __name__ == "__main__":
    sys.exit(main())
