#!/usr/bin/python3
"""Reads back what closing the loop sent and wrote, for the CLI test, with Python's own parsers:

  loop_read.py mail FILE...        each e-mail (as the SMTP server received it) parsed with the
                                   email package: {"mail": [{"to", "subject", "body"}]}, the
                                   To address, the subject's encoded words decoded, the body as
                                   text;
  loop_read.py sheet XLSX SHEET    a workbook sheet's rows read with openpyxl: {"rows": [[...]]}
                                   (or {"rows": null} when the workbook has no such sheet).

Run with /usr/bin/python3 (Debian's openpyxl)."""

import email
import email.header
import email.policy
import json
import sys


def read_mail(paths):
    out = []
    for path in paths:
        with open(path, "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        subject = str(email.header.make_header(email.header.decode_header(msg["Subject"])))
        out.append({"to": msg["To"].addresses[0].addr_spec, "subject": subject, "body": msg.get_content()})
    return {"mail": out}


def read_sheet(path, name):
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if name not in wb.sheetnames:
        return {"rows": None}
    return {"rows": [["" if c is None else c for c in row]
                     for row in wb[name].iter_rows(values_only=True)]}


def main():
    if sys.argv[1] == "mail":
        print(json.dumps(read_mail(sys.argv[2:])))
    elif sys.argv[1] == "sheet":
        print(json.dumps(read_sheet(sys.argv[2], sys.argv[3]), default=str))
    else:
        sys.exit("usage: loop_read.py mail FILE... | sheet XLSX SHEET")


if __name__ == "__main__":
    main()
