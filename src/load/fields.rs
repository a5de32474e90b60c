//! Every unknown and every missing field of a file, not just the first.
//!
//! serde stops at the first error, so a front matter with six stray keys
//! would take six runs to fix. Instead the YAML is read once more as a bare
//! tree of keys with their positions ([`Node`]), and compared with the field
//! lists of the raw structs, which serde itself tells us: [`schema`] drives a
//! type's `Deserialize` with a probe that answers every question and writes
//! down the fields each struct asks for, at each path; a field is required
//! when leaving it out makes serde say it is missing.

use super::yaml::Spanned;
use serde::de::{self, value::Error, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;

/// The fields each struct of a type expects, by path: `""` for the top,
/// `consultation` for a nested struct, `[]` for the items of a list.
pub type Schema = BTreeMap<String, Shape>;

/// The fields of one struct, and which of them must be given.
#[derive(Debug, Clone)]
pub struct Shape {
    /// Every field, in the order the struct declares them.
    pub fields: &'static [&'static str],
    /// The fields serde reports missing when left out.
    pub required: Vec<&'static str>,
}

/// The shape of a YAML document: mappings with positioned keys, lists, and
/// everything else.
#[derive(Debug)]
pub enum Node {
    /// A mapping: each key with where it is written, and its value.
    Map(Vec<(Spanned<String>, Node)>),
    /// A list.
    Seq(Vec<Node>),
    /// A scalar or nothing: no fields inside.
    Leaf,
}

/// A key that is not a field, or a field that is not there.
#[derive(Debug, PartialEq, Eq)]
pub enum Problem {
    /// The key, its line and column, and the fields expected there.
    Unknown { key: String, line: usize, column: usize, expected: &'static [&'static str] },
    /// A required field left out of the mapping whose first key is at line, column.
    Missing { field: &'static str, line: usize, column: usize },
}

/// Every key of `node` that the struct at its path does not know, and every
/// required field a mapping leaves out, in the order of the file.
pub fn problems(node: &Node, schema: &Schema) -> Vec<Problem> {
    let mut out = Vec::new();
    walk(node, String::new(), schema, &mut out);
    out
}

fn walk(node: &Node, path: String, schema: &Schema, out: &mut Vec<Problem>) {
    match node {
        Node::Map(entries) => {
            let Some(shape) = schema.get(&path) else { return };
            // A mapping with no keys has no position: serde's own error says it.
            if let Some((first, _)) = entries.first() {
                let (line, column) = super::yaml::position(first);
                for field in &shape.required {
                    if !entries.iter().any(|(k, _)| k.value == *field) {
                        out.push(Problem::Missing { field, line, column });
                    }
                }
            }
            for (key, value) in entries {
                if shape.fields.contains(&key.value.as_str()) {
                    let sub = if path.is_empty() { key.value.clone() } else { format!("{path}.{}", key.value) };
                    walk(value, sub, schema, out);
                } else {
                    let (line, column) = super::yaml::position(key);
                    out.push(Problem::Unknown { key: key.value.clone(), line, column, expected: shape.fields });
                }
            }
        }
        Node::Seq(items) => items.iter().for_each(|i| walk(i, format!("{path}[]"), schema, out)),
        Node::Leaf => {}
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

macro_rules! leaf {
    ($($f:ident: $t:ty),*) => {$(
        fn $f<E: de::Error>(self, _: $t) -> Result<Node, E> { Ok(Node::Leaf) }
    )*};
}

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    leaf!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);
    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Leaf)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Leaf)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(n) = seq.next_element()? {
            items.push(n);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<String>>()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Node::Map(entries))
    }
}

/// The fields of `T` and of every struct inside it, by path.
pub fn schema<'de, T: Deserialize<'de>>() -> Schema {
    let found = RefCell::new(BTreeMap::new());
    // The probe makes up a value of every field; it only fails if a type
    // refuses every value, and then the paths found so far are still right.
    let _ = T::deserialize(Probe { path: String::new(), found: &found, omit: None });
    let fields: BTreeMap<String, &'static [&'static str]> = found.into_inner();
    fields
        .iter()
        .map(|(path, fields)| {
            let required = fields
                .iter()
                .copied()
                .filter(|f| {
                    let scratch = RefCell::new(BTreeMap::new());
                    let probe = Probe { path: String::new(), found: &scratch, omit: Some((path, f)) };
                    matches!(T::deserialize(probe), Err(e) if e.to_string() == format!("missing field `{f}`"))
                })
                .collect();
            (path.clone(), Shape { fields, required })
        })
        .collect()
}

/// A deserializer that holds no data: it answers each request with a value
/// of the kind asked for and records the fields of each struct.
struct Probe<'a> {
    path: String,
    found: &'a RefCell<BTreeMap<String, &'static [&'static str]>>,
    /// A field to leave out of the struct at a path, to learn whether it is required.
    omit: Option<(&'a str, &'a str)>,
}

impl Probe<'_> {
    fn at(&self, path: String) -> Self {
        Probe { path, found: self.found, omit: self.omit }
    }
}

macro_rules! answer {
    ($($f:ident => $v:ident($($val:expr)?)),*) => {$(
        fn $f<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> { v.$v($($val)?) }
    )*};
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Error;
    answer!(
        deserialize_any => visit_str(""), deserialize_bool => visit_bool(false), deserialize_i8 => visit_i8(0),
        deserialize_i16 => visit_i16(0), deserialize_i32 => visit_i32(0), deserialize_i64 => visit_i64(0),
        deserialize_u8 => visit_u8(0), deserialize_u16 => visit_u16(0), deserialize_u32 => visit_u32(0),
        deserialize_u64 => visit_u64(0), deserialize_f32 => visit_f32(0.0), deserialize_f64 => visit_f64(0.0),
        deserialize_char => visit_char('a'), deserialize_str => visit_str(""), deserialize_string => visit_str(""),
        deserialize_bytes => visit_bytes(b""), deserialize_byte_buf => visit_bytes(b""),
        deserialize_unit => visit_unit(), deserialize_identifier => visit_str(""),
        deserialize_ignored_any => visit_unit()
    );
    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_some(self)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, Error> {
        v.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, Error> {
        v.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let item = self.at(format!("{}[]", self.path));
        v.visit_seq(Once(Some(item)))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _: &'static str, _: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_map(Fields { probe: self, fields: [].iter(), skip: None })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.found.borrow_mut().entry(self.path.clone()).or_insert(fields);
        let skip = match self.omit {
            Some((path, field)) if path == self.path => Some(field),
            _ => None,
        };
        v.visit_map(Fields { probe: self, fields: fields.iter(), skip })
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let first: &str = variants.first().copied().unwrap_or("");
        v.visit_enum(first.into_deserializer())
    }
}

struct Once<'a>(Option<Probe<'a>>);

impl<'de> SeqAccess<'de> for Once<'_> {
    type Error = Error;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Error> {
        self.0.take().map(|p| seed.deserialize(p)).transpose()
    }
}

struct Fields<'a> {
    probe: Probe<'a>,
    fields: std::slice::Iter<'static, &'static str>,
    skip: Option<&'a str>,
}

impl<'de> MapAccess<'de> for Fields<'_> {
    type Error = Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.fields.clone().next().is_some_and(|f| Some(*f) == self.skip) {
            self.fields.next();
        }
        // Peek: the value of this key is asked for next.
        match self.fields.clone().next() {
            Some(f) => seed.deserialize(f.into_deserializer()).map(Some),
            None => Ok(None),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let field = self.fields.next().copied().unwrap_or("");
        let path = if self.probe.path.is_empty() { field.to_string() } else { format!("{}.{field}", self.probe.path) };
        seed.deserialize(self.probe.at(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw;

    #[test]
    fn finds_the_fields_of_nested_structs() {
        let s = schema::<raw::SiteConfig>();
        assert!(s[""].fields.contains(&"title"));
        assert_eq!(s[""].required, ["title"]);
        assert!(s["consultation"].fields.contains(&"closes"));
        assert!(s["respond"].fields.contains(&"email"));
        let m = schema::<raw::MeetingFront>();
        assert_eq!(m[""].required, ["title", "date", "status"]);
        assert!(m["actions[]"].fields.contains(&"owner"));
        assert_eq!(m["actions[]"].required, ["what"]);
        let d = schema::<Vec<raw::Stakeholder>>();
        assert!(d["[]"].fields.contains(&"part_of"));
        assert_eq!(d["[]"].required, ["id", "name", "kind"]);
        assert!(d["[].people[]"].fields.contains(&"role"));
    }
}
