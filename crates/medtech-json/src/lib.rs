//! Newtonsoft.Json-compatible JSON reading for the MedTech mapping debugger.
//!
//! The MedTech service reads device messages and mapping documents with Newtonsoft.Json's lenient
//! reader, which changes values: ISO strings become date tokens, `010` is octal, comments and
//! trailing commas are accepted (device-mapping.md §2.1). This crate reproduces that reading and
//! keeps, for every value, where it stood in the text, so every finding can be located.
//!
//! * [`read`] — the reader (Newtonsoft 13.0.3 `JsonTextReader` + `JToken.ReadFrom`), producing a
//!   located [`Document`]; errors carry Newtonsoft's message text ([`ReadError`]).
//! * [`LineIndex`] — offsets → line/column, and Newtonsoft's line-info convention (§3.3).
//! * [`datetime`] — .NET `DateTime`: Newtonsoft's date detection, `DateTime.Parse`, printing.
//! * [`number`] — .NET double text (`98.6`, `1E+15`) and invariant-culture number parsing.
//! * [`text`] — token → string / date conversions as the extractor performs them (§5.4, §5.5).
//! * [`write`] — compact JSON as Newtonsoft writes it, and a `serde_json` copy.
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

pub use datetime::{detect_newtonsoft, parse_dotnet, parse_dotnet_at, DateKind, DateTime};
pub use document::{Document, Member, MemberKey, Node, NodeId, Span, Str, TokenKind, Value};
pub use line_index::{LineIndex, Position};
pub use number::{format_double, format_double_json, parse_dotnet_double, parse_dotnet_i64};
pub use read::{decode_utf8, read, read_into, ReadError, ReadErrorKind, ReadOptions};
pub use text::{to_datetime, to_dotnet_string, ConversionError};
pub use write::{to_json_string, to_serde};
