//! Stored words: the closed vocabularies the database keeps as text (a partner's kind, a user's
//! role, a relationship's state, an audit event's operation, …), one Rust enum each, all made by
//! [`text_enum!`] so that every one maps to its text the same way: the stored text is written once,
//! in the enum's declaration, and nowhere else.
//!
//! Each enum gets `as_str` (the stored text), `parse` (the text back, `None` when unknown), `ALL`
//! (every value, in declaration order), `Display` (the stored text, as CSS classes and links use
//! it), and diesel's `AsExpression`/`FromSqlRow` over `Text` on any backend whose `str` and
//! `String` map to `Text` (`MultiBackend` too, like the id newtypes of [`crate::db::ids`]), so
//! that row structs hold the enum and queries filter with it. With `=> "message-id"` after each
//! value it also gets `label_key`, the message id of the value's name (`locales/*/*.ftl`).
//!
//! Reading a value the enum does not know is a deserialize error, with one exception: an enum
//! declared with `unknown Variant` after its values (the audit log's operations, which the log
//! shows even when this version does not know them) reads such a value as `Variant(text)`.

/// Makes a text-mapped enum; see the module documentation.
///
/// ```text
/// text_enum! {
///     /// How a relationship began.
///     pub enum RelationshipOrigin {
///         /// The partner created the customer.
///         NewCustomer = "new_customer",
///         /// The customer accepted the partner's invitation.
///         Invitation = "invitation",
///     }
/// }
/// ```
macro_rules! text_enum {
    // Open: an unknown stored text reads as `$unknown(text)`; every known value has a message id.
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal => $label:literal ),+ $(,)?
        }
        $(#[$umeta:meta])*
        unknown $unknown:ident
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash,
            ::diesel::expression::AsExpression, ::diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = ::diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            $(#[$umeta])*
            $unknown(String),
        }

        impl $name {
            /// Every known value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored text.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $stored, )+
                    Self::$unknown(raw) => raw,
                }
            }

            /// A known value from its stored text; `None` for any other text.
            pub fn parse(raw: &str) -> Option<Self> {
                match raw {
                    $( $stored => Some(Self::$variant), )+
                    _ => None,
                }
            }

            /// The value stored as `raw`, known or not.
            pub fn from_stored(raw: String) -> Self {
                Self::parse(&raw).unwrap_or(Self::$unknown(raw))
            }

            /// The message id of a known value's name (`locales/*/*.ftl`); `None` when unknown.
            pub fn label_key(&self) -> Option<&'static str> {
                match self {
                    $( Self::$variant => Some($label), )+
                    Self::$unknown(_) => None,
                }
            }
        }

        impl<DB: ::diesel::backend::Backend> ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>
            for $name
        where
            String: ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> ::diesel::deserialize::Result<Self> {
                <String as ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>>::from_sql(bytes)
                    .map(Self::from_stored)
            }
        }

        $crate::db::words::text_enum!(@shared $name);
    };

    // Closed, every value with a message id.
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal => $label:literal ),+ $(,)?
        }
    ) => {
        $crate::db::words::text_enum!(
            @closed $(#[$meta])* $vis enum $name { $( $(#[$vmeta])* $variant = $stored ),+ }
        );

        impl $name {
            /// The message id of its name (`locales/*/*.ftl`).
            pub fn label_key(self) -> &'static str {
                match self {
                    $( Self::$variant => $label, )+
                }
            }
        }
    };

    // Closed, without message ids.
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal ),+ $(,)?
        }
    ) => {
        $crate::db::words::text_enum!(
            @closed $(#[$meta])* $vis enum $name { $( $(#[$vmeta])* $variant = $stored ),+ }
        );
    };

    (
        @closed
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal ),+
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash,
            ::diesel::expression::AsExpression, ::diesel::deserialize::FromSqlRow,
        )]
        #[diesel(sql_type = ::diesel::sql_types::Text)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The stored text.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $stored, )+
                }
            }

            /// The value stored as `raw`; `None` for any other text.
            pub fn parse(raw: &str) -> Option<Self> {
                match raw {
                    $( $stored => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        /// A stored text this enum does not know is an error: the row cannot be read.
        impl<DB: ::diesel::backend::Backend> ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>
            for $name
        where
            String: ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> ::diesel::deserialize::Result<Self> {
                let raw =
                    <String as ::diesel::deserialize::FromSql<::diesel::sql_types::Text, DB>>::from_sql(bytes)?;
                Self::parse(&raw).ok_or_else(|| {
                    format!(concat!("unknown ", stringify!($name), " {:?} in the database"), raw)
                        .into()
                })
            }
        }

        $crate::db::words::text_enum!(@shared $name);
    };

    (@shared $name:ident) => {
        impl<DB: ::diesel::backend::Backend> ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>
            for $name
        where
            str: ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut ::diesel::serialize::Output<'b, '_, DB>,
            ) -> ::diesel::serialize::Result {
                <str as ::diesel::serialize::ToSql<::diesel::sql_types::Text, DB>>::to_sql(self.as_str(), out)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// Every message id a stored word names, with its enum's name: for the catalogue's test that
/// every id used exists in both languages (the ids sit in [`text_enum!`] declarations, which its
/// scan of message calls does not see).
#[cfg(test)]
pub(crate) fn label_keys() -> Vec<(&'static str, &'static str)> {
    use crate::db::models::audit::Operation;
    use crate::db::models::invitation::InvitationState;
    use crate::db::models::partner::{PartnerKind, PartnershipState};
    use crate::db::models::partnership_request::RequestState;
    use crate::db::models::product::CommerceType;
    use crate::db::models::relationship::RelationshipState;
    use crate::db::models::subscription::SubscriptionStatus;
    use crate::db::models::user::Role;

    let mut keys = Vec::new();
    macro_rules! closed {
        ($($enum:ident),+) => {$(
            keys.extend($enum::ALL.iter().map(|v| (stringify!($enum), v.label_key())));
        )+};
    }
    closed!(
        PartnerKind,
        Role,
        PartnershipState,
        RelationshipState,
        SubscriptionStatus,
        CommerceType,
        InvitationState,
        RequestState
    );
    keys.extend((Operation::ALL.iter()).filter_map(|v| Some(("Operation", v.label_key()?))));
    keys
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use crate::db::models::audit::Operation;
    use crate::db::models::relationship::RelationshipOrigin;

    text_enum! {
        /// A test enum without message ids.
        enum Shade {
            Light = "light",
            Dark = "dark",
        }
    }

    #[test]
    fn each_value_reads_back_from_its_text() {
        assert_eq!(Shade::ALL, [Shade::Light, Shade::Dark]);
        for shade in Shade::ALL {
            assert_eq!(Shade::parse(shade.as_str()), Some(*shade));
            assert_eq!(shade.to_string(), shade.as_str());
        }
        assert_eq!(Shade::parse("Light"), None);
        assert_eq!(Shade::parse(""), None);
        assert_eq!(
            RelationshipOrigin::parse("new_customer"),
            Some(RelationshipOrigin::NewCustomer)
        );
    }

    #[test]
    fn an_open_enum_keeps_what_it_does_not_know() {
        let known = Operation::from_stored("partnership.removed".to_owned());
        assert_eq!(known, Operation::PartnershipRemoved);
        assert_eq!(known.label_key(), Some("activity-op-partnership-removed"));
        let unknown = Operation::from_stored("something.new".to_owned());
        assert_eq!(unknown, Operation::Unknown("something.new".to_owned()));
        assert_eq!(unknown.as_str(), "something.new");
        assert_eq!(unknown.label_key(), None);
        assert_eq!(Operation::parse("something.new"), None);
        assert!(!Operation::ALL.contains(&unknown));
    }

    /// Written and read as text through diesel, on SQLite (PostgreSQL: the API tests): the stored
    /// text is the enum's, and a text it does not know is an error, except for an open enum.
    #[test]
    fn values_round_trip_through_the_database() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let read = |conn: &mut SqliteConnection, text: &str| {
            diesel::select(text.into_sql::<Text>()).get_result::<Shade>(conn)
        };
        let stored: String = diesel::select(Shade::Dark.into_sql::<Text>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(stored, "dark");
        assert_eq!(read(&mut conn, "light").unwrap(), Shade::Light);
        let error = format!("{:?}", read(&mut conn, "grey").unwrap_err());
        assert!(
            error.contains(r#"unknown Shade \"grey\" in the database"#),
            "{error}"
        );
        let op: Operation = diesel::select("something.new".into_sql::<Text>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(op, Operation::Unknown("something.new".to_owned()));
    }
}
