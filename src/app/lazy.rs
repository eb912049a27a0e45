//! The pages a shop owner does not need to see the home screen and the catalogue, each split into
//! its own WebAssembly module and loaded the first time it opens: the product page, the cart, the
//! order pages, claims and claim filing, the account page, the counter and the scanner view.
//!
//! Each page is a split point of `wasm_split` (the crate behind Leptos' `#[lazy]`), declared
//! `fallible`: a module that cannot be fetched is an `Err` here, never a panic (a panic aborts
//! the whole app). It is retried a few times, then the page says so with a button to try again.
//! The split itself runs at build time (scripts/build-app.sh: wasm-split-cli between linking and
//! wasm-bindgen); the service worker precaches every module, so they open offline too.
//!
//! Every page declared here must be routed in both apps: a split point that nothing calls makes
//! the splitter fail.

use crate::i18n::K;
use crate::ui::{i18n, LoadFailed};
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::wasm_split;
use leptos_router::LazyRoute;
use std::future::Future;
use std::pin::Pin;

type Loader = fn() -> Pin<Box<dyn Future<Output = Result<AnyView, LoadFailed>>>>;

/// Loads a page's module, retrying with back-off; after that, a message and a button that tries
/// again in place.
async fn load(get: Loader) -> AnyView {
    for delay_ms in [300, 1_000, 3_000] {
        match get().await {
            Ok(page) => return page,
            Err(LoadFailed) => gloo_timers::future::TimeoutFuture::new(delay_ms).await,
        }
    }
    match get().await {
        Ok(page) => page,
        Err(LoadFailed) => view! { <NotLoaded get /> }.into_any(),
    }
}

#[component]
fn NotLoaded(get: Loader) -> AnyView {
    let i18n = i18n();
    // The page once it loads; taken out of the slot when shown (a view is not Clone).
    let slot = RwSignal::new_local(None::<AnyView>);
    let trying = RwSignal::new(false);
    let retry = move |_| {
        trying.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(page) = get().await {
                slot.set(Some(page));
            }
            trying.set(false);
        });
    };
    (move || {
        slot.track();
        match slot.try_update_untracked(Option::take).flatten() {
            Some(page) => page,
            None => view! {
                <div class="empty-state" role="alert">
                    <p>{move || i18n.t(K::PageNotLoaded)}</p>
                    <button type="button" class="button" disabled=move || trying.get() on:click=retry>
                        {move || i18n.t(K::Retry)}
                    </button>
                </div>
            }
            .into_any(),
        }
    })
    .into_any()
}

/// `lazy_page!(Route, module, path::to::Page)`: a route whose page lives in its own module.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident, $module:ident, $($page:ident)::+) => {
        $(#[$doc])*
        pub struct $route;

        #[cfg(feature = "split")]
        #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $module() -> Result<AnyView, LoadFailed> {
            use $($page)::+ as Page;
            Ok(view! { <Page/> }.into_any())
        }

        /// Not split (a build without `--features split`): the page is in the one module.
        #[cfg(not(feature = "split"))]
        async fn $module() -> Result<AnyView, LoadFailed> {
            use $($page)::+ as Page;
            Ok(view! { <Page/> }.into_any())
        }

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_: Self) -> AnyView {
                load(|| Box::pin($module())).await
            }
        }
    };
}

lazy_page!(
    /// `/product/:id`
    ProductRoute, product_page, crate::catalogue::views::ProductPage
);
lazy_page!(
    /// `/cart` (the cart's state, badge and outbox stay in the main module: only the page is here)
    CartRoute, cart_page, crate::cart::views::CartPage
);
lazy_page!(
    /// `/orders`
    OrdersRoute, orders_page, crate::orders::views::OrdersPage
);
lazy_page!(
    /// `/orders/:id`
    OrderRoute, order_page, crate::orders::views::OrderPage
);
lazy_page!(
    /// `/orders/:id/claim/:line`
    ClaimFormRoute, claim_form_page, crate::claims::views::ClaimFormPage
);
lazy_page!(
    /// `/claims`
    ClaimsRoute, claims_page, crate::claims::views::ClaimsPage
);
lazy_page!(
    /// `/claims/:id`
    ClaimDetailRoute, claim_detail_page, crate::claims::views::ClaimDetailPage
);
lazy_page!(
    /// `/account`
    AccountRoute, account_page, crate::account::views::AccountPage
);
lazy_page!(
    /// `/numbers`
    NumbersRoute, numbers_page, crate::numbers::views::NumbersPage
);
lazy_page!(
    /// `/counter`
    CounterRoute, counter_page, crate::counter::views::CounterPage
);
lazy_page!(
    /// `/scan`
    ScanRoute, scan_page, crate::scanner::views::ScanPage
);
