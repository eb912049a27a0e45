// restock-scanner web worker (classic worker, wasm-bindgen --target no-modules).
// Message in:  { rgba: Uint8ClampedArray | Uint8Array | ArrayBuffer, width, height, formats? }
//   formats: bitset, 1 ean13, 2 ean8, 4 upca, 8 upce, 16 itf14, 32 code128, 64 qr (default 127 = all)
// Message out: [{ symbology: "ean13" | "ean8" | "upca" | "upce" | "itf14" | "code128" | "qr", text }]
//   (an empty array when nothing was read; { error } if the decoder failed to load)
// Reads are per frame: accept a code after two consecutive frames agree (the Rust Confirmer does
// this inside the crate; the app can do the same with the posted arrays).
importScripts('restock_scanner.js');

const ready = wasm_bindgen({ module_or_path: 'restock_scanner_bg.wasm' });

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
