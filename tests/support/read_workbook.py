"""Reads a workbook with openpyxl, an independent reader, and prints what
the tests check as JSON: sheet order, titles, headers (row 3, under the
title and the 填报单位 line), row counts, frozen panes, filters, print
titles, print areas, footers, column widths, cell types, number formats,
borders and fonts, and the summary sheet's values."""
import datetime
import json
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
HEAD = 3
out = {"sheets": wb.sheetnames, "titles": {}, "headings": {}, "headers": {}, "rows": {}, "freeze": {},
       "filter": {}, "types": {}, "fonts": {}, "print": {}, "widths": {}, "header_height": {}, "unbordered": {}}
for ws in wb.worksheets:
    rows = list(ws.iter_rows(values_only=True))
    out["titles"][ws.title] = rows[0][0] if rows else None
    out["headings"][ws.title] = rows[1][0] if len(rows) > 1 else None
    out["headers"][ws.title] = list(rows[HEAD - 1]) if len(rows) >= HEAD else []
    out["rows"][ws.title] = len(rows) - HEAD
    out["freeze"][ws.title] = ws.freeze_panes
    out["filter"][ws.title] = ws.auto_filter.ref
    out["print"][ws.title] = {"titles": ws.print_title_rows, "area": ws.print_area[0] if ws.print_area else None,
                              "footer": ws.oddFooter.center.text, "scale": ws.page_setup.scale,
                              "fit_width": ws.page_setup.fitToWidth}
    widths = {}
    for dim in ws.column_dimensions.values():
        for i in range(dim.min, dim.max + 1):
            widths[i] = dim.width
    out["widths"][ws.title] = [widths.get(i + 1) for i in range(len(out["headers"][ws.title]))]
    out["header_height"][ws.title] = ws.row_dimensions[HEAD].height
    kinds = {}
    fonts = set()
    unbordered = 0
    for r in ws.iter_rows(min_row=HEAD):
        for c in r:
            if c.row > HEAD and c.column <= len(out["headers"][ws.title]) and c.border.left.style is None:
                unbordered += 1
            if c.value is None:
                continue
            fonts.add(f"{c.font.name} {c.font.sz:g}")
            if c.row == HEAD:
                continue
            key = f"{type(c.value).__name__}|{c.number_format}"
            kinds[key] = kinds.get(key, 0) + 1
    out["types"][ws.title] = kinds
    out["fonts"][ws.title] = sorted(fonts)
    out["unbordered"][ws.title] = unbordered
summary = {}
for label, value in wb["汇总"].iter_rows(min_row=HEAD + 1, values_only=True):
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
        "rows": [list(r) for r in rows[HEAD:]],
        "page": {"orientation": ws.page_setup.orientation, "paper": ws.page_setup.paperSize,
                 "fit": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
                 "fit_width": ws.page_setup.fitToWidth or 1, "fit_height": ws.page_setup.fitToHeight},
    }
if "趋势" in wb.sheetnames:
    out["trend"] = [[v.strftime("%Y-%m-%d") if isinstance(v, datetime.datetime) else v for v in r]
                    for r in wb["趋势"].iter_rows(min_row=HEAD + 1, values_only=True)]
print(json.dumps(out, ensure_ascii=False))
