//! The claims place: the shop's balance (the ledger's sum, with its history) and its claims.

use super::api::my_claims;
use super::kind_label;
use crate::app::i18n;
use crate::i18n::K;
use crate::orders::views::time_of;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let i18n = i18n();
    let account = LocalResource::new(|| my_claims(None));
    view! {
        <section class="claims-page">
            {move || match account.get() {
                None => view! { <p class="loading">{i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(a)) => view! {
                    <div class="balance-card">
                        <span>{i18n.t(K::Balance)}</span>
                        <strong class="balance">{a.balance.to_string()}</strong>
                    </div>
                    <h1>{i18n.t(K::NavClaims)}</h1>
                    {if a.claims.is_empty() {
                        view! {
                            <div class="empty-state">
                                <h2>{i18n.t(K::ClaimsEmpty)}</h2>
                                <p>{i18n.t(K::ClaimsEmptyHint)}</p>
                            </div>
                        }.into_any()
                    } else {
                        view! {
                            <ul class="claim-list">
                                {a.claims.into_iter().map(|c| view! {
                                    <li class=format!("claim claim-{}", c.status.code())>
                                        <div class="claim-head">
                                            <strong>{move || i18n.t(kind_label(c.kind))}</strong>
                                            <span class="status">{move || i18n.t(c.status.label())}</span>
                                        </div>
                                        <div class="claim-body">
                                            <A href=format!("/orders/{}", c.order_id)>{move || format!("{} {}", i18n.t(K::OrderNo), c.order_id)}</A>
                                            <strong class="claim-amount">{c.amount.to_string()}</strong>
                                        </div>
                                        <span class="order-time">{time_of(c.created_ms)}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <h2>{i18n.t(K::BalanceLedger)}</h2>
                    <ul class="ledger">
                        {a.ledger.into_iter().map(|e| view! {
                            <li class="ledger-entry">
                                <span>{time_of(e.at_ms)}</span>
                                <span class="ledger-kind">{i18n.t(e.label())}</span>
                                <span>{e.order_id.map(|o| o.to_string()).unwrap_or_default()}</span>
                                <strong class:credit={ e.amount.0 > 0 }>{if e.amount.0 > 0 { format!("+{}", e.amount) } else { e.amount.to_string() }}</strong>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

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
    let error = RwSignal::new(None::<crate::error::AppError>);
    view! {
        <section class="review-page">
            <h1>{move || i18n.t(K::NavReview)}</h1>
            <crate::app::ErrorLine error=error/>
            {move || match queue.get() {
                None => view! { <p class="loading">{i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="empty">{i18n.t(K::NothingToDo)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="claim-list">
                        {list.into_iter().map(|c| {
                            let reason = RwSignal::new(String::new());
                            let decide = move |approve: bool| {
                                leptos::task::spawn_local(async move {
                                    match super::api::decide_claim(c.id, approve, reason.get_untracked()).await {
                                        Ok(_) => version.update(|v| *v += 1),
                                        Err(e) => error.set(Some(e)),
                                    }
                                });
                            };
                            view! {
                                <li class="claim review-item" data-claim-id=c.id>
                                    <div class="claim-head">
                                        <strong>{move || i18n.t(kind_label(c.kind))}</strong>
                                        <strong class="claim-amount">{c.amount.to_string()}</strong>
                                    </div>
                                    <div class="claim-body">
                                        <A href=format!("/orders/{}", c.order_id)>{move || format!("{} {}", i18n.t(K::OrderNo), c.order_id)}</A>
                                        <span>{move || format!("{} {}", c.units, i18n.t(K::Units))}</span>
                                    </div>
                                    <input type="text" class="reason" placeholder=move || i18n.t(K::RejectReason) prop:value=reason
                                        on:input=move |ev| reason.set(event_target_value(&ev))/>
                                    <div class="order-actions">
                                        <button type="button" class="button primary approve" on:click=move |_| decide(true)>{move || i18n.t(K::Approve)}</button>
                                        <button type="button" class="button danger reject" on:click=move |_| decide(false)>{move || i18n.t(K::Reject)}</button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
