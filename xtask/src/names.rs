//! `cargo xtask names [--model PATH]`: every Rust name the generator gives a model, one per line,
//! tab-separated, for comparing with another SDK's names or looking one up:
//!
//! ```text
//! type       <shape ID>                <Rust type>
//! operation  <operation ID>            <module>  <input>  <output>  <error>
//! member     <shape ID>  <member>      <field or variant>
//! enum       <Rust type>  <wire value> <variant>
//! ```
//!
//! Operation inputs and outputs are listed as `type` lines under their shape IDs with their
//! per-operation names.

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use codegen::index::ShapeIndex;
use codegen::traits::EnumValue;

pub fn main(model: &Path) -> ExitCode {
    match run(model) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &Path) -> Result<String, String> {
    let model = codegen::output::read_model(path).map_err(|e| e.to_string())?;
    let index = ShapeIndex::build(&model, &[]).map_err(|e| e.to_string())?;
    let plan = codegen::check::check(&index).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for (id, slot) in &plan.types {
        let _ = writeln!(out, "type\t{id}\t{}", slot.name);
    }
    for (id, op) in &plan.operations {
        let _ = writeln!(
            out,
            "operation\t{id}\t{}\t{}\t{}\t{}",
            op.module, op.input, op.output, op.error
        );
        let shape = index.shape(id);
        for (target, name) in [(&shape.input, &op.input), (&shape.output, &op.output)] {
            if let Some(t) = target {
                let _ = writeln!(out, "type\t{}\t{name}", t.target);
            }
        }
    }
    for ((shape, member), field) in &plan.fields {
        let _ = writeln!(out, "member\t{shape}\t{member}\t{field}");
    }
    for (id, entries) in &plan.enums {
        let type_name = plan.types.get(id).map_or(id.as_str(), |t| t.name.as_str());
        for e in entries {
            let value = match &e.value {
                EnumValue::String(s) => s.clone(),
                EnumValue::Int(i) => i.to_string(),
            };
            let _ = writeln!(out, "enum\t{type_name}\t{value}\t{}", e.variant);
        }
    }
    Ok(out)
}
