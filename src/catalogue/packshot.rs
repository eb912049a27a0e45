//! A generated packshot per product: an SVG drawn from the product's brand, name and category, so
//! that lists look like a shop shelf before real photos are uploaded. Deterministic per product.

use super::{Category, ProductCard};

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// FNV-1a, to derive stable colours from a brand name.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

const PALETTE: [(&str, &str); 10] = [
    ("#d7263d", "#fff3e0"),
    ("#1b998b", "#e8fff9"),
    ("#2e86de", "#eaf4ff"),
    ("#f39c12", "#fff8e6"),
    ("#8e44ad", "#f6ecfb"),
    ("#27ae60", "#eafaf0"),
    ("#c0392b", "#fdecea"),
    ("#16a085", "#e6f7f4"),
    ("#e67e22", "#fff1e3"),
    ("#34495e", "#eef2f5"),
];

/// The packshot of a product, drawn from its card: brand, name, spec and category.
pub fn svg(f: &ProductCard) -> String {
    let (main, light) = PALETTE[(hash(&f.brand_zh) % PALETTE.len() as u64) as usize];
    let accent = PALETTE[((hash(&f.name_zh) >> 8) % PALETTE.len() as u64) as usize].0;
    let body = match f.category {
        Category::Drinks | Category::Alcohol | Category::GrainOil => format!(
            r#"<path d="M104 22h32v26c0 8 22 18 22 40v118c0 9-7 14-16 14H98c-9 0-16-5-16-14V88c0-22 22-32 22-40z" fill="{main}"/>
<rect x="100" y="12" width="40" height="14" rx="3" fill="{accent}"/>
<rect x="82" y="112" width="76" height="64" fill="{light}"/>"#
        ),
        Category::Snacks | Category::Confectionery => format!(
            r#"<path d="M52 40q68-16 136 0l-8 80 8 80q-68 16-136 0l8-80z" fill="{main}"/>
<path d="M52 40q68-16 136 0l-2 14q-66-14-132 0zM52 200q68 16 136 0l-2-14q-66 14-132 0z" fill="{accent}"/>
<ellipse cx="120" cy="128" rx="52" ry="34" fill="{light}"/>"#
        ),
        Category::Instant => format!(
            r#"<path d="M46 86h148l-18 118c-1 8-8 14-16 14H80c-8 0-15-6-16-14z" fill="{main}"/>
<rect x="40" y="72" width="160" height="20" rx="6" fill="{accent}"/>
<rect x="62" y="116" width="116" height="58" rx="8" fill="{light}"/>"#
        ),
        Category::PersonalCare | Category::Household => format!(
            r#"<rect x="112" y="18" width="16" height="22" fill="{accent}"/><path d="M128 26h30v8h-30z" fill="{accent}"/>
<rect x="78" y="40" width="84" height="180" rx="24" fill="{main}"/>
<rect x="86" y="96" width="68" height="78" rx="10" fill="{light}"/>"#
        ),
        Category::Paper => format!(
            r#"<rect x="40" y="52" width="160" height="150" rx="14" fill="{main}"/>
<circle cx="84" cy="96" r="26" fill="{light}"/><circle cx="156" cy="96" r="26" fill="{light}"/>
<circle cx="84" cy="96" r="8" fill="{accent}"/><circle cx="156" cy="96" r="8" fill="{accent}"/>
<rect x="52" y="134" width="136" height="52" rx="8" fill="{light}"/>"#
        ),
        Category::Dairy | Category::Brewed | Category::General => format!(
            r#"<path d="M70 54l20-30h60l20 30v160c0 5-4 8-8 8H78c-4 0-8-3-8-8z" fill="{main}"/>
<path d="M70 54h100v14H70z" fill="{accent}"/>
<rect x="80" y="110" width="80" height="70" rx="8" fill="{light}"/>"#
        ),
    };
    let brand: String = f.brand_zh.chars().take(5).collect();
    let size = if brand.chars().count() > 3 { 17 } else { 22 };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240" width="240" height="240" role="img" aria-label="{alt}">
<rect width="240" height="240" fill="#f7f5f2"/>
<ellipse cx="120" cy="226" rx="78" ry="8" fill="#000" opacity=".08"/>
{body}
<text x="120" y="146" text-anchor="middle" font-family="sans-serif" font-weight="700" font-size="{size}" fill="{main}">{brand}</text>
<text x="120" y="168" text-anchor="middle" font-family="sans-serif" font-size="12" fill="#333">{en}</text>
<text x="120" y="234" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#666">{spec}</text>
</svg>"##,
        alt = esc(&f.name_zh),
        brand = esc(&brand),
        en = esc(&f.brand_en.chars().take(16).collect::<String>()),
        spec = esc(&f.spec),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packshots_are_deterministic_and_escape_names() {
        let f = ProductCard {
            id: 7,
            name_zh: "康师傅红烧牛肉面".into(),
            name_en: "Braised beef noodles".into(),
            brand_zh: "康师傅".into(),
            brand_en: "Master Kong <&>".into(),
            category: Category::Instant,
            spec: "105g×24".into(),
            pack_size: 24,
            case_price: crate::money::Fen(6000),
            stock_cases: 10,
            min_cases: 1,
            max_cases: 50,
            flags: vec![],
            promo: None,
        };
        let a = svg(&f);
        assert_eq!(a, svg(&f));
        assert!(a.starts_with("<svg") && a.contains("康师傅") && a.contains("&lt;&amp;&gt;"));
        assert!(!a.contains("<&>"));
    }
}
