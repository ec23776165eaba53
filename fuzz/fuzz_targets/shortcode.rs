//! Fuzzes the shortcode parser: `parse_body` never panics, every node's and call's spans lie
//! inside the body on character boundaries, the top-level nodes cover the body in order, and
//! each call's line/column agree with its span's start.
#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use postwright::shortcode::{parse_body, BodyNode};

/// 1-based line and column (in characters) of `offset`, by a plain scan.
fn line_column(body: &str, offset: usize) -> (usize, usize) {
    let before = &body[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn check_span(body: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= body.len(),
        "{what} {span:?} outside 0..{}",
        body.len()
    );
    assert!(
        body.is_char_boundary(span.start) && body.is_char_boundary(span.end),
        "{what} {span:?} splits a character"
    );
}

/// Checks `nodes`, which must lie inside `within` in order without overlapping.
fn check_nodes(body: &str, nodes: &[BodyNode], within: &Range<usize>) {
    let mut at = within.start;
    for node in nodes {
        let span = match node {
            BodyNode::Text { span } | BodyNode::Escaped { span, .. } => span,
            BodyNode::Call(call) => &call.span,
        };
        check_span(body, span, "node");
        assert!(
            span.start >= at && span.end <= within.end,
            "node {span:?} out of order in {within:?} (at {at})"
        );
        at = span.end;
        let BodyNode::Call(call) = node else { continue };
        check_span(body, &call.open_tag, "open tag");
        assert_eq!(call.open_tag.start, call.span.start);
        assert_eq!(
            line_column(body, call.span.start),
            (call.line, call.column),
            "position of {:?}",
            call.name
        );
        assert!(body[call.open_tag.clone()].starts_with("{{"));
        match (&call.close_tag, &call.inner_span, &call.inner) {
            (Some(close), Some(inner_span), Some(inner)) => {
                check_span(body, close, "close tag");
                check_span(body, inner_span, "inner");
                assert_eq!(
                    (inner_span.start, inner_span.end),
                    (call.open_tag.end, close.start)
                );
                assert_eq!(close.end, call.span.end);
                check_nodes(body, inner, inner_span);
            }
            (None, None, None) => assert_eq!(call.span, call.open_tag),
            other => panic!("inconsistent call {:?}: {other:?}", call.name),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_body(body);
    check_nodes(body, &parsed.nodes, &(0..body.len()));
    // The top-level nodes cover the whole body: refused tags stay text.
    let covered: usize = parsed
        .nodes
        .iter()
        .map(|n| match n {
            BodyNode::Text { span } | BodyNode::Escaped { span, .. } => span.len(),
            BodyNode::Call(c) => c.span.len(),
        })
        .sum();
    assert_eq!(covered, body.len());
    for error in &parsed.errors {
        assert!(error.offset <= body.len());
        let offset = error.offset;
        if body.is_char_boundary(offset) {
            assert_eq!(
                line_column(body, offset),
                (error.line, error.column),
                "{error:?}"
            );
        }
    }
});
