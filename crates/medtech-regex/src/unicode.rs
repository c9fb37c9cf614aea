//! Character data as .NET's `RegexCharClass` sees it: UTF-16 code units, `UnicodeCategory`
//! numbers, `\w`, `\s`, the `Is…` block names and case equivalence.

use std::sync::OnceLock;
use unicode_general_category::{get_general_category, GeneralCategory as G};

/// .NET's `UnicodeCategory` numbering (bit positions of a category mask).
pub(crate) mod cat {
    pub const LU: u32 = 1 << 0;
    pub const LL: u32 = 1 << 1;
    pub const LT: u32 = 1 << 2;
    pub const LM: u32 = 1 << 3;
    pub const LO: u32 = 1 << 4;
    pub const MN: u32 = 1 << 5;
    pub const MC: u32 = 1 << 6;
    pub const ME: u32 = 1 << 7;
    pub const ND: u32 = 1 << 8;
    pub const NL: u32 = 1 << 9;
    pub const NO: u32 = 1 << 10;
    pub const ZS: u32 = 1 << 11;
    pub const ZL: u32 = 1 << 12;
    pub const ZP: u32 = 1 << 13;
    pub const CC: u32 = 1 << 14;
    pub const CF: u32 = 1 << 15;
    pub const CS: u32 = 1 << 16;
    pub const CO: u32 = 1 << 17;
    pub const PC: u32 = 1 << 18;
    pub const PD: u32 = 1 << 19;
    pub const PS: u32 = 1 << 20;
    pub const PE: u32 = 1 << 21;
    pub const PI: u32 = 1 << 22;
    pub const PF: u32 = 1 << 23;
    pub const PO: u32 = 1 << 24;
    pub const SM: u32 = 1 << 25;
    pub const SC: u32 = 1 << 26;
    pub const SK: u32 = 1 << 27;
    pub const SO: u32 = 1 << 28;
    pub const CN: u32 = 1 << 29;

    pub const L: u32 = LU | LL | LT | LM | LO;
    /// `\w`: letters, non-spacing marks, decimal digits, connector punctuation.
    pub const WORD: u32 = L | MN | ND | PC;
    /// Ll, Lu and Lt under IgnoreCase (`InternalRegexIgnoreCase`).
    pub const CASED: u32 = LU | LL | LT;
}

/// The category bit of a UTF-16 code unit (a lone surrogate half is `Cs`).
pub(crate) fn category(unit: u16) -> u32 {
    let Some(c) = char::from_u32(u32::from(unit)) else {
        return cat::CS;
    };
    match get_general_category(c) {
        G::UppercaseLetter => cat::LU,
        G::LowercaseLetter => cat::LL,
        G::TitlecaseLetter => cat::LT,
        G::ModifierLetter => cat::LM,
        G::OtherLetter => cat::LO,
        G::NonspacingMark => cat::MN,
        G::SpacingMark => cat::MC,
        G::EnclosingMark => cat::ME,
        G::DecimalNumber => cat::ND,
        G::LetterNumber => cat::NL,
        G::OtherNumber => cat::NO,
        G::SpaceSeparator => cat::ZS,
        G::LineSeparator => cat::ZL,
        G::ParagraphSeparator => cat::ZP,
        G::Control => cat::CC,
        G::Format => cat::CF,
        G::Surrogate => cat::CS,
        G::PrivateUse => cat::CO,
        G::ConnectorPunctuation => cat::PC,
        G::DashPunctuation => cat::PD,
        G::OpenPunctuation => cat::PS,
        G::ClosePunctuation => cat::PE,
        G::InitialPunctuation => cat::PI,
        G::FinalPunctuation => cat::PF,
        G::OtherPunctuation => cat::PO,
        G::MathSymbol => cat::SM,
        G::CurrencySymbol => cat::SC,
        G::ModifierSymbol => cat::SK,
        G::OtherSymbol => cat::SO,
        _ => cat::CN,
    }
}

/// The general-category names `\p{…}` accepts (case-sensitive), as masks.
pub(crate) fn category_by_name(name: &str) -> Option<u32> {
    use cat::*;
    Some(match name {
        "Cc" => CC,
        "Cf" => CF,
        "Cn" => CN,
        "Co" => CO,
        "Cs" => CS,
        "C" => CC | CF | CN | CO | CS,
        "Ll" => LL,
        "Lm" => LM,
        "Lo" => LO,
        "Lt" => LT,
        "Lu" => LU,
        "L" => L,
        "Mc" => MC,
        "Me" => ME,
        "Mn" => MN,
        "M" => MC | ME | MN,
        "Nd" => ND,
        "Nl" => NL,
        "No" => NO,
        "N" => ND | NL | NO,
        "Pc" => PC,
        "Pd" => PD,
        "Pe" => PE,
        "Po" => PO,
        "Ps" => PS,
        "Pf" => PF,
        "Pi" => PI,
        "P" => PC | PD | PE | PO | PS | PF | PI,
        "Sc" => SC,
        "Sk" => SK,
        "Sm" => SM,
        "So" => SO,
        "S" => SC | SK | SM | SO,
        "Zl" => ZL,
        "Zp" => ZP,
        "Zs" => ZS,
        "Z" => ZL | ZP | ZS,
        _ => return None,
    })
}

/// `\w` (`RegexCharClass.IsWordChar`).
pub(crate) fn is_word(unit: u16) -> bool {
    category(unit) & cat::WORD != 0
}

/// The word characters of `\b`, `\B` and group names (`IsBoundaryWordChar`): `\w` plus
/// ZERO WIDTH NON-JOINER and ZERO WIDTH JOINER.
pub(crate) fn is_boundary_word(unit: u16) -> bool {
    is_word(unit) || unit == 0x200C || unit == 0x200D
}

/// `\s`: `char.IsWhiteSpace`.
pub(crate) fn is_space(unit: u16) -> bool {
    matches!(
        unit,
        0x09..=0x0D
            | 0x20
            | 0x85
            | 0xA0
            | 0x1680
            | 0x2000..=0x200A
            | 0x2028
            | 0x2029
            | 0x202F
            | 0x205F
            | 0x3000
    )
}

/// The case-insensitive key of a code unit: its simple lowercase mapping when that is one
/// BMP character, else the unit itself (so U+0130 `İ`, which lowercases to two characters,
/// is equivalent to nothing else, as in .NET's invariant table).
pub(crate) fn fold(unit: u16) -> u16 {
    let Some(c) = char::from_u32(u32::from(unit)) else {
        return unit;
    };
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => u16::try_from(u32::from(l)).unwrap_or(unit),
        _ => unit,
    }
}

/// Every `(fold(x), x)` with `fold(x) != x`, sorted: the inverse of [`fold`].
fn fold_table() -> &'static [(u16, u16)] {
    static TABLE: OnceLock<Vec<(u16, u16)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(u16, u16)> = (0..=u16::MAX)
            .filter_map(|x| {
                let f = fold(x);
                (f != x).then_some((f, x))
            })
            .collect();
        table.sort_unstable();
        table
    })
}

/// Calls `f` with every code unit case-equivalent to `unit` (those with the same
/// [`fold`]), `unit` included.
pub(crate) fn for_each_equivalent(unit: u16, mut f: impl FnMut(u16) -> bool) -> bool {
    let key = fold(unit);
    if f(key) {
        return true;
    }
    let table = fold_table();
    let start = table.partition_point(|&(k, _)| k < key);
    table[start..]
        .iter()
        .take_while(|&&(k, _)| k == key)
        .any(|&(_, x)| f(x))
}

/// Whether `unit` has case equivalents other than itself.
pub(crate) fn participates_in_case(unit: u16) -> bool {
    let mut other = false;
    for_each_equivalent(unit, |x| {
        other = x != unit;
        other
    });
    other
}

/// The `Is…` block names of `RegexCharClass` (.NET's table, which stops at Unicode 4.0's
/// BMP blocks): name, first unit, last unit.
const BLOCKS: &[(&str, u16, u16)] = &[
    ("IsAlphabeticPresentationForms", 0xFB00, 0xFB4F),
    ("IsArabic", 0x0600, 0x06FF),
    ("IsArabicPresentationForms-A", 0xFB50, 0xFDFF),
    ("IsArabicPresentationForms-B", 0xFE70, 0xFEFF),
    ("IsArmenian", 0x0530, 0x058F),
    ("IsArrows", 0x2190, 0x21FF),
    ("IsBasicLatin", 0x0000, 0x007F),
    ("IsBengali", 0x0980, 0x09FF),
    ("IsBlockElements", 0x2580, 0x259F),
    ("IsBopomofo", 0x3100, 0x312F),
    ("IsBopomofoExtended", 0x31A0, 0x31BF),
    ("IsBoxDrawing", 0x2500, 0x257F),
    ("IsBraillePatterns", 0x2800, 0x28FF),
    ("IsBuhid", 0x1740, 0x175F),
    ("IsCJKCompatibility", 0x3300, 0x33FF),
    ("IsCJKCompatibilityForms", 0xFE30, 0xFE4F),
    ("IsCJKCompatibilityIdeographs", 0xF900, 0xFAFF),
    ("IsCJKRadicalsSupplement", 0x2E80, 0x2EFF),
    ("IsCJKSymbolsandPunctuation", 0x3000, 0x303F),
    ("IsCJKUnifiedIdeographs", 0x4E00, 0x9FFF),
    ("IsCJKUnifiedIdeographsExtensionA", 0x3400, 0x4DBF),
    ("IsCherokee", 0x13A0, 0x13FF),
    ("IsCombiningDiacriticalMarks", 0x0300, 0x036F),
    ("IsCombiningDiacriticalMarksforSymbols", 0x20D0, 0x20FF),
    ("IsCombiningHalfMarks", 0xFE20, 0xFE2F),
    ("IsCombiningMarksforSymbols", 0x20D0, 0x20FF),
    ("IsControlPictures", 0x2400, 0x243F),
    ("IsCurrencySymbols", 0x20A0, 0x20CF),
    ("IsCyrillic", 0x0400, 0x04FF),
    ("IsCyrillicSupplement", 0x0500, 0x052F),
    ("IsDevanagari", 0x0900, 0x097F),
    ("IsDingbats", 0x2700, 0x27BF),
    ("IsEnclosedAlphanumerics", 0x2460, 0x24FF),
    ("IsEnclosedCJKLettersandMonths", 0x3200, 0x32FF),
    ("IsEthiopic", 0x1200, 0x137F),
    ("IsGeneralPunctuation", 0x2000, 0x206F),
    ("IsGeometricShapes", 0x25A0, 0x25FF),
    ("IsGeorgian", 0x10A0, 0x10FF),
    ("IsGreek", 0x0370, 0x03FF),
    ("IsGreekExtended", 0x1F00, 0x1FFF),
    ("IsGreekandCoptic", 0x0370, 0x03FF),
    ("IsGujarati", 0x0A80, 0x0AFF),
    ("IsGurmukhi", 0x0A00, 0x0A7F),
    ("IsHalfwidthandFullwidthForms", 0xFF00, 0xFFEF),
    ("IsHangulCompatibilityJamo", 0x3130, 0x318F),
    ("IsHangulJamo", 0x1100, 0x11FF),
    ("IsHangulSyllables", 0xAC00, 0xD7AF),
    ("IsHanunoo", 0x1720, 0x173F),
    ("IsHebrew", 0x0590, 0x05FF),
    ("IsHighPrivateUseSurrogates", 0xDB80, 0xDBFF),
    ("IsHighSurrogates", 0xD800, 0xDB7F),
    ("IsHiragana", 0x3040, 0x309F),
    ("IsIPAExtensions", 0x0250, 0x02AF),
    ("IsIdeographicDescriptionCharacters", 0x2FF0, 0x2FFF),
    ("IsKanbun", 0x3190, 0x319F),
    ("IsKangxiRadicals", 0x2F00, 0x2FDF),
    ("IsKannada", 0x0C80, 0x0CFF),
    ("IsKatakana", 0x30A0, 0x30FF),
    ("IsKatakanaPhoneticExtensions", 0x31F0, 0x31FF),
    ("IsKhmer", 0x1780, 0x17FF),
    ("IsKhmerSymbols", 0x19E0, 0x19FF),
    ("IsLao", 0x0E80, 0x0EFF),
    ("IsLatin-1Supplement", 0x0080, 0x00FF),
    ("IsLatinExtended-A", 0x0100, 0x017F),
    ("IsLatinExtended-B", 0x0180, 0x024F),
    ("IsLatinExtendedAdditional", 0x1E00, 0x1EFF),
    ("IsLetterlikeSymbols", 0x2100, 0x214F),
    ("IsLimbu", 0x1900, 0x194F),
    ("IsLowSurrogates", 0xDC00, 0xDFFF),
    ("IsMalayalam", 0x0D00, 0x0D7F),
    ("IsMathematicalOperators", 0x2200, 0x22FF),
    ("IsMiscellaneousMathematicalSymbols-A", 0x27C0, 0x27EF),
    ("IsMiscellaneousMathematicalSymbols-B", 0x2980, 0x29FF),
    ("IsMiscellaneousSymbols", 0x2600, 0x26FF),
    ("IsMiscellaneousSymbolsandArrows", 0x2B00, 0x2BFF),
    ("IsMiscellaneousTechnical", 0x2300, 0x23FF),
    ("IsMongolian", 0x1800, 0x18AF),
    ("IsMyanmar", 0x1000, 0x109F),
    ("IsNumberForms", 0x2150, 0x218F),
    ("IsOgham", 0x1680, 0x169F),
    ("IsOpticalCharacterRecognition", 0x2440, 0x245F),
    ("IsOriya", 0x0B00, 0x0B7F),
    ("IsPhoneticExtensions", 0x1D00, 0x1D7F),
    ("IsPrivateUse", 0xE000, 0xF8FF),
    ("IsPrivateUseArea", 0xE000, 0xF8FF),
    ("IsRunic", 0x16A0, 0x16FF),
    ("IsSinhala", 0x0D80, 0x0DFF),
    ("IsSmallFormVariants", 0xFE50, 0xFE6F),
    ("IsSpacingModifierLetters", 0x02B0, 0x02FF),
    ("IsSpecials", 0xFFF0, 0xFFFF),
    ("IsSuperscriptsandSubscripts", 0x2070, 0x209F),
    ("IsSupplementalArrows-A", 0x27F0, 0x27FF),
    ("IsSupplementalArrows-B", 0x2900, 0x297F),
    ("IsSupplementalMathematicalOperators", 0x2A00, 0x2AFF),
    ("IsSyriac", 0x0700, 0x074F),
    ("IsTagalog", 0x1700, 0x171F),
    ("IsTagbanwa", 0x1760, 0x177F),
    ("IsTaiLe", 0x1950, 0x197F),
    ("IsTamil", 0x0B80, 0x0BFF),
    ("IsTelugu", 0x0C00, 0x0C7F),
    ("IsThaana", 0x0780, 0x07BF),
    ("IsThai", 0x0E00, 0x0E7F),
    ("IsTibetan", 0x0F00, 0x0FFF),
    ("IsUnifiedCanadianAboriginalSyllabics", 0x1400, 0x167F),
    ("IsVariationSelectors", 0xFE00, 0xFE0F),
    ("IsYiRadicals", 0xA490, 0xA4CF),
    ("IsYiSyllables", 0xA000, 0xA48F),
    ("IsYijingHexagramSymbols", 0x4DC0, 0x4DFF),
];

/// The range of an `Is…` block name (case-sensitive, as in .NET).
pub(crate) fn block_by_name(name: &str) -> Option<(u16, u16)> {
    BLOCKS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, lo, hi)| (lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_sorted_like_dotnet() {
        assert!(BLOCKS.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(BLOCKS.iter().all(|(_, lo, hi)| lo <= hi));
    }

    #[test]
    fn case_equivalence() {
        let mut k = Vec::new();
        for_each_equivalent(u16::from(b'K'), |x| {
            k.push(x);
            false
        });
        k.sort_unstable();
        assert_eq!(k, vec![0x4B, 0x6B, 0x212A]);
        assert!(!participates_in_case(0x0130));
        assert!(participates_in_case(u16::from(b'a')));
        assert!(!participates_in_case(u16::from(b'1')));
    }
}
