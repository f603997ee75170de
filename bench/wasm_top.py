"""What takes space in a wasm module, by function and data segment: a small
stand-in for `twiggy top` (same idea: code size per function from the code
section, names from the name section; plus each data segment), grouped by
crate so the decision is made on figures.

    python3 bench/wasm_top.py target/wasm32-unknown-unknown/wasm/lenalyze.wasm [N]

Use the wasm from cargo (before wasm-bindgen and wasm-opt strip the names);
sizes there are before wasm-opt, so compare shares, not bytes, with the
shipped build.
"""

import re
import sys
import zlib
from collections import defaultdict


def leb(data, i):
    result = shift = 0
    while True:
        b = data[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, i


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, i = leb(data, i + 1)
        yield sid, data[i:i + size]
        i += size


def demangle_crate(name):
    """The crate (or the std library) a Rust symbol belongs to: legacy
    (`_ZN8lenalyze...`), v0 (`_RNv...Cs<hash>_4core...`) and impl symbols
    (`_<Vec<T> as Trait>`: the crate of the type)."""
    m = re.match(r"_ZN(\d+)", name)
    if m:
        n = int(m.group(1))
        crate = name[len(m.group(0)):len(m.group(0)) + n]
        if not crate.startswith("_$LT$"):
            return crate
        name = crate
    m = re.search(r"C[sS]?[A-Za-z0-9]*_(\d+)([A-Za-z_][A-Za-z0-9_]*)", name) if name.startswith("_R") else None
    if m:
        return m.group(2)[: int(m.group(1))]
    m = re.match(r"_?\$LT\$(?:\$RF\$|\$u20\$|mut\$u20\$)*([A-Za-z_][A-Za-z0-9_]*)\.\.", name.lstrip("_"))
    if m:
        return m.group(1)
    m = re.match(r"_?<?&?([A-Za-z_][A-Za-z0-9_]*)::", name)
    if m:
        return m.group(1)
    return name[:40]


def main():
    path = sys.argv[1]
    top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    data = open(path, "rb").read()
    imported_funcs = 0
    bodies = []
    names = {}
    data_segments = []
    for sid, body in sections(data):
        if sid == 2:  # imports
            count, i = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, i = leb(body, i)
                    i += n
                kind = body[i]
                i += 1
                if kind == 0:
                    imported_funcs += 1
                    _, i = leb(body, i)
                elif kind == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif kind == 3:
                    i += 2
        elif sid == 10:  # code
            count, i = leb(body, 0)
            for _ in range(count):
                size, j = leb(body, i)
                bodies.append(j - i + size)
                i = j + size
        elif sid == 11:  # data
            count, i = leb(body, 0)
            for _ in range(count):
                flag, i = leb(body, i)
                if flag == 0:
                    while body[i] != 0x0B:
                        i += 1
                    i += 1
                elif flag == 2:
                    _, i = leb(body, i)
                    while body[i] != 0x0B:
                        i += 1
                    i += 1
                size, i = leb(body, i)
                data_segments.append(body[i:i + size])
                i += size
        elif sid == 0:
            n, i = leb(body, 0)
            if body[i:i + n] == b"name":
                i += n
                while i < len(body):
                    sub = body[i]
                    size, i = leb(body, i + 1)
                    if sub == 1:
                        count, j = leb(body, i)
                        for _ in range(count):
                            idx, j = leb(body, j)
                            ln, j = leb(body, j)
                            names[idx] = body[j:j + ln].decode("utf-8", "replace")
                            j += ln
                    i += size
    total = len(data)
    code = sum(bodies)
    data_total = sum(len(d) for d in data_segments)
    print(f"{path}: {total} bytes; code {code} ({100 * code / total:.1f} %), "
          f"data {data_total} ({100 * data_total / total:.1f} %), {len(bodies)} functions")
    funcs = [(size, names.get(imported_funcs + k, f"func[{imported_funcs + k}]")) for k, size in enumerate(bodies)]
    by_crate = defaultdict(int)
    for size, name in funcs:
        by_crate[demangle_crate(name)] += size
    print(f"\nCode by crate (top {top_n}):")
    for crate, size in sorted(by_crate.items(), key=lambda kv: -kv[1])[:top_n]:
        print(f"  {size:9d} {100 * size / total:5.1f} %  {crate}")
    print(f"\nLargest functions (top {top_n}):")
    for size, name in sorted(funcs, reverse=True)[:top_n]:
        print(f"  {size:9d} {100 * size / total:5.1f} %  {name[:110]}")
    print("\nData segments (what they hold, by a look at their bytes):")
    for seg in sorted(data_segments, key=len, reverse=True)[:8]:
        text = seg[:2000].decode("utf-8", "replace")
        printable = sum(c.isprintable() for c in text) / max(len(text), 1)
        hangul = sum("\uac00" <= c <= "\ud7a3" for c in text)
        print(f"  {len(seg):9d} bytes, gzip {len(zlib.compress(seg, 9)):8d}; printable {printable:.0%},"
              f" Hangul chars in first 2 KB {hangul}: {text[:70]!r}")


if __name__ == "__main__":
    main()
