//! The client resolves endpoints as SageMaker's endpoint tests expect: every case of
//! `../shared/reference/sagemaker-endpoint-tests.botocore.json`, read in place, through `Client`.
#![cfg(feature = "client")]

use std::path::PathBuf;

use sagemaker::{Client, Config};
use serde_json::Value;

#[test]
fn every_sagemaker_endpoint_case_resolves_as_expected() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/reference/sagemaker-endpoint-tests.botocore.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: ../shared not found ({})", path.display());
        return;
    };
    let doc: Value = serde_json::from_str(&text).expect("the endpoint test file is JSON");
    let cases = doc["testCases"].as_array().expect("testCases is a list");
    let (mut passed, mut failed) = (0, Vec::new());
    for case in cases {
        let params = &case["params"];
        let mut config = Config::builder()
            .use_fips(params["UseFIPS"].as_bool().unwrap_or(false))
            .use_dual_stack(params["UseDualStack"].as_bool().unwrap_or(false));
        if let Some(region) = params["Region"].as_str() {
            config = config.region(region);
        }
        if let Some(url) = params["Endpoint"].as_str() {
            config = config.endpoint_url(url);
        }
        let got = Client::from_conf(config.build()).endpoint();
        let expect = &case["expect"];
        let ok = match (
            expect["endpoint"]["url"].as_str(),
            expect["error"].as_str(),
            &got,
        ) {
            (Some(url), _, Ok(got)) => url == got,
            (_, Some(error), Err(got)) => got.contains(error),
            _ => false,
        };
        if ok {
            passed += 1;
        } else {
            failed.push(format!(
                "{}: expected {expect}, got {got:?}",
                case["documentation"]
            ));
        }
    }
    println!(
        "endpoint cases through the client: {passed} passed, {} failed",
        failed.len()
    );
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    assert_eq!(passed, 47, "the reference file has 47 cases");
}
