//! The shop's receipt check on the order page (the dispatcher's screen is `dispatch_views`).

use super::api::sign_delivery;
use crate::error::AppError;
use crate::i18n::K;
use crate::orders::OrderLine;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

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
            <crate::ui::ErrorLine error=error />
            <Show when=move || claimed.get()>
                <p class="notice">
                    {move || i18n.t(K::ShortClaimed)}" "<A href="/claims">{move || i18n.t(K::NavClaims)}</A>
                </p>
            </Show>
            <crate::ui::Confirm
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
