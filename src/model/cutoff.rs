//! Points in time the sweeps compare against: "N days ago", a day range for statistics, and the
//! `<input type="date">` / `<input type="datetime-local">` values they are entered with. All of it
//! is UTC, as everything Curator shows.

use super::TimestampMs;
use crate::i18n::{t, tf, T};
use chrono::{NaiveDate, Utc};

pub const DAY_MS: i64 = 86_400_000;

impl TimestampMs {
    /// `days` whole days before this instant (never below the epoch).
    pub fn days_before(self, days: u32) -> TimestampMs {
        TimestampMs((self.0 - i64::from(days) * DAY_MS).max(0))
    }

    /// The value of a `datetime-local` input showing this instant in UTC: `2026-11-22T20:13`.
    pub fn to_input_value(self) -> String {
        use chrono::{Datelike, Timelike};
        // By hand: chrono's format machinery costs ~10 KB of wasm.
        self.to_datetime()
            .map(|d| {
                format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}",
                    d.year(),
                    d.month(),
                    d.day(),
                    d.hour(),
                    d.minute()
                )
            })
            .unwrap_or_default()
    }

    /// Parses a `datetime-local` value (`2026-11-22T20:13`, seconds optional) as UTC.
    pub fn from_input_value(value: &str) -> Option<TimestampMs> {
        let (day, time) = value.trim().split_once('T')?;
        let mut hms = time.split(':').map(|p| p.parse::<u32>().ok());
        let (h, m) = (hms.next()??, hms.next()??);
        let s = hms.next().unwrap_or(Some(0))?;
        if hms.next().is_some() {
            return None;
        }
        let t = parse_day(day)?.and_hms_opt(h, m, s)?;
        Some(TimestampMs(t.and_utc().timestamp_millis()))
    }
}

/// Synapse refuses a `before_ts` below this as "from the year 1970": seconds were sent.
pub const MIN_MS_TIMESTAMP: i64 = super::limits::YEAR_1971_MS;

/// How far ahead of the clock a cutoff may be: the "now" preset rounds up to the next minute.
const FUTURE_SLACK_MS: i64 = 60_000;

/// A cutoff the admin picked for a sweep, checked before anything is sent.
pub fn check_cutoff(cutoff: Option<TimestampMs>) -> Result<TimestampMs, String> {
    check_cutoff_at(cutoff, now())
}

/// [`check_cutoff`] against a given clock: from 1971 on, and not in the future.
pub fn check_cutoff_at(
    cutoff: Option<TimestampMs>,
    now: TimestampMs,
) -> Result<TimestampMs, String> {
    match cutoff {
        None => Err(t(T::MsgPickCutoff)),
        Some(c) if c.0 < MIN_MS_TIMESTAMP => {
            Err(tf(T::MsgCutoffTooEarly, &[("time", &c.display_utc())]))
        }
        Some(c) if c.0 > now.0 + FUTURE_SLACK_MS => {
            Err(tf(T::MsgCutoffInFuture, &[("time", &c.display_utc())]))
        }
        Some(c) => Ok(c),
    }
}

/// Whole UTC days, as `<input type="date">` gives them; both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayRange {
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// Reads `2026-11-22`; blank or malformed is `None`.
pub fn parse_day(value: &str) -> Option<NaiveDate> {
    let mut parts = value.trim().split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// `2026-11-22`, for a date input.
pub fn day_value(day: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day())
}

impl DayRange {
    pub fn parse(from: Option<&str>, until: Option<&str>) -> Self {
        DayRange {
            from: from.and_then(parse_day),
            until: until.and_then(parse_day),
        }
    }

    /// The first millisecond of the `from` day.
    pub fn from_ts(&self) -> Option<TimestampMs> {
        self.from
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| TimestampMs(t.and_utc().timestamp_millis()))
    }

    /// The last millisecond of the `until` day, so that day's uploads are in.
    pub fn until_ts(&self) -> Option<TimestampMs> {
        self.until
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 999))
            .map(|t| TimestampMs(t.and_utc().timestamp_millis()))
    }

    /// An inverted range is refused here, with what to do, instead of by Synapse's 400.
    pub fn check(&self) -> Result<(), String> {
        use chrono::Datelike;
        for day in [self.from, self.until].into_iter().flatten() {
            if !(1970..=9999).contains(&day.year()) {
                return Err(tf(T::MsgDayOutOfRange, &[("day", &day_value(day))]));
            }
        }
        match (self.from, self.until) {
            (Some(f), Some(u)) if u < f => Err(tf(
                T::MsgRangeInverted,
                &[("until", &day_value(u)), ("from", &day_value(f))],
            )),
            _ => Ok(()),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }
}

/// Now, as the browser's clock says (natively: the system clock, for tests).
pub fn now() -> TimestampMs {
    TimestampMs(Utc::now().timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_before_subtracts_whole_days_and_stops_at_the_epoch() {
        let now = TimestampMs(1_795_371_510_000);
        assert_eq!(
            now.days_before(30),
            TimestampMs(1_795_371_510_000 - 30 * DAY_MS)
        );
        assert_eq!(now.days_before(0), now);
        assert_eq!(TimestampMs(1000).days_before(1), TimestampMs(0));
    }

    #[test]
    fn input_values_round_trip_in_utc() {
        let t = TimestampMs::from_input_value("2026-11-22T20:13").unwrap();
        assert_eq!(t.display_utc(), "2026-11-22 20:13 UTC");
        assert_eq!(t.to_input_value(), "2026-11-22T20:13");
        assert_eq!(
            TimestampMs::from_input_value("2026-11-22T20:13:30"),
            Some(TimestampMs(t.0 + 30_000))
        );
        assert_eq!(TimestampMs::from_input_value(""), None);
        assert_eq!(TimestampMs::from_input_value("yesterday"), None);
    }

    #[test]
    fn cutoffs_in_seconds_are_refused_before_synapse_sees_them() {
        assert!(check_cutoff(None).is_err());
        let secs = check_cutoff(Some(TimestampMs(1_795_371_510))).unwrap_err();
        assert!(secs.contains("too early"), "{secs}");
        assert_eq!(
            check_cutoff(Some(TimestampMs(1_795_371_510_000))),
            Ok(TimestampMs(1_795_371_510_000))
        );
        // 1970-12-31T23:59Z is still too early; 1971-01-01 is the first accepted instant.
        assert!(check_cutoff(Some(TimestampMs(31_535_940_000))).is_err());
        assert!(check_cutoff(Some(TimestampMs(31_536_000_000))).is_ok());
        assert!(check_cutoff(Some(TimestampMs(-1))).is_err());
    }

    #[test]
    fn cutoffs_in_the_future_are_refused() {
        let now = TimestampMs(1_795_996_800_000);
        assert!(check_cutoff_at(Some(now), now).is_ok());
        assert!(check_cutoff_at(Some(TimestampMs(now.0 + 60_000)), now).is_ok());
        let e = check_cutoff_at(Some(TimestampMs(now.0 + 3_600_000)), now).unwrap_err();
        assert!(e.contains("future"), "{e}");
        assert!(check_cutoff_at(Some(TimestampMs(i64::MAX)), now).is_err());
    }

    #[test]
    fn day_ranges_cover_whole_days_and_refuse_inversion() {
        let r = DayRange::parse(Some("2026-11-01"), Some("2026-11-01"));
        let (from, until) = (r.from_ts().unwrap(), r.until_ts().unwrap());
        assert_eq!(from.display_utc(), "2026-11-01 00:00 UTC");
        assert_eq!(until.0 - from.0, DAY_MS - 1);
        assert!(r.check().is_ok());
        let inverted = DayRange::parse(Some("2026-11-02"), Some("2026-11-01"));
        assert!(inverted.check().unwrap_err().contains("before it starts"));
        for far in ["1969-12-31", "0001-01-01", "10000-01-01", "+275760-09-13"] {
            let r = DayRange {
                from: parse_day(far).or(NaiveDate::from_ymd_opt(10_000, 1, 1)),
                until: None,
            };
            assert!(r.check().unwrap_err().contains("1970 to 9999"), "{far}");
        }
        assert!(DayRange::parse(Some("1970-01-01"), Some("9999-12-31"))
            .check()
            .is_ok());
        let open = DayRange::parse(Some(""), Some("nonsense"));
        assert!(open.is_empty() && open.check().is_ok());
        assert_eq!(open.from_ts(), None);
    }
}
