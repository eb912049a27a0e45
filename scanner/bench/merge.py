"""Merges the reads of examples/dump (ours, rxing), bench/zxing_cpp.py and bench/zxing_wasm.mjs
into recall / wrong-read tables (markdown) and per-frame times:
    python3 bench/merge.py OUTDIR
A read is right when it is the same code as the truth: EAN-13 and UPC-A compare as 13 digits
(a UPC-A read as an EAN-13 with a leading 0, or the other way round, is the same code), a UPC-E
as its expansion (zxing-cpp gives the 13-digit expansion, ours and rxing the 8 digits); every
other symbology (ITF-14, Code 128, QR) by symbology and text. A frame counts as a wrong read when any of its reads is not
the truth (on frames with no code: any read); ITF reads not 14 digits long are dropped first
(counted apart)."""
import json, os, sys
from collections import defaultdict

out = sys.argv[1]
DEC = [("ours", "ours.jsonl"), ("rxing", "rxing.jsonl"), ("zxing-cpp", "zxing-cpp.jsonl"), ("zxing-wasm", "zxing-wasm.jsonl")]
meta = [json.loads(l) for l in open(os.path.join(out, "frames.jsonl"))]
res = {}
for name, fn in DEC:
    p = os.path.join(out, fn)
    if os.path.exists(p):
        res[name] = {r["i"]: r for r in map(json.loads, open(p))}
names = [n for n, _ in DEC if n in res]
# ITF reads that are not 14 digits are not ITF-14s: dropped here for every decoder, as an app
# that wants ITF-14 drops them (zxing-cpp's ITF14 format and rxing's ITF reader return 4–12 digit
# ITFs too); counted apart ("short ITF") so that the raw wrong reads can be given as well.
short_itf = {d: 0 for d in names}
for d in names:
    for r in res[d].values():
        keep = [x for x in r["reads"] if not (x[0] == "itf14" and len(x[1]) != 14)]
        short_itf[d] += len(keep) != len(r["reads"])
        r["reads"] = keep


def upce_expand(t):
    """An 8-digit UPC-E to its 12-digit UPC-A (the same code)."""
    ns, d, c = t[0], t[1:7], t[7]
    if d[5] in "012":
        a = d[0:2] + d[5] + "0000" + d[2:5]
    elif d[5] == "3":
        a = d[0:3] + "00000" + d[3:5]
    elif d[5] == "4":
        a = d[0:4] + "00000" + d[4]
    else:
        a = d[0:5] + "0000" + d[5]
    return ns + a + c


def key(sym, text):
    if sym in ("ean13", "upca") and text.isdigit():
        return ("gtin13", text.rjust(13, "0"))
    if sym == "upce" and text.isdigit():
        # zxing-cpp's HRI text of a UPC-E is its expansion (13 digits); ours and rxing's the 8
        return ("upce", (upce_expand(text) if len(text) == 8 else text).rjust(13, "0"))
    return (sym, text)


def pct(k, n):
    return f"{100.0 * k / n:.1f}%" if n else "-"


cell = defaultdict(lambda: {"n": 0, **{d: [0, 0] for d in names}})  # (sym, class) -> right, wrong
pooled = defaultdict(lambda: {"n": 0, **{d: [0, 0] for d in names}})
empty = defaultdict(lambda: {"n": 0, **{d: [0, 0] for d in names}})
times = {d: {"pos": [], "neg": []} for d in names}
examples = defaultdict(list)
for m in meta:
    neg = m["truth"] is None
    for d in names:
        r = res[d][m["i"]]
        times[d]["neg" if neg else "pos"].append(r["ms"])
    if neg:
        c = empty[m["class"]]
        c["n"] += 1
        for d in names:
            if res[d][m["i"]]["reads"]:
                c[d][1] += 1
                examples[d].append(f"{m['class']} #{m['n']}: {res[d][m['i']]['reads']}")
        continue
    t = key(m["sym"], m["truth"])
    for c in (cell[(m["sym"], m["class"])], pooled[m["class"]], pooled["all positives"]):
        c["n"] += 1
        for d in names:
            ks = [key(s, x) for s, x in res[d][m["i"]]["reads"]]
            c[d][0] += t in ks
            c[d][1] += any(k != t for k in ks)
    for d in names:
        bad = [rd for rd in res[d][m["i"]]["reads"] if key(*rd) != t]
        if bad:
            examples[d].append(f"{m['sym']} {m['class']} #{m['n']}: {bad} (truth {m['truth']})")

hdr = "| " + " | ".join(names) + " |"
print("### Recall pooled per class (wrong-read frames in brackets)\n")
print("| class | frames " + hdr.replace("| ", "| ", 1))
print("|---|---|" + "---|" * len(names))
order = list(dict.fromkeys(m["class"] for m in meta if m["truth"] is not None)) + ["all positives"]
for cl in order:
    c = pooled[cl]
    row = [f"{pct(c[d][0], c['n'])} ({c[d][1]})" for d in names]
    b = "**" if cl == "all positives" else ""
    print(f"| {b}{cl}{b} | {c['n']} | " + " | ".join(row) + " |")
print("\n### Frames with no code: frames with a read\n")
print("| kind | frames " + hdr.replace("| ", "| ", 1))
print("|---|---|" + "---|" * len(names))
for k, c in empty.items():
    print(f"| {k} | {c['n']} | " + " | ".join(str(c[d][1]) for d in names) + " |")
print("\n### Recall per symbology × class (wrong-read frames in brackets)\n")
print("| symbology | class | n " + hdr.replace("| ", "| ", 1))
print("|---|---|---|" + "---|" * len(names))
below = []
for (s, cl), c in cell.items():
    print(f"| {s} | {cl} | {c['n']} | " + " | ".join(f"{pct(c[d][0], c['n'])} ({c[d][1]})" for d in names) + " |")
    for d in ("zxing-cpp", "zxing-wasm"):
        if d in names and c["ours"][0] < c[d][0]:
            below.append(f"{s} {cl} (ours {c['ours'][0]}, {d} {c[d][0]} of {c['n']})")
print("\ncells where ours reads fewer than zxing: " + (", ".join(below) if below else "none"))
pb = [f"{cl} ({d})" for cl in order for d in ("zxing-cpp", "zxing-wasm") if d in names and pooled[cl]["ours"][0] < pooled[cl][d][0]]
print("pooled classes where ours reads fewer than zxing: " + (", ".join(pb) if pb else "none"))


def st(v):
    v = sorted(v)
    return (v[len(v) // 2], v[min(len(v) - 1, len(v) * 95 // 100)], sum(v) / len(v)) if v else (0, 0, 0)


print("\n### Time per frame (ms, this machine, one process each, one after the other)\n")
print("| decoder | positives median | p95 | mean | no code median | p95 | mean |")
print("|---|---|---|---|---|---|---|")
for d in names:
    a, b = st(times[d]["pos"]), st(times[d]["neg"])
    print(f"| {d} | {a[0]:.3f} | {a[1]:.3f} | {a[2]:.3f} | {b[0]:.3f} | {b[1]:.3f} | {b[2]:.3f} |")
print()
for d in names:
    tot_pos = pooled["all positives"][d][1]
    tot_neg = sum(c[d][1] for c in empty.values())
    print(f"{d}: wrong-read frames {tot_pos} on positives, {tot_neg} on frames with no code"
          f" (frames with an ITF read not 14 digits long, dropped above: {short_itf[d]})")
if os.environ.get("EXAMPLES"):
    for d in names:
        for e in examples[d][: int(os.environ["EXAMPLES"])]:
            print(f"  {d} wrong: {e}")
