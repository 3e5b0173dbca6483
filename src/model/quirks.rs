//! Named decoders for Synapse's inconsistencies, one helper per quirk, each tested with the
//! bodies a real server sent.

use super::TimestampMs;
use serde::de::{self, Deserializer};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(untagged)]
enum BoolLike {
    Bool(bool),
    Int(i64),
}

impl BoolLike {
    fn into_bool<E: de::Error>(self) -> Result<bool, E> {
        match self {
            BoolLike::Bool(b) => Ok(b),
            BoolLike::Int(0) => Ok(false),
            BoolLike::Int(1) => Ok(true),
            BoolLike::Int(n) => Err(E::custom(crate::i18n::tf(
                crate::i18n::T::MsgExpectedBool,
                &[("value", &n.to_string())],
            ))),
        }
    }
}

/// `true`/`false`, or `0`/`1` as Synapse on SQLite sends them; `null` or absent is `false`.
pub fn bool_or_int<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Option::<BoolLike>::deserialize(d)?.map_or(Ok(false), BoolLike::into_bool)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TokenLike {
    Int(u64),
    Str(String),
}

/// A pagination token that is an integer offset in some endpoints and a string in others
/// (`"2"` in `v2/users`); `null` or absent means "no more pages".
pub fn next_token<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<TokenLike>::deserialize(d)? {
        None => Ok(None),
        Some(TokenLike::Int(n)) => Ok(Some(n)),
        Some(TokenLike::Str(s)) => s.parse().map(Some).map_err(|_| {
            de::Error::custom(crate::i18n::tf(
                crate::i18n::T::MsgExpectedPageToken,
                &[("value", &format!("{s:?}"))],
            ))
        }),
    }
}

/// A time that this endpoint reports in seconds (`creation_ts` of `v2/users/<id>`).
pub fn secs_as_ms<'de, D: Deserializer<'de>>(d: D) -> Result<Option<TimestampMs>, D::Error> {
    Ok(Option::<i64>::deserialize(d)?.map(TimestampMs::from_secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct Flags {
        #[serde(default, deserialize_with = "bool_or_int")]
        a: bool,
        #[serde(default, deserialize_with = "bool_or_int")]
        b: bool,
        #[serde(default, deserialize_with = "bool_or_int")]
        c: bool,
        #[serde(default, deserialize_with = "bool_or_int")]
        d: bool,
    }

    #[test]
    fn booleans_may_be_integers_or_null() {
        let f: Flags = serde_json::from_str(r#"{"a":1,"b":false,"c":null}"#).unwrap();
        assert!(f.a && !f.b && !f.c && !f.d);
        let t: Flags = serde_json::from_str(r#"{"a":true,"b":0,"c":1,"d":true}"#).unwrap();
        assert!(t.a && !t.b && t.c && t.d);
        assert!(serde_json::from_str::<Flags>(r#"{"a":2}"#).is_err());
    }

    #[derive(Deserialize, Debug)]
    struct Paged {
        #[serde(default, deserialize_with = "next_token")]
        next_token: Option<u64>,
    }

    #[test]
    fn tokens_may_be_integers_or_strings() {
        let p = |s| serde_json::from_str::<Paged>(s).unwrap().next_token;
        assert_eq!(p(r#"{"next_token":2}"#), Some(2));
        assert_eq!(p(r#"{"next_token":"100"}"#), Some(100));
        assert_eq!(p(r#"{}"#), None);
        assert_eq!(p(r#"{"next_token":null}"#), None);
        assert!(serde_json::from_str::<Paged>(r#"{"next_token":"abc"}"#).is_err());
    }

    #[derive(Deserialize)]
    struct Created {
        #[serde(default, deserialize_with = "secs_as_ms")]
        creation_ts: Option<TimestampMs>,
    }

    #[test]
    fn seconds_become_milliseconds() {
        let c: Created = serde_json::from_str(r#"{"creation_ts":1795371512}"#).unwrap();
        assert_eq!(c.creation_ts, Some(TimestampMs(1_795_371_512_000)));
        let n: Created = serde_json::from_str(r#"{"creation_ts":null}"#).unwrap();
        assert_eq!(n.creation_ts, None);
    }
}
