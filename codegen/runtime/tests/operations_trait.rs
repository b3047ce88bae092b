//! `operations_trait!` as a generated crate calls it: the trait it declares can be implemented by
//! a test double, and its implementation for `Client` calls each operation module's `send`.
#![cfg(feature = "client")]

use lean_aws_runtime::client::{Call, Config, Handle, SdkError, ServiceSpec};

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
        use lean_aws_runtime::client::{Call, Customization, Handle};

        #[derive(Debug, PartialEq)]
        pub struct GetThingInput(pub u32);
        #[derive(Debug, PartialEq)]
        pub struct GetThingOutput(pub String);
        #[derive(Debug)]
        pub struct GetThingError;

        pub(crate) fn send(
            handle: &Handle,
            input: GetThingInput,
            _customization: Customization,
        ) -> Call<GetThingOutput, GetThingError> {
            Call::ready(Ok(GetThingOutput(format!(
                "sent {} to {}",
                input.0,
                handle.config().region().unwrap_or("nowhere")
            ))))
        }
    }

    pub mod r#type {
        use lean_aws_runtime::client::{Call, Customization, Handle};

        pub struct TypeInput;
        pub struct TypeOutput;
        #[derive(Debug)]
        pub struct TypeError;

        pub(crate) fn send(
            _handle: &Handle,
            _input: TypeInput,
            _customization: Customization,
        ) -> Call<TypeOutput, TypeError> {
            Call::ready(Ok(TypeOutput))
        }
    }

    pub mod list_things {
        pub struct ListThingsInput;
        pub struct ListThingsOutput;
        #[derive(Debug)]
        pub struct ListThingsError;

        impl std::fmt::Display for ListThingsError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("list things failed")
            }
        }

        impl std::error::Error for ListThingsError {}

        // The client always has every operation; a double need not.
        pub(crate) fn send(
            _handle: &lean_aws_runtime::client::Handle,
            _input: ListThingsInput,
            _customization: lean_aws_runtime::client::Customization,
        ) -> lean_aws_runtime::client::Call<ListThingsOutput, ListThingsError> {
            unreachable!("only the double's default is called")
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
        /// An operation the double leaves out.
        list_things(ListThingsInput) -> ListThingsOutput, ListThingsError;
    }
}

/// A double that never touches the network, and implements only what its test needs.
struct Double;

impl ExampleApi for Double {
    fn get_thing(
        &self,
        input: operation::get_thing::GetThingInput,
    ) -> Call<operation::get_thing::GetThingOutput, operation::get_thing::GetThingError> {
        // An asynchronous answer, as a double that awaits something of its own would give.
        Call::from_future(async move {
            Ok(operation::get_thing::GetThingOutput(format!(
                "double got {}",
                input.0
            )))
        })
    }

    fn r#type(
        &self,
        _input: operation::r#type::TypeInput,
    ) -> Call<operation::r#type::TypeOutput, operation::r#type::TypeError> {
        Call::ready(Err(SdkError::construction_failure("the double refuses")))
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
    // Calls of the trait can be spawned: a `Call` is `Send` when its output and error are.
    let spawned = tokio::spawn(Double.get_thing(operation::get_thing::GetThingInput(3)));
    assert_eq!(spawned.await.unwrap().unwrap().0, "double got 3");
}

#[tokio::test]
async fn a_method_a_double_leaves_out_fails_naming_itself_without_sending() {
    let err = match Double
        .list_things(operation::list_things::ListThingsInput)
        .await
    {
        Ok(_) => panic!("the default answered"),
        Err(e) => e,
    };
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    let source = std::error::Error::source(&err)
        .expect("a cause")
        .to_string();
    assert_eq!(
        source,
        "`list_things` is not implemented by this implementation of the operations trait"
    );
}
