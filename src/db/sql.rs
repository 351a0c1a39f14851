//! SQL written by hand, for what diesel's DSL cannot say, in a form diesel keeps prepared.
//!
//! diesel never caches a statement that holds a `sql()` literal or an `IN (?, ?, …)` list: it
//! parses and plans it again on every run, which on SQLite cost a fifth of a customer-list page.
//! [`Sql`] holds its text and its bind values apart; the text holds only placeholders and comes
//! from a few fixed shapes, so diesel caches the statement by its text, once per connection and
//! shape. Each backend writes its own placeholders.

use chrono::NaiveDateTime;
use diesel::expression::is_aggregate;
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Bool, Text, Timestamp, Untyped};

use crate::db::{DbConn, MultiBackend};

/// SQL text with its bind values in place. A whole statement ([`RunQueryDsl`]: rows are read
/// by name), or a condition in a DSL query through [`Sql::condition`].
///
/// The text is `&'static str` pieces only, so it comes in a bounded set of shapes: every distinct
/// text is a statement kept prepared on each connection.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Sql(&'static str),
    Text(String),
    Time(NaiveDateTime),
    Int(i64),
}

impl Sql {
    /// Starts with `sql`.
    pub fn new(sql: &'static str) -> Self {
        let mut new = Self::default();
        new.sql(sql);
        new
    }

    /// Appends text.
    pub fn sql(&mut self, sql: &'static str) -> &mut Self {
        self.parts.push(Part::Sql(sql));
        self
    }

    /// Appends a text bind value.
    pub fn text(&mut self, value: impl Into<String>) -> &mut Self {
        self.parts.push(Part::Text(value.into()));
        self
    }

    /// Appends a timestamp bind value.
    pub fn time(&mut self, value: NaiveDateTime) -> &mut Self {
        self.parts.push(Part::Time(value));
        self
    }

    /// Appends an integer bind value.
    pub fn int(&mut self, value: i64) -> &mut Self {
        self.parts.push(Part::Int(value));
        self
    }

    /// Appends another piece.
    pub fn append(&mut self, other: Sql) -> &mut Self {
        self.parts.extend(other.parts);
        self
    }

    /// This SQL as a condition of a DSL query on any query source.
    pub fn condition(self) -> SqlCondition {
        SqlCondition(self)
    }
}

impl QueryFragment<MultiBackend> for Sql {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        for part in &self.parts {
            match part {
                Part::Sql(sql) => out.push_sql(sql),
                Part::Text(value) => out.push_bind_param::<Text, _>(value)?,
                Part::Time(value) => out.push_bind_param::<Timestamp, _>(value)?,
                Part::Int(value) => out.push_bind_param::<BigInt, _>(value)?,
            }
        }
        Ok(())
    }
}

// No static id: diesel caches the prepared statement by its SQL text, which holds only
// placeholders.
impl QueryId for Sql {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Sql {
    type SqlType = Untyped;
}

impl RunQueryDsl<DbConn> for Sql {}

/// A condition of a DSL query on the query source `QS`, boxed.
pub type Condition<QS> = Box<dyn BoxableExpression<QS, MultiBackend, SqlType = Bool>>;

/// A boolean condition written in SQL ([`Sql::condition`]), which a DSL query can filter by
/// while staying cacheable.
#[derive(Debug, Clone)]
pub struct SqlCondition(Sql);

impl Expression for SqlCondition {
    type SqlType = Bool;
}

impl<QS> AppearsOnTable<QS> for SqlCondition {}

impl<QS> SelectableExpression<QS> for SqlCondition {}

impl<GB> ValidGrouping<GB> for SqlCondition {
    type IsAggregate = is_aggregate::Never;
}

impl QueryFragment<MultiBackend> for SqlCondition {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}

impl QueryId for SqlCondition {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}
