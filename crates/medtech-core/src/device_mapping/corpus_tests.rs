//! The reference test inputs (device-mapping.md §9.1, §9.2).
