//! How many rows a list page holds: the reader picks 25, 50 or 100 (`?size=`).

/// Rows per page of a list, as the reader chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    /// 25 rows (the default of the customer and subscription lists).
    #[default]
    Small,
    /// 50 rows.
    Medium,
    /// 100 rows.
    Large,
}

impl PageSize {
    /// Every size, in the order the picker offers them.
    pub const ALL: [Self; 3] = [Self::Small, Self::Medium, Self::Large];

    /// The number of rows.
    pub fn rows(self) -> i64 {
        match self {
            Self::Small => 25,
            Self::Medium => 50,
            Self::Large => 100,
        }
    }

    /// The size a `size=` value asks for: `None` for anything but 25, 50 or 100 (the caller
    /// answers 400 with `page-size-invalid`); an absent or empty value is the default.
    pub fn parse(raw: Option<&str>) -> Option<Self> {
        match raw.map(str::trim).unwrap_or_default() {
            "" => Some(Self::default()),
            "25" => Some(Self::Small),
            "50" => Some(Self::Medium),
            "100" => Some(Self::Large),
            _ => None,
        }
    }

    /// The value of its `size=` parameter; `None` for the default, which links leave out.
    pub fn param(self) -> Option<&'static str> {
        match self {
            Self::Small => None,
            Self::Medium => Some("50"),
            Self::Large => Some("100"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PageSize;

    #[test]
    fn a_page_size_is_25_50_or_100_and_nothing_else() {
        assert_eq!(PageSize::parse(None), Some(PageSize::Small));
        assert_eq!(PageSize::parse(Some(" ")), Some(PageSize::Small));
        for size in PageSize::ALL {
            let raw = size.rows().to_string();
            assert_eq!(PageSize::parse(Some(&raw)), Some(size));
            assert_eq!(size.param().unwrap_or("25"), raw);
        }
        for bad in ["0", "10", "-25", "1000", "fifty", "25.0"] {
            assert_eq!(PageSize::parse(Some(bad)), None, "{bad}");
        }
    }
}
