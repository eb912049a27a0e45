//! The brand operator's insight against the real server, on SQLite and on PostgreSQL: 动销店 and
//! the reorder rate, reach by city and by county town / city district, a launch's spread day by
//! day and what sells where, over a small data set written here with SQL so that every number is
//! worked out by hand below. Each operator sees its own brands' numbers only; cancelled orders and
//! orders still being placed never count; periods and list sizes out of range are refused.

mod common;

use common::*;
use serde_json::Value;

/// 周涛 (user 8), 康师傅's operator; 吴敏 (user 9), 农夫山泉's; 郑凯 (user 10), a distributor of
/// 伊利 and 蒙牛.
const KSF: &str = "13400000001";
const NFSQ: &str = "13400000002";
const DISTRIBUTOR: &str = "13400000003";

/// The products the data set uses, and their case prices in fen. Every other product is of a
/// brand no operator carries.
const P1: i64 = 1; // 康师傅, ¥30 a case
const P2: i64 = 2; // 康师傅, ¥50
const N1: i64 = 3; // 农夫山泉, ¥20
const Y1: i64 = 4; // 伊利, ¥40
const M1: i64 = 5; // 蒙牛, ¥60
const X: i64 = 6; // nobody's, ¥10

fn price(product: i64) -> i64 {
    match product {
        P1 => 3_000,
        P2 => 5_000,
        N1 => 2_000,
        Y1 => 4_000,
        M1 => 6_000,
        X => 1_000,
        _ => unreachable!(),
    }
}

const DAY_MS: i64 = 86_400_000;
/// China's UTC offset, in which the insights count days.
const OFFSET_MS: i64 = 8 * 3_600_000;

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64
}

/// Today's local day number (days since 1970-01-01, China time), as the API's dates are.
fn today() -> i64 {
    (now_ms() + OFFSET_MS).div_euclid(DAY_MS)
}

/// The UTC instant local day `day` begins.
fn midnight(day: i64) -> i64 {
    day * DAY_MS - OFFSET_MS
}

/// Local noon of day `day`.
fn noon(day: i64) -> i64 {
    midnight(day) + 12 * 3_600_000
}

/// An order written straight into the tables: `lines` of (product, paid cases, free cases), each
/// at its product's case price. `placed_by` is any user (the insight does not read it).
fn order(id: i64, shop: i64, status: &str, created_ms: i64, lines: &[(i64, i64, i64)]) -> String {
    let goods: i64 = lines.iter().map(|(p, c, _)| price(*p) * c).sum();
    format!(
        "INSERT INTO orders (id, shop_id, placed_by, idempotency_key, request_hash, status, goods_fen, balance_used_fen, payable_fen, promised_on, warehouse_id, created_ms)
         VALUES ({id}, {shop}, 1, 'brands-{id}', 'h{id}', '{status}', {goods}, 0, {goods}, '2026-01-01', 1, {created_ms});
         {}",
        order_lines(id, 1, lines)
    )
}

/// Lines added to order `id`, numbered from `first_line_no`.
fn order_lines(id: i64, first_line_no: i64, lines: &[(i64, i64, i64)]) -> String {
    lines
        .iter()
        .enumerate()
        .map(|(n, (p, cases, free))| {
            let (no, fen, line) = (first_line_no + n as i64, price(*p), price(*p) * cases);
            format!(
                "INSERT INTO order_lines (order_id, line_no, product_id, name_zh, name_en, pack_size, cases, free_cases, case_price_fen, line_fen)
                 VALUES ({id}, {no}, {p}, '品{p}', 'Product {p}', 12, {cases}, {free}, {fen}, {line});"
            )
        })
        .collect()
}

fn n(v: &Value, key: &str) -> i64 {
    v[key].as_i64().unwrap_or_else(|| panic!("no number {key} in {v}"))
}

/// 动销店's numbers: active shops, reordering shops, reorder rate ‰, orders, cases, goods (fen),
/// county active shops, county share ‰.
fn active_numbers(v: &Value) -> [i64; 8] {
    [
        n(v, "active_shops"),
        n(v, "reordering_shops"),
        n(v, "reorder_rate_permille"),
        n(v, "orders"),
        n(v, "cases"),
        n(v, "goods_fen"),
        n(v, "county_active_shops"),
        n(v, "county_share_permille"),
    ]
}

/// Reach rows: (city, town, town kind or "", shops, active shops, reach ‰, cases, goods).
type Reach = (String, String, String, i64, i64, i64, i64, i64);

fn reach_rows(v: &Value) -> Vec<Reach> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|r| {
            (
                r["city"].as_str().unwrap().to_owned(),
                r["town"].as_str().unwrap().to_owned(),
                r["town_kind"].as_str().unwrap_or("").to_owned(),
                n(r, "shops"),
                n(r, "active_shops"),
                n(r, "reach_permille"),
                n(r, "cases"),
                n(r, "goods_fen"),
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn reach(city: &str, town: &str, kind: &str, shops: i64, active: i64, permille: i64, cases: i64, goods: i64) -> Reach {
    (city.to_owned(), town.to_owned(), kind.to_owned(), shops, active, permille, cases, goods)
}

/// What sells where: (city, cases, [(product, cases, shops)]).
type City = (String, i64, Vec<(i64, i64, i64)>);

fn city_rows(v: &Value) -> Vec<City> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|c| {
            let products = c["products"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p["product_id"].as_id().unwrap(), n(p, "cases"), n(p, "shops")))
                .collect();
            (c["city"].as_str().unwrap().to_owned(), n(c, "cases"), products)
        })
        .collect()
}

fn city(name: &str, cases: i64, products: &[(i64, i64, i64)]) -> City {
    (name.to_owned(), cases, products.to_vec())
}

/// A launch: reached before the period, county shops, and (day, new shops, shops reached) for
/// each of the period's days.
fn launch_numbers(v: &Value) -> (i64, i64, Vec<(i64, i64, i64)>) {
    let days = v["days"]
        .as_array()
        .unwrap_or_else(|| panic!("no days in {v}"))
        .iter()
        .map(|d| (n(d, "day"), n(d, "new_shops"), n(d, "shops_reached")))
        .collect();
    (n(v, "reached_before"), n(v, "county_shops"), days)
}

/// Every day of a `days`-day period ending `today`, with the new shops of `firsts` (days ago,
/// shops) and the running total from `before`.
fn expected_spread(today: i64, days: i64, before: i64, firsts: &[(i64, i64)]) -> Vec<(i64, i64, i64)> {
    let mut total = before;
    (0..days)
        .map(|i| {
            let day = today - (days - 1) + i;
            let new: i64 = firsts.iter().filter(|(ago, _)| today - ago == day).map(|(_, s)| s).sum();
            total += new;
            (day, new, total)
        })
        .collect()
}

async fn get(api: &Api, endpoint: &str, query: &[(&str, &str)]) -> Value {
    let (status, body) = api.get(endpoint, query).await;
    assert_eq!(status, 200, "{endpoint} {query:?}: {body}");
    body
}

/// Every answer of an operator for the periods and products the test looks at (to compare before
/// and after another brand's orders arrive).
async fn everything(api: &Api, products: &[i64]) -> Vec<Value> {
    let mut out = Vec::new();
    for days in ["1", "7", "30", "31", "90"] {
        out.push(get(api, "brands/active-shops", &[("days", days)]).await);
        for level in ["City", "Town"] {
            out.push(get(api, "brands/reach", &[("days", days), ("level", level)]).await);
        }
        for top in ["1", "20"] {
            out.push(get(api, "brands/by-city", &[("days", days), ("top", top)]).await);
        }
        for p in products {
            out.push(get(api, "brands/launch", &[("product_id", &p.to_string()), ("days", days)]).await);
        }
    }
    out
}

/// Waits out the last minutes of a local day, so that the test and the server agree on today.
async fn not_near_midnight() {
    let to_midnight = DAY_MS - (now_ms() + OFFSET_MS).rem_euclid(DAY_MS);
    if to_midnight < 5 * 60_000 {
        tokio::time::sleep(std::time::Duration::from_millis(to_midnight as u64 + 5_000)).await;
    }
}

#[tokio::test]
async fn a_brand_sees_its_own_shops_reach_launches_and_cities_counted_by_hand() {
    for db in backends("brands").await {
        let b = db.backend;
        // No generated order history: the data set below is all there is.
        let mut config = config(&db, 30);
        config.demo_history_shops = 0;
        let app = TestApp::spawn_with(&db, config).await;
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM orders").await, 0, "{b}");
        assert_eq!(app.sql_i64("SELECT COUNT(*) FROM shops").await, 10, "{b}");
        not_near_midnight().await;
        let t = today();

        // Where the demo's ten shops are. Shop 10 is unplaced: it counts among 动销店 but in no
        // region.
        //   杭州 上城区 (district): 1, 2, 3    杭州 淳安县 (county): 4    杭州 桐庐县 (county): 5
        //   宁波 海曙区 (district): 6, 7       宁波 象山县 (county): 8, 9
        app.sql(
            "UPDATE shops SET city = '杭州', town = '上城区', town_kind = 'district' WHERE id IN (1, 2, 3);
             UPDATE shops SET city = '杭州', town = '淳安县', town_kind = 'county' WHERE id = 4;
             UPDATE shops SET city = '杭州', town = '桐庐县', town_kind = 'county' WHERE id = 5;
             UPDATE shops SET city = '宁波', town = '海曙区', town_kind = 'district' WHERE id IN (6, 7);
             UPDATE shops SET city = '宁波', town = '象山县', town_kind = 'county' WHERE id IN (8, 9);
             UPDATE shops SET city = '', town = '', town_kind = '' WHERE id = 10;
             UPDATE products SET brand_zh = '杂牌';
             UPDATE products SET brand_zh = '康师傅' WHERE id IN (1, 2);
             UPDATE products SET brand_zh = '农夫山泉' WHERE id = 3;
             UPDATE products SET brand_zh = '伊利' WHERE id = 4;
             UPDATE products SET brand_zh = '蒙牛' WHERE id = 5;",
        )
        .await;

        // 康师傅's orders (days ago; P1 ¥30, P2 ¥50 a case):
        //   1001 shop 1  delivered        2 days ago   P1×3, and X×2 (not 康师傅's)
        //   1002 shop 1  placed          10 days ago   P2×1
        //   1003 shop 2  confirmed        5 days ago   P1×2 (+1 free case, not counted)
        //   1004 shop 4  dispatched      20 days ago   P1×1, P2×2 (one order, two lines)
        //   1005 shop 4  delivered       29 days ago, at 00:00: the first instant of a 30-day period   P1×4
        //   1006 shop 6  out_for_delivery  a minute ago  P2×5
        //   1007 shop 10 picking          3 days ago   P1×1
        //   1008 shop 7  cancelled        4 days ago   P1×10   never counts
        //   1009 shop 8  pending          4 days ago   P1×7    never counts (still being placed)
        //   1010 shop 5  delivered       30 days ago, at 23:59:59.999: the instant before 30 days   P1×6
        //   1011 shop 9  delivered       60 days ago   P1×2
        //   1012 shop 3  delivered        6 days ago   X×5 only
        let today_order = (now_ms() - 60_000).max(midnight(t));
        let orders = [
            order(1001, 1, "delivered", noon(t - 2), &[(P1, 3, 0), (X, 2, 0)]),
            order(1002, 1, "placed", noon(t - 10), &[(P2, 1, 0)]),
            order(1003, 2, "confirmed", noon(t - 5), &[(P1, 2, 1)]),
            order(1004, 4, "dispatched", noon(t - 20), &[(P1, 1, 0), (P2, 2, 0)]),
            order(1005, 4, "delivered", midnight(t - 29), &[(P1, 4, 0)]),
            order(1006, 6, "out_for_delivery", today_order, &[(P2, 5, 0)]),
            order(1007, 10, "picking", noon(t - 3), &[(P1, 1, 0)]),
            order(1008, 7, "cancelled", noon(t - 4), &[(P1, 10, 0)]),
            order(1009, 8, "pending", noon(t - 4), &[(P1, 7, 0)]),
            order(1010, 5, "delivered", midnight(t - 29) - 1, &[(P1, 6, 0)]),
            order(1011, 9, "delivered", noon(t - 60), &[(P1, 2, 0)]),
            order(1012, 3, "delivered", noon(t - 6), &[(X, 5, 0)]),
        ];
        app.sql(&orders.concat()).await;

        let ksf = app.signed_in(KSF).await;

        // 动销店 over 30 days (from 29 days ago): orders 1001–1007, of shops 1, 2, 4, 6 and 10.
        // Shops 1 and 4 ordered twice: 2 of 5 reorder (400‰). Cases 3+1+2+3+4+5+1 = 19; goods
        // 9,000+5,000+6,000+13,000+12,000+25,000+3,000 = 73,000 fen. In a county town: shop 4,
        // 1 of 5 (200‰).
        let a = get(&ksf, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&a), [5, 2, 400, 7, 19, 73_000, 1, 200], "{b}: {a}");
        assert_eq!(a["brands"], serde_json::json!(["康师傅"]), "{b}");
        assert_eq!((n(&a, "days"), n(&a, "first_day")), (30, t - 29), "{b}");
        // 7 days (from 6 days ago): 1001, 1003, 1006, 1007; shops 1, 2, 6, 10, none twice, none in
        // a county; cases 3+2+5+1 = 11, goods 9,000+6,000+25,000+3,000 = 43,000.
        let a = get(&ksf, "brands/active-shops", &[("days", "7")]).await;
        assert_eq!(active_numbers(&a), [4, 0, 0, 4, 11, 43_000, 0, 0], "{b}: {a}");
        assert_eq!(n(&a, "first_day"), t - 6, "{b}");
        // 1 day: today's 1006 alone.
        let a = get(&ksf, "brands/active-shops", &[("days", "1")]).await;
        assert_eq!(active_numbers(&a), [1, 0, 0, 1, 5, 25_000, 0, 0], "{b}: {a}");
        assert_eq!(n(&a, "first_day"), t, "{b}");
        // 31 days takes in 1010 (one millisecond before the 30 days): shop 5, a county shop.
        // 6 shops, 2 reorder (333‰), 8 orders, 25 cases, 91,000 fen, 2 of 6 in counties (333‰).
        let a = get(&ksf, "brands/active-shops", &[("days", "31")]).await;
        assert_eq!(active_numbers(&a), [6, 2, 333, 8, 25, 91_000, 2, 333], "{b}: {a}");
        // 90 days adds 1011 too (shop 9, county): 7 shops, 2 reorder (2000/7 = 285.7: 286‰),
        // 9 orders, 27 cases, 97,000 fen, 3 of 7 in counties (428.6: 429‰).
        let a = get(&ksf, "brands/active-shops", &[("days", "90")]).await;
        assert_eq!(active_numbers(&a), [7, 2, 286, 9, 27, 97_000, 3, 429], "{b}: {a}");

        // Reach by city over 30 days: every placed shop is in a denominator (shop 10 in none).
        // 杭州: shops 1–5, reached 1, 2, 4 (3 of 5: 600‰), cases 4+2+7 = 13, 14,000+6,000+25,000
        // fen. 宁波: shops 6–9, reached 6 (the cancelled 7 and pending 8 not): 1 of 4, 250‰.
        let r = get(&ksf, "brands/reach", &[("days", "30"), ("level", "City")]).await;
        assert_eq!(
            reach_rows(&r),
            [reach("杭州", "", "", 5, 3, 600, 13, 45_000), reach("宁波", "", "", 4, 1, 250, 5, 25_000)],
            "{b}: {r}"
        );
        // By town: the most active first, then by city and town (code point order on both
        // databases: 宁 U+5B81 before 杭 U+676D).
        let r = get(&ksf, "brands/reach", &[("days", "30"), ("level", "Town")]).await;
        assert_eq!(
            reach_rows(&r),
            [
                reach("杭州", "上城区", "District", 3, 2, 667, 6, 20_000),
                reach("宁波", "海曙区", "District", 2, 1, 500, 5, 25_000),
                reach("杭州", "淳安县", "County", 1, 1, 1000, 7, 25_000),
                reach("宁波", "象山县", "County", 2, 0, 0, 0, 0),
                reach("杭州", "桐庐县", "County", 1, 0, 0, 0, 0),
            ],
            "{b}: {r}"
        );
        // Over 90 days 桐庐县 (shop 5, 1010) and 象山县 (shop 9, 1011) are reached too.
        let r = get(&ksf, "brands/reach", &[("days", "90"), ("level", "City")]).await;
        assert_eq!(
            reach_rows(&r),
            [reach("杭州", "", "", 5, 4, 800, 19, 63_000), reach("宁波", "", "", 4, 2, 500, 7, 31_000)],
            "{b}: {r}"
        );

        // P1's launch over 30 days. First orders of it per shop, ever (cancelled and pending
        // ones not): shop 9 60 days ago and shop 5 30 days ago (before the period: 2), shop 4 29
        // days ago (1005 at the period's first instant), shop 2 5, shop 10 3, shop 1 2 days ago.
        // Ever reached in a county town: shops 4, 5 and 9.
        let l = get(&ksf, "brands/launch", &[("product_id", &P1.to_string()), ("days", "30")]).await;
        assert_eq!(l["product_id"].as_id(), Some(P1), "{b}: {l}");
        let (before, county, days) = launch_numbers(&l);
        assert_eq!((before, county), (2, 3), "{b}: {l}");
        assert_eq!(days, expected_spread(t, 30, 2, &[(29, 1), (5, 1), (3, 1), (2, 1)]), "{b}: {l}");
        assert_eq!(days.last().unwrap().2, 6, "{b}");
        assert_eq!(days.iter().filter(|d| d.1 > 0).count(), 4, "{b}");
        // Over 7 days (from 6 days ago): shops 9, 5 and 4 were reached before; then shop 2 (5
        // days ago, the period's second day), 10 and 1.
        let l = get(&ksf, "brands/launch", &[("product_id", &P1.to_string()), ("days", "7")]).await;
        let (before, county, days) = launch_numbers(&l);
        assert_eq!((before, county), (3, 3), "{b}: {l}");
        assert_eq!(days, expected_spread(t, 7, 3, &[(5, 1), (3, 1), (2, 1)]), "{b}: {l}");
        assert_eq!(days.iter().map(|d| d.2).collect::<Vec<_>>(), [3, 4, 4, 5, 6, 6, 6], "{b}");
        // P2 over 7 days: shop 4 (20 days ago) and shop 1 (10) before, shop 6 today.
        let l = get(&ksf, "brands/launch", &[("product_id", &P2.to_string()), ("days", "7")]).await;
        let (before, county, days) = launch_numbers(&l);
        assert_eq!((before, county), (2, 1), "{b}: {l}");
        assert_eq!(
            days.iter().map(|d| (d.1, d.2)).collect::<Vec<_>>(),
            [(0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (0, 2), (1, 3)]
        );
        assert_eq!(days.last().unwrap().0, t, "{b}");

        // What sells where over 30 days (the unplaced shop 10 is in no city): 杭州 P1 10 cases
        // (3+2+1+4) in shops 1, 2, 4; P2 3 cases (1+2) in shops 1, 4; 宁波 P2 5 cases in shop 6.
        let c = get(&ksf, "brands/by-city", &[("days", "30"), ("top", "5")]).await;
        assert_eq!(
            city_rows(&c),
            [city("杭州", 13, &[(P1, 10, 3), (P2, 3, 2)]), city("宁波", 5, &[(P2, 5, 1)])],
            "{b}: {c}"
        );
        // The top one per city; the city's total stays all its cases.
        let c = get(&ksf, "brands/by-city", &[("days", "30"), ("top", "1")]).await;
        assert_eq!(city_rows(&c), [city("杭州", 13, &[(P1, 10, 3)]), city("宁波", 5, &[(P2, 5, 1)])], "{b}: {c}");
        // 90 days: 杭州 P1 gains shop 5's 6 cases, 宁波 shop 9's 2 of P1.
        let c = get(&ksf, "brands/by-city", &[("days", "90"), ("top", "20")]).await;
        assert_eq!(
            city_rows(&c),
            [city("杭州", 19, &[(P1, 16, 4), (P2, 3, 2)]), city("宁波", 7, &[(P2, 5, 1), (P1, 2, 1)])],
            "{b}: {c}"
        );

        // Another brand's product, nobody's product and one that does not exist are not found.
        for p in [N1, Y1, X, 999_999] {
            let (status, body) = ksf.get("brands/launch", &[("product_id", &p.to_string()), ("days", "30")]).await;
            assert_eq!(status, 404, "{b}: 康师傅 asks for product {p}: {body}");
        }

        // 农夫山泉 and the distributor have no orders yet: nothing of 康师傅's shows, and 0 of 0
        // is 0. Reach still lists every region, none reached.
        let nfsq = app.signed_in(NFSQ).await;
        let a = get(&nfsq, "brands/active-shops", &[("days", "90")]).await;
        assert_eq!(active_numbers(&a), [0; 8], "{b}: {a}");
        assert_eq!(a["brands"], serde_json::json!(["农夫山泉"]), "{b}");
        let r = get(&nfsq, "brands/reach", &[("days", "90"), ("level", "City")]).await;
        assert_eq!(
            reach_rows(&r),
            [reach("宁波", "", "", 4, 0, 0, 0, 0), reach("杭州", "", "", 5, 0, 0, 0, 0)],
            "{b}: {r}"
        );
        assert_eq!(get(&nfsq, "brands/by-city", &[("days", "90"), ("top", "5")]).await, serde_json::json!([]), "{b}");
        let (status, _) = nfsq.get("brands/launch", &[("product_id", &P1.to_string()), ("days", "30")]).await;
        assert_eq!(status, 404, "{b}: 农夫山泉 asks for 康师傅's P1");

        let ksf_before = everything(&ksf, &[P1, P2]).await;

        // 农夫山泉's orders (N1 ¥20), one of them a line on 康师傅's order 1001:
        //   1001 shop 1  delivered   2 days ago   + N1×4
        //   2001 shop 3  delivered   1 day ago    N1×2
        //   2002 shop 8  placed     15 days ago   N1×1
        // The distributor's (Y1 伊利 ¥40, M1 蒙牛 ¥60):
        //   3001 shop 2  delivered   7 days ago   Y1×2, M1×1
        //   3002 shop 2  delivered  12 days ago   M1×3
        //   3003 shop 5  delivered   8 days ago   Y1×1
        //   3004 shop 6  cancelled   3 days ago   Y1×9   never counts
        //   3005 shop 7  pending     1 day ago    M1×4   never counts
        let more = [
            order_lines(1001, 3, &[(N1, 4, 0)]),
            order(2001, 3, "delivered", noon(t - 1), &[(N1, 2, 0)]),
            order(2002, 8, "placed", noon(t - 15), &[(N1, 1, 0)]),
            order(3001, 2, "delivered", noon(t - 7), &[(Y1, 2, 0), (M1, 1, 0)]),
            order(3002, 2, "delivered", noon(t - 12), &[(M1, 3, 0)]),
            order(3003, 5, "delivered", noon(t - 8), &[(Y1, 1, 0)]),
            order(3004, 6, "cancelled", noon(t - 3), &[(Y1, 9, 0)]),
            order(3005, 7, "pending", noon(t - 1), &[(M1, 4, 0)]),
            // And more of 康师傅's that never count.
            order(1013, 9, "cancelled", noon(t - 1), &[(P1, 3, 0), (P2, 3, 0)]),
            order(1014, 3, "pending", noon(t - 1), &[(P2, 8, 0)]),
        ];
        app.sql(&more.concat()).await;

        // 康师傅 sees exactly what it saw.
        let ksf_after = everything(&ksf, &[P1, P2]).await;
        assert_eq!(ksf_after.len(), ksf_before.len());
        for (before, after) in ksf_before.iter().zip(&ksf_after) {
            assert_eq!(before, after, "{b}: 康师傅's numbers moved with other brands' orders");
        }

        // 农夫山泉 over 30 days: shops 1, 3, 8 (8 in a county: 333‰), one order each, 4+2+1 = 7
        // cases, 8,000+4,000+2,000 = 14,000 fen.
        let a = get(&nfsq, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&a), [3, 0, 0, 3, 7, 14_000, 1, 333], "{b}: {a}");
        let r = get(&nfsq, "brands/reach", &[("days", "30"), ("level", "City")]).await;
        assert_eq!(
            reach_rows(&r),
            [reach("杭州", "", "", 5, 2, 400, 6, 12_000), reach("宁波", "", "", 4, 1, 250, 1, 2_000)],
            "{b}: {r}"
        );
        let c = get(&nfsq, "brands/by-city", &[("days", "30"), ("top", "5")]).await;
        assert_eq!(city_rows(&c), [city("杭州", 6, &[(N1, 6, 2)]), city("宁波", 1, &[(N1, 1, 1)])], "{b}: {c}");
        let l = get(&nfsq, "brands/launch", &[("product_id", &N1.to_string()), ("days", "30")]).await;
        let (before, county, days) = launch_numbers(&l);
        assert_eq!((before, county), (0, 1), "{b}: {l}");
        assert_eq!(days, expected_spread(t, 30, 0, &[(15, 1), (2, 1), (1, 1)]), "{b}: {l}");

        // The distributor sees 伊利 and 蒙牛 together. 30 days: shops 2 and 5 (5 in a county:
        // 500‰); shop 2 on 3001 and 3002 reorders (1 of 2: 500‰); 3 orders; cases 2+1+3+1 = 7;
        // goods 8,000+6,000+18,000+4,000 = 36,000 fen.
        let dist = app.signed_in(DISTRIBUTOR).await;
        let a = get(&dist, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&a), [2, 1, 500, 3, 7, 36_000, 1, 500], "{b}: {a}");
        assert_eq!(a["brands"], serde_json::json!(["伊利", "蒙牛"]), "{b}");
        // 7 days (from 6 days ago): nothing (3001 is 7 days ago); 8 days: 3001 only.
        let a = get(&dist, "brands/active-shops", &[("days", "7")]).await;
        assert_eq!(active_numbers(&a), [0; 8], "{b}: {a}");
        let a = get(&dist, "brands/active-shops", &[("days", "8")]).await;
        assert_eq!(active_numbers(&a), [1, 0, 0, 1, 3, 14_000, 0, 0], "{b}: {a}");
        let r = get(&dist, "brands/reach", &[("days", "30"), ("level", "Town")]).await;
        assert_eq!(
            reach_rows(&r),
            [
                reach("杭州", "上城区", "District", 3, 1, 333, 6, 32_000),
                reach("杭州", "桐庐县", "County", 1, 1, 1000, 1, 4_000),
                reach("宁波", "海曙区", "District", 2, 0, 0, 0, 0),
                reach("宁波", "象山县", "County", 2, 0, 0, 0, 0),
                reach("杭州", "淳安县", "County", 1, 0, 0, 0, 0),
            ],
            "{b}: {r}"
        );
        // 杭州: M1 4 cases (1+3) in shop 2, Y1 3 (2+1) in shops 2 and 5.
        let c = get(&dist, "brands/by-city", &[("days", "30"), ("top", "5")]).await;
        assert_eq!(city_rows(&c), [city("杭州", 7, &[(M1, 4, 1), (Y1, 3, 2)])], "{b}: {c}");
        let l = get(&dist, "brands/launch", &[("product_id", &Y1.to_string()), ("days", "30")]).await;
        let (before, county, days) = launch_numbers(&l);
        assert_eq!((before, county), (0, 1), "{b}: {l}");
        assert_eq!(days, expected_spread(t, 30, 0, &[(8, 1), (7, 1)]), "{b}: {l}");
        let l = get(&dist, "brands/launch", &[("product_id", &M1.to_string()), ("days", "7")]).await;
        let (before, county, days) = launch_numbers(&l);
        assert_eq!((before, county), (1, 0), "{b}: {l}");
        assert_eq!(days, expected_spread(t, 7, 1, &[]), "{b}: {l}");
        for p in [P1, N1] {
            let (status, _) = dist.get("brands/launch", &[("product_id", &p.to_string()), ("days", "30")]).await;
            assert_eq!(status, 404, "{b}: the distributor asks for product {p}");
        }

        // Periods of 0 or 91 days and lists of 0 or 21 products are refused, as is a day count
        // that is not a number; and nobody but an operator gets an answer.
        let p1 = P1.to_string();
        let refused: &[(&str, Vec<(&str, &str)>)] = &[
            ("brands/active-shops", vec![("days", "0")]),
            ("brands/active-shops", vec![("days", "91")]),
            ("brands/active-shops", vec![("days", "-1")]),
            ("brands/active-shops", vec![("days", "thirty")]),
            ("brands/reach", vec![("days", "0"), ("level", "City")]),
            ("brands/reach", vec![("days", "91"), ("level", "Town")]),
            ("brands/reach", vec![("days", "30"), ("level", "Province")]),
            ("brands/launch", vec![("product_id", &p1), ("days", "0")]),
            ("brands/launch", vec![("product_id", &p1), ("days", "91")]),
            ("brands/by-city", vec![("days", "30"), ("top", "0")]),
            ("brands/by-city", vec![("days", "30"), ("top", "21")]),
            ("brands/by-city", vec![("days", "0"), ("top", "5")]),
            ("brands/by-city", vec![("days", "91"), ("top", "5")]),
        ];
        for (endpoint, query) in refused {
            let (status, body) = ksf.get(endpoint, query).await;
            assert!((400..500).contains(&status), "{b}: {endpoint} {query:?} answered {status}: {body}");
        }
        let owner = app.signed_in(SHOP_A_OWNER).await;
        let (status, _) = owner.get("brands/active-shops", &[("days", "30")]).await;
        assert_eq!(status, 403, "{b}: a shop owner asks for a brand's numbers");
        let (status, _) = app.anonymous().get("brands/active-shops", &[("days", "30")]).await;
        assert_eq!(status, 401, "{b}");
        // And the edges of the range are answered.
        for days in ["1", "90"] {
            get(&ksf, "brands/launch", &[("product_id", &p1), ("days", days)]).await;
            get(&ksf, "brands/by-city", &[("days", days), ("top", "20")]).await;
        }
    }
}

/// With answers kept (the server's default is a minute), the same question from the same operator
/// gets the kept answer until it is older than the keeping time, then the new orders; another
/// operator's question is another question, never the first one's answer; an error is not kept.
#[tokio::test]
async fn an_insight_is_kept_per_operator_for_the_keeping_time_then_computed_again() {
    for db in backends("brands_kept").await {
        let b = db.backend;
        let mut config = config(&db, 30);
        config.insight_cache_seconds = 2;
        let app = TestApp::spawn_with(&db, config).await;
        not_near_midnight().await;
        let t = today();
        app.sql(
            "UPDATE products SET brand_zh = '杂牌';
             UPDATE products SET brand_zh = '康师傅' WHERE id IN (1, 2);
             UPDATE products SET brand_zh = '农夫山泉' WHERE id = 3;",
        )
        .await;
        app.sql(&order(1001, 1, "delivered", noon(t - 2), &[(P1, 3, 0)])).await;
        let (ksf, nfsq) = (app.signed_in(KSF).await, app.signed_in(NFSQ).await);
        let asked = std::time::Instant::now();
        let first = get(&ksf, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&first)[..6], [1, 0, 0, 1, 3, 9_000], "{b}: {first}");
        let nf = get(&nfsq, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&nf), [0; 8], "{b}: 农夫山泉 got {nf}");
        assert_eq!(nf["brands"], serde_json::json!(["农夫山泉"]), "{b}");

        // New orders of both brands: within the keeping time, the kept answers.
        app.sql(&order(1002, 2, "delivered", noon(t - 1), &[(P1, 2, 0), (N1, 1, 0)])).await;
        let again = get(&ksf, "brands/active-shops", &[("days", "30")]).await;
        if asked.elapsed() < std::time::Duration::from_millis(1_800) {
            assert_eq!(again, first, "{b}: the kept answer");
        }
        // A question not asked before is computed now, with the new order.
        let week = get(&ksf, "brands/active-shops", &[("days", "7")]).await;
        assert_eq!(active_numbers(&week)[..6], [2, 0, 0, 2, 5, 15_000], "{b}: {week}");
        // Not found is not kept, and stays not found.
        for _ in 0..2 {
            let (status, _) = ksf.get("brands/launch", &[("product_id", &N1.to_string()), ("days", "30")]).await;
            assert_eq!(status, 404, "{b}");
        }

        // Past the keeping time: computed again.
        tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
        let later = get(&ksf, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&later)[..6], [2, 0, 0, 2, 5, 15_000], "{b}: {later}");
        let nf = get(&nfsq, "brands/active-shops", &[("days", "30")]).await;
        assert_eq!(active_numbers(&nf)[..6], [1, 0, 0, 1, 1, 2_000], "{b}: {nf}");
    }
}
