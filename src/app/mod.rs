//! The app shell: start-up, the router and the main places, the phone and tablet layouts. What
//! every page uses (language, session, network state, the loading/error line, confirmations, the
//! language switch, icons) is `crate::ui`, which no feature needs this module for.

mod lazy;
mod places;

use crate::account::SessionUser;
use crate::device;
use crate::i18n::{Lang, K};
use crate::ui::icons;
use crate::ui::{i18n, session, I18n, Icon, LangSwitch, Online, Session};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes, A};
use leptos_router::{path, Lazy};
use wasm_bindgen::prelude::*;

pub fn start() {
    device::mark("restock:app-start");
    leptos::mount::mount_to_body(App);
    if let Some(boot) = document().get_element_by_id("boot") {
        boot.remove();
    }
    register_service_worker();
}

fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    // Feature-detect: `navigator.serviceWorker` is missing on plain http origins other than
    // localhost and in some private modes.
    let has_sw = js_sys::Reflect::has(&window.navigator(), &JsValue::from_str("serviceWorker")).unwrap_or(false);
    if has_sw {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}

#[component]
pub fn App() -> impl IntoView {
    let lang = device::get::<Lang>(device::LANG_KEY).unwrap_or_else(|| Lang::for_browser(&device::browser_languages()));
    let i18n = I18n(RwSignal::new(lang));
    let session = Session(RwSignal::new(device::get::<SessionUser>(device::USER_KEY)));
    let online = Online(RwSignal::new(window().navigator().on_line()));
    provide_context(i18n);
    provide_context(session);
    provide_context(online);
    crate::cart::state::CartState::provide(session.0);
    crate::claims::outbox::ClaimDrafts::provide(session.0);
    crate::delivery::receipt_store::ReceiptChecks::provide(session.0);
    // Counter sales the phone still holds go as soon as their owner is signed in.
    Effect::new(move |_| {
        let owner =
            session.0.with(|u| u.as_ref().filter(|u| u.role == crate::account::Role::ShopOwner).map(|u| u.user_id));
        if let Some(user) = owner {
            leptos::task::spawn_local(crate::counter::outbox::start(user));
        }
    });
    // The service worker keeps API answers per account: it is told who is signed in (at start, at
    // sign-in, at sign-out), and another account's kept answers are deleted from here too.
    Effect::new(move |_| {
        let account = session.0.with(|u| u.as_ref().map(|u| u.user_id));
        device::tell_service_worker(account);
        leptos::task::spawn_local(device::forget_cached_answers(account));
    });

    Effect::new(move |_| {
        let lang = i18n.lang();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", lang.tag());
        }
        document().set_title(K::AppName.text(lang));
    });
    watch_network(online);
    refresh_session(session);

    view! {
        <Router>
            <Show when=move || session.0.get().is_some() fallback=crate::account::views::SignInPage>
                <Shell />
            </Show>
        </Router>
    }
}

fn watch_network(online: Online) {
    for (event, value) in [("online", true), ("offline", false)] {
        let cb = Closure::<dyn Fn()>::new(move || online.0.set(value));
        let _ = window().add_event_listener_with_callback(event, cb.as_ref().unchecked_ref());
        cb.forget(); // lives as long as the page
    }
}

/// Asks the server who the session belongs to. Offline, the copy on the device stands.
fn refresh_session(session: Session) {
    leptos::task::spawn_local(async move {
        match crate::account::api::whoami().await {
            Ok(Some(user)) => session.signed_in(user),
            Ok(None) => session.signed_out(),
            Err(_) => {}
        }
    });
}

/// The staff's screens: only in the staff app (staff.html), never in what a shop's phone loads.
#[cfg(feature = "staff")]
#[component(transparent)]
fn StaffRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=leptos_router::components::Outlet>
            <Route path=path!("/dispatch") view=crate::delivery::dispatch_views::DispatchPage />
            <Route path=path!("/review") view=crate::claims::review_views::ReviewPage />
            <Route path=path!("/sales") view=crate::sales::views::SalesHome />
            <Route path=path!("/sales/shop/:id") view=crate::sales::views::SalesShopPage />
            <Route path=path!("/sales/push") view=crate::sales::views::PushPage />
            <Route path=path!("/admin") view=crate::sales::views::AssignmentsPage />
            <Route path=path!("/brand") view=crate::brands::views::BrandPage />
        </ParentRoute>
    }
    .into_inner()
}

/// In the shop app, the staff's addresses load the staff app.
#[cfg(not(feature = "staff"))]
#[component(transparent)]
fn StaffRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("") view=leptos_router::components::Outlet>
            <Route path=path!("/dispatch") view=StaffReload />
            <Route path=path!("/review") view=StaffReload />
            <Route path=path!("/sales") view=StaffReload />
            <Route path=path!("/admin") view=StaffReload />
            <Route path=path!("/brand") view=StaffReload />
        </ParentRoute>
    }
    .into_inner()
}

/// The shop app, opened by a staff account (signed in just now, or offline with the shop app
/// cached): loads the staff app, which the server sends to staff sessions. Once per tab, so that
/// a server without the staff build cannot make it loop.
#[cfg(not(feature = "staff"))]
#[component]
fn StaffReload() -> impl IntoView {
    let i18n = i18n();
    load_staff_app_once();
    view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }
}

#[cfg(not(feature = "staff"))]
fn load_staff_app_once() {
    const KEY: &str = "restock:staff-reload";
    let storage = window().session_storage().ok().flatten();
    if storage.as_ref().and_then(|s| s.get_item(KEY).ok().flatten()).is_none() {
        if let Some(s) = storage {
            let _ = s.set_item(KEY, "1");
        }
        let _ = window().location().reload();
    }
}

/// The bottom navigation (a side rail on tablets) for a role: shops get theirs everywhere; staff
/// navigations exist only in the staff app (the shop app reloads into it for staff).
fn nav_for(role: Option<crate::account::Role>) -> AnyView {
    #[cfg(feature = "staff")]
    {
        use crate::account::Role;
        match role {
            Some(Role::Salesperson) => {
                return view! {
                    <ActingFor />
                    <nav class="nav" aria-label="main">
                        <NavItem href="/sales" icon=icons::HOME label=K::NavShops />
                        <NavItem href="/catalogue" icon=icons::GRID label=K::NavCatalogue />
                        <NavItem href="/cart" icon=icons::CART label=K::NavCart badge=true />
                        <NavItem href="/orders" icon=icons::LIST label=K::NavOrders />
                        <NavItem href="/account" icon=icons::USER label=K::NavAccount />
                    </nav>
                }
                .into_any()
            }
            // The brand's numbers, its catalogue, the account.
            Some(Role::BrandOperator) => {
                return view! {
                    <nav class="nav nav-staff" aria-label="main">
                        <NavItem href="/brand" icon=icons::LIST label=K::NavBrand />
                        <NavItem href="/catalogue" icon=icons::GRID label=K::NavCatalogue />
                        <NavItem href="/account" icon=icons::USER label=K::NavAccount />
                    </nav>
                }
                .into_any()
            }
            Some(r @ (Role::Dispatcher | Role::Reviewer | Role::Admin)) => {
                return view! {
                    <nav class="nav nav-staff" aria-label="main">
                        {(r == Role::Admin)
                            .then(|| view! { <NavItem href="/admin" icon=icons::USER label=K::NavAdmin /> })}
                        {(r != Role::Reviewer)
                            .then(|| view! { <NavItem href="/dispatch" icon=icons::LIST label=K::NavDispatch /> })}
                        {(r != Role::Dispatcher)
                            .then(|| view! { <NavItem href="/review" icon=icons::SHIELD label=K::NavReview /> })}
                        <NavItem href="/catalogue" icon=icons::GRID label=K::NavCatalogue />
                        <NavItem href="/account" icon=icons::USER label=K::NavAccount />
                    </nav>
                }
                .into_any()
            }
            _ => {}
        }
    }
    #[cfg(not(feature = "staff"))]
    let _ = role;
    view! {
        <nav class="nav" aria-label="main">
            <NavItem href="/" icon=icons::HOME label=K::NavHome />
            <NavItem href="/catalogue" icon=icons::GRID label=K::NavCatalogue />
            <NavItem href="/cart" icon=icons::CART label=K::NavCart badge=true />
            <NavItem href="/orders" icon=icons::LIST label=K::NavOrders />
            <NavItem href="/claims" icon=icons::SHIELD label=K::NavClaims />
            <NavItem href="/account" icon=icons::USER label=K::NavAccount />
        </nav>
    }
    .into_any()
}

/// For a salesperson: the shop they are ordering for, always in view, a tap from its page.
#[cfg(feature = "staff")]
#[component]
fn ActingFor() -> impl IntoView {
    let i18n = i18n();
    let cart = crate::cart::state::cart_state();
    view! {
        {move || {
            cart.acting
                .get()
                .map(|s| {
                    view! {
                        <A href=format!("/sales/shop/{}", s.id) attr:class="acting-for">
                            {move || i18n.t(K::OrderingFor)}
                            " "
                            <strong>{s.name.clone()}</strong>
                        </A>
                    }
                })
        }}
    }
}

#[component]
fn Shell() -> impl IntoView {
    let i18n = i18n();
    let online = expect_context::<Online>();
    let session = session();
    // Dispatchers, reviewers and admins work the platform's side: their navigation leads to their
    // queue, not to a shop's cart.
    let role = move || session.0.with(|u| u.as_ref().map(|u| u.role));
    // An order the outbox got through proves the network is back, whatever the browser's own
    // online flag says (it lags, or never fires behind captive portals): the notice goes.
    let cart = crate::cart::state::cart_state();
    Effect::new(move |prev: Option<u32>| {
        let sent = cart.orders_version.get();
        if prev.is_some_and(|p| p != sent) {
            online.0.set(true);
        }
        sent
    });
    #[cfg(not(feature = "staff"))]
    Effect::new(move |_| {
        if role().is_some_and(|r| r != crate::account::Role::ShopOwner) {
            load_staff_app_once();
        }
    });
    view! {
        <div class="shell">
            <header class="topbar">
                <A href="/" attr:class="brand">
                    <img src="/icons/icon.svg" alt="" width="28" height="28" />
                    <span>{move || i18n.t(K::AppName)}</span>
                </A>
                <LangSwitch />
            </header>
            <Show when=move || !online.0.get()>
                <div class="offline-banner" role="status">
                    {move || i18n.t(K::Offline)}
                </div>
            </Show>
            <NeedsYou />
            {move || nav_for(role())}
            <main class="content">
                // Pages outside the home screen and the catalogue load their own code on first
                // use (lazy.rs).
                <Routes fallback=|| view! { <places::NotFound /> }>
                    <Route path=path!("/") view=places::Home />
                    <Route path=path!("/catalogue") view=crate::catalogue::views::CataloguePage />
                    <Route path=path!("/product/:id") view={Lazy::<lazy::ProductRoute>::new()} />
                    <Route path=path!("/cart") view={Lazy::<lazy::CartRoute>::new()} />
                    <Route path=path!("/scan") view={Lazy::<lazy::ScanRoute>::new()} />
                    <Route path=path!("/orders") view={Lazy::<lazy::OrdersRoute>::new()} />
                    <Route path=path!("/orders/:id") view={Lazy::<lazy::OrderRoute>::new()} />
                    <Route path=path!("/orders/:id/claim/:line") view={Lazy::<lazy::ClaimFormRoute>::new()} />
                    <Route path=path!("/claims") view={Lazy::<lazy::ClaimsRoute>::new()} />
                    <Route path=path!("/claims/:id") view={Lazy::<lazy::ClaimDetailRoute>::new()} />
                    <Route path=path!("/account") view={Lazy::<lazy::AccountRoute>::new()} />
                    <Route path=path!("/numbers") view={Lazy::<lazy::NumbersRoute>::new()} />
                    <Route path=path!("/counter") view={Lazy::<lazy::CounterRoute>::new()} />
                    <StaffRoutes />
                </Routes>
            </main>
        </div>
    }
}

/// An order or a claim the server refused is back with the shop: said on every screen until the
/// shop has dealt with it (sent it again, moved it to the cart or discarded it).
#[component]
fn NeedsYou() -> impl IntoView {
    use crate::cart::OutboxState;
    use crate::claims::draft::DraftState;
    let i18n = i18n();
    let cart = crate::cart::state::cart_state();
    let drafts = crate::claims::outbox::claim_drafts();
    let orders = move || cart.outbox.with(|o| o.iter().any(|e| matches!(e.state, OutboxState::NeedsLook(_))));
    let claims = move || drafts.drafts.with(|d| d.iter().any(|d| matches!(d.state, DraftState::NeedsLook(_))));
    view! {
        <Show when=move || orders() || claims()>
            <A
                href=move || if orders() { "/orders".to_owned() } else { "/claims".to_owned() }
                attr:class="needs-you-banner"
                attr:role="alert"
            >
                {move || i18n.t(K::NeedsYou)}
            </A>
        </Show>
    }
}

#[component]
fn NavItem(href: &'static str, icon: &'static str, label: K, #[prop(optional)] badge: bool) -> impl IntoView {
    let i18n = i18n();
    let cart = crate::cart::state::cart_state();
    let count = move || if badge { cart.cart.with(|c| c.lines.len()) } else { 0 };
    view! {
        <A href=href attr:class="nav-item" exact=true>
            <span class="nav-icon">
                <Icon path=icon />
                <Show when=move || { count() > 0 }>
                    <span class="nav-badge" aria-label=move || crate::i18n::products(i18n.lang(), count())>
                        {count}
                    </span>
                </Show>
            </span>
            <span class="nav-label">{move || i18n.t(label)}</span>
        </A>
    }
}
