//! `operations_trait!` as a generated crate calls it: the trait it declares can be implemented by
//! a test double, and its implementation for `Client` calls each operation module's `send`.
#![cfg(feature = "client")]

use lean_aws_runtime::client::{Config, Handle, SdkError, ServiceSpec};

static SERVICE: ServiceSpec = ServiceSpec {
    target_prefix: "Example",
    json_version: "1.0",
    signing_name: "example",
    endpoint_prefix: "example",
    rule_set: None,
    sdk_id: "Example",
    api_version: "2024-01-01",
};

/// What a generated crate's operation modules look like to the macro.
mod operation {
    pub mod get_thing {
        use lean_aws_runtime::client::{Customization, Handle, SdkError};

        #[derive(Debug, PartialEq)]
        pub struct GetThingInput(pub u32);
        #[derive(Debug, PartialEq)]
        pub struct GetThingOutput(pub String);
        #[derive(Debug)]
        pub struct GetThingError;

        pub(crate) async fn send(
            handle: &Handle,
            input: GetThingInput,
            _customization: Customization,
        ) -> Result<GetThingOutput, SdkError<GetThingError>> {
            Ok(GetThingOutput(format!(
                "sent {} to {}",
                input.0,
                handle.config().region().unwrap_or("nowhere")
            )))
        }
    }

    pub mod r#type {
        use lean_aws_runtime::client::{Customization, Handle, SdkError};

        pub struct TypeInput;
        pub struct TypeOutput;
        #[derive(Debug)]
        pub struct TypeError;

        pub(crate) async fn send(
            _handle: &Handle,
            _input: TypeInput,
            _customization: Customization,
        ) -> Result<TypeOutput, SdkError<TypeError>> {
            Ok(TypeOutput)
        }
    }
}

pub struct Client {
    handle: Handle,
}

lean_aws_runtime::operations_trait! {
    /// The operations of Example Service.
    pub trait ExampleApi for Client {
        /// Calls `GetThing`.
        get_thing(GetThingInput) -> GetThingOutput, GetThingError;
        /// An operation whose module is a keyword.
        r#type(TypeInput) -> TypeOutput, TypeError if cfg(all());
        /// An operation whose feature is off: no such module exists, so this compiles only if
        /// the method is left out of the trait and of `Client`'s implementation.
        put_thing(PutThingInput) -> PutThingOutput, PutThingError if cfg(any());
    }
}

/// A double that never touches the network.
struct Double;

impl ExampleApi for Double {
    async fn get_thing(
        &self,
        input: operation::get_thing::GetThingInput,
    ) -> Result<operation::get_thing::GetThingOutput, SdkError<operation::get_thing::GetThingError>>
    {
        Ok(operation::get_thing::GetThingOutput(format!(
            "double got {}",
            input.0
        )))
    }

    async fn r#type(
        &self,
        _input: operation::r#type::TypeInput,
    ) -> Result<operation::r#type::TypeOutput, SdkError<operation::r#type::TypeError>> {
        Err(SdkError::construction_failure("the double refuses"))
    }
}

async fn call(api: &impl ExampleApi, n: u32) -> String {
    match api.get_thing(operation::get_thing::GetThingInput(n)).await {
        Ok(output) => output.0,
        Err(_) => "an error".to_owned(),
    }
}

#[tokio::test]
async fn client_calls_send_and_doubles_stand_in() {
    let client = Client {
        handle: Handle::new(Config::builder().region("eu-west-1").build(), &SERVICE),
    };
    assert_eq!(call(&client, 7).await, "sent 7 to eu-west-1");
    assert_eq!(call(&Double, 7).await, "double got 7");
    assert!(client.r#type(operation::r#type::TypeInput).await.is_ok());
    assert!(Double.r#type(operation::r#type::TypeInput).await.is_err());
}
