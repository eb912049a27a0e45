//! The home screen and the page for unknown addresses.

use crate::catalogue::views::{BuyAgain, ProductStrip};
use crate::catalogue::{Category, Flag};
use crate::i18n::K;
use crate::ui::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Home() -> impl IntoView {
    let i18n = i18n();
    let session = super::session();
    // Staff start on their own screens.
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        use crate::account::Role;
        let home = match session.0.with(|u| u.as_ref().map(|u| u.role)) {
            Some(Role::Salesperson) => "/sales",
            Some(Role::Dispatcher) => "/dispatch",
            Some(Role::Reviewer) => "/review",
            Some(Role::Admin) => "/admin",
            Some(Role::BrandOperator) => "/brand",
            _ => return,
        };
        navigate(home, Default::default());
    });
    let greeting = move || {
        let user = session.0.get();
        let name = user.as_ref().map(|u| u.shop.as_ref().map(|s| s.name.clone()).unwrap_or_else(|| u.name.clone()));
        crate::i18n::greeting(i18n.lang(), &name.unwrap_or_default())
    };
    // Staff are on their way to their own screens: nothing of a shop's home is asked for (its
    // strips would be refused to them).
    let shop_side = move || session.0.with(|u| u.as_ref().is_none_or(|u| u.role == crate::account::Role::ShopOwner));
    view! {
        <Show when=shop_side>
            <section class="home">
                <h1 class="greeting">{greeting}</h1>
                <p class="tagline">{move || i18n.t(K::Tagline)}</p>
                <A href="/catalogue" attr:class="search-link">
                    <svg
                        class="icon"
                        viewBox="0 0 24 24"
                        width="20"
                        height="20"
                        aria-hidden="true"
                        fill="none"
                        stroke="currentColor"
                        stroke-width="2"
                    >
                        <circle cx="11" cy="11" r="7" />
                        <path d="M20 20l-4-4" />
                    </svg>
                    {move || i18n.t(K::SearchPlaceholder)}
                </A>
                <div class="category-grid">
                    {Category::ALL
                        .into_iter()
                        .map(|c| {
                            view! {
                                <A
                                    href=format!("/catalogue?c={}", c.code())
                                    attr:class=format!("category-tile cat-{}", c.code())
                                >
                                    <span class="category-dot" aria-hidden="true"></span>
                                    {move || i18n.t(c.label())}
                                </A>
                            }
                        })
                        .collect_view()}
                </div>
                // The shop's own numbers are a tap away (nothing is fetched for them here).
                <A href="/numbers" attr:class="numbers-link">
                    <strong>{move || i18n.t(K::MyNumbers)}</strong>
                    <span>{move || i18n.t(K::MyNumbersHint)}</span>
                </A>
                <A href="/counter" attr:class="numbers-link counter-link">
                    <strong>{move || i18n.t(K::Counter)}</strong>
                    <span>{move || i18n.t(K::CounterHint)}</span>
                </A>
                <crate::sales::owner_views::FeaturedStrip />
                <ProductStrip flag="promotion" title=K::Promotions />
                <BuyAgain />
                <ProductStrip flag=Flag::New.code() title=K::NewArrivals />
                <ProductStrip flag=Flag::Trending.code() title=K::TrendingNow />
                <ProductStrip flag=Flag::OwnBrand.code() title=K::OwnBrandPicks />
            </section>
        </Show>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = i18n();
    view! {
        <section class="empty-state">
            <h1>{move || i18n.t(K::PageNotFound)}</h1>
            <A href="/" attr:class="button">
                {move || i18n.t(K::NavHome)}
            </A>
        </section>
    }
}
