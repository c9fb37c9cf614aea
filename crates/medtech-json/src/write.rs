//! Compact JSON text of a node as Newtonsoft writes it (dates in ISO form, doubles round-trip).
