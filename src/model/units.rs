//! Units the admin API speaks in: byte sizes and millisecond timestamps.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A size in bytes, shown in binary units (KiB, MiB, …) with the exact count kept for tooltips.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ByteSize(pub u64);

impl ByteSize {
    /// "1.5 MiB", "999 B": at most one decimal, binary units, the number written the admin's
    /// language's way ("1,5 MiB", "1,5 Mio"; the browser's `Intl` has no binary units, so the
    /// unit's name comes from the catalog).
    pub fn human(self) -> String {
        use crate::i18n::{fmt, lang, tf, T};
        const UNITS: [T; 6] = [
            T::SizeKiB,
            T::SizeMiB,
            T::SizeGiB,
            T::SizeTiB,
            T::SizePiB,
            T::SizeEiB,
        ];
        let lang = lang();
        if self.0 < 1024 {
            return tf(T::SizeB, &[("n", &fmt::number(lang, self.0))]);
        }
        let mut value = self.0 as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit < UNITS.len() - 1 {
            value /= 1024.0;
            unit += 1;
        }
        let n = if value < 10.0 {
            fmt::one_decimal(lang, value)
        } else {
            fmt::number(lang, value.round() as u64)
        };
        tf(UNITS[unit], &[("n", &n)])
    }

    /// "12,345 bytes", for a tooltip.
    pub fn exact(self) -> String {
        crate::i18n::tn(crate::i18n::P::SizeBytes, self.0, &[])
    }
}

impl fmt::Display for ByteSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.human())
    }
}

/// "1,234,567".
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 file", "1,234 files".
pub fn plural(n: usize, word: &str) -> String {
    format!(
        "{} {word}{}",
        group_thousands(n as u64),
        if n == 1 { "" } else { "s" }
    )
}

/// Milliseconds since the Unix epoch, as most of the admin API reports time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimestampMs(pub i64);

impl TimestampMs {
    /// Synapse reports some times in seconds (e.g. `creation_ts` of `v2/users/<id>`).
    pub fn from_secs(secs: i64) -> Self {
        TimestampMs(secs.saturating_mul(1000))
    }

    pub fn to_datetime(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.0)
    }

    /// "22 Nov 2026, 20:13 UTC" in the admin's language (the browser's `Intl`), always in UTC
    /// and 24 hours: unambiguous for admins in different time zones. Outside a browser (tests)
    /// "2026-11-22 20:13 UTC".
    pub fn display_utc(self) -> String {
        if let Some(s) = crate::i18n::fmt::date_time_utc(crate::i18n::lang(), self.0) {
            return s;
        }
        self.iso_utc()
    }

    /// How long before (or after) `now` this was, in the admin's language: minutes under an
    /// hour, hours under a day, else days ("5 minutes ago", "3 hours ago", "12 days ago").
    pub fn from(self, now: TimestampMs) -> String {
        use crate::i18n::fmt::{from_now, TimeUnit};
        const MINUTE: i64 = 60_000;
        let diff = self.0.saturating_sub(now.0);
        let (value, unit) = match diff.unsigned_abs() {
            d if d < 3_600_000 => (diff / MINUTE, TimeUnit::Minute),
            d if d < 86_400_000 => (diff / (60 * MINUTE), TimeUnit::Hour),
            _ => (diff / (1440 * MINUTE), TimeUnit::Day),
        };
        from_now(crate::i18n::lang(), value, unit)
    }

    /// "2026-11-22 20:13 UTC", whatever the language.
    pub fn iso_utc(self) -> String {
        use chrono::{Datelike, Timelike};
        // Formatted by hand: chrono's strftime machinery costs ~10 KB of wasm.
        match self.to_datetime() {
            Some(d) => format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                d.year(),
                d.month(),
                d.day(),
                d.hour(),
                d.minute()
            ),
            None => format!("{} ms", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_person_writes_them() {
        assert_eq!(ByteSize(0).human(), "0 B");
        assert_eq!(ByteSize(1023).human(), "1,023 B");
        assert_eq!(ByteSize(1024).human(), "1.0 KiB");
        assert_eq!(ByteSize(1536).human(), "1.5 KiB");
        assert_eq!(ByteSize(200 * 1024).human(), "200 KiB");
        assert_eq!(ByteSize(5 * 1024 * 1024 * 1024).human(), "5.0 GiB");
        assert_eq!(ByteSize(1_234_567).exact(), "1,234,567 bytes");
        assert_eq!(group_thousands(100), "100");
        assert_eq!(group_thousands(1000), "1,000");
    }

    #[test]
    fn relative_times_pick_minutes_hours_or_days() {
        let now = TimestampMs(1_795_371_510_000);
        let ago = |ms: i64| TimestampMs(now.0 - ms).from(now);
        assert_eq!(ago(5 * 60_000), "5 minutes ago");
        assert_eq!(ago(60_000), "1 minute ago");
        assert_eq!(ago(3 * 3_600_000 + 59_000), "3 hours ago");
        assert_eq!(ago(86_400_000), "yesterday");
        assert_eq!(ago(12 * 86_400_000 + 3_600_000), "12 days ago");
        assert_eq!(TimestampMs(now.0 + 2 * 86_400_000).from(now), "in 2 days");
    }

    #[test]
    fn timestamps_render_in_utc_and_convert_from_seconds() {
        assert_eq!(
            TimestampMs(1_795_371_510_000).display_utc(),
            "2026-11-22 18:18 UTC"
        );
        assert_eq!(
            TimestampMs::from_secs(1_795_371_510),
            TimestampMs(1_795_371_510_000)
        );
    }
}
