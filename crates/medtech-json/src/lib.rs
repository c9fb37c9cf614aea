//! Newtonsoft.Json-compatible JSON reading for the MedTech mapping debugger.
//!
//! The MedTech service reads device messages and mapping documents with Newtonsoft.Json's lenient
//! reader, which changes values: ISO strings become date tokens, `010` is octal, comments and
//! trailing commas are accepted (device-mapping.md §2.1). This crate reproduces that reading and
//! keeps, for every value, where it stood in the text, so every finding can be located.
//!
//! ```
//! use medtech_json::{read, ReadOptions, Value};
//! let doc = read("{ hr: 077, /* octal */ t: '2019-02-01T22:46:01Z', }", &ReadOptions::default()).unwrap();
//! let root = doc.root().unwrap();
//! assert_eq!(doc.value(doc.get(root, "hr").unwrap()), &Value::Integer(63));
//! assert!(matches!(doc.value(doc.get(root, "t").unwrap()), Value::Date(_)));
//! ```

pub mod datetime;
pub mod document;
pub mod line_index;
pub mod number;
pub mod read;
pub mod text;
pub mod write;

pub use datetime::{DateKind, DateTime};
pub use document::{Document, Member, Node, NodeId, Span, Value};
pub use line_index::LineIndex;
pub use read::{read, ReadError, ReadOptions};
