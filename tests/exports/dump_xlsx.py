#!/usr/bin/python3
"""Dumps an .xlsx as JSON for the exports tests: every sheet's cells (value, cached value,
formula), cell notes (comments), the first row's height, which first-row cells wrap, column
widths, charts with their series, conditional formats, panes, filters and print titles, the
document properties, and with --parts the text of every part of the zip (XML unescaped).

First, every XML part of the zip is parsed with a real XML parser (lxml, libxml2 underneath):
a part that is not well-formed XML 1.0 fails the dump (exit status 3, the part and the parser's
message on stdout), whatever openpyxl would have made of it.

With --only SHEET,SHEET… only those sheets' cells are read (openpyxl's read-only mode: fast on
very large workbooks), without charts, formats or panes.

Usage: dump_xlsx.py FILE [--parts] [--only SHEETS]   (run with /usr/bin/python3: Debian's
openpyxl and lxml)"""
import html
import json
import sys
import zipfile

import openpyxl
from lxml import etree


def check_xml_parts(path):
    """Parses every XML part strictly; returns the problems found (empty when all parse)."""
    problems = []
    parser = etree.XMLParser(recover=False, resolve_entities=False, huge_tree=True)
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        if "[Content_Types].xml" not in names:
            problems.append("no [Content_Types].xml part")
        for name in names:
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                etree.fromstring(z.read(name), parser)
            except etree.XMLSyntaxError as e:
                problems.append("%s: %s" % (name, e))
    return problems


def text_of(rich):
    """The plain text of a chart title."""
    try:
        return "".join(r.t for p in rich.tx.rich.p for r in (p.r or []))
    except AttributeError:
        return None


def ref_of(data):
    if data is None:
        return None
    for kind in ("numRef", "strRef"):
        ref = getattr(data, kind, None)
        if ref is not None:
            return ref.f
    return None


def main():
    path = sys.argv[1]
    problems = check_xml_parts(path)
    if problems:
        print("XML parts that do not parse:\n" + "\n".join(problems))
        sys.exit(3)
    only = None
    if "--only" in sys.argv:
        only = sys.argv[sys.argv.index("--only") + 1].split(",")
        formulas = openpyxl.load_workbook(path, data_only=False, read_only=True)
        values = openpyxl.load_workbook(path, data_only=True, read_only=True)
        out = {"sheets": formulas.sheetnames, "cells": {}}
        for name in only:
            cells = {}
            for row, vrow in zip(formulas[name].iter_rows(), values[name].iter_rows()):
                for c, v in zip(row, vrow):
                    if c.value is None:
                        continue
                    entry = {"v": v.value if not hasattr(v.value, "isoformat") else v.value.isoformat()}
                    if c.data_type == "f":
                        entry["f"] = str(c.value)
                    cells[c.coordinate] = entry
            out["cells"][name] = cells
    else:
        formulas = openpyxl.load_workbook(path, data_only=False)
        values = openpyxl.load_workbook(path, data_only=True)
        out = {"sheets": formulas.sheetnames, "cells": {}, "charts": {}, "conditional_formats": {},
               "freeze": {}, "autofilter": {}, "print_titles": {}, "landscape": {}, "images": {},
               "notes": {}, "first_row_height": {}, "first_row_wraps": {}, "widths": {}}
    for name in formulas.sheetnames if only is None else []:
        ws, wv = formulas[name], values[name]
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cached = wv[c.coordinate].value
                entry = {"v": cached if not hasattr(cached, "isoformat") else cached.isoformat()}
                if c.data_type == "f":
                    entry["f"] = str(c.value)
                cells[c.coordinate] = entry
        out["cells"][name] = cells
        out["notes"][name] = {c.coordinate: {"text": c.comment.text, "author": c.comment.author}
                              for row in ws.iter_rows() for c in row if c.comment is not None}
        out["first_row_height"][name] = ws.row_dimensions[1].height
        out["first_row_wraps"][name] = [c.coordinate for c in ws[1] if c.alignment.wrap_text]
        out["widths"][name] = {k: d.width for k, d in ws.column_dimensions.items()
                               if d.customWidth}
        charts = []
        for ch in ws._charts:
            charts.append({
                "type": type(ch).__name__,
                "title": text_of(ch.title) if ch.title is not None else None,
                "series": [{"val": ref_of(s.val), "cat": ref_of(s.cat)} for s in ch.series],
            })
        out["charts"][name] = charts
        out["images"][name] = len(ws._images)
        cfs = []
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                cfs.append({"range": str(cf.sqref), "type": rule.type, "operator": rule.operator,
                            "text": rule.text, "formula": list(rule.formula or [])})
        out["conditional_formats"][name] = cfs
        out["freeze"][name] = ws.freeze_panes
        out["autofilter"][name] = ws.auto_filter.ref
        out["print_titles"][name] = ws.print_title_rows
        out["landscape"][name] = ws.page_setup.orientation == "landscape"
    p = formulas.properties
    out["properties"] = {k: getattr(p, k) for k in ("title", "subject", "creator", "description",
                                                      "keywords", "lastModifiedBy", "category")}
    if "--parts" in sys.argv:
        with zipfile.ZipFile(path) as z:
            out["parts"] = {}
            for info in z.infolist():
                data = z.read(info.filename)
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    text = data.decode("latin-1")
                out["parts"][info.filename] = html.unescape(text)
    json.dump(out, sys.stdout, default=str)


if __name__ == "__main__":
    main()
