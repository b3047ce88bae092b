//! Constraint traits (`@length`, `@range`, `@pattern`, `@uniqueItems`): each must parse and fit
//! the type it is on, and patterns are compiled once per (text, length bound). What each value
//! is checked against goes into the plan: a shape's own constraints, and for a member that
//! restates any, its effective set (the member's traits over its target's, Smithy semantics).

use super::Constraints;
use super::{Checker, PatternSlot};
use crate::error::Problem;
use crate::model::{Member, ShapeType, Traits};
use crate::naming;
use crate::pattern;
use crate::plan::UncheckedPattern;
use crate::traits::{self, TraitsExt};

/// The traits that constrain values.
const CONSTRAINTS: [&str; 4] = [
    traits::LENGTH,
    traits::RANGE,
    traits::PATTERN,
    traits::UNIQUE_ITEMS,
];

impl Checker<'_, '_> {
    /// A shape's own constraint traits: checked, and recorded when it has any.
    pub(super) fn shape_constraints(&mut self, id: &str, kind: ShapeType, t: &Traits) {
        self.constraint_traits(id, kind, t);
        if CONSTRAINTS.iter().any(|c| t.has(c)) {
            let own = self.constraints_of(id, t, None);
            self.plan.constraints.insert(id.to_owned(), own);
        }
    }

    /// A member's constraint traits: checked, and when it has any, its effective constraints
    /// (its traits over its target's) recorded under `container$name`.
    pub(super) fn member_constraints(
        &mut self,
        container: &str,
        name: &str,
        target_kind: ShapeType,
        m: &Member,
    ) {
        let at = format!("{container}${name}");
        self.constraint_traits(&at, target_kind, &m.traits);
        self.member_pattern(&at, m);
        if CONSTRAINTS.iter().any(|c| m.traits.has(c)) {
            let target = self.index.model.shapes.get(&m.target).map(|t| &t.traits);
            let effective = self.constraints_of(&at, &m.traits, target);
            self.plan.constraints.insert(at, effective);
        }
    }

    /// The constraints `own` states, each falling back to `inherited`'s. Unparsable traits were
    /// reported by [`Checker::constraint_traits`]; they count as absent here. The pattern is
    /// registered with the length bound it is checked within, whichever shape comes first.
    fn constraints_of(
        &mut self,
        at: &str,
        own: &Traits,
        inherited: Option<&Traits>,
    ) -> Constraints {
        let pick = |key: &str| {
            if own.contains_key(key) {
                Some(own)
            } else {
                inherited.filter(|t| t.contains_key(key))
            }
        };
        let length = pick(traits::LENGTH).and_then(|t| t.length().ok().flatten());
        let range = pick(traits::RANGE).and_then(|t| t.range_bounds().ok().flatten());
        let unique_items = pick(traits::UNIQUE_ITEMS).is_some();
        let pattern = match pick(traits::PATTERN).and_then(|t| t.pattern().ok().flatten()) {
            Some(p) => {
                let key = (p.to_owned(), length.and_then(|l| l.max));
                self.register_pattern(at, &key.0, key.1);
                self.plan
                    .patterns
                    .get(&key)
                    .map(|slot| slot.static_name.clone())
            }
            None => None,
        };
        Constraints {
            length,
            range,
            pattern,
            unique_items,
        }
    }

    /// Constraint traits must parse and must fit the type they are on.
    fn constraint_traits(&mut self, at: &str, kind: ShapeType, t: &Traits) {
        if let Some(Some(_)) = self.ok(at, t.length())
            && !matches!(
                kind,
                ShapeType::String
                    | ShapeType::Enum
                    | ShapeType::Blob
                    | ShapeType::List
                    | ShapeType::Set
                    | ShapeType::Map
            )
        {
            self.errors
                .push(at, format!("`@length` does not apply to a {}", kind.name()));
        }
        if let Some(Some(_)) = self.ok(at, t.range_bounds())
            && !kind.is_number()
        {
            self.errors
                .push(at, format!("`@range` does not apply to a {}", kind.name()));
        }
        if let Some(Some(p)) = self.ok(at, t.pattern()) {
            if !matches!(kind, ShapeType::String | ShapeType::Enum) {
                self.errors.push(
                    at,
                    format!("`@pattern` does not apply to a {}", kind.name()),
                );
            } else {
                let max_len = t.length().ok().flatten().and_then(|l| l.max);
                self.register_pattern(at, p, max_len);
            }
        }
        if t.has(traits::UNIQUE_ITEMS) && !matches!(kind, ShapeType::List | ShapeType::Set) {
            self.errors.push(
                at,
                format!("`@uniqueItems` does not apply to a {}", kind.name()),
            );
        }
    }

    /// Compiles a pattern once per (text, length bound) it is used with. The length bound lets
    /// counted repetitions that can never bind loop instead of being unrolled
    /// ([`pattern::compile`]).
    fn register_pattern(&mut self, at: &str, p: &str, max_len: Option<u64>) {
        let key = (p.to_owned(), max_len);
        let place = (at.to_owned(), key.0.clone(), key.1);
        if self.plan.patterns.contains_key(&key) || self.bad_patterns.contains(&place) {
            return;
        }
        match pattern::compile(p, max_len) {
            Ok(compiled) => {
                let base = at.rsplit('#').next().unwrap_or(at).replace('$', "_");
                let mut static_name = format!("PATTERN_{}", naming::const_name(&base));
                while self
                    .plan
                    .patterns
                    .values()
                    .any(|s| s.static_name == static_name)
                {
                    static_name.push('_');
                }
                self.plan.patterns.insert(
                    key,
                    PatternSlot {
                        static_name,
                        compiled,
                    },
                );
            }
            // A pattern this client cannot check must not cost the service, nor reject what
            // the service accepts: the value goes unchecked here, and the service checks it.
            Err(e) => {
                self.plan.warnings.push(Problem {
                    at: at.to_owned(),
                    message: format!("`@pattern` {p:?} is not checked: {e}"),
                });
                self.plan.unchecked_patterns.insert(
                    at.to_owned(),
                    UncheckedPattern {
                        pattern: p.to_owned(),
                        reason: e.to_string(),
                    },
                );
                self.bad_patterns.insert(place);
            }
        }
    }

    /// A member's own `@pattern`/`@length` combine with its target's (member traits win), and the
    /// combination is what gets checked, so its pattern is registered with the combined bound.
    fn member_pattern(&mut self, at: &str, m: &Member) {
        if !m.traits.has(traits::PATTERN) && !m.traits.has(traits::LENGTH) {
            return;
        }
        let Some(target) = self.index.model.shapes.get(&m.target) else {
            return;
        };
        let pick = |key: &str| m.traits.get(key).or_else(|| target.traits.get(key));
        let Some(p) = pick(traits::PATTERN)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
        else {
            return;
        };
        let max_len = pick(traits::LENGTH)
            .and_then(|v| v.get("max"))
            .and_then(|v| v.as_u64());
        if matches!(target.kind, ShapeType::String | ShapeType::Enum) {
            self.register_pattern(at, &p, max_len);
        }
    }
}
