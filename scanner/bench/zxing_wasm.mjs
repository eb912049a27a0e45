// zxing-wasm (zxing-cpp compiled to wasm, npm) on the frames of `examples/dump`:
//   node bench/zxing_wasm.mjs OUTDIR        -> OUTDIR/zxing-wasm.jsonl
// The frames go in as RGBA ImageData (grey in R, G, B), as a canvas gives them and as our worker's
// decode_frame gets them; the seven formats, every other option at zxing-wasm's defaults
// (tryHarder, tryRotate, tryInvert, tryDownscale on). The .wasm is loaded from node_modules.
import { readFileSync, openSync, readSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { prepareZXingModule, readBarcodes, ZXING_WASM_VERSION, ZXING_CPP_COMMIT } from "zxing-wasm/reader";

const require = createRequire(import.meta.url);
const wasmPath = require.resolve("zxing-wasm/reader/zxing_reader.wasm");
prepareZXingModule({ overrides: { wasmBinary: readFileSync(wasmPath).buffer } });

const out = process.argv[2];
const itf = process.env.ITF === "ITF" ? "ITF" : "ITF14";
const opts = { formats: ["EAN13", "EAN8", "UPCA", "UPCE", itf, "Code128", "QRCode"] };
const NAMES = { "EAN-13": "ean13", "EAN-8": "ean8", "UPC-A": "upca", "UPC-E": "upce", ITF: "itf14", "ITF-14": "itf14",
  "Code 128": "code128", "QR Code": "qr", EAN13: "ean13", EAN8: "ean8", UPCA: "upca", UPCE: "upce", ITF14: "itf14",
  Code128: "code128", QRCode: "qr" };
const meta = readFileSync(path.join(out, "frames.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
const fd = openSync(path.join(out, "frames.raw"), "r");
let pos = 0;
const lines = [];
function frame(m) {
  const n = m.w * m.h;
  const luma = Buffer.alloc(n);
  readSync(fd, luma, 0, n, pos);
  pos += n;
  const data = new Uint8ClampedArray(4 * n);
  for (let p = 0; p < n; p++) { data[4 * p] = data[4 * p + 1] = data[4 * p + 2] = luma[p]; data[4 * p + 3] = 255; }
  return { data, width: m.w, height: m.h, colorSpace: "srgb" };
}
// warm-up: instantiate the module
await readBarcodes(frame(meta[0]), opts);
pos = 0;
for (const m of meta) {
  const img = frame(m);
  const t0 = performance.now();
  const res = await readBarcodes(img, opts);
  const ms = performance.now() - t0;
  const reads = res.filter((r) => r.isValid).map((r) => [NAMES[r.format] ?? "other:" + r.format, r.text]);
  lines.push(JSON.stringify({ i: m.i, ms: +ms.toFixed(4), reads }));
}
writeFileSync(path.join(out, "zxing-wasm.jsonl"), lines.join("\n") + "\n");
console.error(`zxing-wasm ${ZXING_WASM_VERSION} (zxing-cpp ${ZXING_CPP_COMMIT}): ${meta.length} frames`);
