//! Server functions of claims.

use super::Account;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The shop's claims, balance and ledger.
#[server(prefix = "/api", endpoint = "v1/claims/mine", input = Json)]
pub async fn my_claims(shop_id: Option<i64>) -> Result<Account, AppError> {
    crate::server::answer(async move {
        let user = crate::server::session::current_user().await?;
        let db = crate::server::state::db();
        let shop = crate::account::db::acting_shop(&db, &user, shop_id).await?;
        Ok(Account {
            balance: crate::orders::db::balance(&db, shop).await?,
            ledger: super::db::ledger(&db, shop).await?,
            claims: super::db::list_for_shop(&db, shop).await?,
        })
    }.await)
}
