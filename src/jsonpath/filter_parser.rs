//! The filter expression parser for both dialects.

use super::JsonPathError;
use super::cursor::Cursor;
use super::expr::{CmpOp, Dialect, Expr, Filter, Func, Lit, Method, Op, check_js, is_comparable, is_query};
use super::parser::{self, Place, Selector, Step};
use super::regex::Regex;

/// Parses the filter after `?`. A body wholly in parentheses followed by `]` or `,` is a
/// JSONPath-Plus filter; anything else is RFC 9535.
pub(crate) fn parse_filter(c: &mut Cursor<'_>, nested: bool) -> Result<Filter, JsonPathError> {
    c.skip_ws();
    let start = c.pos;
    if c.peek() == Some('(') && is_parenthesized_body(c.rest()) {
        let mut p = ExprParser {
            c,
            dialect: Dialect::Js,
            nested,
        };
        let expr = p.parse_paren()?;
        check_js(&expr, false).map_err(|m| p.c.error_at(start, m))?;
        return Ok(Filter {
            dialect: Dialect::Js,
            expr,
        });
    }
    let mut p = ExprParser {
        c,
        dialect: Dialect::Rfc,
        nested,
    };
    let expr = p.parse_logical_or()?;
    p.check_logical(&expr, start)?;
    Ok(Filter {
        dialect: Dialect::Rfc,
        expr,
    })
}

/// Whether `text`, starting with `(`, closes that parenthesis right before the filter's `]` or
/// `,`. A scan rather than a trial parse keeps parsing linear in nested filters.
fn is_parenthesized_body(text: &str) -> bool {
    let mut depth = 0usize;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth = match depth.checked_sub(1) {
                    Some(d) => d,
                    None => return false,
                };
                if depth == 0 {
                    let after = text
                        .get(i + 1..)
                        .unwrap_or("")
                        .trim_start_matches([' ', '\t', '\n', '\r']);
                    return c == ')' && (after.starts_with(']') || after.starts_with(','));
                }
            }
            '\'' | '"' => {
                while let Some((_, d)) = chars.next() {
                    if d == '\\' {
                        chars.next();
                    } else if d == c {
                        break;
                    }
                }
            }
            '/' => {
                let mut in_class = false;
                while let Some((_, d)) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '[' => in_class = true,
                        ']' => in_class = false,
                        '/' if !in_class => break,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    false
}

struct ExprParser<'c, 's> {
    c: &'c mut Cursor<'s>,
    dialect: Dialect,
    nested: bool,
}

impl ExprParser<'_, '_> {
    fn js_only(&self, at: usize, what: &str) -> Result<(), JsonPathError> {
        if self.dialect == Dialect::Rfc {
            return Err(self.c.error_at(
                at,
                format!("{what} is JSONPath-Plus (JavaScript) syntax; write the filter as [?(...)]"),
            ));
        }
        Ok(())
    }

    fn parse_paren(&mut self) -> Result<Expr, JsonPathError> {
        let open = self.c.pos;
        self.c.expect('(', "'('")?;
        self.c.enter()?;
        let expr = self.parse_logical_or()?;
        if self.dialect == Dialect::Rfc {
            self.check_logical(&expr, open + 1)?;
        }
        self.c.skip_ws();
        if !self.c.eat(')') {
            if self.c.at_end() {
                return Err(self.c.error_at(open, "unclosed '('"));
            }
            return Err(self.unexpected_in_expr("')'"));
        }
        self.c.leave();
        Ok(expr)
    }

    fn unexpected_in_expr(&self, what: &str) -> JsonPathError {
        match self.c.peek() {
            Some('+' | '-' | '*' | '/' | '%') => self.c.error("arithmetic operators are not supported in filters"),
            Some('?') => self
                .c
                .error("the conditional operator '?:' is not supported in filters"),
            Some('=') => self
                .c
                .error("assignment '=' is not supported; compare with '==' or '==='"),
            Some('&') if !self.c.starts_with("&&") => self.c.error("bitwise '&' is not supported; use '&&'"),
            Some('|') if !self.c.starts_with("||") => self.c.error("bitwise '|' is not supported; use '||'"),
            _ => self.c.unexpected(what),
        }
    }

    /// Each chained operand deepens the tree built from `a && b && c ...`, which evaluation and
    /// drop walk recursively, so it counts towards the nesting limit.
    fn enter_chain(&mut self, chained: &mut usize) -> Result<(), JsonPathError> {
        *chained += 1;
        self.c.enter()
    }

    fn leave_chain(&mut self, chained: usize) {
        for _ in 0..chained {
            self.c.leave();
        }
    }

    fn parse_logical_or(&mut self) -> Result<Expr, JsonPathError> {
        self.c.skip_ws();
        let start = self.c.pos;
        let mut left = self.parse_logical_and()?;
        let mut chained = 0;
        loop {
            self.c.skip_ws();
            if !self.c.eat_str("||") {
                self.leave_chain(chained);
                return Ok(left);
            }
            self.enter_chain(&mut chained)?;
            self.c.skip_ws();
            let at = self.c.pos;
            let right = self.parse_logical_and()?;
            if self.dialect == Dialect::Rfc {
                self.check_logical(&left, start)?;
                self.check_logical(&right, at)?;
            }
            left = Expr::Or(Box::new(left), Box::new(right));
        }
    }

    fn parse_logical_and(&mut self) -> Result<Expr, JsonPathError> {
        self.c.skip_ws();
        let start = self.c.pos;
        let mut left = self.parse_equality()?;
        let mut chained = 0;
        loop {
            self.c.skip_ws();
            if !self.c.eat_str("&&") {
                self.leave_chain(chained);
                return Ok(left);
            }
            self.enter_chain(&mut chained)?;
            self.c.skip_ws();
            let at = self.c.pos;
            let right = self.parse_equality()?;
            if self.dialect == Dialect::Rfc {
                self.check_logical(&left, start)?;
                self.check_logical(&right, at)?;
            }
            left = Expr::And(Box::new(left), Box::new(right));
        }
    }

    fn parse_equality(&mut self) -> Result<Expr, JsonPathError> {
        self.c.skip_ws();
        let start = self.c.pos;
        let mut left = self.parse_relational()?;
        let mut chained = 0;
        loop {
            self.c.skip_ws();
            let at = self.c.pos;
            let op = if self.c.eat_str("===") {
                self.js_only(at, "'==='")?;
                CmpOp::StrictEq
            } else if self.c.eat_str("!==") {
                self.js_only(at, "'!=='")?;
                CmpOp::StrictNe
            } else if self.c.eat_str("==") {
                CmpOp::Eq
            } else if self.c.eat_str("!=") {
                CmpOp::Ne
            } else {
                self.leave_chain(chained);
                return Ok(left);
            };
            self.enter_chain(&mut chained)?;
            self.c.skip_ws();
            let right_at = self.c.pos;
            let right = self.parse_relational()?;
            left = self.comparison(op, left, right, start, right_at)?;
        }
    }

    fn parse_relational(&mut self) -> Result<Expr, JsonPathError> {
        self.c.skip_ws();
        let start = self.c.pos;
        let mut left = self.parse_unary()?;
        let mut chained = 0;
        loop {
            self.c.skip_ws();
            let op = if self.c.eat_str("<=") {
                CmpOp::Le
            } else if self.c.eat_str(">=") {
                CmpOp::Ge
            } else if self.c.eat('<') {
                CmpOp::Lt
            } else if self.c.eat('>') {
                CmpOp::Gt
            } else {
                self.leave_chain(chained);
                return Ok(left);
            };
            self.enter_chain(&mut chained)?;
            self.c.skip_ws();
            let right_at = self.c.pos;
            let right = self.parse_unary()?;
            left = self.comparison(op, left, right, start, right_at)?;
        }
    }

    fn comparison(
        &self,
        op: CmpOp,
        left: Expr,
        right: Expr,
        left_at: usize,
        right_at: usize,
    ) -> Result<Expr, JsonPathError> {
        if self.dialect == Dialect::Rfc {
            for (operand, at) in [(&left, left_at), (&right, right_at)] {
                if !is_comparable(operand) {
                    return Err(self.c.error_at(
                        at,
                        "an RFC 9535 comparison takes literals, singular queries (@.a, $.b[0]) \
                         or length(), count(), value()",
                    ));
                }
            }
        }
        Ok(Expr::Cmp(op, Box::new(left), Box::new(right)))
    }

    fn parse_unary(&mut self) -> Result<Expr, JsonPathError> {
        self.c.skip_ws();
        let start = self.c.pos;
        self.c.enter()?;
        let expr = if self.c.peek() == Some('!') && self.c.peek_second() != Some('=') {
            self.c.bump();
            self.c.skip_ws();
            let at = self.c.pos;
            let operand = self.parse_unary()?;
            if self.dialect == Dialect::Rfc {
                self.check_logical(&operand, at)?;
            }
            Expr::Not(Box::new(operand))
        } else if self.keyword("typeof") {
            self.js_only(start, "'typeof'")?;
            Expr::Typeof(Box::new(self.parse_unary()?))
        } else if self.keyword("void") {
            self.js_only(start, "'void'")?;
            Expr::Void(Box::new(self.parse_unary()?))
        } else {
            self.parse_postfix()?
        };
        self.c.leave();
        Ok(expr)
    }

    /// Eats `word` when it is a whole identifier.
    fn keyword(&mut self, word: &str) -> bool {
        let rest = self.c.rest();
        if rest.starts_with(word) && !rest[word.len()..].chars().next().is_some_and(is_ident_char) {
            self.c.pos += word.len();
            true
        } else {
            false
        }
    }

    fn parse_postfix(&mut self) -> Result<Expr, JsonPathError> {
        let start = self.c.pos;
        let base = self.parse_primary()?;
        let mut ops: Vec<Op> = Vec::new();
        let mut steps: Vec<Step> = Vec::new();
        let queryable = matches!(base, Expr::Current | Expr::Root);
        let place = Place::Filter(self.dialect);
        loop {
            let before = self.c.pos;
            self.c.skip_ws();
            let at = self.c.pos;
            if self.c.starts_with("..") {
                if !queryable {
                    return Err(self.c.error("'..' can only follow '@' or '$'"));
                }
                let mut step = parser::parse_segments(self.c, place)?;
                steps.append(&mut step);
                continue;
            }
            if self.c.starts_with(".*") {
                if !queryable {
                    return Err(self.c.error("'.*' can only follow '@' or '$'"));
                }
                self.c.pos += 2;
                steps.push(Step::Child(vec![Selector::Wildcard]));
                continue;
            }
            if self.c.peek() == Some('[') {
                match self.bracket()? {
                    Bracket::Op(op) => ops.push(op),
                    Bracket::Step(selectors) => {
                        if !queryable {
                            return Err(self
                                .c
                                .error_at(at, "wildcards, slices and filters can only follow '@' or '$'"));
                        }
                        steps.push(Step::Child(selectors));
                        continue;
                    }
                }
            } else if self.c.eat_str("?.") {
                self.js_only(at, "'?.'")?;
                let name = self.ident_after_dot()?;
                ops.push(Op::Optional);
                ops.push(self.member_or_call(name, at)?);
            } else if self.c.eat('.') {
                let name = self.ident_after_dot()?;
                ops.push(self.member_or_call(name, at)?);
            } else {
                self.c.pos = before;
                break;
            }
            if !steps.is_empty() {
                // Keep selector order: members after a query step become child steps.
                let Some(op) = ops.pop() else { continue };
                steps.push(op_to_step(op).ok_or_else(|| {
                    self.c.error_at(
                        at,
                        "method calls cannot follow a query with wildcards, slices, filters or '..'",
                    )
                })?);
            }
        }
        if steps.is_empty() {
            return Ok(if ops.is_empty() {
                base
            } else {
                Expr::Postfix(Box::new(base), ops)
            });
        }
        let mut all = Vec::with_capacity(ops.len() + steps.len());
        for op in ops {
            all.push(op_to_step(op).ok_or_else(|| {
                self.c.error_at(
                    start,
                    "method calls cannot be combined with wildcards, slices, filters or '..'",
                )
            })?);
        }
        all.append(&mut steps);
        Ok(Expr::Query {
            absolute: matches!(base, Expr::Root),
            steps: all,
        })
    }

    /// A bracket after a value: one name or index is a member access, anything else (unions,
    /// wildcards, slices, filters) a query step; in JavaScript `[expr]` is a computed member.
    fn bracket(&mut self) -> Result<Bracket, JsonPathError> {
        let open = self.c.pos;
        let inner = self.c.rest().get(1..).unwrap_or("").trim_start();
        let selector_start = matches!(
            inner.chars().next(),
            Some('\'' | '"' | '-' | '0'..='9' | '*' | '?' | ':')
        );
        if self.dialect == Dialect::Js && !selector_start {
            self.c.bump();
            self.c.enter()?;
            let key = self.parse_logical_or()?;
            self.c.skip_ws();
            if !self.c.eat(']') {
                if self.c.at_end() {
                    return Err(self.c.error_at(open, "unclosed '['"));
                }
                return Err(self.unexpected_in_expr("']'"));
            }
            self.c.leave();
            return Ok(Bracket::Op(Op::Computed(Box::new(key))));
        }
        let mut selectors = parser::parse_brackets(self.c, Place::Filter(self.dialect))?;
        if selectors.len() == 1 {
            match selectors.pop() {
                Some(Selector::Name(name)) => return Ok(Bracket::Op(Op::Member(name))),
                Some(Selector::Index(index)) => return Ok(Bracket::Op(Op::Index(index))),
                Some(other) => selectors.push(other),
                None => {}
            }
        }
        Ok(Bracket::Step(selectors))
    }

    fn ident_after_dot(&mut self) -> Result<String, JsonPathError> {
        let start = self.c.pos;
        match self.c.peek() {
            Some(ch) if is_ident_start(ch) => {}
            Some(ch) if ch.is_ascii_digit() => {
                return Err(self
                    .c
                    .error("a member name starting with a digit needs brackets, e.g. @['200']"));
            }
            _ => return Err(self.c.unexpected("a member name after '.'")),
        }
        while self.c.peek().is_some_and(is_ident_char) {
            self.c.bump();
        }
        Ok(self.c.src.get(start..self.c.pos).unwrap_or("").to_owned())
    }

    fn member_or_call(&mut self, name: String, at: usize) -> Result<Op, JsonPathError> {
        if self.c.peek() != Some('(') {
            return Ok(Op::Member(name.into()));
        }
        self.js_only(at, "a method call")?;
        let method = match name.as_str() {
            "match" => Method::Match,
            "test" => Method::Test,
            "includes" => Method::Includes,
            "startsWith" => Method::StartsWith,
            "endsWith" => Method::EndsWith,
            "indexOf" => Method::IndexOf,
            "toLowerCase" => Method::ToLowerCase,
            "toUpperCase" => Method::ToUpperCase,
            "trim" => Method::Trim,
            _ => return Err(self.c.error_at(at + 1, format!("unsupported method '{name}()'"))),
        };
        let (mut args, offsets) = self.parse_args_at()?;
        let args_at = offsets.first().copied().unwrap_or(at);
        let arity = match method {
            Method::ToLowerCase | Method::ToUpperCase | Method::Trim => 0,
            _ => 1,
        };
        if args.len() != arity {
            return Err(self.c.error_at(at + 1, format!("'{name}()' takes {arity} argument(s)")));
        }
        // `s.match("re")` compiles the string as a regular expression, as JavaScript does.
        if method == Method::Match
            && let Some(Expr::Lit(Lit::Str(pattern))) = args.first()
        {
            let regex = Regex::ecma(pattern, "")
                .map_err(|e| self.c.error_at(args_at, format!("invalid regular expression: {e}")))?;
            args = vec![Expr::Regex(Box::new(regex))];
        }
        Ok(Op::Call(method, args))
    }

    fn parse_args(&mut self) -> Result<Vec<Expr>, JsonPathError> {
        self.parse_args_at().map(|(args, _)| args)
    }

    /// Arguments in parentheses with the offset of each.
    fn parse_args_at(&mut self) -> Result<(Vec<Expr>, Vec<usize>), JsonPathError> {
        let open = self.c.pos;
        self.c.expect('(', "'('")?;
        self.c.enter()?;
        let mut args = Vec::new();
        let mut offsets = Vec::new();
        self.c.skip_ws();
        if !self.c.eat(')') {
            loop {
                self.c.skip_ws();
                offsets.push(self.c.pos);
                args.push(self.parse_logical_or()?);
                self.c.skip_ws();
                if self.c.eat(',') {
                    continue;
                }
                if self.c.eat(')') {
                    break;
                }
                if self.c.at_end() {
                    return Err(self.c.error_at(open, "unclosed '('"));
                }
                return Err(self.unexpected_in_expr("',' or ')'"));
            }
        }
        self.c.leave();
        Ok((args, offsets))
    }

    fn parse_primary(&mut self) -> Result<Expr, JsonPathError> {
        self.c.skip_ws();
        let start = self.c.pos;
        match self.c.peek() {
            Some('(') => self.parse_paren(),
            Some(quote @ ('\'' | '"')) => Ok(Expr::Lit(Lit::Str(
                parser::parse_string(self.c, quote, self.dialect)?.into(),
            ))),
            Some(ch) if ch.is_ascii_digit() || ch == '-' || (ch == '.' && self.dialect == Dialect::Js) => {
                self.parse_number()
            }
            Some('/') => {
                self.js_only(start, "a regular expression literal")?;
                self.parse_regex()
            }
            Some('@') => {
                self.c.bump();
                let name_start = self.c.pos;
                while self.c.peek().is_some_and(is_ident_char) {
                    self.c.bump();
                }
                let name = self.c.src.get(name_start..self.c.pos).unwrap_or("");
                if name.is_empty() {
                    return Ok(Expr::Current);
                }
                let expr = match name {
                    "property" => Expr::Property,
                    "parentProperty" => Expr::ParentProperty,
                    "parent" => Expr::Parent,
                    "path" => Expr::Path,
                    "root" => Expr::Root,
                    _ => return Err(self.c.error_at(start, format!("unknown identifier '@{name}'"))),
                };
                self.js_only(start, &format!("'@{name}'"))?;
                if self.nested && matches!(expr, Expr::ParentProperty | Expr::Parent | Expr::Path) {
                    return Err(self
                        .c
                        .error_at(start, format!("'@{name}' is not supported in a nested filter")));
                }
                Ok(expr)
            }
            Some('$') if !self.c.rest()[1..].chars().next().is_some_and(is_ident_char) => {
                self.c.bump();
                Ok(Expr::Root)
            }
            Some(ch) if is_ident_start(ch) => self.parse_identifier(),
            None => Err(self.c.error("expected an expression, found the end of the expression")),
            _ => Err(self.c.unexpected("an expression")),
        }
    }

    fn parse_identifier(&mut self) -> Result<Expr, JsonPathError> {
        let start = self.c.pos;
        while self.c.peek().is_some_and(is_ident_char) {
            self.c.bump();
        }
        let name = self.c.src.get(start..self.c.pos).unwrap_or("").to_owned();
        let js_lit = |lit| -> Result<Expr, JsonPathError> {
            self.js_only(start, &format!("'{name}'"))?;
            Ok(Expr::Lit(lit))
        };
        match name.as_str() {
            "true" => return Ok(Expr::Lit(Lit::Bool(true))),
            "false" => return Ok(Expr::Lit(Lit::Bool(false))),
            "null" => return Ok(Expr::Lit(Lit::Null)),
            "undefined" => return js_lit(Lit::Undefined),
            "NaN" => return js_lit(Lit::Num(f64::NAN)),
            "Infinity" => return js_lit(Lit::Num(f64::INFINITY)),
            _ => {}
        }
        if name == "Array" || name == "Object" {
            self.js_only(start, &format!("'{name}'"))?;
            let wanted = if name == "Array" { ".isArray" } else { ".keys" };
            if !self.c.eat_str(wanted) || self.c.peek() != Some('(') {
                return Err(self.c.error_at(start, format!("only {name}{wanted}(...) is supported")));
            }
            let mut args = self.parse_args()?;
            if args.len() != 1 {
                return Err(self.c.error_at(start, format!("{name}{wanted}() takes 1 argument")));
            }
            let arg = Box::new(args.remove(0));
            return Ok(if name == "Array" {
                Expr::IsArray(arg)
            } else {
                Expr::Keys(arg)
            });
        }
        let func = match name.as_str() {
            "length" => Func::Length,
            "count" => Func::Count,
            "match" => Func::Match,
            "search" => Func::Search,
            "value" => Func::Value,
            _ => {
                return Err(self
                    .c
                    .error_at(start, format!("unknown function or identifier '{name}'")));
            }
        };
        if self.c.peek() != Some('(') {
            return Err(self
                .c
                .error_at(start, format!("'{name}' is a function; call it as {name}(...)")));
        }
        let (mut args, offsets) = self.parse_args_at()?;
        self.check_function(func, &name, &args, start)?;
        if matches!(func, Func::Match | Func::Search)
            && let Some(Expr::Lit(Lit::Str(pattern))) = args.get(1)
        {
            let at = offsets.get(1).copied().unwrap_or(start);
            let regex = Regex::iregexp(pattern, func == Func::Match).map_err(|e| {
                self.c
                    .error_at(at, format!("invalid regular expression in {name}(): {e}"))
            })?;
            args[1] = Expr::Regex(Box::new(regex));
        }
        Ok(Expr::Func(func, args))
    }

    /// RFC 9535 section 2.4.3: argument counts and types of the standard functions.
    fn check_function(&self, func: Func, name: &str, args: &[Expr], at: usize) -> Result<(), JsonPathError> {
        let arity = if matches!(func, Func::Match | Func::Search) {
            2
        } else {
            1
        };
        if args.len() != arity {
            return Err(self
                .c
                .error_at(at, format!("{name}() takes {arity} argument(s), found {}", args.len())));
        }
        let wants_nodes = matches!(func, Func::Count | Func::Value);
        for arg in args {
            let ok = if wants_nodes {
                is_query(arg)
            } else if self.dialect == Dialect::Rfc {
                is_comparable(arg)
            } else {
                !matches!(arg, Expr::Query { .. })
            };
            if !ok {
                let wanted = if wants_nodes {
                    "a query such as @.a or @.*"
                } else {
                    "a value (literal, singular query)"
                };
                return Err(self.c.error_at(at, format!("{name}() needs {wanted} as argument")));
            }
        }
        Ok(())
    }

    /// RFC 9535: operands of `&&`, `||`, `!` and the filter itself must be logical.
    fn check_logical(&self, expr: &Expr, at: usize) -> Result<(), JsonPathError> {
        let ok = match expr {
            Expr::Current | Expr::Root | Expr::Query { .. } => true,
            Expr::Postfix(..) => is_query(expr),
            Expr::Func(func, _) => matches!(func, Func::Match | Func::Search),
            Expr::Not(_) | Expr::And(..) | Expr::Or(..) | Expr::Cmp(..) => true,
            _ => false,
        };
        if ok {
            Ok(())
        } else if let Expr::Func(..) = expr {
            Err(self
                .c
                .error_at(at, "the result of length(), count() or value() must be compared"))
        } else {
            Err(self
                .c
                .error_at(at, "a literal must be compared with something in an RFC 9535 filter"))
        }
    }

    fn parse_number(&mut self) -> Result<Expr, JsonPathError> {
        let start = self.c.pos;
        self.c.eat('-');
        let int_start = self.c.pos;
        while self.c.peek().is_some_and(|ch| ch.is_ascii_digit()) {
            self.c.bump();
        }
        let int = self.c.src.get(int_start..self.c.pos).unwrap_or("");
        if int.is_empty() && !(self.dialect == Dialect::Js && self.c.peek() == Some('.')) {
            return Err(self.c.unexpected("a digit"));
        }
        if int.len() > 1 && int.starts_with('0') {
            return Err(self.c.error_at(start, "numbers must not have leading zeros"));
        }
        if self.c.peek() == Some('.') && self.c.peek_second().is_some_and(|ch| ch.is_ascii_digit()) {
            self.c.bump();
            while self.c.peek().is_some_and(|ch| ch.is_ascii_digit()) {
                self.c.bump();
            }
        } else if self.c.peek() == Some('.') && self.dialect == Dialect::Rfc {
            return Err(self.c.error("a fraction needs digits after '.'"));
        }
        if matches!(self.c.peek(), Some('e' | 'E')) {
            self.c.bump();
            if !self.c.eat('+') {
                self.c.eat('-');
            }
            if !self.c.peek().is_some_and(|ch| ch.is_ascii_digit()) {
                return Err(self.c.unexpected("exponent digits"));
            }
            while self.c.peek().is_some_and(|ch| ch.is_ascii_digit()) {
                self.c.bump();
            }
        }
        if self.c.peek().is_some_and(is_ident_char) {
            return Err(self.c.unexpected("the end of the number"));
        }
        let text = self.c.src.get(start..self.c.pos).unwrap_or("");
        text.parse::<f64>()
            .map(|n| Expr::Lit(Lit::Num(n)))
            .map_err(|_| self.c.error_at(start, format!("invalid number '{text}'")))
    }

    fn parse_regex(&mut self) -> Result<Expr, JsonPathError> {
        let start = self.c.pos;
        self.c.bump();
        let body_start = self.c.pos;
        let mut in_class = false;
        loop {
            match self.c.bump() {
                None | Some('\n' | '\r') => {
                    return Err(self.c.error_at(start, "unterminated regular expression literal"));
                }
                Some('\\') => {
                    if self.c.bump().is_none() {
                        return Err(self.c.error_at(start, "unterminated regular expression literal"));
                    }
                }
                Some('[') => in_class = true,
                Some(']') => in_class = false,
                Some('/') if !in_class => break,
                Some(_) => {}
            }
        }
        let body = self.c.src.get(body_start..self.c.pos - 1).unwrap_or("");
        let flags_start = self.c.pos;
        while self.c.peek().is_some_and(is_ident_char) {
            self.c.bump();
        }
        let flags = self.c.src.get(flags_start..self.c.pos).unwrap_or("");
        let regex = Regex::ecma(body, flags).map_err(|e| {
            self.c
                .error_at(start, format!("invalid regular expression /{body}/{flags}: {e}"))
        })?;
        Ok(Expr::Regex(Box::new(regex)))
    }
}

enum Bracket {
    Op(Op),
    Step(Vec<Selector>),
}

fn op_to_step(op: Op) -> Option<Step> {
    match op {
        Op::Member(name) => Some(Step::Child(vec![Selector::Name(name)])),
        Op::Index(index) => Some(Step::Child(vec![Selector::Index(index)])),
        Op::Optional | Op::Computed(_) | Op::Call(..) => None,
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$' || c as u32 >= 0x80
}

fn is_ident_char(c: char) -> bool {
    is_ident_start(c) || c.is_ascii_digit()
}
