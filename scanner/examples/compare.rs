//! Per-frame comparison with rxing on one corpus cell: `compare SYM CLASS [INDEX]` (QRDBG=1 prints
//! the QR pre-check's finders).
use restock_scanner::corpus::{self, Class};
use restock_scanner::{baseline, decode, Formats, Symbology};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let s = Symbology::ALL.into_iter().find(|s| s.name() == a[1]).unwrap();
    let c = Class::MILD.into_iter().chain(Class::HARD).find(|c| c.name() == a[2]).unwrap();
    let range = a.get(3).map(|x| x.parse::<u32>().unwrap()..x.parse::<u32>().unwrap() + 1).unwrap_or(0..40);
    for i in range {
        let smp = corpus::sample(s, c, i);
        let ours = decode(&smp.luma, smp.width, smp.height, Formats::ALL);
        let rx = baseline::decode(&smp.luma, smp.width, smp.height, Some(Formats::ALL), true);
        let pre = if s == Symbology::Qr {
            format!("{:?}", restock_scanner::qr::debug_precheck(&smp.luma, smp.width, smp.height))
        } else {
            String::new()
        };
        let ok = ours.contains(smp.truth.as_ref().unwrap());
        let rok = rx.as_ref().is_some_and(|r| r.2 == smp.truth.as_ref().unwrap().text);
        println!("{i}: {pre} ours {ok} rx {rok} module {:.2} angle {:.1}", smp.module_px, smp.angle);
    }
}
