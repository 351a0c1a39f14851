//! Newtype IDs: app-generated UUIDs stored as text, one type per table so that IDs of different
//! tables cannot be mixed up. They map to SQL `Text` on every backend.

use std::fmt;

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
        )]
        #[serde(transparent)]
        #[diesel(sql_type = Text)]
        pub struct $name(String);

        impl<DB: Backend> ToSql<Text, DB> for $name
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                self.0.as_str().to_sql(out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $name
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                String::from_sql(bytes).map(Self)
            }
        }

        impl $name {
            /// A new random (v4) id.
            pub fn generate() -> Self {
                Self(uuid::Uuid::new_v4().to_string())
            }

            /// The id as stored.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Parses an id from untrusted input (a URL path): `None` unless it is a UUID, which is
            /// then normalized to the stored lowercase hyphenated form.
            pub fn parse(raw: &str) -> Option<Self> {
                uuid::Uuid::parse_str(raw.trim()).ok().map(|u| Self(u.to_string()))
            }
        }

        /// Only a UUID, normalized as [`Self::parse`] does: a URL path's `web::Path<TenantId>`
        /// refuses anything else before the handler runs. (By hand rather than
        /// `#[serde(try_from = "String")]`: `From<String>`, the unchecked conversion for stored
        /// ids, already makes an infallible `TryFrom<String>`.)
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                parsed(deserializer, Self::parse, "a UUID")
            }
        }

        impl From<String> for $name {
            fn from(raw: String) -> Self {
                Self(raw)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// Reads text and parses it, or fails saying what was expected (never what was sent: it may be
/// anything a visitor typed).
fn parsed<'de, D, T>(
    deserializer: D,
    parse: fn(&str) -> Option<T>,
    expected: &'static str,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    parse(&raw).ok_or_else(|| serde::de::Error::custom(format_args!("expected {expected}")))
}

uuid_id!(
    /// Internal id of a partner organization (not its PartnerID, see [`MpnId`]).
    PartnerId
);
uuid_id!(
    /// Internal id of a customer.
    CustomerId
);
uuid_id!(
    /// A customer's Microsoft tenant id (the "Microsoft ID" shown to partners), also a partner's tenant.
    TenantId
);
uuid_id!(
    /// A subscription's GUID, as Partner Center shows it.
    SubscriptionId
);
uuid_id!(
    /// Internal id of a user.
    UserId
);
uuid_id!(
    /// Internal id of a product.
    ProductId
);
uuid_id!(
    /// Internal id of a customer relationship.
    RelationshipId
);
uuid_id!(
    /// Internal id of a partnership (indirect provider ↔ indirect reseller).
    PartnershipId
);
uuid_id!(
    /// Internal id of a relationship invitation.
    InvitationId
);
uuid_id!(
    /// Internal id of a partnership request (an indirect provider's link to a reseller).
    PartnershipRequestId
);
uuid_id!(
    /// Internal id of an audit event.
    AuditEventId
);
uuid_id!(
    /// Internal id of a set-password link.
    PasswordLinkId
);
uuid_id!(
    /// Internal id of an uploaded import file (between its preview and its confirmation).
    ImportId
);
uuid_id!(
    /// Id of a bulk assignment (a batch): its audit events carry it.
    BatchId
);

/// A partner's PartnerID (the MPN ID): a 6 or 7 digit number, unique across partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct MpnId(i32);

impl MpnId {
    /// Parses a PartnerID from untrusted input: 6 or 7 digits, nothing else.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        if !(6..=7).contains(&raw.len())
            || raw.starts_with('0')
            || !raw.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        raw.parse::<i32>().ok().filter(|n| *n >= 100_000).map(Self)
    }

    /// The number as stored.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// Only 6 or 7 digits, as [`MpnId::parse`] reads them: `web::Path<MpnId>` refuses anything else.
impl<'de> serde::Deserialize<'de> for MpnId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        parsed(deserializer, Self::parse, "a PartnerID of 6 or 7 digits")
    }
}

impl From<i32> for MpnId {
    fn from(n: i32) -> Self {
        Self(n)
    }
}

impl fmt::Display for MpnId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn mpn_id_accepts_six_or_seven_digits_only() {
        assert_eq!(MpnId::parse("4200001").map(MpnId::get), Some(4_200_001));
        assert_eq!(MpnId::parse(" 123456 ").map(MpnId::get), Some(123_456));
        for bad in [
            "",
            "12345",
            "12345678",
            "-420000",
            "42000o1",
            "0123456",
            "+123456",
            "４２００００１",
        ] {
            assert_eq!(MpnId::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn ids_deserialize_only_from_what_parse_accepts() {
        let tenant: TenantId =
            serde_json::from_str("\"6F9619FF-8B86-D011-B42D-00C04FC964FF\"").unwrap();
        assert_eq!(tenant.as_str(), "6f9619ff-8b86-d011-b42d-00c04fc964ff");
        let mpn: MpnId = serde_json::from_str("\"4200001\"").unwrap();
        assert_eq!(mpn.get(), 4_200_001);
        for bad in ["\"not-a-guid\"", "\"\"", "\"../x\"", "42", "null"] {
            assert!(serde_json::from_str::<TenantId>(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_str::<SubscriptionId>(bad).is_err(),
                "{bad}"
            );
        }
        for bad in ["\"12345\"", "\"0123456\"", "\"42000o1\"", "4200001"] {
            assert!(serde_json::from_str::<MpnId>(bad).is_err(), "{bad}");
        }
        // Serialized as the text it holds.
        assert_eq!(
            serde_json::to_string(&tenant).unwrap(),
            "\"6f9619ff-8b86-d011-b42d-00c04fc964ff\""
        );
    }

    #[test]
    fn uuid_ids_are_normalized() {
        let id = TenantId::parse("6F9619FF-8B86-D011-B42D-00C04FC964FF").map(|t| t.to_string());
        assert_eq!(id.as_deref(), Some("6f9619ff-8b86-d011-b42d-00c04fc964ff"));
        assert!(TenantId::parse("not-a-guid").is_none());
        assert!(TenantId::parse("").is_none());
    }
}
