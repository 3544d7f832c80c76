"""Reads a workbook with openpyxl, an independent reader, and prints what
the tests check as JSON: sheet order, headers, row counts, frozen panes,
filters, cell types, number formats and fonts, and the summary sheet's
values."""
import datetime
import json
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "headers": {}, "rows": {}, "freeze": {}, "filter": {}, "types": {}, "fonts": {}}
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    out["headers"][ws.title] = list(rows[0]) if rows else []
    out["rows"][ws.title] = len(rows) - 1
    out["freeze"][ws.title] = ws.freeze_panes
    out["filter"][ws.title] = ws.auto_filter.ref
    kinds = {}
    fonts = set()
    for r in ws.iter_rows():
        for c in r:
            if c.value is None:
                continue
            fonts.add(f"{c.font.name} {c.font.sz:g}")
            if c.row == 1:
                continue
            key = f"{type(c.value).__name__}|{c.number_format}"
            kinds[key] = kinds.get(key, 0) + 1
    out["types"][ws.title] = kinds
    out["fonts"][ws.title] = sorted(fonts)
summary = {}
for label, value in wb["汇总"].iter_rows(min_row=2, values_only=True):
    if isinstance(value, (datetime.datetime, datetime.date)):
        value = value.strftime("%Y-%m-%d")
    summary[label] = value
out["summary"] = summary
ws = wb["汇总"]
out["page"] = {"orientation": ws.page_setup.orientation, "paper": ws.page_setup.paperSize,
               "fit_width": ws.page_setup.fitToWidth, "fit_height": ws.page_setup.fitToHeight,
               "fit": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None}
if "非公企业建党情况" in wb.sheetnames:
    ws = wb["非公企业建党情况"]
    rows = list(ws.iter_rows(values_only=True))
    out["table27"] = {
        "rows": [list(r) for r in rows[1:]],
        "page": {"orientation": ws.page_setup.orientation, "paper": ws.page_setup.paperSize,
                 "fit": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
                 "fit_width": ws.page_setup.fitToWidth or 1, "fit_height": ws.page_setup.fitToHeight},
    }
if "趋势" in wb.sheetnames:
    out["trend"] = [[v.strftime("%Y-%m-%d") if isinstance(v, datetime.datetime) else v for v in r]
                    for r in wb["趋势"].iter_rows(min_row=2, values_only=True)]
print(json.dumps(out, ensure_ascii=False))
