//! Reading Synapse's quarantine change feed newest first.
//!
//! The feed is oldest first: `from` is a stream position, each answer holds at most
//! [`FEED_PAGE`] changes after it and a `next_batch` to continue from. To show the newest
//! changes first, Curator walks the feed once to its end, remembering only where each page
//! starts. Every page but the last is full, so change number `r` (0 = oldest) is on feed page
//! `r / 100`, and any screen of 100 changes counted from the newest needs at most two reads.

/// Changes per answer (fixed by Synapse) and per screen.
pub const FEED_PAGE: usize = 100;

/// Where each feed page starts, and how many changes the last one held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedIndex {
    starts: Vec<u64>,
    last_len: usize,
    complete: bool,
}

impl Default for FeedIndex {
    fn default() -> Self {
        FeedIndex {
            starts: vec![0],
            last_len: 0,
            complete: false,
        }
    }
}

/// The reads one screen needs: the feed pages starting at `reads`, concatenated, then `take`
/// changes after skipping `skip`; shown reversed (newest first). `first` numbers the oldest of
/// them in the whole feed (0-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub reads: Vec<u64>,
    pub skip: usize,
    pub take: usize,
    pub first: u64,
}

impl FeedIndex {
    /// The `from` of the next read while walking; `None` once the end was reached.
    pub fn next_from(&self) -> Option<u64> {
        (!self.complete).then(|| *self.starts.last().unwrap_or(&0))
    }

    /// Takes in the answer to a read from [`Self::next_from`]: `len` changes and `next_batch`.
    pub fn add_page(&mut self, len: usize, next_batch: u64) {
        let from = *self.starts.last().unwrap_or(&0);
        // A full page means more may follow; a position that does not advance would loop.
        if len >= FEED_PAGE && next_batch > from {
            self.starts.push(next_batch);
            self.last_len = 0;
        } else {
            self.last_len = len.min(FEED_PAGE);
            self.complete = true;
        }
    }

    /// Reads the last page again and onwards, for changes made since ("Refresh").
    pub fn reopen(&mut self) {
        self.complete = false;
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// Changes known so far.
    pub fn total(&self) -> u64 {
        (self.starts.len() as u64 - 1) * FEED_PAGE as u64 + self.last_len as u64
    }

    /// Screens of [`FEED_PAGE`] changes (at least one, which may be empty).
    pub fn screens(&self) -> u64 {
        self.total().div_ceil(FEED_PAGE as u64).max(1)
    }

    /// Screen `k`, counted from the newest (0); `None` past the oldest.
    pub fn screen(&self, k: u64) -> Option<Screen> {
        let page = FEED_PAGE as u64;
        let total = self.total();
        let hi = total.checked_sub(k.checked_mul(page)?)?;
        if hi == 0 {
            return (k == 0).then(|| Screen {
                reads: Vec::new(),
                skip: 0,
                take: 0,
                first: 0,
            });
        }
        let lo = hi.saturating_sub(page);
        let (p_lo, p_hi) = ((lo / page) as usize, ((hi - 1) / page) as usize);
        Some(Screen {
            reads: self.starts.get(p_lo..=p_hi)?.to_vec(),
            skip: (lo - p_lo as u64 * page) as usize,
            take: (hi - lo) as usize,
            first: lo,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walked(pages: &[(usize, u64)]) -> FeedIndex {
        let mut f = FeedIndex::default();
        for &(len, next) in pages {
            assert!(f.next_from().is_some());
            f.add_page(len, next);
        }
        f
    }

    #[test]
    fn an_empty_feed_has_one_empty_screen() {
        let f = walked(&[(0, 1)]);
        assert!(f.is_complete() && f.next_from().is_none());
        assert_eq!((f.total(), f.screens()), (0, 1));
        assert_eq!(f.screen(0).unwrap().reads, Vec::<u64>::new());
        assert_eq!(f.screen(1), None);
    }

    #[test]
    fn walking_follows_next_batch_until_a_short_page() {
        let mut f = FeedIndex::default();
        assert_eq!(f.next_from(), Some(0));
        f.add_page(100, 140);
        assert_eq!(f.next_from(), Some(140));
        f.add_page(100, 260);
        f.add_page(5, 266);
        assert_eq!((f.total(), f.screens()), (205, 3));
        // Newest 100: 5 from the last page and the last 95 of the one before.
        assert_eq!(
            f.screen(0),
            Some(Screen {
                reads: vec![140, 260],
                skip: 5,
                take: 100,
                first: 105
            })
        );
        assert_eq!(
            f.screen(1),
            Some(Screen {
                reads: vec![0, 140],
                skip: 5,
                take: 100,
                first: 5
            })
        );
        assert_eq!(
            f.screen(2),
            Some(Screen {
                reads: vec![0],
                skip: 0,
                take: 5,
                first: 0
            })
        );
        assert_eq!(f.screen(3), None);
    }

    #[test]
    fn full_last_page_and_refresh() {
        let mut f = walked(&[(100, 100), (0, 100)]);
        assert_eq!((f.total(), f.screens()), (100, 1));
        assert_eq!(f.screen(0).unwrap().reads, vec![0]);
        f.reopen();
        assert_eq!(f.next_from(), Some(100));
        f.add_page(3, 103);
        assert_eq!(f.total(), 103);
        assert_eq!(f.screen(0).unwrap().reads, vec![0, 100]);
    }

    #[test]
    fn a_stuck_position_ends_the_walk() {
        let f = walked(&[(100, 0)]);
        assert!(f.is_complete());
        assert_eq!(f.total(), 100);
    }
}
