//! A program written the way aws-sdk-rust documents it, against `aws_sdk_sagemaker`: settings from
//! aws-config, both operations with structures, lists, maps, enums and tags, and the common ways
//! of handling errors. This source names only aws-sdk-rust's crates; the manifest points
//! `aws-sdk-sagemaker` at the generated crate, and that is the whole move. CI builds it; running
//! it calls SageMaker with the credentials aws-config finds.

use std::error::Error as StdError;
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_sdk_sagemaker::config::retry::RetryConfig;
use aws_sdk_sagemaker::config::timeout::TimeoutConfig;
use aws_sdk_sagemaker::config::{Builder, Region, StalledStreamProtectionConfig};
use aws_sdk_sagemaker::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_sagemaker::operation::RequestId;
use aws_sdk_sagemaker::operation::update_partner_app::{
    UpdatePartnerAppError, UpdatePartnerAppOutput,
};
use aws_sdk_sagemaker::operation::update_user_profile::UpdateUserProfileError;
use aws_sdk_sagemaker::types::{
    AppInstanceType, CustomImage, FeatureStatus, JupyterServerAppSettings,
    KernelGatewayAppSettings, NotebookOutputOption, PartnerAppConfig, PartnerAppMaintenanceConfig,
    RStudioServerProAccessStatus, RStudioServerProAppSettings, RStudioServerProUserGroup,
    ResourceSpec, SharingSettings, Tag, TimeSeriesForecastingSettings, UserSettings,
};
use aws_sdk_sagemaker::{Client, Config};

#[tokio::main]
async fn main() -> Result<(), Box<dyn StdError>> {
    let sdk_config = aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .load()
        .await;
    let client = Client::new(&sdk_config);

    // A client with settings of its own on top of the shared ones.
    let config: Config = Builder::from(&sdk_config)
        .region(Region::new("us-west-2"))
        .retry_config(RetryConfig::standard().with_max_attempts(5))
        .timeout_config(
            TimeoutConfig::builder()
                .operation_timeout(Duration::from_secs(30))
                .operation_attempt_timeout(Duration::from_secs(10))
                .read_timeout(Duration::from_secs(5))
                .build(),
        )
        .stalled_stream_protection(
            StalledStreamProtectionConfig::enabled()
                .grace_period(Duration::from_secs(10))
                .build(),
        )
        .build();
    let tuned = Client::from_conf(config);

    update_profile(&client).await;
    if let Err(e) = update_partner_app(&tuned).await {
        eprintln!("UpdatePartnerApp failed: {}", DisplayErrorContext(&e));
    }
    crate_error(&client).await?;
    enums();
    Ok(())
}

fn user_settings() -> UserSettings {
    UserSettings::builder()
        .execution_role("arn:aws:iam::123456789012:role/SageMakerExecution")
        .security_groups("sg-0123456789abcdef0")
        .security_groups("sg-0fedcba9876543210")
        .sharing_settings(
            SharingSettings::builder()
                .notebook_output_option(NotebookOutputOption::Allowed)
                .s3_output_path("s3://my-bucket/sharing")
                .build(),
        )
        .jupyter_server_app_settings(
            JupyterServerAppSettings::builder()
                .default_resource_spec(
                    ResourceSpec::builder()
                        .instance_type(AppInstanceType::MlT3Medium)
                        .build(),
                )
                .lifecycle_config_arns(
                    "arn:aws:sagemaker:us-east-1:123456789012:studio-lifecycle-config/cfg",
                )
                .build(),
        )
        .kernel_gateway_app_settings(
            KernelGatewayAppSettings::builder()
                .custom_images(
                    CustomImage::builder()
                        .image_name("my-image")
                        .image_version_number(2)
                        .app_image_config_name("my-config")
                        .build(),
                )
                .build(),
        )
        .r_studio_server_pro_app_settings(
            RStudioServerProAppSettings::builder()
                .access_status(RStudioServerProAccessStatus::Enabled)
                .user_group(RStudioServerProUserGroup::from("R_STUDIO_USER"))
                .build(),
        )
        .canvas_app_settings(
            aws_sdk_sagemaker::types::CanvasAppSettings::builder()
                .time_series_forecasting_settings(
                    TimeSeriesForecastingSettings::builder()
                        .status(FeatureStatus::Enabled)
                        .build(),
                )
                .build(),
        )
        .build()
}

/// The error idioms of aws-sdk-rust's guide: matching the service error, asking it what it is,
/// reading code, message and request id.
async fn update_profile(client: &Client) {
    let result = client
        .update_user_profile()
        .domain_id("d-abcdefghijkl")
        .user_profile_name("alice")
        .user_settings(user_settings())
        .customize()
        .mutate_request(|request| {
            request.headers_mut().insert("x-team", "data-science");
        })
        .send()
        .await;
    match result {
        Ok(output) => {
            println!(
                "updated {} (request {:?})",
                output.user_profile_arn().unwrap_or_default(),
                output.request_id()
            );
        }
        Err(SdkError::ServiceError(context)) => {
            let raw = context.raw();
            println!("HTTP {}", raw.status().as_u16());
            match context.err() {
                UpdateUserProfileError::ResourceNotFound(e) => {
                    println!("no such profile: {}", e.message().unwrap_or("(no message)"));
                }
                UpdateUserProfileError::ResourceInUse(_)
                | UpdateUserProfileError::ResourceLimitExceeded(_) => println!("try later"),
                other => println!("{:?}: {:?}", other.code(), other.message()),
            }
        }
        Err(e) => {
            if let Some(raw) = e.raw_response() {
                println!("status {}", raw.status());
            }
            let service = e.into_service_error();
            if service.is_resource_not_found() {
                println!("not found");
            } else if let Some(id) = service.request_id() {
                println!("request {id}: {}", service.meta());
            } else {
                eprintln!("{}", DisplayErrorContext(&service));
            }
        }
    }
}

async fn update_partner_app(
    client: &Client,
) -> Result<UpdatePartnerAppOutput, SdkError<UpdatePartnerAppError>> {
    let tags = vec![
        Tag::builder().key("team").value("ml").build(),
        Tag::builder().key("cost-center").value("1234").build(),
    ];
    let output = client
        .update_partner_app()
        .arn("arn:aws:sagemaker:us-east-1:123456789012:partner-app/app-ABCDEFGHIJKL")
        .maintenance_config(
            PartnerAppMaintenanceConfig::builder()
                .maintenance_window_start("Sun:02:00")
                .build(),
        )
        .tier("Standard")
        .application_config(
            PartnerAppConfig::builder()
                .admin_users("alice")
                .admin_users("bob")
                .arguments("TelemetryOptOut", "true")
                .build(),
        )
        .enable_iam_session_based_identity(true)
        .enable_auto_minor_version_upgrade(false)
        .app_version("1.2.0")
        .client_token("d0a6a6f4-9e6b-4f3a-9d8a-0c2b7f8b1d11")
        .set_tags(Some(tags))
        .send()
        .await?;
    println!("updated {:?}", output.arn());
    Ok(output)
}

/// `?` into the crate's own `Error`, then matching on it.
async fn crate_error(client: &Client) -> Result<(), aws_sdk_sagemaker::Error> {
    let outcome: Result<_, aws_sdk_sagemaker::Error> = client
        .update_user_profile()
        .domain_id("d-abcdefghijkl")
        .user_profile_name("bob")
        .send()
        .await
        .map_err(Into::into);
    match outcome {
        Ok(_) => Ok(()),
        Err(aws_sdk_sagemaker::Error::ResourceNotFound(e)) => {
            println!("gone: {e}");
            Ok(())
        }
        Err(e) => Err(e),
    }
}

/// Enums are open: unknown values survive, and matches need a catch-all.
fn enums() {
    let instance = AppInstanceType::from("ml.t3.medium");
    match instance {
        AppInstanceType::MlT3Medium => println!("a t3.medium"),
        AppInstanceType::MlG4DnXlarge | AppInstanceType::MlM5DLarge => println!("bigger"),
        other => println!("something else: {}", other.as_str()),
    }
    let parsed: AppInstanceType = "ml.p4d.24xlarge".parse().expect("parsing never fails");
    println!(
        "{} known values; {}",
        AppInstanceType::values().len(),
        parsed.as_str()
    );
    match AppInstanceType::try_parse("ml.unheard.of") {
        Ok(known) => println!("known: {known}"),
        Err(e) => println!("{e}"),
    }
}
