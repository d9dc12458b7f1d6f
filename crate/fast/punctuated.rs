//! syn's `Punctuated` lists read without allocating.
//!
//! In syn 3.0.10 `Punctuated::iter` boxes a trait-object iterator, and `first` and `last` are
//! written on top of it, so each of them is a heap allocation and a free (`punctuated.rs`).
//! The analysis asks for the first or last segment of nearly every path it meets and walks
//! every argument list, so those boxes added up. `pairs` is a plain struct over the same
//! storage and `get` indexes it; these methods are built on them. `clippy.toml` disallows the
//! three allocating methods in this crate.

use syn::punctuated::{Pair, Pairs, Punctuated};

/// What [`Elements::elements`] returns.
pub type ElementsIter<'a, T, P> = std::iter::Map<Pairs<'a, T, P>, fn(Pair<&'a T, &'a P>) -> &'a T>;

pub trait Elements<T, P> {
    /// The elements in order, as `Punctuated::iter` gives them.
    fn elements(&self) -> ElementsIter<'_, T, P>;
    /// As `Punctuated::first`.
    fn first_element(&self) -> Option<&T>;
    /// As `Punctuated::last`.
    fn last_element(&self) -> Option<&T>;
}

impl<T, P> Elements<T, P> for Punctuated<T, P> {
    fn elements(&self) -> ElementsIter<'_, T, P> {
        self.pairs().map(Pair::into_value)
    }

    fn first_element(&self) -> Option<&T> {
        self.get(0)
    }

    fn last_element(&self) -> Option<&T> {
        self.get(self.len().checked_sub(1)?)
    }
}

#[cfg(test)]
mod tests {
    use super::Elements;
    use syn::punctuated::Punctuated;
    use syn::Token;

    #[test]
    #[allow(clippy::disallowed_methods)] // compared with the methods they replace
    fn same_answers_as_syn() {
        let lists: [Punctuated<u8, Token![,]>; 4] =
            [Punctuated::new(), [1].into_iter().collect(), [1, 2, 3].into_iter().collect(), {
                let mut trailing: Punctuated<u8, Token![,]> = [4, 5].into_iter().collect();
                trailing.push_punct(Default::default());
                trailing
            }];
        for list in &lists {
            assert_eq!(list.elements().collect::<Vec<_>>(), list.iter().collect::<Vec<_>>());
            assert_eq!(list.elements().rev().collect::<Vec<_>>(), list.iter().rev().collect::<Vec<_>>());
            assert_eq!(list.elements().len(), list.len());
            assert_eq!(list.first_element(), list.first());
            assert_eq!(list.last_element(), list.last());
        }
    }
}
