"""Independent check of the demo's crf-v1.1 inputs (standard library only).

Called by check_demo.py with the parsed wide rows. Recomputes, from the CSV
files alone and the published rules, what shared/derivations.md derives, and
checks that it agrees with the recorded columns except for exactly the
deliberate disagreements www/demo/README.md lists:

- IPSS (Greenberg et al., Blood 1997;89:2079, Table 3) and IPSS-R (Greenberg
  et al., Blood 2012;120:2454; the MDS Foundation's calculator
  https://ipssrbasic.mds-foundation.org/ prints the same points and cut-offs)
  from bm_blasts_pct, the counts at diagnosis (week 0 when not recorded) and
  the karyotype;
- the transfusion log: the sums before start are the recorded rbc_units_8wk
  and rbc_units_6mo; RBC-TI = a run of >= 56 transfusion-free days on
  treatment; IWG 2000 minor = >= 50 % fewer units per 8 weeks;
- the dosing log: dose intensity (crf-v1 Schedules) against dose_reduced,
  dose_interrupted, final_dose_mg and final_schedule;
- the lab log: no date inside a nominal-week window (so no week value
  changes), and CTCAE v5.0 worst grades against the recorded ae_ grades.

It shares no code with make_demo.py or demo_logs.py on purpose.
"""
import csv
import datetime as dt
from fractions import Fraction

# patient_id -> what the site recorded differently from its own records.
DELIBERATE = {
    ("KR-10-001", "ipss"): ("Low", "Int-1"),
    ("KR-12-001", "ipss_r"): ("Very low", "Low"),
    ("KR-01-002", "response"): ("RBC-TI", "HI-E minor"),
    ("KR-21-001", "response"): ("none", "HI-E minor"),
    ("KR-17-001", "dose_reduced"): ("N", "Y"),
    ("KR-15-001", "dose_interrupted"): ("N", "Y"),
    ("KR-20-002", "ae_thrombocytopenia"): (2, 3),
}
# Transfusions given above Hb 9.0 g/dL (IWG 2006 does not count them).
HIGH_TRIGGER = {"KR-04-002", "KR-01-002"}
# With the derivations' default ANC LLN of 2,000/uL instead of the sites'
# 1,800, these recorded grade-0 patients have grade 1 neutropenia on treatment.
ANC_LLN_2000_GRADE_1 = ["KR-01-005", "KR-06-001", "KR-16-001", "KR-17-001"]
# Non-responders on the drug at 4 calendar months whose transfusions in the
# 8 weeks before fell by less than half: the HIRA rule says stop.
HIRA_STOP = ["KR-01-005", "KR-03-001", "KR-04-003", "KR-10-001", "KR-16-001"]

SCHEDULE = {"once daily": Fraction(1), "once daily for 3 wk, 1-wk rest": Fraction(21, 28),
            "once every other day": Fraction(1, 2)}
WINDOW = {4: 4, 8: 4, 12: 7, 16: 7, 24: 14, 48: 14}  # crf-v1 nominal-week windows, +- days


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


# ---- risk scores ----
def abnormalities(kary):
    """Distinct abnormalities of all clones, del(5q) included."""
    return {t for clone in kary.split("/") for t in clone.split("[")[0].split(",")[2:]}


def ipss(p, hb, anc, plt):
    b = p["bm_blasts_pct"]
    blasts = 0 if b < 5 else 0.5 if b <= 10 else 1.5 if b <= 20 else 2.0
    ab = abnormalities(p["karyotype"])
    chr7 = any(t == "-7" or t.startswith("del(7)") for t in ab)
    kary = 1.0 if chr7 or len(ab) >= 3 else 0 if len(ab) == 1 else 0.5  # good = del(5q) alone
    cytopenias = (hb < 10) + (anc < 1800) + (plt < 100000)
    score = blasts + kary + (0.5 if cytopenias >= 2 else 0)
    return "Low" if score == 0 else "Int-1" if score <= 1 else "Int-2" if score <= 2 else "High"


def ipss_r(p, hb, anc, plt):
    b = p["bm_blasts_pct"]
    ab = abnormalities(p["karyotype"])
    assert any(t.startswith("del(5)") for t in ab) and len(ab) <= 2, ab
    cyto = 1  # good: del(5q) alone, or double including del(5q) (no chr 7 here)
    score = (cyto + (0 if b <= 2 else 1 if b < 5 else 2 if b <= 10 else 3)
             + (0 if hb >= 10 else 1 if hb >= 8 else 1.5)
             + (0 if plt >= 100000 else 0.5 if plt >= 50000 else 1) + (0 if anc >= 800 else 0.5))
    return ("Very low" if score <= 1.5 else "Low" if score <= 3 else "Intermediate" if score <= 4.5
            else "High" if score <= 6 else "Very high")


# ---- schedules ----
def intensity(dose, schedule):
    """mg/day (crf-v1 Schedules); 0 for a hold."""
    if dose == 0:
        return Fraction(0)
    mg, _, words = schedule.partition(" mg ")
    assert int(mg) == dose, (dose, schedule)
    return dose * SCHEDULE[words]


def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    days = [31, 29 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][m - 1]
    return dt.date(y, m, min(d.day, days))


def ctcae(lab, v, lln):
    floors = {"anc": (1500, 1000, 500), "plt": (75000, 50000, 25000), "alc": (800, 500, 200)}
    return 0 if v >= lln[lab] else 1 + sum(v < f for f in floors[lab])


def check_logs(P, demo, check, xlsx_sheet):
    by_id = {p["patient_id"]: p for p in P}
    found = {}  # (patient_id, column) -> (recorded, derived) where they differ

    # ---- IPSS / IPSS-R from blasts and counts at diagnosis ----
    who_ok, fallback = True, []
    for p in P:
        b = p["bm_blasts_pct"]
        who_ok &= (5 <= b <= 9) if p["who_class"] == "MDS-EB-1" else b < 5
        counts = (p["hb_dx"], p["anc_dx"], p["plt_dx"])
        if None in counts:
            fallback.append(p["patient_id"])
            counts = (p["hb_w0"], p["anc_w0"], p["plt_w0"])
        for col, f in (("ipss", ipss), ("ipss_r", ipss_r)):
            if f(p, *counts) != p[col]:
                found[(p["patient_id"], col)] = (p[col], f(p, *counts))
    check("blasts fit the WHO class (EB-1 5-9 %, others < 5 %)", who_ok, True)
    check("counts at diagnosis missing (week 0 used)", fallback, ["KR-05-001", "KR-05-002"])

    # ---- transfusions ----
    header, rows = read(demo / "lenalyze-demo-transfusions.csv")
    check("transfusions header", header, ["patient_id", "date", "units", "pre_hb"])
    tx = {}
    for r in rows:
        tx.setdefault(r["patient_id"], []).append(
            (dt.date.fromisoformat(r["date"]), int(r["units"]), float(r["pre_hb"])))
    check("every patient has transfusions, dates ascending",
          sorted(tx) == sorted(by_id) and all(v == sorted(v) for v in tx.values()), True)

    def units(pid, first, last):
        return sum(u for d, u, _ in tx[pid] if first <= d <= last)
    sums = [(pid, units(pid, p["start_date"] - dt.timedelta(56), p["start_date"] - dt.timedelta(1)),
             units(pid, p["start_date"] - dt.timedelta(182), p["start_date"] - dt.timedelta(1)))
            for pid, p in by_id.items()]
    check("units in the 56 / 182 days before start = rbc_units_8wk / rbc_units_6mo",
          [s for s in sums if s[1:] != (by_id[s[0]]["rbc_units_8wk"], by_id[s[0]]["rbc_units_6mo"])], [])
    high = sorted({pid for pid, v in tx.items() for _, _, hb in v if hb > 9.0})
    check("transfused above Hb 9.0 g/dL", high, sorted(HIGH_TRIGGER))
    check("pre_hb within 5.5-10 g/dL", all(5.5 <= hb <= 10 for v in tx.values() for *_, hb in v), True)

    # IWG 2018 burden over the 16 weeks before start, for information
    # (Platzbecker et al., Blood 2019;133:1020: LTB 3-7 units in >= 2 episodes,
    # HTB >= 8 units; the 8-week halves split further in the derivation).
    burden = {}
    for pid, p in by_id.items():
        s = p["start_date"]
        n16 = units(pid, s - dt.timedelta(112), s - dt.timedelta(1))
        burden.setdefault("NTD" if n16 == 0 else "HTB" if n16 >= 8 else
                          "LTB" if n16 >= 3 else "fewer than 3 units", []).append(pid)
    print("info units in the 16 weeks before start (IWG 2018): " +
          "; ".join(f"{k} {len(v)}" for k, v in sorted(burden.items())) +
          f" (LTB: {', '.join(burden.get('LTB', []))})")
    hira = []
    for pid, p in by_id.items():
        if p["response"] == "NE":
            continue
        start = p["start_date"]
        end = p["stop_date"] or p["last_followup_date"]
        on = [d for d, _, _ in tx[pid] if start <= d <= end]
        # Longest run of transfusion-free days on treatment (start..end).
        edges = [start - dt.timedelta(1)] + on + [end + dt.timedelta(1)]
        run, run_start = max(((b - a).days - 1, a + dt.timedelta(1)) for a, b in zip(edges, edges[1:]))
        # Units in each 8-week window on treatment from week 8 on.
        n_days = (end - start).days + 1
        later = [units(pid, start + dt.timedelta(k), start + dt.timedelta(k + 55))
                 for k in range(56, n_days - 55)]
        everywhere = [units(pid, start + dt.timedelta(k), start + dt.timedelta(k + 55))
                      for k in range(0, n_days - 55)]
        half = p["rbc_units_8wk"] / 2
        derived = ("RBC-TI" if run >= 56 else
                   "HI-E minor" if later and max(later) <= half else "none")
        if derived != p["response"]:
            found[(pid, "response")] = (p["response"], derived)
        if p["response"] == "RBC-TI" and (pid, "response") not in DELIBERATE:
            check(f"{pid}: transfusion-free from response_date to the last visit",
                  (run_start, end - run_start >= dt.timedelta(55)), (p["response_date"], True))
        if p["response"] == "none" and (pid, "response") not in DELIBERATE:
            check(f"{pid}: every 8 weeks on treatment hold more than half the units before",
                  all(u > half for u in everywhere), True)
        four = add_months(start, 4)
        if p["response"] != "RBC-TI" and end >= four:
            before = units(pid, four - dt.timedelta(56), four - dt.timedelta(1))
            if before > half:
                hira.append(pid)
    check("HIRA rule: on the drug at 4 months with < 50 % fewer units", sorted(hira), HIRA_STOP)

    # ---- dosing ----
    header, rows = read(demo / "lenalyze-demo-dosing.csv")
    check("dosing header", header, ["patient_id", "date", "dose_mg", "schedule", "reason"])
    dosing = {}
    for r in rows:
        dosing.setdefault(r["patient_id"], []).append(
            (dt.date.fromisoformat(r["date"]), int(r["dose_mg"]), r["schedule"], r["reason"]))
    starts_ok, within, steps = True, True, {}
    for pid, p in by_id.items():
        log = dosing[pid]
        starts_ok &= log[0][:3] == (p["start_date"], p["start_dose_mg"], p["start_schedule"])
        within &= all(d < (p["stop_date"] or p["last_followup_date"]) for d, *_ in log)
        first = intensity(p["start_dose_mg"], p["start_schedule"])
        given = [intensity(mg, s) for _, mg, s, _ in log]
        reduced = "Y" if any(0 < i < first for i in given) else "N"
        held = "Y" if any(mg == 0 or why.startswith("held") for _, mg, _, why in log) else "N"
        steps[pid] = sum(0 < b < a for a, b in zip([i for i in given if i], [i for i in given if i][1:]))
        last = [(mg, s) for _, mg, s, _ in log if mg][-1]
        for col, value in (("dose_reduced", reduced), ("dose_interrupted", held)):
            if value != p[col]:
                found[(pid, col)] = (p[col], value)
        if p["final_dose_mg"] is not None and last != (p["final_dose_mg"], p["final_schedule"]):
            found[(pid, "final_schedule")] = (p["final_schedule"], last[1])
    check("dosing: first row = start date, dose and schedule", starts_ok, True)
    check("dosing: every change before the stop", within, True)
    print("info dose-reduction steps: " + ", ".join(
        f"{n} step(s) {sum(v == n for v in steps.values())}" for n in sorted(set(steps.values()))))

    # ---- labs ----
    header, rows = read(demo / "lenalyze-demo-labs.csv")
    check("labs header", header, ["patient_id", "date", "hb", "anc", "plt", "alc"])
    in_window, outside_treatment = [], []
    worst = {}
    for r in rows:
        p = by_id[r["patient_id"]]
        day = (dt.date.fromisoformat(r["date"]) - p["start_date"]).days
        if -14 <= day <= 0 or any(abs(day - 7 * w) <= h for w, h in WINDOW.items()):
            in_window.append((r["patient_id"], r["date"]))
        if not 0 < day <= ((p["stop_date"] or p["last_followup_date"]) - p["start_date"]).days:
            outside_treatment.append((r["patient_id"], r["date"]))
        for lab in ("anc", "plt", "alc"):
            worst.setdefault((r["patient_id"], lab), []).append(int(r[lab]))
    check("lab dates outside every nominal-week window (week values unchanged)", in_window, [])
    check("lab dates on treatment", outside_treatment, [])
    for pid, p in by_id.items():
        for lab in ("anc", "plt", "alc"):
            worst.setdefault((pid, lab), []).extend(
                p[f"{lab}_w{w}"] for w in WINDOW if p[f"{lab}_w{w}"] is not None)
    terms = {"anc": "ae_neutropenia", "plt": "ae_thrombocytopenia", "alc": "ae_lymphopenia"}
    for lln, label in (({"anc": 1800, "plt": 150000, "alc": 1000}, "sites' LLN"),
                       ({"anc": 2000, "plt": 150000, "alc": 1000}, "default LLN")):
        differ = {(pid, terms[lab]): (by_id[pid][terms[lab]], ctcae(lab, min(v), lln))
                  for (pid, lab), v in worst.items() if v
                  and ctcae(lab, min(v), lln) != by_id[pid][terms[lab]]}
        if label == "sites' LLN":
            found.update(differ)
            check("every patient has on-treatment labs (log or weeks)",
                  all(worst.get((pid, "anc")) for pid in by_id), True)
        else:
            anc = {pid: g for (pid, col), g in differ.items() if col == "ae_neutropenia"}
            check("with ANC LLN 2,000: recorded grade 0, derived grade 1 neutropenia",
                  (sorted(anc), set(anc.values())), (ANC_LLN_2000_GRADE_1, {(0, 1)}))

    check("derived vs recorded: exactly the deliberate disagreements", found, DELIBERATE)

    # ---- the workbook carries the same logs ----
    epoch = dt.date(1899, 12, 30)
    for name in ("transfusions", "dosing", "labs"):
        header, rows = read(demo / f"lenalyze-demo-{name}.csv")
        cells = xlsx_sheet(name)
        bad = []
        for j, col in enumerate(header, 1):
            if cells.get((1, j), (None,))[0] != col:
                bad.append(("header", col))
            for i, r in enumerate(rows, 2):
                got = cells.get((i, j), (None, False))
                want = ((dt.date.fromisoformat(r[col]) - epoch).days, True) if col == "date" else (
                    (None, False) if r[col] == "" else
                    (float(r[col]), False) if col in ("units", "pre_hb", "dose_mg", "hb", "anc",
                                                     "plt", "alc") else (r[col], False))
                if got != want:
                    bad.append((r["patient_id"], col, got, want))
        check(f"XLSX sheet '{name}' = lenalyze-demo-{name}.csv", bad[:3], [])
