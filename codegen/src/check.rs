//! Checks the selected closure before anything is generated and, when it is sound, makes every
//! decision (names, patterns, how members are held and written, what each call does) into the
//! [`Plan`] (defined in [`crate::plan`]). Emission renders the plan and cannot fail.
//!
//! All problems are collected, each naming its shape ID (`ns#Shape$Member` for members).

use std::collections::{BTreeMap, BTreeSet};

use crate::docs::html_to_markdown;
use crate::error::Errors;
use crate::index::ShapeIndex;
use crate::model::{Member, Shape, ShapeType, shape_name};
use crate::naming;
use crate::traits::{self, EnumValue, TimestampFormat, TraitsExt};

pub use crate::plan::{
    Constraints, EndpointParam, EndpointParamValue, EnumEntry, EventBindings, EventStreamPlan,
    Home, HostPrefixPart, MemberPlan, Notes, OperationNames, OperationPlan, PatternSlot, Plan,
    Presence, ServicePlan, TypeSlot,
};

mod constraints;
mod depth;
mod endpoint_params;
pub mod features;
mod notes;
pub mod split;

/// Validates the closure and builds the plan, or reports every problem found.
pub fn check(index: &ShapeIndex<'_>) -> Result<Plan, Errors> {
    let mut c = Checker {
        index,
        errors: Errors::default(),
        plan: Plan::default(),
        bad_patterns: BTreeSet::new(),
    };
    c.service();
    c.plan.service = service_plan(index);
    c.operations();
    let referenced = c.member_targets();
    // Operation inputs and outputs: their types are named per operation.
    let op_shapes: BTreeSet<&str> = index
        .operations
        .iter()
        .flat_map(|op| {
            let s = index.shape(op);
            [&s.input, &s.output]
                .into_iter()
                .flatten()
                .map(|t| t.target.as_str())
        })
        .collect();
    for id in &index.closure {
        c.shape(id, index.shape(id), &referenced, &op_shapes);
    }
    c.unique_type_names();
    c.plan.service.http2 = !c.plan.event_streams.is_empty();
    c.plan.recursion_limit = depth::check(index, &mut c.errors);
    c.plan.features = features::features(index);
    if c.errors.is_empty() {
        c.plan.notes = notes::notes(index);
    }
    for (op, reason) in &index.skipped {
        c.plan.warnings.push(crate::error::Problem {
            at: (*op).to_owned(),
            message: format!("skipped: {reason}"),
        });
    }
    c.plan.warnings.sort();
    c.plan.warnings.dedup();
    c.errors.into_result(c.plan)
}

struct Checker<'a, 'm> {
    index: &'a ShapeIndex<'m>,
    errors: Errors,
    plan: Plan,
    /// (shape or member, pattern, length bound) already reported as untranslatable, so that
    /// each place is reported once.
    bad_patterns: BTreeSet<(String, String, Option<u64>)>,
}

impl Checker<'_, '_> {
    /// The service must name a protocol this generator speaks, and its endpoint rule set (if any)
    /// must load in the runtime's rules engine.
    fn service(&mut self) {
        let Some((id, shape)) = self.index.service else {
            return;
        };
        let t = &shape.traits;
        if !t.has(traits::AWS_JSON_1_0) && !t.has(traits::AWS_JSON_1_1) {
            let protocols: Vec<&str> = t
                .keys()
                .filter(|k| k.starts_with("aws.protocols#"))
                .map(String::as_str)
                .collect();
            self.errors.push(
                id,
                if protocols.is_empty() {
                    "has no protocol trait; this generator speaks `aws.protocols#awsJson1_0` and `aws.protocols#awsJson1_1`".to_owned()
                } else {
                    format!("uses {}; this generator speaks `aws.protocols#awsJson1_0` and `aws.protocols#awsJson1_1`", protocols.join(", "))
                },
            );
        }
        if let Some(rules) = t.get(traits::ENDPOINT_RULE_SET)
            && let Err(e) = lean_aws_runtime::endpoint::RuleSet::from_value(rules)
        {
            self.errors
                .push(id, format!("its endpoint rule set cannot be used: {e}"));
        }
    }

    fn operations(&mut self) {
        let mut modules: BTreeMap<String, &str> = BTreeMap::new();
        for op in &self.index.operations {
            let shape = self.index.shape(op);
            let wire_name = shape_name(op).to_owned();
            let name = naming::operation_name(&wire_name);
            // `ConfigInput`: a suffixed name cannot shadow anything, so no reserved name applies.
            let type_base = naming::pascal_case(&wire_name);
            let module = naming::module_name(&wire_name);
            if let Some(other) = modules.insert(module.clone(), op) {
                self.errors.push(
                    *op,
                    format!("its module `{module}` is also the module of `{other}`"),
                );
            }
            for (part, target) in [("input", &shape.input), ("output", &shape.output)] {
                if let Some(t) = target {
                    let Some(kind) = self.kind_of(&t.target) else {
                        continue;
                    };
                    if kind != ShapeType::Structure {
                        self.errors.push(
                            *op,
                            format!(
                                "its {part} `{}` is a {}, not a structure",
                                t.target,
                                kind.name()
                            ),
                        );
                    }
                }
            }
            for e in &shape.errors {
                let Some(target) = self.index.model.shapes.get(&e.target) else {
                    continue;
                };
                if target.kind != ShapeType::Structure || !target.traits.has(traits::ERROR) {
                    self.errors.push(
                        *op,
                        format!(
                            "lists `{}` as an error, but it is not an `@error` structure",
                            e.target
                        ),
                    );
                }
            }
            let call = self.operation_plan(op, shape);
            self.plan.calls.insert((*op).to_owned(), call);
            self.plan.operations.insert(
                (*op).to_owned(),
                OperationNames {
                    input: format!("{type_base}Input"),
                    output: format!("{type_base}Output"),
                    error: format!("{name}Error"),
                    method: naming::method_name(&wire_name),
                    name,
                    wire_name,
                    module,
                },
            );
        }
    }

    /// What the client does for an operation beyond sending its input: fill idempotency tokens,
    /// compress, and prefix the host (a template checked here, so a bad one is a model error
    /// rather than a failure of every call).
    fn operation_plan(&mut self, op: &str, shape: &Shape) -> OperationPlan {
        let input = shape
            .input
            .as_ref()
            .and_then(|t| self.index.model.shapes.get(&t.target));
        let members = input.map(|i| &i.members);
        let idempotency_tokens = members
            .into_iter()
            .flatten()
            .filter(|(_, m)| m.traits.has(traits::IDEMPOTENCY_TOKEN))
            .map(|(name, _)| name.clone())
            .collect();
        let gzip = shape
            .traits
            .get(traits::REQUEST_COMPRESSION)
            .and_then(|t| t.get("encodings"))
            .and_then(|e| e.as_array())
            .is_some_and(|e| {
                e.iter()
                    .any(|v| v.as_str().is_some_and(|v| v.eq_ignore_ascii_case("gzip")))
            });
        let host_prefix = match shape.traits.get(traits::ENDPOINT) {
            None => None,
            Some(endpoint) => match endpoint.get("hostPrefix").and_then(|v| v.as_str()) {
                Some(template) => match parse_host_prefix(template) {
                    Ok(parts) => {
                        self.host_labels(op, template, &parts, input);
                        Some(parts)
                    }
                    Err(e) => {
                        self.errors
                            .push(op, format!("its host prefix {template:?} {e}"));
                        None
                    }
                },
                None => {
                    self.errors
                        .push(op, "its `@endpoint` trait has no string `hostPrefix`");
                    None
                }
            },
        };
        let endpoint_params = self.endpoint_params(op, shape, input);
        OperationPlan {
            host_prefix,
            gzip,
            idempotency_tokens,
            endpoint_params,
        }
    }

    /// Every label of a host prefix is a `@required` string member of the input marked
    /// `@hostLabel`, and every `@hostLabel` member is used.
    fn host_labels(
        &mut self,
        op: &str,
        template: &str,
        parts: &[HostPrefixPart],
        input: Option<&Shape>,
    ) {
        let labels: Vec<&str> = parts
            .iter()
            .filter_map(|p| match p {
                HostPrefixPart::Label { member } => Some(member.as_str()),
                HostPrefixPart::Literal(_) => None,
            })
            .collect();
        for label in &labels {
            let member = input.and_then(|i| i.members.get(*label));
            let problem = match member {
                None => Some("is not a member of the input".to_owned()),
                Some(m) if !m.traits.has(traits::HOST_LABEL) => {
                    Some("is not marked `@hostLabel`".to_owned())
                }
                Some(m) if !m.traits.has(traits::REQUIRED) => Some("is not `@required`".to_owned()),
                Some(m) => match self.kind_of(&m.target) {
                    Some(ShapeType::String) | None => None,
                    Some(kind) => Some(format!("is a {}, not a string", kind.name())),
                },
            };
            if let Some(problem) = problem {
                self.errors.push(
                    op,
                    format!("its host prefix {template:?} uses `{label}`, which {problem}"),
                );
            }
        }
        for (name, m) in input.map(|i| &i.members).into_iter().flatten() {
            if m.traits.has(traits::HOST_LABEL) && !labels.contains(&name.as_str()) {
                self.errors.push(
                    format!("{op}$input${name}"),
                    format!(
                        "is marked `@hostLabel`, but the host prefix {template:?} does not use it"
                    ),
                );
            }
        }
    }

    /// Shapes that some member targets (so an input/output shape referenced elsewhere also gets a
    /// type of its own).
    fn member_targets(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for id in &self.index.closure {
            for (_, m) in crate::index::members_of(self.index.shape(id)) {
                out.insert(m.target.clone());
            }
        }
        out
    }

    fn shape(
        &mut self,
        id: &str,
        shape: &Shape,
        referenced: &BTreeSet<String>,
        op_shapes: &BTreeSet<&str>,
    ) {
        let traits = &shape.traits;
        self.shape_constraints(id, shape.kind, traits);
        if traits.has(traits::SENSITIVE) {
            self.plan.sensitive.insert(id.to_owned());
        }
        match shape.kind {
            ShapeType::BigInteger | ShapeType::BigDecimal => self.errors.push(
                id,
                format!(
                    "{} shapes are not supported yet (no AWS JSON service uses them)",
                    shape.kind.name()
                ),
            ),
            ShapeType::Blob if traits.has(traits::STREAMING) => self.errors.push(
                id,
                "streaming blobs are not supported by AWS JSON protocols",
            ),
            ShapeType::Timestamp => {
                if let Err(e) = traits.timestamp_format() {
                    self.errors.push(id, e);
                }
            }
            ShapeType::String => {
                if let Some(Some(defs)) = self.ok(id, traits.enum_definitions()) {
                    let entries = defs
                        .into_iter()
                        .map(|d| EnumEntry {
                            variant: naming::variant_name(d.name.as_deref().unwrap_or(&d.value)),
                            member: d.name.unwrap_or_else(|| d.value.clone()),
                            value: EnumValue::String(d.value),
                            documentation: d.documentation.as_deref().map(html_to_markdown),
                            deprecated: d.deprecated.then(String::new),
                        })
                        .collect();
                    self.enum_entries(id, entries);
                    self.type_slot(id, Home::Types);
                }
            }
            ShapeType::Enum | ShapeType::IntEnum => {
                let mut entries = Vec::new();
                for (name, m) in &shape.members {
                    let at = format!("{id}${name}");
                    let value = match (self.ok(&at, m.traits.enum_value()), shape.kind) {
                        (Some(Some(EnumValue::String(s))), ShapeType::Enum) => EnumValue::String(s),
                        (Some(None), ShapeType::Enum) => EnumValue::String(name.clone()),
                        (Some(Some(EnumValue::Int(i))), ShapeType::IntEnum) => {
                            if i32::try_from(i).is_err() {
                                self.errors.push(
                                    &at,
                                    format!("intEnum value {i} does not fit a 32-bit integer"),
                                );
                            }
                            EnumValue::Int(i)
                        }
                        (Some(_), _) => {
                            self.errors.push(
                                &at,
                                format!(
                                    "{} members need a {} `@enumValue`",
                                    shape.kind.name(),
                                    if shape.kind == ShapeType::Enum {
                                        "string"
                                    } else {
                                        "integer"
                                    }
                                ),
                            );
                            continue;
                        }
                        (None, _) => continue,
                    };
                    entries.push(EnumEntry {
                        member: name.clone(),
                        variant: naming::variant_name(name),
                        value,
                        documentation: m.traits.documentation().map(html_to_markdown),
                        deprecated: m.traits.deprecated_message(),
                    });
                }
                if entries.is_empty() {
                    self.errors
                        .push(id, format!("{} has no members", shape.kind.name()));
                }
                self.enum_entries(id, entries);
                self.type_slot(id, Home::Types);
            }
            ShapeType::List | ShapeType::Set => match &shape.member {
                Some(m) => self.member(id, "member", m),
                None => self.errors.push(id, "list has no `member`"),
            },
            ShapeType::Map => {
                match &shape.key {
                    Some(k) => {
                        self.member(id, "key", k);
                        if self.kind_of(&k.target).is_some_and(|kind| {
                            !matches!(kind, ShapeType::String | ShapeType::Enum)
                        }) {
                            self.errors
                                .push(format!("{id}$key"), "map keys must target a string shape");
                        }
                    }
                    None => self.errors.push(id, "map has no `key`"),
                }
                match &shape.value {
                    Some(v) => self.member(id, "value", v),
                    None => self.errors.push(id, "map has no `value`"),
                }
            }
            ShapeType::Structure | ShapeType::Union => {
                if shape.kind == ShapeType::Union && traits.has(traits::STREAMING) {
                    self.event_stream(id, shape);
                }
                if shape.kind == ShapeType::Union && shape.members.is_empty() {
                    self.errors.push(id, "union has no members");
                }
                if let Err(e) = traits.error_fault().and_then(|_| traits.http_error()) {
                    self.errors.push(id, e);
                }
                self.fields(id, shape);
                let is_op_shape = op_shapes.contains(id);
                if traits.has(traits::ERROR) {
                    self.type_slot(id, Home::Error);
                } else if !is_op_shape || referenced.contains(id) {
                    self.type_slot(id, Home::Types);
                }
            }
            // Reported at each member that targets one (`not_data`): that is what has to change.
            _ => {}
        }
    }

    /// Whether a member at `at` targets an operation, service or resource, which hold no value;
    /// if so, that is reported at the member.
    fn not_data(&mut self, at: &str, target: &str, kind: ShapeType) -> bool {
        let what = match kind {
            ShapeType::Operation => "an operation",
            ShapeType::Service => "a service",
            ShapeType::Resource => "a resource",
            ShapeType::Apply => "an `apply` statement",
            _ => return false,
        };
        self.errors.push(
            at,
            format!("targets `{target}`, {what}; a member must target a shape that holds a value"),
        );
        true
    }

    /// Whether a member at `at` targets `smithy.api#Unit` outside a union (only union members
    /// and operations may); if so, that is reported at the member.
    fn unit_outside_union(&mut self, at: &str, target: &str, in_union: bool) -> bool {
        let wrong = target == "smithy.api#Unit" && !in_union;
        if wrong {
            self.errors.push(
                at,
                "targets `smithy.api#Unit`, which only union members and operations may target",
            );
        }
        wrong
    }

    /// The kind of a target, or `None` for a dangling one (which the index already reported).
    fn kind_of(&self, id: &str) -> Option<ShapeType> {
        self.index.model.shapes.get(id).map(|s| s.kind)
    }

    fn ok<T>(&mut self, at: &str, r: Result<T, String>) -> Option<T> {
        r.map_err(|e| self.errors.push(at, e)).ok()
    }

    /// Checks a list/map member: traits on it and its target's kind.
    fn member(&mut self, container: &str, name: &str, m: &Member) {
        let at = format!("{container}${name}");
        let Some(kind) = self.kind_of(&m.target) else {
            return;
        };
        if self.not_data(&at, &m.target, kind) {
            return;
        }
        if self.unit_outside_union(&at, &m.target, false) {
            return;
        }
        self.member_constraints(container, name, kind, m);
        if let Err(e) = m.traits.timestamp_format() {
            self.errors.push(&at, e);
        }
        self.member_plan(container, name, m);
    }

    /// Decides how a member is held, printed and written.
    fn member_plan(&mut self, container: &str, name: &str, m: &Member) {
        let Some(target) = self.index.model.shapes.get(&m.target) else {
            return;
        };
        let t = &m.traits;
        let presence = presence(m, target);
        let timestamp_format = (target.kind == ShapeType::Timestamp).then(|| {
            t.timestamp_format()
                .ok()
                .flatten()
                .or_else(|| target.traits.timestamp_format().ok().flatten())
                // The AWS JSON protocols' default.
                .unwrap_or(TimestampFormat::EpochSeconds)
        });
        self.plan.members.insert(
            (container.to_owned(), name.to_owned()),
            MemberPlan {
                presence,
                boxed: self.index.is_boxed(container, name),
                required: t.has(traits::REQUIRED),
                nullable: matches!(name, "member" | "value")
                    && self
                        .index
                        .model
                        .shapes
                        .get(container)
                        .is_some_and(|c| c.traits.has(traits::SPARSE)),
                sensitive: t.has(traits::SENSITIVE)
                    || self.holds_sensitive(&m.target, &mut BTreeSet::new()),
                timestamp_format,
            },
        );
    }

    /// Whether values of `id` are `@sensitive` or are lists or maps that hold such values (at any
    /// depth): printing one would print them.
    fn holds_sensitive<'s>(&'s self, id: &'s str, seen: &mut BTreeSet<&'s str>) -> bool {
        let Some(shape) = self.index.model.shapes.get(id) else {
            return false;
        };
        if shape.traits.has(traits::SENSITIVE) {
            return true;
        }
        if !matches!(
            shape.kind,
            ShapeType::List | ShapeType::Set | ShapeType::Map
        ) || !seen.insert(id)
        {
            return false;
        }
        [&shape.member, &shape.key, &shape.value]
            .into_iter()
            .flatten()
            .any(|m| m.traits.has(traits::SENSITIVE) || self.holds_sensitive(&m.target, seen))
    }

    /// Field names of a structure or union: valid, and distinct after snake-casing (including the
    /// builder's `set_`/`get_` methods, which must not collide either).
    fn fields(&mut self, id: &str, shape: &Shape) {
        let mut methods: BTreeMap<String, &str> = BTreeMap::new();
        for (name, m) in &shape.members {
            let at = format!("{id}${name}");
            let Some(target_kind) = self.kind_of(&m.target) else {
                continue;
            };
            if self.not_data(&at, &m.target, target_kind)
                || self.unit_outside_union(&at, &m.target, shape.kind == ShapeType::Union)
            {
                continue;
            }
            self.member_constraints(id, name, target_kind, m);
            if let Err(e) = m.traits.timestamp_format() {
                self.errors.push(&at, e);
            }
            let field = if shape.kind == ShapeType::Union {
                naming::variant_name(name)
            } else {
                naming::field_name(name)
            };
            if !naming::is_identifier(&field) {
                self.errors
                    .push(&at, format!("gives no usable Rust name (`{field}`)"));
            }
            let plain = naming::file_stem(&field).to_owned();
            let all = if shape.kind == ShapeType::Union {
                vec![plain.clone()]
            } else {
                vec![
                    plain.clone(),
                    format!("set_{plain}"),
                    format!("get_{plain}"),
                ]
            };
            // One report per member: the first of its names that collides.
            for method in all {
                if let Some(other) = methods.insert(method.clone(), name) {
                    self.errors.push(
                        &at,
                        format!("its Rust name `{method}` is also the name for member `{other}`"),
                    );
                    break;
                }
            }
            self.plan
                .fields
                .insert((id.to_owned(), name.clone()), field);
            self.member_plan(id, name, m);
        }
    }

    fn enum_entries(&mut self, id: &str, entries: Vec<EnumEntry>) {
        let mut variants: BTreeMap<&str, &str> = BTreeMap::new();
        let mut values: BTreeMap<String, &str> = BTreeMap::new();
        for e in &entries {
            let at = format!("{id}${}", e.member);
            if let Some(other) = variants.insert(&e.variant, &e.member) {
                self.errors.push(
                    &at,
                    format!(
                        "its variant name `{}` is also the name for `{other}`",
                        e.variant
                    ),
                );
            }
            let value = match &e.value {
                EnumValue::String(s) => s.clone(),
                EnumValue::Int(i) => i.to_string(),
            };
            if let Some(other) = values.insert(value.clone(), &e.member) {
                self.errors.push(
                    &at,
                    format!("its value {value:?} is also the value of `{other}`"),
                );
            }
        }
        self.plan.enums.insert(id.to_owned(), entries);
    }

    /// The plan of an event stream (the index keeps only operations whose output holds one as
    /// a member, each event a structure): its members split into events and errors.
    fn event_stream(&mut self, id: &str, shape: &Shape) {
        let (mut events, mut errors) = (Vec::new(), Vec::new());
        let mut bindings = BTreeMap::new();
        for (name, m) in &shape.members {
            let Some(target) = self.index.model.shapes.get(&m.target) else {
                continue;
            };
            if target.traits.contains_key(traits::ERROR) {
                errors.push(name.clone());
                continue;
            }
            events.push(name.clone());
            let mut binding = EventBindings::default();
            for (member, em) in &target.members {
                if em.traits.has(traits::EVENT_HEADER) {
                    binding.headers.push(member.clone());
                } else if em.traits.has(traits::EVENT_PAYLOAD) {
                    binding.payload = Some(member.clone());
                }
            }
            if binding != EventBindings::default() {
                bindings.insert(name.clone(), binding);
            }
        }
        let name = format!("{}Error", naming::type_name(shape_name(id)));
        let module = format!("_{}", naming::file_stem(&naming::module_name(&name)));
        let error = TypeSlot {
            name,
            home: Home::Error,
            module,
        };
        self.plan.event_streams.insert(
            id.to_owned(),
            EventStreamPlan {
                events,
                errors,
                error,
                bindings,
            },
        );
    }

    fn type_slot(&mut self, id: &str, home: Home) {
        let name = naming::type_name(shape_name(id));
        let module = format!("_{}", naming::file_stem(&naming::module_name(&name)));
        self.plan
            .types
            .insert(id.to_owned(), TypeSlot { name, home, module });
    }

    /// Two shapes must not get the same type name or file in the same module.
    fn unique_type_names(&mut self) {
        let mut seen: BTreeMap<(Home, String), &str> = BTreeMap::new();
        let mut problems = Vec::new();
        let stream_errors = self
            .plan
            .event_streams
            .iter()
            .map(|(id, stream)| (id, &stream.error));
        for (id, slot) in self.plan.types.iter().chain(stream_errors) {
            for key in [
                (slot.home, slot.name.clone()),
                (slot.home, slot.module.clone()),
            ] {
                if let Some(other) = seen.insert(key.clone(), id) {
                    problems.push((
                        id.clone(),
                        format!("its Rust name `{}` is also the name of `{other}`", key.1),
                    ));
                }
            }
        }
        for (id, message) in problems {
            self.errors.push(id, message);
        }
    }
}

/// The per-service facts, with the fallbacks a model without `aws.api#service` gets.
fn service_plan(index: &ShapeIndex<'_>) -> ServicePlan {
    let Some((id, shape)) = index.service.or_else(|| {
        index
            .operations
            .first()
            .map(|op| ("generated#Service", index.shape(op)))
    }) else {
        return ServicePlan::default();
    };
    let t = &shape.traits;
    let aws = t.get(traits::AWS_SERVICE);
    let text = |v: Option<&serde_json::Value>, key: &str| {
        v.and_then(|v| v.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let sdk_id = text(aws, "sdkId").unwrap_or_else(|| shape_name(id).to_owned());
    let endpoint_prefix =
        text(aws, "endpointPrefix").unwrap_or_else(|| naming::crate_name(&sdk_id));
    ServicePlan {
        target_prefix: shape_name(id).to_owned(),
        json_version: if t.has(traits::AWS_JSON_1_0) {
            "1.0"
        } else {
            "1.1"
        },
        signing_name: text(t.get(traits::SIGV4), "name").unwrap_or_else(|| endpoint_prefix.clone()),
        endpoint_prefix,
        api_version: shape.version.clone().unwrap_or_default(),
        rule_set: t
            .get(traits::ENDPOINT_RULE_SET)
            .map(|v| canonical_json(v).to_string()),
        title: t
            .get(traits::TITLE)
            .and_then(|v| v.as_str())
            .unwrap_or(&sdk_id)
            .to_owned(),
        api_trait: format!("{}Api", naming::type_name(&sdk_id.replace(' ', ""))),
        sdk_id,
        // Decided once the shapes are checked.
        http2: false,
    }
}

/// The value with every object's keys sorted, so the embedded text does not depend on how the
/// model file happened to order them.
fn canonical_json(v: &serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), canonical_json(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(canonical_json).collect())
        }
        other => other.clone(),
    }
}

/// Splits an `@endpoint` host prefix into literals and `{label}`s. Literals are what a host name
/// may hold (letters, digits, `-`, `.`); labels are non-empty.
fn parse_host_prefix(template: &str) -> Result<Vec<HostPrefixPart>, String> {
    let mut parts = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('{') {
            let close = after.find('}').ok_or("has a `{` without its `}`")?;
            let label = &after[..close];
            if label.is_empty() || !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!(
                    "has a label `{{{label}}}` that is not a member name"
                ));
            }
            parts.push(HostPrefixPart::Label {
                member: label.to_owned(),
            });
            rest = &after[close + 1..];
        } else {
            let end = rest.find('{').unwrap_or(rest.len());
            let literal = &rest[..end];
            if let Some(bad) = literal
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
            {
                return Err(format!("has {bad:?}, which cannot be part of a host name"));
            }
            parts.push(HostPrefixPart::Literal(literal.to_owned()));
            rest = &rest[end..];
        }
    }
    Ok(parts)
}

/// How a member is held outside operation inputs.
fn presence(m: &Member, target: &Shape) -> Presence {
    let t = &m.traits;
    let default = has_zero_default(m, target);
    if t.has(traits::CLIENT_OPTIONAL) || !(t.has(traits::REQUIRED) || default) {
        Presence::Optional
    } else if default {
        Presence::Defaulted
    } else {
        Presence::Required
    }
}

/// Whether a member has a `@default` that equals the Rust type's `Default` (false, 0, "", [], {}).
/// Other defaults keep the member optional: a client can always leave it to the service.
fn has_zero_default(m: &Member, target: &Shape) -> bool {
    let value = m
        .traits
        .default_value()
        .or_else(|| target.traits.default_value());
    let kind = target.kind;
    match value {
        Some(serde_json::Value::Bool(false)) => kind == ShapeType::Boolean,
        Some(serde_json::Value::Number(n)) => kind.is_number() && n.as_f64() == Some(0.0),
        Some(serde_json::Value::String(s)) => {
            s.is_empty() && kind == ShapeType::String && !target.traits.has(traits::ENUM)
        }
        Some(serde_json::Value::Array(a)) => {
            a.is_empty() && matches!(kind, ShapeType::List | ShapeType::Set)
        }
        Some(serde_json::Value::Object(o)) => o.is_empty() && kind == ShapeType::Map,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
