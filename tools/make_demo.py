#!/usr/bin/env python3
"""Write the Lenalyze demo CRF: a synthetic 31-patient del(5q) MDS cohort.

No row describes a real patient. The cohort is built so that the analysis in
shared/analysis-plan.md reproduces the printed counts of the study in
shared/reference/study-paper.txt (see www/demo/README.md for the paper's
inconsistencies and the choice made for each).

Everything a table of the paper counts is hard-coded below (PATIENTS, AE);
only what no table counts -- height/weight, follow-up labs, response and
follow-up dates -- is drawn from a seeded random generator, within limits
that keep each value consistent with the hard-coded grades and dates.

The crf-v1.1 inputs -- bone-marrow blasts and counts at diagnosis, and the
dated transfusion, dosing and lab logs -- come from tools/demo_logs.py, which
builds them around the recorded columns without touching them.

Run: python3 tools/make_demo.py   (writes www/demo/lenalyze-demo.{csv,xlsx} and
     www/demo/lenalyze-demo-{transfusions,dosing,labs}.csv)
Check: python3 tools/check_demo.py
"""
import csv
import datetime as dt
import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl

from demo_logs import build_logs, diagnosis_counts

OUT = Path(__file__).resolve().parent.parent / "www" / "demo"
SEED = 20200531  # end of the study's inclusion window

SITES = [
    "Asan Medical Center", "Seoul National Univ. Hosp.", "Samsung Medical Center",
    "Severance Hosp.", "Seoul St. Mary's Hosp.", "Korea Univ. Anam Hosp.",
    "Chonnam National Univ. Hwasun Hosp.", "Kyungpook National Univ. Hosp.",
    "Pusan National Univ. Hosp.", "Chungnam National Univ. Hosp.", "Inha Univ. Hosp.",
    "Ajou Univ. Hosp.", "Keimyung Univ. Dongsan Hosp.", "Yeungnam Univ. Medical Center",
    "Gachon Univ. Gil Medical Center", "Hallym Univ. Sacred Heart Hosp.",
    "Soonchunhyang Univ. Seoul Hosp.", "Jeonbuk National Univ. Hosp.",
    "Ulsan Univ. Hosp.", "Dong-A Univ. Hosp.", "Gyeongsang National Univ. Hosp.",
]  # site n = SITES[n-1]; the two digits after "KR-" in patient_id

WHO = {"D5Q": "MDS with isolated del(5q)", "MLD": "MDS-MLD", "EB1": "MDS-EB-1", "U": "MDS-U"}
IPSS_R = {"VL": "Very low", "L": "Low", "I": "Intermediate"}
RESPONSE = {"TI": "RBC-TI", "MIN": "HI-E minor", "NO": "none", "NE": "NE"}
STOP = {"-": "", "NR": "no response", "TOX": "toxicity", "AML": "AML progression",
        "PC": "patient choice"}
REGIMEN = {  # code: (dose mg, schedule in the wording of the paper's Table 4)
    "A": (10, "10 mg once daily for 3 wk, 1-wk rest"),  # recommended start
    "B": (10, "10 mg once daily"),
    "C": (10, "10 mg once every other day"),
    "D": (5, "5 mg once daily"),
    "E": (5, "5 mg once daily for 3 wk, 1-wk rest"),
    "F": (5, "5 mg once every other day"),
}

# key: R = RBC-TI responder, N = evaluable non-responder, E = not evaluable (<28 days).
# dx = days from diagnosis to start; days = start to stop (or to last follow-up
# when still on treatment); esa: N none, Y without RBC-TI, TI with RBC-TI;
# reg/fin = start/final regimen; red/int = dose reduced/interrupted.
PATIENTS = """
key id        site sex age who ipss  ipssr td rbc8 rbc6 esa dx   start      days resp stop reg fin red int hb0  anc0 plt0   alc0 karyotype
R12 KR-01-002  1  M  70  MLD Int-1 I     Y   8   22   Y   1130 2019-03-11  852 TI   -   A   C   Y   Y   6.2  1110 189000 1360 46,XY,del(5)(q13q33)[20]
N1  KR-01-005  1  M  48  D5Q Low   L     Y   6   16   N    120 2019-08-05  125 NO   NR  A   A   N   N   6.9  2150 236000 1580 46,XY,del(5)(q13q33)[17]/46,XY[3]
R3  KR-01-007  1  F  57  D5Q Low   L     Y   3   10   N     41 2020-01-20  350 TI   -   A   E   Y   Y   8.3  1480 410000 1120 46,XX,del(5)(q15q33)[20]
R17 KR-01-011  1  F  77  D5Q Low   L     N   5   14   Y    780 2018-09-10 1172 TI   -   A   D   Y   N   7.1  1880 318000 1440 46,XX,del(5)(q13q33)[20]
R9  KR-02-001  2  F  66  D5Q Low   L     Y   4   12   N     28 2019-06-17  700 TI   -   A   F   Y   Y   7.5  1960 301000 1270 46,XX,del(5)(q22q33)[18]/46,XX[2]
E2  KR-02-004  2  F  78  EB1 Int-1 I     Y  10   26   N    890 2020-03-02   20 NE   AML A   -   N   N   5.6  1120 168000 1250 46,XX,del(5)(q13q33)[20]
R14 KR-02-006  2  F  73  D5Q Int-1 L     Y   3   11   N     67 2019-01-07  986 TI   -   A   E   Y   N   8.5  1690 124000  980 46,XX,del(5)(q13q31)[15]/46,XX[5]
N4  KR-03-001  3  M  58  MLD Low   L     N   6   17   TI  1740 2019-06-24  131 NO   NR  A   E   Y   N   6.9   640 112000 1180 46,XY,del(5)(q13q33)[20]
R1  KR-03-003  3  F  46  D5Q Low   I     Y   2    9   N      3 2020-05-11  207 TI   -   A   F   Y   Y   9.2  2350 342000 1480 46,XX,del(5)(q13q33)[20]
R16 KR-03-004  3  F  76  D5Q Int-1 I     Y   4   13   N    305 2018-10-22 1096 TI   -   A   F   Y   Y   7.9   950 207000 1150 46,XX,del(5)(q14q34)[19]/46,XX[1]
R7  KR-04-002  4  F  64  D5Q Low   L     Y   2   10   N    160 2019-08-26  584 TI   -   A   A   N   N  10.0  2640 455000 1710 46,XX,del(5)(q13q33)[20]
N6  KR-04-003  4  M  62  U   Int-1 I     Y   4   12   N    183 2019-12-09  140 NO   NR  A   F   Y   N   8.0   910 141000 1330 46,XY,del(5)(q22q35)[20]
R19 KR-05-001  5  F  83  D5Q Int-1 I     N   9   24   Y   1555 2018-07-09 1278 TI   -   A   E   Y   Y   6.0  2050 268000 1230 46,XX,del(5)(q14q34),del(12)(p12)[14]/46,XX[6]
R5  KR-05-002  5  F  61  D5Q Int-1 L     N   6   18   Y   2968 2019-11-04  457 TI   -   A   F   Y   N   6.5  1230 198000 1390 47,XX,del(5)(q13q33),+8[15]/46,XX[5]
N3  KR-06-001  6  F  55  D5Q Low   L     Y   2   10   N    250 2018-11-12  670 MIN  NR  A   A   N   N   8.8  1960 178000 1690 46,XX,del(5)(q13q33)[20]
R10 KR-06-004  6  F  68  D5Q Int-1 I     Y   4   14   N    540 2019-06-03  746 TI   -   D   F   Y   N   7.6   760 132000 1010 46,XX,del(5)(q13q33)[16]/46,XX[4]
R2  KR-07-001  7  F  52  D5Q Int-1 I     Y   4   12   TI  1290 2020-03-16  271 TI   -   A   F   Y   N   7.2  1820 285000 1650 46,XX,del(5)(q15q33)[20]
E1  KR-08-002  8  M  74  D5Q Int-1 I     Y   6   16   N     22 2019-09-02   18 NE   TOX A   -   N   N   7.0  1580 254000 1420 46,XY,del(5)(q13q33)[20]
R11 KR-09-001  9  F  69  D5Q Low   VL    N   6   15   Y   1905 2019-05-20  801 TI   -   B   B   N   N   6.7  1340 264000 1820 46,XX,del(5)(q13q33)[20]
N8  KR-10-001 10  M  68  D5Q Low   I     Y   4   12   N     44 2018-09-17  502 NO   NR  D   D   N   N   8.1   720 126000 1090 46,XY,del(5)(q13q33)[13]/46,XY[7]
R4  KR-11-003 11  F  60  D5Q Low   L     Y   4   13   N    392 2020-02-03  399 TI   -   A   D   Y   N   7.3  2100 256000 1930 46,XX,del(5)(q13q33)[20]
R15 KR-12-001 12  F  74  D5Q Low   VL    N   6   17   TI  2410 2018-12-03 1041 TI   -   A   A   N   N   6.8  2480 243000 1610 46,XX,del(5)(q31q33)[12]/46,XX[8]
N2  KR-13-001 13  M  53  D5Q Int-1 I     Y  11   30   Y    960 2019-10-21   70 NO   TOX A   E   Y   Y   4.5   820  98000  870 46,XY,del(5)(q22q33),del(20)(q11.2)[18]/46,XY[2]
R8  KR-14-002 14  F  65  D5Q Low   L     N   6   16   TI   845 2019-07-22  651 TI   -   A   D   Y   N   6.6  1570 228000 1540 46,XX,del(5)(q13q33)[20]
R13 KR-15-001 15  F  71  D5Q Low   L     Y   4   11   N    210 2019-02-18  916 TI   -   A   D   Y   N   7.8  2210 372000 2050 46,XX,del(5)(q13q33)[20]
N7  KR-16-001 16  F  64  D5Q Low   L     N   6   15   Y   2230 2019-05-27  170 NO   NR  A   A   N   N   7.0  1870 205000 1560 46,XX,del(5)(q13q33)[18]/46,XX[2]
R18 KR-17-001 17  F  79  D5Q Int-1 L     Y   6   19   N     14 2018-08-13 1248 TI   -   A   A   N   N   6.8  2320 196000 1790 46,XX,del(5)(q13q33)[20]
E3  KR-18-001 18  F  81  D5Q Low   L     Y   6   15   N    336 2019-07-08   22 NE   PC  A   -   N   N   7.0  2430 289000 1660 46,XX,del(5)(q15q33)[20]
N5  KR-19-001 19  F  59  D5Q Int-1 I     Y   8   21   Y   1015 2020-02-17   91 NO   TOX A   A   N   Y   6.3  1240 164000 1470 46,XX,del(5)(q13q33)[20]
R6  KR-20-002 20  M  63  D5Q Int-1 I     Y   4   12   N     95 2019-10-14  527 TI   -   A   E   Y   Y   7.4   890 176000 1060 46,XY,del(5)(q13q33)[20]
N9  KR-21-001 21  F  72  D5Q Int-1 L     Y   6   16   N   1370 2018-12-17  594 NO   TOX A   A   N   N   7.0  1730 221000 1910 46,XX,del(5)(q13q33)[20]
"""

# Worst CTCAE grade per term; patients not named have grade 0.
AE = {
    "neutropenia": {4: "R1 R3 R6 R9 R14 R19 N2 N6 E1", 3: "R2 R4 R5 R8 R10 R12 R13 R16 R17 N4 N5 N8 E2",
                    2: "R11", 1: "N9"},
    "lymphopenia": {3: "R3 R14 N2", 2: "R1 R9 N4", 1: "R6 R10 R16 R19 N8"},
    "thrombocytopenia": {4: "R1 R2 R3 R9 N2", 3: "R4 R5 R10", 2: "R6 R12 N4",
                         1: "R7 R11 R14 R16 R18 N6 N8 N9 E2"},
    "febrile_neutropenia": {3: "R14 N2 E1"},
    "pruritus": {3: "R9 N9", 2: "R1 R4 R13 R16 N5", 1: "R2 R3 R7 R10 R12 R17 N1 E3"},
    "fatigue": {2: "R19 N2", 1: "R1 R5 R6 R8 R11 R14 R15 R18 N3 N6 N8 E2"},
    "rash": {3: "R3 R13 N5 N9", 1: "R1 R7 R10 R17 N1"},
    "diarrhea": {2: "R4 R12", 1: "R2 R9 N7"},
    "dyspepsia": {2: "R15 N6", 1: "R18"},
    "constipation": {1: "R11 R16"},
    "headache": {2: "R6"},
    "insomnia": {2: "R8"},
    "deep_vein_thrombosis": {2: "R4"},  # the 60-year-old woman, after 12 weeks
    "dyspnea": {1: "R19"},
    "tongue_discoloration": {1: "R10"},
    "loss_of_appetite": {1: "N8"},
    "increased_creatinine": {2: "R17"},
}

WEEKS = [4, 8, 12, 16, 24, 48]
LOGS = ("transfusions", "dosing", "labs")  # crf-v1 long sheets, in this order
# CTCAE v5.0 lower bounds of grades 1..4 (per uL); grade 0 = at or above grade 1's upper limit (LLN)
GRADE_FLOOR = {"anc": (1500, 1000, 500, 100), "plt": (75000, 50000, 25000, 5000),
               "alc": (800, 500, 200, 100)}
LLN = {"anc": 1800, "plt": 150000, "alc": 1000}
LAB_AE = {"anc": "neutropenia", "plt": "thrombocytopenia", "alc": "lymphopenia"}
STEP = {"anc": 10, "plt": 1000, "alc": 10}


def grade_range(lab, g):
    """[lo, hi) of a count whose CTCAE grade is g."""
    floors = GRADE_FLOOR[lab]
    hi = LLN[lab] if g == 1 else (floors[g - 2] if g > 1 else 10**9)
    lo = LLN[lab] if g == 0 else floors[g - 1]
    return lo, hi


def count_series(rng, lab, base, grade, weeks):
    """On-treatment counts whose minimum lies in the range of the recorded worst grade."""
    lo, hi = grade_range(lab, grade)
    step = STEP[lab]
    top = min(hi, base + step)
    assert lo < top, (lab, base, grade)
    nadir = rng.randrange(-(-lo // step) * step, top, step)
    nadir_week = rng.choice([w for w in weeks if w <= 8])  # cytopenias peak in the first 2 cycles
    out = {}
    for w in weeks:
        recovered = nadir + rng.uniform(0.1, 1.0) * (max(base, nadir) * rng.uniform(1.0, 1.25) - nadir)
        out[w] = nadir if w == nadir_week else round(recovered / step) * step
    return out


def hb_series(rng, p, weeks):
    if p["resp"] == "TI":  # small rise by week 4, sharp to week 8, then gently up
        w4 = p["hb0"] + rng.uniform(0.2, 0.9)
        target = {4: w4, 8: max(w4 + rng.uniform(0.3, 0.8), rng.uniform(9.0, 10.4)),
                  12: rng.uniform(10.0, 11.2), 16: rng.uniform(10.4, 11.6),
                  24: rng.uniform(10.8, 12.0), 48: rng.uniform(11.0, 12.6)}
    else:  # transfused non-responders stay around 7-8
        target = {w: 0.4 * p["hb0"] + 0.6 * 7.6 + rng.uniform(-0.5, 0.5) for w in weeks}
    return {w: round(target[w], 1) for w in weeks}


def build_rows():
    """The wide rows, with the parsed PATIENTS table (same order) and AE grades."""
    rng = random.Random(SEED)
    at_dx = diagnosis_counts()
    lines = [l.split() for l in PATIENTS.strip().splitlines()]
    table = [dict(zip(lines[0], l)) for l in lines[1:]]
    grades = {(term, key): g for term, by_grade in AE.items()
              for g, keys in by_grade.items() for key in keys.split()}
    rows = []
    for p in table:
        for k in ("age", "rbc8", "rbc6", "dx", "days", "anc0", "plt0", "alc0", "site"):
            p[k] = int(p[k])
        p["hb0"] = float(p["hb0"])
        start = dt.date.fromisoformat(p["start"])
        end = start + dt.timedelta(days=p["days"])
        stopped = p["stop"] != "-"
        height = rng.gauss(168 if p["sex"] == "M" else 155, 5)
        bmi = min(26.5, max(18.5, rng.gauss(22.5, 2.2)))
        weeks = [w for w in WEEKS if 7 * w <= p["days"]]  # labs only while on treatment
        kary = p["karyotype"]
        extra = {t for clone in kary.split("/") for t in re.sub(r"\[\d+\]$", "", clone).split(",")[2:]
                 if not t.startswith("del(5)")}
        row = {
            "patient_id": p["id"], "site": SITES[p["site"] - 1], "sex": p["sex"], "age": p["age"],
            "height_cm": round(height, 1), "weight_kg": round(bmi * (height / 100) ** 2, 1),
            "diagnosis_date": start - dt.timedelta(days=p["dx"]),
            "who_class": WHO[p["who"]], "ipss": p["ipss"], "ipss_r": IPSS_R[p["ipssr"]],
            "karyotype": kary, "additional_abnormalities": len(extra), "chr7_abnormality": "N",
            "bm_blasts_pct": at_dx[p["key"]]["bm_blasts_pct"],
            "td_at_diagnosis": p["td"], "rbc_units_8wk": p["rbc8"], "rbc_units_6mo": p["rbc6"],
            "prior_esa": "N" if p["esa"] == "N" else "Y",
            "prior_esa_ti": {"N": "", "Y": "N", "TI": "Y"}[p["esa"]],
            "start_date": start, "start_dose_mg": REGIMEN[p["reg"]][0],
            "start_schedule": REGIMEN[p["reg"]][1],
            "hb_dx": at_dx[p["key"]]["hb_dx"], "anc_dx": at_dx[p["key"]]["anc_dx"],
            "plt_dx": at_dx[p["key"]]["plt_dx"],
            "hb_w0": p["hb0"], "anc_w0": p["anc0"], "plt_w0": p["plt0"], "alc_w0": p["alc0"],
        }
        series = {"hb": hb_series(rng, p, weeks)}
        for lab in ("anc", "plt", "alc"):
            g = grades.get((LAB_AE[lab], p["key"]), 0)
            series[lab] = count_series(rng, lab, p[lab + "0"], g, weeks) if weeks else {}
        for w in WEEKS:
            for lab in ("hb", "anc", "plt", "alc"):
                row[f"{lab}_w{w}"] = series[lab].get(w)
        fin = REGIMEN.get(p["fin"], (None, ""))
        row.update({
            "response": RESPONSE[p["resp"]],
            "response_date": start + dt.timedelta(days=rng.randint(20, 48)) if p["resp"] == "TI" else None,
            "dose_reduced": p["red"], "dose_interrupted": p["int"],
            "final_dose_mg": fin[0], "final_schedule": fin[1],
            "stop_date": end if stopped else None, "stop_reason": STOP[p["stop"]],
            "last_followup_date": end + dt.timedelta(days=rng.randint(45, 300)) if stopped else end,
            "vital_status": "alive", "death_date": None,
            "aml_date": end if p["stop"] == "AML" else None,
        })
        for term in AE:
            row["ae_" + term] = grades.get((term, p["key"]), 0)
        rows.append(row)
    return table, rows, grades


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if v is None else v.isoformat() if isinstance(v, dt.date) else v
                        for k, v in r.items()})


def write_xlsx(sheets, path):
    """One sheet per (name, rows): `patients` first, then the logs."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        ws.append(list(rows[0]))
        for r in rows:
            ws.append([None if v == "" else v for v in r.values()])
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        ws.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps the save time into docProps/core.xml and the zip entries;
    # pin both so that the same input gives the same bytes.
    fixed = "2020-05-31T00:00:00Z"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fixed.encode(), data)
            dst.writestr(zipfile.ZipInfo(info.filename, (2020, 5, 31, 0, 0, 0)), data,
                         zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    table, rows, grades = build_rows()
    logs = dict(zip(LOGS, build_logs(table, rows, REGIMEN, grades)))
    write_csv(rows, OUT / "lenalyze-demo.csv")
    for name, log in logs.items():
        write_csv(log, OUT / f"lenalyze-demo-{name}.csv")
    write_xlsx([("patients", rows)] + list(logs.items()), OUT / "lenalyze-demo.xlsx")
    print(f"wrote {len(rows)} patients and " +
          ", ".join(f"{len(log)} {name} rows" for name, log in logs.items()) + f" to {OUT}")
