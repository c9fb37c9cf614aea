//! Newtonsoft's line info (device-mapping.md §3.3) through `medtech_json::LineIndex`: 1-based
//! line; position = UTF-16 column of the **last character** of the token the reader was on —
//! the closing quote of a string, the `{` of an object, the `:` after a property name.

use medtech_json::{Document, LineIndex, Member, NodeId, Span};

/// Line info of a value node; `None` without text or for synthetic nodes.
pub(crate) fn value_position(
    lines: Option<&LineIndex>,
    doc: &Document,
    id: NodeId,
) -> Option<(u32, u32)> {
    let lines = lines?;
    if doc.span(id).is_synthetic() {
        return None;
    }
    Some(lines.newtonsoft_value_position(doc, id))
}

/// Line info of a property (its `:`); `None` without text or for synthetic members.
pub(crate) fn member_position(lines: Option<&LineIndex>, member: &Member) -> Option<(u32, u32)> {
    let lines = lines?;
    if member.name_span.is_synthetic() {
        return None;
    }
    Some(lines.newtonsoft_member_position(member))
}

/// The span of a member from its name to the end of its value (for highlighting).
pub(crate) fn member_span(doc: &Document, member: &Member) -> Option<Span> {
    if member.name_span.is_synthetic() {
        return None;
    }
    let value = doc.span(member.value);
    let end = if value.is_synthetic() {
        member.name_span.end
    } else {
        value.end.max(member.name_span.end)
    };
    Some(Span {
        start: member.name_span.start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use medtech_json::{read, ReadOptions};

    #[test]
    fn positions_follow_newtonsoft() {
        let text = "{\r\n  \"a\": \"x\",\r\"b\"\n:{}}";
        let doc = read(text, &ReadOptions::default()).unwrap();
        let lines = LineIndex::new(text);
        let root = doc.root().unwrap();
        let a = &doc.members(root)[0];
        let b = &doc.members(root)[1];
        assert_eq!(member_position(Some(&lines), a), Some((2, 6)));
        assert_eq!(value_position(Some(&lines), &doc, a.value), Some((2, 10)));
        assert_eq!(member_position(Some(&lines), b), Some((4, 1)));
        assert_eq!(value_position(Some(&lines), &doc, b.value), Some((4, 2)));
        assert_eq!(value_position(Some(&lines), &doc, root), Some((1, 1)));
        assert_eq!(value_position(None, &doc, root), None);
        let span = member_span(&doc, a).unwrap();
        assert_eq!(
            &text[span.start as usize..span.end as usize],
            "\"a\": \"x\""
        );
    }
}
