"""The native peers of scripts/bench.sh: pandas and DuckDB (one thread) on
the same synthetic CRF file, each computing what the issue compares: the
toxicity table by worst grade (patients per grade 1-5 and grade >= 3, per
`ae_` term) and the RBC-TI rate (RBC-TI / responses other than NE).

Both do much less than Lenalyze's whole plan (no eligibility, no typed
columns beyond what the reader infers, no diagnostics): the comparison
favours them. Prints one JSON line: tool, seconds inside Python, the rate
and the table's size, so the script can check that the peers agree.

    python peers.py pandas|duckdb FILE
"""

import json
import sys
import time

GRADES = (1, 2, 3, 4, 5)


def with_pandas(path):
    import pandas as pd

    start = time.perf_counter()
    df = pd.read_csv(path, low_memory=False)
    ae = df.filter(regex="^ae_")
    table = {}
    for term in ae.columns:
        grades = pd.to_numeric(ae[term], errors="coerce")
        counts = grades.value_counts()
        row = [int(counts.get(g, 0)) for g in GRADES]
        table[term[3:]] = row + [int((grades >= 3).sum())]
    response = df["response"].astype(str).str.strip()
    evaluable = response[response.str.upper() != "NE"]
    rate = float((evaluable == "RBC-TI").sum()) / max(len(evaluable), 1)
    return time.perf_counter() - start, rate, table


def with_duckdb(path):
    import duckdb

    start = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("CREATE TABLE crf AS SELECT * FROM read_csv(?, header = true, sample_size = -1)", [path])
    rows = con.execute(
        """
        WITH ae AS (
          UNPIVOT (SELECT COLUMNS('^ae_') FROM crf) ON COLUMNS(*) INTO NAME term VALUE grade
        )
        SELECT term,
               count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 1),
               count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 2),
               count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 3),
               count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 4),
               count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) = 5),
               count(*) FILTER (WHERE TRY_CAST(grade AS DOUBLE) >= 3)
        FROM ae GROUP BY term ORDER BY term
        """
    ).fetchall()
    table = {r[0][3:]: list(r[1:]) for r in rows}
    (rate,) = con.execute(
        """
        SELECT count(*) FILTER (WHERE trim(response) = 'RBC-TI')::DOUBLE
               / greatest(count(*) FILTER (WHERE upper(trim(response)) <> 'NE'), 1)
        FROM crf
        """
    ).fetchone()
    return time.perf_counter() - start, rate, table


def main():
    tool, path = sys.argv[1], sys.argv[2]
    seconds, rate, table = {"pandas": with_pandas, "duckdb": with_duckdb}[tool](path)
    grade3 = sum(row[-1] for row in table.values())
    print(json.dumps({"tool": tool, "seconds": round(seconds, 4), "rbc_ti_rate": round(rate, 6),
                      "terms": len(table), "grade3_or_more": grade3}))


if __name__ == "__main__":
    main()
