//! Typo and prefix matching for the embedded index, with each Levenshtein automaton built once per search.
//! tantivy's `FuzzyTermQuery` builds its automaton for every field it runs on; a query word is looked up in
//! ten fields (title and text in five languages), and the automaton of a long word with two typos takes a
//! millisecond or more to build, so building it once and sharing it is most of a search's cost saved.

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use tantivy::query::{AutomatonWeight, EnableScoring, Query, Weight};
use tantivy::schema::Field;

/// One builder per distance (0, 1, 2); an adjacent swap counts as one typo, as in Meilisearch.
static BUILDERS: LazyLock<Vec<LevenshteinAutomatonBuilder>> = LazyLock::new(|| {
    (0..=2)
        .map(|d| LevenshteinAutomatonBuilder::new(d, true))
        .collect()
});

/// A Levenshtein automaton over the bytes of terms.
pub struct Dfa(DFA);

impl std::fmt::Debug for Dfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Dfa")
    }
}

impl tantivy_fst::Automaton for Dfa {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The automata of one search, by word, distance and whether it matches prefixes.
#[derive(Default)]
pub struct Automata {
    built: HashMap<(String, u8, bool), Arc<Dfa>>,
}

impl Automata {
    /// Terms within `distance` edits of `text` (or, with `prefix`, starting with such a text).
    pub fn get(&mut self, text: &str, distance: u8, prefix: bool) -> Arc<Dfa> {
        self.built
            .entry((text.to_string(), distance, prefix))
            .or_insert_with(|| {
                let builder = &BUILDERS[usize::from(distance.min(2))];
                Arc::new(Dfa(if prefix {
                    builder.build_prefix_dfa(text)
                } else {
                    builder.build_dfa(text)
                }))
            })
            .clone()
    }
}

/// The documents with a term of `field` the automaton accepts.
#[derive(Debug, Clone)]
pub struct AutomatonQuery {
    pub field: Field,
    pub automaton: Arc<Dfa>,
}

impl Query for AutomatonQuery {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<Dfa>::new(
            self.field,
            self.automaton.clone(),
        )))
    }
}
