//! Built-in functions (device-mapping.md §7.2).
