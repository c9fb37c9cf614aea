//! Byte offsets to 1-based line and column numbers.

/// Line starts of a text.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}
