//! The flags: the one table of them (`defs`), the lexopt scan that fills `LowArgs` from it
//! (`parse`) and the help texts (`help`). What was typed lives in `lowargs`, what the run
//! uses in `hiargs`, beside it at the top of the tree.

pub(crate) mod defs;
pub(crate) mod help;
pub(crate) mod parse;
