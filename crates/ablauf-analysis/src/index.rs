//! The landscape's step index: every step of every model as a flat row (what
//! the store keeps in `process_steps`), and [`PatternIndex`], the compact
//! in-memory copy of an organisation's steps that answers pattern queries
//! without loading or parsing a model.
//!
//! The rows carry what pattern queries and the landscape need: the step's
//! position in reading order, its block, medium, IT system, effective org
//! unit, pay grade, times, shares, its subprocess, the positions of the steps
//! it directly follows (the [`Flow`]'s edges) and its branch path.

use crate::flow::Flow;
use crate::pattern::{PatternQuery, StepFacts, StepGraph, find_with};
use ablauf_model::{BlockModel, Item};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::OnceLock;

/// One step of a model as the index stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct StepRow {
    /// Position in reading order (0-based), the flow's step index.
    pub position: usize,
    pub step_id: String,
    pub label: String,
    pub subprocess_index: usize,
    pub subprocess_id: String,
    pub block: String,
    pub medium: Option<String>,
    pub it_system: Option<String>,
    /// The step's own org unit, else its subprocess's.
    pub org_unit: Option<String>,
    pub pay_grade: Option<String>,
    pub processing_minutes: Option<f64>,
    pub waiting_minutes: Option<f64>,
    /// The step's own share of cases.
    pub share: Option<f64>,
    /// Share of cases reaching the step's place (product of the variant
    /// shares around it).
    pub reach: f64,
    /// Positions of the steps it directly follows.
    pub predecessors: Vec<usize>,
    /// The branchings around the step from its subprocess down, as
    /// `kind:branching-id:branch-index` joined by `/` (`v` variant, `p`
    /// parallel); empty at the top level of a subprocess.
    pub branch_path: String,
}

impl StepRow {
    /// The predecessors as stored: positions joined by `,`.
    pub fn predecessors_text(&self) -> String {
        let v: Vec<String> = self.predecessors.iter().map(usize::to_string).collect();
        v.join(",")
    }
}

/// Parses [`StepRow::predecessors_text`] (bad numbers are skipped).
pub fn parse_predecessors(text: &str) -> Vec<usize> {
    text.split(',')
        .filter_map(|p| p.trim().parse().ok())
        .collect()
}

/// The rows of every step of a model, in reading order.
pub fn step_rows(model: &BlockModel) -> Vec<StepRow> {
    let flow = Flow::new(model);
    let mut paths: HashMap<&str, String> = HashMap::new();
    for sp in &model.subprocesses {
        branch_paths(&sp.items, String::new(), &mut paths);
    }
    flow.steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sp = &model.subprocesses[s.subprocess];
            StepRow {
                position: i,
                step_id: s.step.id.clone(),
                label: s.step.label.clone(),
                subprocess_index: s.subprocess,
                subprocess_id: sp.id.clone(),
                block: s.step.block.clone(),
                medium: s.step.medium.clone(),
                it_system: s.step.it_system.clone(),
                org_unit: s.org_unit.map(str::to_owned),
                pay_grade: s.step.pay_grade.clone(),
                processing_minutes: s.step.processing_minutes,
                waiting_minutes: s.step.waiting_minutes,
                share: s.step.share,
                reach: s.reach,
                predecessors: flow.predecessors(i).to_vec(),
                branch_path: paths.get(s.step.id.as_str()).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

fn branch_paths<'a>(items: &'a [Item], prefix: String, out: &mut HashMap<&'a str, String>) {
    for item in items {
        match item {
            Item::Step(s) => {
                out.entry(s.id.as_str()).or_insert_with(|| prefix.clone());
            }
            Item::Variant(b) | Item::Parallel(b) => {
                let kind = if matches!(item, Item::Variant(_)) {
                    'v'
                } else {
                    'p'
                };
                for (i, br) in b.branches.iter().enumerate() {
                    let sep = if prefix.is_empty() { "" } else { "/" };
                    branch_paths(&br.items, format!("{prefix}{sep}{kind}:{}:{i}", b.id), out);
                }
            }
        }
    }
}

/// What [`PatternIndex`] keeps of one step.
#[derive(Clone, Debug, Default)]
pub struct IndexStep {
    pub step_id: String,
    pub subprocess: usize,
    pub block: String,
    pub medium: Option<String>,
    pub it_system: Option<String>,
    pub waiting_minutes: Option<f64>,
    pub predecessors: Vec<usize>,
}

impl From<&StepRow> for IndexStep {
    fn from(r: &StepRow) -> Self {
        IndexStep {
            step_id: r.step_id.clone(),
            subprocess: r.subprocess_index,
            block: r.block.clone(),
            medium: r.medium.clone(),
            it_system: r.it_system.clone(),
            waiting_minutes: r.waiting_minutes,
            predecessors: r.predecessors.clone(),
        }
    }
}

/// Keys (blocks, media, IT systems) as small numbers; 0 is "none".
#[derive(Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Interner {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        self.names.push(s.into());
        let id = self.names.len() as u32;
        self.ids.insert(s.into(), id);
        id
    }
    fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

/// One process in the index: its steps in struct-of-arrays form.
struct Proc<K> {
    key: K,
    name: Box<str>,
    /// Bloom-style signature of the keys its steps carry (see [`bit`]).
    sig: u128,
    block: Vec<u32>,
    medium: Vec<u32>,
    it: Vec<u32>,
    waiting: Vec<f64>,
    subprocess: Vec<u16>,
    /// Successors in CSR form: `succ[succ_at[i]..succ_at[i + 1]]`.
    succ_at: Vec<u32>,
    succ: Vec<u32>,
    /// The follows relation: `words` u64 per step.
    words: usize,
    reach: Vec<u64>,
    /// The directly-follows relation, likewise.
    succ_bits: Vec<u64>,
    /// Per subprocess index, its steps (`words` u64 each).
    sp_bits: Vec<u64>,
    /// Step ids joined, with their end offsets.
    ids: String,
    id_end: Vec<u32>,
}

fn bit(kind: u32, sym: u32) -> u128 {
    1u128 << ((sym.wrapping_mul(3).wrapping_add(kind)) % 128)
}

impl<K> Proc<K> {
    fn step_id(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.id_end[i - 1] as usize
        };
        &self.ids[start..self.id_end[i] as usize]
    }
}

impl<K> StepGraph for Proc<K> {
    fn len(&self) -> usize {
        self.block.len()
    }
    fn facts(&self, i: usize) -> StepFacts<'_> {
        // Only the subprocess is read through here (see `subprocess`); the
        // index compares interned keys in `accept`.
        StepFacts {
            block: "",
            medium: None,
            it_system: None,
            waiting_minutes: Some(self.waiting[i]),
            subprocess: usize::from(self.subprocess[i]),
        }
    }
    fn subprocess(&self, i: usize) -> usize {
        usize::from(self.subprocess[i])
    }
    fn directly_follows(&self, i: usize, j: usize) -> bool {
        self.succ[self.succ_at[i] as usize..self.succ_at[i + 1] as usize].contains(&(j as u32))
    }
    fn follows(&self, i: usize, j: usize) -> bool {
        self.reach[i * self.words + j / 64] & (1 << (j % 64)) != 0
    }
}

/// The processes a query matched: all of them counted, each with its
/// matching tuples of step ids (at most the limit per process).
#[derive(Clone, Debug, PartialEq)]
pub struct PatternHit<K> {
    pub key: K,
    pub name: String,
    pub step_ids: Vec<Vec<String>>,
}

/// An organisation's steps in memory for pattern queries.
pub struct PatternIndex<K> {
    blocks: Interner,
    media: Interner,
    /// IT systems in lower case (compared ignoring case).
    its: Interner,
    procs: Vec<Option<Proc<K>>>,
    slot: HashMap<K, usize>,
    free: Vec<usize>,
    steps: usize,
    /// Slots of the processes by name, made on the first query after a
    /// change.
    by_name: OnceLock<Vec<u32>>,
}

impl<K> Default for PatternIndex<K> {
    fn default() -> Self {
        PatternIndex {
            blocks: Interner::default(),
            media: Interner::default(),
            its: Interner::default(),
            procs: Vec::new(),
            slot: HashMap::new(),
            free: Vec::new(),
            steps: 0,
            by_name: OnceLock::new(),
        }
    }
}

/// An element's conditions as interned keys; `None` when a key is unknown
/// to the index (nothing can match).
struct Resolved {
    block: Option<u32>,
    medium: Option<u32>,
    it: Option<u32>,
    min_wait: Option<f64>,
    sig: u128,
}

impl<K: Hash + Eq + Clone> PatternIndex<K> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Processes held.
    pub fn len(&self) -> usize {
        self.slot.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slot.is_empty()
    }

    /// Steps held over all processes.
    pub fn steps(&self) -> usize {
        self.steps
    }

    /// Puts a process with its name and steps (in position order) in,
    /// replacing what was there.
    pub fn upsert(&mut self, key: K, name: &str, steps: &[IndexStep]) {
        self.remove(&key);
        self.by_name = OnceLock::new();
        let n = steps.len();
        let words = n.div_ceil(64).max(1);
        let mut p = Proc {
            key: key.clone(),
            name: name.into(),
            sig: 0,
            block: Vec::with_capacity(n),
            medium: Vec::with_capacity(n),
            it: Vec::with_capacity(n),
            waiting: Vec::with_capacity(n),
            subprocess: Vec::with_capacity(n),
            succ_at: Vec::with_capacity(n + 1),
            succ: Vec::new(),
            words,
            reach: vec![0; n * words],
            succ_bits: vec![0; n * words],
            sp_bits: Vec::new(),
            ids: String::new(),
            id_end: Vec::with_capacity(n),
        };
        let mut succ: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (i, s) in steps.iter().enumerate() {
            let b = self.blocks.intern(&s.block);
            let m = s.medium.as_deref().map_or(0, |m| self.media.intern(m));
            let it = s
                .it_system
                .as_deref()
                .map_or(0, |x| self.its.intern(&x.trim().to_lowercase()));
            p.sig |= bit(0, b) | bit(1, m) | bit(2, it);
            p.block.push(b);
            p.medium.push(m);
            p.it.push(it);
            p.waiting.push(s.waiting_minutes.unwrap_or(0.0));
            p.subprocess
                .push(s.subprocess.min(usize::from(u16::MAX)) as u16);
            p.ids.push_str(&s.step_id);
            p.id_end.push(p.ids.len() as u32);
            for &pr in &s.predecessors {
                // Edges lead forward; anything else is not a flow edge.
                if pr < i {
                    succ[pr].push(i as u32);
                }
            }
        }
        p.succ_at.push(0);
        for s in &succ {
            p.succ.extend(s);
            p.succ_at.push(p.succ.len() as u32);
        }
        let sps = p
            .subprocess
            .iter()
            .map(|&s| usize::from(s) + 1)
            .max()
            .unwrap_or(0);
        p.sp_bits = vec![0; sps * words];
        for (i, &sp) in p.subprocess.iter().enumerate() {
            p.sp_bits[usize::from(sp) * words + i / 64] |= 1 << (i % 64);
        }
        for i in (0..n).rev() {
            for &s in &succ[i] {
                let s = s as usize;
                p.succ_bits[i * words + s / 64] |= 1 << (s % 64);
                p.reach[i * words + s / 64] |= 1 << (s % 64);
                let (head, tail) = p.reach.split_at_mut(s * words);
                for (w, t) in head[i * words..i * words + words]
                    .iter_mut()
                    .zip(&tail[..words])
                {
                    *w |= *t;
                }
            }
        }
        self.steps += n;
        let at = match self.free.pop() {
            Some(at) => {
                self.procs[at] = Some(p);
                at
            }
            None => {
                self.procs.push(Some(p));
                self.procs.len() - 1
            }
        };
        self.slot.insert(key, at);
    }

    /// Renames a process (its steps stay).
    pub fn rename(&mut self, key: &K, name: &str) {
        self.by_name = OnceLock::new();
        if let Some(&at) = self.slot.get(key)
            && let Some(p) = &mut self.procs[at]
        {
            p.name = name.into();
        }
    }

    pub fn remove(&mut self, key: &K) {
        if let Some(at) = self.slot.remove(key) {
            self.by_name = OnceLock::new();
            if let Some(p) = self.procs[at].take() {
                self.steps -= p.block.len();
            }
            self.free.push(at);
        }
    }

    fn resolve(&self, q: &PatternQuery) -> Option<Vec<Resolved>> {
        q.sequence
            .iter()
            .map(|e| {
                let block = match &e.block {
                    Some(b) => Some(self.blocks.get(b)?),
                    None => None,
                };
                let medium = match &e.medium {
                    Some(m) => Some(self.media.get(m)?),
                    None => None,
                };
                let it = match &e.it_system {
                    Some(x) => Some(self.its.get(&x.trim().to_lowercase())?),
                    None => None,
                };
                let sig = block.map_or(0, |b| bit(0, b))
                    | medium.map_or(0, |m| bit(1, m))
                    | it.map_or(0, |i| bit(2, i));
                Some(Resolved {
                    block,
                    medium,
                    it,
                    min_wait: e.min_waiting_minutes,
                    sig,
                })
            })
            .collect()
    }

    /// How many processes the query matches, and the first `limit` of them
    /// by name with at most `per_process` tuples each. The query should be
    /// valid. Tuples are spelt out only for the processes returned.
    pub fn query(
        &self,
        q: &PatternQuery,
        per_process: usize,
        limit: usize,
    ) -> (usize, Vec<PatternHit<K>>) {
        let Some(rs) = self.resolve(q) else {
            return (0, Vec::new());
        };
        if rs.is_empty() {
            return (0, Vec::new());
        }
        let need: u128 = rs.iter().fold(0, |a, r| a | r.sig);
        let accepts = |p: &Proc<K>, e: usize, i: usize| {
            let r = &rs[e];
            r.block.is_none_or(|b| p.block[i] == b)
                && r.medium.is_none_or(|m| p.medium[i] == m)
                && r.it.is_none_or(|x| p.it[i] == x)
                && r.min_wait.is_none_or(|m| p.waiting[i] >= m)
        };
        let same_sp = q.within() == crate::pattern::Within::Subprocess;
        // Whether the process has a match at all: the candidates of the last
        // element as a bit set, then backwards those of each element that
        // reach (or directly precede) a surviving candidate of the next.
        let exists = |p: &Proc<K>| -> bool {
            let (n, w) = (p.block.len(), p.words);
            let last = rs.len() - 1;
            let rel = if q.adjacent { &p.succ_bits } else { &p.reach };
            if w == 1 {
                // Up to 64 steps (nearly every model): one word, no allocation.
                let mut next = 0u64;
                for i in 0..n {
                    if accepts(p, last, i) {
                        next |= 1 << i;
                    }
                }
                for e in (0..last).rev() {
                    if next == 0 {
                        return false;
                    }
                    let mut cur = 0u64;
                    for (i, &r) in rel.iter().enumerate().take(n) {
                        let m = if same_sp {
                            p.sp_bits[usize::from(p.subprocess[i])]
                        } else {
                            u64::MAX
                        };
                        if r & next & m != 0 && accepts(p, e, i) {
                            cur |= 1 << i;
                        }
                    }
                    next = cur;
                }
                return next != 0;
            }
            let mut next = vec![0u64; w];
            for i in 0..n {
                if accepts(p, last, i) {
                    next[i / 64] |= 1 << (i % 64);
                }
            }
            for e in (0..last).rev() {
                if next.iter().all(|&x| x == 0) {
                    return false;
                }
                let mut cur = vec![0u64; w];
                for i in 0..n {
                    if !accepts(p, e, i) {
                        continue;
                    }
                    let r = &rel[i * w..(i + 1) * w];
                    let sp = usize::from(p.subprocess[i]) * w;
                    let hit = (0..w).any(|j| {
                        let m = if same_sp { p.sp_bits[sp + j] } else { u64::MAX };
                        r[j] & next[j] & m != 0
                    });
                    if hit {
                        cur[i / 64] |= 1 << (i % 64);
                    }
                }
                next = cur;
            }
            next.iter().any(|&x| x != 0)
        };
        // Which processes match, in memory order; then the first ones by
        // name get their tuples.
        let matched: Vec<bool> = self
            .procs
            .iter()
            .map(|p| {
                p.as_ref()
                    .is_some_and(|p| p.sig & need == need && p.block.len() >= rs.len() && exists(p))
            })
            .collect();
        let total = matched.iter().filter(|&&m| m).count();
        let order = self.by_name.get_or_init(|| {
            let mut v: Vec<u32> = (0..self.procs.len() as u32)
                .filter(|&i| self.procs[i as usize].is_some())
                .collect();
            v.sort_by(|&a, &b| {
                let name = |i: u32| self.procs[i as usize].as_ref().map_or("", |p| &p.name);
                name(a).cmp(name(b)).then(a.cmp(&b))
            });
            v
        });
        let mut hits = Vec::new();
        for &at in order {
            if hits.len() >= limit {
                break;
            }
            if !matched[at as usize] {
                continue;
            }
            if let Some(p) = &self.procs[at as usize] {
                let found = find_with(p, q, |e, i| accepts(p, e, i), per_process.max(1));
                hits.push(PatternHit {
                    key: p.key.clone(),
                    name: p.name.to_string(),
                    step_ids: found
                        .into_iter()
                        .map(|t| t.into_iter().map(|i| p.step_id(i).to_owned()).collect())
                        .collect(),
                });
            }
        }
        (total, hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::find_in_model;
    use proptest::prelude::*;

    #[test]
    fn rows_carry_order_edges_and_branch_paths() {
        let m = BlockModel::from_json(
            r#"{"subprocesses":[{"id":"sp1","orgUnit":"u1","items":[
                {"kind":"step","id":"a","block":"drucken","payGrade":"e9"},
                {"kind":"variant","id":"v","branches":[
                  {"id":"b1","share":0.7,"items":[{"kind":"step","id":"b","block":"scannen","medium":"papier","orgUnit":"u2"}]},
                  {"id":"b2","share":0.3}]},
                {"kind":"step","id":"c","waitingMinutes":60}]}]}"#,
        )
        .unwrap();
        let rows = step_rows(&m);
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].branch_path, "v:v:0");
        assert_eq!(rows[1].org_unit.as_deref(), Some("u2"));
        assert_eq!(rows[0].org_unit.as_deref(), Some("u1"));
        assert_eq!(rows[1].reach, 0.7);
        assert_eq!(rows[2].predecessors_text(), "0,1");
        assert_eq!(parse_predecessors("0,1"), [0, 1]);
        assert_eq!(rows[0].pay_grade.as_deref(), Some("e9"));
    }

    #[test]
    fn the_index_forgets_removed_and_replaced_processes() {
        let m = BlockModel::from_json(
            r#"{"subprocesses":[{"id":"sp1","items":[
                {"kind":"step","id":"a","block":"drucken"},{"kind":"step","id":"b","block":"scannen","itSystem":"VIS"}]}]}"#,
        )
        .unwrap();
        let steps: Vec<IndexStep> = step_rows(&m).iter().map(IndexStep::from).collect();
        let mut ix = PatternIndex::new();
        ix.upsert(1, "Eins", &steps);
        ix.upsert(2, "Zwei", &steps);
        let q: PatternQuery = serde_json::from_str(
            r#"{"sequence":[{"block":"drucken"},{"block":"scannen","it_system":"vis"}],"adjacent":true}"#,
        )
        .unwrap();
        let (total, hits) = ix.query(&q, 10, 1);
        assert_eq!((total, hits.len()), (2, 1));
        assert_eq!(hits[0].name, "Eins");
        assert_eq!(hits[0].step_ids, [["a", "b"]]);
        ix.remove(&1);
        ix.upsert(2, "Zwei", &steps[..1]);
        assert_eq!(ix.query(&q, 10, 10).0, 0);
        assert_eq!((ix.len(), ix.steps()), (1, 1));
        let q: PatternQuery =
            serde_json::from_str(r#"{"sequence":[{"block":"unbekannt"}]}"#).unwrap();
        assert_eq!(ix.query(&q, 10, 10), (0, Vec::new()));
    }

    #[test]
    fn long_models_span_several_words() {
        // 150 steps in two subprocesses: the relations need three words.
        let step = |i: usize| {
            let block = match i {
                10 => "drucken",
                70 => "zeichnen-unterschreiben",
                140 => "scannen",
                _ => "bearbeiten",
            };
            format!(r#"{{"kind":"step","id":"s{i}","block":"{block}"}}"#)
        };
        let first: Vec<String> = (0..100).map(step).collect();
        let second: Vec<String> = (100..150).map(step).collect();
        let m = BlockModel::from_json(&format!(
            r#"{{"subprocesses":[{{"id":"a","items":[{}]}},{{"id":"b","items":[{}]}}]}}"#,
            first.join(","),
            second.join(",")
        ))
        .unwrap();
        let steps: Vec<IndexStep> = step_rows(&m).iter().map(IndexStep::from).collect();
        let mut ix = PatternIndex::new();
        ix.upsert(1, "Lang", &steps);
        let q = |within: &str| PatternQuery {
            sequence: ["drucken", "zeichnen-unterschreiben", "scannen"]
                .iter()
                .map(|b| crate::pattern::Element {
                    block: Some((*b).into()),
                    ..Default::default()
                })
                .collect(),
            within: within.into(),
            adjacent: false,
        };
        let (total, hits) = ix.query(&q("process"), 5, 5);
        assert_eq!(total, 1);
        assert_eq!(hits[0].step_ids, [["s10", "s70", "s140"]]);
        assert_eq!(ix.query(&q("subprocess"), 5, 5).0, 0);
        assert_eq!(find_in_model(&m, &q("process"), 5), hits[0].step_ids);
    }

    fn any_model() -> impl Strategy<Value = BlockModel> {
        crate::pattern::tests::models()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The index answers what the matcher finds in the model itself.
        #[test]
        fn index_agrees_with_the_model(ms in prop::collection::vec(any_model(), 1..6),
                                       q in crate::pattern::tests::queries()) {
            let mut ix = PatternIndex::new();
            for (i, m) in ms.iter().enumerate() {
                let steps: Vec<IndexStep> = step_rows(m).iter().map(IndexStep::from).collect();
                ix.upsert(i, &format!("P{i}"), &steps);
            }
            let mut hits: Vec<(usize, Vec<Vec<String>>)> =
                ix.query(&q, 1000, usize::MAX).1.into_iter().map(|h| (h.key, h.step_ids)).collect();
            hits.sort();
            let want: Vec<(usize, Vec<Vec<String>>)> = ms
                .iter()
                .enumerate()
                .map(|(i, m)| (i, find_in_model(m, &q, 1000)))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            prop_assert_eq!(hits, want);
        }
    }
}
