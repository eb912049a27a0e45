//! The reviewer's screen (staff app only): the queue of claims with what the rules computed, and
//! approving or rejecting one (also on a claim's own page).

use super::kind_label;
use super::views::ClaimProduct;
use crate::i18n::K;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

/// The reviewer's queue: each claim with the amount the rules computed; approve pays exactly that,
/// reject needs a reason the shop will read.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let i18n = i18n();
    let version = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        version.track();
        super::api::review_queue()
    });
    view! {
        <section class="review-page">
            <h1>{move || i18n.t(K::NavReview)}</h1>
            {move || crate::ui::loaded(
                queue.get(),
                |loaded| match loaded {
                    list if list.is_empty() => {
                        view! { <p class="empty">{move || i18n.t(K::NoClaimsToReview)}</p> }.into_any()
                    }
                    list => {
                        view! {
                            <ul class="claim-list">
                                {list
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li class="claim review-item" data-claim-id=c.id>
                                                <div class="claim-head">
                                                    <A href=format!("/claims/{}", c.id)>
                                                        <strong>{move || i18n.t(kind_label(c.kind))}</strong>
                                                    </A>
                                                    <strong class="claim-amount">{c.amount.to_string()}</strong>
                                                </div>
                                                // What it is about, without opening it: the shop, the product, the photo.
                                                <div class="review-what">
                                                    {c
                                                        .photo
                                                        .map(|p| {
                                                            view! {
                                                                <img
                                                                    class="evidence-thumb"
                                                                    src=format!("/api/v1/claims/evidence/{p}")
                                                                    alt=""
                                                                    width="64"
                                                                    height="64"
                                                                    loading="lazy"
                                                                />
                                                            }
                                                        })} <div>
                                                        <p class="claim-shop">{c.shop_name.clone()}</p>
                                                        <ClaimProduct zh=c.product_zh.clone() en=c.product_en.clone() />
                                                    </div>
                                                </div>
                                                <div class="claim-body">
                                                    <A href=format!(
                                                        "/orders/{}",
                                                        c.order_id,
                                                    )>{move || format!("{} {}", i18n.t(K::OrderNo), c.order_number)}</A>
                                                    <span>{move || crate::i18n::units(i18n.lang(), c.units)}</span>
                                                    <A href=format!("/claims/{}", c.id) attr:class="details">
                                                        {move || i18n.t(K::Details)}
                                                    </A>
                                                </div>
                                                <Decide id=c.id on_done=move || version.update(|v| *v += 1) />
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

/// Approve (pays exactly the computed amount) or reject with a reason the shop will read.
#[component]
pub(super) fn Decide(id: i64, on_done: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let i18n = i18n();
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<crate::error::AppError>);
    let decide = move |approve: bool| {
        leptos::task::spawn_local(async move {
            match super::api::decide_claim(id.into(), approve, reason.get_untracked()).await {
                Ok(_) => on_done(),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <div class="decide">
            <input
                type="text"
                class="reason"
                placeholder=move || i18n.t(K::RejectReason)
                prop:value=reason
                on:input=move |ev| reason.set(event_target_value(&ev))
            />
            <crate::ui::ErrorLine error=error />
            <div class="order-actions">
                <crate::ui::Confirm
                    class="button primary approve"
                    label=K::Approve
                    ask=K::AskApprove
                    on_confirm=move || decide(true)
                />
                <button type="button" class="button danger reject" on:click=move |_| decide(false)>
                    {move || i18n.t(K::Reject)}
                </button>
            </div>
        </div>
    }
}
