//! Where things are on the page: every CSS selector (and the few XPaths) the end-to-end tests use,
//! by what the user sees there. A change to the markup is made here, once.

use fantoccini::{Client, Locator};

// Sign-in page.
pub const PHONE: &str = "input[name=phone]";
pub const PASSWORD: &str = "input[name=password]";
pub const SIGN_IN: &str = ".sign-in button[type=submit]";
pub const FORM_ERROR: &str = ".form-error";

// Home.
pub const GREETING: &str = ".greeting";
pub const STRIP_ITEM: &str = ".strip-item";
pub const NUMBERS_LINK: &str = "a.numbers-link";

// The navigation and the header.
/// The navigation's link to `path` ("/catalogue", "/cart", …).
pub fn nav_item(path: &str) -> String {
    format!("a.nav-item[href='{path}']")
}
/// The words under the navigation's link to `path`.
pub fn nav_label(path: &str) -> String {
    format!("{} .nav-label", nav_item(path))
}
/// The number of lines in the cart, on the navigation's cart link.
pub const NAV_BADGE: &str = ".nav-badge";
/// The header's "English" button (an XPath: found by its text).
pub const HEADER_ENGLISH: &str = "//header//button[text()='English']";
/// The language switch's button for `lang` (`EN` or `ZH`).
pub fn lang_button(lang: &str) -> String {
    format!(".lang-switch button[lang='{lang}']")
}
pub const EN: &str = "en";
pub const ZH: &str = "zh-CN";
/// "Yes" and "no" in the question a button that cannot be undone asks, and the question.
pub const CONFIRM_YES: &str = ".confirm .confirm-yes";
pub const CONFIRM_NO: &str = ".confirm .confirm-no";
pub const CONFIRM_ASK: &str = ".confirm .confirm-ask";
pub const NOTICE: &str = ".notice";
pub const LOAD_ERROR: &str = ".load-error";

// Catalogue.
pub const PRODUCT: &str = ".product";
pub const PRODUCT_NAME: &str = ".product .product-name";
pub const PRODUCT_CASE_PRICE: &str = ".product .case-price";
pub const SEARCH: &str = "input.search";
pub const SCAN_BUTTON: &str = ".scan-button";
/// Product `id`'s row in the catalogue, and its stepper's parts.
pub fn product(id: i64) -> String {
    format!(".product[data-product-id='{id}']")
}
pub fn product_add(id: i64) -> String {
    format!("{} .stepper .add", product(id))
}
pub fn product_plus(id: i64) -> String {
    format!("{} .stepper .step:last-child", product(id))
}
pub fn product_qty(id: i64) -> String {
    format!("{} .qty", product(id))
}

/// The names of the products in the catalogue's list, as rendered.
pub async fn product_names(c: &Client) -> Vec<String> {
    let mut out = Vec::new();
    for e in c.find_all(Locator::Css(PRODUCT_NAME)).await.unwrap() {
        out.push(e.text().await.unwrap());
    }
    out
}

// A product's page.
/// The stepper's "add" (the first case) on a product's page.
pub const ADD: &str = ".stepper .add";

// Cart.
/// Every line of the cart.
pub const CART_LINES: &str = ".cart-line";
/// Product `id`'s line in the cart, and its number of cases.
pub fn cart_line(id: i64) -> String {
    format!("li.cart-line[data-product-id='{id}']")
}
pub fn cart_line_qty(id: i64) -> String {
    format!("{} input.qty", cart_line(id))
}
/// The promised delivery, shown once the server has priced the cart.
pub const PROMISED: &str = ".promised";
/// How old the prices are, shown when the server cannot be reached.
pub const CHECKOUT_FRESHNESS: &str = ".checkout .freshness";
pub const PLACE_ORDER: &str = ".place-order:not([disabled])";
pub const BALANCE_USED: &str = ".balance-used";
/// The suggested order: product `id`'s line and why it is suggested.
pub fn suggested_line(id: i64) -> String {
    format!(".suggested-line[data-product-id='{id}']")
}
pub fn suggested_why(id: i64) -> String {
    format!("{} .why", suggested_line(id))
}
pub const SUGGESTED_ORDER: &str = ".suggested-order";
pub const SUGGESTED_TITLE: &str = ".suggested-order h2";
pub const ADD_SUGGESTED: &str = ".add-suggested";
/// The reasons in the shop's own suggested order (not "shops like yours sell").
pub const OWN_SUGGESTION_LINE_WHY: &str = ".suggested-order:not(.peers-stock) .suggested-line .why";
pub const OWN_SUGGESTION_WHY: &str = ".suggested-order:not(.peers-stock) .why";
/// The reasons in "shops like yours sell".
pub const PEERS_LINE_WHY: &str = ".peers-stock .suggested-line .why";
pub const PEERS_WHY: &str = ".peers-stock .why";

// The outbox (orders kept on the phone).
pub const OUTBOX_ENTRY: &str = ".outbox-entry";
pub const OUTBOX_NEEDS_LOOK: &str = ".outbox-entry.needs-look";
pub const OUTBOX_STATE: &str = ".outbox-entry .outbox-state";
/// A refused order's three choices.
pub const OUTBOX_ACCEPT: &str = ".outbox-entry .accept-changes";
pub const OUTBOX_BACK_TO_CART: &str = ".outbox-entry .back-to-cart";
pub const OUTBOX_DISCARD: &str = ".outbox-entry .discard-order";
/// The banner on every screen when an order needs the shop.
pub const NEEDS_YOU_BANNER: &str = ".needs-you-banner";

// Orders.
pub const ORDER_ROW: &str = ".order-row";
pub const ORDER_ROW_LINK: &str = ".order-row a";
/// The orders list's link to order `id`.
pub fn order_link(id: i64) -> String {
    format!(".order-row a[href='/orders/{id}']")
}
pub const ORDERS_EMPTY_OR_LIST: &str = ".empty-state, .order-list";
pub const ORDERS_PAGE_EMPTY_OR_LIST: &str = ".orders-page .empty-state, .orders-page .order-list";
pub const ORDERS_PAGE_NOTICE: &str = ".orders-page .notice";
/// "Order no. N was placed", on the orders page after placing it.
pub const SENT_NOTE: &str = ".sent-note";
pub const TIMELINE_EVENT: &str = ".timeline .event";
pub const CANCEL_ORDER: &str = ".cancel-order";
pub const STATUS_CANCELLED: &str = ".status-cancelled";
pub const STATUS_DELIVERED: &str = ".status-delivered";
pub const DRIVER: &str = ".driver";
pub const CALL_DRIVER: &str = ".driver a.call-driver";
pub const PLACED_BY: &str = ".placed-by";

// Checking a delivery at the door.
/// Line `line` (from 1) of the delivery check, and its parts.
pub fn receipt_line(line: u32) -> String {
    format!(".receipt-line[data-line='{line}']")
}
pub fn receipt_cases(line: u32) -> String {
    format!("{} .cases", receipt_line(line))
}
pub fn receipt_fewer(line: u32) -> String {
    format!("{} .step.fewer", receipt_line(line))
}
pub fn receipt_some_units(line: u32) -> String {
    format!("{} .some-units", receipt_line(line))
}
pub fn receipt_short_units(line: u32) -> String {
    format!("{} .short-units", receipt_line(line))
}
pub fn receipt_received(line: u32) -> String {
    format!("{} .line-received", receipt_line(line))
}
pub const RECEIPT_SHORT: &str = ".receipt-short";
pub const SIGN_DELIVERY: &str = ".sign-delivery";
pub const SIGN_DELIVERY_ENABLED: &str = ".sign-delivery:not([disabled])";
pub const DELIVERY_PHOTO_INPUT: &str = "input.delivery-photo-input";
pub const DELIVERY_PHOTO_DRAFT: &str = ".delivery-photo-field img.delivery-photo";
pub const DELIVERY_PROOF: &str = ".delivery-proof img.delivery-photo";
pub const SCAN_RECEIPT: &str = ".scan-receipt";
pub const CLOSE_SCANNER: &str = ".close-scanner";

// The scanner page.
pub const SCAN_ADDED: &str = ".scan-result.added";
pub const SCAN_TICKED: &str = ".scan-result.ticked";
pub const SCAN_UNDO: &str = ".scan-result .undo";
pub const MANUAL_CODE: &str = "input.manual-code";
pub const TYPED_HINT_BAD: &str = ".typed-hint.bad";

// Claims.
pub const FILE_CLAIM: &str = ".order-line .file-claim";
/// The claim form's choice of guarantee `kind` ("quality", "slow_seller", …).
pub fn claim_kind(kind: &str) -> String {
    format!(".claim-kinds [data-kind='{kind}']")
}
/// The guarantee `kind`, chosen (by a tap).
pub fn claim_kind_active(kind: &str) -> String {
    format!("{}.active", claim_kind(kind))
}
/// The chosen guarantee, as the claim form opens with it chosen.
pub fn chosen_claim_kind(kind: &str) -> String {
    format!(".claim-kinds .chip.active[data-kind='{kind}']")
}
pub const CLAIM_UNITS: &str = "input.units";
pub const CLAIM_WHAT: &str = "input.what";
pub const CLAIM_PHOTO_INPUT: &str = "input.photo-input";
pub const CLAIM_PHOTO: &str = ".photo img";
pub const SUBMIT_CLAIM: &str = ".submit-claim:not([disabled])";
pub const CLAIMS_LISTED: &str = ".claims-page .claim-quality, .claims-page .claim";
pub const CLAIM: &str = ".claim";
pub const CLAIM_HEAD: &str = ".claim-head";
pub const CLAIM_AMOUNT: &str = ".claim-amount";
pub const BALANCE: &str = ".balance";

// The reviewer.
/// Claim `id` in the review queue, and its parts.
pub fn review_item(id: i64) -> String {
    format!(".review-item[data-claim-id='{id}']")
}
pub fn review_shop(id: i64) -> String {
    format!("{} .claim-shop", review_item(id))
}
pub fn review_product(id: i64) -> String {
    format!("{} .claim-product", review_item(id))
}
pub fn review_thumb(id: i64) -> String {
    format!("{} img.evidence-thumb", review_item(id))
}
pub fn review_approve(id: i64) -> String {
    format!("{} .approve", review_item(id))
}
pub const EVIDENCE_PHOTO: &str = "img.evidence-photo";
pub const FACT: &str = ".fact";
pub const APPROVE: &str = ".decide .approve";
pub const CLAIM_PAID: &str = ".claim-paid";

// The dispatcher.
/// Order `id`'s row in the dispatch queue, and its parts.
pub fn dispatch_row(id: i64) -> String {
    format!(".dispatch-row[data-order-id='{id}']")
}
pub fn dispatch_advance(id: i64) -> String {
    format!("{} .advance", dispatch_row(id))
}
pub fn dispatch_waiting(id: i64) -> String {
    format!("{} .waiting-for-shop", dispatch_row(id))
}
pub fn dispatch_address(id: i64) -> String {
    format!("{} .address", dispatch_row(id))
}
/// The queue's `n`th tab (from 1), an XPath.
pub fn dispatch_tab(n: u32) -> String {
    format!("//div[@role='tablist']/button[{n}]")
}
pub const DRIVER_SELECT: &str = "select.driver";
pub fn driver_option(name: &str) -> String {
    format!("{DRIVER_SELECT} option[value='{name}']")
}

// The salesperson.
/// The visit to shop `shop` in the day's list, and its parts.
pub fn visit(shop: i64) -> String {
    format!(".visit[data-shop-id='{shop}']")
}
pub fn visit_check_in(shop: i64) -> String {
    format!("{} .check-in", visit(shop))
}
pub fn visit_check_out(shop: i64) -> String {
    format!("{} .check-out", visit(shop))
}
pub fn visit_error(shop: i64) -> String {
    format!("{} {FORM_ERROR}", visit(shop))
}
pub fn visit_note(shop: i64) -> String {
    format!("{} .visit-note", visit(shop))
}
pub fn visit_done(shop: i64) -> String {
    format!("{}.done", visit(shop))
}
/// The link to shop `shop`'s page.
pub fn shop_card_link(shop: i64) -> String {
    format!(".shop-card[data-shop-id='{shop}'] a")
}
pub const ORDER_FOR_SHOP: &str = ".order-for-shop";
/// "Ordering for …", while a salesperson orders for a shop.
pub const ACTING_FOR: &str = ".acting-for";

// Account.
/// The account page's red button: sign out.
pub const SIGN_OUT_BUTTON: &str = ".account .button.danger";
pub const SIGN_OUT: &str = ".account .sign-out";
pub const AUDIT_ENTRY: &str = ".audit-entry";
pub const AUDIT_DETAIL: &str = ".audit-entry .detail";
pub const MY_NUMBERS: &str = "a.my-numbers";

// The brand operator.
pub const ACTIVE_SHOPS: &str = ".kpi.active-shops dd";
pub const ACTIVE_SHOPS_LABEL: &str = ".kpi.active-shops dt";
pub const BRAND_NAMES: &str = ".brand-names";
pub const REACH_BAR: &str = ".reach .bar-row .bar-fill";
pub const REACH_BAR_LABEL: &str = ".reach .bar-label";
pub const REACH_BY_TOWN: &str = ".reach .level-town";
pub const SPREAD_CHART: &str = ".launch svg.spread-chart polyline.reached";
pub const SPREAD_SUMMARY: &str = ".launch .spread-summary";
pub const CITY_TOP: &str = ".by-city .city-top li";
/// The period chip for `days` days.
pub fn period_chip(days: u32) -> String {
    format!(".period .chip[data-days='{days}']")
}

// The shop's numbers.
pub const NUMBERS_TITLE: &str = ".numbers-page h1";
pub const NUMBERS_SPENT: &str = ".numbers-page .kpi.spent dd";
pub const NUMBERS_MARGIN: &str = ".numbers-page .kpi.margin dd";
pub fn numbers_period_chip(days: u32) -> String {
    format!(".numbers-page {}", period_chip(days))
}
pub const RESTOCKED_FIGURE: &str = ".restocked .restocked-list li .figure";
pub const SLOW_SELLER_CLAIM: &str = ".slow-list .slow-seller .claim-slow";
pub const SLOW_SELLER_FIGURE: &str = ".slow-list .slow-seller .figure";

// Any page.
/// A page's content, and the placeholder shown while it loads.
pub const MAIN_SECTION: &str = "main section";
pub const MAIN_LOADING: &str = "main .loading";
/// The catalogue's list (its height is the whole list's, rendered or not).
pub const PRODUCT_LIST: &str = ".product-list";
/// The navigation (a bar on phones, a side rail on tablets).
pub const NAV: &str = ".nav";
/// A product's page's title.
pub const PRODUCT_PAGE_TITLE: &str = ".product-page h1";

// The counter (/counter).
/// The typed-code form's submit button.
pub const MANUAL_SUBMIT: &str = ".manual-entry button[type='submit']";
pub const RECORD_SALE: &str = "button.record-sale";
pub const COUNTER_NOTICE: &str = ".counter-notice";
pub const SALES_WAITING: &str = ".sales-waiting";
pub const SALE_TOTAL: &str = ".sale-total strong";
pub fn sale_line(id: i64) -> String {
    format!(".sale-line[data-product-id='{id}']")
}
pub fn sale_line_qty(id: i64) -> String {
    format!(".sale-line[data-product-id='{id}'] .qty")
}
pub fn sale_line_more(id: i64) -> String {
    format!(".sale-line[data-product-id='{id}'] .stepper button.step:last-child")
}
pub fn shelf_item(id: i64) -> String {
    format!(".shelf-item[data-product-id='{id}']")
}
pub fn shelf_on_shelf(id: i64) -> String {
    format!(".shelf-item[data-product-id='{id}'] .on-shelf")
}
/// The numbers page's best sellers at the counter.
pub const COUNTER_SOLD: &str = ".counter-sold .counter-sold-list li";

// A brand's promotions (/brand).
pub const PROMOTION_OFF: &str = "input.promotion-off";
pub const PROMOTION_BUDGET: &str = "input.promotion-budget";
pub const START_PROMOTION: &str = "button.start-promotion";
pub const PROMOTION_STARTED: &str = ".promotion-started";
pub const LIVE_PROMOTION: &str = ".promotions .promotion.live";
pub const PROMOTION_FIGURE: &str = ".promotions .promotion .figure";
pub const LAUNCH_TOWN: &str = "select.launch-town";
pub const START_LAUNCH: &str = "button.start-launch";
pub const LAUNCHED: &str = ".launched";
