#!/usr/bin/env python3
"""Independent check of the Lenalyze demo CRF against the study's printed counts.

Reads www/demo/lenalyze-demo.csv (and cross-checks the .xlsx) with the standard
library only, recomputes every count the demo must reproduce the way
shared/analysis-plan.md defines it, and compares it with the paper (corrected
where the paper contradicts itself; see www/demo/README.md). It shares no code
with make_demo.py on purpose. p-values are printed for information only: the
demo reproduces the paper's counts, not its p-values.

Exit status 0 when every check passes.
"""
import csv
import datetime as dt
import math
import re
import statistics
import sys
import zipfile
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from check_demo_logs import check_logs

DEMO = Path(__file__).resolve().parent.parent / "www" / "demo"
WEEKS = [4, 8, 12, 16, 24, 48]
AE_TERMS = ["neutropenia", "lymphopenia", "thrombocytopenia", "febrile_neutropenia", "pruritus",
            "fatigue", "rash", "diarrhea", "dyspepsia", "constipation", "headache", "insomnia",
            "deep_vein_thrombosis", "dyspnea", "tongue_discoloration", "loss_of_appetite",
            "increased_creatinine"]
COLUMNS = (["patient_id", "site", "sex", "age", "height_cm", "weight_kg", "diagnosis_date",
            "who_class", "ipss", "ipss_r", "karyotype", "additional_abnormalities",
            "chr7_abnormality", "bm_blasts_pct", "td_at_diagnosis", "rbc_units_8wk",
            "rbc_units_6mo", "prior_esa", "prior_esa_ti", "start_date", "start_dose_mg",
            "start_schedule", "hb_dx", "anc_dx", "plt_dx"]
           + [f"{lab}_w{w}" for w in [0] + WEEKS for lab in ("hb", "anc", "plt", "alc")]
           + ["response", "response_date", "dose_reduced", "dose_interrupted", "final_dose_mg",
              "final_schedule", "stop_date", "stop_reason", "last_followup_date", "vital_status",
              "death_date", "aml_date"] + ["ae_" + t for t in AE_TERMS])
DATES = ["diagnosis_date", "start_date", "response_date", "stop_date", "last_followup_date",
         "death_date", "aml_date"]
# schedule text -> share of days dosed (crf-v1 Schedules)
SCHEDULE = {"once daily": 1, "once daily for 3 wk, 1-wk rest": Fraction(21, 28),
            "once every other day": Fraction(1, 2)}

failures = []


def check(name, got, want):
    ok = got == want
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {got}" + ("" if ok else f" (paper/expected: {want})"))
    if not ok:
        failures.append(name)


def r1(x):
    """One decimal, half away from zero (analysis-plan 'Numbers')."""
    return float(Decimal(repr(float(x))).quantize(Decimal("0.1"), ROUND_HALF_UP))


def sem(xs):
    return statistics.stdev(xs) / math.sqrt(len(xs))


def counts(values, levels):
    return tuple(sum(v == lv for v in values) for lv in levels)


# ---- small exact statistics, for the information lines only ----
def fisher_two_sided(a, b, c, d):
    """As R fisher.test: sum of tables with the same margins no more probable than observed."""
    r1_, r2_, c1 = a + b, c + d, a + c
    p = lambda x: math.comb(r1_, x) * math.comb(r2_, c1 - x) / math.comb(r1_ + r2_, c1)
    obs = p(a)
    return min(1.0, sum(p(x) for x in range(max(0, c1 - r2_), min(r1_, c1) + 1)
                        if p(x) <= obs * (1 + 1e-7)))


def betainc(a, b, x):
    """Regularized incomplete beta I_x(a, b) by Lentz's continued fraction."""
    if x <= 0 or x >= 1:
        return 0.0 if x <= 0 else 1.0
    if x > (a + 1) / (a + b + 2):
        return 1 - betainc(b, a, 1 - x)
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                     + a * math.log(x) + b * math.log(1 - x)) / a
    f, c, d = 1.0, 1.0, 0.0
    for i in range(400):
        m = i // 2
        num = 1.0 if i == 0 else (m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)) if i % 2 == 0
                                  else -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)))
        d = 1 + num * d
        d = 1 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1 + num / c if abs(1 + num / c) > 1e-300 else 1e-300
        f *= c * d
        if abs(c * d - 1) < 1e-14:
            break
    return front * (f - 1)


def t_two_sided(t, df):
    return betainc(df / 2, 0.5, df / (df + t * t))


def pearson(xs, ys):
    mx, my = statistics.mean(xs), statistics.mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    r = sxy / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))
    n = len(xs)
    return r, t_two_sided(r * math.sqrt((n - 2) / (1 - r * r)), n - 2)


# ---- load ----
def load_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header, raw = reader.fieldnames, list(reader)
    rows = []
    for r in raw:
        p = {}
        for k, v in r.items():
            if v == "":
                p[k] = None
            elif k in DATES:
                p[k] = dt.date.fromisoformat(v)
            elif re.fullmatch(r"-?\d+", v):
                p[k] = int(v)
            elif re.fullmatch(r"-?\d+\.\d+", v):
                p[k] = float(v)
            else:
                p[k] = v
        rows.append(p)
    return header, raw, rows


def xlsx_cells(path, name="patients"):
    """One sheet as {(row, col): (value, is_date_cell)} from the raw OOXML."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheet = wb.find(f"m:sheets/m:sheet[@name='{name}']", ns)
    assert sheet is not None, f"no sheet named {name}"
    rid = sheet.get(f"{{{ns['r']}}}id")
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    target = target.lstrip("/") if target.startswith("/") else "xl/" + target
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
                  for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
    styles = ET.fromstring(z.read("xl/styles.xml"))
    fmts = {int(f.get("numFmtId")): f.get("formatCode") for f in styles.iter(f"{{{ns['m']}}}numFmt")}
    xfs = [int(x.get("numFmtId", 0)) for x in styles.find("m:cellXfs", ns)]
    is_date_fmt = lambda i: 14 <= i <= 22 or "yy" in fmts.get(i, "").lower()
    cells = {}
    for c in ET.fromstring(z.read(target)).iter(f"{{{ns['m']}}}c"):
        col_letters, row_no = re.fullmatch(r"([A-Z]+)(\d+)", c.get("r")).groups()
        col = 0
        for ch in col_letters:
            col = col * 26 + ord(ch) - 64
        v, t = c.find("m:v", ns), c.get("t")
        if v is None and c.find("m:is", ns) is None:
            continue
        if t == "s":
            val = shared[int(v.text)]
        elif t == "inlineStr":
            val = "".join(x.text or "" for x in c.iter(f"{{{ns['m']}}}t"))
        elif t == "str":
            val = v.text
        else:
            val = float(v.text)
        cells[(int(row_no), col)] = (val, t in (None, "n") and is_date_fmt(xfs[int(c.get("s", 0))]))
    return cells


def main():
    header, raw, P = load_csv(DEMO / "lenalyze-demo.csv")
    print(f"{DEMO / 'lenalyze-demo.csv'}: {len(P)} rows")
    check("header = canonical crf-v1 names", header == COLUMNS, True)
    check("patient ids unique", len({p["patient_id"] for p in P}), len(P))

    def days_on(p):
        return ((p["stop_date"] or p["last_followup_date"]) - p["start_date"]).days

    # ---- populations ----
    def eligible(p):
        kary = p["karyotype"]
        return (p["age"] >= 19 and p["ipss"] in ("Low", "Int-1") and "del(5)" in kary
                and p["rbc_units_8wk"] > 0 and p["rbc_units_6mo"] > 8
                and p["chr7_abnormality"] == "N" and not re.search(r"(^|,)-7(\[|,|$)|del\(7\)", kary)
                and p["anc_w0"] >= 500 and p["plt_w0"] >= 25000)
    safety = [p for p in P if eligible(p) and p["start_date"]]
    check("screened / eligible / safety", (len(P), sum(map(eligible, P)), len(safety)), (31, 31, 31))
    ne = [p for p in safety if p["response"] == "NE"]
    ev = [p for p in safety if p["response"] != "NE"]
    R = [p for p in ev if p["response"] == "RBC-TI"]
    NR = [p for p in ev if p["response"] != "RBC-TI"]
    check("no 28-day warnings (NE <28 d, evaluable >=28 d)",
          all(days_on(p) < 28 for p in ne) and all(days_on(p) >= 28 for p in ev), True)

    # ---- Table 1 ----
    S = safety
    ages = [p["age"] for p in S]
    check("age median (range)", (statistics.median(ages), min(ages), max(ages)), (66, 46, 83))
    check("male / female", counts([p["sex"] for p in S], "MF"), (8, 23))
    wk = [(p["start_date"] - p["diagnosis_date"]).days / 7 for p in S]
    check("weeks dx->start median, range (rounded)",
          (round(statistics.median(wk)), round(min(wk)), round(max(wk))), (56, 0, 424))
    check("TD at diagnosis", sum(p["td_at_diagnosis"] == "Y" for p in S), 23)
    check("TD at start", sum(p["rbc_units_8wk"] > 0 and p["rbc_units_6mo"] > 8 for p in S), 31)
    check("karyotype isolated / +1 / +2 or more",
          (sum(p["additional_abnormalities"] == 0 for p in S),
           sum(p["additional_abnormalities"] == 1 for p in S),
           sum(p["additional_abnormalities"] >= 2 for p in S)), (28, 3, 0))
    check("WHO del(5q) / MLD / EB-1 / U", counts([p["who_class"] for p in S],
          ["MDS with isolated del(5q)", "MDS-MLD", "MDS-EB-1", "MDS-U"]), (27, 2, 1, 1))
    check("IPSS Low / Int-1 / Int-2 / High", counts([p["ipss"] for p in S],
          ["Low", "Int-1", "Int-2", "High"]), (16, 15, 0, 0))
    check("IPSS-R Very low / Low / Intermediate / High / Very high", counts(
          [p["ipss_r"] for p in S], ["Very low", "Low", "Intermediate", "High", "Very high"]),
          (2, 16, 13, 0, 0))  # paper prints Intermediate 15 (41.9%); 41.9% of 31 = 13
    hb = [p["hb_w0"] for p in S]
    check("baseline Hb median (range), mean, SEM",
          (statistics.median(hb), min(hb), max(hb), r1(statistics.mean(hb)), r1(sem(hb))),
          (7.0, 4.5, 10.0, 7.2, 0.2))
    u8 = [p["rbc_units_8wk"] for p in S]
    check("RBC units/8 wk median (range), mean, SEM",
          (statistics.median(u8), min(u8), max(u8), r1(statistics.mean(u8)), r1(sem(u8))),
          (6, 2, 11, 5.3, 0.4))
    esa = [p for p in S if p["prior_esa"] == "Y"]
    check("prior ESA, of whom RBC-TI on ESA", (len(esa), sum(p["prior_esa_ti"] == "Y" for p in esa)),
          (12, 4))

    # ---- response, discontinuation, duration ----
    check("NE: (stop reason, days)", sorted((p["stop_reason"], days_on(p)) for p in ne),
          [("AML progression", 20), ("patient choice", 22), ("toxicity", 18)])
    aml = [p for p in P if p["aml_date"]]
    check("AML: one patient, aml_date day", [(p["stop_reason"], (p["aml_date"] - p["start_date"]).days)
                                            for p in aml], [("AML progression", 20)])
    check("evaluable: RBC-TI / HI-E minor / none",
          (len(ev),) + counts([p["response"] for p in ev], ["RBC-TI", "HI-E minor", "none"]),
          (28, 19, 1, 8))
    check("non-responders stopped: no response / toxicity",
          (sum(bool(p["stop_date"]) for p in NR),) + counts([p["stop_reason"] for p in NR],
                                                            ["no response", "toxicity"]), (9, 6, 3))
    check("responders still on treatment", sum(p["stop_date"] is None for p in R), 19)
    check("all stops: no response / toxicity / AML / patient choice / total",
          counts([p["stop_reason"] for p in S], ["no response", "toxicity", "AML progression",
                                                 "patient choice"]) +
          (sum(bool(p["stop_date"]) for p in S),), (6, 4, 1, 1, 12))
    mo_r = [days_on(p) / 30.4375 for p in R]
    mo_n = [days_on(p) / 30.4375 for p in NR]
    check("months on lenalidomide, responders mean, SEM", (r1(statistics.mean(mo_r)), r1(sem(mo_r))),
          (24.7, 2.5))
    check("months on lenalidomide, non-responders mean, SEM",
          (r1(statistics.mean(mo_n)), r1(sem(mo_n))), (9.1, 2.6))
    se = math.hypot(sem(mo_r), sem(mo_n))
    df = se ** 4 / (sem(mo_r) ** 4 / (len(mo_r) - 1) + sem(mo_n) ** 4 / (len(mo_n) - 1))
    print(f"info Welch t-test p = {t_two_sided((statistics.mean(mo_r) - statistics.mean(mo_n)) / se, df):.4f}"
          " (paper: P<0.001)")
    check("start dates within 2018-06-01..2020-05-31",
          all(dt.date(2018, 6, 1) <= p["start_date"] <= dt.date(2020, 5, 31) for p in S), True)

    # ---- Table 2 (evaluable; cells = non-responders, responders) ----
    med_age = statistics.median(ages)
    factors = [
        ("sex male | female", lambda p: p["sex"] == "M", (5, 2, 4, 17), 0.020),
        (f"age < {med_age} | >=", lambda p: p["age"] < med_age, (7, 8, 2, 11), 0.086),
        ("dx->start < 730.5 d | >=", lambda p: (p["start_date"] - p["diagnosis_date"]).days < 730.5,
         (4, 11, 5, 8), 0.410),
        ("IPSS Low | Int-1", lambda p: p["ipss"] == "Low", (5, 10, 4, 9), 0.604),
        ("RBC units/8 wk <= 4 | > 4", lambda p: p["rbc_units_8wk"] <= 4, (3, 11, 6, 8), 0.210),
        ("ANC >= 1000 | < 1000", lambda p: p["anc_w0"] >= 1000, (5, 16, 4, 3), 0.123),
        ("PLT >= 150000 | < 150000", lambda p: p["plt_w0"] >= 150000, (5, 17, 4, 2), 0.064),
        ("thrombocytopenia grade >= 3 | < 3", lambda p: p["ae_thrombocytopenia"] >= 3,
         (1, 7, 8, 12), 0.038),
    ]
    for name, first, want, paper_p in factors:
        cells = (sum(first(p) for p in NR), sum(first(p) for p in R),
                 sum(not first(p) for p in NR), sum(not first(p) for p in R))
        check("Table 2 " + name, cells, want)
        print(f"     Fisher two-sided p = {fisher_two_sided(*cells):.3f} (paper: {paper_p})")

    # ---- dose modification, Table 4 ----
    check("dose reduced: responders, non-responders",
          (sum(p["dose_reduced"] == "Y" for p in R), sum(p["dose_reduced"] == "Y" for p in NR)), (15, 3))
    print(f"     Fisher two-sided p = {fisher_two_sided(15, 4, 3, 6):.3f} (paper: P=0.03)")
    check("dose interrupted: responders", sum(p["dose_interrupted"] == "Y" for p in R), 7)

    def intensity(dose, schedule):
        m = re.fullmatch(r"(\d+) mg (.+)", schedule)
        assert m and int(m.group(1)) == dose, (dose, schedule)
        return dose * SCHEDULE[m.group(2)]
    table4 = ["10 mg once daily", "10 mg once daily for 3 wk, 1-wk rest", "10 mg once every other day",
              "5 mg once daily", "5 mg once daily for 3 wk, 1-wk rest", "5 mg once every other day"]
    check("Table 4 final regimen counts", counts([p["final_schedule"] for p in R], table4),
          (1, 3, 1, 4, 4, 6))
    check("start regimen: recommended / other", (sum(p["start_schedule"] == table4[1] for p in S),
          sum(p["start_schedule"] != table4[1] for p in S)), (28, 3))
    dose_ok = True
    for p in ev:
        start_i = intensity(p["start_dose_mg"], p["start_schedule"])
        fin_i = intensity(p["final_dose_mg"], p["final_schedule"])
        if p["dose_reduced"] == "Y":
            dose_ok &= p["final_dose_mg"] <= p["start_dose_mg"] and fin_i < start_i
        else:
            dose_ok &= (p["final_dose_mg"], p["final_schedule"]) == (p["start_dose_mg"], p["start_schedule"])
    check("final regimen: reduced -> lower, not reduced -> start regimen", dose_ok, True)
    bmi = [p["weight_kg"] / (p["height_cm"] / 100) ** 2 for p in S]
    check("BMI within 18-27 (all)", all(18 <= b <= 27 for b in bmi), True)
    di = [float(intensity(p["final_dose_mg"], p["final_schedule"])) for p in R]
    for name, xs in (("BMI", [p["weight_kg"] / (p["height_cm"] / 100) ** 2 for p in R]),
                     ("weight", [p["weight_kg"] for p in R])):
        r, pv = pearson(xs, di)
        print(f"info dose intensity vs {name}: r = {r:.3f}, p = {pv:.3f} (not required to match)")

    # ---- Table 3 ----
    paper3 = {"neutropenia": (7, 1, 1, 13, 9), "lymphopenia": (20, 5, 3, 3, 0),
              "thrombocytopenia": (11, 9, 3, 3, 5), "febrile_neutropenia": (28, 0, 0, 3, 0),
              "pruritus": (16, 8, 5, 2, 0), "fatigue": (17, 12, 2, 0, 0), "rash": (22, 5, 0, 4, 0),
              "diarrhea": (26, 3, 2, 0, 0), "dyspepsia": (28, 1, 2, 0, 0),
              "constipation": (29, 2, 0, 0, 0), "headache": (30, 0, 1, 0, 0),
              "insomnia": (30, 0, 1, 0, 0), "deep_vein_thrombosis": (30, 0, 1, 0, 0),
              "dyspnea": (30, 1, 0, 0, 0), "tongue_discoloration": (30, 1, 0, 0, 0),
              "loss_of_appetite": (30, 1, 0, 0, 0), "increased_creatinine": (30, 0, 1, 0, 0)}
    for term, want in paper3.items():
        check(f"Table 3 {term} none/G1/G2/G3/G4",
              counts([p["ae_" + term] or 0 for p in S], range(5)), want)
    check("DVT patient (sex, age)", [(p["sex"], p["age"]) for p in S if p["ae_deep_vein_thrombosis"]],
          [("F", 60)])

    # ---- Figure 1: Hb over time ----
    def hb_means(group):
        return {w: statistics.mean(v) for w in [0] + WEEKS
                if (v := [p[f"hb_w{w}"] for p in group if p[f"hb_w{w}"] is not None])}
    mr, mn = hb_means(R), hb_means(NR)
    print("info Hb mean by week, responders:    " + ", ".join(f"w{w} {m:.1f}" for w, m in mr.items()))
    print("info Hb mean by week, non-responders: " + ", ".join(f"w{w} {m:.1f}" for w, m in mn.items()))
    seq = [mr[w] for w in [8, 12, 16, 24, 48]]
    check("responders' Hb: small rise to w4, sharp w4->w8, rising to ~11-12 at w48",
          0 < mr[4] - mr[0] < 1 and mr[8] - mr[4] > 1.5 and seq == sorted(seq) and 11 <= mr[48] <= 12.5,
          True)
    check("non-responders' Hb flat 7-8 on treatment", all(7 <= m <= 8 for m in mn.values()), True)

    # ---- internal consistency ----
    def weeks_ok(p):
        d = days_on(p)
        return all((p[f"{lab}_w{w}"] is not None) == (7 * w <= d)
                   for w in WEEKS for lab in ("hb", "anc", "plt", "alc"))
    check("follow-up labs exactly at weeks on treatment", all(map(weeks_ok, S)), True)
    dates_ok = all(
        p["diagnosis_date"] <= p["start_date"]
        and (p["stop_date"] is None or p["start_date"] <= p["stop_date"] <= p["last_followup_date"])
        and p["start_date"] <= p["last_followup_date"]
        and ((p["response"] == "RBC-TI") == (p["response_date"] is not None))
        and (p["response_date"] is None or p["start_date"] < p["response_date"] <= p["last_followup_date"])
        and bool(p["stop_date"]) == bool(p["stop_reason"])
        and p["vital_status"] == "alive" and p["death_date"] is None for p in P)
    check("dates ordered, responses dated, stop reason iff stop, all alive", dates_ok, True)

    lln = {"anc": 1800, "plt": 150000, "alc": 1000}
    floors = {"anc": (1500, 1000, 500), "plt": (75000, 50000, 25000), "alc": (800, 500, 200)}

    def ctcae(lab, v):
        return 0 if v >= lln[lab] else 1 + sum(v < f for f in floors[lab])
    bad = [(p["patient_id"], lab) for p in S for lab, term in
           (("anc", "neutropenia"), ("plt", "thrombocytopenia"), ("alc", "lymphopenia"))
           if (vals := [p[f"{lab}_w{w}"] for w in WEEKS if p[f"{lab}_w{w}"] is not None])
           and ctcae(lab, min(vals)) != p["ae_" + term]]
    check("worst on-treatment ANC/PLT/ALC grade = recorded grade", bad, [])
    check("baseline ANC < 1000 -> neutropenia grade >= 3",
          all(p["ae_neutropenia"] >= 3 for p in S if p["anc_w0"] < 1000), True)
    check("febrile neutropenia only with grade 4 neutropenia",
          all(p["ae_neutropenia"] == 4 for p in S if p["ae_febrile_neutropenia"]), True)

    def abnormalities(kary):
        return {t for clone in kary.split("/") for t in re.sub(r"\[\d+\]$", "", clone).split(",")[2:]
                if not t.startswith("del(5)")}
    kar_ok = all(len(abnormalities(p["karyotype"])) == p["additional_abnormalities"]
                 and p["karyotype"].split(",")[1] == ("XY" if p["sex"] == "M" else "XX")
                 and not any(t in ("-7",) or t.startswith("del(7)") for t in abnormalities(p["karyotype"]))
                 for p in P)
    check("karyotype: ISCN sex, additional count, no -7/del(7q)", kar_ok, True)
    site_of = {}
    ids_ok = all(re.fullmatch(r"KR-\d\d-\d{3}", p["patient_id"]) and
                 site_of.setdefault(p["patient_id"][3:5], p["site"]) == p["site"] for p in P)
    check("ids KR-nn-nnn, one site per code; sites", (ids_ok, len({p["site"] for p in P})), (True, 21))

    # ---- XLSX carries the same records, dates as date cells ----
    cells = xlsx_cells(DEMO / "lenalyze-demo.xlsx")
    epoch = dt.date(1899, 12, 30)
    mismatch = []
    for j, name in enumerate(COLUMNS, 1):
        if cells.get((1, j), (None,))[0] != name:
            mismatch.append(("header", name))
        for i, (p, r) in enumerate(zip(P, raw), 2):
            val, is_date = cells.get((i, j), (None, False))
            if name in DATES:
                want = (None, False) if p[name] is None else ((p[name] - epoch).days, True)
                got = (val, is_date)
            else:
                want = None if r[name] == "" else (float(r[name]) if isinstance(p[name], (int, float))
                                                   else r[name])
                got = val
            if got != want:
                mismatch.append((p["patient_id"], name, got, want))
    check("XLSX sheet 'patients' = CSV (numbers numeric, dates date cells)", mismatch[:3], [])

    # ---- crf-v1.1: counts at diagnosis and the logs (tools/check_demo_logs.py) ----
    check_logs(P, DEMO, check, lambda sheet: xlsx_cells(DEMO / "lenalyze-demo.xlsx", sheet))

    print(f"\n{'PASS' if not failures else 'FAIL'}: {len(failures)} failed check(s)" +
          ("" if not failures else ": " + "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
