//! Who may call what: every role against every endpoint of the API (every server function, and
//! the two plain HTTP evidence routes), with shop A's ids and with shop B's, on SQLite and
//! PostgreSQL. The expected outcome of each cell is written down in `TABLE`; the test fails on any
//! cell that differs, and on any endpoint in the sources that the table does not cover (so a new
//! server function cannot ship without its row).
//!
//! Outcomes are HTTP statuses. 401, 403 and 404 are refusals (404 where a foreign id must look
//! like it does not exist). 409 and 422 mean the caller got past authorization and the request was
//! then refused by the rules (a delivered order cannot be cancelled, a claim needs a photo): the
//! fixtures are chosen so that these cells change nothing, and the table stays independent of order.

mod common;

use common::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// 孙丽, the demo's 康师傅 salesperson. Assigned to shops 1 (A) and 3, never to B.
const BRAND_SALESPERSON: &str = "13900000002";

/// 周涛 and 吴敏, the demo's 康师傅 and 农夫山泉 brand operators.
const BRAND_OPERATOR_A: &str = "13400000001";
const BRAND_OPERATOR_B: &str = "13400000002";

/// The callers, in the table's column order.
const ROLES: [&str; 10] = [
    "anonymous",
    "owner A",
    "owner B",
    "salesperson (A only)",
    "brand salesperson",
    "dispatcher",
    "reviewer",
    "admin",
    "brand operator (康师傅)",
    "brand operator (农夫山泉)",
];

const OK: u16 = 200;
/// Not signed in.
const UNAUTH: u16 = 401;
const FORBID: u16 = 403;
/// Refused as if the thing did not exist (another shop's order, claim or photo).
const HIDDEN: u16 = 404;
/// Allowed, then refused by a business rule (nothing changes).
const RULE: u16 = 409;
/// Allowed, then refused for the input (nothing changes).
const INPUT: u16 = 422;

/// Which shop's ids the request carries: shop A's (1), shop B's (2), or none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ids {
    A,
    B,
    None,
}
use Ids::{A, B};

/// Endpoint, ids, expected status per caller. Server functions by their endpoint (`v1/…`), plain
/// routes by their path. The order matters only where noted (check-out after check-in; sign-out
/// last, since it ends the callers' sessions).
#[rustfmt::skip]
const TABLE: &[(&str, Ids, [u16; 10])] = &[
    //                                                   anon    ownerA  ownerB  salesA  brand   disp    review  admin   op康    op农
    ("v1/account/sign-in",                  Ids::None, [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
    ("v1/account/me",                       Ids::None, [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),

    ("v1/catalogue/list",                   Ids::None, [UNAUTH, OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
    ("v1/catalogue/cards",                  Ids::None, [UNAUTH, OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
    ("v1/catalogue/product",                Ids::None, [UNAUTH, OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
    ("v1/catalogue/by-barcode",             Ids::None, [UNAUTH, OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
    ("v1/catalogue/request-stocking",       A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/catalogue/request-stocking",       B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),

    ("v1/orders/quote",                     A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/quote",                     B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/place",                     A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/place",                     B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/list",                      A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/list",                      B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/bought-before",             A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/bought-before",             B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/suggested",                 A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/suggested",                 B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/peers-stock",                A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/peers-stock",                B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/orders/get",                       A,         [UNAUTH, OK,     HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/orders/get",                       B,         [UNAUTH, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    // The orders are delivered: whoever may cancel is refused by the lifecycle.
    ("v1/orders/cancel",                    A,         [UNAUTH, RULE,   HIDDEN, RULE,   RULE,   HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/orders/cancel",                    B,         [UNAUTH, HIDDEN, RULE,   HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    // Staff reach every shop's orders here; the lifecycle decides (delivered → delivered: illegal).
    // Brand operators reach no shop's orders.
    ("v1/orders/advance",                   A,         [UNAUTH, RULE,   HIDDEN, RULE,   RULE,   RULE,   RULE,   RULE,   HIDDEN, HIDDEN]),
    ("v1/orders/advance",                   B,         [UNAUTH, HIDDEN, RULE,   HIDDEN, HIDDEN, RULE,   RULE,   RULE,   HIDDEN, HIDDEN]),
    ("v1/orders/queue",                     Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, OK,     FORBID, FORBID]),
    ("v1/delivery/sign",                    A,         [UNAUTH, RULE,   HIDDEN, RULE,   RULE,   HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/delivery/sign",                    B,         [UNAUTH, HIDDEN, RULE,   HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/delivery/late",                    Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, OK,     FORBID, FORBID]),
    ("v1/delivery/drivers",                 Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, OK,     FORBID, FORBID]),

    ("v1/claims/mine",                      A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/claims/mine",                      B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/claims/context",                   A,         [UNAUTH, OK,     HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/claims/context",                   B,         [UNAUTH, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    // Without a photo: whoever may file is refused for the input.
    ("v1/claims/file",                      A,         [UNAUTH, INPUT,  HIDDEN, INPUT,  INPUT,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/claims/file",                      B,         [UNAUTH, HIDDEN, INPUT,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("v1/claims/detail",                    A,         [UNAUTH, OK,     HIDDEN, OK,     OK,     HIDDEN, OK,     OK,     HIDDEN, HIDDEN]),
    ("v1/claims/detail",                    B,         [UNAUTH, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK,     OK,     HIDDEN, HIDDEN]),
    ("v1/claims/review-queue",              Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     OK,     FORBID, FORBID]),
    // A rejection without a reason: reviewers get as far as the missing reason.
    ("v1/claims/decide",                    A,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, INPUT,  INPUT,  FORBID, FORBID]),
    ("v1/claims/decide",                    B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, INPUT,  INPUT,  FORBID, FORBID]),
    ("v1/claims/pickups",                   Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, OK,     FORBID, FORBID]),
    // Not a pickup: dispatchers get as far as the claim's state.
    ("v1/claims/collected",                 A,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, RULE,   FORBID, RULE,   FORBID, FORBID]),
    ("v1/claims/collected",                 B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, RULE,   FORBID, RULE,   FORBID, FORBID]),
    ("/api/v1/claims/evidence",             A,         [UNAUTH, OK,     HIDDEN, OK,     OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("/api/v1/claims/evidence",             B,         [UNAUTH, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]),
    ("/api/v1/claims/evidence/{id}",        A,         [UNAUTH, OK,     HIDDEN, OK,     OK,     HIDDEN, OK,     OK,     HIDDEN, HIDDEN]),
    ("/api/v1/claims/evidence/{id}",        B,         [UNAUTH, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK,     OK,     HIDDEN, HIDDEN]),

    ("v1/sales/shops",                      Ids::None, [UNAUTH, FORBID, FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/today",                      Ids::None, [UNAUTH, FORBID, FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/check-in",                   A,         [UNAUTH, FORBID, FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/check-in",                   B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    // After check-in (above).
    ("v1/sales/check-out",                  A,         [UNAUTH, FORBID, FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/check-out",                  B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/shop",                       A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, OK,     FORBID, FORBID]),
    ("v1/sales/shop",                       B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, OK,     FORBID, FORBID]),
    ("v1/sales/recommendations",            A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/recommendations",            B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    // The brand's own product, to the shop: only its brand salesperson, only to their shop.
    ("v1/sales/push",                       A,         [UNAUTH, FORBID, FORBID, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/push",                       B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/featured",                   A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/featured",                   B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/sales/audit",                      A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, OK,     FORBID, FORBID]),
    ("v1/sales/audit",                      B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, OK,     FORBID, FORBID]),
    ("v1/sales/assignments",                Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, FORBID]),
    // Assigning what already is (changes nothing).
    ("v1/sales/assign",                     Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, FORBID]),
    ("v1/sales/all-shops",                  Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     FORBID, FORBID]),

    ("v1/numbers/shop",                      A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/numbers/shop",                      B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),

    // A counter sale and a shelf count are the owner's own, at their own counter; a salesperson
    // sees the shelf of a shop they look after.
    ("v1/counter/sale",                      Ids::None, [UNAUTH, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/counter/count",                     Ids::None, [UNAUTH, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/counter/shelf",                     A,         [UNAUTH, OK,     FORBID, OK,     OK,     FORBID, FORBID, FORBID, FORBID, FORBID]),
    ("v1/counter/shelf",                     B,         [UNAUTH, FORBID, OK,     FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID]),

    // Brand operators only, each for its own brands: A is a 康师傅 product, B a 农夫山泉 one; another
    // brand's product looks like one that does not exist.
    ("v1/brands/active-shops",               Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     OK    ]),
    ("v1/brands/reach",                      Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     OK    ]),
    ("v1/brands/by-city",                    Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     OK    ]),
    ("v1/brands/launch",                     A,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     HIDDEN]),
    ("v1/brands/launch",                     B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, HIDDEN, OK    ]),
    // A promotion with a budget on the brand's own product (ends today; any other product is
    // not found), and the list of the caller's own.
    ("v1/brands/promote",                    A,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     HIDDEN]),
    ("v1/brands/promote",                    B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, HIDDEN, OK    ]),
    ("v1/brands/start-launch",               A,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     HIDDEN]),
    ("v1/brands/start-launch",               B,         [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, HIDDEN, OK    ]),
    ("v1/brands/team",                       Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     OK    ]),
    ("v1/brands/promotions",                 Ids::None, [UNAUTH, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, FORBID, OK,     OK    ]),

    ("v1/account/sessions",                 Ids::None, [UNAUTH, OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
    // Ends only the caller's own other sessions (the sign-in row's), never another caller's.
    ("v1/account/sign-out-others",          Ids::None, [UNAUTH, OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),

    // Last: it ends each caller's session.
    ("v1/account/sign-out",                 Ids::None, [OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK    ]),
];

/// The ids the requests carry: each shop's delivered order, its claim (with a photo) and the photo.
struct Fixture {
    order: [i64; 2],
    claim: [i64; 2],
    photo: [i64; 2],
}

impl Fixture {
    fn side(&self, ids: Ids) -> usize {
        if ids == B {
            1
        } else {
            0
        }
    }
}

enum Request {
    Post(Value),
    Get(Vec<(&'static str, String)>),
    Upload { order_id: i64, key: String },
    Download { id: i64 },
}

/// A valid EAN-13 the demo catalogue does not carry.
const UNKNOWN_CODE: &str = "4006381333931";
const PRODUCT: i64 = 20;
const BRAND_PRODUCT: i64 = 14;
/// A 农夫山泉 product (the second brand operator's).
const OTHER_BRAND_PRODUCT: i64 = 15;

/// The request each endpoint gets, with this side's ids. `n` makes device keys unique.
fn request(endpoint: &str, ids: Ids, fx: &Fixture, n: usize, phone: &str) -> Request {
    let s = fx.side(ids);
    let shop = if ids == B { 2 } else { 1 };
    let (order, claim, photo) = (fx.order[s], fx.claim[s], fx.photo[s]);
    let line = json!([{"product_id": PRODUCT, "cases": 1, "seen_case_price": 25000}]);
    let today = restock::server::state::today().0;
    Request::Post(match endpoint {
        "v1/account/sign-in" => json!({"phone": phone, "password": "demo1234"}),
        "v1/account/me" | "v1/account/sign-out" | "v1/account/sessions" | "v1/account/sign-out-others" => json!({}),
        "v1/catalogue/list" => {
            let q = [
                ("q", ""),
                ("category", ""),
                ("flag", ""),
                ("brand", ""),
                ("in_stock", "false"),
                ("sort", "popular"),
                ("offset", "0"),
            ];
            return Request::Get(q.into_iter().map(|(k, v)| (k, v.to_owned())).collect());
        }
        "v1/catalogue/product" => return Request::Get(vec![("id", PRODUCT.to_string())]),
        "v1/catalogue/by-barcode" => return Request::Get(vec![("code", UNKNOWN_CODE.to_owned())]),
        "v1/catalogue/cards" => json!({"ids": [PRODUCT]}),
        "v1/catalogue/request-stocking" => json!({"code": UNKNOWN_CODE, "shop_id": shop}),
        "v1/orders/quote" => json!({"shop_id": shop, "lines": line, "use_balance": false}),
        "v1/orders/place" => {
            json!({"req": {"key": format!("m{n}"), "shop_id": shop, "lines": line, "use_balance": false}})
        }
        "v1/orders/list"
        | "v1/orders/bought-before"
        | "v1/orders/suggested"
        | "v1/orders/peers-stock"
        | "v1/claims/mine" => {
            json!({"shop_id": shop})
        }
        "v1/orders/get" | "v1/orders/cancel" => json!({"id": order}),
        "v1/orders/advance" => json!({"id": order, "to": "Delivered", "driver": null}),
        "v1/orders/queue" => json!({"status": "Confirmed"}),
        "v1/delivery/sign" => json!({"id": order, "received": []}),
        "v1/delivery/late" | "v1/delivery/drivers" | "v1/claims/review-queue" | "v1/claims/pickups" => json!({}),
        "v1/claims/context" => json!({"order_id": order, "line_no": 1}),
        "v1/claims/file" => {
            json!({"req": {"key": format!("m{n}"), "order_id": order, "line_no": 1, "facts": {"Quality": {"units": 1, "what": "x"}}, "evidence": []}})
        }
        "v1/claims/detail" | "v1/claims/collected" => json!({"id": claim}),
        "v1/claims/decide" => json!({"id": claim, "approve": false, "reason": ""}),
        "/api/v1/claims/evidence" => return Request::Upload { order_id: order, key: format!("m{n}") },
        "/api/v1/claims/evidence/{id}" => return Request::Download { id: photo },
        "v1/sales/shops" => return Request::Get(vec![("q", String::new())]),
        "v1/sales/today" => return Request::Get(vec![]),
        "v1/sales/shop" | "v1/sales/recommendations" => return Request::Get(vec![("shop_id", shop.to_string())]),
        "v1/sales/assignments" | "v1/sales/all-shops" => json!({}),
        "v1/sales/check-in" => json!({"shop_id": shop}),
        "v1/sales/check-out" => json!({"shop_id": shop, "note": "ok"}),
        "v1/sales/push" => {
            json!({"push": {"product_id": BRAND_PRODUCT, "shop_ids": [shop], "offer": "NewProduct", "starts_on": today, "ends_on": today + 3}})
        }
        "v1/sales/featured" | "v1/sales/audit" => json!({"shop_id": shop}),
        "v1/numbers/shop" => return Request::Get(vec![("shop_id", shop.to_string()), ("days", "30".to_owned())]),
        "v1/counter/sale" => {
            let now = restock::server::db::now_ms();
            json!({"req": {"key": format!("m{n}"), "sold_ms": now, "lines": [{"product_id": PRODUCT, "units": 1}]}})
        }
        "v1/counter/count" => json!({"product_id": PRODUCT, "units": 5}),
        "v1/counter/shelf" => return Request::Get(vec![("shop_id", shop.to_string())]),
        "v1/brands/active-shops" => return Request::Get(vec![("days", "30".to_owned())]),
        "v1/brands/reach" => return Request::Get(vec![("days", "30".to_owned()), ("level", "City".to_owned())]),
        "v1/brands/by-city" => return Request::Get(vec![("days", "30".to_owned()), ("top", "5".to_owned())]),
        "v1/brands/launch" => {
            let product = if ids == B { OTHER_BRAND_PRODUCT } else { BRAND_PRODUCT };
            return Request::Get(vec![("product_id", product.to_string()), ("days", "30".to_owned())]);
        }
        "v1/sales/assign" => json!({"salesperson_id": 3, "shop_id": 1, "assigned": true}),
        "v1/brands/promote" => {
            let product = if ids == B { OTHER_BRAND_PRODUCT } else { BRAND_PRODUCT };
            json!({"req": {"key": format!("m{n}"), "product_id": product, "off_per_case": 1, "days": 1, "budget": 1}})
        }
        "v1/brands/promotions" | "v1/brands/team" => return Request::Get(vec![]),
        "v1/brands/start-launch" => {
            let product = if ids == B { OTHER_BRAND_PRODUCT } else { BRAND_PRODUCT };
            // A city no shop is in: the launch reaches nobody, and changes nothing else.
            json!({"req": {"key": format!("m{n}"), "product_id": product, "days": 1,
                           "target": {"city": "无此城", "town_kind": null, "shop_kind": null}}})
        }
        other => panic!("no request written for {other}: add it here and its row to TABLE"),
    })
}

/// Sends the endpoint's request as `caller`: the status, and the start of the answer (for the
/// message when a cell differs).
async fn send(caller: &Api, endpoint: &str, req: Request) -> (u16, String) {
    let server_fn = || endpoint.strip_prefix("v1/").unwrap_or_else(|| panic!("not a server function: {endpoint}"));
    let (status, answer) = match req {
        Request::Post(body) => caller.call(server_fn(), body).await,
        Request::Get(query) => {
            let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            caller.get(server_fn(), &query).await
        }
        Request::Upload { order_id, key } => caller.upload(order_id, &key, jpeg()).await,
        Request::Download { id } => {
            let res = caller.photo(id).await;
            let status = res.status().as_u16();
            return (status, String::from_utf8_lossy(&res.bytes().await.unwrap()).chars().take(120).collect());
        }
    };
    (status, answer.to_string().chars().take(120).collect())
}

/// Every endpoint the sources declare: each server function's `endpoint = "…"`, and the plain
/// `/api/v1/…` routes of the router.
fn endpoints_in_sources() -> BTreeSet<String> {
    let files = source_files();
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, _) in text.match_indices("endpoint = \"") {
            let rest = &text[i + "endpoint = \"".len()..];
            found.insert(rest[..rest.find('"').unwrap()].to_owned());
        }
        if file.ends_with("root/http.rs") {
            for (i, _) in text.match_indices("\"/api/v1/") {
                let rest = &text[i + 1..];
                found.insert(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    found
}

#[test]
fn the_table_covers_every_endpoint_in_the_sources() {
    let sources = endpoints_in_sources();
    assert!(sources.len() > 30, "found too few endpoints, is the parsing broken? {sources:?}");
    let table: BTreeSet<String> = TABLE.iter().map(|(e, ..)| (*e).to_owned()).collect();
    let missing: Vec<_> = sources.difference(&table).collect();
    let stale: Vec<_> = table.difference(&sources).collect();
    assert!(missing.is_empty(), "endpoints without a row in TABLE (add who may call them): {missing:?}");
    assert!(stale.is_empty(), "rows in TABLE for endpoints that no longer exist: {stale:?}");
    // Endpoints that take a shop's ids are tried with both shops'.
    for (endpoint, ids, _) in TABLE {
        if *ids != Ids::None {
            let other = if *ids == A { B } else { A };
            assert!(
                TABLE.iter().any(|(e, i, _)| e == endpoint && *i == other),
                "{endpoint} is tried with one shop's ids only"
            );
        }
    }
}

/// Shop `shop`'s owner orders a case of the test product; it is delivered yesterday, a photo is
/// uploaded and a quality claim filed with it. Returns (order, claim, photo).
async fn delivered_with_claim(app: &TestApp, owner: &Api, key: &str) -> (i64, i64, i64) {
    let order = owner.placed(&Order::new(key).line(PRODUCT, 1)).await;
    app.mark_delivered(order, 1).await;
    let (status, photo) = owner.upload(order, &format!("{key}-photo"), jpeg()).await;
    assert_eq!(status, 200, "{photo}");
    let photo = photo.as_id().unwrap();
    let filed = owner
        .post(
            "claims/file",
            json!({"req": {"key": key, "order_id": order, "line_no": 1, "facts": {"Quality": {"units": 1, "what": "破损 broken"}}, "evidence": [photo]}}),
        )
        .await;
    (order, filed["id"].as_id().unwrap_or_else(|| panic!("{filed}")), photo)
}

#[tokio::test]
async fn every_role_reaches_exactly_what_it_may_with_its_own_and_foreign_ids() {
    for db in backends("authz_matrix").await {
        let app = TestApp::spawn(&db, 60).await;
        app.sql(&format!(
            "UPDATE products SET stock_cases = 10000, case_price_fen = 25000, pack_size = 12, min_cases = 1, max_cases = 1000, is_price_guaranteed = 0 WHERE id = {PRODUCT};
             DELETE FROM price_breaks WHERE product_id = {PRODUCT}; DELETE FROM promotions WHERE product_id = {PRODUCT};
             UPDATE products SET brand_zh = '康师傅' WHERE id = {BRAND_PRODUCT};
             UPDATE products SET brand_zh = '农夫山泉' WHERE id = {OTHER_BRAND_PRODUCT};
             -- The platform salesperson looks after shop A only.
             DELETE FROM salesperson_shops WHERE user_id = 3 AND shop_id <> 1;"
        ))
        .await;
        let phones = [
            SHOP_A_OWNER,
            SHOP_A_OWNER,
            SHOP_B_OWNER,
            SALESPERSON,
            BRAND_SALESPERSON,
            DISPATCHER,
            REVIEWER,
            ADMIN,
            BRAND_OPERATOR_A,
            BRAND_OPERATOR_B,
        ];
        let mut callers = vec![app.anonymous()];
        for phone in &phones[1..] {
            callers.push(app.signed_in(phone).await);
        }
        let (order_a, claim_a, photo_a) = delivered_with_claim(&app, &callers[1], "fa").await;
        let (order_b, claim_b, photo_b) = delivered_with_claim(&app, &callers[2], "fb").await;
        let fx = Fixture { order: [order_a, order_b], claim: [claim_a, claim_b], photo: [photo_a, photo_b] };

        let mut wrong = Vec::new();
        let mut n = 0;
        for (endpoint, ids, expected) in TABLE {
            for (role, caller) in callers.iter().enumerate() {
                n += 1;
                // Signing in is open to anyone and does not depend on who asks: a fresh client keeps
                // the callers' own sessions as they are.
                let client = if *endpoint == "v1/account/sign-in" { app.anonymous() } else { caller.clone() };
                let (status, body) = send(&client, endpoint, request(endpoint, *ids, &fx, n, phones[role])).await;
                if status != expected[role] {
                    wrong.push(format!(
                        "{endpoint} {ids:?} as {}: expected {}, got {status} {body}",
                        ROLES[role], expected[role]
                    ));
                }
            }
        }
        assert!(wrong.is_empty(), "{}: {} cells differ:\n{}", db.backend, wrong.len(), wrong.join("\n"));
    }
}
