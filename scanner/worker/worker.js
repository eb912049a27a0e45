// restock-scanner web worker (classic worker, wasm-bindgen --target no-modules).
// Message in:  { rgba: Uint8ClampedArray | Uint8Array | ArrayBuffer, width, height, formats? }
//   formats: bitset, 1 ean13, 2 ean8, 4 upca, 8 upce, 16 itf14, 32 code128, 64 qr (default 127 = all)
// Message out: [{ symbology: "ean13" | "ean8" | "upca" | "upce" | "itf14" | "code128" | "qr", text }]
//   (an empty array when nothing was read; { error } if the decoder failed to load)
// Reads are per frame: accept a code after two consecutive frames agree (the Rust Confirmer does
// this inside the crate; the app can do the same with the posted arrays).
// The SIMD build where the browser has WebAssembly SIMD (Chrome 91+, Firefox 89+, Safari 16.4+):
// this tiny module (one function using i8x16.splat and i8x16.popcnt) validates only there.
const simd = WebAssembly.validate(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]));
const build = simd ? 'restock_scanner_simd' : 'restock_scanner';
importScripts(build + '.js');

const ready = wasm_bindgen({ module_or_path: build + '_bg.wasm' });

onmessage = async (e) => {
  try {
    await ready;
  } catch (err) {
    postMessage({ error: 'scanner failed to load: ' + err });
    return;
  }
  const { rgba, width, height } = e.data;
  const formats = e.data.formats == null ? 127 : e.data.formats;
  const bytes = rgba instanceof ArrayBuffer
    ? new Uint8Array(rgba)
    : new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.byteLength);
  let reads = [];
  try {
    reads = JSON.parse(wasm_bindgen.decode_frame(bytes, width, height, formats));
  } catch (err) {
    reads = [];
  }
  postMessage(reads);
};
