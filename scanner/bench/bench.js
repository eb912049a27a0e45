// Times decode of 640×480 corpus frames in WebAssembly (node), ours beside plain rxing.
//   node bench/bench.js bench/pkg bench/frames.bin
const fs = require('fs');
const path = require('path');
const pkg = require(path.resolve(process.argv[2] || 'bench/pkg') + '/restock_scanner.js');
const buf = fs.readFileSync(process.argv[3] || 'bench/frames.bin');
const ROUNDS = +(process.env.ROUNDS || 3);

let off = 4;
const count = buf.readUInt32LE(off); off += 4;
const sets = { 0: [], 1: [], 2: [] };
for (let i = 0; i < count; i++) {
  const set = buf[off]; off += 1;
  const w = buf.readUInt32LE(off); off += 4;
  const h = buf.readUInt32LE(off); off += 4;
  const tl = buf.readUInt16LE(off); off += 2;
  const truth = buf.toString('utf8', off, off + tl); off += tl;
  const luma = new Uint8Array(buf.buffer, buf.byteOffset + off, w * h); off += w * h;
  const rgba = new Uint8Array(w * h * 4);
  for (let p = 0; p < w * h; p++) { rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = luma[p]; rgba[4 * p + 3] = 255; }
  sets[set].push({ w, h, truth, luma: Uint8Array.from(luma), rgba });
}

function stats(ts) {
  ts.sort((a, b) => a - b);
  return { median: ts[Math.floor(ts.length / 2)], p95: ts[Math.min(ts.length - 1, Math.floor(ts.length * 0.95))] };
}

function run(name, frames, fn) {
  for (const f of frames.slice(0, 3)) fn(f); // warm-up
  const ts = [];
  let hits = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const f of frames) {
      const t0 = performance.now();
      const out = fn(f);
      ts.push(performance.now() - t0);
      if (r === 0 && f.truth && out.includes(f.truth)) hits++;
    }
  }
  const s = stats(ts);
  return { name, median: s.median, p95: s.p95, read: frames[0].truth ? `${hits}/${frames.length}` : `-` };
}

const EAN13 = 1, ONE_D = 0x3f, ALL = 0x7f;
const configs = [
  ['(a) ours, EAN-13 only (luma)', (f) => pkg.decode_luma(f.luma, f.w, f.h, EAN13)],
  ['(a) ours, EAN-13 only (RGBA, decode_frame)', (f) => pkg.decode_frame(f.rgba, f.w, f.h, EAN13)],
  ['(b) ours, all 7 symbologies', (f) => pkg.decode_luma(f.luma, f.w, f.h, ALL)],
  ['(b) ours, all 7 symbologies (RGBA, decode_frame)', (f) => pkg.decode_frame(f.rgba, f.w, f.h, ALL)],
  ['(b) ours, 1D only', (f) => pkg.decode_luma(f.luma, f.w, f.h, ONE_D)],
  ['(c) rxing 1D (6 formats), TryHarder on', (f) => pkg.rxing_decode_luma(f.luma, f.w, f.h, ONE_D, true)],
  ['(c) rxing 1D (6 formats), TryHarder off', (f) => pkg.rxing_decode_luma(f.luma, f.w, f.h, ONE_D, false)],
  ['(d) rxing every format, TryHarder on', (f) => pkg.rxing_decode_luma(f.luma, f.w, f.h, 0, true)],
  ['(d) rxing every format, TryHarder off', (f) => pkg.rxing_decode_luma(f.luma, f.w, f.h, 0, false)],
];
const setNames = { 0: 'EAN-13 frame', 1: 'no code', 2: 'QR frame' };
console.log(`node ${process.version}, ${ROUNDS} rounds, ms per 640×480 frame`);
console.log('| decoder | frames | median ms | p95 ms | read |');
console.log('|---|---|---|---|---|');
// ONLY=ours (or any substring) keeps the configurations whose name contains it.
const only = process.env.ONLY;
for (const [name, fn] of configs.filter(([n]) => !only || n.includes(only))) {
  for (const set of [0, 1, 2]) {
    if (set === 2 && !/all|every/.test(name)) continue;
    const r = run(name, sets[set], fn);
    console.log(`| ${name} | ${setNames[set]} (${sets[set].length}) | ${r.median.toFixed(3)} | ${r.p95.toFixed(3)} | ${r.read} |`);
  }
}
