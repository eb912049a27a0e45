//! A small key-value store in IndexedDB (one object store, string keys): where the app keeps what
//! must survive reloads, closing and going offline (carts, the order outbox, claim drafts).
//!
//! Values are stored as JSON text (the same serde_json code the server calls already use, so
//! no second serializer is shipped in the wasm) or, for photos, as raw bytes (a Uint8Array).
//!
//! Every change is one read-write transaction, committed before the call returns; a change that
//! touches two records (an order leaving the cart for the outbox) changes both or neither.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{de::DeserializeOwned, Serialize};
use std::cell::RefCell;
use wasm_bindgen::JsValue;

const DB_NAME: &str = "restock";
const STORE: &str = "kv";

thread_local! {
    static DB: RefCell<Option<Database>> = const { RefCell::new(None) };
}

pub type Result<T> = std::result::Result<T, String>;

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

async fn db() -> Result<Database> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = Database::open(DB_NAME)
        .with_version(1u8)
        .with_on_upgrade_needed(|event, db| {
            if event.old_version() < 1.0 {
                db.create_object_store(STORE).build()?;
            }
            Ok(())
        })
        .await
        .map_err(err)?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

fn encode<T: Serialize>(value: &T) -> Result<JsValue> {
    serde_json::to_string(value).map(|s| JsValue::from_str(&s)).map_err(err)
}

fn decode<T: DeserializeOwned>(value: Option<JsValue>) -> Result<Option<T>> {
    match value.and_then(|v| v.as_string()) {
        Some(text) => serde_json::from_slice(text.as_bytes()).map(Some).map_err(err),
        None => Ok(None),
    }
}

async fn get_js(key: &str) -> Result<Option<JsValue>> {
    let db = db().await?;
    let tx = db.transaction(STORE).build().map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    let value: Option<JsValue> = store.get(key).primitive().map_err(err)?.await.map_err(err)?;
    Ok(value.filter(|v| !v.is_undefined() && !v.is_null()))
}

async fn put_js(key: &str, value: JsValue) -> Result<()> {
    let db = db().await?;
    let tx = db.transaction(STORE).with_mode(TransactionMode::Readwrite).build().map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    store.put(value).with_key(key.to_owned()).primitive().map_err(err)?.await.map_err(err)?;
    tx.commit().await.map_err(err)
}

pub async fn get<T: DeserializeOwned>(key: &str) -> Result<Option<T>> {
    decode(get_js(key).await?)
}

/// Whether the list stored under `key` may hold something: false only when it is absent or
/// empty; counted without decoding its items. A record that cannot be read counts as holding
/// something (better to look again than to forget what waits).
pub async fn holds_items(key: &str) -> bool {
    match get::<Vec<serde::de::IgnoredAny>>(key).await {
        Ok(None) => false,
        Ok(Some(items)) => !items.is_empty(),
        Err(_) => true,
    }
}

pub async fn put<T: Serialize>(key: &str, value: &T) -> Result<()> {
    put_js(key, encode(value)?).await
}

/// Bytes (a photo), stored as they are.
pub async fn get_bytes(key: &str) -> Result<Option<Vec<u8>>> {
    Ok(get_js(key).await?.map(|v| js_sys::Uint8Array::new(&v).to_vec()))
}

pub async fn put_bytes(key: &str, bytes: &[u8]) -> Result<()> {
    put_js(key, js_sys::Uint8Array::from(bytes).into()).await
}

pub async fn delete(key: &str) -> Result<()> {
    let db = db().await?;
    let tx = db.transaction(STORE).with_mode(TransactionMode::Readwrite).build().map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    store.delete(key).build().map_err(err)?.await.map_err(err)?;
    tx.commit().await.map_err(err)
}

/// Reads two records, lets `change` compute their new values, and writes both, in one
/// transaction: both change or neither does.
pub async fn update_two<A, B, R>(
    key_a: &str,
    key_b: &str,
    change: impl FnOnce(Option<A>, Option<B>) -> (A, B, R),
) -> Result<R>
where
    A: Serialize + DeserializeOwned,
    B: Serialize + DeserializeOwned,
{
    let db = db().await?;
    let tx = db.transaction(STORE).with_mode(TransactionMode::Readwrite).build().map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    // Only IndexedDB requests are awaited inside the transaction (anything else would let it
    // commit early).
    let a: Option<JsValue> = store.get(key_a).primitive().map_err(err)?.await.map_err(err)?;
    let b: Option<JsValue> = store.get(key_b).primitive().map_err(err)?.await.map_err(err)?;
    let (a, b, result) = change(decode(a)?, decode(b)?);
    store.put(encode(&a)?).with_key(key_a.to_owned()).primitive().map_err(err)?.await.map_err(err)?;
    store.put(encode(&b)?).with_key(key_b.to_owned()).primitive().map_err(err)?.await.map_err(err)?;
    tx.commit().await.map_err(err)?;
    Ok(result)
}

/// Deletes every record whose key starts with `prefix` (an account's records, at sign-out), in one
/// transaction. Keys are compared as strings: `prefix` up to `prefix` followed by U+FFFF.
pub async fn delete_prefix(prefix: &str) -> Result<()> {
    let db = db().await?;
    let tx = db.transaction(STORE).with_mode(TransactionMode::Readwrite).build().map_err(err)?;
    let store = tx.object_store(STORE).map_err(err)?;
    store.delete(prefix.to_owned()..format!("{prefix}\u{ffff}")).build().map_err(err)?.await.map_err(err)?;
    tx.commit().await.map_err(err)
}
