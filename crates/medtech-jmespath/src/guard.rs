//! Size limits that keep the recursive parser, lowering and evaluator within a small stack
//! (the browser's wasm stack is 1 MiB). JmesPath.Net has no such limits; mappings never come
//! near them, so a refused expression is reported as a compile error of its own.

use crate::error::CompileError;
use jmespath::ast::Ast;

/// Most tokens in one expression.
pub const MAX_TOKENS: usize = 10_000;
/// Deepest estimated parser recursion: open brackets plus pending prefix operators (`!`, `&`)
/// and projections (`*`, `[*]`, `[?…]`, `[]`, slices) that the parser is still inside of.
pub const MAX_NESTING: usize = 64;
/// Deepest parse tree (estimated before parsing from the chained operators of each bracket
/// level — `.`, `[`, `|`, `||`, `&&`, comparisons —, and checked after parsing).
pub const MAX_TREE_DEPTH: usize = 128;

fn too_complex(offset: usize) -> CompileError {
    CompileError {
        message: format!(
            "The expression is too complex (more than {MAX_TOKENS} tokens, {MAX_NESTING} nested brackets and operators, or {MAX_TREE_DEPTH} levels)."
        ),
        offset: Some(offset),
    }
}

/// Checks the text before parsing.
pub(crate) fn check_text(expr: &str) -> Result<(), CompileError> {
    let mut tokens = 0usize;
    // pending prefix operators / projections per open bracket level
    let mut levels: Vec<usize> = vec![0];
    // chained (left-nesting) operators per open bracket level
    let mut chains: Vec<usize> = vec![0];
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        let start = i;
        i += 1;
        match c {
            b'"' | b'\'' | b'`' => {
                while i < bytes.len() {
                    let d = bytes[i];
                    i += 1;
                    if d == b'\\' {
                        i += 1;
                    } else if d == c {
                        break;
                    }
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
            }
            b'[' => {
                if !is_index(&bytes[i..]) {
                    bump(&mut levels);
                }
                bump(&mut chains);
                levels.push(0);
                chains.push(0);
            }
            b'(' | b'{' => {
                levels.push(0);
                chains.push(0);
            }
            b')' | b']' | b'}' if levels.len() > 1 => {
                levels.pop();
                chains.pop();
            }
            b'.' => bump(&mut chains),
            b'!' if next != Some(b'=') => bump(&mut levels),
            b'&' if next != Some(b'&') => bump(&mut levels),
            b'*' => bump(&mut levels),
            b',' | b':' => {
                reset(&mut levels);
                reset(&mut chains);
            }
            b'&' | b'|' | b'=' | b'!' | b'<' | b'>' => {
                if matches!(next, Some(b'&' | b'|' | b'=')) {
                    i += 1;
                }
                reset(&mut levels);
                bump(&mut chains);
            }
            _ => {}
        }
        tokens += 1;
        let nesting = levels.len() + levels.iter().sum::<usize>();
        let depth = nesting + chains.iter().sum::<usize>();
        if tokens > MAX_TOKENS || nesting > MAX_NESTING || depth > MAX_TREE_DEPTH {
            return Err(too_complex(start));
        }
    }
    Ok(())
}

fn reset(levels: &mut [usize]) {
    if let Some(last) = levels.last_mut() {
        *last = 0;
    }
}

fn bump(levels: &mut [usize]) {
    if let Some(last) = levels.last_mut() {
        *last += 1;
    }
}

/// True when the bracket just opened is a plain index `[n]` (no recursion in the parser).
fn is_index(rest: &[u8]) -> bool {
    let mut j = 0;
    while j < rest.len() && rest[j] == b' ' {
        j += 1;
    }
    if rest.get(j) == Some(&b'-') {
        j += 1;
    }
    let digits = j;
    while j < rest.len() && rest[j].is_ascii_digit() {
        j += 1;
    }
    while j < rest.len() && rest[j] == b' ' {
        j += 1;
    }
    j > digits && rest.get(j) == Some(&b']')
}

/// Checks the depth of the parse tree (iteratively).
pub(crate) fn check_tree(ast: &Ast) -> Result<(), CompileError> {
    let mut stack: Vec<(&Ast, usize)> = vec![(ast, 1)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_TREE_DEPTH {
            return Err(too_complex(offset_of(node)));
        }
        let d = depth + 1;
        match node {
            Ast::Comparison { lhs, rhs, .. }
            | Ast::And { lhs, rhs, .. }
            | Ast::Or { lhs, rhs, .. }
            | Ast::Projection { lhs, rhs, .. }
            | Ast::Subexpr { lhs, rhs, .. } => {
                stack.push((lhs, d));
                stack.push((rhs, d));
            }
            Ast::Condition {
                predicate, then, ..
            } => {
                stack.push((predicate, d));
                stack.push((then, d));
            }
            Ast::Expref { ast, .. } => stack.push((ast, d)),
            Ast::Flatten { node, .. } | Ast::Not { node, .. } | Ast::ObjectValues { node, .. } => {
                stack.push((node, d))
            }
            Ast::Function { args, .. } => stack.extend(args.iter().map(|a| (a, d))),
            Ast::MultiList { elements, .. } => stack.extend(elements.iter().map(|a| (a, d))),
            Ast::MultiHash { elements, .. } => {
                stack.extend(elements.iter().map(|kv| (&kv.value, d)))
            }
            _ => {}
        }
    }
    Ok(())
}

fn offset_of(ast: &Ast) -> usize {
    match ast {
        Ast::Comparison { offset, .. }
        | Ast::Condition { offset, .. }
        | Ast::Identity { offset }
        | Ast::Expref { offset, .. }
        | Ast::Flatten { offset, .. }
        | Ast::Function { offset, .. }
        | Ast::Field { offset, .. }
        | Ast::Index { offset, .. }
        | Ast::Literal { offset, .. }
        | Ast::MultiList { offset, .. }
        | Ast::MultiHash { offset, .. }
        | Ast::Not { offset, .. }
        | Ast::Projection { offset, .. }
        | Ast::ObjectValues { offset, .. }
        | Ast::And { offset, .. }
        | Ast::Or { offset, .. }
        | Ast::Slice { offset, .. }
        | Ast::Subexpr { offset, .. } => *offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_expressions_with_many_brackets_pass() {
        // a lookup table with many entries is wide, not deep
        let table: Vec<String> = (0..200)
            .map(|i| format!("{{\"v\":@,\"n\":`{i}`}}"))
            .collect();
        let expr = format!("x | [{}][?v == n] | @[0]", table.join(","));
        assert!(check_text(&expr).is_ok());
        let many = (0..100).map(|_| "!a").collect::<Vec<_>>().join(" && ");
        assert!(check_text(&many).is_ok());
        let indexes = format!("a{}", "[0]".repeat(100));
        assert!(check_text(&indexes).is_ok());
        let args = format!("merge({})", vec!["a.b.c.d"; 1000].join(", "));
        assert!(check_text(&args).is_ok());
    }

    #[test]
    fn deep_expressions_are_refused() {
        assert!(check_text(&format!("{}a", "!".repeat(200))).is_err());
        assert!(check_text(&format!("a{}", "[*].b".repeat(100))).is_err());
        assert!(check_text(&format!("{}a", "(".repeat(200))).is_err());
        assert!(check_text(&"a ".repeat(20_000)).is_err());
        assert!(check_text(&vec!["a"; 400].join(".")).is_err());
        assert!(check_text(&vec!["!a"; 300].join(" && ")).is_err());
        assert!(check_text(&format!("a{}", "[0]".repeat(300))).is_err());
        // the tree check catches what the estimate would miss
        let chain = vec!["a"; 400].join(".");
        let ast = jmespath::parse(&chain).unwrap();
        assert!(check_tree(&ast).is_err());
        assert!(check_tree(&jmespath::parse("a.b | c[0]").unwrap()).is_ok());
    }
}
