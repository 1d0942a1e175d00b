//! The fuzzing loop's memory, shared by the binary and the fixed-seed
//! test: the corpus, and which behaviours (route, status, error or refusal
//! codes) have been seen. An input that shows a new behaviour joins the
//! corpus: without coverage instrumentation on the stable toolchain, the
//! server's answers are the signal that an input reached somewhere new.

use std::collections::HashSet;

use crate::corpus;
use crate::input::Input;
use crate::mutate::Mutator;
use crate::target::{Outcome, Target};

/// Inputs bigger than this never join the corpus (they are slow to mutate
/// and to run; the mutator makes the big ones itself, rarely).
pub const MAX_CORPUS_INPUT: usize = 64 * 1024;

/// Most inputs kept.
pub const MAX_CORPUS: usize = 4096;

/// The corpus, the behaviours seen and the mutator.
pub struct Fuzzer {
    mutator: Mutator,
    corpus: Vec<Vec<u8>>,
    seeds: usize,
    behaviours: HashSet<String>,
    made: usize,
}

impl Fuzzer {
    /// A fuzzer for `target`'s fixture, its mutator seeded with `seed`; the
    /// corpus starts with the seeds and the cheap hostile inputs.
    pub fn new(target: &Target, seed: u64) -> Fuzzer {
        let fixture = target.fixture();
        let corpus: Vec<Vec<u8>> = corpus::seeds(fixture)
            .into_iter()
            .chain(corpus::hostile(fixture))
            .filter(|s| s.mutate)
            .map(|s| s.input.to_bytes())
            .collect();
        Fuzzer {
            mutator: Mutator::new(seed, fixture),
            seeds: corpus.len(),
            corpus,
            behaviours: HashSet::new(),
            made: 0,
        }
    }

    /// The next input: the seeds as they are first, then mutations of the
    /// corpus aimed at `target`'s live state.
    pub fn next_input(&mut self, target: &Target) -> anyhow::Result<Vec<u8>> {
        self.made += 1;
        if self.made <= self.seeds {
            return Ok(self.corpus[self.made - 1].clone());
        }
        let live = target.live()?;
        let base = Input::from_bytes(&self.corpus[self.mutator.below(self.corpus.len())]);
        let other = Input::from_bytes(&self.corpus[self.mutator.below(self.corpus.len())]);
        Ok(self.mutator.mutate(&base, &other, &live).to_bytes())
    }

    /// Learns from what `data` did: a new behaviour keeps it.
    pub fn learn(&mut self, data: Vec<u8>, outcome: &Outcome) {
        if !self.behaviours.insert(outcome.behaviour.clone()) || data.len() > MAX_CORPUS_INPUT {
            return;
        }
        if self.corpus.len() < MAX_CORPUS {
            self.corpus.push(data);
        } else {
            // Replace a learnt input, never a seed.
            let i = self.seeds + self.mutator.below(self.corpus.len() - self.seeds);
            self.corpus[i] = data;
        }
    }

    /// Inputs in the corpus.
    pub fn corpus_len(&self) -> usize {
        self.corpus.len()
    }

    /// Behaviours seen.
    pub fn behaviours(&self) -> usize {
        self.behaviours.len()
    }

    /// Seed inputs (they run first).
    pub fn seeds(&self) -> usize {
        self.seeds
    }
}
