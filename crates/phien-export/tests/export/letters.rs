//! Every Vietnamese letter of the fixtures survives into the workbook cells
//! and into the PDF text, composed (NFC) even when typed with combining
//! marks, and the embedded fonts draw each of them.

use std::collections::BTreeSet;

use phien_core::report::Level;
use phien_export::xlsx::Spreadsheet;
use unicode_normalization::UnicodeNormalization;

use crate::fixture::{
    Book, borrowers, collection_rows, collection_sheet, decomposed_name, letterhead, meeting,
    minutes_members, minutes_sheet, program_names, receipt_slips, vietnamese_letters,
};
use crate::{pdf_text, sheets};

/// The non-ASCII characters of the fixtures' names, composed.
fn fixture_letters() -> BTreeSet<char> {
    borrowers()
        .iter()
        .flat_map(|(_, name, _)| name.nfc().collect::<Vec<_>>())
        .filter(|c| !c.is_ascii())
        .collect()
}

/// Each PDF the crate makes, from the fixtures.
fn every_pdf() -> Vec<(&'static str, Vec<u8>)> {
    let letterhead = letterhead();
    let book = Book::new();
    let rows = collection_rows();
    let meeting = meeting();
    let members = minutes_members();
    let programs = program_names();
    vec![
        (
            "quality",
            phien_export::pdf::quality_report(
                &letterhead,
                &book.credit().cut(None, Level::Borrower),
            )
            .expect("the quality report prints")
            .bytes,
        ),
        (
            "notice",
            phien_export::pdf::public_notice(&letterhead, &book.notice())
                .expect("the notice prints")
                .bytes,
        ),
        (
            "13/TD",
            phien_export::pdf::collection_list(&letterhead, &collection_sheet(&rows))
                .expect("the 13/TD list prints")
                .bytes,
        ),
        (
            "receipts",
            phien_export::pdf::receipts(&letterhead, &receipt_slips())
                .expect("the receipts print")
                .bytes,
        ),
        (
            "minutes",
            phien_export::pdf::minutes(&letterhead, &minutes_sheet(&meeting, &members, &programs))
                .expect("the minutes print")
                .bytes,
        ),
    ]
}

#[test]
fn the_fixtures_hold_every_vietnamese_letter_in_both_cases() {
    let missing: Vec<char> = vietnamese_letters()
        .difference(&fixture_letters())
        .copied()
        .collect();
    assert!(
        missing.is_empty(),
        "the fixture names must use every letter with a diacritic, missing {missing:?}"
    );
}

#[test]
fn the_embedded_fonts_draw_every_vietnamese_letter_and_the_dong_sign() {
    let missing: Vec<char> = vietnamese_letters()
        .into_iter()
        .chain(['₫', '—', '…', '«', '»', '·', '–'])
        .filter(|c| !phien_export::pdf::has_glyph(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "the cut of Noto Sans must keep {missing:?} (fonts/README.md)"
    );
}

#[test]
fn every_letter_of_the_fixtures_survives_into_each_pdf() {
    let letters = fixture_letters();
    for (what, bytes) in every_pdf() {
        let text: BTreeSet<char> = pdf_text(&bytes).chars().collect();
        let lost: Vec<&char> = letters.iter().filter(|c| !text.contains(c)).collect();
        assert!(
            lost.is_empty(),
            "the {what} PDF names every fixture borrower, but its text lost {lost:?}"
        );
    }
}

#[test]
fn every_letter_of_the_fixtures_survives_into_the_workbook() {
    let book = Book::new();
    let rows = collection_rows();
    let mut workbook = Spreadsheet::new(&letterhead()).expect("a workbook starts");
    workbook
        .add_credit_report(&book.credit())
        .expect("the credit report is added")
        .add_collection_list(&collection_sheet(&rows))
        .expect("the 13/TD list is added");
    let bytes = workbook.finish().expect("the workbook is written");
    let letters = fixture_letters();
    for (name, cells) in sheets(&bytes) {
        let text: BTreeSet<char> = cells.iter().flatten().flat_map(|c| c.chars()).collect();
        let lost: Vec<&char> = letters.iter().filter(|c| !text.contains(c)).collect();
        assert!(
            lost.is_empty(),
            "sheet «{name}» lists every fixture borrower, but its cells lost {lost:?}"
        );
    }
}

#[test]
fn a_name_typed_with_combining_marks_comes_out_composed() {
    let composed = "Nguyễn Thị Hoa";
    assert_ne!(
        decomposed_name(),
        composed,
        "the fixture really holds combining marks"
    );
    assert_eq!(decomposed_name().nfc().collect::<String>(), composed);
    for (what, bytes) in every_pdf() {
        // A narrow cell may break the name over two lines.
        let text = pdf_text(&bytes).replace('\n', " ");
        assert!(
            text.contains(composed),
            "the {what} PDF shows «{composed}» as one would type it precomposed"
        );
        assert!(
            !text.contains(&decomposed_name()),
            "no combining marks reach the {what} PDF"
        );
    }
    let book = Book::new();
    let bytes = phien_export::xlsx::credit_report(&letterhead(), &book.credit())
        .expect("the credit report is written");
    let names: Vec<String> = sheets(&bytes)[0]
        .1
        .iter()
        .map(|row| row[2].clone())
        .collect();
    assert!(
        names.iter().any(|n| n == composed),
        "Excel's search and filter find the composed name: {names:?}"
    );
}

#[test]
fn a_character_the_font_lacks_prints_as_a_question_mark() {
    assert!(
        !phien_export::pdf::has_glyph('李'),
        "the cut font has no Han characters"
    );
    let mut slips = receipt_slips();
    slips.truncate(1);
    slips[0].member_name = "Lý 李 Thị Mai".into();
    let printed = phien_export::pdf::receipts(&letterhead(), &slips).expect("the receipt prints");
    let text = pdf_text(&printed.bytes);
    assert!(
        text.contains("Lý ? Thị Mai"),
        "the missing character shows as «?», the rest of the name intact: {text}"
    );
}
