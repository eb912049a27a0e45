//! The brand operator's screen (staff app): the brand's own numbers from real orders, over 7, 30
//! or 90 days. Figures first (动销店, reorder rate, county towns' share), then pictures where people
//! would rather look than read: reach by city as bars, a launch's spread as a line, and what sells
//! where. Charts are plain SVG and CSS (no chart library: a few rectangles and a polyline), each
//! with a sentence that says what it shows for screen readers and for a quick read.

use super::api::{active_shops_of_brand, launch, reach, top_by_city};
use super::{LaunchSpread, RegionLevel, RegionReach};
use crate::i18n::{last_days, percent, Lang, K};
use crate::ui::i18n;
use leptos::prelude::*;

#[component]
pub fn BrandPage() -> impl IntoView {
    let i18n = i18n();
    let days = RwSignal::new(super::ACTIVE_DAYS);
    let level = RwSignal::new(RegionLevel::City);
    let active = LocalResource::new(move || active_shops_of_brand(days.get()));
    let regions = LocalResource::new(move || reach(days.get(), level.get()));
    let cities = LocalResource::new(move || top_by_city(days.get(), 3));
    view! {
        <section class="brand-page">
            <header class="page-head">
                <h1>{move || i18n.t(K::BrandInsights)}</h1>
                <div class="chips period" role="group" aria-label=move || i18n.t(K::Period)>
                    {[7i64, 30, 90]
                        .into_iter()
                        .map(|d| {
                            view! {
                                <button
                                    type="button"
                                    class="chip"
                                    class:active=move || days.get() == d
                                    aria-pressed=move || (days.get() == d).to_string()
                                    data-days=d
                                    on:click=move |_| days.set(d)
                                >
                                    {move || last_days(i18n.lang(), d)}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </header>
            {move || crate::ui::loaded(
                active.get(),
                |a| {
                    view! {
                        <p class="brand-names">{a.brands.join(" · ")}</p>
                        <dl class="kpis">
                            <div class="kpi active-shops">
                                <dt>{move || i18n.t(K::ActiveShops)}</dt>
                                <dd>{a.active_shops}</dd>
                            </div>
                            <div class="kpi reordering">
                                <dt>{move || i18n.t(K::ReorderingShops)}</dt>
                                <dd>{a.reordering_shops}</dd>
                            </div>
                            <div class="kpi reorder-rate">
                                <dt>{move || i18n.t(K::ReorderRate)}</dt>
                                <dd>{percent(a.reorder_rate_permille)}</dd>
                            </div>
                            <div class="kpi county-share">
                                <dt>{move || i18n.t(K::CountyShare)}</dt>
                                <dd>{percent(a.county_share_permille)}</dd>
                            </div>
                            <div class="kpi cases">
                                <dt>{move || i18n.t(K::CasesOrdered)}</dt>
                                <dd>{a.cases}</dd>
                            </div>
                            <div class="kpi goods">
                                <dt>{move || i18n.t(K::OrderValue)}</dt>
                                <dd>{a.goods_fen.to_string()}</dd>
                            </div>
                        </dl>
                        <Storefront brands=a.brands.clone() days=days />
                        <Team />
                    }
                        .into_any()
                },
            )}
            <section class="chart-card reach">
                <header class="strip-head">
                    <h2>{move || i18n.t(K::Reach)}</h2>
                    <div class="chips" role="group">
                        <button
                            type="button"
                            class="chip level-city"
                            class:active=move || level.get() == RegionLevel::City
                            on:click=move |_| level.set(RegionLevel::City)
                        >
                            {move || i18n.t(K::ByCity)}
                        </button>
                        <button
                            type="button"
                            class="chip level-town"
                            class:active=move || level.get() == RegionLevel::Town
                            on:click=move |_| level.set(RegionLevel::Town)
                        >
                            {move || i18n.t(K::ByTown)}
                        </button>
                    </div>
                </header>
                {move || crate::ui::loaded(regions.get(), |rows| view! { <ReachBars rows=rows /> }.into_any())}
            </section>
            <section class="chart-card by-city">
                <h2>{move || i18n.t(K::WhatSellsWhere)}</h2>
                {move || crate::ui::loaded(
                    cities.get(),
                    |loaded| match loaded {
                        list if list.is_empty() => {
                            view! { <p class="empty">{move || i18n.t(K::NoSalesYet)}</p> }.into_any()
                        }
                        list => {
                            view! {
                                <div class="city-tops">
                                    {list
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <article class="city-top">
                                                    <h3>
                                                        {c.city.clone()}" · "
                                                        {move || crate::i18n::cases(i18n.lang(), c.cases)}
                                                    </h3>
                                                    <ol>
                                                        {c
                                                            .products
                                                            .into_iter()
                                                            .map(|p| {
                                                                view! {
                                                                    <li data-product-id=p.product_id>
                                                                        <span class="name">
                                                                            {move || {
                                                                                i18n.lang().pick(&p.name_zh, &p.name_en).to_owned()
                                                                            }}
                                                                        </span>
                                                                        <span class="figure">
                                                                            {move || {
                                                                                format!(
                                                                                    "{} · {}",
                                                                                    crate::i18n::cases(i18n.lang(), p.cases),
                                                                                    shops(i18n.lang(), p.shops),
                                                                                )
                                                                            }}
                                                                        </span>
                                                                    </li>
                                                                }
                                                            })
                                                            .collect_view()}
                                                    </ol>
                                                </article>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }
                    },
                )}
            </section>
        </section>
    }
}

fn shops(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{n} 家店"),
        Lang::En if n == 1 => "1 shop".to_owned(),
        Lang::En => format!("{n} shops"),
    }
}

/// Reach per region as horizontal bars (the share of the region's shops the brand reached), the
/// largest regions first, with the counts beside each bar.
#[component]
fn ReachBars(rows: Vec<RegionReach>) -> impl IntoView {
    let i18n = i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{move || i18n.t(K::NoSalesYet)}</p> }.into_any();
    }
    view! {
        <ul class="bars">
            {rows
                .into_iter()
                .take(20)
                .map(|r| {
                    let place = if r.town.is_empty() { r.city.clone() } else { format!("{} {}", r.city, r.town) };
                    let county = r.town_kind == Some(super::TownKind::County);
                    let width = format!("width: {}%", (r.reach_permille.clamp(0, 1000) as f64 / 10.0));
                    view! {
                        <li class="bar-row" class:county=county>
                            <span class="bar-label">
                                {place}
                                {county.then(|| view! { <span class="tag">{move || i18n.t(K::CountyTown)}</span> })}
                            </span>
                            <span
                                class="bar-track"
                                role="img"
                                aria-label=move || format!("{} {}", percent(r.reach_permille), i18n.t(K::Reach))
                            >
                                <span class="bar-fill" style=width.clone()></span>
                            </span>
                            <span class="bar-figure">
                                {move || {
                                    format!(
                                        "{} · {}/{}",
                                        percent(r.reach_permille),
                                        r.active_shops,
                                        shops(i18n.lang(), r.shops),
                                    )
                                }}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The first brand's products, most popular first (the demo's launch is its most popular one),
/// fetched once for the sections that choose one.
type BrandProducts = LocalResource<Result<Vec<crate::catalogue::ProductCard>, crate::error::AppError>>;

/// The first of the brand's products, once they are here (what a select shows before a choice).
fn first_of(products: BrandProducts) -> Option<i64> {
    products.get_untracked().and_then(|r| r.ok()).and_then(|p| p.first().map(|p| p.id))
}

/// The sections that work on one of the brand's products: a launch's spread, launching it to
/// shops, and its promotions.
#[component]
fn Storefront(brands: Vec<String>, days: RwSignal<i64>) -> impl IntoView {
    let brand = brands.first().cloned().unwrap_or_default();
    let products: BrandProducts = LocalResource::new(move || {
        let brand = brand.clone();
        async move {
            crate::catalogue::api::list_products(
                String::new(),
                String::new(),
                String::new(),
                brand,
                false,
                "popular".into(),
                0,
            )
            .await
            .map(|p| p.items)
        }
    });
    view! {
        <Launches products days />
        <LaunchForm products />
        <Promotions products />
    }
}

/// A choice of the brand's products (the first 30), with the case price if `with_price`.
#[component]
fn ProductSelect(
    list: BrandProducts,
    chosen: RwSignal<Option<i64>>,
    class: &'static str,
    label: K,
    with_price: bool,
) -> impl IntoView {
    let i18n = i18n();
    move || {
        list.get().and_then(|r| r.ok()).map(|items| {
            view! {
                <select
                    class=class
                    aria-label=move || i18n.t(label)
                    on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())
                >
                    {items
                        .into_iter()
                        .take(30)
                        .map(|p| {
                            let id = p.id;
                            view! {
                                <option value=id selected=move || chosen.get() == Some(id)>
                                    {move || {
                                        let name = p.name(i18n.lang());
                                        if with_price { format!("{name} · {}", p.case_price) } else { name.to_owned() }
                                    }}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
        })
    }
}

/// The brand's salespeople, each with the shops on their route and their visits in 30 days.
#[component]
fn Team() -> impl IntoView {
    let i18n = i18n();
    let team = LocalResource::new(super::api::brand_team);
    view! {
        <section class="chart-card brand-team">
            <h2>{move || i18n.t(K::BrandTeam)}</h2>
            {move || crate::ui::loaded(
                team.get(),
                move |people| {
                    if people.is_empty() {
                        return view! { <p class="empty">{move || i18n.t(K::NoBrandTeam)}</p> }.into_any();
                    }
                    view! {
                        <ul class="team">
                            {people
                                .into_iter()
                                .map(|p| {
                                    let (count, visits) = (p.shops.len() as i64, p.visits_30_days);
                                    view! {
                                        <li class="salesperson" data-user-id=p.user_id>
                                            <details>
                                                <summary>
                                                    <strong>{p.name.clone()}</strong>
                                                    <span class="figure">
                                                        {move || {
                                                            format!(
                                                                "{} · {} · {visits} {}",
                                                                p.brand,
                                                                shops(i18n.lang(), count),
                                                                i18n.t(K::VisitsIn30Days),
                                                            )
                                                        }}
                                                    </span>
                                                </summary>
                                                <ul class="team-shops">
                                                    {p
                                                        .shops
                                                        .into_iter()
                                                        .map(|s| {
                                                            view! {
                                                                <li>{format!("{} · {} {}", s.name, s.city, s.town)}</li>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </ul>
                                            </details>
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

/// Launches a product to the shops a target picks (a city, county towns or districts, a kind of
/// shop), and says how many it reached.
#[component]
fn LaunchForm(products: BrandProducts) -> impl IntoView {
    use super::launches::{LaunchRequest, Launched, Target};
    use super::{ShopKind, TownKind};
    let i18n = i18n();
    let product = RwSignal::new(None::<i64>);
    let city = RwSignal::new(String::new());
    let town = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let days = RwSignal::new("14".to_owned());
    let key = RwSignal::new(crate::device::random_id());
    let error = RwSignal::new(None::<crate::error::AppError>);
    let reached = RwSignal::new(None::<Launched>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let chosen = product.get_untracked().or_else(|| first_of(products));
        let (Some(product_id), Ok(d)) = (chosen, days.get_untracked().trim().parse::<i64>()) else {
            error.set(Some(crate::error::AppError::Invalid(crate::error::Invalid::Launch)));
            return;
        };
        let c = city.get_untracked().trim().to_owned();
        let target = Target {
            city: (!c.is_empty()).then_some(c),
            town_kind: TownKind::from_code(&town.get_untracked()),
            shop_kind: ShopKind::from_code(&kind.get_untracked()),
        };
        let req = LaunchRequest { key: key.get_untracked(), product_id, target, days: d };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match super::api::start_launch(req).await {
                Ok(l) => {
                    error.set(None);
                    reached.set(Some(l));
                    key.set(crate::device::random_id());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let kind_label = |k: ShopKind| match k {
        ShopKind::Convenience => K::KindConvenience,
        ShopKind::Grocery => K::KindGrocery,
        ShopKind::Tobacco => K::KindTobacco,
        ShopKind::Supermarket => K::KindSupermarket,
        ShopKind::Kiosk => K::KindKiosk,
    };
    view! {
        <section class="chart-card brand-launch">
            <h2>{move || i18n.t(K::LaunchTo)}</h2>
            <p class="why">{move || i18n.t(K::LaunchToWhy)}</p>
            <form class="promotion-form launch-form" on:submit=submit>
                <ProductSelect
                    list=products
                    chosen=product
                    class="launch-to-product"
                    label=K::LaunchTo
                    with_price=false
                />
                <input
                    type="text"
                    class="launch-city"
                    maxlength="40"
                    aria-label=move || i18n.t(K::AnyCity)
                    placeholder=move || i18n.t(K::AnyCity)
                    prop:value=city
                    on:input=move |ev| city.set(event_target_value(&ev))
                />
                <select
                    class="launch-town"
                    aria-label=move || i18n.t(K::AnyTown)
                    on:change=move |ev| town.set(event_target_value(&ev))
                >
                    <option value="">{move || i18n.t(K::AnyTown)}</option>
                    <option value="county">{move || i18n.t(K::CountyTowns)}</option>
                    <option value="district">{move || i18n.t(K::CityDistricts)}</option>
                </select>
                <select
                    class="launch-kind"
                    aria-label=move || i18n.t(K::AnyShopKind)
                    on:change=move |ev| kind.set(event_target_value(&ev))
                >
                    <option value="">{move || i18n.t(K::AnyShopKind)}</option>
                    {ShopKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.code()>{move || i18n.t(kind_label(k))}</option> })
                        .collect_view()}
                </select>
                <label class="field">
                    <span>{move || i18n.t(K::PromoDays)}</span>
                    <input
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max="30"
                        class="launch-days"
                        prop:value=days
                        on:input=move |ev| days.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button primary start-launch" disabled=move || busy.get()>
                    {move || i18n.t(K::StartLaunch)}
                </button>
            </form>
            <crate::ui::ErrorLine error=error />
            {move || {
                reached
                    .get()
                    .map(|l| {
                        view! {
                            <p class="notice launched" role="status">
                                {move || {
                                    format!(
                                        "{}{} · {} {}",
                                        i18n.t(K::Launched),
                                        shops(i18n.lang(), l.shops),
                                        l.county_shops,
                                        i18n.t(K::InCountyTowns),
                                    )
                                }}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

/// The brand's promotions with a budget: a form to start one (a cut per case, days, budget) and
/// each one's budget as a bar of what is spent, running or stopped.
#[component]
fn Promotions(products: BrandProducts) -> impl IntoView {
    use super::promotions::{BrandPromotion, PromotionRequest};
    let i18n = i18n();
    let version = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        version.track();
        super::api::brand_promotions()
    });
    let product = RwSignal::new(None::<i64>);
    let off = RwSignal::new(String::new());
    let days = RwSignal::new("7".to_owned());
    let budget = RwSignal::new(String::new());
    // One key per promotion being written: a double tap or a resend starts it once.
    let key = RwSignal::new(crate::device::random_id());
    let error = RwSignal::new(None::<crate::error::AppError>);
    let started = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let chosen = product.get_untracked().or_else(|| first_of(products));
        let bad = crate::error::AppError::Invalid(crate::error::Invalid::Promotion);
        let (Some(product_id), Some(off_per_case), Ok(d), Some(b)) = (
            chosen,
            crate::money::Fen::parse_yuan(&off.get_untracked()),
            days.get_untracked().trim().parse::<i64>(),
            crate::money::Fen::parse_yuan(&budget.get_untracked()),
        ) else {
            error.set(Some(bad));
            return;
        };
        let req = PromotionRequest { key: key.get_untracked(), product_id, off_per_case, days: d, budget: b };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match super::api::promote(req).await {
                Ok(_) => {
                    error.set(None);
                    started.set(true);
                    key.set(crate::device::random_id());
                    off.set(String::new());
                    budget.set(String::new());
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let row = move |p: BrandPromotion| {
        let left = p.left();
        let spent_permille = p.spent_permille();
        let width = format!("width: {}%", spent_permille / 10);
        let (zh, en) = (p.name_zh.clone(), p.name_en.clone());
        let (id, live, off, starts, ends, spent, budget) =
            (p.id.to_string(), p.live, p.off_per_case, p.starts_on, p.ends_on, p.spent, p.budget);
        view! {
            <li class="promotion" class:live=live data-promotion-id=id>
                <div class="promotion-head">
                    <span class="name">{move || i18n.lang().pick(&zh, &en).to_owned()}</span>
                    <span class="state">{move || i18n.t(if live { K::PromoLive } else { K::PromoStopped })}</span>
                </div>
                <p class="figure">
                    {move || {
                        format!(
                            "−{}/{} · {} – {} · {} {} / {} · {} {left}",
                            off,
                            i18n.t(K::CaseUnit),
                            starts,
                            ends,
                            i18n.t(K::BudgetSpent),
                            spent,
                            budget,
                            i18n.t(K::BudgetLeft),
                        )
                    }}
                </p>
                <div
                    class="budget-bar"
                    role="img"
                    aria-label=move || format!("{} {}", i18n.t(K::BudgetSpent), percent(spent_permille))
                >
                    <span style=width.clone()></span>
                </div>
            </li>
        }
    };
    view! {
        <section class="chart-card brand-promotions">
            <h2>{move || i18n.t(K::BrandPromotions)}</h2>
            <p class="why">{move || i18n.t(K::BrandPromotionsWhy)}</p>
            <form class="promotion-form" on:submit=start>
                <ProductSelect
                    list=products
                    chosen=product
                    class="promotion-product"
                    label=K::BrandPromotions
                    with_price=true
                />
                <label class="field">
                    <span>{move || i18n.t(K::OffPerCase)}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        class="promotion-off"
                        prop:value=off
                        on:input=move |ev| off.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || i18n.t(K::PromoDays)}</span>
                    <input
                        type="number"
                        inputmode="numeric"
                        min="1"
                        max="30"
                        class="promotion-days"
                        prop:value=days
                        on:input=move |ev| days.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || i18n.t(K::PromoBudget)}</span>
                    <input
                        type="text"
                        inputmode="decimal"
                        class="promotion-budget"
                        prop:value=budget
                        on:input=move |ev| budget.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="button primary start-promotion" disabled=move || busy.get()>
                    {move || i18n.t(K::StartPromotion)}
                </button>
            </form>
            <crate::ui::ErrorLine error=error />
            <Show when=move || started.get()>
                <p class="notice promotion-started" role="status">
                    {move || i18n.t(K::PromotionStarted)}
                </p>
            </Show>
            {move || crate::ui::loaded(
                list.get(),
                move |l| view! { <ul class="promotions">{l.into_iter().map(row).collect_view()}</ul> }.into_any(),
            )}
        </section>
    }
}

/// The brand's new products, one chosen at a time, with its spread as a chart.
#[component]
fn Launches(products: BrandProducts, days: RwSignal<i64>) -> impl IntoView {
    let i18n = i18n();
    let chosen = RwSignal::new(None::<i64>);
    let spread = LocalResource::new(move || {
        let product =
            chosen.get().or_else(|| products.get().and_then(|r| r.ok()).and_then(|p| p.first().map(|p| p.id)));
        let d = days.get();
        async move {
            match product {
                Some(id) => launch(id, d).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="chart-card launch">
            <header class="strip-head">
                <h2>{move || i18n.t(K::LaunchSpread)}</h2>
                <ProductSelect
                    list=products
                    chosen=chosen
                    class="launch-product"
                    label=K::LaunchSpread
                    with_price=false
                />
            </header>
            {move || match spread.get() {
                None => view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="empty">{move || i18n.t(K::NoSalesYet)}</p> }.into_any(),
                Some(Ok(Some(s))) => view! { <SpreadChart spread=s /> }.into_any(),
            }}
        </section>
    }
}

/// Shops reached, day by day: a line of the running total over bars of each day's new shops.
#[component]
fn SpreadChart(spread: LaunchSpread) -> impl IntoView {
    let i18n = i18n();
    const W: f64 = 600.0;
    const H: f64 = 200.0;
    const PAD: f64 = 28.0;
    let n = spread.days.len().max(1);
    let top = spread.days.iter().map(|d| d.shops_reached).max().unwrap_or(0).max(1);
    let top_new = spread.days.iter().map(|d| d.new_shops).max().unwrap_or(0).max(1);
    let x = |i: usize| PAD + (W - 2.0 * PAD) * (i as f64 + 0.5) / n as f64;
    let y = |v: i64| H - PAD - (H - 2.0 * PAD) * v as f64 / top as f64;
    let bar_w = ((W - 2.0 * PAD) / n as f64 * 0.7).max(1.0);
    let points = spread
        .days
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{:.1},{:.1}", x(i), y(d.shops_reached)))
        .collect::<Vec<_>>()
        .join(" ");
    let bars = spread
        .days
        .iter()
        .enumerate()
        .filter(|(_, d)| d.new_shops > 0)
        .map(|(i, d)| {
            let h = (H - 2.0 * PAD) * 0.5 * d.new_shops as f64 / top_new as f64;
            view! {
                <rect
                    class="new-shops"
                    x=format!("{:.1}", x(i) - bar_w / 2.0)
                    y=format!("{:.1}", H - PAD - h)
                    width=format!("{bar_w:.1}")
                    height=format!("{h:.1}")
                />
            }
        })
        .collect_view();
    let reached = spread.days.last().map(|d| d.shops_reached).unwrap_or(spread.reached_before);
    let first = spread.days.first().map(|d| d.day.to_string()).unwrap_or_default();
    let last = spread.days.last().map(|d| d.day.to_string()).unwrap_or_default();
    let (zh, en) = (spread.name_zh.clone(), spread.name_en.clone());
    let county = spread.county_shops;
    let summary = move || match i18n.lang() {
        Lang::Zh => format!("{zh}：已到达 {reached} 家店，其中县城 {county} 家"),
        Lang::En => format!("{en}: {reached} shops reached, {county} of them in county towns"),
    };
    view! {
        <figure class="spread">
            <svg class="spread-chart" viewBox=format!("0 0 {W} {H}") role="img" aria-label=summary.clone()>
                <line class="axis" x1=PAD y1=H - PAD x2=W - PAD y2=H - PAD />
                {bars}
                <polyline class="reached" points=points fill="none" />
                <text class="axis-label" x=PAD y=PAD - 8.0>
                    {top}
                </text>
                <text class="axis-label" x=PAD y=H - 6.0>
                    {first}
                </text>
                <text class="axis-label end" x=W - PAD y=H - 6.0 text-anchor="end">
                    {last}
                </text>
            </svg>
            <figcaption class="spread-summary">{summary}</figcaption>
        </figure>
    }
}
