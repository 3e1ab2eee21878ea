//! Lexical spaces of the built-in types, one file per family: a literal (whitespace already
//! processed) becomes a value, or is refused. The built-in derived types' own patterns and
//! ranges (xs:integer has no point, xs:byte stops at 127, xs:NCName has no colon) are decided
//! here in code, so no regular expression runs for a built-in type.

pub mod binary;
pub mod datetime;
pub mod decimal;
pub mod duration;
pub mod float;
pub mod names;
pub mod qname;

use super::Namespaces;
use super::builtin::Builtin;
use super::value::Value;
use datetime::{Temporal, TemporalKind};
use decimal::Decimal;
use duration::Duration;
use float::FloatValue;
use qname::QNameProblem;

/// Why a literal is not in a built-in type's lexical space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The form is wrong.
    Form,
    /// A well-formed number outside the type's range.
    OutOfRange,
    /// A QName or NOTATION whose prefix is not declared.
    UnboundPrefix(String),
}

/// The value of `text` (whitespace already processed) in the atomic built-in `builtin`.
pub fn parse(builtin: Builtin, text: &str, ns: &dyn Namespaces) -> Result<Value, Rejection> {
    use Builtin as B;
    if let Some(checked) = check_string(builtin, text) {
        checked?;
        return Ok(match builtin {
            B::AnySimpleType => Value::Untyped(text.to_string()),
            B::AnyUri => Value::AnyUri(text.to_string()),
            _ => Value::String(text.to_string()),
        });
    }
    let value = match builtin {
        B::Boolean => match text {
            "true" | "1" => Value::Boolean(true),
            "false" | "0" => Value::Boolean(false),
            _ => return Err(Rejection::Form),
        },
        B::Decimal => Value::Decimal(Decimal::parse(text).ok_or(Rejection::Form)?),
        B::Float => Value::Float(FloatValue::parse_float(text).ok_or(Rejection::Form)?),
        B::Double => Value::Double(FloatValue::parse_double(text).ok_or(Rejection::Form)?),
        B::Duration => Value::Duration(Duration::parse(text).ok_or(Rejection::Form)?),
        B::DateTime => temporal(TemporalKind::DateTime, text)?,
        B::Time => temporal(TemporalKind::Time, text)?,
        B::Date => temporal(TemporalKind::Date, text)?,
        B::GYearMonth => temporal(TemporalKind::GYearMonth, text)?,
        B::GYear => temporal(TemporalKind::GYear, text)?,
        B::GMonthDay => temporal(TemporalKind::GMonthDay, text)?,
        B::GDay => temporal(TemporalKind::GDay, text)?,
        B::GMonth => temporal(TemporalKind::GMonth, text)?,
        B::HexBinary => Value::HexBinary(binary::parse_hex(text).ok_or(Rejection::Form)?),
        B::Base64Binary => Value::Base64Binary(binary::parse_base64(text).ok_or(Rejection::Form)?),
        B::QName | B::Notation => {
            let (namespace, local) = qname::parse_qname(text, ns).map_err(|problem| match problem {
                QNameProblem::Form => Rejection::Form,
                QNameProblem::UnboundPrefix(prefix) => Rejection::UnboundPrefix(prefix),
            })?;
            if builtin == B::QName {
                Value::QName(namespace, local)
            } else {
                Value::Notation(namespace, local)
            }
        }
        B::Integer
        | B::NonPositiveInteger
        | B::NegativeInteger
        | B::Long
        | B::Int
        | B::Short
        | B::Byte
        | B::NonNegativeInteger
        | B::UnsignedLong
        | B::UnsignedInt
        | B::UnsignedShort
        | B::UnsignedByte
        | B::PositiveInteger => {
            let value = Decimal::parse_integer(text).ok_or(Rejection::Form)?;
            if let Some((min, max)) = builtin.integer_range() {
                let in_range = match value.to_i128() {
                    Some(n) => min.is_none_or(|min| n >= min) && max.is_none_or(|max| n <= max),
                    // Beyond i128: only the unbounded side of a half-bounded type takes it.
                    None => {
                        if value.is_negative() {
                            min.is_none()
                        } else {
                            max.is_none()
                        }
                    }
                };
                if !in_range {
                    return Err(Rejection::OutOfRange);
                }
            }
            Value::Decimal(value)
        }
        // List types are split into items before their items reach this function, and the
        // string types were checked above.
        B::NmTokens | B::IdRefs | B::Entities => return Err(Rejection::Form),
        B::AnySimpleType
        | B::String
        | B::NormalizedString
        | B::Token
        | B::Language
        | B::Name
        | B::NcName
        | B::Id
        | B::IdRef
        | B::Entity
        | B::NmToken
        | B::AnyUri => return Err(Rejection::Form),
    };
    Ok(value)
}

/// For the types whose value is the text itself (the string types, xs:anyURI and
/// xs:anySimpleType): whether `text` is in the lexical space, decided without building a
/// value. `None` for every other type.
pub fn check_string(builtin: Builtin, text: &str) -> Option<Result<(), Rejection>> {
    use Builtin as B;
    let valid = match builtin {
        B::AnySimpleType | B::String | B::NormalizedString | B::Token => true,
        B::Language => names::is_language(text),
        B::Name => names::is_name(text),
        B::NcName | B::Id | B::IdRef | B::Entity => names::is_ncname(text),
        B::NmToken => names::is_nmtoken(text),
        B::AnyUri => qname::is_any_uri(text),
        _ => return None,
    };
    Some(if valid { Ok(()) } else { Err(Rejection::Form) })
}

fn temporal(kind: TemporalKind, text: &str) -> Result<Value, Rejection> {
    Temporal::parse(kind, text).map(Value::Temporal).ok_or(Rejection::Form)
}
