//! The counter page (`/counter`): the scanner, the sale being rung up (a stepper per product, the
//! total at suggested retail prices) and "record sale", which keeps the sale on the phone and sends
//! it; below, what waits to be sent, today's takings, and the shelf: each product's stock, how fast
//! it sells, what to reorder, batches close to expiry and the claim they can still get.
//!
//! Scans are looked up in the shelf list (the last answer is kept by the service worker, so the
//! counter works offline); a code not on it is asked of the catalogue when online.

use super::api::{count_shelf, shelf_today};
use super::outbox::{CounterSales, RungLine};
use super::{Shelf, ShelfItem};
use crate::account::Role;
use crate::error::AppError;
use crate::i18n::{percent, units, K};
use crate::money::Fen;
use crate::scanner::views::Scanner;
use crate::scanner::Read;
use crate::ui::{i18n, session};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn CounterPage() -> impl IntoView {
    let i18n = i18n();
    let session = session();
    let owner = session.0.with_untracked(|u| u.as_ref().filter(|u| u.role == Role::ShopOwner).map(|u| u.user_id));
    let state = CounterSales::get();
    if let Some(user) = owner {
        CounterSales::load_and_send(user);
    }
    // A salesperson sees the shelf of the shop they act for; only the owner rings up sales.
    let cart = crate::cart::state::cart_state();
    let me = session.0.with_untracked(|u| u.as_ref().map(|u| u.user_id));
    let shelf = LocalResource::new(move || {
        state.version.track();
        let shop = cart.for_shop();
        async move {
            // The last shelf is also kept on the phone: scans are looked up in it, so the counter
            // works offline even where the service worker has not kept an answer yet.
            let key = me.map(|user| super::outbox::shelf_key(user, shop));
            match shelf_today(shop).await {
                Ok(s) => {
                    if let Some(key) = &key {
                        let _ = crate::device::idb::put(key, &s).await;
                    }
                    Ok(s)
                }
                Err(e) if e.is_transient() => match &key {
                    Some(key) => crate::device::idb::get::<Shelf>(key).await.ok().flatten().ok_or(e),
                    None => Err(e),
                },
                Err(e) => Err(e),
            }
        }
    });
    let known = move || shelf.get_untracked().and_then(Result::ok).unwrap_or_default();
    let error = RwSignal::new(None::<AppError>);
    let notice = RwSignal::new(None::<K>);
    let on_code = Callback::new(move |read: Read| {
        let code = read.lookup_code();
        notice.set(None);
        error.set(None);
        if let Some((item, n)) = known().items.into_iter().find_map(|i| i.units_of(&code).map(|n| (i, n))) {
            state.add(RungLine {
                product_id: item.product_id,
                name_zh: item.name_zh,
                name_en: item.name_en,
                units: n,
                retail_unit: item.retail_unit,
            });
            return;
        }
        leptos::task::spawn_local(async move {
            match crate::catalogue::api::by_barcode(code).await {
                Ok(Some(m)) => state.add(RungLine {
                    product_id: m.card.id,
                    name_zh: m.card.name_zh,
                    name_en: m.card.name_en,
                    units: m.units.max(1),
                    retail_unit: Fen(0),
                }),
                Ok(None) => notice.set(Some(K::NotOnShelf)),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let recording = RwSignal::new(false);
    let record = move |_| {
        if recording.get_untracked() || state.rung.with_untracked(Vec::is_empty) {
            return;
        }
        recording.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match state.record().await {
                Ok(key) => {
                    notice.set(Some(K::SaleSaved));
                    if state.first_answer(&key, 3_000).await
                        && state.queue.with_untracked(|q| q.iter().all(|s| s.key != key))
                    {
                        notice.set(Some(K::SaleRecorded));
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            recording.set(false);
        });
    };
    let total = move || state.rung.with(|r| rung_total(r));
    view! {
        <section class="counter-page">
            <h1>{move || i18n.t(K::Counter)}</h1>
            <Show when=move || owner.is_some()>
                <crate::ui::ErrorLine error=error />
                {move || {
                    notice
                        .get()
                        .map(|k| {
                            view! {
                                <p class="scan-result counter-notice" role="status">
                                    {move || i18n.t(k)}
                                </p>
                            }
                        })
                }}
                <div class="counter-main">
                    <div class="counter-scan">
                        <Scanner on_code=on_code hint=K::CounterHint />
                    </div>
                    <div class="counter-sale">
                        <div class="sale" aria-live="polite">
                            <Show
                                when=move || state.rung.with(|r| !r.is_empty())
                                fallback=move || view! { <p class="sale-empty">{move || i18n.t(K::SaleEmpty)}</p> }
                            >
                                <ul class="sale-lines">
                                    <For each=move || state.rung.get() key=|l| (l.product_id, l.units) let:line>
                                        <SaleRow line=line />
                                    </For>
                                </ul>
                            </Show>
                            <p class="sale-total">
                                <span>{move || i18n.t(K::SaleTotal)}</span>
                                <strong>{move || total().to_string()}</strong>
                            </p>
                            <button
                                type="button"
                                class="button primary wide record-sale"
                                disabled=move || recording.get() || state.rung.with(Vec::is_empty)
                                on:click=record
                            >
                                {move || i18n.t(K::RecordSale)}
                            </button>
                        </div>
                        <Waiting />
                    </div>
                </div>
            </Show>
            {move || crate::ui::loaded(shelf.get(), |s| view! { <ShelfList shelf=s /> }.into_any())}
        </section>
    }
}

/// The sale's total at the suggested retail prices, as the server will record it.
fn rung_total(rung: &[RungLine]) -> Fen {
    let lines: Vec<super::SaleLine> =
        rung.iter().map(|l| super::SaleLine { product_id: l.product_id, units: l.units }).collect();
    super::retail_value(&lines, |id| rung.iter().find(|l| l.product_id == id).map_or(Fen(0), |l| l.retail_unit))
}

#[component]
fn SaleRow(line: RungLine) -> impl IntoView {
    let i18n = i18n();
    let state = CounterSales::get();
    let id = line.product_id;
    let step = move |by: i64| {
        state.change_rung(|r| {
            if let Some(l) = r.iter_mut().find(|l| l.product_id == id) {
                l.units = (l.units + by).clamp(0, super::MAX_UNITS);
            }
        })
    };
    let fewer = move |_| step(-1);
    let more = move |_| step(1);
    let (zh, en) = (line.name_zh.clone(), line.name_en.clone());
    view! {
        <li class="sale-line" data-product-id=id>
            <span class="name">{move || i18n.lang().pick(&zh, &en).to_owned()}</span>
            <div class="stepper">
                <button type="button" class="step" aria-label=move || i18n.t(K::OneUnitFewer) on:click=fewer>
                    "−"
                </button>
                <span class="qty" aria-live="polite">
                    {line.units}
                </span>
                <button type="button" class="step" aria-label=move || i18n.t(K::OneUnitMore) on:click=more>
                    "+"
                </button>
            </div>
            <span class="price">{Fen(line.retail_unit.0.saturating_mul(line.units)).to_string()}</span>
        </li>
    }
}

/// Sales kept on the phone and not yet recorded; a refused one with its reason and a way to drop it.
#[component]
fn Waiting() -> impl IntoView {
    let i18n = i18n();
    let state = CounterSales::get();
    let waiting = move || state.queue.with(|q| q.iter().filter(|s| s.refused.is_none()).count());
    let refused = move || state.queue.get().into_iter().filter(|s| s.refused.is_some()).collect::<Vec<_>>();
    view! {
        <Show when=move || { waiting() > 0 }>
            <p class="sales-waiting" role="status">
                {move || format!("{} {}", waiting(), i18n.t(K::SalesWaiting))}
            </p>
        </Show>
        <For each=refused key=|s| s.key.clone() let:sale>
            <RefusedSale sale />
        </For>
    }
}

#[component]
fn RefusedSale(sale: super::outbox::QueuedSale) -> impl IntoView {
    let i18n = i18n();
    let state = CounterSales::get();
    let key = sale.key.clone();
    let reason = sale.refused.clone();
    let drop_it = move |_| {
        let key = key.clone();
        leptos::task::spawn_local(async move { state.discard(&key).await });
    };
    view! {
        <div class="sale-refused" role="alert">
            <p>
                {move || {
                    format!(
                        "{} · {}",
                        units(i18n.lang(), sale.units),
                        reason.as_ref().map(|e| e.message(i18n.lang())).unwrap_or_default(),
                    )
                }}
            </p>
            <button type="button" class="button small" on:click=drop_it>
                {move || i18n.t(K::Remove)}
            </button>
        </div>
    }
}

#[component]
fn ShelfList(shelf: Shelf) -> impl IntoView {
    let i18n = i18n();
    let today = shelf.today;
    let sales_today = shelf.sales_today;
    let (units_today, retail_today) = (shelf.units_today, shelf.retail_today);
    let empty = shelf.items.is_empty();
    view! {
        <h2 class="today">{move || i18n.t(K::SalesToday)}</h2>
        <p class="takings">
            {move || {
                format!(
                    "{} · {} · {retail_today}",
                    crate::i18n::sales(i18n.lang(), sales_today),
                    units(i18n.lang(), units_today),
                )
            }}
        </p>
        <h2>{move || i18n.t(K::Shelf)}</h2>
        {empty.then(|| view! { <p class="empty-state">{move || i18n.t(K::ShelfEmpty)}</p> })}
        <ul class="shelf">{shelf.items.into_iter().map(|item| view! { <ShelfRow item today /> }).collect_view()}</ul>
    }
}

#[component]
fn ShelfRow(item: ShelfItem, today: Option<crate::dates::Date>) -> impl IntoView {
    let i18n = i18n();
    let state = CounterSales::get();
    let session = session();
    let owner = session.0.with_untracked(|u| u.as_ref().is_some_and(|u| u.role == Role::ShopOwner));
    let id = item.product_id;
    let (zh, en) = (item.name_zh.clone(), item.name_en.clone());
    let s = item.stock;
    let on_shelf = move || (s.on_shelf - state.pending_units(id)).max(0);
    let slow = today.is_some_and(|t| item.slow(t));
    let rate = format!("{}.{}", s.per_kday / 1000, (s.per_kday % 1000) / 100);
    let counting = RwSignal::new(false);
    let counted = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let save_count = move |_| {
        let Ok(n) = counted.get_untracked().trim().parse::<i64>() else {
            error.set(Some(AppError::Invalid(crate::error::Invalid::ShelfCount)));
            return;
        };
        leptos::task::spawn_local(async move {
            match count_shelf(id, n).await {
                Ok(()) => {
                    counting.set(false);
                    error.set(None);
                    state.version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let reorder = item.reorder_cases;
    let claim = item.claim.clone();
    view! {
        <li class="shelf-item" class:reorder={reorder > 0} class:slow=slow data-product-id=id>
            <div class="shelf-head">
                <A href=format!("/product/{id}") attr:class="name">
                    {move || i18n.lang().pick(&zh, &en).to_owned()}
                </A>
                <span class="on-shelf">
                    {move || format!("{} {}", i18n.t(K::OnShelf), units(i18n.lang(), on_shelf()))}
                </span>
            </div>
            <p class="shelf-facts">
                {move || {
                    let days = s
                        .days_left
                        .map(|d| format!(" · {} {d} {}", i18n.t(K::DaysLeft), i18n.t(K::DaysUnit)))
                        .unwrap_or_default();
                    format!(
                        "{} {rate}{days} · {} {}",
                        i18n.t(K::SellsPerDay),
                        i18n.t(K::SellThrough),
                        percent(s.sell_through_permille),
                    )
                }}
            </p>
            {(s.oversold > 0).then(|| view! { <p class="oversold">{move || i18n.t(K::Oversold)}</p> })}
            {slow.then(|| view! { <p class="slow-note">{move || i18n.t(K::SlowOnShelf)}</p> })}
            {(reorder > 0)
                .then(|| {
                    view! {
                        <p class="reorder-note">
                            <A href=format!("/product/{id}") attr:class="button small primary reorder">
                                {move || {
                                    format!("{} {}", i18n.t(K::ReorderNow), crate::i18n::cases(i18n.lang(), reorder))
                                }}
                            </A>
                            <small>{move || i18n.t(K::ReorderWhy)}</small>
                        </p>
                    }
                })}
            <ul class="batches">
                {item
                    .near_expiry
                    .iter()
                    .map(|b| {
                        let expired = today.zip(b.delivery.expires_on).is_some_and(|(t, e)| e <= t);
                        let on = b.delivery.expires_on.map(|e| e.to_string()).unwrap_or_default();
                        let left = b.left;
                        view! {
                            <li class="batch" class:expired=expired>
                                {move || {
                                    format!(
                                        "{} {on} · {}",
                                        i18n.t(if expired { K::BatchExpired } else { K::ExpiresOn }),
                                        units(i18n.lang(), left),
                                    )
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {claim
                .map(|c| {
                    let expiry = c.kind == "expiry";
                    let href = format!("/orders/{}/claim/{}?kind={}", c.order_id, c.line_no, c.kind);
                    view! {
                        <A href=href attr:class="button small claim-link">
                            {move || {
                                format!(
                                    "{} · {} · {}",
                                    i18n.t(if expiry { K::ClaimExpiry } else { K::ClaimSlow }),
                                    units(i18n.lang(), c.units),
                                    c.closes_on,
                                )
                            }}
                        </A>
                    }
                })}
            <Show when=move || owner>
                <Show
                    when=move || counting.get()
                    fallback=move || {
                        view! {
                            <button type="button" class="button small count" on:click=move |_| counting.set(true)>
                                {move || i18n.t(K::CountShelf)}
                            </button>
                        }
                    }
                >
                    <div class="count-form">
                        <label>
                            <span>{move || i18n.t(K::UnitsCounted)}</span>
                            <input
                                type="number"
                                inputmode="numeric"
                                min="0"
                                max="99999"
                                class="count-units"
                                prop:value=move || counted.get()
                                on:input=move |ev| counted.set(event_target_value(&ev))
                            />
                        </label>
                        <button type="button" class="button small primary save-count" on:click=save_count>
                            {move || i18n.t(K::CountShelf)}
                        </button>
                    </div>
                </Show>
                <crate::ui::ErrorLine error=error />
            </Show>
        </li>
    }
}
