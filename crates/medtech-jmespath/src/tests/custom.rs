//! Custom functions (device-mapping.md §7.3, §9.10).
