//! Server-side paging: which slice of a list a page shows, and what the pager offers.

/// Page sizes offered in every list.
pub const PAGE_SIZES: [u32; 4] = [25, 50, 100, 250];
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// A page request: zero-based page index and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub index: u32,
    pub size: u32,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            index: 0,
            size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl Page {
    /// Reads `page` (1-based, as shown to people) and `size` from URL query values; anything
    /// unparsable or outside the offered sizes falls back to the default.
    pub fn from_query(page: Option<&str>, size: Option<&str>) -> Self {
        let index = page
            .and_then(|p| super::limits::PAGE_NUMBER.parse_u32(p).ok())
            .unwrap_or(1)
            - 1;
        let size = size
            .and_then(|s| s.parse::<u32>().ok())
            .filter(|s| PAGE_SIZES.contains(s))
            .unwrap_or(DEFAULT_PAGE_SIZE);
        Page { index, size }
    }

    /// The `page` (1-based) and `size` values of a list's URL; the defaults are left empty, so
    /// [`super::route::with_query`] leaves them out. The inverse of [`Page::from_query`].
    pub fn query_values(self) -> [(&'static str, String); 2] {
        let page = if self.index == 0 {
            String::new()
        } else {
            (self.index + 1).to_string()
        };
        let size = if self.size == DEFAULT_PAGE_SIZE {
            String::new()
        } else {
            self.size.to_string()
        };
        [("page", page), ("size", size)]
    }

    pub fn offset(self) -> u64 {
        u64::from(self.index) * u64::from(self.size)
    }

    /// How many pages `total` items fill (at least one, so an empty list still has a page 1).
    pub fn count(self, total: u64) -> u32 {
        let size = u64::from(self.size.max(1));
        total.div_ceil(size).max(1).min(u64::from(u32::MAX)) as u32
    }

    /// "51–100 of 130" (or "0 of 0").
    pub fn describe(self, shown: usize, total: u64) -> String {
        use crate::i18n::{number, tf, T};
        if shown == 0 {
            return tf(T::MsgNoneOf, &[("total", &number(total))]);
        }
        let first = self.offset() + 1;
        let last = self.offset() + shown as u64;
        tf(
            T::MsgRangeOf,
            &[
                ("first", &number(first)),
                ("last", &number(last)),
                ("total", &number(total)),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_checked() {
        assert_eq!(
            Page::from_query(Some("3"), Some("25")),
            Page { index: 2, size: 25 }
        );
        assert_eq!(Page::from_query(Some("0"), Some("7")), Page::default());
        assert_eq!(Page::from_query(None, Some("x")), Page::default());
        for hostile in ["-1", "4294967295", "1000001", "1e9", "+2", " 2x"] {
            assert_eq!(
                Page::from_query(Some(hostile), Some("99999999999")),
                Page::default()
            );
        }
    }

    #[test]
    fn offsets_counts_and_descriptions() {
        let p = Page { index: 1, size: 50 };
        assert_eq!(p.offset(), 50);
        assert_eq!(p.count(130), 3);
        assert_eq!(p.count(0), 1);
        assert_eq!(p.describe(50, 130), "51–100 of 130");
        assert_eq!(Page::default().describe(0, 0), "0 of 0");
    }
}

/// Sort direction, as Synapse's `dir` parameter spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDir {
    #[default]
    Forward,
    Backward,
}

/// A list query the server sorts: the column and direction it asks for, and the same query
/// sorted another way, from its first page.
pub trait Sorted: Clone {
    type Order: Copy + PartialEq;

    /// The query's sort column, direction and page, to change.
    fn sort_fields(&mut self) -> (&mut Self::Order, &mut SortDir, &mut Page);

    /// The column's name in Synapse's `order_by` (and in Curator's URLs).
    fn order_param(order: Self::Order) -> &'static str;

    fn page(&self) -> Page {
        *self.clone().sort_fields().2
    }

    fn sorting(&self) -> (Self::Order, SortDir) {
        let mut q = self.clone();
        let (order, dir, _) = q.sort_fields();
        (*order, *dir)
    }

    fn sorted(&self, order: Self::Order, dir: SortDir) -> Self {
        let mut q = self.clone();
        let (o, d, page) = q.sort_fields();
        (*o, *d, page.index) = (order, dir, 0);
        q
    }
}

impl SortDir {
    pub fn as_param(self) -> &'static str {
        match self {
            SortDir::Forward => "f",
            SortDir::Backward => "b",
        }
    }

    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("b") => SortDir::Backward,
            _ => SortDir::Forward,
        }
    }

    pub fn flip(self) -> Self {
        match self {
            SortDir::Forward => SortDir::Backward,
            SortDir::Backward => SortDir::Forward,
        }
    }

    /// The arrow a sorted column header shows.
    pub fn arrow(self) -> &'static str {
        match self {
            SortDir::Forward => "▲",
            SortDir::Backward => "▼",
        }
    }
}
