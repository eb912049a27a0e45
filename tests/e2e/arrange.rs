//! What a test arranges on the server's side before the browser looks: rows and orders placed
//! through the API, not through the screens (those have their own tests).

use crate::common::*;
use serde_json::json;

/// Product `product`'s unit barcode (the code on a single item).
pub async fn unit_barcode(db: &TestDb, product: i64) -> String {
    use sqlx::Row;
    sqlx::any::install_default_drivers();
    let mut c = <sqlx::AnyConnection as sqlx::Connection>::connect(&db.url).await.unwrap();
    let query = format!("SELECT code FROM barcodes WHERE product_id = {product} AND kind = 'unit'");
    let row = sqlx::query(&query).fetch_one(&mut c).await.unwrap();
    row.get(0)
}

/// An order of shop A's, placed and moved out for delivery through the API (the ordering and
/// dispatch screens have their own tests). Returns its id.
pub async fn order_out_for_delivery(base: &str, key: &str, lines: serde_json::Value) -> i64 {
    let shop = signed_in(base, SHOP_A_OWNER).await;
    let res = shop
        .post(format!("{base}/api/v1/orders/place"))
        .json(&json!({"req": {"key": key, "shop_id": null, "lines": lines, "use_balance": false}}))
        .send()
        .await
        .unwrap();
    let status = res.status();
    let answer = res.json::<serde_json::Value>().await.unwrap_or_default();
    assert!(status.is_success(), "place: {status} {answer}");
    let id = answer["id"].as_id().unwrap();
    let dispatcher = signed_in(base, DISPATCHER).await;
    for to in ["Picking", "Dispatched", "OutForDelivery"] {
        let res = dispatcher
            .post(format!("{base}/api/v1/orders/advance"))
            .json(&json!({"id": id, "to": to, "driver": "刘师傅 13912345678"}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "advance to {to}: {}", res.status());
    }
    id
}
