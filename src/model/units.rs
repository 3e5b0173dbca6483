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
    /// "1.5 MiB", "999 B": at most one decimal, binary units.
    pub fn human(self) -> String {
        const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        if self.0 < 1024 {
            return format!("{} B", self.0);
        }
        let mut value = self.0 as f64 / 1024.0;
        let mut unit = 0;
        while value >= 1024.0 && unit < UNITS.len() - 1 {
            value /= 1024.0;
            unit += 1;
        }
        if value < 10.0 {
            format!("{:.1} {}", value, UNITS[unit])
        } else {
            format!("{:.0} {}", value, UNITS[unit])
        }
    }

    /// "12,345 bytes", for a tooltip.
    pub fn exact(self) -> String {
        format!("{} bytes", group_thousands(self.0))
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

    /// "2026-11-22 20:13 UTC": unambiguous for admins in different time zones.
    pub fn display_utc(self) -> String {
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
        assert_eq!(ByteSize(1023).human(), "1023 B");
        assert_eq!(ByteSize(1024).human(), "1.0 KiB");
        assert_eq!(ByteSize(1536).human(), "1.5 KiB");
        assert_eq!(ByteSize(200 * 1024).human(), "200 KiB");
        assert_eq!(ByteSize(5 * 1024 * 1024 * 1024).human(), "5.0 GiB");
        assert_eq!(ByteSize(1_234_567).exact(), "1,234,567 bytes");
        assert_eq!(group_thousands(100), "100");
        assert_eq!(group_thousands(1000), "1,000");
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
