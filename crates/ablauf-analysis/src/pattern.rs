//! Pattern queries: a sequence of step conditions, matched along the paths
//! of a model.
//!
//! A query such as
//!
//! ```json
//! {"sequence": [{"block": "drucken"}, {"block": "zeichnen-unterschreiben"}, {"block": "scannen"}],
//!  "within": "subprocess", "adjacent": false}
//! ```
//!
//! asks for steps `s1, s2, s3` where each `si` fulfils element `i` of the
//! sequence (every condition it carries: `block`, `medium`, `it_system`,
//! `min_waiting_minutes`; an element without conditions matches any step)
//! and each step follows the one before it **along a path**.
//!
//! # Along a path
//!
//! The paths of a model are the walks through its [`Flow`]: subprocesses
//! one after the other, the items of a sequence one after the other, and at
//! every variant *and every parallel part* exactly one of its branches (an
//! empty branch passes straight on). Step B **follows** step A when some
//! path runs A and later B: B comes later in the same sequence, or after
//! the branching that contains A, or inside a branching that comes after A.
//! Consequently
//!
//! - two branches of one variant never follow each other (a case takes only
//!   one of them);
//! - two branches of one parallel part never follow each other either: they
//!   run side by side in no fixed order, so "A then B" across them is not a
//!   sequence the model states (a query for "Drucken, then Scannen" must not
//!   report a Drucken in one parallel branch and a Scannen in the other);
//! - B **directly follows** A when B is A's successor on some path (an edge
//!   of the [`Flow`]), which is what `"adjacent": true` asks for between
//!   consecutive elements; `"adjacent": false` allows any steps between.
//!
//! A whole tuple `(s1, …, sn)` matches when one path runs all of them in this
//! order; since the flow has no cycles, that is the case exactly when each
//! `si+1` follows `si`. `"within": "subprocess"` also requires all steps of
//! a tuple to lie in one subprocess; `"process"` does not.
//!
//! [`find`] answers the matching tuples of one model as step positions in
//! ascending lexicographic order, at most `limit` of them. It works on any
//! [`StepGraph`], so the landscape index can run it on its compact copy of
//! the steps without the model.

use crate::flow::Flow;
use serde::{Deserialize, Serialize};

/// Most elements a query may have.
pub const MAX_ELEMENTS: usize = 10;

/// A pattern query (the JSON form of the API and of saved queries).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PatternQuery {
    pub sequence: Vec<Element>,
    /// `subprocess` or `process`; empty means `process`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub within: String,
    pub adjacent: bool,
}

/// Conditions one step must fulfil; every one given must hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Element {
    /// Block key of the catalogue, e.g. `scannen`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    /// Medium key ([`ablauf_model::MEDIA`]), e.g. `fax`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub medium: Option<String>,
    /// IT system as named in the model (compared ignoring case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub it_system: Option<String>,
    /// The step's waiting time before it is at least this long.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_waiting_minutes: Option<f64>,
}

/// What a tuple's steps must share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    Subprocess,
    Process,
}

/// A query that cannot be run: the field (`sequence`, `within`,
/// `sequence[2].min_waiting_minutes`) and a German message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

impl PatternQuery {
    /// The query's `within`; call [`PatternQuery::validate`] first.
    pub fn within(&self) -> Within {
        if self.within == "subprocess" {
            Within::Subprocess
        } else {
            Within::Process
        }
    }

    /// Empty when the query can run, else what is wrong, in German.
    pub fn validate(&self) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut add = |field: String, message: &str| {
            out.push(Problem {
                field,
                message: message.to_owned(),
            })
        };
        if self.sequence.is_empty() {
            add(
                "sequence".into(),
                "Die Abfrage braucht mindestens einen Schritt.",
            );
        }
        if self.sequence.len() > MAX_ELEMENTS {
            add(
                "sequence".into(),
                "Eine Abfrage kann höchstens 10 Schritte enthalten.",
            );
        }
        if !matches!(self.within.as_str(), "" | "subprocess" | "process") {
            add(
                "within".into(),
                "„Innerhalb“ muss „subprocess“ (eines Teilprozesses) oder „process“ (des ganzen Prozesses) sein.",
            );
        }
        for (i, e) in self.sequence.iter().enumerate() {
            if let Some(m) = e.min_waiting_minutes
                && (!m.is_finite() || m < 0.0)
            {
                add(
                    format!("sequence[{i}].min_waiting_minutes"),
                    "Die Mindestwartezeit darf nicht negativ sein.",
                );
            }
            for (name, v) in [
                ("block", &e.block),
                ("medium", &e.medium),
                ("it_system", &e.it_system),
            ] {
                if v.as_ref().is_some_and(|s| s.chars().count() > 200) {
                    add(
                        format!("sequence[{i}].{name}"),
                        "Der Wert ist zu lang (höchstens 200 Zeichen).",
                    );
                }
            }
        }
        out
    }

    /// The query with empty conditions dropped and text trimmed (a form's
    /// empty select means "any").
    pub fn normalized(mut self) -> PatternQuery {
        for e in &mut self.sequence {
            for v in [&mut e.block, &mut e.medium, &mut e.it_system] {
                *v = v
                    .take()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty());
            }
        }
        self.within = self.within.trim().to_owned();
        self
    }
}

/// What an element looks at of one step.
#[derive(Clone, Copy, Debug)]
pub struct StepFacts<'a> {
    pub block: &'a str,
    pub medium: Option<&'a str>,
    pub it_system: Option<&'a str>,
    pub waiting_minutes: Option<f64>,
    /// Index of the step's subprocess.
    pub subprocess: usize,
}

impl Element {
    /// Whether the step fulfils every condition of the element.
    pub fn accepts(&self, s: &StepFacts<'_>) -> bool {
        self.block.as_deref().is_none_or(|b| b == s.block)
            && self.medium.as_deref().is_none_or(|m| Some(m) == s.medium)
            && self
                .it_system
                .as_deref()
                .is_none_or(|x| s.it_system.is_some_and(|y| same_name(x, y)))
            && self
                .min_waiting_minutes
                .is_none_or(|m| s.waiting_minutes.unwrap_or(0.0) >= m)
    }
}

/// Two names equal ignoring case and surrounding spaces.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.trim(), b.trim());
    a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase()
}

/// Steps with their order: what [`find`] needs of a model. Positions are
/// `0..len()`, and every edge leads from a lower to a higher position.
pub trait StepGraph {
    fn len(&self) -> usize;
    fn facts(&self, i: usize) -> StepFacts<'_>;
    /// Whether `j` directly follows `i`.
    fn directly_follows(&self, i: usize, j: usize) -> bool;
    /// Whether `j` follows `i` along a path.
    fn follows(&self, i: usize, j: usize) -> bool;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Index of step `i`'s subprocess.
    fn subprocess(&self, i: usize) -> usize {
        self.facts(i).subprocess
    }
}

/// A [`Flow`] with its "follows" relation computed once.
pub struct FlowGraph<'f, 'a> {
    flow: &'f Flow<'a>,
    reach: crate::flow::Reach,
}

impl<'f, 'a> FlowGraph<'f, 'a> {
    pub fn new(flow: &'f Flow<'a>) -> Self {
        FlowGraph {
            flow,
            reach: flow.reach(),
        }
    }
}

impl StepGraph for FlowGraph<'_, '_> {
    fn len(&self) -> usize {
        self.flow.steps.len()
    }
    fn facts(&self, i: usize) -> StepFacts<'_> {
        let s = &self.flow.steps[i];
        StepFacts {
            block: &s.step.block,
            medium: s.step.medium.as_deref(),
            it_system: s.step.it_system.as_deref(),
            waiting_minutes: s.step.waiting_minutes,
            subprocess: s.subprocess,
        }
    }
    fn directly_follows(&self, i: usize, j: usize) -> bool {
        self.flow.successors(i).contains(&j)
    }
    fn follows(&self, i: usize, j: usize) -> bool {
        self.reach.follows(i, j)
    }
}

/// The matching tuples of step positions, in ascending lexicographic order,
/// at most `limit`. The query should be valid ([`PatternQuery::validate`]).
pub fn find<G: StepGraph>(g: &G, q: &PatternQuery, limit: usize) -> Vec<Vec<usize>> {
    find_with(g, q, |e, i| q.sequence[e].accepts(&g.facts(i)), limit)
}

/// [`find`] with the test whether step `i` fulfils element `e` given (the
/// landscape index compares interned keys instead of text).
pub fn find_with<G: StepGraph>(
    g: &G,
    q: &PatternQuery,
    accept: impl Fn(usize, usize) -> bool,
    limit: usize,
) -> Vec<Vec<usize>> {
    let k = q.sequence.len();
    if k == 0 || limit == 0 {
        return Vec::new();
    }
    let mut cands: Vec<Vec<usize>> = Vec::with_capacity(k);
    for e in 0..k {
        let c: Vec<usize> = (0..g.len()).filter(|&i| accept(e, i)).collect();
        if c.is_empty() {
            return Vec::new();
        }
        cands.push(c);
    }
    let same_sp = q.within() == Within::Subprocess;
    let link = |a: usize, b: usize| -> bool {
        (!same_sp || g.subprocess(a) == g.subprocess(b))
            && if q.adjacent {
                g.directly_follows(a, b)
            } else {
                a < b && g.follows(a, b)
            }
    };
    // viable[e][c]: candidate c of element e can be completed to a tuple.
    let mut viable: Vec<Vec<bool>> = cands.iter().map(|c| vec![false; c.len()]).collect();
    viable[k - 1].iter_mut().for_each(|v| *v = true);
    for e in (0..k - 1).rev() {
        for (ci, &c) in cands[e].iter().enumerate() {
            viable[e][ci] = cands[e + 1]
                .iter()
                .zip(&viable[e + 1])
                .any(|(&n, &ok)| ok && link(c, n));
        }
    }
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::with_capacity(k);
    fn walk(
        e: usize,
        stack: &mut Vec<usize>,
        cands: &[Vec<usize>],
        viable: &[Vec<bool>],
        link: &dyn Fn(usize, usize) -> bool,
        out: &mut Vec<Vec<usize>>,
        limit: usize,
    ) {
        for (ci, &c) in cands[e].iter().enumerate() {
            if out.len() >= limit {
                return;
            }
            if !viable[e][ci] || stack.last().is_some_and(|&p| !link(p, c)) {
                continue;
            }
            stack.push(c);
            if e + 1 == cands.len() {
                out.push(stack.clone());
            } else {
                walk(e + 1, stack, cands, viable, link, out, limit);
            }
            stack.pop();
        }
    }
    walk(0, &mut stack, &cands, &viable, &link, &mut out, limit);
    out
}

/// The matching tuples of a model as step ids (see [`find`]).
pub fn find_in_model(
    model: &ablauf_model::BlockModel,
    q: &PatternQuery,
    limit: usize,
) -> Vec<Vec<String>> {
    let flow = Flow::new(model);
    let g = FlowGraph::new(&flow);
    find(&g, q, limit)
        .into_iter()
        .map(|t| {
            t.into_iter()
                .map(|i| flow.steps[i].step.id.clone())
                .collect()
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests;
