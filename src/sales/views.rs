//! The salesperson's tablet screens (staff app only): their shops and today's visits side by side,
//! a shop's two-pane overview (orders and claims beside the chosen one's detail, usual buys and
//! recommendations, the audit trail), ordering for a shop, pushing promotions (brand salespeople),
//! and the admin's assignment of shops.

use super::api;
use super::owner_views::AuditList;
use super::{Offer, Push, ShopCard, Visit};
use crate::error::AppError;
use crate::i18n::K;
use crate::orders::views::time_of;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

fn shop_card(c: ShopCard) -> impl IntoView {
    let i18n = i18n();
    view! {
        <li class="shop-card" class:dormant=c.dormant data-shop-id=c.shop_id>
            <A href=format!("/sales/shop/{}", c.shop_id)>
                <strong>{c.name.clone()}</strong>
                {c.dormant.then(|| view! { <span class="badge badge-dormant">{move || i18n.t(K::Dormant)}</span> })}
            </A>
            <span class="address">{c.address.clone()}</span>
            <dl class="shop-facts">
                <dt>{move || i18n.t(K::LastOrder)}</dt>
                <dd>{c.last_order_ms.map(time_of).unwrap_or_else(|| i18n.t(K::NeverOrdered).to_owned())}</dd>
                <dt>{move || i18n.t(K::MonthSpend)}</dt>
                <dd>{c.month_spend.to_string()}</dd>
                <dt>{move || i18n.t(K::OpenClaims)}</dt>
                <dd class:warn={c.open_claims > 0}>{c.open_claims}</dd>
            </dl>
        </li>
    }
}

/// The salesperson's home: assigned shops (searchable) beside today's visits in route order.
#[component]
pub fn SalesHome() -> impl IntoView {
    let i18n = i18n();
    let q = RwSignal::new(String::new());
    let shops = LocalResource::new(move || api::my_shops(q.get()));
    let version = RwSignal::new(0u32);
    let visits = LocalResource::new(move || {
        version.track();
        api::today_visits()
    });
    view! {
        <section class="sales-home two-pane">
            <div class="pane">
                <h1>{move || i18n.t(K::NavShops)}</h1>
                <input
                    type="search"
                    class="search shop-search"
                    placeholder=move || i18n.t(K::SearchShops)
                    prop:value=q
                    on:input=move |ev| q.set(event_target_value(&ev))
                />
                {move || crate::ui::loaded(
                    shops.get(),
                    |list| {
                        view! { <ul class="shop-list">{list.into_iter().map(shop_card).collect_view()}</ul> }.into_any()
                    },
                )}
            </div>
            <div class="pane">
                <h2>{move || i18n.t(K::TodayVisits)}</h2>
                {move || crate::ui::loaded(
                    visits.get(),
                    |list| {
                        view! {
                            <ol class="visit-list">
                                {list
                                    .into_iter()
                                    .map(|v| view! { <VisitRow visit=v version=version /> })
                                    .collect_view()}
                            </ol>
                        }
                            .into_any()
                    },
                )}
            </div>
        </section>
    }
}

#[component]
fn VisitRow(visit: Visit, version: RwSignal<u32>) -> impl IntoView {
    let i18n = i18n();
    let note = RwSignal::new(visit.note.clone());
    let error = RwSignal::new(None::<AppError>);
    let shop = visit.shop_id;
    let act = move |check_in: bool| {
        leptos::task::spawn_local(async move {
            let r = if check_in { api::check_in(shop).await } else { api::check_out(shop, note.get_untracked()).await };
            match r {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let (inside, done) =
        (visit.checked_in_ms.is_some() && visit.checked_out_ms.is_none(), visit.checked_out_ms.is_some());
    view! {
        <li class="visit" class:inside=inside class:done=done data-shop-id=shop>
            <div class="visit-head">
                <A href=format!("/sales/shop/{shop}")>
                    <strong>{visit.shop_name.clone()}</strong>
                </A>
                <span class="address">{visit.address.clone()}</span>
            </div>
            {visit
                .checked_in_ms
                .map(|t| {
                    view! {
                        <span class="order-time">{move || format!("{} {}", i18n.t(K::CheckedIn), time_of(t))}</span>
                    }
                })}
            {visit
                .checked_out_ms
                .map(|t| {
                    view! {
                        <span class="order-time">
                            {move || format!(" · {} {}", i18n.t(K::CheckedOut), time_of(t))}
                        </span>
                    }
                })}
            {(!done)
                .then(|| {
                    if inside {
                        view! {
                            <input
                                type="text"
                                class="visit-note"
                                maxlength="500"
                                placeholder=move || i18n.t(K::VisitNote)
                                prop:value=note
                                on:input=move |ev| note.set(event_target_value(&ev))
                            />
                            <button type="button" class="button check-out" on:click=move |_| act(false)>
                                {move || i18n.t(K::CheckOut)}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button type="button" class="button primary check-in" on:click=move |_| act(true)>
                                {move || i18n.t(K::CheckIn)}
                            </button>
                        }
                            .into_any()
                    }
                })}
            {done.then(|| view! { <p class="visit-note-done">{visit.note.clone()}</p> })}
            <crate::ui::ErrorLine error=error />
        </li>
    }
}

/// One shop, two panes: its orders and claims on the left, the chosen order on the right; then
/// what it usually buys, what to recommend, and the audit trail.
#[component]
pub fn SalesShopPage() -> impl IntoView {
    let i18n = i18n();
    let params = leptos_router::hooks::use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let overview = LocalResource::new(move || api::shop_overview(id()));
    let recs = LocalResource::new(move || api::recommendations(id()));
    let chosen = RwSignal::new(None::<i64>);
    let detail = LocalResource::new(move || {
        let c = chosen.get();
        async move {
            match c {
                Some(o) => crate::orders::api::get_order(o.into()).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let cart = crate::cart::state::cart_state();
    let navigate = StoredValue::new_local(leptos_router::hooks::use_navigate());
    view! {
        <section class="sales-shop">
            {move || match overview.get() {
                None => view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any(),
                Some(Ok(o)) => {
                    let shop = crate::account::ShopRef {
                        id: o.card.shop_id,
                        name: o.card.name.clone(),
                    };
                    let order_for = {
                        let shop = shop.clone();
                        move |_| {
                            cart.act_for(shop.clone());
                            navigate.with_value(|n| n("/catalogue", Default::default()));
                        }
                    };
                    view! {
                        <header class="page-head">
                            <h1>{o.card.name.clone()}</h1>
                            <button type="button" class="button primary order-for-shop" on:click=order_for>
                                {move || i18n.t(K::OrderForShop)}
                            </button>
                        </header>
                        <div class="two-pane">
                            <div class="pane">
                                <h2>{move || i18n.t(K::NavOrders)}</h2>
                                {o
                                    .orders
                                    .is_empty()
                                    .then(|| view! { <p class="empty">{move || i18n.t(K::OrdersEmpty)}</p> })}
                                <ul class="order-list">
                                    {o
                                        .orders
                                        .into_iter()
                                        .map(|s| {
                                            view! {
                                                <li
                                                    class="order-row"
                                                    class:active=move || chosen.get() == Some(s.id)
                                                    data-order-id=s.id
                                                >
                                                    <button
                                                        type="button"
                                                        class="row-button"
                                                        on:click=move |_| chosen.set(Some(s.id))
                                                    >
                                                        <strong>
                                                            {format!("{} · {}", i18n.t(s.status.label()), s.goods)}
                                                        </strong>
                                                        <span class="order-time">
                                                            {format!(
                                                                "{} · {}{}",
                                                                time_of(s.created_ms),
                                                                s.placed_by,
                                                                if s.placed_by_salesperson {
                                                                    format!(" · {}", i18n.t(K::OnBehalf))
                                                                } else {
                                                                    String::new()
                                                                },
                                                            )}
                                                        </span>
                                                    </button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <h2>{move || i18n.t(K::NavClaims)}</h2>
                                {o
                                    .claims
                                    .is_empty()
                                    .then(|| view! { <p class="empty">{move || i18n.t(K::ClaimsEmpty)}</p> })}
                                <ul class="claim-list">
                                    {o
                                        .claims
                                        .into_iter()
                                        .map(|c| {
                                            view! {
                                                <li class="claim">
                                                    <A href=format!(
                                                        "/claims/{}",
                                                        c.id,
                                                    )>{move || i18n.t(crate::claims::kind_label(c.kind))}</A>
                                                    <span class="status">{move || i18n.t(c.status.label())}</span>
                                                    <strong class="claim-amount">{c.amount.to_string()}</strong>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </div>
                            <div class="pane order-detail-pane">
                                {move || match detail.get() {
                                    Some(Ok(Some(d))) => {
                                        view! {
                                            <h2>{format!("{} {}", i18n.t(K::OrderNo), d.summary.number)}</h2>
                                            <p class="promised">
                                                {format!("{} {}", i18n.t(K::PromisedOn), d.summary.promised_on)}
                                            </p>
                                            <ul class="order-lines">
                                                {d
                                                    .lines
                                                    .into_iter()
                                                    .map(|l| {
                                                        view! {
                                                            <li class="order-line">
                                                                <span class="name">
                                                                    {i18n.lang().pick(&l.name_zh, &l.name_en).to_owned()}
                                                                </span>
                                                                <span class="qty">
                                                                    {format!("{} × {}", l.cases, l.case_price)}
                                                                </span>
                                                                <strong>{l.total.to_string()}</strong>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                            <ol class="timeline">
                                                {d
                                                    .events
                                                    .into_iter()
                                                    .map(|e| {
                                                        view! {
                                                            <li class="event">
                                                                <span>{move || i18n.t(e.status.label())}</span>
                                                                <span class="event-time">{time_of(e.at_ms)}</span>
                                                                <span>{e.actor.clone()}</span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ol>
                                            <A href=format!("/orders/{}", d.summary.id)>{move || i18n.t(K::Details)}</A>
                                        }
                                            .into_any()
                                    }
                                    Some(Err(e)) => {
                                        view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any()
                                    }
                                    _ => view! { <p class="empty">{move || i18n.t(K::SelectAnOrder)}</p> }.into_any(),
                                }}
                            </div>
                        </div>
                        <CardRow title=K::UsualBuys cards=o.usual shop=shop.clone() />
                        {
                            let shop = shop.clone();
                            move || {
                                recs.get()
                                    .and_then(|r| r.ok())
                                    .map(|r| {
                                        view! {
                                            <CardRow
                                                title=K::RecommendNotReordered
                                                cards=r.not_reordered
                                                shop=shop.clone()
                                            />
                                            <CardRow title=K::RecommendPromoted cards=r.promoted shop=shop.clone() />
                                            <CardRow title=K::RecommendNew cards=r.new shop=shop.clone() />
                                        }
                                    })
                            }
                        }
                        <h2>{move || i18n.t(K::AuditTrail)}</h2>
                        <AuditList entries=o.audit />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Products in a row under a title, each opening its page and each a tap from this shop's cart;
/// nothing at all when there are none.
#[component]
fn CardRow(title: K, cards: Vec<crate::catalogue::ProductCard>, shop: crate::account::ShopRef) -> impl IntoView {
    let i18n = i18n();
    let cart = crate::cart::state::cart_state();
    (!cards.is_empty()).then(|| {
        view! {
            <h2>{move || i18n.t(title)}</h2>
            <ul class="strip-items">
                {cards
                    .into_iter()
                    .map(|c| {
                        let (image, name) = (crate::catalogue::views::packshot(&c), c.name(i18n.lang()).to_owned());
                        view! {
                            <li class="strip-item">
                                <A href=format!("/product/{}", c.id)>{image} <span class="strip-name">{name}</span></A>
                                <strong class="case-price">{c.case_price.to_string()}</strong>
                                {
                                    let (shop, card) = (shop.clone(), c.clone());
                                    move || {
                                        if cart.acting.with(|a| a.as_ref().map(|a| a.id)) == Some(shop.id) {
                                            view! { <crate::cart::views::QtyStepper product=card.clone() /> }.into_any()
                                        } else {
                                            let (shop, card) = (shop.clone(), card.clone());
                                            view! {
                                                <button
                                                    type="button"
                                                    class="button small add-for-shop"
                                                    disabled=card.stock_cases <= 0
                                                    on:click=move |_| {
                                                        let (shop, card) = (shop.clone(), card.clone());
                                                        let cases = card.min_cases.max(1);
                                                        leptos::task::spawn_local(cart.add_for(shop, card, cases));
                                                    }
                                                >
                                                    {move || i18n.t(K::AddToCart)}
                                                </button>
                                            }
                                                .into_any()
                                        }
                                    }
                                }
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// A brand salesperson sends a promotion or a new product to some of their shops.
#[component]
pub fn PushPage() -> impl IntoView {
    let i18n = i18n();
    let shops = LocalResource::new(|| api::my_shops(String::new()));
    let product = RwSignal::new(String::new());
    let kind = RwSignal::new("cut".to_owned());
    let off = RwSignal::new(String::new());
    let buy = RwSignal::new("10".to_owned());
    let free = RwSignal::new("1".to_owned());
    let today = crate::dates::Date::local_of(crate::device::now_ms(), 480);
    let starts = RwSignal::new(today.to_string());
    let ends = RwSignal::new(today.plus_days(14).to_string());
    let chosen = RwSignal::new(Vec::<i64>::new());
    let error = RwSignal::new(None::<AppError>);
    let sent = RwSignal::new(false);
    let send = move |_| {
        let offer = match kind.get_untracked().as_str() {
            "cut" => crate::money::Fen::parse_yuan(&off.get_untracked()).map(|off_fen| Offer::PriceCut { off_fen }),
            "free" => buy
                .get_untracked()
                .trim()
                .parse()
                .ok()
                .zip(free.get_untracked().trim().parse().ok())
                .map(|(buy_n, free_n)| Offer::FreeCases { buy_n, free_n }),
            _ => Some(Offer::NewProduct),
        };
        let dates =
            crate::dates::Date::parse(&starts.get_untracked()).zip(crate::dates::Date::parse(&ends.get_untracked()));
        let (Some(offer), Some((starts_on, ends_on)), Ok(product_id)) =
            (offer, dates, product.get_untracked().trim().parse::<i64>())
        else {
            error.set(Some(AppError::Invalid(crate::error::Invalid::Quantity)));
            return;
        };
        let push = Push { product_id, shop_ids: chosen.get_untracked(), offer, starts_on, ends_on };
        leptos::task::spawn_local(async move {
            match api::push_to_shops(push).await {
                Ok(_) => {
                    sent.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let field = move |label: K, class: &'static str, kind_: &'static str, sig: RwSignal<String>| {
        view! {
            <label class=format!("field {class}")>
                <span>{move || i18n.t(label)}</span>
                <input
                    type=kind_
                    class=class
                    prop:value=sig
                    on:input=move |ev| {
                        sent.set(false);
                        sig.set(event_target_value(&ev))
                    }
                />
            </label>
        }
    };
    view! {
        <section class="push-page claim-form">
            <h1>{move || i18n.t(K::PushTitle)}</h1>
            {field(K::PushProduct, "push-product", "number", product)}
            <div class="chips" role="radiogroup">
                {[("cut", K::OfferPriceCut), ("free", K::OfferFreeCases), ("new", K::OfferNewProduct)]
                    .into_iter()
                    .map(|(k, label)| {
                        view! {
                            <button
                                type="button"
                                class="chip"
                                class:active=move || kind.get() == k
                                on:click=move |_| kind.set(k.to_owned())
                            >
                                {move || i18n.t(label)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <Show when=move || kind.get() == "cut">{field(K::OfferPriceCut, "push-off", "text", off)}</Show>
            <Show when=move || {
                kind.get() == "free"
            }>{field(K::BuyN, "push-buy", "number", buy)}{field(K::FreeM, "push-free", "number", free)}</Show>
            {field(K::StartsOn, "push-starts", "date", starts)}
            {field(K::EndsOn, "push-ends", "date", ends)}
            <ul class="shop-pick">
                {move || {
                    shops
                        .get()
                        .and_then(|r| r.ok())
                        .unwrap_or_default()
                        .into_iter()
                        .map(|s| {
                            let id = s.shop_id;
                            view! {
                                <li>
                                    <label>
                                        <input
                                            type="checkbox"
                                            prop:checked=move || chosen.with(|c| c.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                chosen
                                                    .update(|c| {
                                                        c.retain(|x| *x != id);
                                                        if on {
                                                            c.push(id)
                                                        }
                                                    })
                                            }
                                        />
                                        {s.name.clone()}
                                    </label>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <crate::ui::ErrorLine error=error />
            <Show when=move || sent.get()>
                <p class="notice">{move || i18n.t(K::Sent)}</p>
            </Show>
            <div class="order-actions">
                <button type="button" class="button primary send-push" on:click=send>
                    {move || i18n.t(K::Send)}
                </button>
            </div>
        </section>
    }
}

/// The admin assigns shops to salespeople: a table of salespeople by shops, a tick per pair.
#[component]
pub fn AssignmentsPage() -> impl IntoView {
    let i18n = i18n();
    let version = RwSignal::new(0u32);
    let people = LocalResource::new(move || {
        version.track();
        api::assignments()
    });
    let shops = LocalResource::new(api::all_shops);
    let error = RwSignal::new(None::<AppError>);
    view! {
        <section class="assignments">
            <h1>{move || i18n.t(K::Assignments)}</h1>
            <crate::ui::ErrorLine error=error />
            {move || match (people.get(), shops.get()) {
                (Some(Ok(people)), Some(Ok(shops))) => {
                    view! {
                        <div class="table-wrap">
                            <table class="assign-table">
                                <thead>
                                    <tr>
                                        <th></th>
                                        {people
                                            .iter()
                                            .map(|p| {
                                                view! {
                                                    <th>
                                                        {p.name.clone()}{p.brand.clone().map(|b| format!(" · {b}"))}
                                                    </th>
                                                }
                                            })
                                            .collect_view()}
                                    </tr>
                                </thead>
                                <tbody>
                                    {shops
                                        .into_iter()
                                        .map(|s| {
                                            let row: Vec<_> = people
                                                .iter()
                                                .map(|p| (p.salesperson_id, p.shops.iter().any(|x| x.id == s.shop_id)))
                                                .collect();
                                            view! {
                                                <tr>
                                                    <th>{s.name.clone()}</th>
                                                    {row
                                                        .into_iter()
                                                        .map(|(person, on)| {
                                                            view! {
                                                                <td>
                                                                    <input
                                                                        type="checkbox"
                                                                        class="assign"
                                                                        data-person=person
                                                                        data-shop=s.shop_id
                                                                        prop:checked=on
                                                                        on:change=move |ev| {
                                                                            let assigned = event_target_checked(&ev);
                                                                            leptos::task::spawn_local(async move {
                                                                                match api::set_assignment(person, s.shop_id, assigned).await
                                                                                {
                                                                                    Ok(_) => version.update(|v| *v += 1),
                                                                                    Err(e) => error.set(Some(e)),
                                                                                }
                                                                            });
                                                                        }
                                                                    />
                                                                </td>
                                                            }
                                                        })
                                                        .collect_view()}
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                        .into_any()
                }
                (Some(Err(e)), _) | (_, Some(Err(e))) => {
                    view! { <p class="load-error">{e.message(i18n.lang())}</p> }.into_any()
                }
                _ => view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }.into_any(),
            }}
        </section>
    }
}
