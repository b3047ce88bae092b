//! The reference suites: botocore's SageMaker rule set and test cases, and every model's own
//! `smithy.rules#endpointTests`, when the shared reference files are present.

use super::*;
use std::path::PathBuf;

/// Where the shared reference files live: `$ENDPOINT_REFERENCE_DIR`, else `shared/reference`
/// beside the repository (three levels up from this crate, `codegen/runtime`).
fn reference_dir() -> PathBuf {
    match std::env::var_os("ENDPOINT_REFERENCE_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference"
        )),
    }
}

fn read_json(path: &std::path::Path) -> Option<Json> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).expect("reference file is valid JSON"))
}

/// Test-case `params` as [`Params`]: the four built-ins go to typed fields,
/// everything else to `extra`. Names the rule set does not declare are
/// returned so the caller can report them.
fn case_params(case: &Json, declared: &[&str]) -> (Params, Vec<String>) {
    let mut params = Params::default();
    let mut unsupported = Vec::new();
    let Some(Json::Object(map)) = case.get("params") else {
        return (params, unsupported);
    };
    for (name, value) in map {
        match (name.as_str(), value) {
            ("Region", Json::String(v)) => params.region = Some(v.clone()),
            ("Endpoint", Json::String(v)) => params.endpoint = Some(v.clone()),
            ("UseFIPS", Json::Bool(v)) => params.use_fips = *v,
            ("UseDualStack", Json::Bool(v)) => params.use_dual_stack = *v,
            _ => {
                if !declared.contains(&name.as_str()) {
                    unsupported.push(name.clone());
                }
                if let Ok(Some(v)) = Value::from_json(value) {
                    params.extra.insert(name.clone(), v);
                }
            }
        }
    }
    (params, unsupported)
}

/// Checks one outcome against a test case's `expect`; `Err` describes the miss.
fn check_case(case: &Json, got: &Result<Endpoint, EndpointError>) -> Result<(), String> {
    let expect = case.get("expect").cloned().unwrap_or(Json::Null);
    if let Some(Json::String(message)) = expect.get("error") {
        return match got {
            Err(e) if e.message() == message => Ok(()),
            other => Err(format!("expected error {message:?}, got {other:?}")),
        };
    }
    let Some(want) = expect.get("endpoint") else {
        return Err("test case has neither `endpoint` nor `error`".into());
    };
    let ep = got
        .as_ref()
        .map_err(|e| format!("expected endpoint, got error {:?}", e.message()))?;
    if want.get("url").and_then(Json::as_str) != Some(ep.url.as_str()) {
        return Err(format!("expected url {}, got {}", want["url"], ep.url));
    }
    let props = want.get("properties");
    if let Some(props) = props.filter(|p| *p != &Json::Object(ep.properties.clone())) {
        return Err(format!(
            "expected properties {props}, got {:?}",
            ep.properties
        ));
    }
    if let Some(Json::Object(headers)) = want.get("headers") {
        let ours: serde_json::Map<String, Json> = ep
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), Json::from(v.clone())))
            .collect();
        if headers != &ours {
            return Err(format!("expected headers {headers:?}, got {ours:?}"));
        }
    }
    Ok(())
}

struct Outcome {
    passed: usize,
    failures: Vec<String>,
    unsupported: BTreeMap<String, usize>,
}

fn run_cases(
    cases: &[Json],
    declared: &[&str],
    resolve: impl Fn(&Params) -> Result<Endpoint, EndpointError>,
) -> Outcome {
    let mut outcome = Outcome {
        passed: 0,
        failures: Vec::new(),
        unsupported: BTreeMap::new(),
    };
    for (i, case) in cases.iter().enumerate() {
        let (params, unsupported) = case_params(case, declared);
        for name in unsupported {
            *outcome.unsupported.entry(name).or_default() += 1;
        }
        match check_case(case, &resolve(&params)) {
            Ok(()) => outcome.passed += 1,
            Err(why) => {
                let doc = case
                    .get("documentation")
                    .and_then(Json::as_str)
                    .unwrap_or("");
                outcome.failures.push(format!("#{i} {doc}: {why}"));
            }
        }
    }
    outcome
}

fn report(label: &str, outcome: &Outcome) {
    println!(
        "{label}: {} passed, {} failed",
        outcome.passed,
        outcome.failures.len()
    );
    for f in &outcome.failures {
        println!("  FAIL {f}");
    }
    for (name, count) in &outcome.unsupported {
        println!(
            "  unsupported parameter `{name}` in {count} case(s): not declared by the rule set"
        );
    }
}

/// Loads the botocore SageMaker rule set and its test cases, or `None`
/// (after saying so) when the shared reference files are absent.
fn sagemaker_reference() -> Option<(RuleSet, Vec<Json>)> {
    let dir = reference_dir();
    let rules = read_json(&dir.join("sagemaker-endpoint-rule-set.botocore.json"));
    let tests = read_json(&dir.join("sagemaker-endpoint-tests.botocore.json"));
    let (Some(rules), Some(tests)) = (rules, tests) else {
        println!(
            "skipping: ../shared not found ({} has no SageMaker endpoint files)",
            dir.display()
        );
        return None;
    };
    let rule_set = RuleSet::from_value(&rules).expect("SageMaker rule set parses");
    let cases = tests["testCases"].as_array().cloned().unwrap_or_default();
    Some((rule_set, cases))
}

#[test]
fn sagemaker_reference_cases() {
    let Some((rule_set, cases)) = sagemaker_reference() else {
        return;
    };
    let declared: Vec<&str> = rule_set
        .parameters()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    let outcome = run_cases(&cases, &declared, |p| rule_set.resolve(p));
    println!(
        "endpoint cases: {} passed, {} failed",
        outcome.passed,
        outcome.failures.len()
    );
    report("sagemaker (botocore rule set)", &outcome);
    assert_eq!(cases.len(), 47, "expected the 47 SageMaker cases");
    assert!(outcome.failures.is_empty(), "{:#?}", outcome.failures);
    assert!(outcome.unsupported.is_empty());
}

/// The rule set's only deviation from the standard scheme: FIPS hosts in
/// `aws` and `aws-us-gov` are `api-fips.sagemaker.{region}.amazonaws.com`.
const SAGEMAKER_FIPS: &[(&str, &str)] = &[
    ("aws", "api-fips.sagemaker.{region}.{dnsSuffix}"),
    ("aws-us-gov", "api-fips.sagemaker.{region}.{dnsSuffix}"),
];

#[test]
fn sagemaker_reference_cases_standard_scheme() {
    let Some((_, cases)) = sagemaker_reference() else {
        return;
    };
    let declared = ["Region", "UseFIPS", "UseDualStack", "Endpoint"];
    let plain = run_cases(&cases, &declared, |p| resolve_standard("api.sagemaker", p));
    println!(
        "endpoint cases (resolve_standard): {} passed, {} failed",
        plain.passed,
        plain.failures.len()
    );
    report("sagemaker via resolve_standard(\"api.sagemaker\")", &plain);
    // Every miss is a FIPS-only case in `aws` / `aws-us-gov`, where the
    // SageMaker rule set uses `api-fips.sagemaker.…` instead of the
    // standard `api.sagemaker-fips.…`.
    for f in &plain.failures {
        assert!(
            f.contains("https://api-fips.sagemaker."),
            "unexpected miss: {f}"
        );
    }
    assert_eq!(plain.passed, 41);
    assert_eq!(plain.failures.len(), 6);

    let scheme = StandardScheme {
        endpoint_prefix: "api.sagemaker",
        fips_hostname_overrides: SAGEMAKER_FIPS,
    };
    let tuned = run_cases(&cases, &declared, |p| resolve_standard_scheme(&scheme, p));
    report(
        "sagemaker via resolve_standard_scheme(+FIPS overrides)",
        &tuned,
    );
    assert!(tuned.failures.is_empty(), "{:#?}", tuned.failures);
}

#[test]
fn smithy_model_reference_cases() {
    let dir = reference_dir().join("models");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "skipping: ../shared not found ({} is missing)",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".smithy.json"))
        .collect();
    paths.sort();
    let total_failed: usize = paths.iter().map(|p| model_cases(p, true).1).sum();
    assert_eq!(total_failed, 0);
}

/// Every AWS JSON 1.0/1.1 service AWS publishes (`models/aws/`): its rule set parses and resolves
/// each of its own `smithy.rules#endpointTests` cases as the case expects.
#[test]
fn every_aws_json_model_passes_its_endpoint_tests() {
    let dir = reference_dir().join("models/aws");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!(
            "skipping: ../shared not found ({} is missing)",
            dir.display()
        );
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            std::fs::read_to_string(p).is_ok_and(|text| text.contains("\"aws.protocols#awsJson1_"))
        })
        .collect();
    paths.sort();
    let (mut services, mut cases, mut failed) = (0, 0, 0);
    for path in &paths {
        let (passed, missed) = model_cases(path, false);
        services += 1;
        cases += passed + missed;
        failed += missed;
    }
    println!("{services} AWS JSON services: {cases} endpoint cases, {failed} failed");
    assert!(
        services >= 100,
        "expected the published AWS JSON models, found {services}"
    );
    assert_eq!(failed, 0);
}

/// Runs the endpoint test cases of every service in the model at `path`; returns (passed,
/// failed), a rule set that does not parse counting as one failure. `verbose` reports every
/// service, else only those with failures.
fn model_cases(path: &std::path::Path, verbose: bool) -> (usize, usize) {
    let model = read_json(path).expect("model readable");
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shapes = model["shapes"].as_object().cloned().unwrap_or_default();
    let (mut passed, mut failed) = (0, 0);
    for (shape_id, shape) in shapes {
        if shape["type"] != "service" {
            continue;
        }
        let traits = &shape["traits"];
        let Some(rules) = traits.get("smithy.rules#endpointRuleSet") else {
            println!("{name} {shape_id}: no endpoint rule set");
            continue;
        };
        let rule_set = match RuleSet::from_value(rules) {
            Ok(rs) => rs,
            Err(e) => {
                println!("{name} {shape_id}: rule set rejected: {e}");
                failed += 1;
                continue;
            }
        };
        let cases = traits["smithy.rules#endpointTests"]["testCases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let declared: Vec<&str> = rule_set
            .parameters()
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let outcome = run_cases(&cases, &declared, |p| rule_set.resolve(p));
        passed += outcome.passed;
        failed += outcome.failures.len();
        if verbose || !outcome.failures.is_empty() {
            report(
                &format!(
                    "{name} ({} params: {})",
                    declared.len(),
                    declared.join(", ")
                ),
                &outcome,
            );
        }
    }
    (passed, failed)
}
