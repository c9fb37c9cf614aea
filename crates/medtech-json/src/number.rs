//! .NET number text: shortest round-trip doubles as .NET Core 3.0+ prints them (device-mapping.md §5.4).
