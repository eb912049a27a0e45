//! The dispatcher's screen (the queue by status, one step or all at once), and the shop's receipt
//! check on the order page.

use super::api::sign_delivery;
#[cfg(feature = "staff")]
use super::api::{advance_order, dispatch_queue, drivers, late_orders};
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
            <crate::app::ErrorLine error=error />
            {move || crate::app::loaded(
                queue.get(),
                |loaded| match loaded {
                    list if list.is_empty() => {
                        view! { <p class="empty">{move || i18n.t(K::NothingToDo)}</p> }.into_any()
                    }
                    list => {
                        let all: Vec<i64> = list.iter().map(|o| o.id).collect();
                        let can_advance = next_for_warehouse(status.get_untracked()).is_some();
                        // Out for delivery, the next step is the shop's (signing at the door): no button
                        // that would do nothing.
                        view! {
                            {can_advance
                                .then(|| {
                                    view! {
                                        <crate::app::Confirm
                                            class="button primary advance-all"
                                            label=K::AdvanceAll
                                            ask=K::AskAdvanceAll
                                            on_confirm=move || step(all.clone())
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
                                                            on:click=move |_| step(vec![id])
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

/// Line by line: how many cases arrived (all, unless the shop says otherwise) and, as the
/// exception, how many units in them are missing or damaged; then sign. Shortfalls become claims
/// on the spot. What the shop counts is kept on the device at every change (`receipt_store`), so
/// the page's refresh, a reload or closing the app loses none of it.
#[component]
pub fn ReceiptCheck(
    order_id: i64,
    lines: Vec<OrderLine>,
    /// Called once signed, with how many claims the signing filed (short or damaged units).
    on_signed: impl Fn(usize) + Copy + 'static,
) -> impl IntoView {
    let i18n = i18n();
    let store = super::receipt_store::receipt_checks();
    leptos::task::spawn_local(store.load(order_id, lines.clone()));
    let check = Memo::new(move |_| store.get(order_id));
    let change = move |f: Box<dyn FnOnce(&mut super::receipt::ReceiptCheck)>| {
        leptos::task::spawn_local(async move {
            store.change(order_id, f).await;
        });
    };
    let error = RwSignal::new(None::<AppError>);
    let claimed = RwSignal::new(false);
    let signing = RwSignal::new(false);
    // Scanning: counts start from zero (once), and each scan ticks off a unit or a case.
    let scanning = RwSignal::new(false);
    let ticked = RwSignal::new(None::<Result<(String, i64), ()>>);
    let open_scanner = move |_| {
        change(Box::new(|c| c.start_scanning()));
        scanning.set(true);
    };
    let on_code = Callback::new(move |read: crate::scanner::Read| {
        leptos::task::spawn_local(async move {
            match crate::catalogue::api::by_barcode(read.lookup_code()).await {
                Ok(Some(m)) => {
                    let (id, units) = (m.card.id, m.units);
                    match store.change(order_id, move |c| c.tick(id, units)).await.flatten() {
                        Some(_) => ticked.set(Some(Ok((m.card.name(i18n.lang()).to_owned(), m.units)))),
                        None => ticked.set(Some(Err(()))),
                    }
                }
                Ok(None) => ticked.set(Some(Err(()))),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    // Proof of delivery: a photo of the goods at the door, downscaled on the phone and uploaded at
    // once; its id is kept with the count on the device and sent with the signature.
    let photo = Memo::new(move |_| check.with(|c| c.as_ref().and_then(|c| c.photo)));
    let photo_progress = RwSignal::new(None::<u32>);
    let on_photo = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        error.set(None);
        photo_progress.set(Some(0));
        leptos::task::spawn_local(async move {
            let sent = match crate::claims::outbox::downscale(&file).await {
                Ok(jpeg) => {
                    let key = crate::device::random_id();
                    crate::claims::outbox::upload(order_id, &key, &jpeg, move |p| photo_progress.set(Some(p))).await
                }
                Err(_) => Err(AppError::Invalid(crate::error::Invalid::Photo)),
            };
            match sent {
                Ok(id) => {
                    store.change(order_id, move |c| c.photo = Some(id)).await;
                }
                Err(e) => error.set(Some(e)),
            }
            photo_progress.set(None);
        });
    };
    let sign = move || {
        let Some((rec, photo)) = check.with_untracked(|c| c.as_ref().map(|c| (c.received(), c.photo))) else { return };
        signing.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            match sign_delivery(order_id.into(), rec, photo.map(Into::into)).await {
                Ok((_, claims)) => {
                    store.forget(order_id).await;
                    claimed.set(!claims.is_empty());
                    on_signed(claims.len());
                }
                // The count stays on the device: the shop signs again when it can.
                Err(e) => error.set(Some(e)),
            }
            signing.set(false);
        });
    };
    let missing = Memo::new(move |_| check.with(|c| c.as_ref().map(|c| c.missing_units()).unwrap_or(0)));
    view! {
        <section class="receipt-check">
            <h2>{move || i18n.t(K::ReceiptCheck)}</h2>
            <Show
                when=move || scanning.get()
                fallback=move || {
                    view! {
                        <button type="button" class="button scan-receipt" on:click=open_scanner>
                            <crate::scanner::views::ScanIcon />
                            {move || i18n.t(K::ScanToCheck)}
                        </button>
                    }
                }
            >
                <crate::scanner::views::Scanner on_code=on_code hint=K::ScanReceiptHint />
                <button type="button" class="button small close-scanner" on:click=move |_| scanning.set(false)>
                    {move || i18n.t(K::Close)}
                </button>
            </Show>
            {move || {
                ticked
                    .get()
                    .map(|t| match t {
                        Ok((name, n)) => {
                            view! {
                                <p class="scan-result ticked" role="status">
                                    {format!("{} · {name} +{n}", i18n.t(K::Ticked))}
                                </p>
                            }
                                .into_any()
                        }
                        Err(()) => {
                            view! {
                                <p class="scan-result unknown" role="status">
                                    {move || i18n.t(K::NotOnThisOrder)}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
            <Show
                when=move || check.with(|c| c.is_some())
                fallback=move || view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }
            >
                <ul class="receipt-lines">
                    {lines
                        .iter()
                        .enumerate()
                        .map(|(n, l)| {
                            let (zh, en) = (l.name_zh.clone(), l.name_en.clone());
                            let line_no = n as i64 + 1;
                            let line = Memo::new(move |_| {
                                check.with(|c| c.as_ref().and_then(|c| c.lines.get(n).cloned()))
                            });
                            let get = move |f: fn(&super::receipt::ReceiptLine) -> i64| {
                                line.with(|l| l.as_ref().map(f).unwrap_or(0))
                            };
                            let open = move || line.with(|l| l.as_ref().is_some_and(|l| l.units_open));
                            let pack = l.pack_size;
                            view! {
                                <li
                                    class="receipt-line"
                                    data-line=line_no
                                    class:short=move || { get(|l| l.missing_units()) > 0 }
                                >
                                    <span class="name">{move || i18n.lang().pick(&zh, &en).to_owned()}</span>
                                    <span class="expected">
                                        {move || {
                                            format!(
                                                "{} {} · {}",
                                                i18n.t(K::UnitsDelivered),
                                                crate::i18n::cases(i18n.lang(), get(|l| l.delivered_cases)),
                                                crate::i18n::pack_of(i18n.lang(), pack),
                                            )
                                        }}
                                    </span>
                                    <div class="receipt-count">
                                        <span>{move || i18n.t(K::CasesReceived)}</span>
                                        <div class="stepper">
                                            <button
                                                type="button"
                                                class="step fewer"
                                                aria-label=move || i18n.t(K::OneCaseFewer)
                                                on:click=move |_| change(
                                                    Box::new(move |c| {
                                                        let now = c.lines.get(n).map_or(0, |l| l.cases);
                                                        c.set_cases(line_no, now - 1)
                                                    }),
                                                )
                                            >
                                                "−"
                                            </button>
                                            <input
                                                type="number"
                                                inputmode="numeric"
                                                min="0"
                                                class="qty cases"
                                                aria-label=move || i18n.t(K::CasesReceived)
                                                prop:value=move || get(|l| l.cases).to_string()
                                                on:input=move |ev| {
                                                    if let Ok(v) = event_target_value(&ev).trim().parse::<i64>() {
                                                        change(Box::new(move |c| c.set_cases(line_no, v)))
                                                    }
                                                }
                                            />
                                            <button
                                                type="button"
                                                class="step more"
                                                aria-label=move || i18n.t(K::OneCaseMore)
                                                on:click=move |_| change(
                                                    Box::new(move |c| {
                                                        let now = c.lines.get(n).map_or(0, |l| l.cases);
                                                        c.set_cases(line_no, now + 1)
                                                    }),
                                                )
                                            >
                                                "+"
                                            </button>
                                        </div>
                                    </div>
                                    <label class="units-toggle">
                                        <input
                                            type="checkbox"
                                            class="some-units"
                                            prop:checked=open
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                change(Box::new(move |c| c.open_units(line_no, on)))
                                            }
                                        />
                                        <span>{move || i18n.t(K::SomeUnitsShort)}</span>
                                    </label>
                                    <Show when=open>
                                        <label class="short-units-field">
                                            <span>{move || i18n.t(K::UnitsShortField)}</span>
                                            <input
                                                type="number"
                                                inputmode="numeric"
                                                min="0"
                                                class="short-units"
                                                prop:value=move || get(|l| l.short_units).to_string()
                                                on:input=move |ev| {
                                                    if let Ok(v) = event_target_value(&ev).trim().parse::<i64>() {
                                                        change(Box::new(move |c| c.set_short_units(line_no, v)))
                                                    }
                                                }
                                            />
                                        </label>
                                    </Show>
                                    <span class="line-received">
                                        {move || {
                                            format!(
                                                "{} {} {}",
                                                i18n.t(K::ReceivedInAll),
                                                get(|l| l.received_units()),
                                                i18n.t(K::Units),
                                            )
                                        }}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <Show when=move || { missing.get() > 0 }>
                    <p class="receipt-short" role="status">
                        {move || {
                            format!(
                                "{} {} {} · {}",
                                i18n.t(K::ShortInAll),
                                missing.get(),
                                i18n.t(K::Units),
                                i18n.t(K::SigningClaimsIt),
                            )
                        }}
                    </p>
                </Show>
                <div class="delivery-photo-field">
                    <span>{move || i18n.t(K::DeliveryPhoto)}</span>
                    {move || {
                        photo
                            .get()
                            .map(|id| {
                                view! {
                                    <img
                                        class="delivery-photo"
                                        src=format!("/api/v1/claims/evidence/{id}")
                                        alt=move || i18n.t(K::DeliveryPhoto)
                                        width="96"
                                        height="96"
                                    />
                                    <button
                                        type="button"
                                        class="button small remove-photo"
                                        on:click=move |_| change(Box::new(|c| c.photo = None))
                                    >
                                        {move || i18n.t(K::Remove)}
                                    </button>
                                }
                            })
                    }}
                    <Show when=move || photo.get().is_none()>
                        <label class="button add-photo add-delivery-photo">
                            {move || i18n.t(K::AddDeliveryPhoto)}
                            <input
                                type="file"
                                accept="image/*"
                                capture="environment"
                                class="delivery-photo-input"
                                on:change=on_photo
                            />
                        </label>
                    </Show>
                    {move || {
                        photo_progress
                            .get()
                            .map(|p| {
                                view! {
                                    <progress class="upload-progress" max="100" value=p>
                                        {format!("{p}%")}
                                    </progress>
                                }
                            })
                    }}
                </div>
                <p class="draft-saved">{move || i18n.t(K::CountSaved)}</p>
            </Show>
            <crate::app::ErrorLine error=error />
            <Show when=move || claimed.get()>
                <p class="notice">
                    {move || i18n.t(K::ShortClaimed)}" "<A href="/claims">{move || i18n.t(K::NavClaims)}</A>
                </p>
            </Show>
            <crate::app::Confirm
                class="button primary wide sign-delivery"
                label=K::SignDelivery
                ask=K::AskSignDelivery
                on_confirm=sign
                disabled=Signal::derive(move || {
                    signing.get() || photo_progress.get().is_some() || check.with(|c| c.is_none())
                })
            />
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
        {move || {
            list.get()
                .and_then(|r| r.ok())
                .filter(|l| !l.is_empty())
                .map(|list| {
                    view! {
                        <div class="pickups">
                            <h2>{move || i18n.t(K::Pickups)}</h2>
                            <crate::app::ErrorLine error=error />
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
