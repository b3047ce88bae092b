//! The endpoint tests a model carries (`smithy.rules#endpointTests`) that name operations
//! (`operationInputs`), run through the generated client: each case configures a client with its
//! built-ins, builds the operation's input from its parameters, sends it to an HTTP client that
//! records the request, and checks where it went (URL and signing scope) or the error the call
//! failed with before anything was sent. The rules engine runs every case of every model on its
//! own elsewhere; here the client's part is checked too: that operations bind the parameters
//! their input holds (`@contextParam`, `@operationContextParams`) and the configuration its
//! built-ins (region, FIPS, dual-stack, custom endpoint, account ID and its mode).
//!
//! `cargo xtask all-models` writes one program, `endpoint_tests`, with a module per service, and
//! runs it; what the modules share is `xtask/programs/endpoint_tests_common.rs`. Besides the model's cases, [`OURS`] adds cases of our own where the model has none:
//! DynamoDB's transactions and batch writes, whose endpoints come from paths into their inputs.

use std::fmt::Write as _;

use codegen::index::ShapeIndex;
use codegen::model::Model;
use serde_json::Value;

use crate::values::Gen;

/// Cases of our own, by the crate of the service they are for, in the models' format. The
/// expected URLs follow DynamoDB's rules: the account of the first ARN the path gives.
const OURS: &[(&str, &str)] = &[(
    "aws_dynamodb",
    r#"[
  {"documentation": "ours: TransactWriteItems routes by its first item's table, whatever the action",
   "expect": {"endpoint": {"url": "https://444444444444.ddb.us-east-1.amazonaws.com"}},
   "operationInputs": [{"builtInParams": {"AWS::Region": "us-east-1",
                                          "AWS::Auth::AccountIdEndpointMode": "preferred"},
     "operationName": "TransactWriteItems",
     "operationParams": {"TransactItems": [
       {"Update": {"TableName": "arn:aws:dynamodb:us-east-1:444444444444:table/a",
                   "Key": {"pk": {"S": "1"}}, "UpdateExpression": "SET v = :v"}},
       {"ConditionCheck": {"TableName": "arn:aws:dynamodb:us-east-1:555555555555:table/b",
                           "Key": {"pk": {"S": "2"}}, "ConditionExpression": "attribute_exists(pk)"}}]}}]},
  {"documentation": "ours: TransactWriteItems with the account mode disabled",
   "expect": {"endpoint": {"url": "https://dynamodb.us-east-1.amazonaws.com"}},
   "operationInputs": [{"builtInParams": {"AWS::Region": "us-east-1",
                                          "AWS::Auth::AccountIdEndpointMode": "disabled"},
     "operationName": "TransactWriteItems",
     "operationParams": {"TransactItems": [
       {"Delete": {"TableName": "arn:aws:dynamodb:us-east-1:444444444444:table/a",
                   "Key": {"pk": {"S": "1"}}}}]}}]},
  {"documentation": "ours: TransactGetItems routes by its table",
   "expect": {"endpoint": {"url": "https://666666666666.ddb.us-east-1.amazonaws.com"}},
   "operationInputs": [{"builtInParams": {"AWS::Region": "us-east-1",
                                          "AWS::Auth::AccountIdEndpointMode": "required"},
     "operationName": "TransactGetItems",
     "operationParams": {"TransactItems": [
       {"Get": {"TableName": "arn:aws:dynamodb:us-east-1:666666666666:table/c",
                "Key": {"pk": {"S": "3"}}}}]}}]},
  {"documentation": "ours: BatchWriteItem routes by the keys of its request map",
   "expect": {"endpoint": {"url": "https://777777777777.ddb.us-west-2.amazonaws.com"}},
   "operationInputs": [{"builtInParams": {"AWS::Region": "us-west-2",
                                          "AWS::Auth::AccountId": "111111111111",
                                          "AWS::Auth::AccountIdEndpointMode": "preferred"},
     "operationName": "BatchWriteItem",
     "operationParams": {"RequestItems": {
       "arn:aws:dynamodb:us-west-2:777777777777:table/d": [
         {"PutRequest": {"Item": {"pk": {"S": "4"}}}}]}}}]}
]"#,
)];

/// The cases of one service, as a module of the `endpoint_tests` program.
pub struct Module {
    /// The generated crate, which names the module too.
    pub crate_name: String,
    pub cases: usize,
    pub source: String,
}

/// The module running the model's cases that name operations, and ours, for the crate
/// `crate_name`; `None` when there are none.
pub fn module(model: &Model, crate_name: &str) -> Result<Option<Module>, String> {
    let mut cases: Vec<Value> = model
        .shapes
        .values()
        .filter_map(|s| s.traits.get("smithy.rules#endpointTests"))
        .filter_map(|t| t.get("testCases").and_then(Value::as_array))
        .flatten()
        .filter(|c| c.get("operationInputs").is_some())
        .cloned()
        .collect();
    for (name, text) in OURS {
        if *name == crate_name {
            let ours: Vec<Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
            cases.extend(ours);
        }
    }
    if cases.is_empty() {
        return Ok(None);
    }
    let index = ShapeIndex::build(model, &[]).map_err(|e| e.to_string())?;
    let plan = codegen::check::check(&index).map_err(|e| e.to_string())?;
    let g = Gen {
        model,
        plan: &plan,
        nan: std::cell::Cell::new(false),
    };
    let mut source = format!(
        "//! The endpoint tests of `{crate_name}`.\n\nuse {crate_name} as p;\n\nuse crate::common::{{Expect, Recorder, check, credentials}};\n\n\
         /// Runs every case: how many ran, and what failed.\n\
         pub async fn run() -> (usize, Vec<String>) {{\n    let mut failures = Vec::new();\n"
    );
    let mut count = 0;
    for (n, case) in cases.iter().enumerate() {
        let doc = case
            .get("documentation")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let expect = expectation(case).map_err(|e| format!("case {n} ({doc}): {e}"))?;
        for input in case["operationInputs"].as_array().into_iter().flatten() {
            let body = call(&g, input, &expect).map_err(|e| format!("case {n} ({doc}): {e}"))?;
            count += 1;
            let _ = write!(
                source,
                "    // {}\n    if let Some(problem) = {{\n{}\n    }} {{\n        failures.push(format!(\"case {n} ({{}}): {{problem}}\", {doc:?}));\n    }}\n",
                doc.replace('\n', " "),
                indent(&body, 8),
            );
        }
    }
    let _ = write!(source, "    ({count}, failures)\n}}\n");
    Ok(Some(Module {
        crate_name: crate_name.to_owned(),
        cases: count,
        source,
    }))
}

/// `Expect::…` for the case's `expect`.
fn expectation(case: &Value) -> Result<String, String> {
    let expect = &case["expect"];
    if let Some(error) = expect.get("error").and_then(Value::as_str) {
        return Ok(format!("Expect::Error({error:?})"));
    }
    let endpoint = expect
        .get("endpoint")
        .ok_or("expects neither an endpoint nor an error")?;
    let url = endpoint["url"]
        .as_str()
        .ok_or("expects an endpoint without a URL")?;
    let mut headers = Vec::new();
    for (name, values) in endpoint
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for v in values.as_array().into_iter().flatten() {
            let v = v.as_str().ok_or("a header value that is not a string")?;
            headers.push(format!("({name:?}, {v:?})"));
        }
    }
    // The signing scope the call must use: the first scheme the client signs with.
    let scope = endpoint
        .pointer("/properties/authSchemes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|s| s["name"] == "sigv4")
        .map(|s| {
            let region = s["signingRegion"].as_str().map(|r| format!("{r:?}"));
            let name = s["signingName"].as_str().map(|n| format!("{n:?}"));
            format!(
                "Some(({}, {}))",
                region.map_or("None".into(), |r| format!("Some({r})")),
                name.map_or("None".into(), |n| format!("Some({n})"))
            )
        })
        .unwrap_or_else(|| "None".to_owned());
    Ok(format!(
        "Expect::Endpoint {{ url: {url:?}, headers: &[{}], scope: {scope} }}",
        headers.join(", ")
    ))
}

/// A block evaluating to the problem with one operation input's call, if any.
fn call(g: &Gen<'_>, input: &Value, expect: &str) -> Result<String, String> {
    let name = input["operationName"]
        .as_str()
        .ok_or("an operation input without `operationName`")?;
    let (op, names) = g
        .plan
        .operations
        .iter()
        .find(|(_, n)| n.wire_name == name)
        .ok_or_else(|| format!("names `{name}`, which the crate does not have"))?;
    let mut config = String::from("p::Config::builder()");
    let mut account = "None".to_owned();
    for (built_in, v) in input
        .get("builtInParams")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let text = || {
            v.as_str()
                .map(|s| format!("{s:?}"))
                .ok_or_else(|| format!("`{built_in}` is not a string"))
        };
        let flag = || {
            v.as_bool()
                .ok_or_else(|| format!("`{built_in}` is not a boolean"))
        };
        match built_in.as_str() {
            "AWS::Region" => {
                let _ = write!(config, ".region({})", text()?);
            }
            "AWS::UseFIPS" => {
                let _ = write!(config, ".use_fips({})", flag()?);
            }
            "AWS::UseDualStack" => {
                let _ = write!(config, ".use_dual_stack({})", flag()?);
            }
            "SDK::Endpoint" => {
                let _ = write!(config, ".endpoint_url({})", text()?);
            }
            "AWS::Auth::AccountIdEndpointMode" => {
                let _ = write!(
                    config,
                    ".account_id_endpoint_mode({}.parse().expect(\"a mode\"))",
                    text()?
                );
            }
            "AWS::Auth::AccountId" => account = format!("Some({})", text()?),
            other => {
                return Err(format!(
                    "sets `{other}`, which the configuration has no setting for"
                ));
            }
        }
    }
    if input
        .get("clientParams")
        .and_then(Value::as_object)
        .is_some_and(|p| !p.is_empty())
    {
        return Err("sets client parameters, which the configuration has no setting for".into());
    }
    let input_id = &g.model.shapes[op.as_str()]
        .input
        .as_ref()
        .ok_or_else(|| format!("`{name}` has no input"))?
        .target;
    let params = input
        .get("operationParams")
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    let builder = g.builder(
        input_id,
        &format!("p::operation::{}::{}", names.module, names.input),
        &params,
    )?;
    Ok(format!(
        "let recorder = Recorder::new();\n\
         let config = {config}\n    .credentials_provider(credentials({account}))\n    .http_client(recorder.clone())\n    .build();\n\
         let client = p::Client::from_conf(config);\n\
         let input = async {{\n    Ok::<_, String>({})\n}}\n.await;\n\
         match input {{\n    Ok(input) => check(&recorder, input.send_with(&client).await, {expect}),\n    Err(e) => Some(format!(\"the input does not build: {{e}}\")),\n}}",
        indent(&builder, 4).trim_start()
    ))
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The program's `main.rs` and its shared module, for these service modules.
pub fn program(modules: &[Module]) -> String {
    let mut out = String::from(
        "//! The endpoint tests of the published models that name operations, run through the\n\
         //! generated clients (written by `cargo xtask all-models`).\n\nmod common;\n",
    );
    for m in modules {
        let _ = writeln!(out, "mod {};", m.crate_name);
    }
    out.push_str(
        "\n#[tokio::main(flavor = \"current_thread\")]\nasync fn main() {\n    let mut failed = false;\n",
    );
    for m in modules {
        let _ = write!(
            out,
            "    let (ran, failures) = {0}::run().await;\n    \
             println!(\"{0}: {{}} of {{ran}} endpoint tests pass through the generated client\", ran - failures.len());\n    \
             for f in &failures {{\n        eprintln!(\"  {0}: {{f}}\");\n    }}\n    \
             failed |= !failures.is_empty();\n",
            m.crate_name
        );
    }
    out.push_str("    if failed {\n        std::process::exit(1);\n    }\n}\n");
    out
}
