//! The dispatcher's screen (staff app only): the queue by status, one step or all at once, the
//! late orders, and slow-seller returns waiting for the courier.

use super::api::{advance_order, dispatch_queue, drivers, late_orders};
use crate::error::AppError;
use crate::i18n::K;
use crate::orders::lifecycle::next_for_warehouse;
use crate::orders::OrderStatus;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn DispatchPage() -> impl IntoView {
    let i18n = i18n();
    let status = RwSignal::new(OrderStatus::Confirmed);
    let version = RwSignal::new(0u32);
    let driver = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    // Each list knows the tab it was fetched for: while another tab's list loads, the previous one
    // is not shown (a quick tap would have stepped its orders as if they were in this tab's state).
    let queue = LocalResource::new(move || {
        version.track();
        let tab = status.get();
        async move { (tab, dispatch_queue(tab).await) }
    });
    let step = move |from: OrderStatus, ids: Vec<i64>| {
        let Some(to) = next_for_warehouse(from) else { return };
        let d = Some(driver.get_untracked()).filter(|d| !d.trim().is_empty());
        leptos::task::spawn_local(async move {
            for id in ids {
                if let Err(e) = advance_order(id.into(), to, d.clone()).await {
                    error.set(Some(e));
                }
            }
            version.update(|v| *v += 1);
        });
    };
    let crew = LocalResource::new(drivers);
    let late = LocalResource::new(move || {
        version.track();
        late_orders()
    });
    view! {
        <section class="dispatch">
            <h1>{move || i18n.t(K::NavDispatch)}</h1>
            {move || {
                late.get()
                    .and_then(|r| r.ok())
                    .filter(|l| !l.is_empty())
                    .map(|list| {
                        view! {
                            <div class="late-today">
                                <h2>{move || i18n.t(K::LateToday)}</h2>
                                <ul class="order-list">
                                    {list
                                        .into_iter()
                                        .map(|l| {
                                            let o = l.order;
                                            let (number, status, promised) = (o.number, o.status, o.promised_on);
                                            view! {
                                                <li
                                                    class="dispatch-row late-row"
                                                    data-order-id=o.id
                                                    class:compensated=l.compensated.is_some()
                                                >
                                                    <div class="dispatch-main">
                                                        <p class="dispatch-title">
                                                            <strong>{o.shop_name.clone()}</strong>
                                                            " "
                                                            <span class="order-number">
                                                                {move || format!("{} {number}", i18n.t(K::OrderNo))}
                                                            </span>
                                                        </p>
                                                        <p class="order-time">
                                                            {move || {
                                                                format!(
                                                                    "{} · {} {promised}",
                                                                    i18n.t(status.label()),
                                                                    i18n.t(K::PromisedOn),
                                                                )
                                                            }}
                                                        </p>
                                                    </div>
                                                    // Past its day: the shop was already credited 迟就赔, and is told so.
                                                    {move || match l.compensated {
                                                        Some(credit) => format!("{} {credit}", i18n.t(K::LateCredited)),
                                                        None => i18n.t(K::DueToday).to_owned(),
                                                    }}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
            <Pickups />
            <div class="chips" role="tablist">
                {[OrderStatus::Confirmed, OrderStatus::Picking, OrderStatus::Dispatched, OrderStatus::OutForDelivery]
                    .into_iter()
                    .map(|s| {
                        view! {
                            <button
                                type="button"
                                class="chip"
                                class:active=move || status.get() == s
                                on:click=move |_| status.set(s)
                            >
                                {move || i18n.t(s.label())}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            // Dispatching names the driver: one of the warehouse's (their phone goes to the shop),
            // typed only where the warehouse lists none.
            <Show when=move || {
                status.get() == OrderStatus::Picking
            }>
                {move || match crew.get() {
                    Some(Ok(list)) if !list.is_empty() => {
                        view! {
                            <label class="driver-choice">
                                <span>{move || i18n.t(K::Driver)}</span>
                                <select class="driver" on:change=move |ev| driver.set(event_target_value(&ev))>
                                    <option value="" selected=move || driver.get().is_empty()>
                                        {move || i18n.t(K::DriverPlaceholder)}
                                    </option>
                                    {list
                                        .into_iter()
                                        .map(|d| {
                                            let name = d.name.clone();
                                            view! {
                                                <option value=d.name.clone() selected=move || driver.get() == name>
                                                    {format!("{} · {}", d.name, d.phone)}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <input
                                type="text"
                                class="driver"
                                placeholder=move || i18n.t(K::DriverPlaceholder)
                                prop:value=driver
                                on:input=move |ev| driver.set(event_target_value(&ev))
                            />
                        }
                            .into_any()
                    }
                }}
            </Show>
            <crate::ui::ErrorLine error=error />
            {move || crate::ui::loaded(
                queue.get().filter(|(tab, _)| *tab == status.get()).map(|(_, list)| list),
                |loaded| match loaded {
                    list if list.is_empty() => {
                        view! { <p class="empty">{move || i18n.t(K::NothingToDo)}</p> }.into_any()
                    }
                    list => {
                        let all: Vec<i64> = list.iter().map(|o| o.id).collect();
                        let tab = status.get_untracked();
                        let can_advance = next_for_warehouse(tab).is_some();
                        // Out for delivery, the next step is the shop's (signing at the door): no button
                        // that would do nothing.
                        view! {
                            {can_advance
                                .then(|| {
                                    view! {
                                        <crate::ui::Confirm
                                            class="button primary advance-all"
                                            label=K::AdvanceAll
                                            ask=K::AskAdvanceAll
                                            on_confirm=move || step(tab, all.clone())
                                        />
                                    }
                                })}
                            <ul class="order-list">
                                {list
                                    .into_iter()
                                    .map(|o| {
                                        let id = o.id;
                                        let number = o.number;
                                        let (cases, promised) = (o.cases, o.promised_on);
                                        let phone = o.shop_phone.clone();
                                        view! {
                                            <li class="order-row dispatch-row" data-order-id=id>
                                                <div class="dispatch-main">
                                                    <p class="dispatch-title">
                                                        <strong>{o.shop_name.clone()}</strong>
                                                        " "
                                                        <span class="order-number">
                                                            {move || format!("{} {number}", i18n.t(K::OrderNo))}
                                                        </span>
                                                    </p>
                                                    <p class="address">{o.shop_address.clone()}</p>
                                                    <p class="order-time">
                                                        {move || {
                                                            format!(
                                                                "{} · {} {promised}",
                                                                crate::i18n::cases(i18n.lang(), cases),
                                                                i18n.t(K::PromisedOn),
                                                            )
                                                        }}
                                                    </p>
                                                    <p class="dispatch-links">
                                                        <A href=format!("/orders/{id}") attr:class="pick-list">
                                                            {move || i18n.t(K::PickList)}
                                                        </A>
                                                        {(!phone.is_empty())
                                                            .then(|| {
                                                                view! {
                                                                    <a class="call" href=format!("tel:{phone}")>
                                                                        {move || i18n.t(K::CallShop)}
                                                                    </a>
                                                                }
                                                            })}
                                                    </p>
                                                </div>
                                                {if can_advance {
                                                    view! {
                                                        <button
                                                            type="button"
                                                            class="button advance"
                                                            on:click=move |_| step(tab, vec![id])
                                                        >
                                                            {move || i18n.t(K::Advance)}
                                                        </button>
                                                    }
                                                        .into_any()
                                                } else {
                                                    view! {
                                                        <span class="waiting-for-shop">
                                                            {move || i18n.t(K::WaitingForShopToSign)}
                                                        </span>
                                                    }
                                                        .into_any()
                                                }}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                },
            )}
        </section>
    }
}

/// Slow-seller returns waiting for the courier: the dispatcher marks each collected, and it goes
/// on to review (approval pays it).
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
        {move || {
            list.get()
                .and_then(|r| r.ok())
                .filter(|l| !l.is_empty())
                .map(|list| {
                    view! {
                        <div class="pickups">
                            <h2>{move || i18n.t(K::Pickups)}</h2>
                            <crate::ui::ErrorLine error=error />
                            <ul class="order-list">
                                {list
                                    .into_iter()
                                    .map(|c| {
                                        let id = c.summary.id;
                                        let product = i18n
                                            .lang()
                                            .pick(&c.product_name_zh, &c.product_name_en)
                                            .to_owned();
                                        view! {
                                            <li class="dispatch-row pickup-row" data-claim-id=id>
                                                <div>
                                                    <strong>{c.shop_name.clone()}</strong>
                                                    <span class="order-time">
                                                        {format!(
                                                            " · {product} · {} {} · {}",
                                                            c.summary.units,
                                                            i18n.t(K::Units),
                                                            c.pickup_on.map(|d| d.to_string()).unwrap_or_default(),
                                                        )}
                                                    </span>
                                                </div>
                                                <button
                                                    type="button"
                                                    class="button collected"
                                                    on:click=move |_| {
                                                        leptos::task::spawn_local(async move {
                                                            match mark_collected(id.into()).await {
                                                                Ok(_) => version.update(|v| *v += 1),
                                                                Err(e) => error.set(Some(e)),
                                                            }
                                                        });
                                                    }
                                                >
                                                    {move || i18n.t(K::MarkCollected)}
                                                </button>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </div>
                    }
                })
        }}
    }
}
