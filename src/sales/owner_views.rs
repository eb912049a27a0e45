//! What a shop owner sees of the salespeople's work (shop app): the audit trail of everything done
//! for the shop, and the products their salesperson featured on the home screen.

use super::{AuditAction, AuditEntry};
use crate::i18n::K;
use crate::orders::views::time_of;
use crate::ui::i18n;
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

/// What an entry was about, in the reader's language: an order by its short number (with its
/// value and cases when it was placed); a claim by its kind and amount; otherwise the recorded
/// words (a product, a visit's note).
fn audit_detail(e: &AuditEntry, lang: crate::i18n::Lang) -> String {
    let order = e.order.as_ref().map(|o| format!("{} {}", K::OrderNo.text(lang), o.number));
    match (e.action, &e.order, order) {
        (AuditAction::OrderPlaced, Some(o), Some(no)) => {
            format!("{no} · {} · {}", o.goods, crate::i18n::cases(lang, o.cases))
        }
        // Recorded as "#<claim id> <kind> <amount>": the id means nothing to people.
        (AuditAction::ClaimFiled, _, no) => {
            let mut words = e.detail.split_whitespace().filter(|w| !w.starts_with('#'));
            let kind =
                words.next().and_then(crate::claims::kind_of_code).map(|g| crate::claims::kind_label(g).text(lang));
            let rest: Vec<&str> = words.collect();
            [no, kind.map(str::to_owned), Some(rest.join(" "))]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ")
        }
        (_, _, Some(no)) => no,
        _ => e.detail.clone(),
    }
}

/// Who did what for a shop (the shop's own view is on its account page, for admins too).
#[component]
pub fn AuditList(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <ul class="audit">
            {entries
                .into_iter()
                .map(|e| {
                    view! {
                        <li class="audit-entry">
                            <span class="order-time">{time_of(e.at_ms)}</span>
                            <strong>{e.actor.clone()}</strong>
                            <span>{move || i18n.t(audit_label(e.action))}</span>
                            <span class="detail">{move || audit_detail(&e, i18n.lang())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The shop's audit trail, loaded (the account page).
#[component]
pub fn ShopAuditTrail() -> impl IntoView {
    let i18n = i18n();
    let entries = LocalResource::new(|| super::api::audit_trail(None));
    view! {
        {move || {
            entries
                .get()
                .and_then(|r| r.ok())
                .filter(|e| !e.is_empty())
                .map(|e| {
                    view! {
                        <h2>{move || i18n.t(K::AuditTrail)}</h2>
                        <AuditList entries=e />
                    }
                })
        }}
    }
}

/// What the shop's salespeople featured for it today (the home screen).
#[component]
pub fn FeaturedStrip() -> impl IntoView {
    let i18n = i18n();
    let items = LocalResource::new(|| super::api::featured(None));
    view! {
        {move || {
            items
                .get()
                .and_then(|r| r.ok())
                .filter(|f| !f.is_empty())
                .map(|list| {
                    view! {
                        <section class="strip featured">
                            <div class="strip-head">
                                <h2>{move || i18n.t(K::FromYourSalesperson)}</h2>
                            </div>
                            <ul class="strip-items">
                                {list
                                    .into_iter()
                                    .map(|f| {
                                        let (zh, en) = super::offer_titles(f.offer);
                                        let c = f.card;
                                        view! {
                                            <li class="strip-item">
                                                <A href=format!(
                                                    "/product/{}",
                                                    c.id,
                                                )>
                                                    {crate::catalogue::views::packshot(&c)}
                                                    <span class="strip-name">{c.name(i18n.lang()).to_owned()}</span>
                                                </A>
                                                <span class="badge">{i18n.lang().pick(&zh, &en).to_owned()}</span>
                                                <span class="order-time">{format!("{} · {}", f.by, f.ends_on)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
        }}
    }
}
