//! Calls UpdateUserProfile against an endpoint of your choice, for example a local mock:
//!
//! ```sh
//! cargo run -p sagemaker --example update_user_profile -- http://127.0.0.1:8080
//! ```
//!
//! Credentials and region come from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//! `AWS_SESSION_TOKEN`, `AWS_REGION`); without them, placeholder credentials and `us-east-1` are
//! used, which a local mock accepts. Without an argument the request goes to SageMaker itself.

#[cfg(not(feature = "client"))]
fn main() {
    eprintln!("this example calls the service: build it with the `client` feature (the default)");
}

#[cfg(feature = "client")]
#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    use sagemaker::config::{Credentials, RetryConfig};
    use sagemaker::types::{AppInstanceType, JupyterServerAppSettings, ResourceSpec, UserSettings};
    use sagemaker::{Client, Config};

    let mut config = Config::builder().retry_config(RetryConfig::standard().with_max_attempts(2));
    config = match std::env::var("AWS_REGION") {
        Ok(region) => config.region(region),
        Err(_) => config.region("us-east-1"),
    };
    if std::env::var("AWS_ACCESS_KEY_ID").is_err() {
        config = config.credentials_provider(Credentials::new(
            "AKIDLOCAL",
            "local-secret",
            None,
            None,
            "example",
        ));
    } else {
        config = config.credentials_provider(sagemaker::config::EnvironmentCredentials::new());
    }
    if let Some(url) = std::env::args().nth(1) {
        config = config.endpoint_url(url);
    }
    let client = Client::from_conf(config.build());
    println!("sending to {}", client.endpoint()?);

    let settings = UserSettings::builder()
        .execution_role("arn:aws:iam::123456789012:role/studio")
        .jupyter_server_app_settings(
            JupyterServerAppSettings::builder()
                .default_resource_spec(
                    ResourceSpec::builder()
                        .instance_type(AppInstanceType::System)
                        .build(),
                )
                .build(),
        )
        .build();
    match client
        .update_user_profile()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .user_settings(settings)
        .send()
        .await
    {
        Ok(output) => println!("updated: {:?}", output.user_profile_arn()),
        Err(err) => {
            eprintln!("failed: {err}");
            if let Some(service_error) = err.as_service_error() {
                eprintln!("service error code: {:?}", service_error.code());
            }
            std::process::exit(1);
        }
    }
    Ok(())
}
