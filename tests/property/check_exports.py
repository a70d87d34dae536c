#!/usr/bin/python3
"""Checks the property test's exports: every XML part of each workbook parses with lxml, the
workbook reads back with openpyxl (through tests/exports/dump_xlsx.py), each visits CSV is
RFC 4180 with one column count, unique column names and OWASP's injection guard, and no file
names a shopper (or, when staff are pseudonymised, a staff member) in any case, spacing or
Unicode form: text is compared NFKC-normalised, case-folded, with whitespace collapsed.

Usage: check_exports.py MANIFEST DUMP_XLSX   (run with /usr/bin/python3: Debian's lxml, openpyxl)
Prints {"problems": [{"seed", "kind", "detail"}]}."""
import contextlib
import csv
import importlib.util
import io
import json
import math
import re
import sys
import unicodedata
import zipfile

from lxml import etree


def norm(text):
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text)


def load_dump(path):
    spec = importlib.util.spec_from_file_location("dump_xlsx", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dump_workbook(dump_xlsx, path):
    """dump_xlsx.py's JSON for `path`, parts included."""
    out = io.StringIO()
    argv = sys.argv
    try:
        sys.argv = ["dump_xlsx.py", path, "--parts"]
        with contextlib.redirect_stdout(out):
            dump_xlsx.main()
    finally:
        sys.argv = argv
    return json.loads(out.getvalue())


def snippet(text, needle):
    i = norm(text).find(needle)
    return repr(norm(text)[max(0, i - 30):i + len(needle) + 30])


class Checker:
    def __init__(self, dump_xlsx):
        self.dump_xlsx = dump_xlsx
        self.problems = []

    def problem(self, seed, kind, detail):
        self.problems.append({"seed": seed, "kind": kind, "detail": detail})

    def forbidden(self, case, staff=True):
        """(what, normalised text, kind) that must not appear in a file; staff names only in a
        workbook made with pseudonymised staff (the CSV is not pseudonymised)."""
        out = []
        for p in case["shoppers"]:
            out.append(("shopper name " + repr(p["name"]), norm(p["name"]), "name"))
            out.append(("shopper code " + repr(p["code"]), norm(p["code"]), "code"))
        for p in case["staff"] if staff else []:
            out.append(("staff name " + repr(p["name"]) + " (staff pseudonymised)", norm(p["name"]), "name"))
        return out

    def check_xlsx(self, case):
        seed, path = case["seed"], case["xlsx"]
        try:
            z = zipfile.ZipFile(path)
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            self.problem(seed, "workbook is not a zip", f"{path}: {e}")
            return
        with z:
            bad = z.testzip()
            if bad:
                self.problem(seed, "workbook zip corrupt", f"{path}: {bad}")
            parser = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
            for info in z.infolist():
                if not info.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                data = z.read(info.filename)
                try:
                    etree.fromstring(data, parser)
                except etree.XMLSyntaxError as e:
                    self.problem(seed, "workbook part is not well-formed XML (lxml)",
                                 f"{path}: {info.filename}: {e}")
        try:
            dump = dump_workbook(self.dump_xlsx, path)
        except SystemExit as e:  # dump_xlsx.py refuses the workbook and says why on stdout
            self.problem(seed, "workbook refused by dump_xlsx.py", f"{path}: exit {e.code}")
            return
        except Exception as e:  # noqa: BLE001
            self.problem(seed, "workbook does not read back with openpyxl", f"{path}: {type(e).__name__}: {e}")
            return
        self.check_workbook_numbers(seed, path, dump)
        for what, needle, _ in self.forbidden(case):
            found = False
            for sheet, cells in dump["cells"].items():
                for ref, cell in cells.items():
                    v = cell.get("v")
                    for text in (v, cell.get("f")):
                        if isinstance(text, str) and needle in norm(text):
                            self.problem(seed, f"workbook names the {what.split(' ')[0]} ({what.split(' ')[1]})",
                                         f"{path}: {what} in {sheet}!{ref}: {snippet(text, needle)}")
                            found = True
                            break
                    if found:
                        break
                if found:
                    break
            if found:
                continue
            for part, text in dump["parts"].items():
                if needle in norm(text):
                    self.problem(seed, f"workbook names the {what.split(' ')[0]} ({what.split(' ')[1]})",
                                 f"{path}: {what} in part {part}: {snippet(text, needle)}")
                    break

    def check_workbook_numbers(self, seed, path, dump):
        """No NaN or infinity in any cell; every value under a "95% CI" heading inside [0, 100]
        (scores; pass-rate intervals are in [0, 1], inside it too)."""
        nan_text = re.compile(r"(?<![A-Za-z])-?(nan|inf|infinity)(?![A-Za-z])", re.IGNORECASE)
        for sheet, cells in dump["cells"].items():
            ci_columns = {}  # column letters -> header row
            for ref, cell in cells.items():
                v = cell.get("v")
                if isinstance(v, float) and not math.isfinite(v):
                    self.problem(seed, "workbook holds NaN or infinity", f"{path}: {sheet}!{ref} = {v}")
                if isinstance(v, str) and sheet != "Visits" and nan_text.search(v):
                    self.problem(seed, "workbook shows NaN or infinity as text", f"{path}: {sheet}!{ref} = {v[:80]!r}")
                if isinstance(v, str) and v.startswith("95% CI"):
                    col = ref.rstrip("0123456789")
                    ci_columns.setdefault(col, []).append(int(ref[len(col):]))
            for col, header_rows in ci_columns.items():
                for ref, cell in cells.items():
                    c = ref.rstrip("0123456789")
                    if c != col or int(ref[len(c):]) <= min(header_rows):
                        continue
                    v = cell.get("v")
                    if isinstance(v, (int, float)) and not (0 <= v <= 100):
                        self.problem(seed, "workbook interval outside [0, 100]", f"{path}: {sheet}!{ref} = {v}")

    def check_csv(self, case):
        seed, path = case["seed"], case["csv"]
        raw = open(path, "rb").read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self.problem(seed, "CSV is not UTF-8", f"{path}: {e}")
            return
        if text.startswith("\ufeff"):
            text = text[1:]
        # RFC 4180, strictly: quoted fields with doubled quotes, or fields without quote, CR, LF;
        # records end with CRLF.
        records, fields, pos, quoted_flags, flags = [], [], 0, [], []
        field_re = re.compile(r'"((?:[^"]|"")*)"|([^",\r\n]*)')
        ok = True
        while pos < len(text):
            m = field_re.match(text, pos)
            if m.group(1) is not None:
                fields.append(m.group(1).replace('""', '"'))
                flags.append(True)
            else:
                fields.append(m.group(2))
                flags.append(False)
            pos = m.end()
            if text.startswith(",", pos):
                pos += 1
                continue
            if text.startswith("\r\n", pos) or pos == len(text):
                records.append(fields)
                quoted_flags.append(flags)
                fields, flags = [], []
                pos += 2
                continue
            self.problem(seed, "CSV is not RFC 4180",
                         f"{path}: at character {pos} (record {len(records) + 1}): {text[pos - 20:pos + 20]!r}")
            ok = False
            break
        if not ok:
            return
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        except csv.Error as e:
            self.problem(seed, "CSV does not parse with python's csv module", f"{path}: {e}")
            return
        if rows != records:
            self.problem(seed, "CSV reads differently with python's csv module", path)
        if not records:
            self.problem(seed, "CSV is empty", path)
            return
        header = records[0]
        if len(set(header)) != len(header):
            dup = sorted({h for h in header if header.count(h) > 1})
            self.problem(seed, "CSV has two columns of one name", f"{path}: {dup}")
        for i, r in enumerate(records[1:], start=2):
            if len(r) != len(header):
                self.problem(seed, "CSV rows have different column counts",
                             f"{path}: record {i} has {len(r)} fields, the header {len(header)}")
                break
        number = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
        injection = quoting = None
        for i, (r, fl) in enumerate(zip(records[1:], quoted_flags[1:]), start=2):
            for col, (cell, q) in enumerate(zip(r, fl)):
                name = header[col] if col < len(header) else str(col)
                if injection is None and cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(cell):
                    injection = f"{path}: record {i}, column {name!r}: {cell[:40]!r}"
                if quoting is None and not q and any(ch in cell for ch in ',";\r\n'):
                    quoting = f"{path}: record {i}, column {name!r}: {cell[:40]!r}"
        if injection:
            self.problem(seed, "CSV cell not guarded against formula injection (OWASP)", injection)
        if quoting:
            self.problem(seed, "CSV cell with a separator, quote, ';', CR or LF not quoted (OWASP)", quoting)
        for col, name in enumerate(header):
            if name in ("raw", "score") or name.endswith("_score"):
                for i, r in enumerate(records[1:], start=2):
                    cell = r[col] if col < len(r) else ""
                    try:
                        ok = cell == "" or (math.isfinite(float(cell)) and 0 <= float(cell) <= 100)
                    except ValueError:
                        ok = False
                    if not ok:
                        self.problem(seed, "CSV score not empty or a number in [0, 100]",
                                     f"{path}: record {i}, column {name!r}: {cell[:40]!r}")
                        break
        # Anonymity: names nowhere in the file; codes nowhere but the shopper column.
        whole = norm(text)
        shopper_col = header.index("shopper") if "shopper" in header else -1
        for what, needle, kind in self.forbidden(case, staff=False):
            if kind == "name":
                if needle in whole:
                    self.problem(seed, f"CSV names the {what.split(' ')[0]} (name)",
                                 f"{path}: {what}: {snippet(text, needle)}")
                continue
            for i, r in enumerate(records[1:], start=2):
                hit = [c for col, c in enumerate(r) if col != shopper_col and needle in norm(c)]
                if hit:
                    self.problem(seed, f"CSV names the {what.split(' ')[0]} (code outside the shopper column)",
                                 f"{path}: {what} in record {i}: {snippet(hit[0], needle)}")
                    break


def main():
    manifest = json.load(open(sys.argv[1]))
    checker = Checker(load_dump(sys.argv[2]))
    for case in manifest:
        if case["xlsx"]:
            checker.check_xlsx(case)
        if case["csv"]:
            checker.check_csv(case)
    json.dump({"problems": checker.problems}, sys.stdout)


if __name__ == "__main__":
    main()
