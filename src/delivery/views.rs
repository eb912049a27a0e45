//! The dispatcher's screen (the queue by status, one step or all at once), and the shop's receipt
//! check on the order page.

use super::api::sign_delivery;
#[cfg(feature = "staff")]
use super::api::{advance_order, dispatch_queue, late_orders};
use super::Received;
use crate::app::i18n;
use crate::error::AppError;
use crate::i18n::K;
#[cfg(feature = "staff")]
use crate::orders::lifecycle::next_for_warehouse;
use crate::orders::OrderLine;
#[cfg(feature = "staff")]
use crate::orders::OrderStatus;
use leptos::prelude::*;
use leptos_router::components::A;

#[cfg(feature = "staff")]
#[component]
pub fn DispatchPage() -> impl IntoView {
    let i18n = i18n();
    let status = RwSignal::new(OrderStatus::Confirmed);
    let version = RwSignal::new(0u32);
    let driver = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let queue = LocalResource::new(move || {
        version.track();
        dispatch_queue(status.get())
    });
    let step = move |ids: Vec<i64>| {
        let from = status.get_untracked();
        let Some(to) = next_for_warehouse(from) else { return };
        let d = Some(driver.get_untracked()).filter(|d| !d.trim().is_empty());
        leptos::task::spawn_local(async move {
            for id in ids {
                if let Err(e) = advance_order(id, to, d.clone()).await {
                    error.set(Some(e));
                }
            }
            version.update(|v| *v += 1);
        });
    };
    let late = LocalResource::new(move || {
        version.track();
        late_orders()
    });
    view! {
        <section class="dispatch">
            <h1>{move || i18n.t(K::NavDispatch)}</h1>
            {move || late.get().and_then(|r| r.ok()).filter(|l| !l.is_empty()).map(|list| view! {
                <div class="late-today">
                    <h2>{i18n.t(K::LateToday)}</h2>
                    <ul class="order-list">
                        {list.into_iter().map(|o| view! {
                            <li class="dispatch-row late-row" data-order-id=o.id>
                                <strong>{o.shop_name.clone()}</strong>
                                <span class="order-time">{format!("{} · {}", i18n.t(o.status.label()), o.promised_on)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            })}
            <Pickups/>
            <div class="chips" role="tablist">
                {[OrderStatus::Confirmed, OrderStatus::Picking, OrderStatus::Dispatched, OrderStatus::OutForDelivery].into_iter().map(|s| view! {
                    <button type="button" class="chip" class:active=move || status.get() == s on:click=move |_| status.set(s)>{move || i18n.t(s.label())}</button>
                }).collect_view()}
            </div>
            <Show when=move || status.get() == OrderStatus::Picking>
                <input type="text" class="driver" placeholder=move || i18n.t(K::DriverPlaceholder) prop:value=driver on:input=move |ev| driver.set(event_target_value(&ev))/>
            </Show>
            <crate::app::ErrorLine error=error/>
            {move || match queue.get() {
                None => view! { <p class="loading">{i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{i18n.t(K::NothingToDo)}</p> }.into_any(),
                Some(Ok(list)) => {
                    let all: Vec<i64> = list.iter().map(|o| o.id).collect();
                    view! {
                        <button type="button" class="button primary advance-all" on:click=move |_| step(all.clone())>{i18n.t(K::AdvanceAll)}</button>
                        <ul class="order-list">
                            {list.into_iter().map(|o| {
                                let id = o.id;
                                view! {
                                    <li class="order-row dispatch-row" data-order-id=id>
                                        <div>
                                            <strong>{o.shop_name.clone()}</strong>
                                            <span class="order-time">{format!(" · {} {} · {}", o.cases, i18n.t(K::Cases), o.promised_on)}</span>
                                        </div>
                                        <button type="button" class="button advance" on:click=move |_| step(vec![id])>{i18n.t(K::Advance)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Line by line: how many units arrived in good order (all, unless the shop says otherwise),
/// then sign. Shortfalls become claims on the spot.
#[component]
pub fn ReceiptCheck(order_id: i64, lines: Vec<OrderLine>, on_signed: impl Fn() + Copy + 'static) -> impl IntoView {
    let i18n = i18n();
    let received: Vec<(i64, i64, RwSignal<i64>)> = lines
        .iter()
        .enumerate()
        .map(|(n, l)| {
            let units = (l.cases + l.free_cases) * l.pack_size;
            (n as i64 + 1, units, RwSignal::new(units))
        })
        .collect();
    let error = RwSignal::new(None::<AppError>);
    let claimed = RwSignal::new(false);
    // Scanning: counts start from zero, and each scan ticks off one unit (a case code, its pack).
    let scanning = RwSignal::new(false);
    let ticked = RwSignal::new(None::<Result<(String, i64), ()>>);
    let products: Vec<i64> = lines.iter().map(|l| l.product_id).collect();
    let scan_signals = StoredValue::new(received.clone());
    let open_scanner = move |_| {
        if !scanning.get_untracked() {
            scan_signals.with_value(|all| all.iter().for_each(|(_, _, s)| s.set(0)));
        }
        scanning.set(true);
    };
    let tick_signals = received.clone();
    let on_code = Callback::new(move |read: crate::scanner::Read| {
        let products = products.clone();
        let signals = tick_signals.clone();
        leptos::task::spawn_local(async move {
            match crate::catalogue::api::by_barcode(read.lookup_code()).await {
                Ok(Some(m)) => match products.iter().position(|p| *p == m.card.id) {
                    Some(n) => {
                        let (_, max, s) = &signals[n];
                        s.update(|v| *v = (*v + m.units).min(*max));
                        let name = m.card.name(i18n.lang()).to_owned();
                        ticked.set(Some(Ok((name, m.units))));
                    }
                    None => ticked.set(Some(Err(()))),
                },
                Ok(None) => ticked.set(Some(Err(()))),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let signals = received.clone();
    let sign = move |_| {
        let rec: Vec<Received> = signals.iter().map(|(line_no, _, s)| Received { line_no: *line_no, units: s.get_untracked() }).collect();
        leptos::task::spawn_local(async move {
            match sign_delivery(order_id, rec).await {
                Ok((_, claims)) => {
                    claimed.set(!claims.is_empty());
                    on_signed();
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="receipt-check">
            <h2>{move || i18n.t(K::ReceiptCheck)}</h2>
            <Show when=move || scanning.get() fallback=move || view! {
                <button type="button" class="button scan-receipt" on:click=open_scanner><crate::scanner::views::ScanIcon/>{move || i18n.t(K::ScanToCheck)}</button>
            }>
                <crate::scanner::views::Scanner on_code=on_code hint=K::ScanReceiptHint/>
                <button type="button" class="button small close-scanner" on:click=move |_| scanning.set(false)>{move || i18n.t(K::Close)}</button>
            </Show>
            {move || ticked.get().map(|t| match t {
                Ok((name, n)) => view! { <p class="scan-result ticked" role="status">{format!("{} · {name} +{n}", i18n.t(K::Ticked))}</p> }.into_any(),
                Err(()) => view! { <p class="scan-result unknown" role="status">{i18n.t(K::NotOnThisOrder)}</p> }.into_any(),
            })}
            <ul class="receipt-lines">
                {lines.into_iter().zip(received).map(|(l, (line_no, units, got))| {
                    let (zh, en) = (l.name_zh.clone(), l.name_en.clone());
                    view! {
                        <li class="receipt-line" data-line=line_no>
                            <span class="name">{move || if i18n.lang() == crate::i18n::Lang::Zh { zh.clone() } else { en.clone() }}</span>
                            <span class="expected">{move || format!("{} {units}", i18n.t(K::UnitsDelivered))}</span>
                            <label>
                                <span>{move || i18n.t(K::UnitsReceived)}</span>
                                <input type="number" inputmode="numeric" min="0" max=units class="received"
                                    prop:value=move || got.get().to_string()
                                    on:change=move |ev| got.set(event_target_value(&ev).trim().parse::<i64>().unwrap_or(units).clamp(0, units))/>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <crate::app::ErrorLine error=error/>
            <Show when=move || claimed.get()>
                <p class="notice">{move || i18n.t(K::ShortClaimed)}" "<A href="/claims">{move || i18n.t(K::NavClaims)}</A></p>
            </Show>
            <button type="button" class="button primary wide sign-delivery" on:click=sign>{move || i18n.t(K::SignDelivery)}</button>
        </section>
    }
}

/// Slow-seller returns waiting for the courier: the dispatcher marks each collected, and it goes
/// on to review (approval pays it).
#[cfg(feature = "staff")]
#[component]
fn Pickups() -> impl IntoView {
    use crate::claims::api::{mark_collected, pickups};
    let i18n = i18n();
    let version = RwSignal::new(0u32);
    let error = RwSignal::new(None::<AppError>);
    let list = LocalResource::new(move || {
        version.track();
        pickups()
    });
    view! {
        {move || list.get().and_then(|r| r.ok()).filter(|l| !l.is_empty()).map(|list| view! {
            <div class="pickups">
                <h2>{i18n.t(K::Pickups)}</h2>
                <crate::app::ErrorLine error=error/>
                <ul class="order-list">
                    {list.into_iter().map(|c| {
                        let id = c.summary.id;
                        let product = i18n.lang().pick(&c.product_name_zh, &c.product_name_en).to_owned();
                        view! {
                            <li class="dispatch-row pickup-row" data-claim-id=id>
                                <div>
                                    <strong>{c.shop_name.clone()}</strong>
                                    <span class="order-time">{format!(" · {product} · {} {} · {}", c.summary.units, i18n.t(K::Units), c.pickup_on.map(|d| d.to_string()).unwrap_or_default())}</span>
                                </div>
                                <button type="button" class="button collected" on:click=move |_| {
                                    leptos::task::spawn_local(async move {
                                        match mark_collected(id).await {
                                            Ok(_) => version.update(|v| *v += 1),
                                            Err(e) => error.set(Some(e)),
                                        }
                                    });
                                }>{i18n.t(K::MarkCollected)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        })}
    }
}
