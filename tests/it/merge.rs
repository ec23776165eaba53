//! Three-way merges through the public API: properties every merge must keep, over generated
//! texts (the case-by-case unit tests live beside the code).

use postwright::merge::{merge_text, MergeHunk};
use proptest::prelude::*;

/// Short texts over few distinct lines, so that sides share and repeat lines often; the last
/// line may lack its newline.
fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(vec!["a", "b", "c", "", "d e"]), 0..8),
        any::<bool>(),
    )
        .prop_map(|(lines, final_newline)| {
            let mut text = lines.join("\n");
            if final_newline && !text.is_empty() {
                text.push('\n');
            }
            text
        })
}

proptest! {
    #[test]
    fn a_side_that_did_not_change_yields_the_other(base in text(), edited in text()) {
        prop_assert_eq!(merge_text(&base, &edited, &base).merged, Some(edited.clone()));
        prop_assert_eq!(merge_text(&base, &base, &edited).merged, Some(edited.clone()));
    }

    #[test]
    fn the_same_edit_on_both_sides_is_clean(base in text(), edited in text()) {
        prop_assert_eq!(merge_text(&base, &edited, &edited).merged, Some(edited));
    }

    #[test]
    fn picking_one_side_of_every_conflict_rebuilds_a_whole_text(base in text(), ours in text(), theirs in text()) {
        let result = merge_text(&base, &ours, &theirs);
        let pick = |take_ours: bool| -> String {
            result.hunks.iter().map(|h| match h {
                MergeHunk::Clean(t) => t.as_str(),
                MergeHunk::Conflict { ours, theirs, .. } => if take_ours { ours.as_str() } else { theirs.as_str() },
            }).collect()
        };
        if let Some(merged) = &result.merged {
            prop_assert_eq!(&pick(true), merged);
        }
        // Swapping the sides swaps the picks: the merge favours neither.
        let swapped = merge_text(&base, &theirs, &ours);
        prop_assert_eq!(swapped.merged.is_some(), result.merged.is_some());
    }
}
