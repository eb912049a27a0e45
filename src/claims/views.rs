//! The claims place: the shop's balance (the ledger's sum, with its history) and its claims.

use super::api::my_claims;
use super::kind_label;
use crate::i18n::K;
use crate::orders::views::time_of;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let i18n = i18n();
    let drafts = super::outbox::claim_drafts();
    let cart = crate::cart::state::cart_state();
    let account = LocalResource::new(move || {
        drafts.version.track();
        my_claims(cart.for_shop())
    });
    view! {
        <section class="claims-page">
            {move || crate::ui::loaded(
                account.get(),
                |a| {
                    view! {
                        <div class="balance-card">
                            <span>{move || i18n.t(K::Balance)}</span>
                            <strong class="balance">{a.balance.to_string()}</strong>
                        </div>
                        <h1>{move || i18n.t(K::NavClaims)}</h1>
                        <WaitingClaims />
                        {if a.claims.is_empty() {
                            view! {
                                <div class="empty-state">
                                    <h2>{move || i18n.t(K::ClaimsEmpty)}</h2>
                                    <p>{move || i18n.t(K::ClaimsEmptyHint)}</p>
                                </div>
                            }
                                .into_any()
                        } else {
                            view! {
                                <ul class="claim-list">
                                    {a
                                        .claims
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li class=format!("claim claim-{}", c.status.code())>
                                                    <div class="claim-head">
                                                        <A href=format!("/claims/{}", c.id)>
                                                            <strong>{move || i18n.t(kind_label(c.kind))}</strong>
                                                        </A>
                                                        <span class="status">{move || i18n.t(c.status.label())}</span>
                                                    </div>
                                                    <ClaimProduct zh=c.product_zh.clone() en=c.product_en.clone() />
                                                    {(!c.reason.is_empty())
                                                        .then(|| view! { <p class="reason">{c.reason.clone()}</p> })}
                                                    <div class="claim-body">
                                                        <A href=format!(
                                                            "/orders/{}",
                                                            c.order_id,
                                                        )>
                                                            {move || {
                                                                format!("{} {}", i18n.t(K::OrderNo), c.order_number)
                                                            }}
                                                        </A>
                                                        <strong class="claim-amount">{c.amount.to_string()}</strong>
                                                    </div>
                                                    <span class="order-time">{time_of(c.created_ms)}</span>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                        <h2>{move || i18n.t(K::BalanceLedger)}</h2>
                        <ul class="ledger">
                            {a
                                .ledger
                                .into_iter()
                                .map(|e| {
                                    let label = e.label();
                                    view! {
                                        <li class="ledger-entry">
                                            <span>{time_of(e.at_ms)}</span>
                                            <span class="ledger-kind">{move || i18n.t(label)}</span>
                                            <span class="ledger-order">
                                                {e
                                                    .order_number
                                                    .map(|n| format!("{} {n}", i18n.t(K::OrderNo)))
                                                    .unwrap_or_default()}
                                            </span>
                                            <strong class:credit={e.amount.0
                                                > 0}>
                                                {if e.amount.0 > 0 {
                                                    format!("+{}", e.amount)
                                                } else {
                                                    e.amount.to_string()
                                                }}
                                            </strong>
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

/// The product a claim is for, in the reader's language (nothing for a claim on a whole order).
#[component]
pub(super) fn ClaimProduct(zh: String, en: String) -> impl IntoView {
    let i18n = i18n();
    (!zh.is_empty()).then(|| view! { <p class="claim-product">{move || i18n.lang().pick(&zh, &en).to_owned()}</p> })
}

/// Filing a claim on one order line: only the guarantees open today, only the fields that claim
/// needs, the amount the rules give as the shop types, photos downscaled on the phone. Every change
/// is a draft on the device; submitting queues it and it sends itself.
#[component]
pub fn ClaimFormPage() -> impl IntoView {
    use super::draft::DraftState;
    use super::outbox::claim_drafts;
    let i18n = i18n();
    let params = leptos_router::hooks::use_params_map();
    let num = move |k: &str| params.with_untracked(|p| p.get(k).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let (order_id, line_no) = (num("id"), num("line"));
    // A link may choose the guarantee (`?kind=slow_seller`, from the shop's numbers page): taken
    // for a new draft, if the rules offer it on this line today.
    let preset =
        leptos_router::hooks::use_query_map().with_untracked(|q| q.get("kind").and_then(|k| super::kind_of_code(&k)));
    let drafts = claim_drafts();
    let key = RwSignal::new(None::<String>);
    let load_error = RwSignal::new(None::<crate::error::AppError>);
    // Once the device's drafts are read: this line's draft (or a new one), then the line's facts
    // from the server (kept in the draft, so the form also opens offline).
    Effect::new(move |_| {
        if !drafts.loaded.get() || key.get_untracked().is_some() {
            return;
        }
        let d = drafts.draft_for(order_id, line_no);
        let k = d.key.clone();
        key.set(Some(k.clone()));
        leptos::task::spawn_local(async move {
            match super::api::claim_context(order_id.into(), line_no).await {
                Ok(ctx) => {
                    drafts
                        .change(&k, move |d| {
                            let offered = ctx.delivered_on.map(|on| super::rules::open_today(&ctx.line, on, ctx.today));
                            if d.kind.is_none() && preset.is_some_and(|g| offered.is_some_and(|o| o.contains(&g))) {
                                d.kind = preset;
                            }
                            d.context = Some(ctx);
                        })
                        .await
                }
                Err(e) => load_error.set(Some(e)),
            }
        });
    });
    let draft =
        Memo::new(move |_| key.get().and_then(|k| drafts.drafts.with(|all| all.iter().find(|d| d.key == k).cloned())));
    // Narrow views of the draft, so that typing re-renders only what shows the typed value (a
    // block that read the whole draft would be rebuilt, and lose focus, at every keystroke).
    let context = Memo::new(move |_| draft.with(|d| d.as_ref().and_then(|d| d.context.clone())));
    let has_draft = Memo::new(move |_| draft.with(|d| d.is_some()));
    let kind = Memo::new(move |_| draft.with(|d| d.as_ref().and_then(|d| d.kind)));
    let edit = move |f: Box<dyn FnOnce(&mut super::draft::Draft)>| {
        let Some(k) = key.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            drafts
                .change(&k, move |d| {
                    f(d);
                    if !matches!(d.state, DraftState::Queued) {
                        d.state = DraftState::Editing;
                    }
                })
                .await
        });
    };
    let text_field = move |label: K,
                           class: &'static str,
                           kind: &'static str,
                           get: fn(&super::draft::Draft) -> String,
                           set: fn(&mut super::draft::Draft, String)| {
        view! {
            <label class=format!("field {class}")>
                <span>{move || i18n.t(label)}</span>
                <input
                    type=kind
                    inputmode=if kind == "number" { "numeric" } else { "text" }
                    class=class
                    prop:value=move || draft.get().map(|d| get(&d)).unwrap_or_default()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        edit(Box::new(move |d| set(d, v)))
                    }
                />
            </label>
        }
    };
    let photo_error = RwSignal::new(false);
    let on_photo = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let Some(k) = key.get_untracked() else { return };
        let list: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        leptos::task::spawn_local(async move {
            for f in list {
                match super::outbox::downscale(&f).await {
                    Ok(jpeg) => {
                        photo_error.set(drafts.add_photo(&k, jpeg).await.is_err());
                    }
                    Err(_) => photo_error.set(true),
                }
            }
        });
    };
    let submit = move |_| {
        if let Some(k) = key.get_untracked() {
            leptos::task::spawn_local(async move { drafts.submit(&k).await });
        }
    };
    let navigate = leptos_router::hooks::use_navigate();
    // Filed: on to the claims page, which shows it.
    Effect::new(move |_| {
        if let (Some((filed, _)), Some(k)) = (drafts.filed.get(), key.get_untracked()) {
            if filed == k {
                navigate("/claims", Default::default());
            }
        }
    });
    view! {
        <section class="claim-form">
            <h1>{move || i18n.t(K::FileClaim)}</h1>
            {move || {
                context
                    .get()
                    .map(|ctx| {
                        view! {
                            <p class="claim-product">
                                <img
                                    class="packshot"
                                    src=format!("/img/p/{}.svg", ctx.product_id)
                                    alt=""
                                    width="48"
                                    height="48"
                                />
                                <span>{i18n.lang().pick(&ctx.name_zh, &ctx.name_en).to_owned()}</span>
                                <span class="order-time">
                                    {format!(
                                        "{} {} · {} {}",
                                        i18n.t(K::OrderNo),
                                        ctx.order_id,
                                        ctx.line.units_delivered(),
                                        i18n.t(K::Units),
                                    )}
                                </span>
                            </p>
                        }
                    })
            }}
            {move || match (has_draft.get(), context.get(), load_error.get()) {
                (false, _, _) | (true, None, None) => {
                    view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }.into_any()
                }
                (true, None, Some(e)) => view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any(),
                (true, Some(ctx), _) => {
                    let open = ctx.open();
                    if open.is_empty() {
                        return view! { <p class="empty no-guarantee">{move || i18n.t(K::NoGuaranteeOpen)}</p> }
                            .into_any();
                    }
                    view! {
                        <div class="chips claim-kinds" role="radiogroup">
                            {open
                                .into_iter()
                                .map(|g| {
                                    view! {
                                        <button
                                            type="button"
                                            role="radio"
                                            class="chip"
                                            data-kind=super::kind_code(g)
                                            class:active=move || kind.get() == Some(g)
                                            on:click=move |_| edit(Box::new(move |d| d.kind = Some(g)))
                                        >
                                            {move || i18n.t(super::kind_label(g))}
                                        </button>
                                    }
                                })
                                .collect_view()}
                        </div>
                        <p class="guarantee-note">
                            {move || kind.get().map(|g| i18n.t(super::explanation(g))).unwrap_or_default()}
                        </p>
                    }
                        .into_any()
                }
            }}
            {move || {
                kind.get()
                    .map(|g| {
                        use super::rules::Guarantee as G;
                        let today = context.get_untracked().map(|c| c.today);
                        view! {
                            <div class="claim-fields">
                                {(g == G::PriceMatch)
                                    .then(|| {
                                        view! {
                                            {text_field(
                                                K::CompetitorPlatform,
                                                "platform",
                                                "text",
                                                |d| d.platform.clone(),
                                                |d, v| d.platform = v,
                                            )}
                                            {text_field(
                                                K::CompetitorUnitPrice,
                                                "price",
                                                "text",
                                                |d| d.price_yuan.clone(),
                                                |d, v| d.price_yuan = v,
                                            )}
                                            {text_field(
                                                K::SeenOn,
                                                "seen-on",
                                                "date",
                                                |d| d.seen_on.clone(),
                                                |d, v| d.seen_on = v,
                                            )}
                                        }
                                    })}
                                {(g == G::Expiry)
                                    .then(|| text_field(
                                        K::ExpiredOn,
                                        "expired-on",
                                        "date",
                                        |d| d.expired_on.clone(),
                                        |d, v| d.expired_on = v,
                                    ))}
                                {(g != G::PriceMatch)
                                    .then(|| text_field(
                                        K::UnitsField,
                                        "units",
                                        "number",
                                        |d| d.units.clone(),
                                        |d, v| d.units = v,
                                    ))}
                                {(g == G::Quality)
                                    .then(|| text_field(
                                        K::WhatIsWrong,
                                        "what",
                                        "text",
                                        |d| d.what.clone(),
                                        |d, v| d.what = v,
                                    ))}
                                {(g == G::SlowSeller)
                                    .then(|| {
                                        view! {
                                            <label class="field pickup">
                                                <span>{move || i18n.t(K::PickupSlot)}</span>
                                                <select
                                                    class="pickup"
                                                    prop:value=move || {
                                                        draft.get().map(|d| d.pickup_on).unwrap_or_default()
                                                    }
                                                    on:change=move |ev| {
                                                        let v = event_target_value(&ev);
                                                        edit(Box::new(move |d| d.pickup_on = v))
                                                    }
                                                >
                                                    <option value="">"—"</option>
                                                    {(1..=7)
                                                        .filter_map(|n| today.map(|t| t.plus_days(n).to_string()))
                                                        .map(|day| {
                                                            view! { <option value=day.clone()>{day.clone()}</option> }
                                                        })
                                                        .collect_view()}
                                                </select>
                                            </label>
                                        }
                                    })}
                                {(g != G::SlowSeller)
                                    .then(|| {
                                        view! {
                                            <div class="photos">
                                                <span>{move || i18n.t(K::Evidence)}</span>
                                                <ul class="photo-list">
                                                    <For
                                                        each=move || draft.get().map(|d| d.photos).unwrap_or_default()
                                                        key=|p| p.key.clone()
                                                        let:photo
                                                    >
                                                        <PhotoThumb
                                                            photo=photo.key.clone()
                                                            uploaded=photo.uploaded.is_some()
                                                            on_remove=move |p: String| {
                                                                if let Some(k) = key.get_untracked() {
                                                                    leptos::task::spawn_local(async move {
                                                                        drafts.remove_photo(&k, &p).await
                                                                    });
                                                                }
                                                            }
                                                        />
                                                    </For>
                                                </ul>
                                                <label class="button add-photo">
                                                    {move || i18n.t(K::AddPhoto)}
                                                    <input
                                                        type="file"
                                                        accept="image/*"
                                                        capture="environment"
                                                        multiple
                                                        class="photo-input"
                                                        on:change=on_photo
                                                    />
                                                </label>
                                                <Show when=move || photo_error.get()>
                                                    <p class="error">{move || i18n.t(K::ErrPhoto)}</p>
                                                </Show>
                                            </div>
                                        }
                                    })}
                            </div>
                        }
                    })
            }}
            {move || {
                draft
                    .get()
                    .filter(|d| d.kind.is_some())
                    .map(|d| {
                        let lang = i18n.lang();
                        let line = match (d.facts(), d.amount()) {
                            (Err(m), _) => {
                                view! {
                                    <p class="claim-amount-line missing">
                                        {format!("{}: {}", i18n.t(K::ErrClaimText), i18n.t(m.label()))}
                                    </p>
                                }
                                    .into_any()
                            }
                            (Ok(_), Some(Ok(a))) => {
                                view! {
                                    <p class="claim-amount-line">
                                        {move || i18n.t(K::ClaimAmountRules)}" "
                                        <strong class="claim-amount">{a.to_string()}</strong>
                                    </p>
                                }
                                    .into_any()
                            }
                            (Ok(_), Some(Err(r))) => {
                                view! { <p class="claim-amount-line refused">{super::refusal_text(r, lang)}</p> }
                                    .into_any()
                            }
                            (Ok(_), None) => ().into_any(),
                        };
                        let ready = matches!(d.amount(), Some(Ok(_))) && d.state != DraftState::Queued;
                        view! {
                            {line}
                            {match d.state.clone() {
                                DraftState::NeedsLook(e) => {
                                    let k = d.key.clone();
                                    view! {
                                        <div class="claim-refused" role="alert">
                                            <p class="error">
                                                {format!("{}: {}", i18n.t(K::ClaimNotAccepted), e.message(lang))}
                                            </p>
                                            <p class="hint">{move || i18n.t(K::ClaimFixHint)}</p>
                                            <crate::ui::Confirm
                                                class="button small danger discard"
                                                label=K::Discard
                                                ask=K::AskDiscardDraft
                                                on_confirm=move || {
                                                    let k = k.clone();
                                                    leptos::task::spawn_local(async move { drafts.discard(&k).await });
                                                }
                                            />
                                        </div>
                                    }
                                        .into_any()
                                }
                                DraftState::Queued => {
                                    view! {
                                        <p class="queued">{move || i18n.t(K::ClaimQueued)}</p>
                                        {move || {
                                            drafts
                                                .progress
                                                .get()
                                                .map(|(_, pct)| {
                                                    view! {
                                                        <label class="upload-progress">
                                                            {move || i18n.t(K::Uploading)}
                                                            <progress max="100" value=pct></progress>
                                                        </label>
                                                    }
                                                })
                                        }}
                                    }
                                        .into_any()
                                }
                                DraftState::Editing => {
                                    view! { <p class="draft-saved">{move || i18n.t(K::DraftSaved)}</p> }.into_any()
                                }
                            }}
                            <div class="order-actions">
                                <button
                                    type="button"
                                    class="button primary submit-claim"
                                    disabled=!ready
                                    on:click=submit
                                >
                                    {move || i18n.t(K::SubmitClaim)}
                                </button>
                            </div>
                        }
                    })
            }}
        </section>
    }
}

/// A draft photo from the device, with a way to remove it.
#[component]
fn PhotoThumb(photo: String, uploaded: bool, on_remove: impl Fn(String) + 'static) -> impl IntoView {
    let i18n = i18n();
    let key = photo.clone();
    let url = LocalResource::new(move || {
        let key = key.clone();
        async move { super::outbox::ClaimDrafts::photo_bytes(&key).await.and_then(|b| super::outbox::object_url(&b)) }
    });
    on_cleanup(move || {
        if let Some(Some(u)) = url.try_get_untracked().flatten() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });
    view! {
        <li class="photo" class:uploaded=uploaded>
            {move || url.get().flatten().map(|u| view! { <img src=u alt="" width="96" height="96" /> })}
            <button type="button" class="remove-photo" on:click=move |_| on_remove(photo.clone())>
                {move || i18n.t(K::Remove)}
            </button>
        </li>
    }
}

/// An order's proof of delivery: the photo taken at the door when the shop signed.
#[component]
pub fn DeliveryPhoto(photo: i64) -> impl IntoView {
    let i18n = i18n();
    let (url, link) = (format!("/api/v1/claims/evidence/{photo}"), format!("/api/v1/claims/evidence/{photo}"));
    view! {
        <figure class="delivery-proof">
            <a href=link target="_blank" rel="noopener">
                <img class="delivery-photo" src=url alt=move || i18n.t(K::DeliveryPhoto) loading="lazy" />
            </a>
            <figcaption>{move || i18n.t(K::DeliveryPhoto)}</figcaption>
        </figure>
    }
}

/// A claim with its facts and evidence: the shop's view of its claim, and the reviewer's, who
/// decides here.
#[component]
pub fn ClaimDetailPage() -> impl IntoView {
    let i18n = i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let version = RwSignal::new(0u32);
    let detail = LocalResource::new(move || {
        version.track();
        super::api::claim_detail(id().into())
    });
    let reviewer = crate::ui::session()
        .0
        .get_untracked()
        .is_some_and(|u| matches!(u.role, crate::account::Role::Reviewer | crate::account::Role::Admin));
    view! {
        <section class="claim-detail">
            {move || crate::ui::loaded(
                detail.get(),
                |d| {
                    let c = d.summary.clone();
                    let waiting = matches!(
                        c.status,
                        super::ClaimStatus::Submitted | super::ClaimStatus::InReview | super::ClaimStatus::Collected
                    );
                    let product = i18n.lang().pick(&d.product_name_zh, &d.product_name_en).to_owned();
                    view! {
                        <header class="order-head">
                            <h1>{move || i18n.t(kind_label(c.kind))}</h1>
                            <span class=format!(
                                "status claim-{}",
                                c.status.code(),
                            )>{move || i18n.t(c.status.label())}</span>
                        </header>
                        <dl class="facts">
                            <dt>{move || i18n.t(K::ClaimAmountRules)}</dt>
                            <dd>
                                <strong class="claim-amount">{c.amount.to_string()}</strong>
                            </dd>
                            <dt>{move || i18n.t(K::OrderNo)}</dt>
                            <dd>
                                <A href=format!("/orders/{}", c.order_id)>{c.order_number.to_string()}</A>
                                {format!(" · {}", d.shop_name)}
                            </dd>
                            <dt>{move || i18n.t(K::ClaimFor)}</dt>
                            <dd>
                                {product}
                                {(c.units > 0).then(|| format!(" · {}", crate::i18n::units(i18n.lang(), c.units)))}
                            </dd>
                            {d.facts.clone().map(|f| facts_view(f, i18n))}
                            {d
                                .pickup_on
                                .map(|p| {
                                    view! {
                                        <dt>{move || i18n.t(K::PickupSlot)}</dt>
                                        <dd class="pickup-on">{p.to_string()}</dd>
                                    }
                                })}
                            {(!c.reason.is_empty())
                                .then(|| {
                                    view! {
                                        <dt>{move || i18n.t(K::RejectReason)}</dt>
                                        <dd class="reason">{c.reason.clone()}</dd>
                                    }
                                })}
                        </dl>
                        {(!d.evidence.is_empty())
                            .then(|| {
                                view! {
                                    <h2>{move || i18n.t(K::Evidence)}</h2>
                                    <div class="evidence">
                                        {d
                                            .evidence
                                            .iter()
                                            .map(|e| {
                                                view! {
                                                    <a
                                                        href=format!("/api/v1/claims/evidence/{e}")
                                                        target="_blank"
                                                        rel="noopener"
                                                    >
                                                        <img
                                                            class="evidence-photo"
                                                            src=format!("/api/v1/claims/evidence/{e}")
                                                            alt=""
                                                            loading="lazy"
                                                        />
                                                    </a>
                                                }
                                            })
                                            .collect_view()}
                                    </div>
                                }
                            })}
                        {d.delivery_photo.map(|p| view! { <DeliveryPhoto photo=p /> })}
                        {decide_here(reviewer && waiting, c.id, version)}
                    }
                        .into_any()
                },
            )}
        </section>
    }
}

#[cfg(feature = "staff")]
fn decide_here(show: bool, id: i64, version: RwSignal<u32>) -> impl IntoView {
    use super::review_views::Decide;
    show.then(|| view! { <Decide id=id on_done=move || version.update(|v| *v += 1) /> })
}

#[cfg(not(feature = "staff"))]
fn decide_here(_show: bool, _id: i64, _version: RwSignal<u32>) -> impl IntoView {}

fn facts_view(f: super::ClaimFacts, i18n: crate::ui::I18n) -> impl IntoView {
    use super::ClaimFacts as F;
    let rows: Vec<(K, String)> = match f {
        F::PriceMatch { platform, competitor_unit_price, seen_on } => {
            vec![
                (K::CompetitorPlatform, platform),
                (K::CompetitorUnitPrice, competitor_unit_price.to_string()),
                (K::SeenOn, seen_on.to_string()),
            ]
        }
        F::Expiry { expired_on, .. } => vec![(K::ExpiredOn, expired_on.to_string())],
        F::SlowSeller { .. } => vec![],
        F::Quality { what, .. } => vec![(K::WhatIsWrong, what)],
    };
    rows.into_iter()
        .map(|(k, v)| {
            view! {
                <dt>{move || i18n.t(k)}</dt>
                <dd class="fact">{v}</dd>
            }
        })
        .collect_view()
}

/// Claims written on this device and not yet filed: waiting for the network, or refused and
/// waiting for the shop; each opens its draft.
#[component]
fn WaitingClaims() -> impl IntoView {
    use super::draft::DraftState;
    let i18n = i18n();
    let drafts = super::outbox::claim_drafts();
    let waiting = move || {
        drafts
            .drafts
            .get()
            .into_iter()
            .filter(|d| d.state != DraftState::Editing || !d.photos.is_empty() || d.kind.is_some())
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || !waiting().is_empty()>
            <div class="claims-waiting">
                <h2>{move || i18n.t(K::ClaimsWaiting)}</h2>
                <ul class="claim-list">
                    {move || {
                        waiting()
                            .into_iter()
                            .map(|d| {
                                let status = match &d.state {
                                    DraftState::Queued => i18n.t(K::ClaimQueued).to_owned(),
                                    DraftState::NeedsLook(e) => e.message(i18n.lang()).to_owned(),
                                    DraftState::Editing => i18n.t(K::DraftSaved).to_owned(),
                                };
                                let name = d
                                    .context
                                    .as_ref()
                                    .map(|c| i18n.lang().pick(&c.name_zh, &c.name_en).to_owned())
                                    .unwrap_or_default();
                                let key = d.key.clone();
                                view! {
                                    <li class="claim claim-draft" data-draft=d.key.clone()>
                                        <div class="claim-head">
                                            <A href=format!("/orders/{}/claim/{}", d.order_id, d.line_no)>
                                                <strong>
                                                    {d
                                                        .kind
                                                        .map(|g| i18n.t(kind_label(g)))
                                                        .unwrap_or(i18n.t(K::FileClaim))}
                                                </strong>
                                            </A>
                                            <span class="status">{status}</span>
                                        </div>
                                        <div class="claim-body">
                                            <span>{format!("{} {} · {name}", i18n.t(K::OrderNo), d.order_id)}</span>
                                            <crate::ui::Confirm
                                                class="button small danger discard"
                                                label=K::Discard
                                                ask=K::AskDiscardDraft
                                                on_confirm=move || {
                                                    let k = key.clone();
                                                    leptos::task::spawn_local(async move { drafts.discard(&k).await });
                                                }
                                            />
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}
