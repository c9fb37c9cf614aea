//! Reference cases (device-mapping.md §9.8 E7–E14, §9.4, §9.5).
