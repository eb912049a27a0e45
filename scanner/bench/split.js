// Where the time goes: median ms per 640×480 frame of decode_frame (RGBA) and decode_luma with
// formats 63 (the six 1D), 64 (QR alone) and 127 (all), per set of bench/frames.bin.
//   node bench/split.js bench/pkg bench/frames.bin     (a build with feature bench: decode_luma)
const fs = require('fs'); const path = require('path');
const pkg = require(path.resolve(process.argv[2]) + '/restock_scanner.js');
const buf = fs.readFileSync(process.argv[3]);
let off = 8; const count = buf.readUInt32LE(4); const sets = { 0: [], 1: [], 2: [] };
for (let i = 0; i < count; i++) {
  const set = buf[off]; off += 1; const w = buf.readUInt32LE(off); off += 4; const h = buf.readUInt32LE(off); off += 4;
  const tl = buf.readUInt16LE(off); off += 2 + tl; const luma = Uint8Array.from(new Uint8Array(buf.buffer, buf.byteOffset + off, w * h)); off += w * h;
  const rgba = new Uint8Array(w * h * 4); for (let p = 0; p < w * h; p++) { rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = luma[p]; rgba[4 * p + 3] = 255; }
  sets[set].push({ w, h, luma, rgba });
}
const med = (ts) => { ts.sort((a, b) => a - b); return ts[Math.floor(ts.length / 2)]; };
for (const f of sets[0].slice(0, 5)) for (const fm of [63, 64, 127]) { pkg.decode_frame(f.rgba, f.w, f.h, fm); pkg.decode_luma(f.luma, f.w, f.h, fm); }
const names = { 0: 'EAN-13', 1: 'no code', 2: 'QR' };
const out = [];
for (const set of [0, 1, 2]) {
  const row = [names[set]];
  for (const [kind, fm] of [['rgba', 63], ['rgba', 64], ['rgba', 127], ['luma', 63], ['luma', 64], ['luma', 127]]) {
    const ts = [];
    for (let r = 0; r < 3; r++) for (const f of sets[set]) { const t0 = performance.now(); kind === 'rgba' ? pkg.decode_frame(f.rgba, f.w, f.h, fm) : pkg.decode_luma(f.luma, f.w, f.h, fm); ts.push(performance.now() - t0); }
    row.push(med(ts).toFixed(3));
  }
  out.push('| ' + row.join(' | ') + ' |');
}
console.log('| frames | RGBA 1D | RGBA QR | RGBA all | luma 1D | luma QR | luma all |');
console.log('|---|---|---|---|---|---|---|');
console.log(out.join('\n'));
