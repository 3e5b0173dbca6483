//! Curator's own URLs: the paths of its pages and the query that keeps a list's state, so that
//! back/forward, reload and shared links land on the same view.

use super::media::MediaRef;
use super::paging::Sorted;
use super::{RoomId, UserId};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Decodes a path parameter or query value (`+` is not a space in paths, so it is kept).
pub fn decode(value: &str) -> String {
    percent_decode_str(value).decode_utf8_lossy().into_owned()
}

pub fn user_href(id: &UserId) -> String {
    format!("/users/{}", encode(id.as_str()))
}

pub fn room_href(id: &RoomId) -> String {
    format!("/rooms/{}", encode(id.as_str()))
}

/// The media lookup page of one file.
pub fn media_href(media: &MediaRef) -> String {
    format!(
        "/media/{}/{}",
        encode(media.server.as_str()),
        encode(&media.media_id)
    )
}

/// `path?k=v&…`, leaving out empty values so URLs stay short.
pub fn with_query(path: &str, params: &[(&str, String)]) -> String {
    let query: Vec<String> = params
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{}?{}", path, query.join("&"))
    }
}

/// A server-sorted list's URL: its own filters, then sort and page, each left out when it is
/// what `default` has, so back/forward and reload keep the list and shared URLs stay short.
pub fn list_href<Q: Sorted>(
    path: &str,
    q: &Q,
    default: &Q,
    filters: &[(&'static str, String)],
) -> String {
    let ((order, dir), (d_order, d_dir)) = (q.sorting(), default.sorting());
    let mut params = filters.to_vec();
    params.push((
        "order",
        if order == d_order {
            String::new()
        } else {
            Q::order_param(order).to_owned()
        },
    ));
    params.push((
        "dir",
        if dir == d_dir {
            String::new()
        } else {
            dir.as_param().to_owned()
        },
    ));
    params.extend(q.page().query_values());
    with_query(path, &params)
}

/// The login page's URL that returns to `here` afterwards.
pub fn login_href(here: &str) -> String {
    if here.is_empty() || here == "/" || here.starts_with("/login") {
        "/login".to_owned()
    } else {
        with_query("/login", &[("next", here.to_owned())])
    }
}

/// Where to go after signing in: only a path inside Curator, never another site.
///
/// Browsers read a URL more loosely than it looks: they drop tabs and newlines anywhere, take
/// `\` for `/`, and a router may decode `%5C` or `%2F` once more. So the value is refused when
/// it, or any percent-decoded form of it, could be read as anything but a path on this origin:
/// it must start with one `/`, and hold no backslash or control character (nor, as given, a
/// blank). Whatever is refused goes to the users list. (The login page checks the result once
/// more with the browser's own URL parser.)
pub fn safe_next(next: Option<&str>) -> String {
    const FALLBACK: &str = "/users";
    let Some(next) = next else {
        return FALLBACK.to_owned();
    };
    // Blanks are refused in the value as given; in its decoded forms a space is a query's.
    if next.chars().any(char::is_whitespace) {
        return FALLBACK.to_owned();
    }
    let mut form = next.to_owned();
    // Three rounds of decoding cover every form a router or a server might decode again.
    for _ in 0..3 {
        if !is_plain_local_path(&form) {
            return FALLBACK.to_owned();
        }
        let decoded = percent_decode_str(&form).decode_utf8_lossy().into_owned();
        if decoded == form {
            break;
        }
        form = decoded;
    }
    if !is_plain_local_path(&form) || next.starts_with("/login") {
        return FALLBACK.to_owned();
    }
    next.to_owned()
}

/// One `/` first, then no second one straight after it, and nothing a URL parser skips (tabs,
/// newlines, other control characters) or turns into a `/` (a backslash).
fn is_plain_local_path(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/'))
        && s.len() <= 2048
        && !s
            .chars()
            .any(|c| c == '\\' || c.is_control() || c == '\u{FFFD}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{parse_room_id, parse_user_id};

    #[derive(Clone, PartialEq)]
    struct Q {
        order: u8,
        dir: crate::model::SortDir,
        page: crate::model::Page,
    }

    impl Sorted for Q {
        type Order = u8;
        fn sort_fields(
            &mut self,
        ) -> (&mut u8, &mut crate::model::SortDir, &mut crate::model::Page) {
            (&mut self.order, &mut self.dir, &mut self.page)
        }
        fn order_param(order: u8) -> &'static str {
            ["name", "size"][usize::from(order)]
        }
    }

    #[test]
    fn list_urls_leave_out_defaults_and_round_trip_paging() {
        use crate::model::{Page, SortDir};
        let default = Q {
            order: 0,
            dir: SortDir::Forward,
            page: Page::default(),
        };
        assert_eq!(
            list_href("/x", &default, &default, &[("q", String::new())]),
            "/x"
        );
        let q = Q {
            order: 1,
            dir: SortDir::Backward,
            page: Page { index: 2, size: 25 },
        };
        let url = list_href("/x", &q, &default, &[("q", "a b".into())]);
        assert_eq!(url, "/x?q=a%20b&order=size&dir=b&page=3&size=25");
        let [(_, page), (_, size)] = q.page.query_values();
        assert_eq!(Page::from_query(Some(&page), Some(&size)), q.page);
    }

    #[test]
    fn entity_links_encode_ids() {
        assert_eq!(
            user_href(&parse_user_id("@alice:localhost").unwrap()),
            "/users/%40alice%3Alocalhost"
        );
        assert_eq!(
            room_href(&parse_room_id("!abc/d:x").unwrap()),
            "/rooms/%21abc%2Fd%3Ax"
        );
        assert_eq!(decode("%40alice%3Alocalhost"), "@alice:localhost");
        assert_eq!(
            media_href(&MediaRef::new("127.0.0.1:8448", "abc_D-1").unwrap()),
            "/media/127.0.0.1%3A8448/abc_D-1"
        );
        assert_eq!(decode("@alice:localhost"), "@alice:localhost");
    }

    #[test]
    fn queries_skip_empty_values_and_encode() {
        assert_eq!(
            with_query("/users", &[("q", "".into()), ("page", "2".into())]),
            "/users?page=2"
        );
        assert_eq!(
            with_query("/users", &[("q", "a b&c".into())]),
            "/users?q=a%20b%26c"
        );
        assert_eq!(with_query("/rooms", &[]), "/rooms");
    }

    #[test]
    fn next_is_always_a_local_path() {
        assert_eq!(
            login_href("/users?page=2"),
            "/login?next=%2Fusers%3Fpage%3D2"
        );
        assert_eq!(login_href("/login"), "/login");
        assert_eq!(safe_next(Some("/rooms/%21x")), "/rooms/%21x");
        assert_eq!(safe_next(Some("//evil.example")), "/users");
        assert_eq!(safe_next(Some("https://evil.example")), "/users");
        assert_eq!(safe_next(None), "/users");
    }

    #[test]
    fn next_refuses_every_known_open_redirect_form() {
        let hostile = [
            "//evil.example",
            "///evil.example",
            "/\\evil.example/x",
            "\\/evil.example",
            "/%5Cevil.example/x",
            "/%5cevil.example",
            "/%255Cevil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%252F/evil.example",
            "/\tevil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/\n/evil.example",
            "/%0A/evil.example",
            "/\r/evil.example",
            "/%0d/evil.example",
            "/ /evil.example",
            "/%20/evil.example%0D",
            "/x%2509/",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            " /users",
            "/%E0%A4%A/x",
            "/login",
            "/login?next=//evil.example",
        ];
        for n in hostile {
            assert_eq!(safe_next(Some(n)), "/users", "{n:?} was accepted");
        }
    }

    #[test]
    fn next_keeps_every_path_curator_makes() {
        for n in [
            "/users?page=2",
            "/rooms/%21abc%2Fd%3Ax",
            "/users/%40alice%3Alocalhost/media",
            "/media/127.0.0.1%3A8448/abc_D-1",
            "/rooms?q=Town",
            "/statistics/media?q=a%20b",
        ] {
            assert_eq!(safe_next(Some(n)), n);
        }
    }
}
