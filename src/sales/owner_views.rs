//! What a shop owner sees of the salespeople's work (shop app): the audit trail of everything done
//! for the shop, and the products their salesperson featured on the home screen.

use super::{AuditAction, AuditEntry};
use crate::app::i18n;
use crate::i18n::K;
use crate::orders::views::time_of;
use leptos::prelude::*;
use leptos_router::components::A;

fn audit_label(a: AuditAction) -> K {
    match a {
        AuditAction::OrderPlaced => K::AuditOrderPlaced,
        AuditAction::OrderCancelled => K::AuditOrderCancelled,
        AuditAction::ClaimFiled => K::AuditClaimFiled,
        AuditAction::CheckIn => K::AuditCheckIn,
        AuditAction::CheckOut => K::AuditCheckOut,
        AuditAction::PromotionSent => K::AuditPromotionSent,
        AuditAction::ProductFeatured => K::AuditProductFeatured,
        AuditAction::Assigned => K::AuditAssigned,
        AuditAction::Unassigned => K::AuditUnassigned,
        AuditAction::DeliverySigned => K::AuditDeliverySigned,
    }
}

/// Who did what for a shop (the shop's own view is on its account page, for admins too).
#[component]
pub fn AuditList(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <ul class="audit">
            {entries.into_iter().map(|e| view! {
                <li class="audit-entry">
                    <span class="order-time">{time_of(e.at_ms)}</span>
                    <strong>{e.actor.clone()}</strong>
                    <span>{i18n.t(audit_label(e.action))}</span>
                    <span class="detail">{e.order_id.map(|o| format!("#{o} ")).unwrap_or_default()}{e.detail.clone()}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The shop's audit trail, loaded (the account page).
#[component]
pub fn ShopAuditTrail() -> impl IntoView {
    let i18n = i18n();
    let entries = LocalResource::new(|| super::api::audit_trail(None));
    view! {
        {move || entries.get().and_then(|r| r.ok()).filter(|e| !e.is_empty()).map(|e| view! {
            <h2>{i18n.t(K::AuditTrail)}</h2>
            <AuditList entries=e/>
        })}
    }
}

/// What the shop's salespeople featured for it today (the home screen).
#[component]
pub fn FeaturedStrip() -> impl IntoView {
    let i18n = i18n();
    let items = LocalResource::new(|| super::api::featured(None));
    view! {
        {move || items.get().and_then(|r| r.ok()).filter(|f| !f.is_empty()).map(|list| view! {
            <section class="strip featured">
                <div class="strip-head"><h2>{i18n.t(K::FromYourSalesperson)}</h2></div>
                <ul class="strip-items">
                    {list.into_iter().map(|f| {
                        let (zh, en) = super::offer_titles(f.offer);
                        let c = f.card;
                        view! {
                            <li class="strip-item">
                                <A href=format!("/product/{}", c.id)>
                                    <img class="packshot" src=c.image_url() alt="" width="120" height="120" loading="lazy"/>
                                    <span class="strip-name">{c.name(i18n.lang()).to_owned()}</span>
                                </A>
                                <span class="badge">{i18n.lang().pick(&zh, &en).to_owned()}</span>
                                <span class="order-time">{format!("{} · {}", f.by, f.ends_on)}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}
