"""zxing-cpp (native, its Python bindings) on the frames of `examples/dump`:
    python3 bench/zxing_cpp.py OUTDIR        -> OUTDIR/zxing-cpp.jsonl
The seven formats only (EAN-13, EAN-8, UPC-A, UPC-E, ITF-14, Code 128, QR Code); every other
option at zxing-cpp's defaults (tryHarder, tryRotate, tryInvert, tryDownscale on; LocalAverage
binarizer; every symbol in the frame). ITF=ITF env var reads any ITF instead of ITF-14 only."""
import json, os, sys, time
import numpy as np
import zxingcpp as z

out = sys.argv[1]
F = z.BarcodeFormat
itf = F.ITF if os.environ.get("ITF") == "ITF" else F.ITF14
formats = (F.EAN13, F.EAN8, F.UPCA, F.UPCE, itf, F.Code128, F.QRCode)
# zxing-cpp's format names -> ours
NAMES = {"EAN-13": "ean13", "EAN-8": "ean8", "UPC-A": "upca", "UPC-E": "upce", "ITF": "itf14",
         "ITF-14": "itf14", "Code 128": "code128", "QR Code": "qr"}
meta = [json.loads(l) for l in open(os.path.join(out, "frames.jsonl"))]
raw = np.memmap(os.path.join(out, "frames.raw"), dtype=np.uint8, mode="r")
off = 0
# warm-up (first call loads tables)
w, h = meta[0]["w"], meta[0]["h"]
z.read_barcodes(np.ascontiguousarray(raw[: w * h].reshape(h, w)), formats=formats)
with open(os.path.join(out, "zxing-cpp.jsonl"), "w") as f:
    for m in meta:
        w, h = m["w"], m["h"]
        img = np.ascontiguousarray(raw[off: off + w * h].reshape(h, w))
        off += w * h
        t0 = time.perf_counter()
        res = z.read_barcodes(img, formats=formats)
        ms = (time.perf_counter() - t0) * 1e3
        reads = [[NAMES.get(str(r.format), "other:" + str(r.format)), r.text] for r in res]
        f.write(json.dumps({"i": m["i"], "ms": round(ms, 4), "reads": reads}) + "\n")
print(f"zxing-cpp {z.__version__ if hasattr(z, '__version__') else ''}: {len(meta)} frames", file=sys.stderr)
