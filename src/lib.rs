//! consult: a static site generator for public consultation documents.
//!
//! One pipeline in one direction:
//! [`load`] (disk → raw sources) → [`model`] (checked site) → [`render`]
//! (pages in memory) → [`write`] (atomic swap). [`commands`] are thin
//! wrappers over it; [`memo`] lets `serve` reuse one build's work in the next.

pub mod archive;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod import;
pub mod load;
pub mod memo;
pub mod memory;
pub mod model;
pub mod render;
pub mod timings;
pub mod write;
