//! Sign-in and the account page.

use super::api::{my_sessions, sign_in, sign_out, sign_out_others};
use crate::error::AppError;
use crate::i18n::K;
use crate::ui::{i18n, session, LangSwitch};
use leptos::prelude::*;

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = i18n();
    let session = session();
    let phone = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let navigate = leptos_router::hooks::use_navigate();

    let submit = Action::new_local(move |(phone, password): &(String, String)| {
        let (phone, password) = (phone.clone(), password.clone());
        async move { sign_in(phone, password).await }
    });
    Effect::new(move |_| match submit.value().get() {
        Some(Ok(user)) => {
            // The form keeps what was typed until the server accepts it; then the password goes.
            password.set(String::new());
            // Whatever address the form was shown at (the page signed out from, a stale link),
            // a sign-in starts on the home screen; staff are taken on from there to their own.
            navigate("/", leptos_router::NavigateOptions { replace: true, ..Default::default() });
            session.signed_in(user);
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        // Check the number here first: the same rule the server applies, with no round trip.
        match super::Phone::parse(&phone.get_untracked()) {
            Err(e) => error.set(Some(e)),
            Ok(_) if password.get_untracked().is_empty() => {
                error.set(Some(AppError::Invalid(crate::error::Invalid::PasswordEmpty)))
            }
            Ok(p) => {
                submit.dispatch((p.as_str().to_owned(), password.get_untracked()));
            }
        }
    };

    view! {
        <div class="sign-in">
            <div class="sign-in-card">
                <div class="sign-in-head">
                    <img src="/icons/icon.svg" alt="" width="56" height="56" />
                    <h1>{move || i18n.t(K::AppName)}</h1>
                    <p>{move || i18n.t(K::Tagline)}</p>
                </div>
                <form on:submit=on_submit novalidate=true>
                    <label>
                        <span>{move || i18n.t(K::Phone)}</span>
                        <input
                            name="phone"
                            type="tel"
                            inputmode="numeric"
                            autocomplete="username"
                            maxlength="20"
                            prop:value=phone
                            on:input=move |ev| phone.set(event_target_value(&ev))
                        />
                    </label>
                    <label>
                        <span>{move || i18n.t(K::Password)}</span>
                        <input
                            name="password"
                            type="password"
                            autocomplete="current-password"
                            prop:value=password
                            on:input=move |ev| password.set(event_target_value(&ev))
                        />
                    </label>
                    <crate::ui::ErrorLine error=error />
                    <button type="submit" class="button primary wide" disabled=move || submit.pending().get()>
                        {move || if submit.pending().get() { i18n.t(K::SigningIn) } else { i18n.t(K::SignIn) }}
                    </button>
                </form>
                <LangSwitch />
            </div>
        </div>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = i18n();
    let session = session();
    let error = RwSignal::new(None::<AppError>);
    let cart = crate::cart::state::cart_state();
    let drafts = crate::claims::outbox::claim_drafts();
    let receipts = crate::delivery::receipt_store::receipt_checks();
    let navigate = leptos_router::hooks::use_navigate();
    let blocked = RwSignal::new(false);
    let claims_blocked = RwSignal::new(false);
    let sales_blocked = RwSignal::new(false);
    let me = move || session.0.with_untracked(|u| u.as_ref().map(|u| u.user_id));
    let out = Action::new_local(|_: &()| sign_out());
    Effect::new(move |_| match out.value().get() {
        Some(Ok(())) => {
            // Everything of this account leaves the device with it (carts, outbox, claim drafts
            // and photos, receipt checks, its chosen shop, the service worker's kept answers) and
            // memory (notices, the last order placed); the next account on this phone starts on
            // the home screen with nothing of this one.
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                for (what, done) in [
                    ("cart and outbox", cart.forget_device_data().await),
                    ("claim drafts", drafts.forget_device_data().await),
                    ("receipt checks", receipts.forget_device_data().await),
                    (
                        "counter sales",
                        match me() {
                            Some(user) => crate::counter::outbox::forget_device_data(user).await,
                            None => Ok(()),
                        },
                    ),
                ] {
                    if let Err(e) = done {
                        leptos::logging::error!("sign-out: the {what} could not be removed from this device: {e}");
                    }
                }
                crate::device::tell_service_worker(None);
                crate::device::forget_cached_answers(None).await;
                navigate("/", leptos_router::NavigateOptions { replace: true, ..Default::default() });
                session.signed_out();
            });
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let try_sign_out = move |_| {
        error.set(None);
        // Orders still on the device would be lost: they must reach the server first.
        if !cart.outbox.with_untracked(|o| o.is_empty()) {
            blocked.set(true);
            cart.send_outbox();
            return;
        }
        blocked.set(false);
        // So would claims submitted and not yet filed.
        if drafts.has_queued() {
            claims_blocked.set(true);
            drafts.send();
            return;
        }
        claims_blocked.set(false);
        // And counter sales not yet recorded (counted on the phone, without loading the counter).
        leptos::task::spawn_local(async move {
            if let Some(user) = me() {
                if crate::counter::outbox::queued(user).await {
                    sales_blocked.set(true);
                    leptos::task::spawn_local(crate::counter::outbox::start(user));
                    return;
                }
            }
            sales_blocked.set(false);
            out.dispatch(());
        });
    };
    let user = move || session.0.get();
    view! {
        <section class="account">
            <h1>{move || user().map(|u| u.name)}</h1>
            <dl class="facts">
                <dt>{move || i18n.t(K::Phone)}</dt>
                <dd>{move || user().map(|u| u.phone)}</dd>
                <dt>{move || i18n.t(K::Role)}</dt>
                <dd>{move || user().map(|u| i18n.t(u.role.label()))}</dd>
                <Show when=move || user().and_then(|u| u.shop).is_some()>
                    <dt>{move || i18n.t(K::Shop)}</dt>
                    <dd>{move || user().and_then(|u| u.shop).map(|s| s.name)}</dd>
                </Show>
                <dt>{move || i18n.t(K::Language)}</dt>
                <dd>
                    <LangSwitch />
                </dd>
            </dl>
            <Show when=move || user().is_some_and(|u| u.shop.is_some())>
                <leptos_router::components::A href="/numbers" attr:class="button wide my-numbers">
                    {move || i18n.t(K::ViewMyNumbers)}
                </leptos_router::components::A>
            </Show>
            <crate::ui::ErrorLine error=error />
            <Show when=move || blocked.get()>
                <p class="form-error" role="alert">
                    {move || i18n.t(K::SignOutBlocked)}
                </p>
            </Show>
            <Show when=move || claims_blocked.get()>
                <p class="form-error" role="alert">
                    {move || i18n.t(K::SignOutClaimsBlocked)}
                </p>
            </Show>
            <Show when=move || sales_blocked.get()>
                <p class="form-error" role="alert">
                    {move || i18n.t(K::SignOutSalesBlocked)}
                </p>
            </Show>
            <button type="button" class="button danger wide sign-out" on:click=try_sign_out>
                {move || i18n.t(K::SignOut)}
            </button>
            <Devices />
            <Show when=move || user().is_some_and(|u| u.shop.is_some())>
                <crate::sales::owner_views::ShopAuditTrail />
            </Show>
        </section>
    }
}

/// The account's signed-in devices (when each signed in and was last used, this one marked), and
/// signing out all the others.
#[component]
fn Devices() -> impl IntoView {
    use crate::orders::views::time_of;
    let i18n = i18n();
    let error = RwSignal::new(None::<AppError>);
    let ended = RwSignal::new(None::<i64>);
    let sessions = LocalResource::new(my_sessions);
    let others = Action::new_local(|_: &()| sign_out_others());
    Effect::new(move |_| match others.value().get() {
        Some(Ok(n)) => {
            ended.set(Some(n));
            sessions.refetch();
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    view! {
        {move || {
            sessions
                .get()
                .and_then(|r| r.ok())
                .map(|list| {
                    let has_others = list.iter().any(|s| !s.current);
                    view! {
                        <h2>{move || i18n.t(K::Devices)}</h2>
                        <ul class="devices">
                            {list
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <li class="device" class:current=s.current>
                                            <strong>{s.device.clone()}</strong>
                                            {s
                                                .current
                                                .then(|| {
                                                    view! { <span class="badge">{move || i18n.t(K::ThisDevice)}</span> }
                                                })}
                                            <span class="detail">
                                                {move || i18n.t(K::SignedInAt)}" "{time_of(s.created_ms)}" · "
                                                {move || i18n.t(K::LastUsed)}" "{time_of(s.last_seen_ms)}
                                            </span>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <Show when=move || has_others>
                            <button
                                type="button"
                                class="button wide sign-out-others"
                                disabled=move || others.pending().get()
                                on:click=move |_| {
                                    error.set(None);
                                    others.dispatch(());
                                }
                            >
                                {move || i18n.t(K::SignOutOthers)}
                            </button>
                        </Show>
                    }
                })
        }}
        {move || {
            ended
                .get()
                .map(|n| {
                    view! {
                        <p class="notice" role="status">
                            {move || i18n.t(K::SignedOutOthers)}
                            {n}
                        </p>
                    }
                })
        }}
        <crate::ui::ErrorLine error=error />
    }
}
