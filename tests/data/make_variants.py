#!/usr/bin/env python3
"""Derive test variants of the demo CRF (stdlib only, deterministic).

Each variant holds the same 31 synthetic patients as
www/demo/lenalyze-demo.csv, written the way real sites write their files, so
tests/suite/ingest.rs can check that every one reads back to the same patients:

- demo-cp949-semicolon.csv: CP949 (Korean Excel's "CSV"), semicolon-delimited,
  decimal commas, Korean site names, sex as 남/여, yes/no as 예/아니오, dates as
  2019.03.11, headers as people type them (`Height (cm)`, `Hb W4`,
  `Platelets W0 (x10^3/uL)` with platelets in thousands, `AE: deep vein
  thrombosis`).
- demo-utf16.csv: UTF-16 LE with BOM, tab-delimited (Excel's "Unicode text").
- demo-wide-gL.csv: Hb in g/L (values x10) with no unit in the header, so the
  values must decide the unit.

Run: python3 tests/data/make_variants.py
"""
import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEMO = HERE.parent.parent / "www" / "demo" / "lenalyze-demo.csv"

KOREAN_SITES = {
    "Ajou Univ. Hosp.": "아주대학교병원",
    "Asan Medical Center": "서울아산병원",
    "Chonnam National Univ. Hwasun Hosp.": "화순전남대학교병원",
    "Chungnam National Univ. Hosp.": "충남대학교병원",
    "Dong-A Univ. Hosp.": "동아대학교병원",
    "Gachon Univ. Gil Medical Center": "가천대 길병원",
    "Gyeongsang National Univ. Hosp.": "경상국립대학교병원",
    "Hallym Univ. Sacred Heart Hosp.": "한림대학교성심병원",
    "Inha Univ. Hosp.": "인하대학교병원",
    "Jeonbuk National Univ. Hosp.": "전북대학교병원",
    "Keimyung Univ. Dongsan Hosp.": "계명대학교 동산병원",
    "Korea Univ. Anam Hosp.": "고려대학교 안암병원",
    "Kyungpook National Univ. Hosp.": "경북대학교병원",
    "Pusan National Univ. Hosp.": "부산대학교병원",
    "Samsung Medical Center": "삼성서울병원",
    "Seoul National Univ. Hosp.": "서울대학교병원",
    "Seoul St. Mary's Hosp.": "서울성모병원",
    "Severance Hosp.": "세브란스병원",
    "Soonchunhyang Univ. Seoul Hosp.": "순천향대학교 서울병원",
    "Ulsan Univ. Hosp.": "울산대학교병원",
    "Yeungnam Univ. Medical Center": "영남대학교병원",
}

# Headers as a site would type them; every one must match crf-v1.
HEADERS = {
    "patient_id": "Patient ID",
    "site": "Hospital",
    "sex": "Sex",
    "age": "Age",
    "height_cm": "Height (cm)",
    "weight_kg": "Weight (kg)",
    "diagnosis_date": "Date of diagnosis",
    "who_class": "WHO classification",
    "ipss": "IPSS",
    "ipss_r": "IPSS-R",
    "karyotype": "Karyotype",
    "additional_abnormalities": "Additional abnormalities",
    "chr7_abnormality": "-7/del(7q)",
    "bm_blasts_pct": "BM blasts (%)",
    "td_at_diagnosis": "TD at diagnosis",
    "rbc_units_8wk": "RBC units 8 weeks",
    "rbc_units_6mo": "RBC units 6 months",
    "prior_esa": "Prior ESA",
    "prior_esa_ti": "ESA response",
    "start_date": "Start date",
    "start_dose_mg": "Start dose (mg)",
    "start_schedule": "Starting schedule",
    "response": "Best response",
    "response_date": "Date of response",
    "dose_reduced": "Dose reduction",
    "dose_interrupted": "Dose interruption",
    "final_dose_mg": "Final dose (mg)",
    "final_schedule": "Final stable schedule",
    "stop_date": "Discontinuation date",
    "stop_reason": "Reason for discontinuation",
    "last_followup_date": "Last follow-up",
    "vital_status": "Vital status",
    "death_date": "Date of death",
    "aml_date": "AML transformation date",
}
LAB_WORDS = {"hb": "Hb", "anc": "ANC", "plt": "Platelets", "alc": "Lymphocytes"}
YES_NO = {"Y": "예", "N": "아니오"}
SEX = {"M": "남", "F": "여"}


def read_demo():
    with DEMO.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(header, rows, delimiter):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def is_decimal(value):
    head, dot, tail = value.partition(".")
    return bool(dot) and head.lstrip("-").isdigit() and tail.isdigit()


def korean_header(name):
    if name in HEADERS:
        return HEADERS[name]
    if name.startswith("ae_"):
        words = name[3:].replace("_", " ")
        # Two spellings people use: "AE: deep vein thrombosis", "AE Pruritus".
        return f"AE: {words}" if " " in words else f"AE {words.capitalize()}"
    if name.endswith("_dx"):
        label = LAB_WORDS[name[:-3]]
        unit = " (x10^3/uL)" if label == "Platelets" else ""
        return f"{label} at diagnosis{unit}"
    prefix, week = name.split("_w")
    label = LAB_WORDS[prefix]
    if prefix == "plt":
        return f"{label} W{week} (x10^3/uL)"
    if prefix == "hb" and week == "0":
        return "Hb W0 (g/dL)"
    if prefix == "alc":
        return f"{label} Week {week}"
    if prefix == "anc" and week == "0":
        return "ANC baseline"
    return f"{label} W{week}"


def cp949_semicolon(header, rows):
    kinds = {}
    for i, name in enumerate(header):
        if name == "sex":
            kinds[i] = SEX
        elif name in ("chr7_abnormality", "td_at_diagnosis", "prior_esa",
                      "prior_esa_ti", "dose_reduced", "dose_interrupted"):
            kinds[i] = YES_NO
    out_rows = []
    for row in rows:
        new = []
        for i, (name, value) in enumerate(zip(header, row)):
            if name == "site":
                value = KOREAN_SITES[value]
            elif i in kinds and value:
                value = kinds[i][value]
            elif name.startswith("plt_") and value:
                thousands = int(value) / 1000
                value = f"{thousands:g}"
            elif name.endswith("_date") and value:
                value = value.replace("-", ".")
            if is_decimal(value):
                value = value.replace(".", ",")
            new.append(value)
        out_rows.append(new)
    text = write_csv([korean_header(h) for h in header], out_rows, ";")
    return text.encode("cp949")


def utf16_tab(header, rows):
    return "\ufeff".encode("utf-16-le") + write_csv(header, rows, "\t").encode("utf-16-le")


def hb_in_g_per_l(header, rows):
    out_rows = []
    for row in rows:
        new = list(row)
        for i, name in enumerate(header):
            if name.startswith("hb_") and row[i]:
                # 6.2 g/dL -> 62 g/L, written as an integer like lab systems do.
                tenths = round(float(row[i]) * 10)
                new[i] = str(tenths)
        out_rows.append(new)
    return write_csv(header, out_rows, ",").encode("utf-8")


def main():
    header, rows = read_demo()
    outputs = {
        "demo-cp949-semicolon.csv": cp949_semicolon(header, rows),
        "demo-utf16.csv": utf16_tab(header, rows),
        "demo-wide-gL.csv": hb_in_g_per_l(header, rows),
    }
    for name, data in outputs.items():
        (HERE / name).write_bytes(data)
        print(f"wrote tests/data/{name} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
