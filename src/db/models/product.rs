//! Products (offers) that subscriptions are for.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::ProductId;
use crate::db::schema::products;

/// A product.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub offer_id: String,
    pub commerce_type: String,
}

impl Product {
    /// The message id of its commerce type's name (`locales/*/main.ftl`).
    pub fn commerce_key(&self) -> &'static str {
        if self.commerce_type == "new_commerce" {
            "commerce-new"
        } else {
            "commerce-legacy"
        }
    }
}

/// A product to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = products)]
pub struct NewProduct<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub offer_id: &'a str,
    pub commerce_type: &'a str,
}

/// Inserts a product.
pub fn insert(conn: &mut DbConn, row: &NewProduct<'_>) -> QueryResult<()> {
    diesel::insert_into(products::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}
