//! How values travel in JSON where JavaScript would change them.
//!
//! Ids made by `server::db::new_id` are above 2^53: a JavaScript client (a browser's `JSON.parse`,
//! any integration) reads them as the nearest double and asks for an order that does not exist.
//! Fields marked `#[serde(with = "crate::json::id")]` are written as strings ("73412…") and read
//! from a string or, as older apps and tests send them, a number.

pub mod id {
    use serde::{de, Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(id: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(id)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        d.deserialize_any(IdVisitor)
    }

    pub(super) struct IdVisitor;

    impl de::Visitor<'_> for IdVisitor {
        type Value = i64;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an id, as a string of digits or an integer")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom("id out of range"))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
            // Digits only (an optional minus): no spaces, no "+", no exponent.
            let digits = v.strip_prefix('-').unwrap_or(v);
            if digits.is_empty() || digits.len() > 19 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(E::custom("not an id"));
            }
            v.parse().map_err(|_| E::custom("id out of range"))
        }
    }
}

/// The same for an id that may be absent (`null`).
pub mod opt_id {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(id: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match id {
            Some(id) => s.collect_str(id),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        #[derive(Deserialize)]
        struct Wrap(#[serde(with = "super::id")] i64);
        Ok(Option::<Wrap>::deserialize(d)?.map(|w| w.0))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(with = "super::id")]
        id: i64,
        #[serde(with = "super::opt_id", default)]
        order: Option<i64>,
    }

    #[test]
    fn ids_above_2_53_travel_as_strings_and_come_back_exact() {
        let t = T { id: 137_443_895_234_567_891, order: Some(-5) };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"id":"137443895234567891","order":"-5"}"#);
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), t);
        // Numbers are read too (older apps, hand-written requests), and null for none.
        assert_eq!(serde_json::from_str::<T>(r#"{"id":7,"order":null}"#).unwrap(), T { id: 7, order: None });
        assert_eq!(serde_json::from_str::<T>(r#"{"id":7}"#).unwrap(), T { id: 7, order: None });
        for bad in [
            r#"{"id":"7 "}"#,
            r#"{"id":"+7"}"#,
            r#"{"id":"1e3"}"#,
            r#"{"id":""}"#,
            r#"{"id":"99999999999999999999"}"#,
            r#"{"id":1.5}"#,
            r#"{"id":18446744073709551615}"#,
        ] {
            assert!(serde_json::from_str::<T>(bad).is_err(), "{bad}");
        }
    }
}
