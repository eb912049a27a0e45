// Two builds timed alternately in one node process (frame by frame, which one first alternating),
// so that the other core's load falls on both alike: median and p95 ms per 640×480 frame of decode_frame
// (RGBA, all 7 symbologies unless FORMATS=…) per set of bench/frames.bin, and whether the reads
// of the two builds are the same frame by frame.
//   node bench/ab.js PKG_A PKG_B bench/frames.bin       (ROUNDS=5, FORMATS=127, FN=decode_frame,
//                                                        FN_B=FN: B's function)
const fs = require('fs'); const path = require('path');
const pkgs = [process.argv[2], process.argv[3]].map((p) => require(path.resolve(p) + '/restock_scanner.js'));
const buf = fs.readFileSync(process.argv[4] || 'bench/frames.bin');
const ROUNDS = +(process.env.ROUNDS || 5); const FORMATS = +(process.env.FORMATS || 127);
const FN = process.env.FN || 'decode_frame';
const FNS = [FN, process.env.FN_B || FN]; // FN_B: another function of B (e.g. the same build twice)
let off = 8; const count = buf.readUInt32LE(4); const sets = {};
for (let i = 0; i < count; i++) {
  const set = buf[off]; off += 1; const w = buf.readUInt32LE(off); off += 4; const h = buf.readUInt32LE(off); off += 4;
  const tl = buf.readUInt16LE(off); off += 2 + tl; const luma = Uint8Array.from(new Uint8Array(buf.buffer, buf.byteOffset + off, w * h)); off += w * h;
  const rgba = new Uint8Array(w * h * 4); for (let p = 0; p < w * h; p++) { rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = luma[p]; rgba[4 * p + 3] = 255; }
  (sets[set] ??= []).push({ w, h, luma, rgba });
}
const call = (pkg, f, k) => (FNS[k] === 'decode_luma' ? pkg.decode_luma(f.luma, f.w, f.h, FORMATS) : pkg[FNS[k]](f.rgba, f.w, f.h, FORMATS));
pkgs.forEach((pkg, k) => { for (const f of sets[0].slice(0, 5).concat(sets[1].slice(0, 5), sets[2].slice(0, 5))) call(pkg, f, k); });
const stats = (ts) => { ts.sort((a, b) => a - b); return [ts[Math.floor(ts.length / 2)], ts[Math.min(ts.length - 1, Math.floor(ts.length * 0.95))]]; };
const names = { 0: 'EAN-13', 1: 'no code', 2: 'QR', 3: '1px (1D)', 4: 'heavy blur (1D)' };
console.log(`node ${process.version}, ${ROUNDS} rounds, formats ${FORMATS}; A = ${FNS[0]} of ${process.argv[2]}, B = ${FNS[1]} of ${process.argv[3]}`);
console.log('| frames | A median | B median | A p95 | B p95 | same reads |');
console.log('|---|---|---|---|---|---|');
for (const set of Object.keys(sets).map(Number)) {
  const ts = [[], []]; let same = true;
  for (let r = 0; r < ROUNDS; r++) {
    sets[set].forEach((f, i) => {
      for (const k of (r + i) % 2 ? [1, 0] : [0, 1]) {
        const t0 = performance.now(); const out = call(pkgs[k], f, k); ts[k].push(performance.now() - t0); if (r === 0) (f.out ??= [])[k] = out;
      }
    });
  }
  for (const f of sets[set]) same &&= f.out[0] === f.out[1];
  const [a, b] = ts.map(stats);
  console.log(`| ${names[set]} (${sets[set].length}) | ${a[0].toFixed(3)} | ${b[0].toFixed(3)} | ${a[1].toFixed(3)} | ${b[1].toFixed(3)} | ${same ? 'yes' : 'NO'} |`);
}
