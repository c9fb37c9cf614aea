//! The .NET pattern parser (`RegexParser`): the same scanning order, so errors name the same
//! offset (in UTF-16 code units) and reason as .NET. Nesting is kept on an explicit stack
//! and bounded by [`MAX_DEPTH`].

use crate::ast::{Assertion, Class, Node};
use crate::unicode::{self, cat};
use crate::{Error, Options};
use std::collections::{BTreeMap, HashMap};

/// The deepest nesting of groups (and of class subtractions) this engine accepts. .NET has
/// no fixed limit; real patterns nest a handful of levels.
pub(crate) const MAX_DEPTH: usize = 200;

/// `int.MaxValue`: the "unbounded" maximum of `*`, `+` and `{n,}`.
pub(crate) const INFINITE: u32 = i32::MAX as u32;

const I: u8 = 1; // IgnoreCase
const M: u8 = 2; // Multiline
const N: u8 = 4; // ExplicitCapture
const S: u8 = 8; // Singleline
const X: u8 = 16; // IgnorePatternWhitespace

pub(crate) struct Parsed {
    pub root: Node,
    /// The group numbers in use, ascending (0 is the whole match).
    pub group_numbers: Vec<u32>,
}

#[derive(Debug)]
enum Kind {
    Root,
    Capture {
        cap: Option<u32>,
        uncap: Option<u32>,
    },
    Group,
    Atomic,
    Look {
        behind: bool,
        negate: bool,
    },
    GroupConditional(u32),
    ExpressionConditional,
}

struct Frame {
    kind: Kind,
    /// Finished alternatives (for conditionals: the branches).
    branches: Vec<Node>,
    concat: Vec<Node>,
    /// The condition of an expression conditional, once scanned.
    condition: Option<Node>,
}

impl Frame {
    fn new(kind: Kind) -> Self {
        Frame {
            kind,
            branches: Vec::new(),
            concat: Vec::new(),
            condition: None,
        }
    }
}

enum Open {
    Group(Kind),
    OptionsOnly,
}

struct Parser<'a> {
    text: &'a str,
    p: Vec<u16>,
    pos: usize,
    options: u8,
    options_stack: Vec<u8>,
    /// Group number → position of its definition (`_caps`).
    caps: BTreeMap<u32, usize>,
    cap_top: u32,
    /// Group name → number (`_capnames`), and names in order of appearance.
    names: HashMap<Vec<u16>, u32>,
    name_list: Vec<Vec<u16>>,
    autocap: u32,
    ignore_next_paren: bool,
    frames: Vec<Frame>,
    class_depth: usize,
}

pub(crate) fn parse(text: &str, options: Options) -> Result<Parsed, Error> {
    let mut initial = 0;
    if options.ignore_case {
        initial |= I;
    }
    if options.multiline {
        initial |= M;
    }
    if options.explicit_capture {
        initial |= N;
    }
    if options.singleline {
        initial |= S;
    }
    if options.ignore_pattern_whitespace {
        initial |= X;
    }
    let mut parser = Parser {
        text,
        p: text.encode_utf16().collect(),
        pos: 0,
        options: initial,
        options_stack: Vec::new(),
        caps: BTreeMap::new(),
        cap_top: 0,
        names: HashMap::new(),
        name_list: Vec::new(),
        autocap: 0,
        ignore_next_paren: false,
        frames: Vec::new(),
        class_depth: 0,
    };
    parser.count_captures()?;
    parser.pos = 0;
    parser.autocap = 1;
    parser.ignore_next_paren = false;
    parser.options_stack.clear();
    parser.options = initial;
    let root = parser.scan_regex()?;
    Ok(Parsed {
        root,
        group_numbers: parser.caps.keys().copied().collect(),
    })
}

fn is_digit(c: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&c)
}

const fn u(c: char) -> u16 {
    c as u16
}

/// `$ ( ) * + . ? [ \ ^ { |`
fn is_special(c: u16) -> bool {
    matches!(
        c,
        0x24 | 0x28 | 0x29 | 0x2A | 0x2B | 0x2E | 0x3F | 0x5B | 0x5C | 0x5E | 0x7B | 0x7C
    )
}

/// Pattern whitespace of IgnorePatternWhitespace: `\t \n \f \r` and space.
fn is_space(c: u16) -> bool {
    matches!(c, 0x09 | 0x0A | 0x0C | 0x0D | 0x20)
}

fn is_quantifier_char(c: u16) -> bool {
    matches!(c, 0x2A | 0x2B | 0x3F | 0x7B)
}

impl Parser<'_> {
    fn error(&self, reason: impl Into<String>) -> Error {
        Error {
            pattern: self.text.to_string(),
            offset: self.pos,
            reason: reason.into(),
        }
    }

    fn at(&self, i: usize) -> u16 {
        self.p[i]
    }

    fn has(&self, c: char) -> bool {
        self.pos < self.p.len() && self.p[self.pos] == u(c)
    }

    fn opt(&self, flag: u8) -> bool {
        self.options & flag != 0
    }

    fn char_name(c: u16) -> String {
        char::from_u32(u32::from(c)).map_or_else(|| format!("\\u{c:04X}"), |c| c.to_string())
    }

    fn text_of(units: &[u16]) -> String {
        String::from_utf16_lossy(units)
    }

    // ---- the main scan -------------------------------------------------------------

    fn scan_regex(&mut self) -> Result<Node, Error> {
        self.frames.push(Frame::new(Kind::Root));
        let mut is_quantifier = false;
        let len = self.p.len();
        loop {
            let was_prev_quantifier = is_quantifier;
            is_quantifier = false;
            self.scan_blank()?;
            if self.pos == len {
                break;
            }
            let ch = self.at(self.pos);
            let ordinary = if self.opt(X) {
                !(is_special(ch) || is_space(ch) || ch == u('#'))
            } else {
                !is_special(ch)
            };
            let unit: Node = if ordinary || (ch == u('{') && !self.is_true_quantifier()) {
                self.pos += 1;
                self.literal(ch)
            } else {
                self.pos += 1;
                match char::from_u32(u32::from(ch)).unwrap_or('\0') {
                    '[' => {
                        let ci = self.opt(I);
                        let class = self.scan_char_class(ci, false)?.unwrap_or_default();
                        Node::Set(Box::new(class))
                    }
                    '(' => {
                        self.options_stack.push(self.options);
                        match self.scan_group_open()? {
                            Open::Group(kind) => {
                                if self.frames.len() > MAX_DEPTH {
                                    return Err(self.error(format!(
                                        "Groups nested deeper than {MAX_DEPTH} levels are not supported by this debugger."
                                    )));
                                }
                                self.frames.push(Frame::new(kind));
                            }
                            Open::OptionsOnly => {
                                self.options_stack.pop();
                            }
                        }
                        continue;
                    }
                    '|' => {
                        let frame = self.frames.last_mut().expect("root frame");
                        let concat = std::mem::take(&mut frame.concat);
                        frame.branches.push(concat_node(concat));
                        continue;
                    }
                    ')' => {
                        if self.frames.len() == 1 {
                            return Err(self.error("Too many )'s."));
                        }
                        let node = self.close_group()?;
                        self.options = self.options_stack.pop().unwrap_or(self.options);
                        // The first group inside `(?(…)` is the condition.
                        let parent = self.frames.last_mut().expect("root frame");
                        if matches!(parent.kind, Kind::ExpressionConditional)
                            && parent.condition.is_none()
                            && parent.branches.is_empty()
                            && parent.concat.is_empty()
                        {
                            parent.condition = Some(node);
                            continue;
                        }
                        node
                    }
                    '\\' => {
                        if self.pos == len {
                            return Err(self.error("Illegal \\\\ at end of pattern."));
                        }
                        self.scan_backslash(false)?.unwrap_or(Node::Empty)
                    }
                    '^' => Node::Assert(if self.opt(M) {
                        Assertion::Bol
                    } else {
                        Assertion::Beginning
                    }),
                    '$' => Node::Assert(if self.opt(M) {
                        Assertion::Eol
                    } else {
                        Assertion::EndZ
                    }),
                    '.' => {
                        if self.opt(S) {
                            Node::Set(Box::new(Class {
                                ranges: vec![(0, 0xFFFF)],
                                ..Class::default()
                            }))
                        } else {
                            Node::NotNewline
                        }
                    }
                    _ => {
                        // `* + ? {n}` with nothing to repeat.
                        let q = Self::char_name(ch);
                        return Err(self.error(if was_prev_quantifier {
                            format!("Nested quantifier '{q}'.")
                        } else {
                            "Quantifier {x,y} following nothing.".to_string()
                        }));
                    }
                }
            };

            self.scan_blank()?;
            if self.pos == len || !self.is_true_quantifier() {
                self.push(unit);
                continue;
            }
            is_quantifier = true;
            let ch = self.at(self.pos);
            self.pos += 1;
            let (min, max) = match char::from_u32(u32::from(ch)).unwrap_or('\0') {
                '*' => (0, INFINITE),
                '?' => (0, 1),
                '+' => (1, INFINITE),
                _ => {
                    let min = self.scan_decimal()?;
                    let mut max = min;
                    if self.has(',') {
                        self.pos += 1;
                        max = if self.pos == len || self.has('}') {
                            INFINITE
                        } else {
                            self.scan_decimal()?
                        };
                    }
                    // `is_true_quantifier` checked the closing brace.
                    self.pos += 1;
                    (min, max)
                }
            };
            self.scan_blank()?;
            let lazy = self.has('?');
            if lazy {
                self.pos += 1;
            }
            if min > max {
                return Err(self.error("Illegal {x,y} with x > y."));
            }
            let node = match (min, max) {
                (0, 0) => Node::Empty,
                (1, 1) => unit,
                _ => Node::Repeat {
                    min,
                    max,
                    lazy,
                    body: Box::new(unit),
                },
            };
            self.push(node);
        }
        if self.frames.len() > 1 {
            return Err(self.error("Not enough )'s."));
        }
        let frame = self.frames.pop().expect("root frame");
        let mut branches = frame.branches;
        branches.push(concat_node(frame.concat));
        Ok(alternate_node(branches))
    }

    fn push(&mut self, node: Node) {
        self.frames
            .last_mut()
            .expect("root frame")
            .concat
            .push(node);
    }

    /// A literal unit, as a set of its case equivalents under IgnoreCase.
    fn literal(&self, ch: u16) -> Node {
        if self.opt(I) && unicode::participates_in_case(ch) {
            Node::Set(Box::new(Class {
                ranges: vec![(ch, ch)],
                ignore_case: true,
                ..Class::default()
            }))
        } else {
            Node::Char(ch)
        }
    }

    /// Finishes the innermost group at `)` (`AddGroup`).
    fn close_group(&mut self) -> Result<Node, Error> {
        let frame = self.frames.pop().expect("group frame");
        let mut branches = frame.branches;
        branches.push(concat_node(frame.concat));
        match frame.kind {
            Kind::GroupConditional(group) => {
                if branches.len() > 2 {
                    return Err(self.error("Too many | in (?()|)."));
                }
                let mut branches = branches.into_iter();
                let yes = branches.next().unwrap_or(Node::Empty);
                let no = branches.next().unwrap_or(Node::Empty);
                Ok(Node::GroupConditional {
                    group,
                    yes: Box::new(yes),
                    no: Box::new(no),
                })
            }
            Kind::ExpressionConditional => {
                if branches.len() + usize::from(frame.condition.is_some()) > 3 {
                    return Err(self.error("Too many | in (?()|)."));
                }
                let Some(condition) = frame.condition else {
                    return Err(self.error("Illegal conditional (?(...)) expression."));
                };
                let mut branches = branches.into_iter();
                let yes = branches.next().unwrap_or(Node::Empty);
                let no = branches.next().unwrap_or(Node::Empty);
                Ok(Node::ExpressionConditional {
                    condition: Box::new(condition),
                    yes: Box::new(yes),
                    no: Box::new(no),
                })
            }
            Kind::Root => unreachable!("the root frame is closed by scan_regex"),
            kind => {
                let body = Box::new(alternate_node(branches));
                Ok(match kind {
                    Kind::Capture { cap, uncap } => Node::Capture { cap, uncap, body },
                    Kind::Atomic => Node::Atomic(body),
                    Kind::Look { behind, negate } => Node::Look {
                        behind,
                        negate,
                        body,
                    },
                    _ => *body,
                })
            }
        }
    }

    // ---- groups --------------------------------------------------------------------

    fn scan_group_open(&mut self) -> Result<Open, Error> {
        let len = self.p.len();
        if self.pos == len
            || self.at(self.pos) != u('?')
            || (self.pos + 1 < len && self.at(self.pos + 1) == u(')'))
        {
            if self.opt(N) || self.ignore_next_paren {
                self.ignore_next_paren = false;
                return Ok(Open::Group(Kind::Group));
            }
            let cap = self.autocap;
            self.autocap += 1;
            return Ok(Open::Group(Kind::Capture {
                cap: Some(cap),
                uncap: None,
            }));
        }
        self.pos += 1;
        if self.pos == len {
            return Err(self.error("Unrecognized grouping construct."));
        }
        let ch = self.at(self.pos);
        self.pos += 1;
        let kind = match char::from_u32(u32::from(ch)).unwrap_or('\0') {
            ':' => Kind::Group,
            '=' => Kind::Look {
                behind: false,
                negate: false,
            },
            '!' => Kind::Look {
                behind: false,
                negate: true,
            },
            '>' => Kind::Atomic,
            c @ ('\'' | '<') => {
                let close = if c == '\'' { u('\'') } else { u('>') };
                if self.pos == len {
                    return Err(self.error("Unrecognized grouping construct."));
                }
                let ch = self.at(self.pos);
                self.pos += 1;
                if (ch == u('=') || ch == u('!')) && close == u('>') {
                    return Ok(Open::Group(Kind::Look {
                        behind: true,
                        negate: ch == u('!'),
                    }));
                }
                if ch == u('=') || ch == u('!') {
                    return Err(self.error("Unrecognized grouping construct."));
                }
                self.pos -= 1;
                return self.scan_named_group(ch, close).map(Open::Group);
            }
            '(' => return self.scan_conditional().map(Open::Group),
            _ => {
                self.pos -= 1;
                let in_condition = matches!(
                    self.frames.last().map(|f| &f.kind),
                    Some(Kind::ExpressionConditional)
                );
                if !in_condition {
                    self.scan_options();
                }
                if self.pos == len {
                    return Err(self.error("Unrecognized grouping construct."));
                }
                let ch = self.at(self.pos);
                self.pos += 1;
                if ch == u(')') {
                    return Ok(Open::OptionsOnly);
                }
                if ch != u(':') {
                    return Err(self.error("Unrecognized grouping construct."));
                }
                Kind::Group
            }
        };
        Ok(Open::Group(kind))
    }

    /// `(?<name>`, `(?<3>`, `(?<a-b>`, `(?<-b>` after the opening `<` or `'`.
    fn scan_named_group(&mut self, ch: u16, close: u16) -> Result<Kind, Error> {
        let len = self.p.len();
        let mut cap: Option<u32> = None;
        let mut uncap: Option<u32> = None;
        let mut proceed = false;
        let bogus_after =
            |s: &Self| s.pos < len && !(s.at(s.pos) == close || s.at(s.pos) == u('-'));
        if is_digit(ch) {
            let number = self.scan_decimal()?;
            if self.caps.contains_key(&number) {
                cap = Some(number);
            }
            if bogus_after(self) {
                return Err(
                    self.error("Invalid group name: Group names must begin with a word character.")
                );
            }
            if number == 0 {
                return Err(self.error("Capture number cannot be zero."));
            }
        } else if unicode::is_boundary_word(ch) {
            let name = self.scan_capname();
            cap = self.names.get(&name).copied();
            if bogus_after(self) {
                return Err(
                    self.error("Invalid group name: Group names must begin with a word character.")
                );
            }
        } else if ch == u('-') {
            proceed = true;
        } else {
            return Err(
                self.error("Invalid group name: Group names must begin with a word character.")
            );
        }
        if (cap.is_some() || proceed) && self.pos + 1 < len && self.at(self.pos) == u('-') {
            self.pos += 1;
            let ch = self.at(self.pos);
            if is_digit(ch) {
                let number = self.scan_decimal()?;
                if !self.caps.contains_key(&number) {
                    return Err(
                        self.error(format!("Reference to undefined group number {number}."))
                    );
                }
                uncap = Some(number);
                if self.pos < len && self.at(self.pos) != close {
                    return Err(self.error(
                        "Invalid group name: Group names must begin with a word character.",
                    ));
                }
            } else if unicode::is_boundary_word(ch) {
                let name = self.scan_capname();
                let Some(&number) = self.names.get(&name) else {
                    return Err(self.error(format!(
                        "Reference to undefined group name '{}'.",
                        Self::text_of(&name)
                    )));
                };
                uncap = Some(number);
                if self.pos < len && self.at(self.pos) != close {
                    return Err(self.error(
                        "Invalid group name: Group names must begin with a word character.",
                    ));
                }
            } else {
                return Err(
                    self.error("Invalid group name: Group names must begin with a word character.")
                );
            }
        }
        if (cap.is_some() || uncap.is_some()) && self.pos < len {
            let c = self.at(self.pos);
            self.pos += 1;
            if c == close {
                return Ok(Kind::Capture { cap, uncap });
            }
        }
        Err(self.error("Unrecognized grouping construct."))
    }

    /// `(?(` … : a group-number or group-name test, else an expression condition.
    fn scan_conditional(&mut self) -> Result<Kind, Error> {
        let len = self.p.len();
        let paren_pos = self.pos;
        if self.pos < len {
            let ch = self.at(self.pos);
            if is_digit(ch) {
                let number = self.scan_decimal()?;
                if self.pos < len {
                    let c = self.at(self.pos);
                    self.pos += 1;
                    if c == u(')') {
                        if self.caps.contains_key(&number) {
                            return Ok(Kind::GroupConditional(number));
                        }
                        return Err(
                            self.error(format!("(?({number}) ) reference to undefined group."))
                        );
                    }
                }
                return Err(self.error(format!("(?({number}) ) malformed.")));
            } else if unicode::is_boundary_word(ch) {
                let name = self.scan_capname();
                if let Some(&number) = self.names.get(&name) {
                    if self.pos < len {
                        let c = self.at(self.pos);
                        self.pos += 1;
                        if c == u(')') {
                            return Ok(Kind::GroupConditional(number));
                        }
                    }
                }
            }
        }
        self.pos = paren_pos - 1;
        self.ignore_next_paren = true;
        let p = self.pos;
        if p + 2 < len && self.at(p + 1) == u('?') {
            if self.at(p + 2) == u('#') {
                return Err(self.error("Alternation conditions cannot be comments."));
            }
            if self.at(p + 2) == u('\'')
                || (p + 3 < len
                    && self.at(p + 2) == u('<')
                    && self.at(p + 3) != u('!')
                    && self.at(p + 3) != u('='))
            {
                return Err(
                    self.error("Alternation conditions do not capture and cannot be named.")
                );
            }
        }
        Ok(Kind::ExpressionConditional)
    }

    /// `imnsx-imnsx` (either case), stopping at the first other character.
    fn scan_options(&mut self) {
        let mut off = false;
        while self.pos < self.p.len() {
            let ch = self.at(self.pos);
            if ch == u('-') {
                off = true;
            } else if ch == u('+') {
                off = false;
            } else {
                let flag = match char::from_u32(u32::from(ch | 0x20)).unwrap_or('\0') {
                    'i' => I,
                    'm' => M,
                    'n' => N,
                    's' => S,
                    'x' => X,
                    _ => return,
                };
                if off {
                    self.options &= !flag;
                } else {
                    self.options |= flag;
                }
            }
            self.pos += 1;
        }
    }

    /// Skips IgnorePatternWhitespace blanks and `#` comments, and `(?#…)` comments.
    fn scan_blank(&mut self) -> Result<(), Error> {
        let len = self.p.len();
        loop {
            if self.opt(X) {
                while self.pos < len && is_space(self.at(self.pos)) {
                    self.pos += 1;
                }
            }
            if self.opt(X) && self.has('#') {
                self.pos = self.p[self.pos..]
                    .iter()
                    .position(|&c| c == u('\n'))
                    .map_or(len, |i| self.pos + i);
            } else if self.pos + 2 < len
                && self.at(self.pos + 2) == u('#')
                && self.at(self.pos + 1) == u('?')
                && self.at(self.pos) == u('(')
            {
                match self.p[self.pos..].iter().position(|&c| c == u(')')) {
                    Some(i) => self.pos += i + 1,
                    None => {
                        self.pos = len;
                        return Err(self.error("Unterminated (?#...) comment."));
                    }
                }
            } else {
                return Ok(());
            }
        }
    }

    fn is_true_quantifier(&self) -> bool {
        let len = self.p.len();
        let start = self.pos;
        let ch = self.at(start);
        if ch != u('{') {
            return is_quantifier_char(ch);
        }
        let mut pos = start;
        let mut remaining = len - start;
        let mut c = ch;
        loop {
            remaining -= 1;
            if remaining == 0 {
                break;
            }
            pos += 1;
            c = self.at(pos);
            if !is_digit(c) {
                break;
            }
        }
        if remaining == 0 || pos - start == 1 {
            return false;
        }
        if c == u('}') {
            return true;
        }
        if c != u(',') {
            return false;
        }
        loop {
            remaining -= 1;
            if remaining == 0 {
                break;
            }
            pos += 1;
            c = self.at(pos);
            if !is_digit(c) {
                break;
            }
        }
        remaining > 0 && c == u('}')
    }

    // ---- escapes -------------------------------------------------------------------

    fn scan_backslash(&mut self, scan_only: bool) -> Result<Option<Node>, Error> {
        let ch = self.at(self.pos);
        let shorthand = |negated: bool, kind: u8| -> Node {
            let mut class = Class::default();
            match kind {
                b'w' => class.categories.push((cat::WORD, negated)),
                b'd' => class.categories.push((cat::ND, negated)),
                _ => class.spaces.push(negated),
            }
            Node::Set(Box::new(class))
        };
        let node = match char::from_u32(u32::from(ch)).unwrap_or('\0') {
            c @ ('b' | 'B' | 'A' | 'G' | 'Z' | 'z') => {
                self.pos += 1;
                Node::Assert(match c {
                    'b' => Assertion::Boundary,
                    'B' => Assertion::NonBoundary,
                    'A' => Assertion::Beginning,
                    'G' => Assertion::Start,
                    'Z' => Assertion::EndZ,
                    _ => Assertion::End,
                })
            }
            c @ ('w' | 'W' | 's' | 'S' | 'd' | 'D') => {
                self.pos += 1;
                shorthand(c.is_ascii_uppercase(), c.to_ascii_lowercase() as u8)
            }
            c @ ('p' | 'P') => {
                self.pos += 1;
                if scan_only {
                    return Ok(None);
                }
                let ci = self.opt(I);
                let mut class = Class {
                    ignore_case: ci,
                    ..Class::default()
                };
                let name = self.parse_property()?;
                self.add_category(&mut class, &name, c == 'P', ci)?;
                Node::Set(Box::new(class))
            }
            _ => return self.scan_basic_backslash(scan_only),
        };
        Ok((!scan_only).then_some(node))
    }

    fn scan_basic_backslash(&mut self, scan_only: bool) -> Result<Option<Node>, Error> {
        let len = self.p.len();
        let back_pos = self.pos;
        let mut close = 0u16;
        let mut angled = false;
        let mut ch = self.at(self.pos);
        if ch == u('k') {
            if self.pos + 1 < len {
                self.pos += 1;
                ch = self.at(self.pos);
                self.pos += 1;
                if ch == u('<') || ch == u('\'') {
                    angled = true;
                    close = if ch == u('\'') { u('\'') } else { u('>') };
                }
            }
            if !angled || self.pos == len {
                return Err(self.error("Malformed \\\\k<...> named back reference."));
            }
            ch = self.at(self.pos);
        } else if (ch == u('<') || ch == u('\'')) && self.pos + 1 < len {
            angled = true;
            close = if ch == u('\'') { u('\'') } else { u('>') };
            self.pos += 1;
            ch = self.at(self.pos);
        }

        if angled && is_digit(ch) {
            let number = self.scan_decimal()?;
            if self.pos < len {
                let c = self.at(self.pos);
                self.pos += 1;
                if c == close {
                    if scan_only {
                        return Ok(None);
                    }
                    if self.caps.contains_key(&number) {
                        return Ok(Some(self.backref(number)));
                    }
                    return Err(
                        self.error(format!("Reference to undefined group number {number}."))
                    );
                }
            }
        } else if !angled && (u('1')..=u('9')).contains(&ch) {
            let number = self.scan_decimal()?;
            if scan_only {
                return Ok(None);
            }
            if self.caps.contains_key(&number) {
                return Ok(Some(self.backref(number)));
            }
            if number <= 9 {
                return Err(self.error(format!("Reference to undefined group number {number}.")));
            }
        } else if angled && unicode::is_boundary_word(ch) {
            let name = self.scan_capname();
            if self.pos < len {
                let c = self.at(self.pos);
                self.pos += 1;
                if c == close {
                    if scan_only {
                        return Ok(None);
                    }
                    if let Some(&number) = self.names.get(&name) {
                        return Ok(Some(self.backref(number)));
                    }
                    return Err(self.error(format!(
                        "Reference to undefined group name '{}'.",
                        Self::text_of(&name)
                    )));
                }
            }
        }

        self.pos = back_pos;
        let ch = self.scan_char_escape()?;
        Ok((!scan_only).then(|| self.literal(ch)))
    }

    fn backref(&self, group: u32) -> Node {
        Node::Backref {
            group,
            ignore_case: self.opt(I),
        }
    }

    fn scan_capname(&mut self) -> Vec<u16> {
        let start = self.pos;
        while self.pos < self.p.len() && unicode::is_boundary_word(self.at(self.pos)) {
            self.pos += 1;
        }
        self.p[start..self.pos].to_vec()
    }

    /// Up to three octal digits, truncated to 8 bits.
    fn scan_octal(&mut self) -> u16 {
        let mut count = 3.min(self.p.len() - self.pos);
        let mut value: u32 = 0;
        while count > 0 {
            let c = self.at(self.pos);
            if !(u('0')..=u('7')).contains(&c) {
                break;
            }
            self.pos += 1;
            value = value * 8 + u32::from(c - u('0'));
            count -= 1;
        }
        (value & 0xFF) as u16
    }

    fn scan_decimal(&mut self) -> Result<u32, Error> {
        let mut value: u32 = 0;
        while self.pos < self.p.len() && is_digit(self.at(self.pos)) {
            let digit = u32::from(self.at(self.pos) - u('0'));
            self.pos += 1;
            if value > INFINITE / 10 || (value == INFINITE / 10 && digit > INFINITE % 10) {
                return Err(self
                    .error("Capture group numbers must be less than or equal to Int32.MaxValue."));
            }
            value = value * 10 + digit;
        }
        Ok(value)
    }

    fn scan_hex(&mut self, mut count: usize) -> Result<u16, Error> {
        let mut value: u32 = 0;
        if self.pos + count <= self.p.len() {
            while count > 0 {
                let c = self.at(self.pos);
                self.pos += 1;
                let Some(digit) = char::from_u32(u32::from(c)).and_then(|c| c.to_digit(16)) else {
                    break;
                };
                value = value * 16 + digit;
                count -= 1;
            }
        }
        if count > 0 {
            return Err(self.error("Insufficient hexadecimal digits."));
        }
        Ok(value as u16)
    }

    fn scan_control(&mut self) -> Result<u16, Error> {
        if self.pos == self.p.len() {
            return Err(self.error("Missing control character."));
        }
        let mut ch = self.at(self.pos);
        self.pos += 1;
        if (u('a')..=u('z')).contains(&ch) {
            ch -= 0x20;
        }
        let control = ch.wrapping_sub(u('@'));
        if control < u(' ') {
            return Ok(control);
        }
        Err(self.error("Unrecognized control character."))
    }

    fn scan_char_escape(&mut self) -> Result<u16, Error> {
        let ch = self.at(self.pos);
        self.pos += 1;
        if (u('0')..=u('7')).contains(&ch) {
            self.pos -= 1;
            return Ok(self.scan_octal());
        }
        Ok(match char::from_u32(u32::from(ch)).unwrap_or('\0') {
            'x' => return self.scan_hex(2),
            'u' => return self.scan_hex(4),
            'a' => 0x07,
            'b' => 0x08,
            'e' => 0x1B,
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => return self.scan_control(),
            _ => {
                if unicode::is_boundary_word(ch) {
                    return Err(self.error(format!(
                        "Unrecognized escape sequence \\\\{}.",
                        Self::char_name(ch)
                    )));
                }
                ch
            }
        })
    }

    /// The `X` of `\p{X}`.
    fn parse_property(&mut self) -> Result<String, Error> {
        let len = self.p.len();
        if self.pos + 2 >= len {
            return Err(self.error("Incomplete \\\\p{X} character escape."));
        }
        let ch = self.at(self.pos);
        self.pos += 1;
        if ch != u('{') {
            return Err(self.error("Malformed \\\\p{X} character escape."));
        }
        let start = self.pos;
        while self.pos < len {
            let c = self.at(self.pos);
            if !(unicode::is_boundary_word(c) || c == u('-')) {
                break;
            }
            self.pos += 1;
        }
        let name = Self::text_of(&self.p[start..self.pos]);
        if self.pos == len || self.at(self.pos) != u('}') {
            if self.pos < len {
                self.pos += 1;
            }
            return Err(self.error("Incomplete \\\\p{X} character escape."));
        }
        self.pos += 1;
        Ok(name)
    }

    fn add_category(
        &self,
        class: &mut Class,
        name: &str,
        negated: bool,
        ignore_case: bool,
    ) -> Result<(), Error> {
        if let Some(mut mask) = unicode::category_by_name(name) {
            if ignore_case && matches!(name, "Ll" | "Lu" | "Lt") {
                mask = cat::CASED;
            }
            class.categories.push((mask, negated));
            return Ok(());
        }
        if let Some((lo, hi)) = unicode::block_by_name(name) {
            if negated {
                if lo > 0 {
                    class.ranges.push((0, lo - 1));
                }
                if hi < 0xFFFF {
                    class.ranges.push((hi + 1, 0xFFFF));
                }
            } else {
                class.ranges.push((lo, hi));
            }
            return Ok(());
        }
        if name.starts_with("_xml") {
            return Err(self.error(format!(
                "The internal property '{name}' is not supported by this debugger."
            )));
        }
        Err(self.error(format!("Unknown property '{name}'.")))
    }

    // ---- character classes ---------------------------------------------------------

    /// The contents of `[…]` after the `[` (`ScanCharClass`).
    fn scan_char_class(
        &mut self,
        ignore_case: bool,
        scan_only: bool,
    ) -> Result<Option<Class>, Error> {
        self.class_depth += 1;
        if self.class_depth > MAX_DEPTH {
            return Err(self.error(format!(
                "Character-class subtractions nested deeper than {MAX_DEPTH} levels are not supported by this debugger."
            )));
        }
        let result = self.scan_char_class_inner(ignore_case, scan_only);
        self.class_depth -= 1;
        result
    }

    fn scan_char_class_inner(
        &mut self,
        ignore_case: bool,
        scan_only: bool,
    ) -> Result<Option<Class>, Error> {
        let len = self.p.len();
        let mut class = Class {
            ignore_case,
            ..Class::default()
        };
        let mut ch_prev: u16 = 0;
        let mut in_range = false;
        let mut first_char = true;
        let mut closed = false;
        if self.has('^') {
            self.pos += 1;
            class.negate = true;
        }
        while self.pos < len {
            let mut translated = false;
            let mut ch = self.at(self.pos);
            self.pos += 1;
            if ch == u(']') {
                if !first_char {
                    closed = true;
                    break;
                }
            } else if ch == u('\\') && self.pos < len {
                ch = self.at(self.pos);
                self.pos += 1;
                match char::from_u32(u32::from(ch)).unwrap_or('\0') {
                    c @ ('d' | 'D' | 's' | 'S' | 'w' | 'W' | 'p' | 'P') => {
                        if !scan_only && in_range {
                            return Err(self.error(format!(
                                "Cannot include class \\\\{c} in character range."
                            )));
                        }
                        let negated = c.is_ascii_uppercase();
                        match c.to_ascii_lowercase() {
                            'd' => class.categories.push((cat::ND, negated)),
                            'w' => class.categories.push((cat::WORD, negated)),
                            's' => class.spaces.push(negated),
                            _ => {
                                let name = self.parse_property()?;
                                if !scan_only {
                                    self.add_category(&mut class, &name, negated, ignore_case)?;
                                }
                            }
                        }
                        first_char = false;
                        continue;
                    }
                    '-' => {
                        if scan_only {
                        } else if in_range {
                            if ch_prev > ch {
                                return Err(self.error("[x-y] range in reverse order."));
                            }
                            class.ranges.push((ch_prev, ch));
                            in_range = false;
                            ch_prev = 0;
                        } else {
                            class.ranges.push((ch, ch));
                        }
                        first_char = false;
                        continue;
                    }
                    _ => {
                        self.pos -= 1;
                        ch = self.scan_char_escape()?;
                        translated = true;
                    }
                }
            }

            if in_range {
                in_range = false;
                if scan_only {
                    // .NET neither checks nor scans a range (or a subtraction after one)
                    // while pre-scanning.
                } else if ch == u('[') && !translated && !first_char {
                    // `[a-[…]]`: not a range but `a` and a subtraction.
                    class.ranges.push((ch_prev, ch_prev));
                    let sub = self.scan_char_class(ignore_case, scan_only)?;
                    class.subtraction = sub.map(Box::new);
                    if self.pos < len && self.at(self.pos) != u(']') {
                        return Err(self.error(
                            "A subtraction must be the last element in a character class.",
                        ));
                    }
                } else {
                    if ch_prev > ch {
                        return Err(self.error("[x-y] range in reverse order."));
                    }
                    class.ranges.push((ch_prev, ch));
                }
            } else if self.pos + 1 < len
                && self.at(self.pos) == u('-')
                && self.at(self.pos + 1) != u(']')
            {
                ch_prev = ch;
                in_range = true;
                self.pos += 1;
            } else if self.pos < len
                && ch == u('-')
                && !translated
                && self.at(self.pos) == u('[')
                && !first_char
            {
                self.pos += 1;
                let sub = self.scan_char_class(ignore_case, scan_only)?;
                if !scan_only {
                    class.subtraction = sub.map(Box::new);
                    if self.pos < len && self.at(self.pos) != u(']') {
                        return Err(self.error(
                            "A subtraction must be the last element in a character class.",
                        ));
                    }
                }
            } else {
                class.ranges.push((ch, ch));
            }
            first_char = false;
        }
        if !closed {
            return Err(self.error("Unterminated [] set."));
        }
        Ok((!scan_only).then_some(class))
    }

    // ---- the capture pre-scan (`CountCaptures`) ------------------------------------

    fn note_slot(&mut self, number: u32, pos: usize) {
        if let std::collections::btree_map::Entry::Vacant(e) = self.caps.entry(number) {
            e.insert(pos);
            if self.cap_top <= number {
                self.cap_top = if number == INFINITE {
                    number
                } else {
                    number + 1
                };
            }
        }
    }

    fn count_captures(&mut self) -> Result<(), Error> {
        self.note_slot(0, 0);
        self.autocap = 1;
        let len = self.p.len();
        while self.pos < len {
            let pos = self.pos;
            let ch = self.at(self.pos);
            self.pos += 1;
            match char::from_u32(u32::from(ch)).unwrap_or('\0') {
                '\\' if self.pos < len => {
                    self.scan_backslash(true)?;
                }
                '#' if self.opt(X) => {
                    self.pos -= 1;
                    self.scan_blank()?;
                }
                '[' => {
                    self.scan_char_class(false, true)?;
                }
                ')' => {
                    if let Some(o) = self.options_stack.pop() {
                        self.options = o;
                    }
                }
                '(' => {
                    if self.pos + 1 < len && self.at(self.pos + 1) == u('#') && self.has('?') {
                        self.pos -= 1;
                        self.scan_blank()?;
                    } else {
                        self.options_stack.push(self.options);
                        if self.has('?') {
                            self.pos += 1;
                            if self.pos + 1 < len
                                && (self.at(self.pos) == u('<') || self.at(self.pos) == u('\''))
                            {
                                self.pos += 1;
                                let ch = self.at(self.pos);
                                if ch != u('0') && unicode::is_boundary_word(ch) {
                                    if (u('1')..=u('9')).contains(&ch) {
                                        let number = self.scan_decimal()?;
                                        self.note_slot(number, pos);
                                    } else {
                                        let name = self.scan_capname();
                                        if !self.names.contains_key(&name) {
                                            self.names.insert(name.clone(), 0);
                                            self.name_list.push(name);
                                        }
                                    }
                                }
                            } else {
                                self.scan_options();
                                if self.pos < len {
                                    if self.has(')') {
                                        self.pos += 1;
                                        self.options_stack.pop();
                                    } else if self.has('(') {
                                        self.ignore_next_paren = true;
                                        continue;
                                    }
                                }
                            }
                        } else if !self.opt(N) && !self.ignore_next_paren {
                            let number = self.autocap;
                            self.autocap += 1;
                            self.note_slot(number, pos);
                        }
                    }
                    self.ignore_next_paren = false;
                }
                _ => {}
            }
        }
        // Named groups take the free numbers after the unnamed ones.
        let names = std::mem::take(&mut self.name_list);
        for name in &names {
            while self.caps.contains_key(&self.autocap) {
                self.autocap += 1;
            }
            let number = self.autocap;
            self.names.insert(name.clone(), number);
            self.note_slot(number, 0);
            self.autocap += 1;
        }
        self.name_list = names;
        Ok(())
    }
}

fn concat_node(mut nodes: Vec<Node>) -> Node {
    match nodes.len() {
        0 => Node::Empty,
        1 => nodes.pop().unwrap_or(Node::Empty),
        _ => Node::Concat(nodes),
    }
}

fn alternate_node(mut nodes: Vec<Node>) -> Node {
    match nodes.len() {
        0 => Node::Empty,
        1 => nodes.pop().unwrap_or(Node::Empty),
        _ => Node::Alternate(nodes),
    }
}
