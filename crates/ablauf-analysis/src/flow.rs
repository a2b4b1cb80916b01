//! The flow of a model as a graph of its steps.
//!
//! A model is series-parallel: subprocesses run one after the other, items
//! of a sequence one after the other, and a variant or parallel part splits
//! into branches that join again. [`Flow`] turns that into steps (in reading
//! order) and the *directly follows* edges between them:
//!
//! - within a sequence, a step directly follows the step before it;
//! - the first steps of every branch directly follow the steps that end the
//!   sequence before the branching; the steps after the branching directly
//!   follow the last step of every branch;
//! - an empty branch passes its predecessors straight on (a variant with an
//!   empty branch lets the step before it be directly followed by the step
//!   after it);
//! - the last steps of a subprocess are directly followed by the first steps
//!   of the next subprocess.
//!
//! A step B *follows* A when a chain of such edges leads from A to B: some
//! run of the process does A and later B. Two branches of one variant never
//! follow each other (a case takes only one), and neither do two branches of
//! one parallel part (they run side by side, in no fixed order).

use ablauf_model::{BlockModel, Branching, Item, StepItem};
use std::collections::HashMap;

/// One step of the flow with what the analyses need around it.
#[derive(Clone, Debug)]
pub struct FlowStep<'a> {
    pub step: &'a StepItem,
    /// Index of the subprocess in the model.
    pub subprocess: usize,
    /// The org unit that performs the step: its own, else its subprocess's.
    pub org_unit: Option<&'a str>,
    /// Share of cases that reach the step's place in the model: the product
    /// of the shares of the variant branches around it (its own share not
    /// included). 1 outside variants.
    pub reach: f64,
}

impl FlowStep<'_> {
    /// Share of cases that perform this step: [`FlowStep::reach`] times the
    /// step's own share (1 when none is given).
    pub fn weight(&self) -> f64 {
        self.reach * self.step.share.unwrap_or(1.0).clamp(0.0, 1.0)
    }
}

/// The steps of a model and the directly-follows edges between them.
#[derive(Clone, Debug)]
pub struct Flow<'a> {
    pub steps: Vec<FlowStep<'a>>,
    succ: Vec<Vec<usize>>,
    pred: Vec<Vec<usize>>,
    index: HashMap<&'a str, usize>,
}

/// The shares of a variant's branches as used for figures: a given share
/// as it is (clamped to 0..=1); branches without a share split what the
/// given ones leave over equally (nothing when they leave nothing).
pub fn branch_shares(b: &Branching) -> Vec<f64> {
    let given: f64 = b
        .branches
        .iter()
        .filter_map(|br| br.share)
        .map(|s| s.clamp(0.0, 1.0))
        .sum();
    let missing = b.branches.iter().filter(|br| br.share.is_none()).count();
    let rest = if missing == 0 {
        0.0
    } else {
        (1.0 - given).max(0.0) / missing as f64
    };
    b.branches
        .iter()
        .map(|br| br.share.map_or(rest, |s| s.clamp(0.0, 1.0)))
        .collect()
}

impl<'a> Flow<'a> {
    pub fn new(model: &'a BlockModel) -> Flow<'a> {
        let mut f = Flow {
            steps: Vec::new(),
            succ: Vec::new(),
            pred: Vec::new(),
            index: HashMap::new(),
        };
        let mut last: Vec<usize> = Vec::new();
        for (i, sp) in model.subprocesses.iter().enumerate() {
            let ctx = Ctx {
                subprocess: i,
                unit: sp.org_unit.as_deref(),
                reach: 1.0,
            };
            last = f.sequence(&sp.items, last, &ctx);
        }
        f
    }

    fn sequence(&mut self, items: &'a [Item], mut entry: Vec<usize>, ctx: &Ctx<'a>) -> Vec<usize> {
        for item in items {
            entry = match item {
                Item::Step(s) => {
                    let n = self.steps.len();
                    self.steps.push(FlowStep {
                        step: s,
                        subprocess: ctx.subprocess,
                        org_unit: s.org_unit.as_deref().or(ctx.unit),
                        reach: ctx.reach,
                    });
                    self.succ.push(Vec::new());
                    self.pred.push(entry.clone());
                    for &p in &entry {
                        self.succ[p].push(n);
                    }
                    self.index.entry(s.id.as_str()).or_insert(n);
                    vec![n]
                }
                Item::Variant(b) => {
                    let shares = branch_shares(b);
                    let mut out = Vec::new();
                    for (br, share) in b.branches.iter().zip(shares) {
                        let inner = Ctx {
                            reach: ctx.reach * share,
                            ..*ctx
                        };
                        out.extend(self.sequence(&br.items, entry.clone(), &inner));
                    }
                    if b.branches.is_empty() {
                        out = entry;
                    }
                    dedup(out)
                }
                Item::Parallel(b) => {
                    let mut out = Vec::new();
                    for br in &b.branches {
                        out.extend(self.sequence(&br.items, entry.clone(), ctx));
                    }
                    if b.branches.is_empty() {
                        out = entry;
                    }
                    dedup(out)
                }
            };
        }
        entry
    }

    /// Position of the step with this id.
    pub fn position(&self, step_id: &str) -> Option<usize> {
        self.index.get(step_id).copied()
    }

    /// Steps that directly follow step `i`.
    pub fn successors(&self, i: usize) -> &[usize] {
        &self.succ[i]
    }

    /// Steps that step `i` directly follows.
    pub fn predecessors(&self, i: usize) -> &[usize] {
        &self.pred[i]
    }

    /// Every step that follows step `i` (through any chain of edges), in
    /// ascending position.
    pub fn reachable(&self, i: usize) -> Vec<usize> {
        let mut seen = vec![false; self.steps.len()];
        let mut stack = self.succ[i].clone();
        while let Some(n) = stack.pop() {
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(&self.succ[n]);
            }
        }
        (0..seen.len()).filter(|&n| seen[n]).collect()
    }

    /// The "follows" relation of every pair of steps, computed once
    /// (a bit set per step; edges lead from lower to higher positions, so
    /// one backward pass suffices).
    pub fn reach(&self) -> Reach {
        let n = self.steps.len();
        let words = n.div_ceil(64);
        let mut bits = vec![0u64; n * words];
        for i in (0..n).rev() {
            for &s in &self.succ[i] {
                bits[i * words + s / 64] |= 1 << (s % 64);
                let (head, tail) = bits.split_at_mut(s * words);
                for (w, t) in head[i * words..i * words + words]
                    .iter_mut()
                    .zip(&tail[..words])
                {
                    *w |= *t;
                }
            }
        }
        Reach { words, bits }
    }

    /// Every directly-follows edge `(from, to)`.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.succ
            .iter()
            .enumerate()
            .flat_map(|(a, bs)| bs.iter().map(move |&b| (a, b)))
    }
}

/// Which steps follow which (see [`Flow::reach`]).
#[derive(Clone, Debug)]
pub struct Reach {
    words: usize,
    bits: Vec<u64>,
}

impl Reach {
    /// Whether step `j` follows step `i` along a path.
    pub fn follows(&self, i: usize, j: usize) -> bool {
        self.bits
            .get(i * self.words + j / 64)
            .is_some_and(|w| w & (1 << (j % 64)) != 0)
    }
}

#[derive(Clone, Copy)]
struct Ctx<'a> {
    subprocess: usize,
    unit: Option<&'a str>,
    reach: f64,
}

fn dedup(mut v: Vec<usize>) -> Vec<usize> {
    v.sort_unstable();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn model(json: &str) -> BlockModel {
        BlockModel::from_json(json).expect("test model")
    }

    fn labels(f: &Flow, ns: &[usize]) -> Vec<String> {
        ns.iter().map(|&n| f.steps[n].step.id.clone()).collect()
    }

    #[test]
    fn edges_join_branches_and_subprocesses() {
        let m = model(
            r#"{"subprocesses":[
              {"id":"sp1","orgUnit":"u1","items":[
                {"kind":"step","id":"a"},
                {"kind":"variant","id":"v","branches":[
                  {"id":"b1","share":0.7,"items":[{"kind":"step","id":"b"}]},
                  {"id":"b2","share":0.3,"items":[]}]},
                {"kind":"step","id":"c"}]},
              {"id":"sp2","items":[
                {"kind":"parallel","id":"p","branches":[
                  {"id":"p1","items":[{"kind":"step","id":"d","orgUnit":"u2"}]},
                  {"id":"p2","items":[{"kind":"step","id":"e"}]}]},
                {"kind":"step","id":"f"}]}]}"#,
        );
        let f = Flow::new(&m);
        let at = |id| f.position(id).unwrap();
        assert_eq!(labels(&f, f.successors(at("a"))), ["b", "c"]);
        assert_eq!(labels(&f, f.successors(at("b"))), ["c"]);
        assert_eq!(labels(&f, f.successors(at("c"))), ["d", "e"]);
        assert_eq!(labels(&f, f.successors(at("d"))), ["f"]);
        assert_eq!(labels(&f, f.predecessors(at("f"))), ["d", "e"]);
        assert_eq!(labels(&f, &f.reachable(at("b"))), ["c", "d", "e", "f"]);
        assert!(!f.reachable(at("d")).contains(&at("e")));
        assert_eq!(f.steps[at("b")].reach, 0.7);
        assert_eq!(f.steps[at("d")].org_unit, Some("u2"));
        assert_eq!(f.steps[at("e")].org_unit, None);
        assert_eq!(f.steps[at("c")].org_unit, Some("u1"));
        assert_eq!(f.edges().count(), 7);
        let r = f.reach();
        for i in 0..f.steps.len() {
            let all = f.reachable(i);
            for j in 0..f.steps.len() {
                assert_eq!(r.follows(i, j), all.contains(&j), "{i} {j}");
            }
        }
    }

    #[test]
    fn missing_branch_shares_split_the_rest() {
        let m = model(
            r#"{"subprocesses":[{"id":"sp","items":[
                {"kind":"variant","id":"v","branches":[
                  {"id":"b1","share":0.5},{"id":"b2"},{"id":"b3"}]}]}]}"#,
        );
        let Item::Variant(b) = &m.subprocesses[0].items[0] else {
            unreachable!()
        };
        assert_eq!(branch_shares(b), [0.5, 0.25, 0.25]);
    }
}
