//! The org-unit tree (Dezernat → Amt → Sachgebiet): building it from flat
//! rows and keeping it a tree when a unit moves.

use std::collections::HashMap;
use std::hash::Hash;

/// A node of a tree built from flat rows, with its depth for indentation.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode<T> {
    pub item: T,
    pub depth: usize,
    pub children: Vec<TreeNode<T>>,
}

impl<T> TreeNode<T> {
    /// Depth-first order: parents before children, as a list reads.
    pub fn flatten(&self) -> Vec<(&T, usize)> {
        let mut out = vec![(&self.item, self.depth)];
        for c in &self.children {
            out.extend(c.flatten());
        }
        out
    }
}

/// Builds the forest from `(id, parent, item)` rows. Rows whose parent is
/// missing become roots, so a damaged row is still shown, never lost.
/// Siblings keep the order of the input.
pub fn build_tree<I: Copy + Eq + Hash, T: Clone>(rows: &[(I, Option<I>, T)]) -> Vec<TreeNode<T>> {
    let ids: HashMap<I, usize> = rows.iter().enumerate().map(|(i, r)| (r.0, i)).collect();
    let mut children: HashMap<Option<I>, Vec<usize>> = HashMap::new();
    for (i, (_, parent, _)) in rows.iter().enumerate() {
        let key = parent.filter(|p| ids.contains_key(p));
        children.entry(key).or_default().push(i);
    }
    fn build<I: Copy + Eq + Hash, T: Clone>(
        rows: &[(I, Option<I>, T)],
        children: &HashMap<Option<I>, Vec<usize>>,
        idx: usize,
        depth: usize,
        seen: &mut Vec<bool>,
    ) -> TreeNode<T> {
        seen[idx] = true;
        let kids = children
            .get(&Some(rows[idx].0))
            .map(|v| v.iter().filter(|&&k| !seen[k]).copied().collect::<Vec<_>>())
            .unwrap_or_default();
        TreeNode {
            item: rows[idx].2.clone(),
            depth,
            children: kids
                .into_iter()
                .map(|k| build(rows, children, k, depth + 1, seen))
                .collect(),
        }
    }
    let mut seen = vec![false; rows.len()];
    let mut forest: Vec<TreeNode<T>> = children
        .get(&None)
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|i| build(rows, &children, i, 0, &mut seen))
        .collect();
    // Rows caught in a cycle (never reachable from a root) are shown as roots.
    for i in 0..rows.len() {
        if !seen[i] {
            forest.push(build(rows, &children, i, 0, &mut seen));
        }
    }
    forest
}

/// The rows in reading order (parents before children, siblings in input
/// order), each with its depth: what lists and indented select boxes show.
pub fn tree_order<I: Copy + Eq + Hash, T: Clone>(rows: &[(I, Option<I>, T)]) -> Vec<(T, usize)> {
    build_tree(rows)
        .iter()
        .flat_map(|n| n.flatten())
        .map(|(item, depth)| (item.clone(), depth))
        .collect()
}

/// Would making `new_parent` the parent of `unit` close a cycle? True when
/// the new parent is the unit itself or one of its descendants.
pub fn would_create_cycle<I: Copy + Eq + Hash>(
    parents: &HashMap<I, Option<I>>,
    unit: I,
    new_parent: Option<I>,
) -> bool {
    let mut cursor = new_parent;
    let mut steps = 0;
    while let Some(p) = cursor {
        if p == unit {
            return true;
        }
        steps += 1;
        if steps > parents.len() {
            return true; // already a cycle in the data: refuse
        }
        cursor = parents.get(&p).copied().flatten();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn builds_nested_forest_in_input_order() {
        let rows = vec![
            (id(1), None, "Dezernat I"),
            (id(2), Some(id(1)), "Ordnungsamt"),
            (id(3), Some(id(2)), "SG Gewerbe"),
            (id(4), None, "Dezernat II"),
            (id(5), Some(id(9)), "verwaist"),
        ];
        let forest = build_tree(&rows);
        let names: Vec<_> = forest
            .iter()
            .flat_map(|t| t.flatten())
            .map(|(n, d)| format!("{d}:{n}"))
            .collect();
        assert_eq!(
            names,
            [
                "0:Dezernat I",
                "1:Ordnungsamt",
                "2:SG Gewerbe",
                "0:Dezernat II",
                "0:verwaist"
            ]
        );
    }

    #[test]
    fn tree_order_lists_parents_before_children_with_depth() {
        let rows = vec![
            (id(2), Some(id(1)), "Amt"),
            (id(1), None, "Dezernat"),
            (id(3), None, "Stab"),
        ];
        assert_eq!(
            tree_order(&rows),
            [("Dezernat", 0), ("Amt", 1), ("Stab", 0)]
        );
    }

    #[test]
    fn cyclic_rows_are_still_shown() {
        let rows = vec![(id(1), Some(id(2)), "a"), (id(2), Some(id(1)), "b")];
        let forest = build_tree(&rows);
        let count: usize = forest.iter().map(|t| t.flatten().len()).sum();
        assert_eq!(count, 2);
    }

    #[test]
    fn detects_cycles_on_move() {
        let parents: HashMap<_, _> = [(id(1), None), (id(2), Some(id(1))), (id(3), Some(id(2)))]
            .into_iter()
            .collect();
        assert!(would_create_cycle(&parents, id(1), Some(id(3))));
        assert!(would_create_cycle(&parents, id(2), Some(id(2))));
        assert!(!would_create_cycle(&parents, id(3), Some(id(1))));
        assert!(!would_create_cycle(&parents, id(3), None));
    }
}
