//! A fake camera for Chromium: a video of a barcode held in front of it.

use std::path::Path;

/// An EAN-13 as modules (true = bar), quiet zones included.
fn ean13_modules(code: &str) -> Vec<bool> {
    const L: [&str; 10] =
        ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"];
    const G: [&str; 10] =
        ["0100111", "0110011", "0011011", "0100001", "0011101", "0111001", "0000101", "0010001", "0001001", "0010111"];
    const R: [&str; 10] =
        ["1110010", "1100110", "1101100", "1000010", "1011100", "1001110", "1010000", "1000100", "1001000", "1110100"];
    const PARITY: [&str; 10] =
        ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"];
    let d: Vec<usize> = code.bytes().map(|b| usize::from(b - b'0')).collect();
    assert_eq!(d.len(), 13);
    let mut bits = String::from("00000000000101");
    for (i, p) in PARITY[d[0]].chars().enumerate() {
        bits.push_str(if p == 'L' { L[d[i + 1]] } else { G[d[i + 1]] });
    }
    bits.push_str("01010");
    for x in &d[7..] {
        bits.push_str(R[*x]);
    }
    bits.push_str("10100000000000");
    bits.chars().map(|c| c == '1').collect()
}

/// A Y4M video (what Chromium's fake camera plays, in a loop) of a barcode held in front of the
/// camera: a light, slightly noisy background, the code in the middle, a little camera shake.
pub fn barcode_video(code: &str, path: &Path) {
    let (w, h, module) = (640usize, 480usize, 4usize);
    let modules = ean13_modules(code);
    let width = modules.len() * module;
    let mut out = format!("YUV4MPEG2 W{w} H{h} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for frame in 0..20usize {
        out.extend_from_slice(b"FRAME\n");
        let shift = [0usize, 2, 4, 2][frame % 4];
        let x0 = (w - width) / 2 + shift;
        for y in 0..h {
            for x in 0..w {
                let noise = ((x * 7 + y * 13 + frame * 31) % 17) as u8;
                let in_code = (140..340).contains(&y) && x >= x0 && x < x0 + width && modules[(x - x0) / module];
                out.push(if in_code { 30 + noise } else { 205 + noise });
            }
        }
        out.extend(std::iter::repeat_n(128u8, w * h / 2));
    }
    std::fs::write(path, out).unwrap();
}

/// The extra arguments of `start_browser_with` for a camera that plays `video`, allowed without
/// asking.
pub fn fake_camera(video: &Path) -> [String; 3] {
    [
        "--use-fake-device-for-media-stream".to_owned(),
        "--use-fake-ui-for-media-stream".to_owned(),
        format!("--use-file-for-fake-video-capture={}", video.display()),
    ]
}
