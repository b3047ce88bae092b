//! Validators: one function per shape that has something to check, in `crate::validators`.
//!
//! A member's own constraint traits override its target's (Smithy semantics), so such a member gets
//! its effective constraints inline and then the target's inner checks; every other member simply
//! calls its target's function. `@length` is checked before `@pattern`, and a pattern is matched
//! only on values within their length (which is what lets `check` relax bounded repetitions).
//! Checks under a `@sensitive` member run in a sensitive scope, so nothing inside is printed.
//! Patterns are statics: programs the generator compiled, and the character classes they share.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Number;

use super::structure::fields;
use super::{Ctx, Unit, ident};
use crate::check::{Constraints, Home};
use crate::model::{Member, Shape, ShapeType};
use crate::naming;
use crate::traits::{Length, Range};
use lean_aws_runtime::validation::pattern::Inst;

/// Names of validator functions, decided once so every caller agrees.
pub(crate) struct Validators<'m> {
    /// Shape ID, or `input:<operation>` / `output:<operation>` → function name.
    names: BTreeMap<String, String>,
    /// Shapes with something to check.
    needs: BTreeSet<String>,
    /// Every function to emit, in file order.
    subjects: Vec<Subject<'m>>,
}

impl<'m> Validators<'m> {
    pub fn new(ctx: &Ctx<'_, 'm>) -> Validators<'m> {
        let needs = needs(ctx);
        let mut names = BTreeMap::new();
        let mut taken = naming::Unique::default();
        let mut add = |key: String, base: String| {
            names.insert(key, taken.claim(base));
        };
        for op in &ctx.index.operations {
            let module = naming::bare(&ctx.plan.operations[*op].module).to_owned();
            add(format!("input:{op}"), format!("validate_{module}_input"));
            add(format!("output:{op}"), format!("validate_{module}_output"));
        }
        for id in &ctx.index.closure {
            let base = match ctx.plan.types.get(*id) {
                Some(slot) if slot.home == Home::Error => {
                    naming::fn_name("validate_error", &slot.name)
                }
                Some(slot) => naming::fn_name("validate", &slot.name),
                None => naming::fn_name("validate_shape", crate::model::shape_name(id)),
            };
            add((*id).to_owned(), base);
        }
        let mut vals = Validators {
            names,
            needs,
            subjects: Vec::new(),
        };
        vals.subjects = subjects(ctx, &vals);
        vals
    }

    /// Every validator function to emit, in a stable order.
    pub fn subjects(&self) -> &[Subject<'m>] {
        &self.subjects
    }

    /// The function for a shape or `input:`/`output:` key.
    pub fn name(&self, key: &str) -> Ident {
        format_ident!("{}", self.names[key])
    }
}

/// Least fixed point of "has something to check", so recursive shapes terminate.
fn needs(ctx: &Ctx<'_, '_>) -> BTreeSet<String> {
    let mut needs: BTreeSet<String> = BTreeSet::new();
    loop {
        let before = needs.len();
        for id in &ctx.index.closure {
            if needs.contains(*id) {
                continue;
            }
            let shape = ctx.shape(id);
            let member_needs = |name: &str, m: &Member| {
                ctx.plan.constraints.contains_key(&format!("{id}${name}"))
                    || needs.contains(&m.target)
            };
            let yes = ctx.plan.constraints.contains_key(*id)
                || ctx.plan.enums.contains_key(*id)
                || match shape.kind {
                    ShapeType::List | ShapeType::Set => shape
                        .member
                        .as_ref()
                        .is_some_and(|m| member_needs("member", m)),
                    ShapeType::Map => {
                        shape.key.as_ref().is_some_and(|m| member_needs("key", m))
                            || shape
                                .value
                                .as_ref()
                                .is_some_and(|m| member_needs("value", m))
                    }
                    ShapeType::Structure => shape
                        .members
                        .iter()
                        .any(|(name, m)| ctx.member(id, name).required || member_needs(name, m)),
                    ShapeType::Union => true,
                    _ => false,
                };
            if yes {
                needs.insert((*id).to_owned());
            }
        }
        if needs.len() == before {
            return needs;
        }
    }
}

/// What one validator function checks.
#[derive(Clone, Copy)]
pub(crate) enum Subject<'m> {
    /// An operation's input (`input: true`) or output type.
    Operation { op: &'m str, input: bool },
    /// A shape of the closure.
    Shape(&'m str),
}

/// Validator functions per file of `validators/`: whole-service crates stay files a person can
/// open, and files render in parallel.
pub(crate) const PART_SIZE: usize = 80;

/// Every validator function to emit, in a stable order.
fn subjects<'m>(ctx: &Ctx<'_, 'm>, vals: &Validators) -> Vec<Subject<'m>> {
    let mut out = Vec::new();
    for op in &ctx.index.operations {
        out.push(Subject::Operation { op, input: true });
        out.push(Subject::Operation { op, input: false });
    }
    for id in &ctx.index.closure {
        let shape = ctx.shape(id);
        let aggregate = matches!(shape.kind, ShapeType::Structure | ShapeType::Union);
        let has_type = ctx.plan.types.contains_key(*id);
        // Structures and unions with a type always get one (their `validate()` calls it); operation
        // input/output shapes are validated through their operation's function instead.
        if aggregate && !has_type || !(aggregate || vals.needs.contains(*id)) {
            continue;
        }
        out.push(Subject::Shape(id));
    }
    out
}

/// A subject's function, compiled only for the operation features that need it.
fn function_for(ctx: &Ctx<'_, '_>, vals: &Validators, subject: &Subject<'_>) -> TokenStream {
    let gate = match subject {
        Subject::Operation { op, .. } => ctx.plan.features.operation(op),
        Subject::Shape(id) => ctx.needs(id),
    };
    let cfg = ctx.cfg(&gate);
    let function = unconditional_function_for(ctx, vals, subject);
    quote! { #cfg #function }
}

fn unconditional_function_for(
    ctx: &Ctx<'_, '_>,
    vals: &Validators,
    subject: &Subject<'_>,
) -> TokenStream {
    match subject {
        Subject::Operation { op, input } => {
            let names = &ctx.plan.operations[*op];
            let module = ident(&names.module);
            let shape = ctx.shape(op);
            let (part, target, ty) = if *input {
                ("input", &shape.input, &names.input)
            } else {
                ("output", &shape.output, &names.output)
            };
            let fname = vals.name(&format!("{part}:{op}"));
            let ty = ident(ty);
            let body = match target {
                Some(t) => struct_inner(ctx, vals, &t.target, *input, &quote! { value }),
                None => quote! {},
            };
            function(ctx, &fname, quote! { crate::operation::#module::#ty }, body)
        }
        Subject::Shape(id) => {
            let shape = ctx.shape(id);
            let param = param_type(ctx, id, shape);
            let value = quote! { value };
            let mut body = match ctx.plan.constraints.get(*id) {
                Some(own) => constraints(
                    ctx,
                    id,
                    shape.kind,
                    own,
                    &value,
                    ctx.plan.sensitive.contains(*id),
                ),
                None => TokenStream::new(),
            };
            body.extend(inner(ctx, vals, id, &value));
            function(ctx, &vals.name(id), param, body)
        }
    }
}

/// One file of validator functions, `validators/part_NN.rs`.
pub(crate) fn part(ctx: &Ctx<'_, '_>, vals: &Validators, subjects: &[Subject<'_>]) -> TokenStream {
    let fns = subjects.iter().map(|s| function_for(ctx, vals, s));
    quote! {
        //! Constraint checks for some of the shapes; `validators.rs` has the patterns they share.
        #![allow(deprecated, dead_code, clippy::needless_borrow, clippy::single_match, unused_variables, unused_imports)]
        use super::*;
        #( #fns )*
    }
}

/// `validators.rs`: the pattern statics, and either every function (`parts` is 0) or the
/// modules of `parts` files that hold them.
pub(crate) fn root(
    ctx: &Ctx<'_, '_>,
    vals: &Validators,
    subjects: &[Subject<'_>],
    parts: usize,
) -> TokenStream {
    let fns: Vec<TokenStream> = if parts == 0 {
        subjects
            .iter()
            .map(|s| function_for(ctx, vals, s))
            .collect()
    } else {
        (0..parts)
            .map(|i| {
                let m = format_ident!("part_{:02}", i);
                // A part may hold only functions the enabled operations do not need.
                let vis = ctx.crate_vis();
                quote! { mod #m; #[allow(unused_imports)] #vis use #m::*; }
            })
            .collect()
    };
    // A split service's patterns are the shared crate's, which the parts' validators see
    // through their glob import of its validators.
    let (classes, statics) = match ctx.unit {
        Unit::Whole | Unit::Shared => pattern_statics(ctx),
        Unit::Facade | Unit::Part(_) => (Vec::new(), Vec::new()),
    };
    let import = if statics.is_empty() {
        TokenStream::new()
    } else {
        quote! { use ::lean_aws_runtime::validation::pattern::Inst as I; }
    };
    let shared = match (&ctx.plan.split, ctx.unit) {
        (Some(split), Unit::Part(_)) => {
            let krate = format_ident!("{}", naming::crate_ident(&split.shared));
            quote! { #[allow(unused_imports)] pub use ::#krate::validators::*; }
        }
        _ => TokenStream::new(),
    };
    quote! {
        //! Constraint checks for every shape that has any, called by the `validate()` methods.
        // Deprecated members are still validated. A shape reached only through members that restate
        // its constraints is checked inline, which can leave its own function unused.
        #![allow(deprecated, dead_code, clippy::needless_borrow, clippy::single_match, unused_variables)]
        #import
        #shared
        #( #classes )*
        #( #statics )*
        #( #fns )*
    }
}

/// The patterns' statics, and the character classes they use as constants, each class once
/// (`C0`, `C1`, … in order of first use).
fn pattern_statics(ctx: &Ctx<'_, '_>) -> (Vec<TokenStream>, Vec<TokenStream>) {
    // Private to the validators of one crate; public to the parts of a split.
    let vis = if ctx.is_member() {
        ctx.crate_vis()
    } else {
        TokenStream::new()
    };
    let mut classes: Vec<&[(char, char)]> = Vec::new();
    let mut statics = Vec::new();
    for ((ecma, _), slot) in &ctx.plan.patterns {
        let program = &slot.compiled;
        let names = program.classes.iter().map(|class| {
            let i = classes
                .iter()
                .position(|c| *c == class.as_slice())
                .unwrap_or_else(|| {
                    classes.push(class);
                    classes.len() - 1
                });
            format_ident!("C{i}")
        });
        let names: Vec<Ident> = names.collect();
        let insts = program.insts.iter().map(inst);
        let name = format_ident!("{}", slot.static_name);
        let doc = format!(" `{}`", ecma.replace('`', "\\`"));
        let dfa = program.dfa.as_ref().map(|t| {
            // Byte strings: one token each, where arrays of literals cost the compiler a node
            // per entry.
            let ascii = Literal::byte_string(&t.ascii);
            let columns = t.columns.iter().map(|&n| Literal::u64_unsuffixed(n));
            let next = Literal::byte_string(&t.next);
            let matched = Literal::byte_string(&t.matched);
            let at_end = Literal::byte_string(&t.matched_at_end);
            quote! {
                .with_dfa(&::lean_aws_runtime::validation::pattern::Dfa {
                    ascii: #ascii,
                    columns: &[#(#columns),*],
                    next: #next,
                    matched: #matched,
                    matched_at_end: #at_end,
                })
            }
        });
        statics.push(quote! {
            #[doc = #doc]
            #vis static #name: ::lean_aws_runtime::validation::Pattern =
                ::lean_aws_runtime::validation::Pattern::new(#ecma, &[#(#insts),*], &[#(#names),*])#dfa;
        });
    }
    let classes = classes
        .iter()
        .enumerate()
        .map(|(i, ranges)| {
            let name = format_ident!("C{i}");
            let ranges = ranges.iter().map(|(low, high)| quote! { (#low, #high) });
            quote! { #vis const #name: &[(char, char)] = &[#(#ranges),*]; }
        })
        .collect();
    (classes, statics)
}

/// One instruction of a pattern's program, as the runtime's `Inst` (imported as `I`).
fn inst(inst: &Inst) -> TokenStream {
    let n = |x: u32| Literal::u32_unsuffixed(x);
    let k = |x: u16| Literal::u16_unsuffixed(x);
    match *inst {
        Inst::Char(c) => quote! { I::Char(#c) },
        Inst::Class(class) => {
            let class = k(class);
            quote! { I::Class(#class) }
        }
        Inst::Run {
            class,
            min,
            max,
            greedy,
        } => {
            let (class, min) = (k(class), n(min));
            let max = if max == u32::MAX {
                quote! { u32::MAX }
            } else {
                let max = n(max);
                quote! { #max }
            };
            quote! { I::Run { class: #class, min: #min, max: #max, greedy: #greedy } }
        }
        Inst::Split(first, second) => {
            let (first, second) = (n(first), n(second));
            quote! { I::Split(#first, #second) }
        }
        Inst::Jump(to) => {
            let to = n(to);
            quote! { I::Jump(#to) }
        }
        Inst::Start => quote! { I::Start },
        Inst::End => quote! { I::End },
        Inst::WordBoundary => quote! { I::WordBoundary },
        Inst::NotWordBoundary => quote! { I::NotWordBoundary },
        Inst::Look {
            ahead,
            negated,
            next,
        } => {
            let next = n(next);
            quote! { I::Look { ahead: #ahead, negated: #negated, next: #next } }
        }
        Inst::Atomic { next } => {
            let next = n(next);
            quote! { I::Atomic { next: #next } }
        }
        Inst::Succeed => quote! { I::Succeed },
        Inst::Save(slot) => {
            let slot = k(slot);
            quote! { I::Save(#slot) }
        }
        Inst::Backref(group) => {
            let group = k(group);
            quote! { I::Backref(#group) }
        }
        Inst::Match => quote! { I::Match },
    }
}

fn function(ctx: &Ctx<'_, '_>, name: &Ident, param: TokenStream, body: TokenStream) -> TokenStream {
    let vis = ctx.crate_vis();
    quote! {
        #vis fn #name(v: &mut ::lean_aws_runtime::validation::Validator, value: &#param) {
            #body
        }
    }
}

/// The parameter type of a shape's function: slices for lists, `str` for strings.
fn param_type(ctx: &Ctx<'_, '_>, id: &str, shape: &Shape) -> TokenStream {
    match shape.kind {
        ShapeType::String if !ctx.plan.enums.contains_key(id) => quote! { str },
        ShapeType::List | ShapeType::Set => {
            let elem = ctx.element_type(id, "member");
            quote! { [#elem] }
        }
        _ => ctx.rust_type(id),
    }
}

/// The target's function, when checking a value reached through `member` is nothing more than
/// calling it: the member restates no constraint of its own and is not `@sensitive`. Such a
/// member is checked with the runtime's `Validator::member` (or a list's elements with
/// `Validator::each`), one call instead of a block per member.
fn delegate(
    ctx: &Ctx<'_, '_>,
    vals: &Validators,
    (container, name): (&str, &str),
    member: &Member,
) -> Option<Ident> {
    let own = ctx
        .plan
        .constraints
        .contains_key(&format!("{container}${name}"));
    let sensitive = ctx.member(container, name).sensitive;
    (!own && !sensitive && vals.needs.contains(&member.target)).then(|| vals.name(&member.target))
}

/// Checks for a value reached through `member` (`expr` is a reference to it).
fn member_checks(
    ctx: &Ctx<'_, '_>,
    vals: &Validators,
    (container, name): (&str, &str),
    member: &Member,
    expr: &TokenStream,
) -> TokenStream {
    let target = ctx.shape(&member.target);
    let sensitive = ctx.member(container, name).sensitive;
    let checks = if let Some(effective) = ctx.plan.constraints.get(&format!("{container}${name}")) {
        // The member restates constraints: its own override its target's.
        let mut out = constraints(ctx, &member.target, target.kind, effective, expr, sensitive);
        out.extend(inner(ctx, vals, &member.target, expr));
        out
    } else if vals.needs.contains(&member.target) {
        let f = vals.name(&member.target);
        quote! { #f(v, #expr); }
    } else {
        quote! {}
    };
    // A sensitive member redacts everything reported inside it, nested elements included.
    if sensitive && !checks.is_empty() {
        quote! { v.enter_sensitive(); #checks v.leave_sensitive(); }
    } else {
        checks
    }
}

/// `@length`, `@pattern`, `@range`, `@uniqueItems` checks on `expr`.
fn constraints(
    ctx: &Ctx<'_, '_>,
    id: &str,
    kind: ShapeType,
    c: &Constraints,
    expr: &TokenStream,
    sensitive: bool,
) -> TokenStream {
    let mut out = TokenStream::new();
    let is_enum = ctx.plan.enums.contains_key(id);
    let text = if is_enum {
        quote! { #expr.as_str() }
    } else {
        quote! { #expr }
    };
    let length = c.length;
    let pattern = c.pattern.as_ref().map(|static_name| {
        let name = format_ident!("{}", static_name);
        quote! { v.pattern(#text, &#name, #sensitive); }
    });
    if let Some(Length { min, max }) = length {
        let (min, max) = (opt(min), opt(max));
        out.extend(match kind {
            // `@length` before `@pattern`: a value outside its bounds is not matched at all, which
            // keeps matching cheap and lets bounded repetitions be relaxed exactly.
            ShapeType::String | ShapeType::Enum => match &pattern {
                Some(pattern) => quote! { if v.length_str(#text, #min, #max, #sensitive) { #pattern } },
                None => quote! { v.length_str(#text, #min, #max, #sensitive); },
            },
            ShapeType::Blob => quote! {
                v.length_count(#expr.as_ref().len(), ::lean_aws_runtime::validation::LengthUnit::Bytes, #min, #max);
            },
            ShapeType::Map => quote! {
                v.length_count(#expr.len(), ::lean_aws_runtime::validation::LengthUnit::Entries, #min, #max);
            },
            _ => quote! {
                v.length_count(#expr.len(), ::lean_aws_runtime::validation::LengthUnit::Elements, #min, #max);
            },
        });
    } else if let Some(pattern) = pattern {
        out.extend(pattern);
    }
    if let Some(range) = &c.range {
        out.extend(range_check(kind, range, expr, sensitive));
    }
    if c.unique_items {
        out.extend(quote! { v.unique_items(#expr); });
    }
    out
}

fn opt<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote! { Some(#v) },
        None => quote! { None },
    }
}

/// `@range` bounds are inclusive and may be fractional; on integer types they round inward.
fn range_check(kind: ShapeType, range: &Range, expr: &TokenStream, sensitive: bool) -> TokenStream {
    let float = matches!(kind, ShapeType::Float | ShapeType::Double);
    if float {
        let bound = |n: &Option<Number>| opt(n.as_ref().and_then(Number::as_f64));
        let (min, max) = (bound(&range.min), bound(&range.max));
        let value = if kind == ShapeType::Float {
            quote! { f64::from(*#expr) }
        } else {
            quote! { *#expr }
        };
        quote! { v.range_float(#value, #min, #max, #sensitive); }
    } else {
        let int = |n: &Option<Number>, up: bool| {
            opt(n.as_ref().map(|n| {
                n.as_i64().unwrap_or_else(|| {
                    let f = n.as_f64().unwrap_or_default();
                    (if up { f.ceil() } else { f.floor() }) as i64
                })
            }))
        };
        let (min, max) = (int(&range.min, true), int(&range.max, false));
        let value = if kind == ShapeType::Long {
            quote! { *#expr }
        } else {
            quote! { i64::from(*#expr) }
        };
        quote! { v.range_int(#value, #min, #max, #sensitive); }
    }
}

/// Checks inside a value: enum membership, elements, entries, members, the union's variant.
fn inner(ctx: &Ctx<'_, '_>, vals: &Validators, id: &str, expr: &TokenStream) -> TokenStream {
    let shape = ctx.shape(id);
    match shape.kind {
        _ if ctx.plan.enums.contains_key(id) => {
            let ty = ctx.type_path(id);
            if shape.kind == ShapeType::IntEnum {
                quote! { if !#expr.is_known() { v.unknown_int_enum_value(#expr.value(), #ty::values()); } }
            } else {
                quote! { if !#expr.is_known() { v.unknown_enum_value(#expr.as_str(), #ty::values()); } }
            }
        }
        ShapeType::List | ShapeType::Set => {
            let Some(m) = &shape.member else {
                return quote! {};
            };
            let nullable = ctx.member(id, "member").nullable;
            if !nullable && let Some(f) = delegate(ctx, vals, (id, "member"), m) {
                return quote! { v.each(#expr, #f); };
            }
            let checks = member_checks(ctx, vals, (id, "member"), m, &quote! { item });
            if checks.is_empty() {
                return quote! {};
            }
            let body = if nullable {
                quote! { if let Some(item) = item { #checks } }
            } else {
                checks
            };
            quote! {
                for (i, item) in #expr.iter().enumerate() {
                    v.enter_index(i);
                    #body
                    v.leave();
                }
            }
        }
        ShapeType::Map => {
            let (Some(k), Some(val)) = (&shape.key, &shape.value) else {
                return quote! {};
            };
            let key_checks = member_checks(ctx, vals, (id, "key"), k, &quote! { key });
            let value_checks = member_checks(ctx, vals, (id, "value"), val, &quote! { value });
            if key_checks.is_empty() && value_checks.is_empty() {
                return quote! {};
            }
            let value_checks = if ctx.member(id, "value").nullable && !value_checks.is_empty() {
                quote! { if let Some(value) = value { #value_checks } }
            } else {
                value_checks
            };
            let key_text = if ctx.plan.enums.contains_key(&k.target) {
                quote! { key.as_str() }
            } else {
                quote! { key }
            };
            // A `@sensitive` key is not written into the paths of violations under it.
            let enter = if ctx.member(id, "key").sensitive {
                quote! { v.enter_sensitive_key(); }
            } else {
                quote! { v.enter_key(#key_text); }
            };
            quote! {
                // Sorted so violations come in a stable order whatever the map's hashing.
                let mut entries: Vec<_> = #expr.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (key, value) in entries {
                    #enter
                    #key_checks
                    #value_checks
                    v.leave();
                }
            }
        }
        ShapeType::Structure => struct_inner(ctx, vals, id, false, expr),
        ShapeType::Union => {
            let ty = ctx.type_path(id);
            let arms = ctx.union_members(id).into_iter().map(|(name, m)| {
                let variant = ident(&ctx.plan.fields[&(id.to_owned(), name.clone())]);
                let checks = member_checks(ctx, vals, (id, name), m, &quote! { x });
                if checks.is_empty() {
                    quote! { #ty::#variant(_) => {} }
                } else {
                    quote! { #ty::#variant(x) => { v.enter(#name); #checks v.leave(); } }
                }
            });
            quote! {
                match #expr {
                    #( #arms )*
                    #ty::Unknown => v.unknown_union_variant(),
                }
            }
        }
        _ => quote! {},
    }
}

/// Member checks of a structure (`is_input` selects the operation-input field optionality).
fn struct_inner(
    ctx: &Ctx<'_, '_>,
    vals: &Validators,
    id: &str,
    is_input: bool,
    expr: &TokenStream,
) -> TokenStream {
    let mut out = TokenStream::new();
    for f in fields(ctx, id, is_input) {
        // An event stream is read as it arrives; there is nothing to check in it as a value.
        if f.stream {
            continue;
        }
        let ident = &f.ident;
        let wire = f.member_name;
        if f.optional {
            if f.required {
                out.extend(quote! { v.required(#wire, #expr.#ident.is_some()); });
            }
            if let Some(check) = delegate(ctx, vals, (id, f.member_name), f.member) {
                out.extend(quote! { v.member(#wire, #expr.#ident.as_ref(), #check); });
                continue;
            }
            let checks = member_checks(ctx, vals, (id, f.member_name), f.member, &quote! { x });
            if !checks.is_empty() {
                out.extend(quote! {
                    if let Some(x) = &#expr.#ident {
                        v.enter(#wire);
                        #checks
                        v.leave();
                    }
                });
            }
        } else {
            let checks = member_checks(ctx, vals, (id, f.member_name), f.member, &quote! { x });
            if !checks.is_empty() {
                out.extend(quote! {
                    {
                        let x = &#expr.#ident;
                        v.enter(#wire);
                        #checks
                        v.leave();
                    }
                });
            }
        }
    }
    out
}
