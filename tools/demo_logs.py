"""The demo's crf-v1.1 inputs: counts at diagnosis and the dated logs.

Imported by make_demo.py. Everything here is built around the recorded wide
columns, which stay exactly as before: the logs are what a site's records
would show behind them, so that the derivations in shared/derivations.md
(IPSS/IPSS-R from blasts and counts, CTCAE grades from labs, IWG responses
and the HIRA rule from the transfusion log, dose modification from the
dosing log) agree with the recorded values -- except for the deliberate,
documented disagreements in DELIBERATE, which www/demo/README.md lists and
tools/check_demo.py verifies.

Nothing here draws from make_demo.py's random generator: the logs have their
own seeded generators, so the wide file's bytes do not depend on them.
"""
import datetime as dt
import random

SEED = 20200531 + 11  # issue 10, item 9

# Bone-marrow blasts (%) and blood counts at diagnosis (Hb g/dL, ANC and
# platelets per uL); "-" = not recorded (diagnosed years before start: the
# risk scores then fall back to week 0). Chosen so that IPSS (Greenberg 1997)
# and IPSS-R (Greenberg 2012) computed from them give the recorded `ipss` and
# `ipss_r`, except N8's IPSS and R15's IPSS-R (see DELIBERATE).
DIAGNOSIS = """
key blasts hb   anc  plt
R12  3     7.4  1450 210000
N1   2     7.3  2300 250000
R3   1     8.6  1850 395000
R17  2     9.0  2100 300000
R9   2     7.6  2010 310000
E2   7     8.2  1300 180000
R14  1     8.8  1600 130000
N4   1     8.6  1900 150000
R1   4     7.6  2300 330000
R16  3     7.6  1100 220000
R7   1     9.4  2500 430000
N6   4     7.7  1000 150000
R19  3     -    -    -
R5   2     -    -    -
N3   2     8.5  2050 190000
R10  3     7.7   900 140000
R2   3     7.5  1600 270000
E1   4     7.2  1550 260000
R11  1    10.4  1500 250000
N8   3     7.5   750 130000
R4   2     7.8  2200 240000
R15  1     9.6  2400 230000
N2   3     6.8   900  95000
R8   2     9.2  1850 240000
R13  1     8.1  2300 360000
N7   2     8.9  2000 210000
R18  2     7.0  1700 200000
E3   1     7.4  2300 280000
N5   3     7.0  1400 170000
R6   4     7.6   950 180000
N9   1     8.4  1650 230000
"""

# The disagreements the derivations must find, and only these. Keyed by the
# demo's patient key; README.md lists them by patient_id with the story.
DELIBERATE = {
    "N8": "ipss",  # recorded Low; Hb 7.5 and ANC 750 at diagnosis = 2 cytopenias -> Int-1
    "R15": "ipss_r",  # recorded Very low; Hb 9.6 scores 1 (8 to <10) -> 2.0, Low
    "R12": "response",  # recorded RBC-TI; 1 unit every 42 days after response_date
    "N9": "response",  # recorded none; 1 unit every 28 days on treatment (was 6 per 8 weeks)
    "R18": "dose_reduced",  # recorded no; 10 mg QD 21/28 -> 10 mg QOD (schedule only), later back
    "R13": "dose_interrupted",  # recorded no; held 14 days for grade 3 rash
    "R6": "thrombocytopenia",  # recorded grade 2; platelets 42,000 on day 14 (grade 3)
}

# Transfusions above the IWG 2006 trigger of Hb 9.0 g/dL (they do not count
# for IWG 2006): R7's before start, R12's after its recorded response.
HIGH_TRIGGER = {"R7", "R12"}

# Lab days after start outside every nominal-week window (crf-v1: weeks 4/8
# +-4 days, 12/16 +-7, later +-14; week 0 = the 14 days up to start): weekly
# in the first 8 weeks (full blood count weekly for the first 2 months,
# Giagounidis et al., Ann Hematol 2008;87:345, Table 3), then between visits.
LAB_DAYS = [7, 14, 21, 35, 42, 49, 70, 98, 140, 210, 252, 294] + list(range(420, 1300, 91))
# CTCAE v5.0 lower bounds of grades 1..4 per uL; LLN used for grade 0 by the
# sites (README "Lab grades") and the derivations' default ANC LLN (2,000).
GRADE_FLOOR = {"anc": (1500, 1000, 500, 100), "plt": (75000, 50000, 25000, 5000),
               "alc": (800, 500, 200, 100)}
UPPER = {"anc": 2000, "plt": 150000, "alc": 1000}
STEP = {"anc": 10, "plt": 1000, "alc": 10}
LAB_AE = {"anc": "neutropenia", "plt": "thrombocytopenia", "alc": "lymphopenia"}


def diagnosis_counts():
    lines = [line.split() for line in DIAGNOSIS.strip().splitlines()]
    out = {}
    for key, blasts, hb, anc, plt in lines[1:]:
        num = lambda v, f: None if v == "-" else f(v)
        out[key] = {"bm_blasts_pct": int(blasts), "hb_dx": num(hb, float),
                    "anc_dx": num(anc, int), "plt_dx": num(plt, int)}
    return out


def _episodes(units):
    """Units split into transfusion episodes of 2 (the last 1 when odd)."""
    return [2] * (units // 2) + [1] * (units % 2)


def _spread(rng, units, first, last):
    """Episodes holding `units`, spread evenly over days first..last."""
    eps = _episodes(units)
    if not eps:
        return []
    step = (last - first + 1) / len(eps)
    days = [first + int(step * (i + 0.5) + rng.uniform(-step / 4, step / 4)) for i in range(len(eps))]
    return list(zip(days, eps))


def _every(first, spacing, until, units):
    """`units` every `spacing` days from day `first` while <= `until`."""
    return [(d, units) for d in range(first, until + 1, spacing)]


def transfusions(rng, key, p, row):
    """(day relative to start, units, pre_hb) of one patient, by day."""
    days_on = p["days"]
    end = (row["last_followup_date"] - row["start_date"]).days
    rbc8, rbc6 = p["rbc8"], p["rbc6"]
    trig = lambda lo=6.4, hi=8.6: round(rng.uniform(lo, hi), 1)
    out = []
    # Before start: rbc_units_8wk in the 56 days before start, and the rest of
    # rbc_units_6mo in the 126 days before those (182 days = 6 months).
    if key == "R1":  # transfused the day after diagnosis (Hb 7.6 -> 9.2 at start)
        pre8 = [(-2, 2)]
    else:
        pre8 = _spread(rng, rbc8, -56, -1)
    for d, u in _spread(rng, rbc6 - rbc8, -182, -57) + pre8:
        out.append((d, u, trig(9.1, 9.4) if key == "R7" and d >= -56 else trig()))
    # On treatment, by recorded response (and the deliberate disagreements).
    if p["resp"] == "TI":
        rd = (row["response_date"] - row["start_date"]).days
        before = [(rd - 1, 2)]  # the last transfusion: the day before response_date
        if rd - 1 > 24:
            before.insert(0, (rd - 1 - rng.randint(14, 21), 2))
        out += [(d, u, trig(9.1, 9.4) if key == "R7" else trig(6.8, 8.2)) for d, u in before]
        if key == "R12":  # transfused at Hb 9.4-9.8 (angina), every 6 weeks
            out += [(d, u, trig(9.4, 9.8)) for d, u in _every(rd + 41, 42, end, 1)]
    elif p["resp"] == "MIN":  # 1 unit every 56 days: every 8 weeks hold 1 (50 % of 2)
        out += [(d, u, trig(7.0, 8.0)) for d, u in _every(55, 56, days_on, 1)]
    elif key == "N9":  # 1 unit every 28 days: 2 per 8 weeks (67 % less than 6)
        out += [(d, u, trig(7.0, 8.2)) for d, u in _every(14, 28, days_on, 1)]
    else:  # no response / not evaluable: transfused as before start
        spacing = 112 // rbc8 - 1
        out += [(d, u, trig(6.6, 8.0)) for d, u in _every(rng.randint(3, spacing), spacing, days_on, 2)]
    # After stopping, transfusions go on at the rate before start.
    if p["stop"] != "-":
        spacing = 112 // rbc8 - 1
        out += [(d, u, trig(6.4, 8.0)) for d, u in _every(days_on + spacing, spacing, end, 2)]
    return sorted(out)


REASON = {  # why the dose was held or lowered, from the recorded AE grades
    "neutropenia": "grade {g} neutropenia", "thrombocytopenia": "grade {g} thrombocytopenia",
    "rash": "grade {g} rash", "pruritus": "grade {g} pruritus", "fatigue": "fatigue",
}


def _reason(grades, key):
    for term in ("neutropenia", "thrombocytopenia", "rash", "pruritus"):
        g = grades.get((term, key), 0)
        if g >= 3:
            return REASON[term].format(g=g)
    return "fatigue" if grades.get(("fatigue", key)) else "cytopenia"


def dosing(rng, key, p, regimen, grades):
    """(day, dose mg, schedule, reason) rows: the start and every change."""
    start = regimen[p["reg"]]
    rows = [(0, start[0], start[1], "")]
    if p["fin"] == "-":  # stopped within 3 weeks: the start row only
        return rows
    why = "grade 3 rash" if key == "R13" else _reason(grades, key)
    day = rng.randint(15, 40)  # cytopenias peak in the first 2 cycles
    if p["int"] == "Y" or key == "R13":  # a hold, then the restart
        rows.append((day, 0, "", f"held: {why}"))
        day += rng.randint(7, 21)
    path = {("A", "F"): ["D", "F"], ("D", "F"): ["F"]}.get((p["reg"], p["fin"]), [p["fin"]])
    if p["red"] == "Y":
        for i, code in enumerate(path):
            dose, sched = regimen[code]
            rows.append((day, dose, sched, f"reduced: {why}" if i == 0 else "reduced: cytopenia"))
            day += rng.randint(42, 84)
    elif key == "R18":  # schedule only: 10 mg every other day, then back to 21/28
        rows.append((63, 10, "10 mg once every other day", "fatigue"))
        rows.append((147, start[0], start[1], "fatigue resolved"))
    elif p["int"] == "Y":
        rows.append((day, start[0], start[1], "restarted"))
    assert all(d < p["days"] for d, *_ in rows), (key, rows)
    return rows


def _grade_bounds(lab, g):
    """[lo, hi) of a count of CTCAE grade g (grade 0 at or above UPPER)."""
    floors = GRADE_FLOOR[lab]
    if g == 0:
        return UPPER[lab], 10 ** 9
    return floors[g - 1], (UPPER[lab] if g == 1 else floors[g - 2])


def labs(rng, key, p, row, grades):
    """(day, {lab: value}) of the extra lab rows, all outside the week windows."""
    days_on = p["days"]
    weeks = [w for w in (0, 4, 8, 12, 16, 24, 48) if row.get(f"hb_w{w}") is not None]

    def wide_at(lab, day):  # linear between the recorded weeks
        pts = [(7 * w, row[f"{lab}_w{w}"]) for w in weeks]
        if day >= pts[-1][0]:
            return pts[-1][1]
        (d0, v0), (d1, v1) = next((a, b) for a, b in zip(pts, pts[1:]) if a[0] <= day <= b[0])
        return v0 + (v1 - v0) * (day - d0) / (d1 - d0)

    # Lenalidomide's cytopenias are deepest in the first cycles; a patient who
    # stopped within 3 weeks has the nadir on day 14.
    nadir_day = rng.choice([14, 21]) if days_on >= 28 else 14
    out = []
    for day in (d for d in LAB_DAYS if d <= days_on):
        values = {"hb": round(wide_at("hb", day) + rng.uniform(-0.3, 0.3), 1)}
        for lab in ("anc", "plt", "alc"):
            g = grades.get((LAB_AE[lab], key), 0)
            lo, hi = _grade_bounds(lab, g)
            on_treatment = [row[f"{lab}_w{w}"] for w in weeks if w > 0]
            if day == nadir_day and g > 0 and not on_treatment:
                # Not evaluable: no week value, so this is the recorded nadir.
                v = rng.uniform(lo, min(hi, row[f"{lab}_w0"]))
            else:
                v = wide_at(lab, day) * rng.uniform(0.9, 1.1)
            if key == "R6" and lab == "plt" and day == 14:
                v = 42000  # deliberate: the nadir the site missed (grade 3)
            elif v < lo:
                v = lo + rng.uniform(0, 0.5) * (min(hi, 2 * lo) - lo)
            values[lab] = int(round(v / STEP[lab]) * STEP[lab])
        out.append((day, values))
    return out


def build_logs(table, rows, regimen, grades):
    """The three logs as lists of CSV rows (dicts), by patient then date."""
    rng_t, rng_d, rng_l = (random.Random(SEED + i) for i in range(3))
    tx, dose, lab = [], [], []
    for p, row in zip(table, rows):
        key, start, pid = p["key"], row["start_date"], row["patient_id"]
        date = lambda d: start + dt.timedelta(days=d)
        for d, units, pre_hb in transfusions(rng_t, key, p, row):
            tx.append({"patient_id": pid, "date": date(d), "units": units, "pre_hb": pre_hb})
        for d, mg, sched, reason in dosing(rng_d, key, p, regimen, grades):
            dose.append({"patient_id": pid, "date": date(d), "dose_mg": mg, "schedule": sched,
                         "reason": reason})
        for d, values in labs(rng_l, key, p, row, grades):
            lab.append({"patient_id": pid, "date": date(d), **values})
    return tx, dose, lab
