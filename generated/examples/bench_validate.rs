//! Validation speed, run by `cargo xtask bench` (in release mode): the time per `validate()` call
//! for a complete valid input and for hostile inputs aimed at the patterns that backtracking
//! engines take exponential time on. Prints one `name: N ns/call` line per case.

use std::hint::black_box;
use std::time::Instant;

use sagemaker::operation::update_partner_app::UpdatePartnerAppInput;
use sagemaker::operation::update_user_profile::UpdateUserProfileInput;
use sagemaker::types::{
    AppInstanceType, CodeRepository, JupyterServerAppSettings, ResourceSpec, Tag, UserSettings,
};

fn with_repository(url: &str) -> UpdateUserProfileInput {
    UpdateUserProfileInput::builder()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .user_settings(
            UserSettings::builder()
                .jupyter_server_app_settings(
                    JupyterServerAppSettings::builder()
                        .code_repositories(CodeRepository::builder().repository_url(url).build())
                        .build(),
                )
                .build(),
        )
        .build()
        .expect("inputs build")
}

fn full_user_profile() -> UpdateUserProfileInput {
    UpdateUserProfileInput::builder()
        .domain_id("d-abc123")
        .user_profile_name("alice")
        .user_settings(
            UserSettings::builder()
                .execution_role("arn:aws:iam::123456789012:role/studio")
                .security_groups("sg-0123456789abcdef0")
                .security_groups("sg-0123456789abcdef1")
                .jupyter_server_app_settings(
                    JupyterServerAppSettings::builder()
                        .default_resource_spec(
                            ResourceSpec::builder()
                                .instance_type(AppInstanceType::System)
                                .sage_maker_image_arn(
                                    "arn:aws:sagemaker:us-east-1:123456789012:image/my-image",
                                )
                                .build(),
                        )
                        .code_repositories(
                            CodeRepository::builder()
                                .repository_url("https://github.com/example/repo")
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .build()
        .expect("inputs build")
}

fn partner_app(tier: &str) -> UpdatePartnerAppInput {
    UpdatePartnerAppInput::builder()
        .arn("arn:aws:sagemaker:us-east-1:123456789012:partner-app/app-ABCDEFGHIJKL")
        .tier(tier)
        .tags(Tag::builder().key("team").value("ml").build())
        .build()
        .expect("inputs build")
}

/// Runs `f` until about 200 ms have passed and returns nanoseconds per call.
fn time(mut f: impl FnMut() -> bool) -> f64 {
    // Warm up: builds the lazily compiled patterns.
    black_box(f());
    let mut calls = 0u64;
    let started = Instant::now();
    while started.elapsed().as_millis() < 200 {
        for _ in 0..16 {
            black_box(f());
        }
        calls += 16;
    }
    started.elapsed().as_nanos() as f64 / calls as f64
}

fn main() {
    let valid = full_user_profile();
    let hostile_run = with_repository(&format!("https://{}!", "a".repeat(1015)));
    let hostile_nested = with_repository(&format!("https://{}!", "a/".repeat(507)));
    let blank_tier = partner_app(&" ".repeat(64));
    assert!(valid.validate().is_ok());
    assert!(hostile_run.validate().is_err());
    assert!(hostile_nested.validate().is_err());
    assert!(blank_tier.validate().is_err());
    for (name, ns) in [
        (
            "valid UpdateUserProfile input",
            time(|| valid.validate().is_ok()),
        ),
        (
            "hostile RepositoryUrl, 1 KiB run",
            time(|| hostile_run.validate().is_ok()),
        ),
        (
            "hostile RepositoryUrl, 1 KiB nested",
            time(|| hostile_nested.validate().is_ok()),
        ),
        (
            "blank Tier (lookahead pattern)",
            time(|| blank_tier.validate().is_ok()),
        ),
    ] {
        println!("{name}: {ns:.0} ns/call");
    }
}
