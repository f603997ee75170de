#!/usr/bin/env python3
"""The demo CRF exported as REDCap would export it, for tests/suite/redcap.rs.

Reads www/demo/lenalyze-demo.csv and Lenalyze's REDCap data dictionary
(www/template/redcap-data-dictionary.csv) and writes tests/data/redcap/demo/:

- raw.csv             "CSV (raw data)": field names as headers, codes as values
                       (yes/no 1/0, drop-down and radio codes), every
                       instrument's columns and its `<form>_complete`.
- labels-api.csv      the API's label export: field names as headers, labels
                       as values.
- labels-web.csv      the web page's "CSV (labels)": field labels as headers,
                       a `Complete?` column after each form, `Repeat
                       Instrument` / `Repeat Instance`.
- repeating-raw.csv   the demo's week-N labs and its adverse-event grades as
                       rows of the repeating instruments `labs` and
                       `adverse_events`, with crf-v1 twins labs.csv and
                       adverse_events.csv (the same values as long sheets).
- longitudinal-raw.csv  the same in events: patients at `baseline_arm_1`,
                       repeating rows at `treatment_arm_1`, and
                       `last_followup_date` entered at `follow_up_arm_1`.
- missing-raw.csv     some values as missing-data codes (`UNK`, `NASK`,
                       `-999`), with the crf-v1 twin missing-crf.csv (`NA`).
- checkbox-dictionary.csv, checkbox-raw.csv, checkbox-labels-web.csv
                       a project that made `stop_reason` a checkbox field
                       (with a missing-data code's `___unk` column),
                       `chr7_abnormality` a single tick box and the week-N Hb
                       numbers with a decimal comma (`number_comma_decimal`).

The encoder is written from REDCap's documented formats, independently of
Lenalyze's reader, so the Rust tests compare two implementations. It uses
only the standard library and is deterministic.
"""

import csv
import datetime as dt
import io
import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "data", "redcap", "demo")
STANDARD_LONG = ["labs", "adverse_events", "transfusions", "dosing"]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(name, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def choices(text):
    out = []
    for part in text.split("|"):
        part = part.strip()
        if part:
            code, _, label = part.partition(",")
            out.append((code.strip(), label.strip()))
    return out


def squash(s):
    return re.sub(r"[^0-9a-z]", "", s.lower())


class Field:
    def __init__(self, row):
        self.name = row["Variable / Field Name"]
        self.form = row["Form Name"]
        self.type = row["Field Type"]
        self.label = row["Field Label"]
        self.choices = choices(row["Choices, Calculations, OR Slider Labels"])
        self.validation = row["Text Validation Type OR Show Slider Number"]

    def code(self, value):
        """The raw code REDCap stores for a crf-v1 value."""
        if value == "":
            return ""
        if self.type == "yesno":
            return {"y": "1", "n": "0"}[value.lower()]
        if self.type in ("radio", "dropdown", "checkbox"):
            for code, label in self.choices:
                if value.lower() in (code.lower(), label.lower()):
                    return code
            for code, label in self.choices:
                if squash(value) == squash(label):
                    return code
            raise ValueError(f"{self.name}: {value!r} is no choice")
        if self.validation.endswith("comma_decimal"):
            return value.replace(".", ",")
        return value

    def label_of(self, code):
        """The label export's value for a raw code."""
        if code == "":
            return ""
        if self.type == "yesno":
            return {"1": "Yes", "0": "No"}[code]
        for c, label in self.choices:
            if c == code:
                return label
        return code


def dictionary(rows):
    return [Field(r) for r in rows]


def header(fields, longitudinal=False, labels=False):
    """Export columns: record ID, event, repeat columns, each form's fields
    then its status column, as REDCap orders them."""
    cols = []
    record = fields[0]
    cols.append(("field", record))
    if longitudinal:
        cols.append(("event", None))
    cols.append(("repeat_instrument", None))
    cols.append(("repeat_instance", None))
    forms = []
    for f in fields:
        if f.form not in forms:
            forms.append(f.form)
    for form in forms:
        for f in fields[1:]:
            if f.form != form:
                continue
            if f.type == "checkbox":
                for code, label in f.choices:
                    cols.append(("check", (f, code, label)))
            else:
                cols.append(("field", f))
        cols.append(("complete", form))
    names = []
    for kind, x in cols:
        if kind == "field":
            names.append(x.label if labels else x.name)
        elif kind == "event":
            names.append("Event Name" if labels else "redcap_event_name")
        elif kind == "repeat_instrument":
            names.append("Repeat Instrument" if labels else "redcap_repeat_instrument")
        elif kind == "repeat_instance":
            names.append("Repeat Instance" if labels else "redcap_repeat_instance")
        elif kind == "check":
            f, code, label = x
            names.append(
                f"{f.label} (choice={label})" if labels else f"{f.name}___{code.lower()}"
            )
        else:
            names.append("Complete?" if labels else f"{x}_complete")
    return cols, names


def export_rows(cols, names, records, values="raw"):
    """records: list of dicts with keys `_form`, `_event`, `_instance` and
    field name -> raw code (checkbox: list of codes)."""
    out = []
    for rec in records:
        row = {}
        for (kind, x), name in zip(cols, names):
            if kind == "field":
                v = rec.get(x.name, "")
                row[name] = x.label_of(v) if values == "labels" else v
            elif kind == "event":
                row[name] = rec.get("_event", "")
            elif kind == "repeat_instrument":
                row[name] = rec.get("_repeat", "")
            elif kind == "repeat_instance":
                row[name] = rec.get("_instance", "")
            elif kind == "check":
                f, code, _ = x
                form_here = rec.get("_form") == f.form
                if not form_here:
                    row[name] = ""
                else:
                    ticked = code in rec.get(f.name, [])
                    if values == "labels":
                        row[name] = "Checked" if ticked else "Unchecked"
                    else:
                        row[name] = "1" if ticked else "0"
            else:
                if rec.get("_form") == x:
                    row[name] = "Complete" if values == "labels" else "2"
                else:
                    row[name] = ""
        out.append(row)
    return out


def patients_records(demo, fields, event=None, skip=()):
    recs = []
    for p in demo:
        rec = {"_form": "patients"}
        if event:
            rec["_event"] = event
        for f in fields:
            if f.form != "patients" or f.name in skip:
                continue
            rec[f.name] = f.code(p.get(f.name, ""))
        recs.append(rec)
    return recs


WEEKS = [0, 4, 8, 12, 16, 24, 48]


def long_rows(demo):
    """The demo's week-N labs (dated start + 7N days) and nonzero AE grades."""
    labs, aes = [], []
    for p in demo:
        start = dt.date.fromisoformat(p["start_date"])
        for w in WEEKS:
            vals = {k: p[f"{k}_w{w}"] for k in ("hb", "anc", "plt", "alc")}
            if not any(vals.values()):
                continue
            day = start + dt.timedelta(days=7 * w)
            labs.append({"patient_id": p["patient_id"], "date": day.isoformat(), **vals})
        for k, v in p.items():
            if k.startswith("ae_") and v not in ("", "0"):
                aes.append({"patient_id": p["patient_id"], "term": k[3:], "grade": v})
    return labs, aes


def repeating_records(labs, aes, event=None):
    recs = []
    instance = {}
    for kind, rows in (("labs", labs), ("adverse_events", aes)):
        for r in rows:
            key = (r["patient_id"], kind)
            instance[key] = instance.get(key, 0) + 1
            rec = {
                "_form": kind,
                "_repeat": kind,
                "_instance": str(instance[key]),
                "patient_id": r["patient_id"],
            }
            if event:
                rec["_event"] = event
            if kind == "labs":
                rec.update({"lab_date": r["date"], "hb": r["hb"], "anc": r["anc"],
                            "plt": r["plt"], "alc": r["alc"]})
            else:
                rec.update({"term": r["term"], "grade": r["grade"]})
            recs.append(rec)
    return recs


def by_record(recs, order):
    """REDCap sorts an export by record (in the order records were made),
    then event, then instrument and instance."""
    rank = {pid: i for i, pid in enumerate(order)}
    return sorted(recs, key=lambda r: rank[r["patient_id"]])


def main():
    os.makedirs(OUT, exist_ok=True)
    demo = read_csv(os.path.join(ROOT, "www", "demo", "lenalyze-demo.csv"))
    dict_rows = read_csv(os.path.join(ROOT, "www", "template", "redcap-data-dictionary.csv"))
    fields = dictionary(dict_rows)
    order = [p["patient_id"] for p in demo]

    # 1. The demo as raw data, API labels and web labels.
    cols, names = header(fields)
    recs = patients_records(demo, fields)
    write_csv("raw.csv", names, export_rows(cols, names, recs))
    write_csv("labels-api.csv", names, export_rows(cols, names, recs, "labels"))
    cols_l, names_l = header(fields, labels=True)
    write_csv("labels-web.csv", names_l, export_rows(cols_l, names_l, recs, "labels"))

    # 2. Repeating instruments, and their crf-v1 twins.
    wide_lab = {f"{k}_w{w}" for k in ("hb", "anc", "plt", "alc") for w in WEEKS}
    wide_ae = {k for k in demo[0] if k.startswith("ae_")}
    labs, aes = long_rows(demo)
    write_csv("labs.csv", ["patient_id", "date", "hb", "anc", "plt", "alc"], labs)
    write_csv("adverse_events.csv", ["patient_id", "term", "grade"], aes)
    patients_only = [{k: v for k, v in p.items() if k not in wide_lab | wide_ae} for p in demo]
    write_csv("patients-crf.csv", list(patients_only[0].keys()), patients_only)
    base = patients_records(patients_only, fields)
    rep = repeating_records(labs, aes)
    recs = by_record(base + rep, order)
    write_csv("repeating-raw.csv", names, export_rows(cols, names, recs))

    # 3. Longitudinal: events, instances restarting per event.
    cols_e, names_e = header(fields, longitudinal=True)
    base = patients_records(patients_only, fields, "baseline_arm_1", skip={"last_followup_date"})
    follow = []
    for p in patients_only:
        follow.append({"_form": "patients", "_event": "follow_up_arm_1",
                       "patient_id": p["patient_id"],
                       "last_followup_date": p["last_followup_date"]})
    rep = repeating_records(labs, aes, "treatment_arm_1")
    event_rank = {"baseline_arm_1": 0, "treatment_arm_1": 1, "follow_up_arm_1": 2}
    recs = sorted(base + rep + follow,
                  key=lambda r: (order.index(r["patient_id"]), event_rank[r["_event"]]))
    write_csv("longitudinal-raw.csv", names_e, export_rows(cols_e, names_e, recs))

    # 4. Missing-data codes (standard and the project's own -999).
    codes = {0: ("height_cm", "UNK"), 1: ("rbc_units_6mo", "NASK"), 2: ("ipss_r", "-999"),
             3: ("weight_kg", "-999"), 4: ("prior_esa_ti", "ASKU")}
    crf = [dict(p) for p in demo]
    recs = patients_records(demo, fields)
    for i, (field, code) in codes.items():
        recs[i][field] = code
        crf[i][field] = "NA"
    write_csv("missing-raw.csv", names, export_rows(cols, names, recs))
    write_csv("missing-crf.csv", list(demo[0].keys()), crf)

    # 5. A project with checkbox fields, a missing-code checkbox column and
    #    comma decimals.
    changed = []
    for r in dict_rows:
        r = dict(r)
        if r["Variable / Field Name"] == "stop_reason":
            r["Field Type"] = "checkbox"
            r["Choices, Calculations, OR Slider Labels"] += " | UNK, Unknown"
        elif r["Variable / Field Name"] == "chr7_abnormality":
            r["Field Type"] = "checkbox"
            r["Choices, Calculations, OR Slider Labels"] = "1, -7 or del(7q) present"
        elif re.fullmatch(r"hb_w\d+", r["Variable / Field Name"]):
            r["Text Validation Type OR Show Slider Number"] = "number_comma_decimal"
        changed.append(r)
    # The UNK choice stands for REDCap's missing-code column: the export
    # writes it as stop_reason___unk; the dictionary itself keeps REDCap's
    # own choices only.
    dict_out = []
    for r in changed:
        r = dict(r)
        if r["Variable / Field Name"] == "stop_reason":
            r["Choices, Calculations, OR Slider Labels"] = r[
                "Choices, Calculations, OR Slider Labels"].replace(" | UNK, Unknown", "")
        dict_out.append(r)
    write_csv("checkbox-dictionary.csv", list(dict_rows[0].keys()), dict_out)
    cfields = dictionary(changed)
    cols_c, names_c = header(cfields)
    recs = []
    crf = [dict(p) for p in demo]
    for i, p in enumerate(demo):
        rec = {"_form": "patients"}
        for f in cfields:
            if f.form != "patients":
                continue
            v = p.get(f.name, "")
            if f.name == "stop_reason":
                rec[f.name] = [f.code(v)] if v else []
            elif f.name == "chr7_abnormality":
                # A tick box says only "present": unticked is not recorded.
                rec[f.name] = ["1"] if v == "Y" else []
                crf[i][f.name] = "Y" if v == "Y" else ""
            else:
                rec[f.name] = f.code(v)
        recs.append(rec)
    # One patient who stopped has the reason ticked as missing (UNK).
    stopped = next(i for i, p in enumerate(demo) if p["stop_reason"])
    recs[stopped]["stop_reason"] = ["UNK"]
    crf[stopped]["stop_reason"] = "NA"
    write_csv("checkbox-raw.csv", names_c, export_rows(cols_c, names_c, recs))
    cols_cl, names_cl = header(cfields, labels=True)
    write_csv("checkbox-labels-web.csv", names_cl,
              export_rows(cols_cl, names_cl, recs, "labels"))
    write_csv("checkbox-crf.csv", list(demo[0].keys()), crf)


if __name__ == "__main__":
    main()
