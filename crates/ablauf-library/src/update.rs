//! The three-way comparison of a template update: the template version an
//! organisation adopted (base), the new template version (theirs) and the
//! organisation's process today (ours), field by field for the Steckbrief
//! and element by element, attribute by attribute for the model.
//!
//! (Being built; see `ablauf_model::three_way` for the model part.)
