//! The botocore reader on small models, and on the whole SageMaker model against its Smithy twin.

use super::*;

const NS: &str = "ex";

/// A small botocore model touching every mapping.
const SMALL: &str = r#"{
  "version": "2.0",
  "documentation": "<p>Service docs.</p>",
  "metadata": {"apiVersion": "2020-01-01", "endpointPrefix": "api.ex", "jsonVersion": "1.1",
    "protocol": "json", "serviceFullName": "Example Service", "serviceId": "Ex Ample",
    "signatureVersion": "v4", "signingName": "ex", "targetPrefix": "ExService"},
  "operations": {
    "Put": {"name": "Put", "http": {"method": "POST", "requestUri": "/"},
      "input": {"shape": "PutRequest"}, "output": {"shape": "PutResponse"},
      "errors": [{"shape": "NotFound"}, {"shape": "Boom"}, {"shape": "Conflict"}],
      "documentation": "<p>Puts.</p>", "idempotent": true,
      "endpoint": {"hostPrefix": "data."}},
    "Ping": {"name": "Ping", "http": {"method": "POST", "requestUri": "/"},
      "deprecated": true, "deprecatedMessage": "use Put", "readonly": true},
    "Shared": {"name": "Shared", "input": {"shape": "Tags"}, "output": {"shape": "PutResponse"}}
  },
  "shapes": {
    "PutRequest": {"type": "structure", "required": ["Name", "Token"],
      "members": {
        "Name": {"shape": "Name", "documentation": "<p>The name.</p>"},
        "Token": {"shape": "Name", "idempotencyToken": true},
        "Old": {"shape": "Name", "deprecated": true, "deprecatedMessage": "gone"},
        "When": {"shape": "Time", "timestampFormat": "iso8601"},
        "Size": {"shape": "Size", "box": true, "jsonvalue": true, "locationName": "size"},
        "Ratio": {"shape": "Ratio"},
        "Kind": {"shape": "Kind"},
        "Choice": {"shape": "Choice"},
        "Doc": {"shape": "Doc"},
        "Tags": {"shape": "Tags"},
        "Meta": {"shape": "Meta"},
        "Body": {"shape": "Body"},
        "Events": {"shape": "Events"},
        "Secret": {"shape": "Secret"}}},
    "PutResponse": {"type": "structure", "members": {}},
    "Name": {"type": "string", "min": 1, "max": 64, "pattern": "[a-z]+"},
    "Secret": {"type": "string", "sensitive": true},
    "Time": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
    "HttpTime": {"type": "timestamp", "timestampFormat": "rfc822"},
    "Size": {"type": "integer", "box": true, "min": 0, "max": 10},
    "Ratio": {"type": "float", "min": 0.25},
    "Kind": {"type": "string", "enum": ["ml.t3.medium", "InProgress", "1", "a.b", "a_b"],
      "documentation": "<p>Kinds.</p>"},
    "Choice": {"type": "structure", "union": true,
      "members": {"A": {"shape": "Name"}, "B": {"shape": "Size"}}},
    "Doc": {"type": "structure", "members": {}, "document": true},
    "Tags": {"type": "list", "member": {"shape": "Name"}, "min": 0, "max": 50},
    "Meta": {"type": "map", "key": {"shape": "Name"}, "value": {"shape": "Name"}, "max": 5},
    "Body": {"type": "blob", "streaming": true, "max": 100},
    "Events": {"type": "structure", "eventstream": true,
      "members": {"Started": {"shape": "PutResponse"}}},
    "Long": {"type": "long"}, "Bool": {"type": "boolean"}, "Dbl": {"type": "double"},
    "NotFound": {"type": "structure", "members": {"Message": {"shape": "Name"}},
      "exception": true, "error": {"code": "NotFound", "httpStatusCode": 404, "senderFault": true},
      "documentation": "<p>Missing.</p>"},
    "Boom": {"type": "structure", "members": {}, "exception": true, "fault": true},
    "Conflict": {"type": "structure", "members": {}, "exception": true,
      "retryable": {"throttling": true}}
  }
}"#;

fn small() -> Model {
    from_botocore("small.json", SMALL, Some(NS)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn detects_botocore_documents() {
    assert!(is_botocore(SMALL));
    assert!(is_botocore(r#"{"metadata": {}, "shapes": {}}"#));
    assert!(!is_botocore(
        r#"{"smithy": "2.0", "metadata": {}, "shapes": {}}"#
    ));
    assert!(!is_botocore(r#"{"metadata": {}}"#));
    assert!(!is_botocore(r#"[{"metadata": {}, "shapes": {}}]"#));
    assert!(!is_botocore("{"));
}

#[test]
fn converts_the_service() {
    let m = small();
    let s = &m.shapes["ex#ExService"];
    assert_eq!(s.kind, ShapeType::Service);
    assert_eq!(s.version.as_deref(), Some("2020-01-01"));
    let ops: Vec<_> = s.operations.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(ops, ["ex#Put", "ex#Ping", "ex#Shared"], "in model order");
    assert_eq!(
        s.traits[traits::AWS_SERVICE],
        json!({"sdkId": "Ex Ample", "endpointPrefix": "api.ex"})
    );
    assert_eq!(s.traits[traits::SIGV4], json!({"name": "ex"}));
    assert_eq!(s.traits[traits::AWS_JSON_1_1], json!({}));
    assert!(!s.traits.contains_key(traits::AWS_JSON_1_0));
    assert_eq!(s.traits[traits::TITLE], "Example Service");
    assert_eq!(s.traits[traits::DOCUMENTATION], "<p>Service docs.</p>");
    assert!(m.shapes.contains_key("smithy.api#String"), "prelude");
}

#[test]
fn converts_operations() {
    let m = small();
    let put = &m.shapes["ex#Put"];
    assert_eq!(put.kind, ShapeType::Operation);
    assert_eq!(put.input.as_ref().unwrap().target, "ex#PutRequest");
    assert_eq!(put.output.as_ref().unwrap().target, "ex#PutResponse");
    let errors: Vec<_> = put.errors.iter().map(|t| t.target.as_str()).collect();
    assert_eq!(errors, ["ex#Boom", "ex#Conflict", "ex#NotFound"], "sorted");
    assert_eq!(put.traits[traits::DOCUMENTATION], "<p>Puts.</p>");
    assert_eq!(put.traits["smithy.api#idempotent"], json!({}));
    assert_eq!(
        put.traits["smithy.api#endpoint"],
        json!({"hostPrefix": "data."})
    );
    let ping = &m.shapes["ex#Ping"];
    assert_eq!(ping.input.as_ref().unwrap().target, "smithy.api#Unit");
    assert_eq!(ping.output.as_ref().unwrap().target, "smithy.api#Unit");
    assert_eq!(
        ping.traits[traits::DEPRECATED],
        json!({"message": "use Put"})
    );
    assert_eq!(ping.traits["smithy.api#readonly"], json!({}));
    // `http` and other botocore-only keys leave no trace.
    assert_eq!(put.traits.len(), 3);
    // Exclusive inputs/outputs are marked; shared ones are not.
    assert!(m.shapes["ex#PutRequest"].traits.contains_key(traits::INPUT));
    assert!(
        !m.shapes["ex#PutResponse"]
            .traits
            .contains_key(traits::OUTPUT)
    );
    assert!(!m.shapes["ex#Tags"].traits.contains_key(traits::INPUT));
    assert!(
        !m.shapes["smithy.api#Unit"]
            .traits
            .contains_key(traits::INPUT)
    );
}

#[test]
fn converts_members_and_their_traits() {
    let m = small();
    let s = &m.shapes["ex#PutRequest"];
    assert_eq!(s.kind, ShapeType::Structure);
    let names: Vec<_> = s.members.keys().map(String::as_str).collect();
    assert_eq!(
        names[..4],
        ["Name", "Token", "Old", "When"],
        "order is kept"
    );
    let name = &s.members["Name"];
    assert_eq!(name.target, "ex#Name");
    assert_eq!(name.traits[traits::REQUIRED], json!({}));
    assert_eq!(name.traits[traits::CLIENT_OPTIONAL], json!({}));
    assert_eq!(name.traits[traits::DOCUMENTATION], "<p>The name.</p>");
    let token = &s.members["Token"];
    assert!(token.traits.contains_key(traits::IDEMPOTENCY_TOKEN));
    assert!(token.traits.contains_key(traits::REQUIRED));
    assert_eq!(
        s.members["Old"].traits[traits::DEPRECATED],
        json!({"message": "gone"})
    );
    assert!(!s.members["Old"].traits.contains_key(traits::REQUIRED));
    assert_eq!(
        s.members["When"].traits[traits::TIMESTAMP_FORMAT],
        "date-time"
    );
    assert!(
        s.members["Size"].traits.is_empty(),
        "box, jsonvalue, locationName are dropped"
    );
}

#[test]
fn converts_simple_shapes_and_constraints() {
    let m = small();
    let t = |id: &str| &m.shapes[&format!("ex#{id}")].traits;
    let kind = |id: &str| m.shapes[&format!("ex#{id}")].kind;
    assert_eq!(kind("Name"), ShapeType::String);
    assert_eq!(t("Name")[traits::LENGTH], json!({"min": 1, "max": 64}));
    assert_eq!(t("Name")[traits::PATTERN], "[a-z]+", "kept exactly");
    assert_eq!(t("Secret")[traits::SENSITIVE], json!({}));
    assert_eq!(t("Time")[traits::TIMESTAMP_FORMAT], "epoch-seconds");
    assert_eq!(t("HttpTime")[traits::TIMESTAMP_FORMAT], "http-date");
    assert_eq!(kind("Size"), ShapeType::Integer);
    assert_eq!(t("Size")[traits::RANGE], json!({"min": 0, "max": 10}));
    assert_eq!(kind("Ratio"), ShapeType::Float);
    assert_eq!(t("Ratio")[traits::RANGE], json!({"min": 0.25}));
    assert_eq!(kind("Tags"), ShapeType::List);
    assert_eq!(
        m.shapes["ex#Tags"].member.as_ref().unwrap().target,
        "ex#Name"
    );
    assert_eq!(t("Tags")[traits::LENGTH], json!({"min": 0, "max": 50}));
    assert_eq!(kind("Meta"), ShapeType::Map);
    assert_eq!(m.shapes["ex#Meta"].key.as_ref().unwrap().target, "ex#Name");
    assert_eq!(
        m.shapes["ex#Meta"].value.as_ref().unwrap().target,
        "ex#Name"
    );
    assert_eq!(t("Meta")[traits::LENGTH], json!({"max": 5}));
    assert_eq!(kind("Body"), ShapeType::Blob);
    assert_eq!(t("Body")[traits::STREAMING], json!({}));
    assert_eq!(t("Body")[traits::LENGTH], json!({"max": 100}));
    assert_eq!(kind("Long"), ShapeType::Long);
    assert_eq!(kind("Bool"), ShapeType::Boolean);
    assert_eq!(kind("Dbl"), ShapeType::Double);
    assert_eq!(kind("Doc"), ShapeType::Document);
    assert!(m.shapes["ex#Doc"].members.is_empty());
    assert_eq!(kind("Choice"), ShapeType::Union);
    assert!(
        !m.shapes["ex#Choice"].members["A"]
            .traits
            .contains_key(traits::REQUIRED)
    );
    assert_eq!(kind("Events"), ShapeType::Union);
    assert_eq!(t("Events")[traits::STREAMING], json!({}));
}

#[test]
fn converts_enums() {
    let m = small();
    let e = &m.shapes["ex#Kind"];
    assert_eq!(e.kind, ShapeType::Enum);
    assert_eq!(e.traits[traits::DOCUMENTATION], "<p>Kinds.</p>");
    let members: Vec<_> = e
        .members
        .iter()
        .map(|(n, m)| {
            assert_eq!(m.target, "smithy.api#Unit");
            (n.as_str(), m.traits[traits::ENUM_VALUE].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        members,
        [
            ("ML_T3_MEDIUM", "ml.t3.medium"),
            ("IN_PROGRESS", "InProgress"),
            ("_1", "1"),
            ("A_B", "a.b"),
            ("A_B_2", "a_b"),
        ]
    );
    for (value, name) in [
        ("ml.p4de.24xlarge", "ML_P4DE_24XLARGE"),
        ("MD5Hash", "MD5_HASH"),
        ("S3Prefix", "S3_PREFIX"),
        (
            "MaxAutoMLJobRuntimeReached",
            "MAX_AUTO_ML_JOB_RUNTIME_REACHED",
        ),
        ("AWS::SageMaker::TrainingJob", "AWS_SAGE_MAKER_TRAINING_JOB"),
        (
            "al2-ami-sagemaker-inference-gpu-2",
            "AL2_AMI_SAGEMAKER_INFERENCE_GPU_2",
        ),
        ("", "EMPTY"),
        ("--", "EMPTY"),
    ] {
        assert_eq!(enum_member_name(value), name, "{value:?}");
    }
}

#[test]
fn converts_errors() {
    let m = small();
    let t = |id: &str| &m.shapes[&format!("ex#{id}")].traits;
    assert_eq!(t("NotFound")[traits::ERROR], "client");
    assert_eq!(t("NotFound")[traits::HTTP_ERROR], 404);
    assert_eq!(t("NotFound")[traits::DOCUMENTATION], "<p>Missing.</p>");
    assert_eq!(t("Boom")[traits::ERROR], "server");
    assert!(!t("Boom").contains_key(traits::HTTP_ERROR));
    assert_eq!(t("Conflict")[traits::ERROR], "client");
    assert_eq!(
        t("Conflict")["smithy.api#retryable"],
        json!({"throttling": true})
    );
    assert!(!t("PutResponse").contains_key(traits::ERROR));
}

#[test]
fn names_the_service_and_namespace_from_metadata() {
    let doc = SMALL.replace(r#""targetPrefix": "ExService""#, r#""uid": "x""#);
    let m = from_botocore("x.json", &doc, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        m.shapes["com.amazonaws.example#ExAmple"].kind,
        ShapeType::Service
    );
    assert!(m.shapes.contains_key("com.amazonaws.example#PutRequest"));
    let v10 = SMALL.replace(r#""jsonVersion": "1.1""#, r#""jsonVersion": "1.0""#);
    let m = from_botocore("x.json", &v10, Some(NS)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        m.shapes["ex#ExService"]
            .traits
            .contains_key(traits::AWS_JSON_1_0)
    );
}

#[test]
fn reports_every_problem_without_panicking() {
    let err = from_botocore("bad.json", "{", None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("1 problem"), "{err}");
    assert!(err.contains("bad.json: not a botocore model"), "{err}");
    let err = from_botocore("bad.json", "[1]", None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.json: not a botocore model"), "{err}");

    let doc = r#"{"metadata": {"protocol": "rest-json", "targetPrefix": "Svc"},
      "operations": {"Op": {"input": {"shape": "Nope"}, "errors": [{}]}},
      "shapes": {
        "S": {"type": "structure", "required": ["Missing"],
          "members": {"m": {"shape": "Gone"}, "bad-name": {"shape": "S"}}},
        "L": {"type": "list"},
        "T": {"type": "frob"},
        "U": {"type": "timestamp", "timestampFormat": "iso"},
        "V": {"type": "string", "min": -1, "enum": ["a", "a", 3]},
        "W": 7}}"#;
    let err = from_botocore("m.json", doc, Some(NS))
        .unwrap_err()
        .to_string();
    for expected in [
        "ex#Svc: unsupported protocol `rest-json` for service `Svc`",
        "ex#Op: targets `Nope`, which is not a shape of the botocore model",
        "ex#Op: a botocore reference needs a `shape` name",
        "ex#S$m: targets `Gone`, which is not a shape of the botocore model",
        "ex#S$bad-name: the botocore member name is not a Smithy identifier",
        "ex#S: botocore `required` lists \"Missing\", which is not a member",
        "ex#L$member: the botocore shape has no `member`",
        "ex#T: unknown botocore shape type `frob`",
        "ex#U: unknown botocore `timestampFormat` \"iso\"",
        "ex#V: botocore `min` must be a non-negative integer, found -1",
        "ex#V: botocore `enum` lists \"a\" twice",
        "ex#V: botocore `enum` values must be strings, found 3",
        "ex#W: the botocore shape is not an object",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in\n{err}");
    }

    let no_version = r#"{"metadata": {"protocol": "json", "targetPrefix": "Svc"}, "shapes": {}}"#;
    let err = from_botocore("m.json", no_version, Some(NS))
        .unwrap_err()
        .to_string();
    assert!(err.contains("`jsonVersion` must be"), "{err}");
    let unnamed = r#"{"metadata": {"protocol": "json", "jsonVersion": "1.0"}, "shapes": {}}"#;
    let err = from_botocore("m.json", unnamed, Some(NS))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("neither `targetPrefix` nor `serviceId`"),
        "{err}"
    );
    let err = from_botocore("m.json", SMALL, Some("not a namespace"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a valid Smithy namespace"), "{err}");
    let err = from_parts(&json!(3), &Map::new(), &Map::new(), NS).unwrap_err();
    assert!(err.to_string().contains("`metadata` is not an object"));
}

/// `../shared/reference`, or `None` (with a note) when this checkout has no shared folder.
fn reference_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("skipping: ../shared not found ({})", dir.display());
        None
    }
}

/// Every shape reachable from the operations, prelude shapes excluded.
fn closure(model: &Model, ops: &[String]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = ops.to_vec();
    while let Some(id) = stack.pop() {
        if id.starts_with("smithy.api#") || !seen.insert(id.clone()) {
            continue;
        }
        let Some(s) = model.shapes.get(&id) else {
            continue;
        };
        let refs = s
            .input
            .iter()
            .chain(&s.output)
            .chain(&s.errors)
            .map(|t| &t.target);
        let members = s
            .members
            .values()
            .chain(&s.member)
            .chain(&s.key)
            .chain(&s.value)
            .map(|m| &m.target);
        stack.extend(refs.chain(members).cloned());
    }
    seen
}

/// The differences between the two readings of one shape that matter to the generator.
fn compare_shape(id: &str, b: &Shape, s: &Shape, diffs: &mut Vec<String>) {
    if b.kind != s.kind {
        diffs.push(format!("{id}: kind {} vs {}", b.kind.name(), s.kind.name()));
        return;
    }
    for key in [traits::LENGTH, traits::RANGE] {
        if b.traits.get(key) != s.traits.get(key) {
            diffs.push(format!(
                "{id}: {key} {:?} vs {:?}",
                b.traits.get(key),
                s.traits.get(key)
            ));
        }
    }
    let pattern = |t: &Traits| {
        t.get(traits::PATTERN)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let smithy_pattern = pattern(&s.traits).map(|p| botocore_pattern(&p));
    if pattern(&b.traits) != smithy_pattern {
        diffs.push(format!(
            "{id}: pattern {:?} vs {smithy_pattern:?}",
            pattern(&b.traits),
        ));
    }
    if b.kind == ShapeType::Enum {
        let values = |sh: &Shape| -> BTreeMap<String, String> {
            sh.members
                .iter()
                .map(|(n, m)| (m.traits[traits::ENUM_VALUE].to_string(), n.clone()))
                .collect()
        };
        let (bv, sv) = (values(b), values(s));
        for (v, name) in &bv {
            match sv.get(v) {
                None => diffs.push(format!("{id}: enum value {v} only in botocore")),
                Some(other) if other != name => {
                    diffs.push(format!("{id}: enum value {v} named {name} vs {other}"))
                }
                Some(_) => {}
            }
        }
        for v in sv.keys().filter(|v| !bv.contains_key(*v)) {
            diffs.push(format!("{id}: enum value {v} only in smithy"));
        }
        return;
    }
    for (name, bm) in &b.members {
        let Some(sm) = s.members.get(name) else {
            diffs.push(format!("{id}${name}: only in botocore"));
            continue;
        };
        if bm.target != sm.target {
            diffs.push(format!(
                "{id}${name}: target {} vs {}",
                bm.target, sm.target
            ));
        }
        let req = |m: &Member| m.traits.contains_key(traits::REQUIRED);
        if req(bm) != req(sm) {
            diffs.push(format!("{id}${name}: required {} vs {}", req(bm), req(sm)));
        }
    }
    for name in s.members.keys().filter(|n| !b.members.contains_key(*n)) {
        diffs.push(format!("{id}${name}: only in smithy"));
    }
    let common = |x: &Shape, y: &Shape| -> Vec<String> {
        x.members
            .keys()
            .filter(|k| y.members.contains_key(*k))
            .cloned()
            .collect()
    };
    if common(b, s) != common(s, b) {
        diffs.push(format!("{id}: member order differs"));
    }
    for (part, bm, sm) in [
        ("member", &b.member, &s.member),
        ("key", &b.key, &s.key),
        ("value", &b.value, &s.value),
    ] {
        let (bt, st) = (
            bm.as_ref().map(|m| &m.target),
            sm.as_ref().map(|m| &m.target),
        );
        if bt != st {
            diffs.push(format!("{id}${part}: target {bt:?} vs {st:?}"));
        }
    }
    for (part, bt, st) in [
        ("input", &b.input, &s.input),
        ("output", &b.output, &s.output),
    ] {
        if bt != st {
            diffs.push(format!("{id}: {part} {bt:?} vs {st:?}"));
        }
    }
    if b.errors != s.errors {
        diffs.push(format!("{id}: errors {:?} vs {:?}", b.errors, s.errors));
    }
    for key in [
        traits::ERROR,
        traits::HTTP_ERROR,
        traits::INPUT,
        traits::OUTPUT,
    ] {
        if b.traits.get(key) != s.traits.get(key) {
            diffs.push(format!(
                "{id}: {key} {:?} vs {:?}",
                b.traits.get(key),
                s.traits.get(key)
            ));
        }
    }
}

/// How botocore writes a Smithy pattern, as seen in every SageMaker pattern that did not
/// change between the snapshots: as a whole-value match, with the `^`/`$` anchors stripped
/// and `.*` where the Smithy pattern was not anchored (unless it already starts or ends so).
fn botocore_pattern(smithy: &str) -> String {
    let (start, p) = match smithy.strip_prefix('^') {
        Some(p) => ("", p),
        None if smithy.starts_with(".*") => ("", smithy),
        None => (".*", smithy),
    };
    let (p, end) = match p.strip_suffix('$') {
        Some(p) => (p, ""),
        None if p.ends_with(".*") => (p, ""),
        None => (p, ".*"),
    };
    format!("{start}{p}{end}")
}

#[test]
fn botocore_patterns_are_whole_value_matches() {
    for (smithy, botocore) in [
        ("^\\d+$", "\\d+"),
        ("^arn:aws:action/", "arn:aws:action/.*"),
        ("(?:[ \\r\\n\\t].*)*$", ".*(?:[ \\r\\n\\t].*)*"),
        (".*", ".*"),
    ] {
        assert_eq!(botocore_pattern(smithy), botocore);
    }
}

/// Differences between the botocore snapshot (Aug 2026) and the Smithy one in the closure of
/// UpdateUserProfile and UpdatePartnerApp (shape IDs without the namespace). None is a
/// conversion error:
/// - newer in botocore: members `PartnerAppConfig$AssignedGroupPatterns`/`RoleGroupAssignments`,
///   `UpdatePartnerAppRequest$AppVersion`/`EnableAutoMinorVersionUpgrade`,
///   `ResourceSpec$TrainingPlanArn`, `StudioWebPortalSettings$ExecutionRoleSessionNameMode`
///   and the shapes they bring; enum values of `AppInstanceType` (ml.g7*, ml.g7e*, ml.p5.4xlarge,
///   ml.p6-b200.48xlarge) and `MlTools`; `S3FileSystemConfig$S3Uri` is required only in botocore, and
///   `S3SchemaUri` gained `min: 0`;
/// - enum member names AWS picked by hand (`Canvas`, `Disabled` for "DISABLED", `Admin` for
///   "R_STUDIO_ADMIN"), which botocore does not carry; the values agree.
const EXPECTED_SAGEMAKER_DIFFS: &[&str] = &[
    // Newer in the botocore snapshot.
    "AppInstanceType: enum value \"ml.g7.12xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7.24xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7.2xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7.48xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7.4xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7.8xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7e.12xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7e.24xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7e.2xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7e.48xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7e.4xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.g7e.8xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.p5.4xlarge\" only in botocore",
    "AppInstanceType: enum value \"ml.p6-b200.48xlarge\" only in botocore",
    "AssignedGroupPatternsList: only in botocore closure",
    "ExecutionRoleSessionNameMode: only in botocore closure",
    "GroupNamePattern: only in botocore closure",
    "GroupPatternsList: only in botocore closure",
    "MajorMinorVersion: only in botocore closure",
    "MlTools: enum value \"Datasets\" only in botocore",
    "MlTools: enum value \"Evaluators\" only in botocore",
    "MlTools: enum value \"RunningInstances\" only in botocore",
    "PartnerAppConfig$AssignedGroupPatterns: only in botocore",
    "PartnerAppConfig$RoleGroupAssignments: only in botocore",
    "ResourceSpec$TrainingPlanArn: only in botocore",
    "RoleGroupAssignment: only in botocore closure",
    "RoleGroupAssignmentsList: only in botocore closure",
    "S3FileSystemConfig$S3Uri: required true vs false",
    "S3SchemaUri: smithy.api#length Some(Object {\"min\": Number(0), \"max\": Number(1024)}) vs Some(Object {\"max\": Number(1024)})",
    "StudioResourceSpecTrainingPlanArn: only in botocore closure",
    "StudioWebPortalSettings$ExecutionRoleSessionNameMode: only in botocore",
    "UpdatePartnerAppRequest$EnableAutoMinorVersionUpgrade: only in botocore",
    "UpdatePartnerAppRequest$AppVersion: only in botocore",
    // Enum names: synthesized from the value vs picked by hand.
    "AppType: enum value \"Canvas\" named CANVAS vs Canvas",
    "AppType: enum value \"CodeEditor\" named CODE_EDITOR vs CodeEditor",
    "AppType: enum value \"DetailedProfiler\" named DETAILED_PROFILER vs DetailedProfiler",
    "AppType: enum value \"JupyterLab\" named JUPYTER_LAB vs JupyterLab",
    "AppType: enum value \"JupyterServer\" named JUPYTER_SERVER vs JupyterServer",
    "AppType: enum value \"KernelGateway\" named KERNEL_GATEWAY vs KernelGateway",
    "AppType: enum value \"RSessionGateway\" named R_SESSION_GATEWAY vs RSessionGateway",
    "AppType: enum value \"RStudioServerPro\" named R_STUDIO_SERVER_PRO vs RStudioServerPro",
    "AppType: enum value \"TensorBoard\" named TENSOR_BOARD vs TensorBoard",
    "DataSourceName: enum value \"SalesforceGenie\" named SALESFORCE_GENIE vs SalesforceGenie",
    "DataSourceName: enum value \"Snowflake\" named SNOWFLAKE vs Snowflake",
    "FeatureStatus: enum value \"DISABLED\" named DISABLED vs Disabled",
    "FeatureStatus: enum value \"ENABLED\" named ENABLED vs Enabled",
    "LifecycleManagement: enum value \"DISABLED\" named DISABLED vs Disabled",
    "LifecycleManagement: enum value \"ENABLED\" named ENABLED vs Enabled",
    "NotebookOutputOption: enum value \"Allowed\" named ALLOWED vs Allowed",
    "NotebookOutputOption: enum value \"Disabled\" named DISABLED vs Disabled",
    "RStudioServerProAccessStatus: enum value \"DISABLED\" named DISABLED vs Disabled",
    "RStudioServerProAccessStatus: enum value \"ENABLED\" named ENABLED vs Enabled",
    "RStudioServerProUserGroup: enum value \"R_STUDIO_ADMIN\" named R_STUDIO_ADMIN vs Admin",
    "RStudioServerProUserGroup: enum value \"R_STUDIO_USER\" named R_STUDIO_USER vs User",
    "SageMakerImageName: enum value \"sagemaker_distribution\" named SAGEMAKER_DISTRIBUTION vs sagemaker_distribution",
    "StudioWebPortal: enum value \"DISABLED\" named DISABLED vs Disabled",
    "StudioWebPortal: enum value \"ENABLED\" named ENABLED vs Enabled",
];

#[test]
fn sagemaker_matches_the_smithy_model() {
    let Some(dir) = reference_dir() else {
        return;
    };
    let read = |name: &str| {
        std::fs::read_to_string(dir.join("models").join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let (btext, stext) = (
        read("sagemaker-2017-07-24.botocore.json"),
        read("sagemaker-2017-07-24.smithy.json"),
    );
    assert!(is_botocore(&btext));
    assert!(!is_botocore(&stext));
    let b =
        from_botocore("sagemaker.botocore.json", &btext, None).unwrap_or_else(|e| panic!("{e}"));
    let s = Model::from_json_sources([("sagemaker.smithy.json", stext.as_str())])
        .unwrap_or_else(|e| panic!("{e}"));

    let ns = "com.amazonaws.sagemaker";
    let bs = &b.shapes[&format!("{ns}#SageMaker")];
    let ss = &s.shapes[&format!("{ns}#SageMaker")];
    assert_eq!(bs.version, ss.version);
    for key in [
        traits::SIGV4,
        traits::AWS_JSON_1_1,
        traits::TITLE,
        traits::DOCUMENTATION,
    ] {
        assert_eq!(bs.traits.get(key), ss.traits.get(key), "{key}");
    }
    for key in ["sdkId", "endpointPrefix"] {
        assert_eq!(
            bs.traits[traits::AWS_SERVICE][key],
            ss.traits[traits::AWS_SERVICE][key]
        );
    }

    let ops: Vec<String> = ["UpdateUserProfile", "UpdatePartnerApp"]
        .iter()
        .map(|o| format!("{ns}#{o}"))
        .collect();
    let (bc, sc) = (closure(&b, &ops), closure(&s, &ops));
    let mut diffs = Vec::new();
    for id in bc.union(&sc) {
        match (b.shapes.get(id), s.shapes.get(id)) {
            (Some(bsh), Some(ssh)) if bc.contains(id) && sc.contains(id) => {
                compare_shape(id, bsh, ssh, &mut diffs)
            }
            _ if !sc.contains(id) => diffs.push(format!("{id}: only in botocore closure")),
            _ => diffs.push(format!("{id}: only in smithy closure")),
        }
    }
    println!(
        "closure: {} botocore shapes, {} smithy shapes, {} differences",
        bc.len(),
        sc.len(),
        diffs.len()
    );
    for d in &diffs {
        println!("  {d}");
    }
    let found: BTreeSet<String> = diffs
        .iter()
        .map(|d| d.replace(&format!("{ns}#"), ""))
        .collect();
    let expected: BTreeSet<String> = EXPECTED_SAGEMAKER_DIFFS
        .iter()
        .map(|d| d.to_string())
        .collect();
    let unexpected: Vec<_> = found.difference(&expected).collect();
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "unexpected differences: {unexpected:#?}\nexpected but not found: {missing:#?}"
    );
}

#[test]
fn sagemaker_reads_through_read_model() {
    let Some(dir) = reference_dir() else {
        return;
    };
    let path = dir.join("models/sagemaker-2017-07-24.botocore.json");
    let m = crate::output::read_model(&path).unwrap_or_else(|e| panic!("{e}"));
    let s = &m.shapes["com.amazonaws.sagemaker#SageMaker"];
    assert_eq!(s.kind, ShapeType::Service);
    println!(
        "sagemaker botocore: {} operations, {} shapes",
        s.operations.len(),
        m.shapes.len()
    );
}

#[test]
fn protocol_test_groups_convert() {
    let Some(dir) = reference_dir() else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("protocol-tests"))
        .expect("protocol-tests folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            // The AWS JSON suites; the folder also holds other protocols' suites, which this
            // reader does not claim to convert yet.
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("awsjson"))
                && p.to_string_lossy().ends_with(".botocore.json")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let (mut groups, mut ops_total, mut shapes_total) = (0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        for (i, group) in doc.as_array().expect("a list of groups").iter().enumerate() {
            let metadata = &group["metadata"];
            let namespace = match metadata["jsonVersion"].as_str() {
                Some("1.0") => "aws.protocoltests.json10",
                _ => "aws.protocoltests.json",
            };
            let mut ops = Map::new();
            for case in group["cases"].as_array().into_iter().flatten() {
                if let Some(name) = case["given"]["name"].as_str() {
                    ops.insert(name.to_owned(), case["given"].clone());
                }
            }
            let empty = Map::new();
            let shapes = group["shapes"].as_object().unwrap_or(&empty);
            groups += 1;
            ops_total += ops.len();
            shapes_total += shapes.len();
            if let Err(e) = from_parts(metadata, &ops, shapes, namespace) {
                failures.push(format!("{} group {i}: {e}", file.display()));
            }
        }
    }
    println!(
        "protocol tests: {} files, {groups} groups, {ops_total} operations, {shapes_total} shapes",
        files.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
