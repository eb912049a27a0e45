//! What every screen uses, below the features and the app shell: the language and the signed-in
//! user as contexts, the network state, what a page shows while it loads or when it failed, the
//! error line under a form, the confirmation step of an action that cannot be undone, the
//! language switch and the icons. The app shell (`crate::app`) provides the contexts; features
//! import from here, never from the shell.

use crate::account::SessionUser;
use crate::device;
use crate::i18n::{Lang, K};
use leptos::prelude::*;

/// The language in use; every view reads it, so switching re-renders in place.
#[derive(Clone, Copy)]
pub struct I18n(pub RwSignal<Lang>);

impl I18n {
    pub fn lang(&self) -> Lang {
        self.0.get()
    }
    pub fn t(&self, k: K) -> &'static str {
        k.text(self.0.get())
    }
    pub fn set(&self, lang: Lang) {
        device::set(device::LANG_KEY, &lang);
        self.0.set(lang);
    }
}

pub fn i18n() -> I18n {
    expect_context::<I18n>()
}

/// The signed-in user. Kept on the device too, so that the app opens signed in while offline;
/// the server checks the session cookie on every call regardless.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<SessionUser>>);

impl Session {
    pub fn signed_in(&self, user: SessionUser) {
        device::set(device::USER_KEY, &user);
        self.0.set(Some(user));
    }
    pub fn signed_out(&self) {
        device::remove(device::USER_KEY);
        self.0.set(None);
    }
}

pub fn session() -> Session {
    expect_context::<Session>()
}

/// Whether the browser believes it is online (`online` / `offline` events).
#[derive(Clone, Copy)]
pub struct Online(pub RwSignal<bool>);

/// A lazily loaded module of the app could not be fetched (no network, server gone before the
/// service worker had cached it).
pub struct LoadFailed;

impl From<leptos::wasm_split::SplitLoaderError> for LoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// Icons as SVG paths (24×24), drawn the same on every phone (emoji are not).
pub mod icons {
    pub const HOME: &str = "M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z";
    pub const GRID: &str = "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z";
    pub const CART: &str =
        "M3 4h2l2.4 10.2a1 1 0 0 0 1 .8h8.9a1 1 0 0 0 1-.8L20 7H6.2M9 20a1.5 1.5 0 1 0 0-.01M17 20a1.5 1.5 0 1 0 0-.01";
    pub const LIST: &str = "M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01";
    pub const SHIELD: &str = "M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6zM9 12l2 2 4-4";
    pub const USER: &str = "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-7 8-7s8 3 8 7";
}

#[component]
pub fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg
            class="icon"
            viewBox="0 0 24 24"
            width="24"
            height="24"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
        >
            <path d=path />
        </svg>
    }
}

/// What a page shows of something it loads: "loading…" until the answer comes, the error in the
/// user's language if it failed, else `ok`'s view of what came.
pub fn loaded<T>(state: Option<Result<T, crate::error::AppError>>, ok: impl FnOnce(T) -> AnyView) -> AnyView {
    let i18n = i18n();
    match state {
        None => view! { <p class="loading">{move || i18n.t(K::Loading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="load-error" role="alert">
                {move || e.message(i18n.lang())}
            </p>
        }
        .into_any(),
        Some(Ok(value)) => ok(value),
    }
}

/// The error under a form or a list, in the user's language; nothing when there is none.
#[component]
pub fn ErrorLine(error: RwSignal<Option<crate::error::AppError>>) -> impl IntoView {
    let i18n = i18n();
    view! {
        <Show when=move || error.get().is_some()>
            <p class="form-error" role="alert">
                {move || error.get().map(|e| e.message(i18n.lang()))}
            </p>
        </Show>
    }
}

/// A button whose action cannot be taken back: the first tap asks, in words, what will happen,
/// and only "yes" does it (a double tap does not: the question appears under the thumb first).
#[component]
pub fn Confirm<F>(
    /// The button's own class (it keeps it, so pages style and find it as before).
    class: &'static str,
    label: K,
    /// The question: what the action will do.
    ask: K,
    on_confirm: F,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView
where
    F: Fn() + Clone + 'static,
{
    let i18n = i18n();
    let asking = RwSignal::new(false);
    let run = StoredValue::new_local(on_confirm);
    view! {
        <Show
            when=move || asking.get()
            fallback=move || {
                view! {
                    <button
                        type="button"
                        class=class
                        disabled=move || disabled.get()
                        on:click=move |_| asking.set(true)
                    >
                        {move || i18n.t(label)}
                    </button>
                }
            }
        >
            <div class="confirm" role="alertdialog" aria-live="assertive">
                <p class="confirm-ask">{move || i18n.t(ask)}</p>
                <div class="confirm-choices">
                    <button
                        type="button"
                        class="button danger confirm-yes"
                        on:click=move |_| {
                            asking.set(false);
                            run.with_value(|f| f());
                        }
                    >
                        {move || i18n.t(label)}
                    </button>
                    <button type="button" class="button confirm-no" on:click=move |_| asking.set(false)>
                        {move || i18n.t(K::KeepIt)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// 中文 | English, on every screen.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = i18n();
    view! {
        <div class="lang-switch" role="group" aria-label="Language / 语言">
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button
                            type="button"
                            // Each language's name is in that language (screen readers say it so).
                            lang=l.tag()
                            class:active=move || i18n.lang() == l
                            aria-pressed=move || (i18n.lang() == l).to_string()
                            on:click=move |_| i18n.set(l)
                        >
                            {l.endonym()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
