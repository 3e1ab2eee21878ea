//! The built-in types of XSD 1.0 Part 2: xs:anySimpleType, the 19 primitives and the 25
//! derived types, with the derivation tree of Part 2 §3 (xs:anyAtomicType is XSD 1.1 and is
//! not here). Each has one type definition, built on first use and shared.

use super::facets::{Bound, Facets, Fixable};
use super::lexical::decimal::Decimal;
use super::value::Value;
use super::{Derivation, Final, SimpleType, Variety, WhiteSpace, XS_NAMESPACE};
use std::sync::{Arc, OnceLock};

/// A built-in simple type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // Each variant is the XSD type of the same name.
pub enum Builtin {
    AnySimpleType,
    String,
    Boolean,
    Decimal,
    Float,
    Double,
    Duration,
    DateTime,
    Time,
    Date,
    GYearMonth,
    GYear,
    GMonthDay,
    GDay,
    GMonth,
    HexBinary,
    Base64Binary,
    AnyUri,
    QName,
    Notation,
    NormalizedString,
    Token,
    Language,
    NmToken,
    NmTokens,
    Name,
    NcName,
    Id,
    IdRef,
    IdRefs,
    Entity,
    Entities,
    Integer,
    NonPositiveInteger,
    NegativeInteger,
    Long,
    Int,
    Short,
    Byte,
    NonNegativeInteger,
    UnsignedLong,
    UnsignedInt,
    UnsignedShort,
    UnsignedByte,
    PositiveInteger,
}

/// Every built-in, base before derived.
pub const ALL: [Builtin; 45] = {
    use Builtin::*;
    [
        AnySimpleType,
        String,
        Boolean,
        Decimal,
        Float,
        Double,
        Duration,
        DateTime,
        Time,
        Date,
        GYearMonth,
        GYear,
        GMonthDay,
        GDay,
        GMonth,
        HexBinary,
        Base64Binary,
        AnyUri,
        QName,
        Notation,
        NormalizedString,
        Token,
        Language,
        NmToken,
        NmTokens,
        Name,
        NcName,
        Id,
        IdRef,
        IdRefs,
        Entity,
        Entities,
        Integer,
        NonPositiveInteger,
        NegativeInteger,
        Long,
        Int,
        Short,
        Byte,
        NonNegativeInteger,
        UnsignedLong,
        UnsignedInt,
        UnsignedShort,
        UnsignedByte,
        PositiveInteger,
    ]
};

static DEFINITIONS: [OnceLock<Arc<SimpleType>>; ALL.len()] = [const { OnceLock::new() }; ALL.len()];

impl Builtin {
    /// The built-in of this local name in the XML Schema namespace (`"decimal"` →
    /// `Decimal`); `None` for any other name, `anyAtomicType` included.
    pub fn from_local_name(name: &str) -> Option<Builtin> {
        ALL.into_iter().find(|b| b.local_name() == name)
    }

    /// The name in the XML Schema namespace.
    pub fn local_name(self) -> &'static str {
        use Builtin::*;
        match self {
            AnySimpleType => "anySimpleType",
            String => "string",
            Boolean => "boolean",
            Decimal => "decimal",
            Float => "float",
            Double => "double",
            Duration => "duration",
            DateTime => "dateTime",
            Time => "time",
            Date => "date",
            GYearMonth => "gYearMonth",
            GYear => "gYear",
            GMonthDay => "gMonthDay",
            GDay => "gDay",
            GMonth => "gMonth",
            HexBinary => "hexBinary",
            Base64Binary => "base64Binary",
            AnyUri => "anyURI",
            QName => "QName",
            Notation => "NOTATION",
            NormalizedString => "normalizedString",
            Token => "token",
            Language => "language",
            NmToken => "NMTOKEN",
            NmTokens => "NMTOKENS",
            Name => "Name",
            NcName => "NCName",
            Id => "ID",
            IdRef => "IDREF",
            IdRefs => "IDREFS",
            Entity => "ENTITY",
            Entities => "ENTITIES",
            Integer => "integer",
            NonPositiveInteger => "nonPositiveInteger",
            NegativeInteger => "negativeInteger",
            Long => "long",
            Int => "int",
            Short => "short",
            Byte => "byte",
            NonNegativeInteger => "nonNegativeInteger",
            UnsignedLong => "unsignedLong",
            UnsignedInt => "unsignedInt",
            UnsignedShort => "unsignedShort",
            UnsignedByte => "unsignedByte",
            PositiveInteger => "positiveInteger",
        }
    }

    /// The type this one is derived from; `None` for xs:anySimpleType. The three list types
    /// (NMTOKENS, IDREFS, ENTITIES) are derived from xs:anySimpleType by list, as Part 2 says.
    pub fn base(self) -> Option<Builtin> {
        use Builtin::*;
        Some(match self {
            AnySimpleType => return None,
            String | Boolean | Decimal | Float | Double | Duration | DateTime | Time | Date | GYearMonth | GYear
            | GMonthDay | GDay | GMonth | HexBinary | Base64Binary | AnyUri | QName | Notation | NmTokens | IdRefs
            | Entities => AnySimpleType,
            NormalizedString => String,
            Token => NormalizedString,
            Language | NmToken | Name => Token,
            NcName => Name,
            Id | IdRef | Entity => NcName,
            Integer => Decimal,
            NonPositiveInteger | Long | NonNegativeInteger => Integer,
            NegativeInteger => NonPositiveInteger,
            Int => Long,
            Short => Int,
            Byte => Short,
            UnsignedLong | PositiveInteger => NonNegativeInteger,
            UnsignedInt => UnsignedLong,
            UnsignedShort => UnsignedInt,
            UnsignedByte => UnsignedShort,
        })
    }

    /// The primitive this type is derived from (`Int` → `Decimal`); a primitive is its own.
    /// The list types and xs:anySimpleType give xs:anySimpleType.
    pub fn primitive(self) -> Builtin {
        let mut current = self;
        while let Some(base) = current.base() {
            if base == Builtin::AnySimpleType {
                return if self.item().is_some() { base } else { current };
            }
            current = base;
        }
        current
    }

    /// The item type of a built-in list type (`IdRefs` → `IdRef`).
    pub fn item(self) -> Option<Builtin> {
        match self {
            Builtin::NmTokens => Some(Builtin::NmToken),
            Builtin::IdRefs => Some(Builtin::IdRef),
            Builtin::Entities => Some(Builtin::Entity),
            _ => None,
        }
    }

    /// Whether this type is `other` or derived from it (every type derives from
    /// xs:anySimpleType).
    pub fn derives_from(self, other: Builtin) -> bool {
        let mut current = Some(self);
        while let Some(b) = current {
            if b == other {
                return true;
            }
            current = b.base();
        }
        false
    }

    /// The bounds of a built-in integer type (`None` on an unbounded side); `None` for
    /// xs:integer itself and for every other type.
    pub(crate) fn integer_range(self) -> Option<(Option<i128>, Option<i128>)> {
        use Builtin::*;
        let signed = |bits: u32| (Some(-(1i128 << (bits - 1))), Some((1i128 << (bits - 1)) - 1));
        let unsigned = |bits: u32| (Some(0), Some((1i128 << bits) - 1));
        Some(match self {
            NonPositiveInteger => (None, Some(0)),
            NegativeInteger => (None, Some(-1)),
            NonNegativeInteger => (Some(0), None),
            PositiveInteger => (Some(1), None),
            Long => signed(64),
            Int => signed(32),
            Short => signed(16),
            Byte => signed(8),
            UnsignedLong => unsigned(64),
            UnsignedInt => unsigned(32),
            UnsignedShort => unsigned(16),
            UnsignedByte => unsigned(8),
            _ => return None,
        })
    }

    /// The type definition, built once and shared.
    pub fn type_def(self) -> Arc<SimpleType> {
        DEFINITIONS[self as usize]
            .get_or_init(|| Arc::new(self.build()))
            .clone()
    }

    fn build(self) -> SimpleType {
        let base = self.base().map(Builtin::type_def);
        let mut facets = match (&base, self.item()) {
            (Some(base), None) if self.base() != Some(Builtin::AnySimpleType) => base.facets.clone(),
            _ => Facets::default(),
        };
        let variety = match self.item() {
            Some(item) => {
                facets.min_length = Some(Fixable { value: 1, fixed: false });
                Variety::List(item.type_def())
            }
            None => Variety::Atomic(self),
        };
        facets.whitespace = match self {
            Builtin::String | Builtin::AnySimpleType => Fixable {
                value: WhiteSpace::Preserve,
                fixed: false,
            },
            Builtin::NormalizedString => Fixable {
                value: WhiteSpace::Replace,
                fixed: false,
            },
            _ if self.derives_from(Builtin::String) => Fixable {
                value: WhiteSpace::Collapse,
                fixed: false,
            },
            _ => Fixable {
                value: WhiteSpace::Collapse,
                fixed: true,
            },
        };
        if self == Builtin::Integer {
            facets.fraction_digits = Some(Fixable { value: 0, fixed: true });
        }
        if let Some((min, max)) = self.integer_range() {
            let bound = |n: i128| Bound {
                value: Value::Decimal(Decimal::from_i128(n)),
                lexical: n.to_string(),
                fixed: false,
            };
            facets.min_inclusive = min.map(bound);
            facets.max_inclusive = max.map(bound);
            facets.min_exclusive = None;
            facets.max_exclusive = None;
        }
        SimpleType {
            name: Some((XS_NAMESPACE.to_string(), self.local_name().to_string())),
            variety,
            derivation: if self.item().is_some() {
                Derivation::List
            } else {
                Derivation::Restriction
            },
            base,
            facets,
            finals: Final::default(),
            builtin: Some(self),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{ALL, Builtin};

    #[test]
    fn names_round_trip_and_unknown_names_are_refused() {
        for b in ALL {
            assert_eq!(Builtin::from_local_name(b.local_name()), Some(b));
        }
        assert_eq!(ALL.len(), 45);
        for unknown in [
            "anyAtomicType",
            "dateTimeStamp",
            "yearMonthDuration",
            "Decimal",
            "xs:int",
            "",
        ] {
            assert_eq!(Builtin::from_local_name(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn derivation_tree() {
        use Builtin::*;
        assert_eq!(Int.base(), Some(Long));
        assert_eq!(Int.primitive(), Decimal);
        assert_eq!(Id.primitive(), String);
        assert_eq!(Decimal.primitive(), Decimal);
        assert_eq!(IdRefs.primitive(), AnySimpleType);
        assert_eq!(UnsignedByte.base(), Some(UnsignedShort));
        assert!(Byte.derives_from(Integer));
        assert!(Byte.derives_from(AnySimpleType));
        assert!(!Byte.derives_from(UnsignedByte));
        assert!(!Integer.derives_from(Int));
        assert!(Id.derives_from(Token));
        assert!(!IdRefs.derives_from(IdRef));
        for b in ALL {
            assert!(b.derives_from(AnySimpleType), "{b:?}");
            assert!(b.derives_from(b.primitive()), "{b:?}");
            assert_eq!(b.type_def().as_builtin(), Some(b));
        }
    }

    #[test]
    fn type_definitions_are_shared() {
        assert!(std::sync::Arc::ptr_eq(
            &Builtin::Int.type_def(),
            &Builtin::Int.type_def()
        ));
    }
}
