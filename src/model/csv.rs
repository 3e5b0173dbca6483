//! CSV as spreadsheets read it (RFC 4180, CRLF line ends), with untrusted text defused: a field
//! that a spreadsheet would run as a formula gets a leading `'`.

/// Appends one line of `fields` to `out`.
pub fn push_row(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, f);
    }
    out.push_str("\r\n");
}

/// A Matrix user id starts with `@` too; it is left as it is unless it carries what a formula
/// needs (parentheses, a pipe, a `!` reference, quotes or spaces).
fn needs_guard(field: &str) -> bool {
    match field.chars().next() {
        Some('=' | '+' | '-' | '\t' | '\r') => true,
        Some('@') => field.contains(['(', ')', '|', '!', '"', '\'', ' ', '\t', '\r', '\n']),
        _ => false,
    }
}

fn push_field(out: &mut String, field: &str) {
    let guarded;
    let field = if needs_guard(field) {
        guarded = format!("'{field}");
        &guarded
    } else {
        field
    };
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

/// A time as RFC 3339 in UTC to the second (`2026-11-22T20:13:05Z`); empty when out of range.
pub fn time(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escapes_and_defuses_formulas() {
        let mut out = String::new();
        push_row(
            &mut out,
            &["plain", "a,b", "say \"hi\"", "=SUM(A1)", "line\nbreak", ""],
        );
        push_row(&mut out, &["-2", "+x", "@alice:localhost", "@SUM(1)|x"]);
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",'=SUM(A1),\"line\nbreak\",\r\n\
             '-2,'+x,@alice:localhost,'@SUM(1)|x\r\n"
        );
        assert_eq!(time(0), "1970-01-01T00:00:00Z");
    }
}
