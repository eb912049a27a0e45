//! The catalogue list (search, categories, flags) and the product strips of the home screen.

use super::api::list_products;
use super::{CataloguePage, Category, Flag, ProductCard, Sort};
use crate::device::now_ms;
use crate::error::AppError;
use crate::i18n::{minutes_ago, pack_of, stock_cases, K};
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Loading,
    Ready,
    Failed(AppError),
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let i18n = i18n();
    let query = use_query_map();
    let initial = query.get_untracked();
    let category = RwSignal::new(initial.get("c").and_then(|c| Category::from_code(&c)));
    let flag = RwSignal::new(initial.get("flag").and_then(|f| Flag::from_code(&f)));
    // "promotion" is a filter of its own: products with a promotion running for this shop.
    let promo_only = RwSignal::new(initial.get("flag").as_deref() == Some("promotion"));
    let in_stock = RwSignal::new(false);
    let brand = RwSignal::new(initial.get("brand").unwrap_or_default());
    let sort = RwSignal::new(Sort::Popular);
    let typed = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());

    let items = RwSignal::new(Vec::<ProductCard>::new());
    let total = RwSignal::new(0i64);
    let as_of = RwSignal::new(None::<i64>);
    let status = RwSignal::new(Status::Loading);
    // Answers to superseded requests (the user typed on) are dropped, not shown.
    let generation = StoredValue::new(0u64);

    let fetch = move |append: bool| {
        let offset = if append { items.get_untracked().len() as i64 } else { 0 };
        let gen = generation.get_value() + 1;
        generation.set_value(gen);
        status.set(Status::Loading);
        let (q, c, f) = (q.get_untracked(), category.get_untracked(), flag.get_untracked());
        let (stock_only, sort) = (in_stock.get_untracked(), sort.get_untracked());
        let brand_name = brand.get_untracked();
        let f_code =
            if promo_only.get_untracked() { Some("promotion".to_owned()) } else { f.map(|f| f.code().to_owned()) };
        leptos::task::spawn_local(async move {
            let res = list_products(
                q,
                c.map(|c| c.code().into()).unwrap_or_default(),
                f_code.unwrap_or_default(),
                brand_name,
                stock_only,
                sort.code().into(),
                offset,
            )
            .await;
            if generation.get_value() != gen {
                return;
            }
            match res {
                Ok(CataloguePage { items: page, total: t, as_of_ms }) => {
                    if append {
                        items.update(|v| v.extend(page));
                    } else {
                        items.set(page);
                    }
                    total.set(t);
                    as_of.set(Some(as_of_ms));
                    status.set(Status::Ready);
                }
                Err(e) => status.set(Status::Failed(e)),
            }
        });
    };
    // A new search or filter starts from the top.
    Effect::new(move |_| {
        let _ = (q.get(), category.get(), flag.get(), promo_only.get(), in_stock.get(), sort.get(), brand.get());
        fetch(false);
    });

    // Search as you type, once the typing pauses for 200 ms.
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(200).await;
            if typed.get_untracked() == value {
                q.set(value.trim().to_owned());
            }
        });
    };

    view! {
        <section class="catalogue">
            <div class="catalogue-tools">
                <div class="search-row">
                    <input
                        class="search"
                        type="search"
                        enterkeyhint="search"
                        placeholder=move || i18n.t(K::SearchPlaceholder)
                        aria-label=move || i18n.t(K::SearchPlaceholder)
                        prop:value=typed
                        on:input=on_input
                    />
                    <A href="/scan" attr:class="button scan-button" attr:aria-label=move || i18n.t(K::Scan)>
                        <crate::scanner::views::ScanIcon />
                    </A>
                </div>
                <div class="chips" role="group">
                    <button
                        type="button"
                        class="chip"
                        class:active=move || category.get().is_none()
                        on:click=move |_| category.set(None)
                    >
                        {move || i18n.t(K::AllCategories)}
                    </button>
                    {Category::ALL
                        .into_iter()
                        .map(|c| {
                            view! {
                                <button
                                    type="button"
                                    class="chip"
                                    class:active=move || category.get() == Some(c)
                                    on:click=move |_| category.set(Some(c))
                                >
                                    {move || i18n.t(c.label())}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <Show when=move || !brand.get().is_empty()>
                    <div class="chips">
                        <button type="button" class="chip active" on:click=move |_| brand.set(String::new())>
                            {move || format!("{} ✕", brand.get())}
                        </button>
                    </div>
                </Show>
                <div class="chips flags" role="group">
                    <select
                        class="chip sort"
                        aria-label=move || i18n.t(K::SortPopular)
                        on:change=move |ev| sort.set(Sort::from_code(&event_target_value(&ev)))
                    >
                        {Sort::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.code() selected=move || sort.get() == s>
                                        {move || i18n.t(s.label())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                    <button
                        type="button"
                        class="chip flag"
                        class:active=move || in_stock.get()
                        on:click=move |_| in_stock.update(|v| *v = !*v)
                    >
                        {move || i18n.t(K::OnlyInStock)}
                    </button>
                    <button
                        type="button"
                        class="chip flag"
                        class:active=move || promo_only.get()
                        on:click=move |_| {
                            promo_only.update(|v| *v = !*v);
                            flag.set(None);
                        }
                    >
                        {move || i18n.t(K::FlagPromotion)}
                    </button>
                    {Flag::ALL
                        .into_iter()
                        .map(|f| {
                            view! {
                                <button
                                    type="button"
                                    class="chip flag"
                                    class:active=move || flag.get() == Some(f)
                                    on:click=move |_| {
                                        promo_only.set(false);
                                        flag.update(|cur| *cur = if *cur == Some(f) { None } else { Some(f) })
                                    }
                                >
                                    {move || i18n.t(f.label())}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <Freshness as_of=as_of />
            <VirtualList
                items=items
                on_near_end=move || {
                    if status.get_untracked() == Status::Ready
                        && (items.with_untracked(|v| v.len()) as i64) < total.get_untracked()
                    {
                        fetch(true);
                    }
                }
            />
            {move || match status.get() {
                Status::Loading => {
                    view! {
                        <p class="loading" role="status">
                            {move || i18n.t(K::Loading)}
                        </p>
                    }
                        .into_any()
                }
                Status::Failed(e) => {
                    view! {
                        <div class="load-error" role="alert">
                            <p>{e.message(i18n.lang())}</p>
                            <button
                                type="button"
                                class="button"
                                on:click=move |_| fetch(!items.get_untracked().is_empty())
                            >
                                {move || i18n.t(K::Retry)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Status::Ready if items.get().is_empty() => {
                    view! { <p class="empty">{move || i18n.t(K::NoProducts)}</p> }.into_any()
                }
                Status::Ready if (items.get().len() as i64) < total.get() => {
                    view! {
                        <button type="button" class="button wide load-more" on:click=move |_| fetch(true)>
                            {move || i18n.t(K::LoadMore)}
                        </button>
                    }
                        .into_any()
                }
                Status::Ready => ().into_any(),
            }}
        </section>
    }
}

/// Height of one row of the virtual list, in CSS pixels (style/main.css gives rows this height).
const ROW_PX: f64 = 148.0;
/// Rows rendered above and below the screen, so that a fast flick does not show blanks.
const OVERSCAN_ROWS: f64 = 4.0;

/// A list that renders only the rows on screen (plus a few), so that scrolling through 20,000
/// products costs what scrolling through twenty does. Rows have a fixed height; on a wide screen
/// a row holds several cards.
#[component]
fn VirtualList(items: RwSignal<Vec<ProductCard>>, on_near_end: impl Fn() + 'static) -> impl IntoView {
    let list = NodeRef::<leptos::html::Ul>::new();
    let viewport = RwSignal::new((0.0f64, 900.0f64, 1usize)); // (scroll offset into the list, screen height, columns)
    let measure = move || {
        let Some(el) = list.get_untracked() else { return };
        let w = window();
        let top = el.get_bounding_client_rect().top();
        let height = w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(900.0);
        let width = el.client_width() as f64;
        let columns = if width >= 700.0 { ((width / 340.0).floor() as usize).max(1) } else { 1 };
        viewport.set((-top, height, columns));
    };
    let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(measure);
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_passive(true);
    for event in ["scroll", "resize"] {
        let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
            event,
            wasm_bindgen::JsCast::unchecked_ref(handler.as_ref()),
            &opts,
        );
    }
    // The listeners live as long as the page; measure once the list is in the document.
    handler.forget();
    Effect::new(move |_| {
        if list.get().is_some() {
            measure();
        }
    });

    let rows = move || {
        let cols = viewport.with(|v| v.2);
        items.with(|v| v.len().div_ceil(cols))
    };
    let visible = move || {
        let (offset, height, cols) = viewport.get();
        let first = ((offset / ROW_PX) - OVERSCAN_ROWS).max(0.0) as usize;
        let last = (((offset + height) / ROW_PX) + OVERSCAN_ROWS).max(0.0) as usize;
        items.with(|v| {
            v.iter()
                .enumerate()
                .skip(first * cols)
                .take((last.saturating_sub(first) + 1) * cols)
                .map(|(i, p)| (i, cols, p.clone()))
                .collect::<Vec<_>>()
        })
    };
    // Near the end of what is loaded: ask for the next page.
    Effect::new(move |_| {
        let (offset, height, _) = viewport.get();
        let end = rows() as f64 * ROW_PX;
        if end > 0.0 && offset + height * 2.0 > end {
            on_near_end();
        }
    });
    view! {
        <ul class="product-list virtual" node_ref=list style:height=move || format!("{}px", rows() as f64 * ROW_PX)>
            <For each=visible key=|(_, cols, p)| (p.id, *cols) let:((i, cols, p))>
                <li class="virtual-row" style:top=format!("{}px", (i / cols) as f64 * ROW_PX)
                    style:left=format!("{}%", (i % cols) as f64 * 100.0 / cols as f64)
                    style:width=format!("{}%", 100.0 / cols as f64)>
                    <ProductRow p=p/>
                </li>
            </For>
        </ul>
    }
}

/// "Updated 12 min ago", shown only when what is on screen is older than a minute (it came from the
/// device's cache).
#[component]
fn Freshness(as_of: RwSignal<Option<i64>>) -> impl IntoView {
    let i18n = i18n();
    let minutes = move || as_of.get().map(|t| (now_ms() - t) / 60_000).filter(|m| *m >= 1);
    view! {
        <Show when=move || minutes().is_some()>
            <p class="freshness">
                {move || format!("{} {}", i18n.t(K::UpdatedAgo), minutes_ago(i18n.lang(), minutes().unwrap_or(0)))}
            </p>
        </Show>
    }
}

#[component]
fn Badges(flags: Vec<Flag>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <span class="badges">
            {flags
                .into_iter()
                .map(|f| view! { <span class=format!("badge badge-{}", f.code())>{move || i18n.t(f.label())}</span> })
                .collect_view()}
        </span>
    }
}

/// A product's packshot, drawn in the page (an inline SVG, `packshot::svg`) rather than fetched as
/// an `<img>`: the browser makes each SVG image a document of its own, and the home screen's 65
/// cost 360 ms of main thread at start-up against 27 ms in the page (BENCHMARKS.md, "Packshots in
/// the page"). Decorative: the product's name is always beside it.
pub fn packshot(p: &ProductCard) -> impl IntoView + use<> {
    packshot_with(p, "packshot")
}

fn packshot_with(p: &ProductCard, class: &'static str) -> impl IntoView + use<> {
    let svg = super::packshot::svg(p);
    view! { <span class=class aria-hidden="true" inner_html=svg></span> }
}

#[component]
pub fn ProductRow(p: ProductCard) -> impl IntoView {
    let i18n = i18n();
    let in_stock = p.stock_cases > 0;
    let (name, brand, stock, pack) = {
        let p1 = p.clone();
        let p2 = p.clone();
        let (s, n) = (p.stock_cases, p.pack_size);
        (
            move || p1.name(i18n.lang()).to_owned(),
            move || p2.brand(i18n.lang()).to_owned(),
            move || if s > 0 { stock_cases(i18n.lang(), s) } else { i18n.t(K::OutOfStock).to_owned() },
            move || pack_of(i18n.lang(), n),
        )
    };
    let (id, href, image) = (p.id, format!("/product/{}", p.id), packshot(&p));
    view! {
        <div class="product" class:sold-out=!in_stock data-product-id=id>
            // The picture repeats the name's link: one stop for a keyboard or a screen reader.
            <A href=href.clone() attr:class="packshot-link" attr:tabindex="-1" attr:aria-hidden="true">
                {image}
            </A>
            // Dense, for a phone: name, one line of facts and tags, then price and the stepper
            // side by side (four to five products on a phone screen, not three).
            <div class="product-body">
                <h3 class="product-name">
                    <A href=href>{name}</A>
                </h3>
                <div class="product-tags">
                    <p class="product-meta">{brand}" · "{pack}</p>
                    <Badges flags=p.flags.clone() />
                    {p
                        .promo
                        .clone()
                        .map(|promo| view! { <p class="promo-tag">{move || promo.title(i18n.lang()).to_owned()}</p> })}
                </div>
                <div class="product-foot">
                    <div class="product-buy">
                        <p class="product-price">
                            <strong class="case-price">{p.case_price.to_string()}</strong>
                            <span class="per">{move || i18n.t(K::PerCase)}</span>
                        </p>
                        // Unit price and stock on lines of their own: side by side, English cut
                        // the stock count off ("Stock 68…").
                        <p class="unit-price">{p.unit_price().to_string()}{move || i18n.t(K::PerUnit)}</p>
                        <p class="stock" class:out=!in_stock>
                            {stock}
                        </p>
                    </div>
                    <crate::cart::views::QtyStepper product=p.clone() />
                </div>
            </div>
        </div>
    }
}

/// A horizontal strip of products with a flag (新品, 网红, 自有品牌) or running a promotion
/// (`"promotion"`), for the home screen.
#[component]
pub fn ProductStrip(#[prop(into)] flag: String, title: K) -> impl IntoView {
    let code = flag.clone();
    let page = LocalResource::new(move || {
        let code = code.clone();
        async move {
            list_products(String::new(), String::new(), code, String::new(), true, "popular".into(), 0)
                .await
                .map(|p| p.items)
        }
    });
    view! { <Strip title=title more=format!("/catalogue?flag={flag}") cards=page /> }
}

/// What this shop ordered before, most recent first.
#[component]
pub fn BuyAgain() -> impl IntoView {
    let state = crate::cart::state::cart_state();
    let cards = LocalResource::new(move || {
        let shop = state.for_shop();
        async move {
            let ids = crate::orders::api::bought_before(shop).await?;
            if ids.is_empty() {
                return Ok(vec![]);
            }
            super::api::cards_by_ids(ids).await
        }
    });
    view! {
        <Show when=move || cards.get().is_some_and(|r| r.is_ok_and(|c| !c.is_empty()))>
            <Strip title=K::BuyAgain more="/orders".to_owned() cards=cards />
        </Show>
    }
}

#[component]
fn Strip(title: K, more: String, cards: LocalResource<Result<Vec<ProductCard>, AppError>>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <section class="strip">
            <header class="strip-head">
                <h2>{move || i18n.t(title)}</h2>
                <A href=more>{move || i18n.t(K::SeeAll)}</A>
            </header>
            {move || crate::ui::loaded(
                cards.get(),
                |items| {
                    view! {
                        <ul class="strip-items">
                            {items
                                .into_iter()
                                .take(12)
                                .map(|p| {
                                    let name = p.clone();
                                    view! {
                                        <li class="strip-item">
                                            {crate::catalogue::views::packshot(&p)}
                                            <span class="strip-name">{move || name.name(i18n.lang()).to_owned()}</span>
                                            {p
                                                .promo
                                                .clone()
                                                .map(|promo| {
                                                    view! {
                                                        <span class="promo-tag">
                                                            {move || promo.title(i18n.lang()).to_owned()}
                                                        </span>
                                                    }
                                                })} <strong class="case-price">{p.case_price.to_string()}</strong>
                                            <crate::cart::views::QtyStepper product=p.clone() />
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                },
            )}
        </section>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let detail = LocalResource::new(move || super::api::get_product(id()));
    view! {
        <section class="product-page">
            {move || crate::ui::loaded(detail.get(), |d| view! { <ProductDetailView d=d /> }.into_any())}
        </section>
    }
}

#[component]
fn ProductDetailView(d: super::ProductDetail) -> impl IntoView {
    let i18n = i18n();
    let p = d.card.clone();
    let (n2, b1) = (p.clone(), p.clone());
    let guarantees = d.guarantees();
    let stock = p.stock_cases;
    let (min, max, pack) = (p.min_cases, p.max_cases, p.pack_size);
    view! {
        <div class="product-detail">
            {packshot_with(&p, "packshot hero")} <div class="product-info">
                <h1>{move || n2.name(i18n.lang()).to_owned()}</h1>
                <p class="product-meta">
                    <A href=format!(
                        "/catalogue?brand={}",
                        js_sys::encode_uri_component(&p.brand_zh),
                    )>{move || b1.brand(i18n.lang()).to_owned()}</A>
                    " · "
                    {p.spec.clone()}
                    " · "
                    {move || pack_of(i18n.lang(), pack)}
                </p>
                <Badges flags=p.flags.clone() />
                {p
                    .promo
                    .clone()
                    .map(|promo| {
                        view! {
                            <p class="promo-tag">
                                {move || format!("{} · {}", promo.title(i18n.lang()), promo.ends_on)}
                            </p>
                        }
                    })}
                <p class="product-price">
                    <strong class="case-price">{p.case_price.to_string()}</strong>
                    <span class="per">{move || i18n.t(K::PerCase)}</span>
                    <span class="unit-price">{p.unit_price().to_string()}{move || i18n.t(K::PerUnit)}</span>
                </p>
                <Show when={
                    let has = !d.breaks.is_empty();
                    move || has
                }>
                    <div class="breaks">
                        <h2>{move || i18n.t(K::QuantityBreaks)}</h2>
                        <ul>
                            {d
                                .breaks
                                .iter()
                                .map(|b| {
                                    let (m, price) = (b.min_cases, b.case_price);
                                    view! {
                                        <li>
                                            {move || {
                                                format!("{m} {} · {price}{}", i18n.t(K::FromCases), i18n.t(K::PerCase))
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </div>
                </Show>
                <p class="limits">
                    {move || {
                        format!(
                            "{} {} · {} {} · {}",
                            i18n.t(K::MinCases),
                            crate::i18n::cases(i18n.lang(), min),
                            i18n.t(K::MaxCases),
                            crate::i18n::cases(i18n.lang(), max),
                            if stock > 0 { stock_cases(i18n.lang(), stock) } else { i18n.t(K::OutOfStock).to_owned() },
                        )
                    }}
                </p>
                <crate::cart::views::QtyStepper product=p.clone() />
                <h2>{move || i18n.t(K::Guarantees)}</h2>
                <ul class="guarantees">
                    {guarantees
                        .into_iter()
                        .map(|g| view! { <li class="guarantee">{move || i18n.t(crate::claims::explanation(g))}</li> })
                        .collect_view()}
                </ul>
                <p class="barcodes">{move || format!("{}: {}", i18n.t(K::Barcodes), d.barcodes.join(" · "))}</p>
                {d
                    .shelf_life_days
                    .map(|days| {
                        view! {
                            <p class="shelf-life">
                                {move || format!("{}: {days} {}", i18n.t(K::ShelfLife), i18n.t(K::Days))}
                            </p>
                        }
                    })}
            </div>
        </div>
    }
}
