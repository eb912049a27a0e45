//! Ids in JSON. The application's ids (orders, claims, photos) are 64-bit and above 2^53, where a
//! JavaScript number (and any JSON reader that uses doubles) rounds them: a browser script reading
//! an order id would ask for another order. So ids go out as strings of digits, like Twitter's
//! `id_str`, and come in as either a string or an exact number (what older devices kept in their
//! stores). Struct fields use these modules with `#[serde(with = …)]`; server-function arguments,
//! which take no `with`, use [`Id`].

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An id as a server function's argument: a string of digits or an exact JSON number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub i64);

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize(d).map(Id)
    }
}

impl From<i64> for Id {
    fn from(id: i64) -> Self {
        Id(id)
    }
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id: a string of up to 19 digits, or an integer")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
        i64::try_from(v).map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
        // Digits only (an optional minus for the tests' impossible ids): no spaces, no "+", no
        // exponent, at most 20 characters, so nothing but an integer in range is read.
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || v.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(Unexpected::Str(v), &self));
        }
        v.parse().map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }
}

/// An id field: out as a string, in as a string or a number.
pub fn serialize<S: Serializer>(id: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(id)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    d.deserialize_any(IdVisitor)
}

/// An optional id field (`null` stays `null`).
pub mod opt {
    use super::Id;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(id: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        id.map(Id).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Ok(Option::<Id>::deserialize(d)?.map(|id| id.0))
    }
}

/// A list of ids.
pub mod list {
    use super::Id;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ids: &[i64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(ids.iter().map(|id| Id(*id)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i64>, D::Error> {
        Ok(Vec::<Id>::deserialize(d)?.into_iter().map(|id| id.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Row {
        #[serde(with = "super")]
        id: i64,
        #[serde(with = "super::opt", default)]
        photo: Option<i64>,
        #[serde(with = "super::list")]
        evidence: Vec<i64>,
    }

    const BIG: i64 = 123_456_789_012_345_678;

    #[test]
    fn an_id_above_two_to_the_fifty_three_goes_out_as_digits_and_comes_back_exact() {
        let row = Row { id: BIG, photo: Some(BIG + 1), evidence: vec![BIG + 2, 7] };
        let text = serde_json::to_string(&row).unwrap();
        assert_eq!(
            text,
            r#"{"id":"123456789012345678","photo":"123456789012345679","evidence":["123456789012345680","7"]}"#
        );
        assert_eq!(serde_json::from_str::<Row>(&text).unwrap(), row);
        // What a JavaScript client would read: the digits, not a rounded double.
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["id"].as_str().unwrap().parse::<i64>().unwrap(), BIG);
    }

    #[test]
    fn exact_numbers_are_still_read_and_null_stays_none() {
        let row: Row = serde_json::from_value(json!({"id": BIG, "photo": null, "evidence": [1, "2"]})).unwrap();
        assert_eq!(row, Row { id: BIG, photo: None, evidence: vec![1, 2] });
        let row: Row = serde_json::from_value(json!({"id": "5", "evidence": []})).unwrap();
        assert_eq!(row.photo, None);
        assert_eq!(serde_json::from_value::<Id>(json!("-3")).unwrap(), Id(-3));
    }

    #[test]
    fn anything_but_an_integer_in_range_is_refused() {
        for bad in [
            json!(""),
            json!(" 5"),
            json!("+5"),
            json!("1e5"),
            json!("5.0"),
            json!("-"),
            json!("99999999999999999999"),
            json!("0x10"),
            json!(1.5),
            json!(u64::MAX),
            json!(true),
            json!(null),
            json!([1]),
        ] {
            assert!(serde_json::from_value::<Id>(bad.clone()).is_err(), "{bad} was read as an id");
        }
    }
}
