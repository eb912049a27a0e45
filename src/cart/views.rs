//! The cart page (lines, what changed since they were added, the server's pricing, checkout) and
//! the quantity stepper used wherever a product can be added.

use super::state::cart_state;
use super::{clamp_cases, CartLine};
use crate::catalogue::ProductCard;
use crate::error::AppError;
use crate::i18n::{Lang, K};
use crate::money::Fen;
use crate::orders::api::quote_cart;
use crate::orders::rules::{minimum_shortfall, LineProblem};
use crate::orders::Quote;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// "加入购物车", or − n + once the product is in the cart. Big targets for a thumb.
#[component]
pub fn QtyStepper(product: ProductCard) -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let id = product.id;
    let cases = move || state.cart.with(|c| c.cases_of(id));
    let p1 = product.clone();
    let sold_out = product.stock_cases <= 0;
    // A salesperson orders for one shop at a time: with none chosen, there is no cart to fill.
    let no_shop = move || state.for_others.get() && state.acting.get().is_none();
    let min = product.min_cases.max(1);
    let decrease = move |_| {
        let now = cases();
        // Below the minimum means out of the cart.
        let next = if now - 1 < min { 0 } else { now - 1 };
        state.change(|c| c.set_cases(id, next));
    };
    let card = StoredValue::new(product.clone());
    let typed = move |ev| {
        let typed = event_target_value(&ev).trim().parse::<i64>().unwrap_or(-1);
        if typed == 0 {
            state.change(|c| c.remove(id));
        } else if typed > 0 {
            let n = card.with_value(|p| clamp_cases(p, typed));
            state.change(|c| c.set_cases(id, n));
        }
        // Anything else (letters, a minus sign): the field shows the cart again.
        state.cart.update(|_| {});
    };
    let increase = move |_| {
        // Read before changing: the cart cannot be read inside its own update.
        let next = cases() + 1;
        state.change(|c| c.set_cases(id, next));
    };
    view! {
        <div class="stepper" data-product-id=id>
            <Show
                when=move || { cases() > 0 }
                fallback=move || {
                    let p = p1.clone();
                    view! {
                        <Show
                            when=no_shop
                            fallback={
                                let p = p.clone();
                                move || {
                                    let p = p.clone();
                                    view! {
                                        <button
                                            type="button"
                                            class="button primary add"
                                            disabled=sold_out
                                            on:click=move |_| state.add(&p, p.min_cases.max(1))
                                        >
                                            {move || i18n.t(K::AddToCart)}
                                        </button>
                                    }
                                }
                            }
                        >
                            <A href="/sales" attr:class="button choose-shop">
                                {move || i18n.t(K::ChooseShopFirst)}
                            </A>
                        </Show>
                    }
                }
            >
                <button type="button" class="step" aria-label=move || i18n.t(K::Decrease) on:click=decrease>
                    "−"
                </button>
                <input
                    class="qty"
                    type="number"
                    inputmode="numeric"
                    min="0"
                    aria-label=move || i18n.t(K::Quantity)
                    prop:value=move || cases().to_string()
                    on:change=typed
                />
                <button type="button" class="step" aria-label=move || i18n.t(K::Increase) on:click=increase>
                    "+"
                </button>
            </Show>
        </div>
    }
}

/// What changed for this line since the shop added it, in words.
fn change_note(lang: Lang, line: &CartLine, quote: Option<&Quote>) -> Option<(String, &'static str)> {
    let q = quote?.lines.iter().find(|q| q.product_id == line.product.id)?;
    match &q.result {
        Err(LineProblem::Unavailable) => Some((K::NoLongerSold.text(lang).into(), "bad")),
        Err(LineProblem::NotEnoughStock { available: 0 }) => Some((K::OutOfStock.text(lang).into(), "bad")),
        Err(LineProblem::NotEnoughStock { available }) => Some((only_left(lang, *available), "bad")),
        Err(LineProblem::BelowMinimum { min }) => {
            Some((format!("{} {}", K::MinCases.text(lang), crate::i18n::cases(lang, *min)), "bad"))
        }
        Err(LineProblem::AboveMaximum { max }) => {
            Some((format!("{} {}", K::MaxCases.text(lang), crate::i18n::cases(lang, *max)), "bad"))
        }
        Err(LineProblem::PriceRose { .. }) => None,
        Ok(priced) => {
            let diff = priced.case_price - line.added_case_price;
            if diff < Fen::ZERO {
                Some((format!("{} {}", Fen(-diff.0), K::Cheaper.text(lang)), "good"))
            } else if diff > Fen::ZERO {
                Some((format!("{} {}", diff, K::Dearer.text(lang)), "warn"))
            } else if q.stock_cases < 10 {
                Some((only_left(lang, q.stock_cases), "warn"))
            } else {
                None
            }
        }
    }
}

fn only_left(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{}{n}{}", K::OnlyLeft.text(lang), K::CasesLeft.text(lang)),
        Lang::En => format!("{} {n} {}", K::OnlyLeft.text(lang), K::CasesLeft.text(lang)),
    }
}

/// Why a product is suggested, in the reader's language.
fn suggested_why(lang: Lang, s: &crate::orders::suggest::Suggestion) -> String {
    let usual = crate::i18n::cases(lang, s.cases);
    if let Some(w) = s.shelf {
        return match lang {
            Lang::Zh => {
                format!("在架 {} 件，按近 28 天的卖出速度约 {} 天卖完，建议订 {usual}", w.on_shelf, w.days_left)
            }
            Lang::En => format!(
                "{} on the shelf, gone in about {} days at the last 28 days' rate; {usual} suggested",
                crate::i18n::units(lang, w.on_shelf),
                w.days_left
            ),
        };
    }
    match lang {
        Lang::Zh => format!("约每 {} 天订一次，上次在 {} 天前，通常订 {usual}", s.every_days, s.last_days_ago),
        Lang::En => {
            format!("Ordered about every {} days, last {} days ago; usually {usual}", s.every_days, s.last_days_ago)
        }
    }
}

/// The suggested order: what this shop's shelf will run out of (from its counter sales) and what
/// it usually reorders and is due to reorder now (from its own orders, `orders::suggest`), each saying why, with its usual quantity one tap away. Products
/// already in the cart or out of stock are left out.
#[component]
fn SuggestedOrder() -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let found = LocalResource::new(move || {
        let shop = state.for_shop();
        async move {
            let due = crate::orders::api::suggested_order(shop).await?;
            if due.is_empty() {
                return Ok::<_, AppError>(vec![]);
            }
            let cards = crate::catalogue::api::cards_by_ids(due.iter().map(|s| s.product_id).collect()).await?;
            Ok(due
                .into_iter()
                .filter_map(|s| cards.iter().find(|c| c.id == s.product_id).map(|c| (s, c.clone())))
                .collect())
        }
    });
    let open = move || {
        let all = found.get().and_then(|r| r.ok()).unwrap_or_default();
        state
            .cart
            .with(|c| all.into_iter().filter(|(_, p)| c.cases_of(p.id) == 0 && p.stock_cases > 0).collect::<Vec<_>>())
    };
    let add_all = move |_| {
        for (s, p) in open() {
            state.add(&p, s.cases);
        }
    };
    view! {
        <Show when=move || !open().is_empty()>
            <section class="suggested-order">
                <header class="strip-head">
                    <h2>{move || i18n.t(K::SuggestedOrder)}</h2>
                    <button type="button" class="button small primary add-suggested" on:click=add_all>
                        {move || format!("{} ({})", i18n.t(K::AddAllSuggested), open().len())}
                    </button>
                </header>
                <ul class="suggested-lines">
                    <For each=open key=|(s, p)| (s.product_id, p.case_price) let:item>
                        {
                            let (s, p) = item;
                            let name = p.clone();
                            view! {
                                <li class="suggested-line" data-product-id=p.id>
                                    {crate::catalogue::views::packshot(&p)}
                                    <div class="suggested-body">
                                        <span class="suggested-name">{move || name.name(i18n.lang()).to_owned()}</span>
                                        <span class="why">{move || suggested_why(i18n.lang(), &s)}</span>
                                    </div>
                                    <QtyStepper product=p.clone() />
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// "Shops like yours sell these": what the shops buying most like this one stock and it does
/// not (`orders::similar`), each saying how many of them buy it.
#[component]
fn PeersStock() -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let found = LocalResource::new(move || {
        let shop = state.for_shop();
        async move {
            let list = crate::orders::api::stocked_by_peers(shop).await?;
            if list.is_empty() {
                return Ok::<_, AppError>(vec![]);
            }
            let cards = crate::catalogue::api::cards_by_ids(list.iter().map(|s| s.product_id).collect()).await?;
            Ok(list
                .into_iter()
                .filter_map(|s| cards.iter().find(|c| c.id == s.product_id).map(|c| (s, c.clone())))
                .collect())
        }
    });
    let shown = move || {
        let all = found.get().and_then(|r| r.ok()).unwrap_or_default();
        state.cart.with(|c| all.into_iter().filter(|(_, p)| c.cases_of(p.id) == 0).collect::<Vec<_>>())
    };
    view! {
        <Show when=move || !shown().is_empty()>
            <section class="suggested-order peers-stock">
                <header class="strip-head">
                    <h2>{move || i18n.t(K::PeersStock)}</h2>
                </header>
                <ul class="suggested-lines">
                    <For each=shown key=|(s, p)| (s.product_id, p.case_price) let:item>
                        {
                            let (s, p) = item;
                            let name = p.clone();
                            view! {
                                <li class="suggested-line" data-product-id=p.id>
                                    {crate::catalogue::views::packshot(&p)}
                                    <div class="suggested-body">
                                        <span class="suggested-name">{move || name.name(i18n.lang()).to_owned()}</span>
                                        <span class="why">
                                            {move || match i18n.lang() {
                                                Lang::Zh => {
                                                    format!(
                                                        "{} 家和你进货相似的店在卖（共比较 {} 家）",
                                                        s.shops,
                                                        s.of,
                                                    )
                                                }
                                                Lang::En => {
                                                    format!("Sold by {} of {} shops that buy like yours", s.shops, s.of)
                                                }
                                            }}
                                        </span>
                                    </div>
                                    <QtyStepper product=p.clone() />
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let i18n = i18n();
    let state = cart_state();
    let navigate = StoredValue::new_local(use_navigate());
    let use_balance = RwSignal::new(true);
    let quote = RwSignal::new(None::<Result<Quote, AppError>>);
    let placing = RwSignal::new(false);
    let error = RwSignal::new(None::<super::state::CheckoutError>);
    let generation = StoredValue::new(0u32);

    // The server prices the cart again whenever it changes: what checkout will charge, now.
    Effect::new(move |_| {
        let lines = state.cart.with(|c| c.requests());
        let balance = use_balance.get();
        let shop = state.for_shop();
        if lines.is_empty() {
            quote.set(None);
            return;
        }
        let gen = generation.get_value() + 1;
        generation.set_value(gen);
        leptos::task::spawn_local(async move {
            let q = quote_cart(shop, lines, balance).await;
            if let Ok(q) = &q {
                state.saw_balance(q.balance);
            }
            if generation.get_value() == gen {
                quote.set(Some(q));
            }
        });
    });

    let fresh_quote = move || quote.get().and_then(|q| q.ok());
    let offline = move || matches!(quote.get(), Some(Err(ref e)) if e.is_network());
    let has_problems = move || fresh_quote().is_some_and(|q| q.lines.iter().any(|l| l.result.is_err()));
    let shortfall = move || match fresh_quote() {
        Some(q) => q.shortfall,
        // Offline: the device checks the minimum with the prices it last saw.
        None => minimum_shortfall(state.cart.with(|c| c.seen_total())),
    };
    // Offline, what checkout will charge is worked out here as the server will: the balance as
    // last seen, up to the goods' total (orders/rules.rs decides the same on the server).
    let balance = move || fresh_quote().map(|q| q.balance).or_else(|| state.known_balance.get()).unwrap_or(Fen::ZERO);
    let offline_used = move || {
        let goods = state.cart.with(|c| c.seen_total());
        crate::orders::rules::balance_to_use(balance(), goods, use_balance.get())
    };
    let can_place =
        move || !placing.get() && !state.cart.with(|c| c.lines.is_empty()) && shortfall().is_none() && !has_problems();

    let place = move |_| {
        placing.set(true);
        error.set(None);
        let navigate = navigate.get_value();
        leptos::task::spawn_local(async move {
            match state.checkout(use_balance.get_untracked()).await {
                Ok(key) => {
                    // Give the send a moment: online, the confirmed order opens; otherwise the shop
                    // is told the order is safe on the phone.
                    state.first_answer(&key, 4_000).await;
                    let placed = state.last_placed.get_untracked();
                    match placed {
                        Some(order) if !state.outbox.with_untracked(|o| o.iter().any(|e| e.key == key)) => {
                            navigate(&format!("/orders/{}", order.id), Default::default());
                        }
                        _ => {
                            state.flash.set(Some(K::SavedOffline));
                            navigate("/orders", Default::default());
                        }
                    }
                }
                Err(e) => error.set(Some(e)),
            }
            placing.set(false);
        });
    };

    view! {
        <section class="cart-page">
            <header class="page-head">
                <h1>{move || i18n.t(K::NavCart)}</h1>
                <A href="/scan?mode=restock" attr:class="button scan-restock">
                    <crate::scanner::views::ScanIcon />
                    {move || i18n.t(K::ScanRestock)}
                </A>
            </header>
            <SuggestedOrder />
            <PeersStock />
            <Show
                when=move || !state.cart.with(|c| c.lines.is_empty())
                fallback=move || {
                    view! {
                        <div class="empty-state">
                            <h2>{move || i18n.t(K::CartEmpty)}</h2>
                            // A salesperson orders for one shop at a time: which one, first.
                            {move || {
                                if state.for_others.get() && state.acting.get().is_none() {
                                    view! {
                                        <p>{move || i18n.t(K::ChooseShopFirst)}</p>
                                        <A href="/sales" attr:class="button primary">
                                            {move || i18n.t(K::NavShops)}
                                        </A>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <p>{move || i18n.t(K::CartEmptyHint)}</p>
                                        <A href="/catalogue" attr:class="button primary">
                                            {move || i18n.t(K::GoShopping)}
                                        </A>
                                    }
                                        .into_any()
                                }
                            }}
                        </div>
                    }
                }
            >
                <div class="cart-layout">
                    <ul class="cart-lines">
                        <For
                            each=move || state.cart.get().lines
                            key=|l| (l.product.id, l.cases, l.product.case_price)
                            let:line
                        >
                            {
                                let note = {
                                    let line = line.clone();
                                    move || change_note(i18n.lang(), &line, fresh_quote().as_ref())
                                };
                                let name = line.product.clone();
                                let id = line.product.id;
                                view! {
                                    <li class="cart-line" data-product-id=id>
                                        {crate::catalogue::views::packshot(&line.product)}
                                        <div class="cart-line-body">
                                            <h3 class="product-name">{move || name.name(i18n.lang()).to_owned()}</h3>
                                            <p class="product-price">
                                                <strong class="case-price">
                                                    {line.product.case_price.to_string()}
                                                </strong>
                                                <span class="per">{move || i18n.t(K::PerCase)}</span>
                                            </p>
                                            {move || {
                                                note()
                                                    .map(|(text, class)| {
                                                        view! { <p class=format!("change-note {class}")>{text}</p> }
                                                    })
                                            }}
                                            <div class="cart-line-actions">
                                                <QtyStepper product=line.product.clone() />
                                                <button
                                                    type="button"
                                                    class="link danger"
                                                    on:click=move |_| state.change(|c| c.remove(id))
                                                >
                                                    {move || i18n.t(K::Remove)}
                                                </button>
                                            </div>
                                        </div>
                                    </li>
                                }
                            }
                        </For>
                    </ul>
                    <aside class="checkout">
                        <Show when=offline>
                            <p class="freshness">{move || i18n.t(K::CachedPrices)}</p>
                        </Show>
                        <dl class="totals">
                            <dt>{move || i18n.t(K::GoodsTotal)}</dt>
                            <dd class="goods-total">
                                {move || {
                                    fresh_quote()
                                        .map(|q| q.goods)
                                        .unwrap_or_else(|| state.cart.with(|c| c.seen_total()))
                                        .to_string()
                                }}
                            </dd>
                            <Show when=move || { balance() > Fen::ZERO }>
                                <dt>
                                    <label class="toggle">
                                        <input
                                            type="checkbox"
                                            prop:checked=use_balance
                                            on:change=move |ev| use_balance.set(event_target_checked(&ev))
                                        />
                                        {move || i18n.t(K::UseBalance)}
                                        " ("
                                        {move || balance().to_string()}
                                        ")"
                                    </label>
                                </dt>
                                <dd class="balance-used">
                                    {move || {
                                        format!(
                                            "-{}",
                                            fresh_quote().map(|q| q.balance_used).unwrap_or_else(offline_used),
                                        )
                                    }}
                                </dd>
                            </Show>
                            <dt>{move || i18n.t(K::Payable)}</dt>
                            <dd class="payable">
                                <strong>
                                    {move || {
                                        fresh_quote()
                                            .map(|q| q.payable)
                                            .unwrap_or_else(|| state.cart.with(|c| c.seen_total()) - offline_used())
                                            .to_string()
                                    }}
                                </strong>
                            </dd>
                            <Show when=move || fresh_quote().is_some()>
                                <dt>{move || i18n.t(K::PromisedOn)}</dt>
                                <dd class="promised">{move || fresh_quote().map(|q| q.promised_on.to_string())}</dd>
                            </Show>
                        </dl>
                        <Show when=move || shortfall().is_some()>
                            <p class="shortfall">
                                {move || format!("{} {}", i18n.t(K::MinOrderMissing), shortfall().unwrap_or_default())}
                            </p>
                        </Show>
                        <Show when=move || error.get().is_some()>
                            <p class="form-error" role="alert">
                                {move || error.get().map(|e| e.message(i18n.lang()))}
                            </p>
                        </Show>
                        <button
                            type="button"
                            class="button primary wide place-order"
                            disabled=move || !can_place()
                            on:click=place
                        >
                            {move || if placing.get() { i18n.t(K::Placing) } else { i18n.t(K::PlaceOrder) }}
                        </button>
                        <crate::ui::Confirm
                            class="link danger clear-cart"
                            label=K::ClearCart
                            ask=K::AskClearCart
                            on_confirm=move || state.change(|c| c.lines.clear())
                        />
                    </aside>
                </div>
            </Show>
        </section>
    }
}
