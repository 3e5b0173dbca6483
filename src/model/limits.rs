//! The ranges every number field of Curator accepts, in one place, each with the sentence a
//! person sees when a value falls outside it. The bounds are what Synapse can take: sizes are
//! signed 64-bit integers there, and a day count must not reach back before 1971.

use super::cutoff::DAY_MS;
use crate::i18n::{t, tf, tn, P, T};

/// A whole-number field: what it is called (a catalog key) and the values it accepts (both
/// ends included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberField {
    pub label: T,
    pub min: u64,
    pub max: u64,
}

/// Milliseconds of 1971-01-01T00:00Z: Synapse refuses earlier `before_ts` cutoffs.
pub const YEAR_1971_MS: i64 = 31_536_000_000;

/// "Keep for N days" and "not accessed for N days": 20,000 days reach back to 1971 at the
/// earliest, so `now - days` never goes below what Synapse accepts (nor below zero).
pub const DAYS: NumberField = NumberField {
    label: T::MsgDays,
    min: 1,
    max: 20_000,
};

/// "Larger than (in bytes)": Synapse compares with a signed 64-bit column, so 2^63 and more
/// would fail every time.
pub const SIZE_BYTES: NumberField = NumberField {
    label: T::MsgLargerThanField,
    min: 0,
    max: i64::MAX as u64,
};

/// Requests in flight per job.
pub const CONCURRENCY: NumberField = NumberField {
    label: T::MsgRequestsInFlight,
    min: 1,
    max: 16,
};

/// A list's page number (1-based), so that an offset stays far inside what Synapse takes.
pub const PAGE_NUMBER: NumberField = NumberField {
    label: T::MsgPage,
    min: 1,
    max: 1_000_000,
};

impl NumberField {
    /// Reads a whole number typed by a person: digits only (blanks around them are ignored);
    /// signs, decimals, exponents and out-of-range values are refused with [`Self::rule`].
    pub fn parse(&self, text: &str) -> Result<u64, String> {
        let t = text.trim();
        if t.is_empty() || t.len() > 20 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.rule());
        }
        t.parse::<u64>()
            .ok()
            .filter(|n| (self.min..=self.max).contains(n))
            .ok_or_else(|| self.rule())
    }

    /// The same, for a field whose values fit in a `u32`.
    pub fn parse_u32(&self, text: &str) -> Result<u32, String> {
        self.parse(text)
            .and_then(|n| u32::try_from(n).map_err(|_| self.rule()))
    }

    /// "Days is a whole number from 1 to 20000." The bounds without grouping: they are what
    /// is typed.
    pub fn rule(&self) -> String {
        tf(
            T::MsgNumberRule,
            &[
                ("field", &t(self.label)),
                ("min", &self.min.to_string()),
                ("max", &self.max.to_string()),
            ],
        )
    }
}

/// A cutoff of `days` days before `now_ms`, checked: never before 1971 (and so never negative).
pub fn days_ago_ms(now_ms: i64, days: u32) -> Result<i64, String> {
    let t = now_ms - i64::from(days) * DAY_MS;
    if t < YEAR_1971_MS {
        Err(tn(P::MsgDaysAgoBefore1971, u64::from(days), &[]))
    } else {
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_numbers_are_refused_with_the_rule() {
        for bad in [
            "",
            " ",
            "-1",
            "+5",
            "1.5",
            "1e3",
            "0x10",
            "１２",
            "1 000",
            "1,000",
            "NaN",
            "inf",
            "20001",
            "99999999999999999999",
            "184467440737095516160",
        ] {
            assert_eq!(DAYS.parse(bad), Err(DAYS.rule()), "{bad:?}");
        }
        assert_eq!(DAYS.parse(" 30 "), Ok(30));
        assert_eq!(
            DAYS.parse("0"),
            Err("Days is a whole number from 1 to 20000.".into())
        );
        assert_eq!(DAYS.parse("20000"), Ok(20_000));
    }

    #[test]
    fn sizes_stay_below_two_to_the_63() {
        assert_eq!(SIZE_BYTES.parse("0"), Ok(0));
        assert_eq!(
            SIZE_BYTES.parse("9223372036854775807"),
            Ok(9_223_372_036_854_775_807)
        );
        for bad in [
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
        ] {
            assert!(SIZE_BYTES.parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn concurrency_and_pages_have_bounds() {
        assert!(CONCURRENCY.parse("0").is_err());
        assert!(CONCURRENCY.parse("17").is_err());
        assert_eq!(CONCURRENCY.parse("16"), Ok(16));
        assert_eq!(PAGE_NUMBER.parse_u32("2"), Ok(2));
        assert!(PAGE_NUMBER.parse_u32("4294967296").is_err());
        assert!(PAGE_NUMBER.parse_u32("1000001").is_err());
    }

    #[test]
    fn day_cutoffs_never_reach_before_1971() {
        // 2026-11-30T00:00Z
        let now = 1_795_996_800_000;
        assert_eq!(days_ago_ms(now, 1), Ok(now - DAY_MS));
        assert!(days_ago_ms(now, DAYS.max as u32).is_ok());
        assert!(days_ago_ms(now, 21_000).is_err());
        assert!(days_ago_ms(now, u32::MAX).is_err());
    }
}
