//! Indexed substring search: SQLite FTS5 (trigram tokenizer) and PostgreSQL pg_trgm.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::db::ids::CustomerId;
use crate::db::schema::customers;
use crate::db::sql::{Condition, Sql};
use crate::db::{DbConn, MultiBackend, like_pattern};

use super::list::Dialect;
use super::{SEARCH_SEPARATOR, fold_case};

/// A search needs this many letters or digits in a row to use the trigram indexes: PostgreSQL's
/// pg_trgm takes its trigrams from runs of letters and digits only, and the same rule on SQLite
/// keeps both backends paging a search the same way.
pub const TRIGRAM_RUN: usize = 3;

/// Most candidates a trigram search takes from the index (over all organizations); with more, the
/// search is looked through instead ([`Matching::Scan`]).
pub const CANDIDATE_LIMIT: i64 = 1000;

/// Whether a search can use the trigram indexes ([`TRIGRAM_RUN`]).
pub fn trigram_searchable(search: &str) -> bool {
    let mut run = 0;
    for ch in search.chars() {
        run = if ch.is_alphanumeric() { run + 1 } else { 0 };
        if run >= TRIGRAM_RUN {
            return true;
        }
    }
    false
}

/// How many of a search's words are looked up to find its rarest ([`search_candidates`]).
pub(super) const WORD_PROBES: usize = 4;

/// A word in at most this many customers' text is rare enough to find a search's candidates by
/// ([`search_candidates`]); counting stops one further.
pub(super) const RARE_WORD: i64 = 100;

/// The customers (of any organization) whose search text contains `search` (case-folded here),
/// found through the trigram index: `None` when there may be more than [`CANDIDATE_LIMIT`] (list
/// those by walking instead). Only for [`trigram_searchable`] text.
///
/// The index is asked for a part of the search it answers cheaply, then each row it gives is
/// compared with the whole search, exactly and literally (`instr`, `strpos`). Asking for the whole
/// search at once reads the whole index entry of each of its trigrams, and some trigrams are in
/// every row (".onmicrosoft"): "-4242.onmicrosoft" costs 0.7 ms at 1,000 customers and 12 ms at
/// 100,000 (SQLite; PostgreSQL's GIN likewise). So the search's words (runs of 3 letters or
/// digits or more, the longest [`WORD_PROBES`]) are each counted first, no further than
/// [`RARE_WORD`] + 1 (a common word stops early, and PostgreSQL rechecks no more rows than
/// that); the rarest, if rare, gives the candidates ("4242": 65 rows). When no word is rare, the
/// whole search is asked for ("coho labs 99": its words are common, together rare). Known cost
/// left: a search with no rare word that holds text found in nearly every row ("labs.onmicrosoft")
/// still reads the index entries of that text whole.
pub fn search_candidates(
    conn: &mut DbConn,
    search: &str,
    limit: i64,
) -> QueryResult<Option<Vec<CustomerId>>> {
    if matches!(conn, DbConn::Sqlite(_)) {
        return find_candidates(conn, search, limit);
    }
    // PostgreSQL: diesel keeps its statements prepared, and after five runs PostgreSQL may plan
    // them once for any value ("generic plan"), where a LIKE of unknown text looks selective: it
    // then reads the trigram index for text found in every row (100 ms a search for
    // "onmicrosoft" at 100,000 customers) where the plan for the actual text stops after a few
    // rows. These few statements are planned for their values every time.
    conn.batch_execute("SET plan_cache_mode = force_custom_plan")?;
    let found = find_candidates(conn, search, limit);
    let reset = conn.batch_execute("RESET plan_cache_mode");
    let found = found?;
    reset?;
    Ok(found)
}

pub(super) fn find_candidates(
    conn: &mut DbConn,
    search: &str,
    limit: i64,
) -> QueryResult<Option<Vec<CustomerId>>> {
    let needle = fold_case(search);
    if needle.contains(SEARCH_SEPARATOR) {
        return Ok(Some(Vec::new()));
    }
    let words = indexed_words(&needle);
    if words.is_empty() {
        return Ok(None);
    }
    let counts = word_counts(conn, &words)?;
    if counts.contains(&0) {
        // A word of the search is in no customer's text.
        return Ok(Some(Vec::new()));
    }
    let rarest = counts
        .iter()
        .zip(&words)
        .filter(|(n, _)| **n <= RARE_WORD)
        .min_by_key(|(n, _)| **n)
        .map(|(_, w)| w.as_str());
    let piece = rarest.unwrap_or(&needle);
    let found: Vec<CustomerId> = match conn {
        DbConn::Sqlite(sqlite) => {
            // The index alone first (one evaluation of the phrase): more rows than the limit are
            // then not joined to their customers only to be set aside.
            #[derive(QueryableByName)]
            struct Row {
                #[diesel(sql_type = BigInt)]
                rowid: i64,
            }
            let rows: Vec<i64> = diesel::sql_query(FTS_ROWS)
                .bind::<Text, _>(fts_phrase(piece))
                .bind::<BigInt, _>(limit)
                .load::<Row>(sqlite)?
                .into_iter()
                .map(|r| r.rowid)
                .collect();
            if rows.is_empty() {
                return Ok(Some(Vec::new()));
            }
            if i64::try_from(rows.len()).unwrap_or(i64::MAX) > CANDIDATE_LIMIT {
                return Ok(None);
            }
            #[derive(QueryableByName)]
            struct Candidate {
                #[diesel(sql_type = Text)]
                customer_id: CustomerId,
            }
            let keys = vec!["?"; rows.len()].join(", ");
            let mut query = diesel::sql_query(format!(
                "SELECT k.customer_id AS customer_id FROM customers_fts_keys k \
                 JOIN customers c ON c.id = k.customer_id \
                 WHERE k.id IN ({keys}) AND instr(c.search, ?) > 0"
            ))
            .into_boxed::<diesel::sqlite::Sqlite>();
            for row in rows {
                query = query.bind::<BigInt, _>(row);
            }
            query
                .bind::<Text, _>(&needle)
                .load::<Candidate>(sqlite)?
                .into_iter()
                .map(|c| c.customer_id)
                .collect()
        }
        DbConn::Postgres(_) => trigram_candidates(piece, &needle, limit).load(conn)?,
    };
    let within = i64::try_from(found.len()).unwrap_or(i64::MAX) <= CANDIDATE_LIMIT;
    Ok(within.then_some(found))
}

/// The search's words that both indexes can look up: runs of at least [`TRIGRAM_RUN`] letters or
/// digits (pg_trgm takes its trigrams from such runs), each once, the longest [`WORD_PROBES`].
pub(super) fn indexed_words(needle: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in needle.split(|c: char| !c.is_alphanumeric()) {
        if word.chars().count() >= TRIGRAM_RUN && !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.truncate(WORD_PROBES);
    words
}

/// How many customers hold each word, counting no further than [`RARE_WORD`] + 1 (one statement;
/// each count stops at its limit).
pub(super) fn word_counts(conn: &mut DbConn, words: &[String]) -> QueryResult<Vec<i64>> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        i: i64,
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let cap = RARE_WORD + 1;
    let mut counts: Vec<Count> = match conn {
        DbConn::Sqlite(sqlite) => {
            let sql = (0..words.len())
                .map(|i| {
                    format!(
                        "SELECT {i} AS i, count(*) AS n FROM (SELECT rowid FROM customers_fts \
                         WHERE customers_fts MATCH ? LIMIT {cap})"
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            let mut query = diesel::sql_query(sql).into_boxed::<diesel::sqlite::Sqlite>();
            for word in words {
                query = query.bind::<Text, _>(fts_phrase(word));
            }
            query.load(sqlite)?
        }
        DbConn::Postgres(pg) => {
            let sql = (0..words.len())
                .map(|i| {
                    format!(
                        "SELECT {i}::bigint AS i, count(*) AS n FROM (SELECT 1 FROM customers \
                         WHERE search LIKE ${} ESCAPE '\\' LIMIT {cap}) t{i}",
                        i + 1
                    )
                })
                .collect::<Vec<_>>()
                .join(" UNION ALL ");
            let mut query = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>();
            for word in words {
                query = query.bind::<Text, _>(like_pattern(word));
            }
            query.load(pg)?
        }
    };
    counts.sort_by_key(|c| c.i);
    Ok(counts.into_iter().map(|c| c.n).collect())
}

/// SQLite: the FTS5 trigram index finds the rows holding a part of the search (a phrase: the
/// part as it is written); then `instr` keeps those whose text holds the whole search (the exact,
/// literal match PostgreSQL makes too).
pub(super) const FTS_ROWS: &str =
    "SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?";

/// An FTS5 phrase matching `text` literally (inside double quotes only `"` is special).
pub(super) fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

diesel::define_sql_function! {
    /// PostgreSQL's `strpos()`: where a literal text starts in another (0: nowhere). Not
    /// answered by the trigram index, so the index is asked only for the part chosen.
    fn strpos(haystack: Text, needle: Text) -> diesel::sql_types::Integer;
}

/// PostgreSQL: pg_trgm's GIN index finds the rows holding a part of the search, `strpos` keeps
/// those whose text holds the whole search.
pub(super) fn trigram_candidates(
    piece: &str,
    needle: &str,
    limit: i64,
) -> customers::BoxedQuery<'static, MultiBackend, Text> {
    customers::table
        .filter(customers::search.like(like_pattern(piece)).escape('\\'))
        .filter(strpos(customers::search, needle.to_owned()).gt(0))
        .select(customers::id)
        .limit(limit)
        .into_boxed()
}

/// The customer's search text holds `needle` (case-folded here) literally: `instr` (SQLite) or
/// `strpos` (PostgreSQL). Not `LIKE`: PostgreSQL estimates a LIKE of rare text from its statistics
/// and would then read every customer for it rather than walk the partner's list in order (58 ms
/// for "zq" at 100,000 customers); a function's result it cannot estimate, and walks.
pub(super) fn search_holds<QS>(dialect: Dialect, needle: &str) -> Condition<QS> {
    let function = match dialect {
        Dialect::Sqlite => "instr",
        Dialect::Postgres => "strpos",
    };
    let mut sql = Sql::new(function);
    sql.sql("(customers.search, ")
        .text(fold_case(needle))
        .sql(") > 0");
    Box::new(sql.condition())
}

#[cfg(test)]
mod tests {
    use super::super::{fold_case, search_text};
    use super::{indexed_words, trigram_searchable};

    #[test]
    fn search_text_folds_case_per_character_on_every_field() {
        assert_eq!(
            search_text("ŁÓDŹ Straße ÉCOLE", "Lodz.Example", "ABC-1"),
            "łódź straße école\nlodz.example\nabc-1"
        );
        // A part's fold is a part of the whole's fold (no final-sigma rule).
        let whole = fold_case("ΟΔΟΣ ΑΒ");
        assert!(whole.contains(&fold_case("ΟΔΟΣ")));
    }

    #[test]
    fn a_search_is_looked_up_by_its_longest_words_of_three_letters_or_digits() {
        assert_eq!(indexed_words("-4242.onmicrosoft"), ["onmicrosoft", "4242"]);
        assert_eq!(indexed_words("coho labs 99"), ["coho", "labs"]);
        assert_eq!(indexed_words("łódź sp. z o.o."), ["łódź"]);
        assert_eq!(indexed_words("abc abc ab"), ["abc"]);
        assert_eq!(
            indexed_words("aaa bbbb ccccc dddddd eeeeeee"),
            ["eeeeeee", "dddddd", "ccccc", "bbbb"]
        );
        assert!(indexed_words("ab.cd %%%").is_empty());
    }

    #[test]
    fn trigram_search_needs_three_letters_or_digits_in_a_row() {
        for yes in ["abc", "a.abc", "łód", "99x", "coho labs"] {
            assert!(trigram_searchable(yes), "{yes}");
        }
        for no in ["", "ab", "a b c", "%%%", "a_a%", "ab.cd", "Łó"] {
            assert!(!trigram_searchable(no), "{no}");
        }
    }
}
