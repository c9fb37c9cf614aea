//! .NET `DateTime.Parse(s, CultureInfo.InvariantCulture)` for the forms met in device data
//! (device-mapping.md §5.5). Placeholder until implemented.

use super::DateTime;

/// `DateTime.Parse(s, InvariantCulture)`; time-only strings give `None` (see [`parse_dotnet_at`]).
pub fn parse_dotnet(s: &str) -> Option<DateTime> {
    let _ = s;
    None
}

/// Like [`parse_dotnet`], with the date used for time-only strings.
pub fn parse_dotnet_at(s: &str, today: DateTime) -> Option<DateTime> {
    let _ = (s, today);
    None
}
