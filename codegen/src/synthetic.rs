//! Synthetic models of a chosen shape, for the tests and benchmarks that hold the generator to its
//! bounds: values nested as deep as allowed (or one level more), and services as wide as asked.
//!
//! Every model is one AWS JSON 1.1 service, `synthetic#Synthetic`, whose operations' inputs hold
//! the shapes described, each with constraints so that validators are generated for every level.

use serde_json::{Map, Value, json};

use crate::Model;

/// The deepest a model's values may nest (the runtime's JSON reading depth): the depth of the
/// deepest synthetic models that still generate.
pub use lean_aws_runtime::json::MAX_DEPTH;

/// How the synthetic service's values are shaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synthetic {
    /// `DeepLists`: an input holding a list of lists … of strings, nesting `depth` levels in all
    /// (the input structure is one).
    DeepLists { depth: usize },
    /// `DeepStructures`: an input holding a structure holding a structure …, nesting `depth`
    /// levels in all.
    DeepStructures { depth: usize },
    /// `Wide`: one operation whose input has `width` members, each a structure of its own.
    Wide { width: usize },
}

impl Synthetic {
    /// The model, as JSON AST text.
    pub fn json(self) -> String {
        let mut shapes = Map::new();
        let mut input_members = Map::new();
        let string = "synthetic#Text";
        shapes.insert(
            string.into(),
            json!({"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 64}}}),
        );
        match self {
            Synthetic::DeepLists { depth } => {
                // The input is level 1; lists make up the rest.
                let mut target = string.to_owned();
                for level in 1..depth {
                    let id = format!("synthetic#List{level}");
                    shapes.insert(
                        id.clone(),
                        json!({"type": "list", "member": {"target": target},
                               "traits": {"smithy.api#length": {"max": 8}}}),
                    );
                    target = id;
                }
                input_members.insert("Value".into(), json!({"target": target}));
            }
            Synthetic::DeepStructures { depth } => {
                let mut target = string.to_owned();
                for level in 1..depth {
                    let id = format!("synthetic#Level{level}");
                    shapes.insert(
                        id.clone(),
                        json!({"type": "structure", "members": {
                            "Inner": {"target": target},
                            "Name": {"target": string, "traits": {"smithy.api#required": {}}}
                        }}),
                    );
                    target = id;
                }
                input_members.insert("Value".into(), json!({"target": target}));
            }
            Synthetic::Wide { width } => {
                for i in 0..width {
                    let id = format!("synthetic#Part{i}");
                    shapes.insert(
                        id.clone(),
                        json!({"type": "structure", "members": {
                            "Name": {"target": string, "traits": {"smithy.api#required": {}}},
                            "Count": {"target": "smithy.api#Integer",
                                      "traits": {"smithy.api#range": {"min": 0, "max": 9}}}
                        }}),
                    );
                    input_members.insert(format!("Part{i}"), json!({"target": id}));
                }
            }
        }
        shapes.insert(
            "synthetic#RunInput".into(),
            json!({"type": "structure", "traits": {"smithy.api#input": {}},
                   "members": Value::Object(input_members)}),
        );
        shapes.insert(
            "synthetic#Run".into(),
            json!({"type": "operation", "input": {"target": "synthetic#RunInput"},
                   "output": {"target": "smithy.api#Unit"}}),
        );
        shapes.insert(
            "synthetic#Synthetic".into(),
            json!({"type": "service", "version": "2026-01-01",
                   "operations": [{"target": "synthetic#Run"}],
                   "traits": {"aws.protocols#awsJson1_1": {},
                              "aws.api#service": {"sdkId": "Synthetic"},
                              "aws.auth#sigv4": {"name": "synthetic"}}}),
        );
        json!({"smithy": "2.0", "shapes": Value::Object(shapes)}).to_string()
    }

    /// The model, read.
    ///
    /// # Panics
    ///
    /// Never for the models this module writes; a failure is a bug here.
    pub fn model(self) -> Model {
        let text = self.json();
        Model::from_json_sources([("synthetic.json", text.as_str())])
            .unwrap_or_else(|e| panic!("a synthetic model always reads:\n{e}"))
    }
}
