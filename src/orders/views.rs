//! The orders page (what is waiting on the device, then the shop's orders) and an order's page
//! (lines, amounts, promise, timeline, cancel, order again).

use super::api::{cancel_order, get_order, list_orders};
use super::{OrderDetail, OrderStatus, OrderSummary};
use crate::cart::state::cart_state;
use crate::cart::{OutboxEntry, OutboxState};
use crate::error::AppError;
use crate::i18n::K;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

pub fn time_of(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}-{:02} {:02}:{:02}", d.get_month() + 1, d.get_date(), d.get_hours(), d.get_minutes())
}

#[component]
fn OutboxRow(entry: OutboxEntry) -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let key = StoredValue::new(entry.key.clone());
    let needs_look = matches!(entry.state, OutboxState::NeedsLook(_));
    let fixable = matches!(entry.state, OutboxState::NeedsLook(AppError::OrderRejected(_)));
    // Any other refusal can be sent again as it is (say, once the shop is assigned again), except
    // an order left with no lines.
    let resendable = !fixable && !matches!(entry.state, OutboxState::NeedsLook(AppError::EmptyOrder));
    let error = match &entry.state {
        OutboxState::NeedsLook(e) => Some(e.clone()),
        OutboxState::Waiting => None,
    };
    let total = entry.cart.seen_total();
    let lines = entry.cart.lines.len();
    view! {
        <li class="outbox-entry" class:needs-look=needs_look data-key=entry.key.clone()>
            <div class="outbox-head">
                <span>{time_of(entry.created_ms)}</span>
                <span>{move || crate::i18n::products(i18n.lang(), lines)}</span>
                <strong>{total.to_string()}</strong>
            </div>
            <p class="outbox-state">
                {move || match &error {
                    None => i18n.t(K::OutboxWaiting).to_owned(),
                    Some(e) => format!("{}: {}", i18n.t(K::OrderNotAccepted), e.message(i18n.lang())),
                }}
            </p>
            <Show when=move || needs_look>
                <div class="outbox-actions">
                    <Show when=move || fixable>
                        <button
                            type="button"
                            class="button primary accept-changes"
                            on:click=move |_| state.accept_changes(&key.get_value())
                        >
                            {move || i18n.t(K::OutboxAccept)}
                        </button>
                    </Show>
                    <Show when=move || resendable>
                        <button
                            type="button"
                            class="button primary send-again"
                            on:click=move |_| state.accept_changes(&key.get_value())
                        >
                            {move || i18n.t(K::SendAgain)}
                        </button>
                    </Show>
                    <button
                        type="button"
                        class="button back-to-cart"
                        on:click=move |_| state.back_to_cart(&key.get_value())
                    >
                        {move || i18n.t(K::MoveToCart)}
                    </button>
                    <crate::ui::Confirm
                        class="link danger discard-order"
                        label=K::OutboxDiscard
                        ask=K::AskDiscardOrder
                        on_confirm=move || state.discard(&key.get_value())
                    />
                </div>
            </Show>
        </li>
    }
}

#[component]
fn OrderRow(order: OrderSummary) -> impl IntoView {
    let i18n = i18n();
    let status = order.status;
    let by_salesperson = order.placed_by_salesperson;
    let placed_by = order.placed_by.clone();
    view! {
        <li class="order-row" data-order-id=order.id>
            <A href=format!("/orders/{}", order.id)>
                <div class="order-row-head">
                    <strong class="order-number">{move || format!("{} {}", i18n.t(K::OrderNo), order.number)}</strong>
                    <span class=format!("status status-{}", status.code())>{move || i18n.t(status.label())}</span>
                    <span class="order-time">{time_of(order.created_ms)}</span>
                </div>
                <div class="order-row-body">
                    <span>{move || crate::i18n::cases(i18n.lang(), order.cases)}</span>
                    <strong>{order.payable.to_string()}</strong>
                </div>
                <div class="order-row-foot">
                    <span>{move || format!("{} {}", i18n.t(K::PromisedOn), order.promised_on)}</span>
                    <Show when=move || by_salesperson>
                        <span class="badge">
                            {
                                let p = placed_by.clone();
                                move || format!("{} {}", p, i18n.t(K::OnBehalf))
                            }
                        </span>
                    </Show>
                </div>
            </A>
        </li>
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let orders = LocalResource::new(move || {
        state.orders_version.track();
        list_orders(state.for_shop())
    });
    // Shown once, on this visit.
    let flash = state.flash.get_untracked();
    state.flash.set(None);
    view! {
        <section class="orders-page">
            // The previous page's message, then what the outbox sent most recently (the sync
            // view's "sent").
            {flash
                .map(|k| {
                    view! {
                        <p class="notice" role="status">
                            {move || i18n.t(k)}
                        </p>
                    }
                })} <Show when=move || state.last_placed.get().is_some()>
                <p class="sent-note" role="status">
                    {move || {
                        state
                            .last_placed
                            .get()
                            .map(|o| {
                                format!(
                                    "✓ {} · {} {} · {}",
                                    i18n.t(K::OrderPlaced),
                                    i18n.t(K::OrderNo),
                                    o.number,
                                    o.payable,
                                )
                            })
                    }}
                </p>
            </Show> <Show when=move || !state.outbox.with(|o| o.is_empty())>
                <section class="outbox">
                    <h2>{move || i18n.t(K::Outbox)}</h2>
                    <ul class="outbox-list">
                        <For
                            each=move || state.outbox.get()
                            key=|e| (e.key.clone(), e.attempts, e.state == OutboxState::Waiting)
                            let:entry
                        >
                            <OutboxRow entry=entry />
                        </For>
                    </ul>
                </section>
            </Show> <h1>{move || i18n.t(K::NavOrders)}</h1>
            {move || crate::ui::loaded(
                orders.get(),
                |loaded| match loaded {
                    list if list.is_empty() => {
                        view! {
                            <div class="empty-state">
                                <h2>{move || i18n.t(K::OrdersEmpty)}</h2>
                                <p>{move || i18n.t(K::OrdersEmptyHint)}</p>
                                <A href="/catalogue" attr:class="button primary">
                                    {move || i18n.t(K::GoShopping)}
                                </A>
                            </div>
                        }
                            .into_any()
                    }
                    list => {
                        view! {
                            <ul class="order-list">
                                {list.into_iter().map(|o| view! { <OrderRow order=o /> }).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                },
            )}
        </section>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let version = RwSignal::new(0u32);
    let filed = RwSignal::new(0usize);
    let detail = LocalResource::new(move || {
        version.track();
        get_order(id().into())
    });
    // Live state without a manual refresh: ask again every 15 seconds while the page is open.
    let alive = StoredValue::new(true);
    on_cleanup(move || alive.set_value(false));
    leptos::task::spawn_local(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(15_000).await;
            if !alive.try_get_value().unwrap_or(false) {
                break;
            }
            version.update(|v| *v += 1);
        }
    });
    // What the page shows changes only when the order does: a refresh with the same answer
    // rebuilds nothing (the receipt check being counted stays as it is, focus included), and a
    // refresh that could not reach the server keeps the last answer on screen.
    let shown = Memo::new(move |prev: Option<&Option<Result<OrderDetail, AppError>>>| {
        let now = detail.get();
        let same = |d: &OrderDetail| d.summary.id == id();
        match (now, prev) {
            (Some(Err(e)), Some(Some(Ok(last)))) if e.is_transient() && same(last) => Some(Ok(last.clone())),
            (None, Some(Some(Ok(last)))) if same(last) => Some(Ok(last.clone())),
            (now, _) => now,
        }
    });
    view! {
        <section class="order-page">
            {move || crate::ui::loaded(
                shown.get(),
                |d| view! { <OrderDetailView detail=d version=version filed=filed /> }.into_any(),
            )}
        </section>
    }
}

#[component]
fn OrderDetailView(
    detail: OrderDetail,
    version: RwSignal<u32>,
    /// Claims the shop's signing filed on this visit: said at the top, where the receipt check was.
    filed: RwSignal<usize>,
) -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let navigate = use_navigate();
    let s = detail.summary.clone();
    let error = RwSignal::new(None::<AppError>);
    let status = s.status;
    let order_id = s.id;
    let cancel = move || {
        leptos::task::spawn_local(async move {
            match cancel_order(order_id.into()).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let again_lines: Vec<(i64, i64)> = detail.lines.iter().map(|l| (l.product_id, l.cases)).collect();
    // Changing an order before it is picked: it is cancelled (stock and balance go back) and its
    // lines go into the cart to change and place again; the new order gets its own promise.
    let edit_lines = StoredValue::new(again_lines.clone());
    let edit_navigate = StoredValue::new_local(navigate.clone());
    let edit = move || {
        let lines = edit_lines.get_value();
        let navigate = edit_navigate.get_value();
        leptos::task::spawn_local(async move {
            if let Err(e) = cancel_order(order_id.into()).await {
                error.set(Some(e));
                return;
            }
            let ids = lines.iter().map(|(id, _)| *id).collect();
            match crate::catalogue::api::cards_by_ids(ids).await {
                Ok(cards) => {
                    for (id, cases) in lines {
                        if let Some(card) = cards.iter().find(|c| c.id == id) {
                            state.add(card, cases);
                        }
                    }
                    state.orders_version.update(|v| *v += 1);
                    navigate("/cart", Default::default());
                }
                // Cancelled, but the catalogue did not answer: the order page shows it cancelled,
                // and "order again" puts the lines back once the network does.
                Err(e) => {
                    error.set(Some(e));
                    version.update(|v| *v += 1);
                }
            }
        });
    };
    let again = move |_| {
        let lines = again_lines.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let ids = lines.iter().map(|(id, _)| *id).collect();
            match crate::catalogue::api::cards_by_ids(ids).await {
                Ok(cards) => {
                    for (id, cases) in lines {
                        if let Some(card) = cards.iter().find(|c| c.id == id) {
                            state.add(card, cases);
                        }
                    }
                    navigate("/cart", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let by_salesperson = s.placed_by_salesperson;
    let receipt_lines = detail.lines.clone();
    let is_shop = crate::ui::session()
        .0
        .get_untracked()
        .is_some_and(|u| matches!(u.role, crate::account::Role::ShopOwner | crate::account::Role::Salesperson));
    view! {
        <header class="order-head">
            <h1>
                {
                    let n = s.number;
                    move || format!("{} {n}", i18n.t(K::OrderNo))
                }
            </h1>
            <span class=format!("status status-{}", status.code())>{move || i18n.t(status.label())}</span>
        </header>
        <Show when=move || { filed.get() > 0 }>
            <p class="notice claim-filed" role="status">
                {move || i18n.t(K::ShortClaimed)}
                " "
                <A href="/claims">{move || i18n.t(K::SeeClaims)}</A>
            </p>
        </Show>
        <dl class="facts">
            <dt>{move || i18n.t(K::PromisedOn)}</dt>
            <dd class="promised">{s.promised_on.to_string()}</dd>
            <Show when={
                let has = !s.driver.is_empty();
                move || has
            }>
                <dt>{move || i18n.t(K::Driver)}</dt>
                <dd class="driver">
                    {s.driver.clone()}
                    {
                        let phone = s.driver_phone.clone();
                        (!phone.is_empty())
                            .then(|| {
                                view! {
                                    " "
                                    <a class="call call-driver" href=format!("tel:{phone}")>
                                        {move || i18n.t(K::CallDriver)}
                                    </a>
                                }
                            })
                    }
                </dd>
            </Show>
            <dt>{move || i18n.t(K::PlacedBy)}</dt>
            <dd class="placed-by">
                {
                    let p = s.placed_by.clone();
                    move || if by_salesperson { format!("{p} · {}", i18n.t(K::OnBehalf)) } else { p.clone() }
                }
            </dd>
            <dt>{move || i18n.t(K::GoodsTotal)}</dt>
            <dd>{s.goods.to_string()}</dd>
            <Show when=move || { s.balance_used.0 > 0 }>
                <dt>{move || i18n.t(K::Balance)}</dt>
                <dd>{format!("-{}", s.balance_used)}</dd>
            </Show>
            <dt>{move || i18n.t(K::Payable)}</dt>
            <dd>
                <strong>{s.payable.to_string()}</strong>
            </dd>
        </dl>
        {s.delivery_photo.map(|p| view! { <crate::claims::views::DeliveryPhoto photo=p /> })}
        <Show when=move || status == OrderStatus::OutForDelivery && is_shop>
            <crate::delivery::views::ReceiptCheck
                order_id=order_id
                lines=receipt_lines.clone()
                on_signed=move |n| {
                    filed.set(n);
                    version.update(|v| *v += 1)
                }
            />
        </Show>
        <h2>{move || i18n.t(K::Lines)}</h2>
        <ul class="order-lines">
            {detail
                .lines
                .into_iter()
                .enumerate()
                .map(|(n, l)| {
                    let (zh, en) = (l.name_zh.clone(), l.name_en.clone());
                    let claim = (status == OrderStatus::Delivered && is_shop)
                        .then(|| {
                            view! {
                                <A
                                    href=format!("/orders/{order_id}/claim/{}", n + 1)
                                    attr:class="button small file-claim"
                                >
                                    {move || i18n.t(K::FileClaim)}
                                </A>
                            }
                        });
                    view! {
                        <li class="order-line">
                            <img
                                class="packshot"
                                src=format!("/img/p/{}.svg", l.product_id)
                                alt=""
                                width="48"
                                height="48"
                            />
                            <span class="name">
                                {move || if i18n.lang() == crate::i18n::Lang::Zh { zh.clone() } else { en.clone() }}
                            </span>
                            <span class="qty">
                                {move || {
                                    let free = if l.free_cases > 0 {
                                        format!(" + {} {}", l.free_cases, i18n.t(K::FreeCasesNote))
                                    } else {
                                        String::new()
                                    };
                                    format!("{} × {}{free}", l.cases, l.case_price)
                                }}
                            </span>
                            <strong>{l.total.to_string()}</strong>
                            {claim}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <h2>{move || i18n.t(K::Timeline)}</h2>
        <ol class="timeline">
            // The events so far, then what is still to come, greyed, with the day it is promised for.
            {detail
                .events
                .into_iter()
                .map(|e| {
                    view! {
                        <li class=format!("event status-{}", e.status.code())>
                            <span class="event-status">{move || i18n.t(e.status.label())}</span>
                            <span class="event-time">{time_of(e.at_ms)}</span>
                            <span class="event-actor">{e.actor.clone()}</span>
                        </li>
                    }
                })
                .collect_view()}
            {super::lifecycle::upcoming(status)
                .into_iter()
                .map(|next| {
                    let promised = s.promised_on.to_string();
                    view! {
                        <li class="event upcoming" data-status=next.code()>
                            <span class="event-status">{move || i18n.t(next.label())}</span>
                            <span class="event-time">
                                {move || {
                                    if next == OrderStatus::Delivered {
                                        format!("{} {promised}", i18n.t(K::ExpectedOn))
                                    } else {
                                        String::new()
                                    }
                                }}
                            </span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <crate::ui::ErrorLine error=error />
        <div class="order-actions">
            <button type="button" class="button primary" on:click=again>
                {move || i18n.t(K::OrderAgain)}
            </button>
            <Show when=move || status.can_cancel()>
                <crate::ui::Confirm class="button edit-order" label=K::EditOrder ask=K::AskEditOrder on_confirm=edit />
                <crate::ui::Confirm
                    class="button danger cancel-order"
                    label=K::Cancel
                    ask=K::AskCancelOrder
                    on_confirm=cancel
                />
            </Show>
        </div>
    }
}
