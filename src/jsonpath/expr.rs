//! Filter expressions: the AST shared by both dialects (see the module docs of [`super`]) and
//! the type rules of RFC 9535 section 2.4.3 that the parser checks.

use super::parser::Step;
use super::regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `[?(...)]`: JSONPath-Plus, a JavaScript subset.
    Js,
    /// `[?...]`: RFC 9535.
    Rfc,
}

#[derive(Debug)]
pub(crate) struct Filter {
    pub(crate) dialect: Dialect,
    pub(crate) expr: Expr,
}

#[derive(Debug)]
pub(crate) enum Lit {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Box<str>),
}

#[derive(Debug)]
pub(crate) enum Expr {
    Lit(Lit),
    Regex(Box<Regex>),
    /// `@`
    Current,
    /// `$`, `@root`
    Root,
    /// `@property`: name or index of the node under test.
    Property,
    /// `@parentProperty`: name or index of the node whose children are filtered.
    ParentProperty,
    /// `@parent`: parent of the node whose children are filtered.
    Parent,
    /// `@path`: JSONPath-Plus path string of the node under test.
    Path,
    /// Member accesses and method calls on a value (`@.a.b`, `@property.match(/x/)`).
    Postfix(Box<Expr>, Vec<Op>),
    /// A query that can select several nodes (`@.*`, `@..a`, `$.a[?@.b]`).
    Query {
        absolute: bool,
        steps: Vec<Step>,
    },
    Not(Box<Expr>),
    Typeof(Box<Expr>),
    Void(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    IsArray(Box<Expr>),
    Keys(Box<Expr>),
    Func(Func, Vec<Expr>),
}

#[derive(Debug)]
pub(crate) enum Op {
    /// `?.`: ends the chain with `undefined` when the value so far is `null` or `undefined`.
    Optional,
    Member(Box<str>),
    Index(i64),
    Computed(Box<Expr>),
    Call(Method, Vec<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Match,
    Test,
    Includes,
    StartsWith,
    EndsWith,
    IndexOf,
    ToLowerCase,
    ToUpperCase,
    Trim,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Length,
    Count,
    Match,
    Search,
    Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
}

/// `@`, `$` or either followed only by names and indexes.
pub(crate) fn is_singular(expr: &Expr) -> bool {
    match expr {
        Expr::Current | Expr::Root => true,
        Expr::Postfix(base, ops) => {
            matches!(**base, Expr::Current | Expr::Root)
                && ops.iter().all(|op| matches!(op, Op::Member(_) | Op::Index(_)))
        }
        _ => false,
    }
}

pub(crate) fn is_query(expr: &Expr) -> bool {
    is_singular(expr) || matches!(expr, Expr::Query { .. })
}

/// RFC 9535 comparable: a literal, a singular query or a function returning a value.
pub(crate) fn is_comparable(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(_) => true,
        Expr::Func(func, _) => matches!(func, Func::Length | Func::Count | Func::Value),
        _ => is_singular(expr),
    }
}

/// JavaScript filters may use multi-node queries only as arguments of `count()` and `value()`.
pub(crate) fn check_js(expr: &Expr, nodes_arg: bool) -> Result<(), String> {
    let check = |e: &Expr| check_js(e, false);
    match expr {
        Expr::Query { .. } if !nodes_arg => Err("wildcards, slices, filters and '..' inside a JSONPath-Plus \
                                                 filter are only valid in count() or value(); use an RFC 9535 \
                                                 filter [?...] for existence tests"
            .to_owned()),
        Expr::Query { .. } => Ok(()),
        Expr::Postfix(base, ops) => {
            check(base)?;
            for op in ops {
                match op {
                    Op::Computed(e) => check(e)?,
                    Op::Call(_, args) => args.iter().try_for_each(check)?,
                    Op::Optional | Op::Member(_) | Op::Index(_) => {}
                }
            }
            Ok(())
        }
        Expr::Not(e) | Expr::Typeof(e) | Expr::Void(e) | Expr::IsArray(e) | Expr::Keys(e) => check(e),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) => {
            check(a)?;
            check(b)
        }
        Expr::Func(func, args) => {
            let nodes = matches!(func, Func::Count | Func::Value);
            args.iter().try_for_each(|a| check_js(a, nodes))
        }
        _ => Ok(()),
    }
}
