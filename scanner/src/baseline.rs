//! Plain rxing as the baseline: `MultiFormatReader` over a `HybridBinarizer`, exactly as rxing's
//! `helpers::detect_in_luma` does it (which turns TryHarder on), or with TryHarder off.

use crate::{Formats, Symbology};
use rxing::common::HybridBinarizer;
use rxing::{BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source, MultiFormatReader, Reader};
use std::collections::HashSet;

/// rxing's format for one of ours.
pub fn rxing_format(s: Symbology) -> BarcodeFormat {
    match s {
        Symbology::Ean13 => BarcodeFormat::EAN_13,
        Symbology::Ean8 => BarcodeFormat::EAN_8,
        Symbology::UpcA => BarcodeFormat::UPC_A,
        Symbology::UpcE => BarcodeFormat::UPC_E,
        Symbology::Itf14 => BarcodeFormat::ITF,
        Symbology::Code128 => BarcodeFormat::CODE_128,
        Symbology::Qr => BarcodeFormat::QR_CODE,
    }
}

/// Ours for rxing's format (None: a format we do not read, e.g. a PDF417 found in clutter).
pub fn our_symbology(f: &BarcodeFormat) -> Option<Symbology> {
    Some(match f {
        BarcodeFormat::EAN_13 => Symbology::Ean13,
        BarcodeFormat::EAN_8 => Symbology::Ean8,
        BarcodeFormat::UPC_A => Symbology::UpcA,
        BarcodeFormat::UPC_E => Symbology::UpcE,
        BarcodeFormat::ITF => Symbology::Itf14,
        BarcodeFormat::CODE_128 => Symbology::Code128,
        BarcodeFormat::QR_CODE => Symbology::Qr,
        _ => return None,
    })
}

/// One read of plain rxing: `formats` = None means every format rxing knows.
/// Returns (symbology if one of ours, rxing's format name, text).
pub fn decode(
    luma: &[u8],
    width: usize,
    height: usize,
    formats: Option<Formats>,
    try_harder: bool,
) -> Option<(Option<Symbology>, String, String)> {
    let source = Luma8Source::new_with_slice(&luma[..width * height], width as u32, height as u32).ok()?;
    let mut bitmap = BinaryBitmap::new(HybridBinarizer::new(source));
    let mut hints = DecodeHints { TryHarder: Some(try_harder), ..Default::default() };
    if let Some(f) = formats {
        let set: HashSet<BarcodeFormat> =
            Symbology::ALL.iter().filter(|s| f.has(**s)).map(|s| rxing_format(*s)).collect();
        hints.PossibleFormats = Some(set);
    }
    let mut reader = MultiFormatReader::default();
    let r = reader.decode_with_hints(&mut bitmap, &hints).ok()?;
    let fmt = r.getBarcodeFormat();
    Some((our_symbology(fmt), format!("{fmt:?}"), r.getText().to_string()))
}
