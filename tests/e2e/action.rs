//! What a user does, in the steps several tests repeat: tapping, typing, signing in, switching
//! the language, ordering; and the app's states they wait for before the next step.

use super::browser::{wait_for, wait_until};
use super::find;
use fantoccini::Client;

/// Clicks an element as a thumb would: scrolled to the middle of the screen first, not left under
/// the fixed bottom navigation (where WebDriver's own scrolling puts it).
pub async fn tap(c: &Client, css: &str) {
    let e = wait_for(c, css).await;
    c.execute("arguments[0].scrollIntoView({block: 'center'});", vec![serde_json::to_value(&e).unwrap()])
        .await
        .unwrap();
    e.click().await.unwrap_or_else(|err| panic!("tap {css}: {err}"));
}

/// Taps a button whose action cannot be undone, then "yes" in the question it asks.
pub async fn tap_and_confirm(c: &Client, css: &str) {
    tap(c, css).await;
    tap(c, find::CONFIRM_YES).await;
}

/// Clicks an element once it is there, where WebDriver scrolls it (unlike `tap`).
pub async fn click(c: &Client, css: &str) {
    wait_for(c, css).await.click().await.unwrap();
}

/// Types `keys` into the field `css` finds, once it is there (after what it holds).
pub async fn type_into(c: &Client, css: &str, keys: &str) {
    wait_for(c, css).await.send_keys(keys).await.unwrap();
}

/// Opens the navigation's `path` ("/cart", "/account", …).
pub async fn open_tab(c: &Client, path: &str) {
    click(c, &find::nav_item(path)).await;
}

/// Switches the language in place with the header's switch: `find::EN` or `find::ZH`.
pub async fn switch_language(c: &Client, lang: &str) {
    tap(c, &find::lang_button(lang)).await;
}

/// Fills in the sign-in page (this phone, the demo's password) and sends it.
pub async fn fill_sign_in(c: &Client, phone: &str) {
    type_into(c, find::PHONE, phone).await;
    type_into(c, find::PASSWORD, "demo1234").await;
    submit_sign_in(c).await;
}

/// Sends the sign-in page as it is.
pub async fn submit_sign_in(c: &Client) {
    click(c, find::SIGN_IN).await;
}

/// Signs in through the sign-in page, as a person would, and waits for the home screen.
pub async fn sign_in_as(c: &Client, base: &str, phone: &str) {
    c.goto(base).await.unwrap();
    fill_sign_in(c, phone).await;
    wait_for(c, find::GREETING).await;
}

/// Signs in through the sign-in page and waits for the app (staff accounts get the staff app,
/// which starts on their own screen).
pub async fn sign_in_staff(c: &Client, base: &str, phone: &str, lands_on: &str) {
    c.goto(base).await.unwrap();
    fill_sign_in(c, phone).await;
    wait_until(
        c,
        "the staff app is on its first screen",
        &format!(
            "return location.pathname === '{lands_on}' && !!document.querySelector(\"{}\") && !!document.querySelector('{}')",
            find::nav_item(lands_on),
            find::MAIN_SECTION
        ),
    )
    .await;
}

/// On product `id`'s page, adds a case (the stepper's first step) and opens the cart.
pub async fn add_a_case_and_open_the_cart(c: &Client, base: &str, id: i64) {
    c.goto(&format!("{base}/product/{id}")).await.unwrap();
    tap(c, find::ADD).await;
    open_tab(c, "/cart").await;
}

/// Taps "place order" once it can be tapped.
pub async fn place_order(c: &Client) {
    tap(c, find::PLACE_ORDER).await;
}

/// Waits until the server has priced the cart (the promised delivery is shown).
pub async fn wait_until_priced(c: &Client) {
    wait_until(c, "the cart is priced", &format!("return !!document.querySelector('{}')", find::PROMISED)).await;
}

/// Waits until the service worker controls the page (from then on it keeps answers for offline).
pub async fn wait_for_service_worker(c: &Client) {
    wait_until(
        c,
        "the service worker controls the page",
        "return !!(navigator.serviceWorker && navigator.serviceWorker.controller)",
    )
    .await;
}

/// Waits until the cart page says the server cannot be reached.
pub async fn wait_until_offline_shown(c: &Client) {
    wait_until(
        c,
        "the app knows the server is unreachable",
        &format!("return !!document.querySelector('{}')", find::CHECKOUT_FRESHNESS),
    )
    .await;
}

/// Waits until the outbox has sent everything it kept.
pub async fn wait_until_outbox_empty(c: &Client) {
    wait_until(
        c,
        "the outbox is empty",
        &format!("return document.querySelectorAll('{}').length === 0", find::OUTBOX_ENTRY),
    )
    .await;
}
