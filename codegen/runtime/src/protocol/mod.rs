//! What each AWS protocol needs beyond the per-shape code generated for it: one module per wire
//! format. AWS JSON 1.0/1.1 is the first; restJson1, restXml, awsQuery and rpcv2Cbor would sit
//! beside it, each with the generator module (`codegen/src/emit/protocol/`) that calls it.

pub mod aws_json;
