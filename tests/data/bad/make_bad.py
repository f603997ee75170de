#!/usr/bin/env python3
"""Write the broken-file corpus (stdlib only, deterministic).

One small file per problem a site's CRF can have; tests/suite/ingest.rs asserts the
exact diagnostics of each and that none of them (nor random mutations of
them) makes Lenalyze panic.

Run: python3 tests/data/bad/make_bad.py
"""
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO_XLSX = HERE.parent.parent.parent / "www" / "demo" / "lenalyze-demo.xlsx"

HEADER = [
    "patient_id", "sex", "age", "diagnosis_date", "who_class", "ipss", "karyotype",
    "rbc_units_8wk", "start_date", "start_dose_mg", "start_schedule", "hb_w0",
    "anc_w0", "plt_w0", "alc_w0", "response", "dose_reduced", "last_followup_date",
]
ROW = [
    "KR-01-001", "F", "66", "2019-01-02", "MDS with isolated del(5q)", "Low",
    "46,XX,del(5)(q13q33)[20]", "4", "2019-03-04", "10", "QD 21/28", "7.5", "1500",
    "200000", "1200", "RBC-TI", "N", "2020-01-01",
]


def quote(cell):
    return f'"{cell}"' if "," in cell else cell


def crf(rows=2, change=None, header=None):
    """A valid CRF of `rows` patients; `change(i, row)` edits patient i."""
    header = list(header or HEADER)
    lines = [",".join(header)]
    for i in range(rows):
        row = dict(zip(HEADER, ROW))
        row["patient_id"] = f"KR-01-{i + 1:03d}"
        if change:
            change(i, row)
        lines.append(",".join(quote(row.get(h, "")) for h in header))
    return ("\n".join(lines) + "\n").encode("utf-8")


def set_cell(index, column, value):
    def change(i, row):
        if i == index:
            row[column] = value
    return change


def add_column(name, values):
    def change(i, row):
        row[name] = values[i]
    return change


def xlsx(sheets):
    """A minimal XLSX with inline-string cells; `sheets` is [(name, rows)]."""
    def cell_ref(r, c):
        return f"{chr(ord('A') + c)}{r + 1}"

    def sheet_xml(rows):
        body = []
        for r, row in enumerate(rows):
            cells = "".join(
                f'<c r="{cell_ref(r, c)}" t="inlineStr"><is><t>{v}</t></is></c>'
                for c, v in enumerate(row) if v != ""
            )
            body.append(f'<row r="{r + 1}">{cells}</row>')
        data = "".join(body)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<sheetData>{data}</sheetData></worksheet>')

    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(len(sheets)))
            + "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{name}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                      for i, (name, _) in enumerate(sheets))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="{ns}/officeDocument/2006/relationships/worksheet" '
                      f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets)))
            + "</Relationships>"),
    }
    for i, (_, rows) in enumerate(sheets):
        files[f"xl/worksheets/sheet{i + 1}.xml"] = sheet_xml(rows)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)
    return out.getvalue()


def junk():
    # A deterministic byte soup (xorshift32), like a renamed image.
    state, out = 2463534242, bytearray()
    for _ in range(1500):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        out.append(state & 0xFF)
    return bytes(out)


def main():
    demo = DEMO_XLSX.read_bytes()
    labs = [["patient_id", "date", "hb"], ["KR-01-001", "2019-04-01", "8.1"]]
    files = {
        "duplicate-ids.csv": crf(3, set_cell(2, "patient_id", "KR-01-001")),
        "missing-required-column.csv": crf(2, header=[h for h in HEADER if h != "start_date"]),
        "bad-date.csv": crf(2, set_cell(1, "start_date", "2019-13-45")),
        "ambiguous-date-column.csv": crf(
            2, lambda i, row: row.update(diagnosis_date=["05/02/2019", "03/01/2019"][i])),
        "grade-7.csv": crf(2, add_column("ae_neutropenia", ["7", "3"]),
                           header=HEADER + ["ae_neutropenia"]),
        "negative-age.csv": crf(2, set_cell(0, "age", "-66")),
        "stop-before-start.csv": crf(
            2, lambda i, row: row.update(stop_date="2019-02-01" if i == 1 else "",
                                         stop_reason="toxicity" if i == 1 else ""),
            header=HEADER + ["stop_date", "stop_reason"]),
        "empty.csv": b"",
        "header-only.csv": crf(0),
        "binary-junk.csv": junk(),
        "truncated.xlsx": demo[: len(demo) // 2],
        # The quote opened before MDS-MLD is never closed.
        "unclosed-quote.csv": crf(2, set_cell(1, "who_class", '"MDS-MLD')),
        "empty-patients-sheet.xlsx": xlsx([("patients", []), ("labs", labs)]),
        "two-columns-one-field.csv": crf(
            2, add_column("Hemoglobin baseline", ["7.5", "8.0"]),
            header=HEADER + ["Hemoglobin baseline"]),
        "unknown-column.csv": crf(2, add_column("Favourite colour", ["blue", "green"]),
                                  header=HEADER + ["Favourite colour"]),
        "unreadable-schedule.csv": crf(2, set_cell(1, "start_schedule", "as directed")),
        "non-iscn-karyotype.csv": crf(2, set_cell(0, "karyotype", "del(5q) isolated")),
    }
    for name, data in files.items():
        (HERE / name).write_bytes(data)
        print(f"wrote tests/data/bad/{name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
