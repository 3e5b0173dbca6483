//! CSV the admin can open in a spreadsheet: RFC 4180 quoting, CRLF line ends, and a guard
//! against formula injection, since labels and display names are chosen by users.

/// Appends one row of fields and its CRLF.
pub fn push_row<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, f);
    }
    out.push_str("\r\n");
}

/// A field that a spreadsheet would read as a formula gets a leading `'`. A Matrix user id
/// starts with `@` too; it is left as it is unless it carries what a formula needs.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_needs_quoting_and_guards_formulas() {
        let mut out = String::new();
        push_row(&mut out, ["plain", "a,b", "say \"hi\"", "line\nbreak"]);
        push_row(&mut out, ["=1+1", "-2", "@alice:localhost", "@SUM(1)|x"]);
        assert_eq!(
            out,
            "plain,\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\"\r\n'=1+1,'-2,@alice:localhost,'@SUM(1)|x\r\n"
        );
    }
}
