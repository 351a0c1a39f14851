//! Where a page of the activity log starts: an opaque token for page links.

use crate::db::ids::AuditEventId;
use crate::db::models::audit::{ActivityCursor, Toward};

/// Where a page of the log starts: next to the event of a cursor, one way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    /// The event next to which the page starts (not on it).
    pub at: ActivityCursor,
    /// Which way from it the page goes.
    pub toward: Toward,
}

/// The version byte of a cursor token.
const CURSOR_VERSION: u8 = 1;

/// Longest event id a cursor token carries (ids are UUIDs: 36).
const CURSOR_ID_MAX: usize = 64;

impl PageCursor {
    /// The opaque token of a position in the log, for a page link: hex of a version byte, the
    /// time (seconds and nanoseconds since 1970, UTC) and the event id.
    pub fn token(at: &ActivityCursor) -> String {
        let utc = at.occurred_at.and_utc();
        let mut bytes = Vec::with_capacity(13 + at.id.as_str().len());
        bytes.push(CURSOR_VERSION);
        bytes.extend_from_slice(&utc.timestamp().to_be_bytes());
        bytes.extend_from_slice(&utc.timestamp_subsec_nanos().to_be_bytes());
        bytes.extend_from_slice(at.id.as_str().as_bytes());
        hex::encode(bytes)
    }

    /// The position of a token from a page link, or `None` for one this version did not make
    /// (damaged, cut short, edited).
    pub fn parse_token(raw: &str, toward: Toward) -> Option<Self> {
        let bytes = hex::decode(raw.trim()).ok()?;
        let (&version, rest) = bytes.split_first()?;
        if version != CURSOR_VERSION || rest.len() <= 12 || rest.len() > 12 + CURSOR_ID_MAX {
            return None;
        }
        let (secs, rest) = rest.split_at(8);
        let (nanos, id) = rest.split_at(4);
        let secs = i64::from_be_bytes(secs.try_into().ok()?);
        let nanos = u32::from_be_bytes(nanos.try_into().ok()?);
        let occurred_at = chrono::DateTime::from_timestamp(secs, nanos)?.naive_utc();
        let id = std::str::from_utf8(id).ok()?;
        if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
        Some(PageCursor {
            at: ActivityCursor {
                occurred_at,
                id: AuditEventId::from(id.to_owned()),
            },
            toward,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn cursor_tokens_read_back_and_refuse_anything_else() {
        let at = ActivityCursor {
            occurred_at: NaiveDate::from_ymd_opt(2026, 3, 5)
                .unwrap()
                .and_hms_micro_opt(23, 59, 59, 123_456)
                .unwrap(),
            id: AuditEventId::from("6f9619ff-8b86-4011-b42d-00c04fc964ff".to_owned()),
        };
        let token = PageCursor::token(&at);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
        let back = PageCursor::parse_token(&token, Toward::Newer).expect("reads back");
        assert_eq!(back.at, at);
        assert_eq!(back.toward, Toward::Newer);
        // Before 1970 too.
        let early = ActivityCursor {
            occurred_at: NaiveDate::from_ymd_opt(1969, 12, 31)
                .unwrap()
                .and_hms_opt(23, 0, 0)
                .unwrap(),
            ..at.clone()
        };
        let back = PageCursor::parse_token(&PageCursor::token(&early), Toward::Older);
        assert_eq!(back.map(|c| c.at), Some(early));
        for bad in [
            "",
            "x",
            "zz",
            &token[..token.len() - 1],
            &token[..26],
            &format!("02{}", &token[2..]),
            &format!("{token}00"),
            &format!("{}{}", &token[..token.len() - 2], "2f"),
            &format!("01{}", "ff".repeat(12 + 36)),
            &"01".repeat(200),
        ] {
            assert_eq!(PageCursor::parse_token(bad, Toward::Older), None, "{bad}");
        }
    }
}
