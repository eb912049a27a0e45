// Runs build-worker.sh's output (scanner-worker.js and the wasm it picks) in node as a classic
// worker would (importScripts, fetch, onmessage / postMessage shimmed) on bench/frames.bin, and
// checks that every frame's truth is read. NOSIMD=1 makes WebAssembly.validate fail on SIMD, as
// an old browser's would, so the worker takes restock_scanner_bg.wasm.
//   node bench/worker-node.js OUTDIR bench/frames.bin
const fs = require('fs'); const path = require('path'); const vm = require('vm');
const dir = path.resolve(process.argv[2]);
const buf = fs.readFileSync(process.argv[3] || 'bench/frames.bin');
const loaded = [];
if (process.env.NOSIMD) {
  const validate = WebAssembly.validate;
  WebAssembly.validate = (bytes) => !Buffer.from(bytes).includes(Buffer.from([253, 15, 253, 98])) && validate(bytes);
}
globalThis.importScripts = (f) => { loaded.push(f); vm.runInThisContext(fs.readFileSync(path.join(dir, f), 'utf8'), { filename: f }); };
globalThis.fetch = async (f) => { loaded.push(String(f)); return new Response(fs.readFileSync(path.join(dir, String(f))), { headers: { 'Content-Type': 'application/wasm' } }); };
const replies = [];
globalThis.postMessage = (m) => replies.push(m);
vm.runInThisContext(fs.readFileSync(path.join(dir, 'scanner-worker.js'), 'utf8'), { filename: 'scanner-worker.js' });
(async () => {
  let off = 8; const count = buf.readUInt32LE(4); let ok = 0, truths = 0, extra = 0;
  for (let i = 0; i < count; i++) {
    off += 1; const w = buf.readUInt32LE(off); off += 4; const h = buf.readUInt32LE(off); off += 4;
    const tl = buf.readUInt16LE(off); off += 2; const truth = buf.toString('utf8', off, off + tl); off += tl;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let p = 0; p < w * h; p++) { rgba[4 * p] = rgba[4 * p + 1] = rgba[4 * p + 2] = buf[off + p]; rgba[4 * p + 3] = 255; }
    off += w * h;
    await globalThis.onmessage({ data: { rgba, width: w, height: h } });
    const reads = replies.pop();
    if (!Array.isArray(reads)) throw new Error(JSON.stringify(reads));
    if (truth) { truths++; ok += reads.some((r) => r.text === truth); }
    extra += reads.filter((r) => r.text !== truth).length;
  }
  console.log(`loaded ${loaded.join(', ')}; read ${ok}/${truths} truths, ${extra} other reads, ${count} frames`);
  process.exit(ok === truths && extra === 0 ? 0 : 1);
})();
