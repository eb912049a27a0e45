//! Which horizontal lines of a corpus sample read what: `rows SYM CLASS INDEX` (experiments).
use restock_scanner::corpus::{self, Class};
use restock_scanner::Symbology;

fn main() {
    let a: Vec<String> = std::env::args().collect();
    let s = Symbology::ALL.into_iter().find(|s| s.name() == a[1]).unwrap();
    let c = Class::MILD.into_iter().chain(Class::HARD).find(|c| c.name() == a[2]).unwrap();
    let i: u32 = a[3].parse().unwrap();
    let smp = corpus::sample(s, c, i);
    let truth = smp.truth.clone().unwrap();
    println!("truth {} center {:?} module {:.2} angle {:.1}", truth.text, smp.center, smp.module_px, smp.angle);
    let mut line = String::new();
    for y in 0..smp.height {
        let r = restock_scanner::lines::debug_line(&smp.luma, smp.width, smp.height, 0, y as f32);
        let ok = r.iter().any(|x| x.0 == truth.symbology && x.1 == truth.text);
        let bad = r.iter().any(|x| !(x.0 == truth.symbology && x.1 == truth.text));
        line.push(if bad {
            'X'
        } else if ok {
            '#'
        } else {
            '.'
        });
    }
    let (y0, y1) = (line.find(['#', 'X']).unwrap_or(0), line.rfind(['#', 'X']).unwrap_or(0));
    println!("rows {y0}..={y1}: {}", &line[y0.saturating_sub(5)..(y1 + 5).min(line.len())]);
}
