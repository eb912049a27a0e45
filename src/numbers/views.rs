//! The shop's numbers page (`/numbers`, from the account page): figures first (spent, orders,
//! the estimated margin, what the guarantees paid back), then what is restocked most, then the
//! slow sellers still in their 滞销赔 window, each a tap from a claim with the kind chosen.

use super::api::my_numbers;
use super::{Margin, Restocked, SlowSeller, PERIODS};
use crate::i18n::{last_days, percent, Lang, K};
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NumbersPage() -> impl IntoView {
    let i18n = i18n();
    let days = RwSignal::new(30i64);
    // A salesperson acting for a shop sees that shop's numbers (the shop chosen for ordering).
    let state = crate::cart::state::cart_state();
    let numbers = LocalResource::new(move || my_numbers(state.for_shop(), days.get()));
    view! {
        <section class="numbers-page">
            <header class="page-head">
                <h1>{move || i18n.t(K::MyNumbers)}</h1>
                <div class="chips period" role="group" aria-label=move || i18n.t(K::Period)>
                    {PERIODS
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
                numbers.get(),
                |n| {
                    view! {
                        <dl class="kpis">
                            <div class="kpi spent">
                                <dt>{move || i18n.t(K::Spent)}</dt>
                                <dd>{n.spent.to_string()}</dd>
                            </div>
                            <div class="kpi orders">
                                <dt>{move || i18n.t(K::OrdersPlaced)}</dt>
                                <dd>
                                    {n.orders}
                                    <small>{move || format!(" · {}", crate::i18n::cases(i18n.lang(), n.cases))}</small>
                                </dd>
                            </div>
                            <MarginKpi m=n.margin />
                            <div class="kpi returned">
                                <dt>{move || i18n.t(K::ReturnedByGuarantees)}</dt>
                                <dd>{n.returned_total.to_string()}</dd>
                            </div>
                        </dl>
                        <p class="numbers-note">{move || i18n.t(K::MarginNote)}</p>
                        {(!n.returned.is_empty())
                            .then(|| {
                                view! {
                                    <ul class="returned-by">
                                        {n
                                            .returned
                                            .iter()
                                            .map(|r| {
                                                let (kind, claims, amount) = (r.kind, r.claims, r.amount);
                                                view! {
                                                    <li>
                                                        <span class="name">
                                                            {move || i18n.t(crate::claims::kind_label(kind))}
                                                        </span>
                                                        <span class="figure">
                                                            {move || {
                                                                format!("{} · {amount}", claim_count(i18n.lang(), claims))
                                                            }}
                                                        </span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })}
                        {(n.counter.sales > 0).then(|| view! { <CounterSection c=n.counter.clone() /> })}
                        <section class="strip restocked">
                            <h2>{move || i18n.t(K::RestockedMost)}</h2>
                            <p class="why">{move || i18n.t(K::RestockedMostWhy)}</p>
                            <RestockedList rows=n.most_restocked.clone() />
                        </section>
                        <section class="strip slow-sellers">
                            <h2>{move || i18n.t(K::SlowSellers)}</h2>
                            <p class="why">{move || i18n.t(K::SlowSellersWhy)}</p>
                            <SlowList rows=n.slow.clone() />
                        </section>
                    }
                        .into_any()
                },
            )}
        </section>
    }
}

/// What the counter recorded in the period: takings, and what sold most there.
#[component]
fn CounterSection(c: super::CounterNumbers) -> impl IntoView {
    let i18n = i18n();
    let (sales, units, takings) = (c.sales, c.units, c.takings);
    view! {
        <section class="strip counter-sold">
            <h2>{move || i18n.t(K::BestSellersAtCounter)}</h2>
            <p class="why counter-takings">
                {move || {
                    format!(
                        "{} {takings} · {} · {}",
                        i18n.t(K::CounterTakings),
                        crate::i18n::sales(i18n.lang(), sales),
                        crate::i18n::units(i18n.lang(), units),
                    )
                }}
            </p>
            <ol class="restocked-list counter-sold-list">
                {c
                    .best
                    .into_iter()
                    .map(|b| {
                        let href = format!("/product/{}", b.product_id);
                        view! {
                            <li data-product-id=b.product_id>
                                <A href=href attr:class="name">
                                    {move || i18n.lang().pick(&b.name_zh, &b.name_en).to_owned()}
                                </A>
                                <span class="figure">
                                    {move || format!("{} · {}", crate::i18n::units(i18n.lang(), b.units), b.takings)}
                                </span>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <A href="/counter" attr:class="button small open-counter">
                {move || i18n.t(K::Counter)}
            </A>
        </section>
    }
}

#[component]
fn MarginKpi(m: Margin) -> impl IntoView {
    let i18n = i18n();
    view! {
        <div class="kpi margin">
            <dt>{move || i18n.t(K::EstimatedMargin)}</dt>
            <dd>{m.margin.to_string()}<small>{format!(" · {}", percent(m.margin_permille))}</small></dd>
        </div>
    }
}

#[component]
fn RestockedList(rows: Vec<Restocked>) -> impl IntoView {
    let i18n = i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{move || i18n.t(K::NothingOrderedInPeriod)}</p> }.into_any();
    }
    view! {
        <ol class="restocked-list">
            {rows
                .into_iter()
                .map(|r| {
                    let href = format!("/product/{}", r.product_id);
                    view! {
                        <li data-product-id=r.product_id>
                            <A href=href attr:class="name">
                                {move || i18n.lang().pick(&r.name_zh, &r.name_en).to_owned()}
                            </A>
                            <span class="figure">
                                {move || restock_pace(i18n.lang(), r.order_days, r.cases, r.every_days)}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn SlowList(rows: Vec<SlowSeller>) -> impl IntoView {
    let i18n = i18n();
    if rows.is_empty() {
        return view! { <p class="empty">{move || i18n.t(K::NoSlowSellers)}</p> }.into_any();
    }
    view! {
        <ul class="slow-list">
            {rows
                .into_iter()
                .map(|s| {
                    let href = format!("/orders/{}/claim/{}?kind=slow_seller", s.order_id, s.line_no);
                    let (product_id, zh, en) = (s.product_id, s.name_zh.clone(), s.name_en.clone());
                    view! {
                        <li class="slow-seller" data-product-id=product_id>
                            <div class="what">
                                <span class="name">{move || i18n.lang().pick(&zh, &en).to_owned()}</span>
                                <span class="figure">{move || slow_facts(i18n.lang(), &s)}</span>
                            </div>
                            <A href=href attr:class="button small claim-slow">
                                {move || i18n.t(K::ClaimSlowSeller)}
                            </A>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn claim_count(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{n} 笔"),
        Lang::En if n == 1 => "1 claim".to_owned(),
        Lang::En => format!("{n} claims"),
    }
}

/// "12 天里下单 3 次 · 9 箱 · 约每 10 天" / "3 order days · 9 cases · about every 10 days".
fn restock_pace(lang: Lang, order_days: i64, cases: i64, every: Option<i64>) -> String {
    let cases = crate::i18n::cases(lang, cases);
    match (lang, every) {
        (Lang::Zh, Some(e)) => format!("进货 {order_days} 次 · {cases} · 约每 {e} 天"),
        (Lang::Zh, None) => format!("进货 {order_days} 次 · {cases}"),
        (Lang::En, Some(e)) => format!("{order_days} orders · {cases} · about every {e} days"),
        (Lang::En, None) if order_days == 1 => format!("1 order · {cases}"),
        (Lang::En, None) => format!("{order_days} orders · {cases}"),
    }
}

/// "到货 75 天 · 剩 24 件可退 ¥48.00 · 截至 2027-03-01".
fn slow_facts(lang: Lang, s: &SlowSeller) -> String {
    let units = crate::i18n::units(lang, s.units_left);
    match lang {
        Lang::Zh => format!("到货 {} 天 · {units}可退 {} · {} 前可申请", s.days_since, s.refund, s.closes_on),
        Lang::En => {
            format!("delivered {} days ago · {units}, {} back · claim by {}", s.days_since, s.refund, s.closes_on)
        }
    }
}
