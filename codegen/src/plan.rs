//! The plan: every decision the checker makes, typed, for emitters to render. Nothing here reads
//! the model; [`crate::check`] builds it and reports, instead, everything it could not decide.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::pattern::Compiled;
use crate::traits::{EnumValue, Length, Range, TimestampFormat};

/// Where a generated type lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Home {
    /// `crate::types`
    Types,
    /// `crate::types::error`
    Error,
}

/// A named type in `types` or `types::error`.
#[derive(Debug, Clone)]
pub struct TypeSlot {
    pub name: String,
    pub home: Home,
    /// The private module (and file stem) that holds it: `_user_settings`.
    pub module: String,
}

/// Names for one operation.
#[derive(Debug, Clone)]
pub struct OperationNames {
    /// `UpdateUserProfile`
    pub name: String,
    /// The wire name (shape name), used in `X-Amz-Target`.
    pub wire_name: String,
    /// `update_user_profile`; a keyword gets `_` (`match_`).
    pub module: String,
    /// The `Client` method: `update_user_profile`; a keyword is raw (`r#match`).
    pub method: String,
    pub input: String,
    pub output: String,
    pub error: String,
}

/// One enum member: its variant name and wire value.
#[derive(Debug, Clone)]
pub struct EnumEntry {
    pub member: String,
    pub variant: String,
    pub value: EnumValue,
    /// As Markdown.
    pub documentation: Option<String>,
    /// `Some` when deprecated, with the model's message (empty when it gives none).
    pub deprecated: Option<String>,
}

/// A compiled `@pattern`, shared by every shape that uses the same text and length bound.
#[derive(Debug, Clone)]
pub struct PatternSlot {
    pub static_name: String,
    pub compiled: Compiled,
}

/// How a structure member is held outside operation inputs (inputs hold every member in an
/// `Option`, Smithy 2.0's client rule, so a service can relax a requirement without breaking
/// callers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `Option<T>`: not `@required`, or `@clientOptional`, or with a non-zero default.
    Optional,
    /// `T`, and a builder fails without it: `@required`.
    Required,
    /// `T`, defaulting to the type's zero value, which is the model's `@default`.
    Defaulted,
}

/// The decisions about one member of a structure, union, list (`member`) or map (`key`,
/// `value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberPlan {
    pub presence: Presence,
    /// Held in a `Box` to break a cycle of shapes.
    pub boxed: bool,
    /// `@required` as the model says it (inputs hold such members in an `Option` all the same).
    pub required: bool,
    /// The member or its target is `@sensitive`: its value is never printed.
    pub sensitive: bool,
    /// A `@sparse` list's `member` or map's `value`: it may be null, and is held as an `Option`.
    pub nullable: bool,
    /// For a timestamp: its wire format (the member's trait, else the target's, else the
    /// protocol's default).
    pub timestamp_format: Option<TimestampFormat>,
}

/// What a value is checked against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub length: Option<Length>,
    pub range: Option<Range>,
    /// The static (in `validators.rs`) of the pattern, compiled for this length bound.
    pub pattern: Option<String>,
    pub unique_items: bool,
}

/// What the model tells readers about a shape, operation or member.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// `@documentation` as Markdown; `None` when there is none (or it is empty).
    pub docs: Option<String>,
    /// `Some` when `@deprecated`, with the model's message (empty when it gives none).
    pub deprecated: Option<String>,
}

/// One piece of an `@endpoint` host prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text written as is.
    Literal(String),
    /// The value of an input member (`@hostLabel`, `@required`, a string), checked at call time
    /// to be a valid host label.
    Label { member: String },
}

/// What the client does for one operation besides sending its input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationPlan {
    /// `@endpoint(hostPrefix)`, parsed and checked against the input.
    pub host_prefix: Option<Vec<HostPrefixPart>>,
    /// `@requestCompression` lists gzip: large bodies may be sent compressed.
    pub gzip: bool,
    /// Input members filled with a fresh token when unset (`@idempotencyToken`).
    pub idempotency_tokens: Vec<String>,
    /// Endpoint rule-set parameters the call binds, in name order.
    pub endpoint_params: Vec<EndpointParam>,
}

/// A parameter of the service's endpoint rule set that an operation binds: the endpoint of each
/// call is resolved with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointParam {
    /// The rule-set parameter's name.
    pub name: String,
    pub value: EndpointParamValue,
}

/// Where an operation's endpoint parameter comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndpointParamValue {
    /// `@staticContextParams`: the same string for every call.
    Text(String),
    /// `@staticContextParams`: the same boolean for every call.
    Flag(bool),
    /// `@staticContextParams`: the same list of strings for every call.
    Texts(Vec<String>),
    /// `@contextParam`: the input member's value (its Rust field), when set; a string, or with
    /// `flag` a boolean.
    Member { field: String, flag: bool },
    /// `@operationContextParams`: what a path into the input reaches, when it reaches anything.
    Path(ContextPath),
}

/// A path of `@operationContextParams`, planned as the Rust fields it goes through from the
/// operation's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextPath {
    /// The value at the end of `steps`.
    Value {
        steps: Vec<PathStep>,
        value: PathValue,
    },
    /// The keys of the map at the end of `steps`, as a list of strings.
    Keys { steps: Vec<PathStep> },
    /// A list of strings: for each item of the list at the end of `list` (`nullable`: a sparse
    /// list's, whose unset items are passed over), the string each path of `each` reaches from
    /// it, in order; a path that reaches nothing adds nothing.
    Each {
        list: Vec<PathStep>,
        nullable: bool,
        each: Vec<Vec<PathStep>>,
    },
}

/// One field a path goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    /// The Rust field.
    pub field: String,
    /// Held in an `Option`.
    pub optional: bool,
}

/// What a [`ContextPath::Value`] reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathValue {
    /// A string or an enum, bound as a string.
    Text,
    /// A boolean.
    Flag,
    /// A list of strings or enums (`nullable`: sparse, its unset items left out).
    Texts { nullable: bool },
}

/// An event stream: a `@streaming` union that an operation's output holds, whose messages are
/// its events (members targeting structures) or the errors it may end with (members targeting
/// `@error` structures).
#[derive(Debug, Clone)]
pub struct EventStreamPlan {
    /// The union's members that are events, in model order: the event enum's variants.
    pub events: Vec<String>,
    /// The union's members that are errors, in model order: the stream error enum's variants.
    pub errors: Vec<String>,
    /// The stream's error enum in `types::error`: the union's type name and `Error`.
    pub error: TypeSlot,
    /// Event member → the members of its structure read from elsewhere than the JSON payload;
    /// only events that have such members are here.
    pub bindings: BTreeMap<String, EventBindings>,
}

/// Where an event's members come from when not all from the message's JSON payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventBindings {
    /// Members read from the message header of their name (`@eventHeader`), in model order.
    pub headers: Vec<String>,
    /// The member that is the whole payload (`@eventPayload`); the others are then all headers.
    pub payload: Option<String>,
}

/// The per-service facts the runtime and the crate's docs need.
#[derive(Debug, Clone, Default)]
pub struct ServicePlan {
    /// The `X-Amz-Target` prefix: the service shape's name.
    pub target_prefix: String,
    /// `1.0` or `1.1`, from the protocol trait.
    pub json_version: &'static str,
    /// SigV4's signing name (`aws.auth#sigv4`), else the endpoint prefix.
    pub signing_name: String,
    pub endpoint_prefix: String,
    pub sdk_id: String,
    pub api_version: String,
    /// The endpoint rule set as canonical JSON text (keys sorted), to embed.
    pub rule_set: Option<String>,
    /// `@title`, else the SDK ID.
    pub title: String,
    /// The operations trait: `SageMakerApi`.
    pub api_trait: String,
    /// The client offers HTTP/2: some operation streams events, which services serve over it.
    pub http2: bool,
}

/// Everything emission needs beyond the index: names, enum entries, patterns, and the decisions
/// about members and operations.
#[derive(Debug, Default)]
pub struct Plan {
    pub service: ServicePlan,
    pub types: BTreeMap<String, TypeSlot>,
    pub operations: BTreeMap<String, OperationNames>,
    /// Operation → what its client call does beyond sending the input.
    pub calls: BTreeMap<String, OperationPlan>,
    /// `(structure or union, member)` → field/variant name.
    pub fields: BTreeMap<(String, String), String>,
    /// `(container, member)` → its decisions; lists' members are `member`, maps' `key`/`value`.
    pub members: BTreeMap<(String, String), MemberPlan>,
    /// Enum shape → its members in model order.
    pub enums: BTreeMap<String, Vec<EnumEntry>>,
    /// (pattern text, `@length` max it is checked with) → its static.
    pub patterns: BTreeMap<(String, Option<u64>), PatternSlot>,
    /// Shape, operation or service ID, or `shape$member` → its docs and deprecation; only what
    /// has either has an entry.
    pub notes: HashMap<String, Notes>,
    /// Shape ID, or `container$member` for a member that restates any constraint trait → what
    /// its values are checked against (for such a member: its traits over its target's).
    pub constraints: HashMap<String, Constraints>,
    /// Streaming union → its event stream.
    pub event_streams: BTreeMap<String, EventStreamPlan>,
    /// `@sensitive` shapes: values of theirs are never printed.
    pub sensitive: BTreeSet<String>,
    /// Shape ID or `container$member` → a `@pattern` there that cannot be checked, and why.
    /// The value is generated without it, and its docs say so; the service, which can check it,
    /// still does.
    pub unchecked_patterns: BTreeMap<String, UncheckedPattern>,
    /// What generation left out or relaxed, for the user to know; never a reason to stop.
    pub warnings: Vec<crate::error::Problem>,
    /// The crate's cargo features for operations, and which of them each shape is compiled for.
    pub features: Features,
    /// rustc's `recursion_limit` for the crate, when values nest too deep for its default.
    pub recursion_limit: Option<u32>,
    /// How the code is spread over several crates, for a service too large for one; `None`
    /// makes one crate.
    pub split: Option<Split>,
}

/// A service's code spread over crates, so that no one compiler process holds all of it and
/// independent parts build in parallel: a shared crate with the types several parts use, part
/// crates with the rest of the types and the operations of some features each, and the crate
/// users name (the facade), which re-exports all of them under the paths one crate would have
/// and owns the client.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Split {
    /// The shared crate's package name.
    pub shared: String,
    /// The part crates, in order; [`CrateHome::Part`] indexes this list.
    pub parts: Vec<PartCrate>,
    /// Feature index → the part that holds its operations.
    pub part_of_feature: Vec<usize>,
    /// Shape ID → the crate that defines it ([`Split::home_of`] its features), for every shape
    /// of the closure.
    pub homes: HashMap<String, CrateHome>,
}

/// One part crate of a [`Split`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartCrate {
    /// The package name.
    pub name: String,
    /// The features whose operations it holds, by index, in index order.
    pub features: Vec<usize>,
}

/// Which crate of a [`Split`] defines something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CrateHome {
    /// The shared crate: a shape the operations of more than one part reach.
    Shared,
    /// A part crate, by index into [`Split::parts`].
    Part(usize),
}

impl Split {
    /// The crate that defines a shape compiled for the features of `gate`: the part holding all
    /// of them, else the shared crate.
    pub fn home_of(&self, gate: &Gate) -> CrateHome {
        let mut parts = gate.iter().map(|f| self.part_of_feature[f]);
        match parts.next() {
            Some(first) if parts.all(|p| p == first) => CrateHome::Part(first),
            _ => CrateHome::Shared,
        }
    }

    /// The features of a part, as a gate.
    pub fn gate_of_part(&self, part: usize) -> Gate {
        let mut gate = Gate::default();
        for f in &self.parts[part].features {
            gate.insert(*f);
        }
        gate
    }
}

/// A set of operation features, as indices into [`Features::list`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Gate(Vec<u64>);

impl Gate {
    pub fn insert(&mut self, feature: usize) {
        let (word, bit) = (feature / 64, feature % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        self.0[word] |= 1 << bit;
    }

    /// Adds every feature of `other`.
    pub fn extend(&mut self, other: &Gate) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= b;
        }
    }

    /// The features, in index order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(word, bits)| {
            (0..64)
                .filter(move |bit| bits & (1 << bit) != 0)
                .map(move |bit| word * 64 + bit)
        })
    }

    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    pub fn contains(&self, feature: usize) -> bool {
        self.0
            .get(feature / 64)
            .is_some_and(|word| word & (1 << (feature % 64)) != 0)
    }
}

/// One cargo feature that enables operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name: the operation's module name (`update_user_profile`), or for a
    /// resource group the resource's (`user_profile`).
    pub name: String,
    /// The operation IDs it enables, in ID order.
    pub operations: Vec<String>,
}

/// How operations map to cargo features, and which shapes each feature needs: a type, its
/// validator and its (de)serializers compile only when a feature whose operations reach it is
/// on.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// In name order.
    pub list: Vec<Feature>,
    /// Whether operations are grouped by resource (a service with more operations than a crate
    /// may have features) rather than one feature each.
    pub grouped: bool,
    /// Operation ID → its feature.
    pub of_operation: BTreeMap<String, usize>,
    /// Shape ID → the features whose operations' inputs reach it.
    pub sends: HashMap<String, Gate>,
    /// Shape ID → the features whose operations' outputs or errors reach it.
    pub receives: HashMap<String, Gate>,
}

impl Features {
    /// The features whose operations send a shape: its serializer compiles for them.
    pub fn sending(&self, id: &str) -> Gate {
        self.sends.get(id).cloned().unwrap_or_default()
    }

    /// The features whose operations receive a shape: its deserializer compiles for them.
    pub fn receiving(&self, id: &str) -> Gate {
        self.receives.get(id).cloned().unwrap_or_default()
    }

    /// The features a shape is compiled for: those that send or receive it.
    pub fn needs(&self, id: &str) -> Gate {
        let mut gate = self.sending(id);
        gate.extend(&self.receiving(id));
        gate
    }

    /// The feature of one operation, as a gate.
    pub fn operation(&self, op: &str) -> Gate {
        let mut gate = Gate::default();
        if let Some(i) = self.of_operation.get(op) {
            gate.insert(*i);
        }
        gate
    }

    /// Every operation feature.
    pub fn all(&self) -> Gate {
        let mut gate = Gate::default();
        for i in 0..self.list.len() {
            gate.insert(i);
        }
        gate
    }
}

/// A `@pattern` generated without its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedPattern {
    pub pattern: String,
    pub reason: String,
}

impl Plan {
    /// Whether a structure's builder can fail to build outside an operation input (inputs'
    /// `build()` always returns a `Result`): some member is [`Presence::Required`].
    pub fn build_can_fail(&self, structure: &str) -> bool {
        self.members
            .range((structure.to_owned(), String::new())..)
            .take_while(|((container, _), _)| container == structure)
            .any(|(_, m)| m.presence == Presence::Required)
    }
}
