//! Products (offers) that subscriptions are for.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::ids::ProductId;
use crate::db::schema::products;
use crate::db::words::text_enum;

text_enum! {
    /// How a product is sold (`products.commerce_type`).
    pub enum CommerceType {
        /// The legacy licence-based offers.
        Legacy = "legacy" => "commerce-legacy",
        /// Microsoft's new commerce experience.
        NewCommerce = "new_commerce" => "commerce-new",
    }
}

/// A product.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: ProductId,
    pub name: String,
    pub offer_id: String,
    pub commerce_type: CommerceType,
}

/// A product to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = products, treat_none_as_default_value = false)]
pub struct NewProduct<'a> {
    pub id: &'a ProductId,
    pub name: &'a str,
    pub offer_id: &'a str,
    pub commerce_type: CommerceType,
}

/// Inserts a product.
pub fn insert(conn: &mut DbConn, row: &NewProduct<'_>) -> QueryResult<()> {
    diesel::insert_into(products::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}
